// SPDX-License-Identifier: GPL-2.0

//! Why a probe could not be set up, in words that say what to try.
//!
//! The layer does not log its errors: it returns a [`SetupError`], which carries the errno and
//! a message naming the problem, and whoever handles it prints it once, in the C samples'
//! words:
//!
//! ```
//! # use kernel::kprobes::{kprobe, InspectInitErr, Regs, Target};
//! # struct Hits;
//! # #[vtable]
//! # impl kprobe::Handler for Hits {
//! #     fn pre(&self, _probe: &kprobe::Probe, _regs: &Regs) {}
//! # }
//! let probe = kprobe::Registration::new(
//!     [Target::symbol(c"no_such_function")],
//!     kprobe::Options::default(),
//!     Hits,
//! )
//! .inspect_err(|e| pr_err!("register_kprobe failed, returned {}: {e}\n", e.to_errno()));
//! # let probe = KBox::pin_init(probe, GFP_KERNEL);
//! # assert!(probe.is_err_and(|e| e == ENOENT));
//! ```

use super::{
    compat::{
        eaddrnotavail,
        eilseq, //
    },
    Target, //
};
use core::convert::Infallible;
use kernel::{
    alloc::AllocError,
    fmt,
    prelude::*,
    str::CString, //
};

/// An error setting up a probe: the errno, and a message that names the problem and says
/// what to try (`kernel_clone+0x1: the offset is not on an instruction boundary: ...`).
///
/// It displays as its message (or the errno's name, when it has none) and converts into
/// [`Error`] for `?`.
pub struct SetupError {
    error: Error,
    // `None` when the error came without one, or when formatting it ran out of memory.
    message: Option<CString>,
}

impl SetupError {
    /// An error with a message.
    pub fn new(error: Error, message: fmt::Arguments<'_>) -> Self {
        Self {
            error,
            message: CString::try_from_fmt(message).ok(),
        }
    }

    /// An error at `target`, explained by what `error` means there: `target: why`.
    pub(crate) fn at(target: Target<'_>, error: Error, why: fmt::Arguments<'_>) -> Self {
        Self::new(error, fmt!("{target}: {why}"))
    }

    /// Registering a probe at `target` failed with `error`: the message gives the likely cause.
    pub(crate) fn registering(target: Target<'_>, error: Error) -> Self {
        let hint = match error {
            e if e == ENOENT => {
                "not found in kallsyms: check /proc/kallsyms; the function may be inlined, or \
                 renamed by the compiler (e.g. NAME.isra.0, NAME.constprop.0)"
            }
            e if e == EINVAL => {
                "this address cannot be probed: the function is blacklisted \
                 (/sys/kernel/debug/kprobes/blacklist), noinstr/notrace, or not kernel text"
            }
            e if e == eilseq() => {
                "the offset is not on an instruction boundary: disassemble the function and \
                 pick an instruction start"
            }
            e if e == eaddrnotavail() => {
                "the name is ambiguous (several symbols have it): probe by address instead"
            }
            e if e == EEXIST => "already probed by this registration",
            _ => "see Documentation/trace/kprobes.rst",
        };
        Self::at(target, error, fmt!("{hint}"))
    }

    /// Returns the error.
    pub fn error(&self) -> Error {
        self.error
    }

    /// Returns the errno, negative.
    pub fn to_errno(&self) -> c_int {
        self.error.to_errno()
    }
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Some(message) => fmt::Display::fmt(&**message, f),
            None => f.write_fmt(fmt!("{:?}", self.error)),
        }
    }
}

impl fmt::Debug for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_fmt(fmt!("{:?}: {}", self.error, self))
    }
}

impl From<Error> for SetupError {
    fn from(error: Error) -> Self {
        Self {
            error,
            message: None,
        }
    }
}

impl From<AllocError> for SetupError {
    fn from(e: AllocError) -> Self {
        Error::from(e).into()
    }
}

impl From<Infallible> for SetupError {
    fn from(e: Infallible) -> Self {
        match e {}
    }
}

impl From<SetupError> for Error {
    fn from(e: SetupError) -> Self {
        e.error
    }
}

/// [`Result::inspect_err`] for initializers: lets a module print an initializer's error,
/// for example in [`InPlaceModule::init`](kernel::InPlaceModule::init).
pub trait InspectInitErr<T, E>: PinInit<T, E> + Sized {
    /// Calls `f` with the error, if initializing fails.
    fn inspect_err(self, f: impl FnOnce(&E)) -> impl PinInit<T, E> {
        // SAFETY: The closure initializes `slot` exactly as `self` does: on success it is fully
        // initialized, on error it is not; the error is only looked at.
        unsafe {
            pin_init::pin_init_from_closure(move |slot| {
                super::compat::pinned_init(self, slot).inspect_err(f)
            })
        }
    }
}

impl<T, E, I: PinInit<T, E>> InspectInitErr<T, E> for I {}
