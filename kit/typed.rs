// SPDX-License-Identifier: GPL-2.0

//! Typed probes: handlers that receive the probed function's own arguments, as jprobes did
//! (removed in Linux 4.15), with the prototype checked against the kernel's C declaration at
//! build time.
//!
//! C header: [`include/linux/kprobes.h`](srctree/include/linux/kprobes.h)
//!
//! A module declares the probed function's prototype once, with [`prototype!`]: that makes a
//! struct of the function's arguments (a [`Call`]), which the handlers receive, decoded from
//! the registers at the function's entry. Kbuild reads the declarations from the modules'
//! sources and has bindgen declare each function from the header the declaration names,
//! with the kernel's C flags; [`prototype!`] then makes rustc compare the two. A prototype
//! that differs from the C declaration in any argument or in the return type does not build
//! (`error[E0308]: mismatched types`, naming the function), nor does one of a function that
//! the header does not declare. This is what the C tracepoints do with
//! `check_trace_callback_type_*()` (`include/linux/tracepoint.h`).
//!
//! An [`EntryProbe`] calls an [`Entry`] handler with the arguments of each call (a kprobe on
//! the function's first instruction); a [`ReturnProbe`] calls a [`Return`] handler with the
//! arguments at entry and the typed return value at return (a kretprobe).
//!
//! What can be declared: functions whose arguments are integers, `bool` and pointers, all
//! passed in registers (at most [`Regs::ARGS`]), returning one of those or nothing. The
//! types must be in `kernel::bindings` (the kernel crate's bindings), where the C
//! declaration finds them. A function the compiler inlined everywhere, or renamed
//! (`NAME.isra.0`), cannot be probed by name; a clone's arguments may also differ from the
//! C declaration, which is why typed probes go on the declared symbol only.

use crate::kprobes::{
    kprobe::{
        self,
        Probe, //
    },
    kretprobe,
    Enable,
    FromRegister,
    Regs,
    SetupError,
    Target, //
};
use kernel::{
    error::VTABLE_DEFAULT_ERROR,
    prelude::*, //
};

#[doc(inline)]
pub use crate::prototype;

/// The arguments of a call of a C function declared with [`prototype!`]: a struct with one
/// field per argument, named as in the prototype.
///
/// Implemented by [`prototype!`], which checks the prototype against the C declaration.
pub trait Call: Copy {
    /// The name of the function, where the probes go.
    const NAME: &'static CStr;

    /// What the function returns: an integer or a pointer, or `()` for `void`.
    type Return: ReturnValue;

    /// Decodes the arguments from the registers at the function's entry: [`None`] only if the
    /// calling convention did not pass them all in registers, which [`prototype!`] refuses at
    /// build time.
    fn from_regs(regs: &Regs) -> Option<Self>;
}

/// What a C function returns, as a [`Call::Return`]: an integer or a pointer
/// ([`FromRegister`]), or `()` for a `void` function.
pub trait ReturnValue: Sized {
    /// Reads the value from the registers at the function's return.
    fn from_return(regs: &Regs) -> Self;
}

impl<T: FromRegister> ReturnValue for T {
    #[inline(always)]
    fn from_return(regs: &Regs) -> Self {
        regs.return_value()
    }
}

impl ReturnValue for () {
    #[inline(always)]
    fn from_return(_regs: &Regs) {}
}

/// Reads the arguments of a call one after the other, for [`prototype!`].
#[doc(hidden)]
pub struct ArgReader<'a> {
    regs: &'a Regs,
    next: usize,
}

impl<'a> ArgReader<'a> {
    /// Starts at the first argument.
    #[inline(always)]
    pub fn new(regs: &'a Regs) -> Self {
        Self { regs, next: 0 }
    }

    /// Returns the next argument as a `T`.
    #[inline(always)]
    pub fn next_arg<T: FromRegister>(&mut self) -> Option<T> {
        let value = self.regs.arg(self.next);
        self.next += 1;
        value
    }
}

/// Declares the prototype of a C function to probe with typed handlers: `struct NAME = fn
/// C_NAME(ARG: TYPE, ...) -> RETURN;`, preceded by the header that declares the function in
/// C, `#[header = "..."]` (the path as `#include <...>` names it, or a path in this tree).
///
/// It defines `NAME`, a struct of the arguments, with one public field per argument, that
/// implements [`Call`]: the handlers of an [`EntryProbe`] or a [`ReturnProbe`] receive it.
///
/// The prototype is checked at build time against the C declaration, which Kbuild has bindgen
/// generate from the header: a prototype that differs in any type (the kernel's `c_int`,
/// `c_long`, ... are the C types; a `const T *` is a `*const T`, a `T *` a `*mut T`) or in the
/// number of arguments fails with `error[E0308]: mismatched types`, expecting the
/// declaration's `fn` type and naming the function. The check adds nothing to the module: it
/// is evaluated by the compiler only, and the module refers to no symbol of the function
/// (most probed functions are not exported). Kbuild reads the header and the function's name
/// from the module's source: keep `#[header = "..."]` on a line of its own, and `struct NAME =
/// fn C_NAME(` on one line.
///
/// # Examples
///
/// ```
/// use kernel::bindings::{
///     sockaddr_unsized,
///     socket, //
/// };
///
/// kit::typed::prototype! {
///     /// A call of `inet_bind()`.
///     #[header = "net/inet_common.h"]
///     struct InetBind = fn inet_bind(
///         sock: *mut socket,
///         uaddr: *mut sockaddr_unsized,
///         addr_len: c_int,
///     ) -> c_int;
/// }
///
/// // The handler gets `call.sock`, `call.uaddr` and `call.addr_len`.
/// # let _: Option<InetBind> = None;
/// ```
#[macro_export]
macro_rules! prototype {
    (@return) => { () };
    (@return $ret:ty) => { $ret };
    (
        $(#[doc = $doc:literal])*
        #[header = $header:literal]
        $vis:vis struct $name:ident = fn $function:ident(
            $($arg:ident: $type:ty),* $(,)?
        ) $(-> $ret:ty)?;
    ) => {
        $(#[doc = $doc])*
        #[doc = ""]
        #[doc = ::core::concat!(
            "The arguments of a call of `", ::core::stringify!($function), "()`, declared in `",
            $header, "`.",
        )]
        #[derive(Clone, Copy)]
        // A handler need not read every argument (`#[expect]` would fail when it does).
        #[allow(dead_code)]
        $vis struct $name {
            $(
                #[doc = ::core::concat!(
                    "`", ::core::stringify!($arg), ": ", ::core::stringify!($type), "`.",
                )]
                pub $arg: $type,
            )*
        }

        // The build-time checks; evaluated by the compiler only, they leave nothing in the
        // module (no reference to the function, which may not be exported).
        const _: () = {
            // The C declaration, which bindgen made from the header (see Kbuild).
            use $crate::bindings::$function;
            // A prototype that differs from it is a type mismatch here.
            let _prototype: unsafe extern "C" fn($($type),*) $(-> $ret)? = $function;
            ::core::assert!(
                [$(::core::stringify!($arg)),*].len() <= $crate::kprobes::Regs::ARGS,
                ::core::concat!(
                    "kit::typed::prototype!: `", ::core::stringify!($function),
                    "` has more arguments than this architecture passes in registers",
                ),
            );
        };

        impl $crate::kit::typed::Call for $name {
            const NAME: &'static ::kernel::str::CStr =
                ::kernel::c_str!(::core::stringify!($function));

            type Return = $crate::prototype!(@return $($ret)?);

            #[inline(always)]
            fn from_regs(regs: &$crate::kprobes::Regs) -> ::core::option::Option<Self> {
                let mut _args = $crate::kit::typed::ArgReader::new(regs);
                // Fields are evaluated in order: argument 0, 1, ...
                ::core::option::Option::Some(Self {
                    $($arg: _args.next_arg()?,)*
                })
            }
        }
    };
}

/// The handler of an [`EntryProbe`]: called at each call of a function, with its arguments.
///
/// # Context
///
/// As for [`kprobe::Handler::pre`]: it runs with preemption disabled, and on some
/// architectures and probe points with interrupts disabled too; it must not sleep, take a
/// mutex or allocate with `GFP_KERNEL`. Follow pointer arguments with
/// [`read_kernel`](crate::kprobes::read_kernel) or [`read_user`](crate::kprobes::read_user),
/// which do not fault.
pub trait Entry: Sync {
    /// The probed function, by the struct of its arguments (declared with [`prototype!`]).
    type Call: Call;

    /// Called at the entry of the function, before its first instruction executes, with the
    /// arguments of this call.
    fn entry(&self, call: Self::Call);
}

/// The handlers of a [`ReturnProbe`]: called at a function's entry with its arguments, and at
/// its return with the return value, with data carried from one to the other.
///
/// # Context
///
/// As for [`kretprobe::Handler`]: both run with preemption disabled; they must not sleep, take
/// a mutex or allocate with `GFP_KERNEL`.
#[vtable]
pub trait Return: Sync {
    /// The probed function, by the struct of its arguments (declared with [`prototype!`]).
    type Call: Call;

    /// Data kept for one call, from [`Return::entry`] to [`Return::ret`]: as
    /// [`kretprobe::Handler::Data`], whose size, alignment and absence of drop glue are
    /// checked at build time.
    type Data: Default + Send;

    /// Called at the entry of the function with the arguments of this call. Returns the data
    /// for this call, or [`None`] to ignore it (its return handler is then not called).
    ///
    /// Optional: without it, each call starts with `Data::default()`.
    fn entry(&self, _call: Self::Call) -> Option<Self::Data> {
        build_error!(VTABLE_DEFAULT_ERROR)
    }

    /// Called when the function returns, with what it returned.
    fn ret(&self, data: Self::Data, value: <Self::Call as Call>::Return);
}

/// A typed handler, as the untyped registrations call it.
#[pin_data]
pub(crate) struct Typed<H> {
    #[pin]
    handler: H,
}

impl<H> Typed<H> {
    fn new<E>(handler: impl PinInit<H, E>) -> impl PinInit<Self, E> {
        try_pin_init!(Self { handler <- handler }? E)
    }
}

#[vtable]
impl<H: Entry> kprobe::Handler for Typed<H> {
    #[inline]
    fn pre(&self, _probe: &Probe, regs: &Regs) {
        // A probe on the function's first instruction: the argument registers are the call's.
        if let Some(call) = H::Call::from_regs(regs) {
            self.handler.entry(call);
        }
    }
}

#[vtable]
impl<H: Return> kretprobe::Handler for Typed<H> {
    type Data = H::Data;

    // The C entry handler is needed for the typed one only (or to store non-empty data).
    const HAS_ENTRY: bool = H::HAS_ENTRY;

    #[inline]
    fn entry(&self, regs: &Regs) -> Option<H::Data> {
        self.handler.entry(H::Call::from_regs(regs)?)
    }

    #[inline]
    fn ret(&self, data: H::Data, regs: &Regs) {
        self.handler.ret(data, ReturnValue::from_return(regs));
    }
}

/// A kprobe on the entry of a function declared with [`prototype!`], calling an [`Entry`]
/// handler with the arguments of each call: a jprobe.
///
/// Dropping it removes the probe and waits for handlers still running.
///
/// # Examples
///
/// ```
/// # use kernel::bindings::{sockaddr_unsized, socket};
/// # use kit::typed;
/// # kit::typed::prototype! {
/// #     #[header = "net/inet_common.h"]
/// #     struct InetBind = fn inet_bind(
/// #         sock: *mut socket,
/// #         uaddr: *mut sockaddr_unsized,
/// #         addr_len: c_int,
/// #     ) -> c_int;
/// # }
/// struct Binds;
///
/// impl typed::Entry for Binds {
///     type Call = InetBind; // Declared with `prototype!` (see there).
///
///     fn entry(&self, call: InetBind) {
///         pr_info!("inet_bind() with addr_len {}\n", call.addr_len);
///     }
/// }
///
/// let probe = KBox::pin_init(typed::EntryProbe::new(Binds), GFP_KERNEL)?;
/// # assert!(probe.probe().is_some());
/// # Ok::<(), kprobes::SetupError>(())
/// ```
#[pin_data]
pub struct EntryProbe<H: Entry> {
    #[pin]
    inner: kprobe::Registration<Typed<H>>,
}

impl<H: Entry> EntryProbe<H> {
    /// Plants a kprobe on the entry of the function of `H::Call`, calling `handler`, and arms
    /// it.
    pub fn new<E>(handler: impl PinInit<H, E>) -> impl PinInit<Self, SetupError>
    where
        SetupError: From<E>,
    {
        let target = [Target::symbol(H::Call::NAME)];
        // No post handler: the kernel may optimize the probe into a jump.
        let options = kprobe::Options {
            post: false,
            ..Default::default()
        };
        try_pin_init!(Self {
            inner <- kprobe::Registration::new(target, options, Typed::new(handler)),
        }? SetupError)
    }

    /// Returns the handler.
    pub fn handler(&self) -> &H {
        &self.inner.handler().handler
    }

    /// Returns the planted probe.
    pub fn probe(&self) -> Option<&Probe> {
        // One target, one probe.
        self.inner.probes().next()
    }
}

impl<H: Entry> Enable for EntryProbe<H> {
    fn set_enabled(&self, enabled: bool) -> Result {
        self.inner.set_enabled(enabled)
    }
}

/// A kretprobe on a function declared with [`prototype!`], calling a [`Return`] handler with
/// the arguments of each call at its entry and with the return value at its return.
///
/// Dropping it removes the probe and waits for handlers still running.
///
/// # Examples
///
/// ```
/// # use kernel::bindings::{sockaddr_unsized, socket};
/// # use kit::typed;
/// # kit::typed::prototype! {
/// #     #[header = "net/inet_common.h"]
/// #     struct InetBind = fn inet_bind(
/// #         sock: *mut socket,
/// #         uaddr: *mut sockaddr_unsized,
/// #         addr_len: c_int,
/// #     ) -> c_int;
/// # }
/// # use kprobes::{kretprobe, read_kernel};
/// struct Results;
///
/// #[vtable]
/// impl typed::Return for Results {
///     type Call = InetBind;
///     type Data = u16;
///
///     fn entry(&self, call: InetBind) -> Option<u16> {
///         read_kernel::<[u8; 4]>(call.uaddr.addr()).map(|a| u16::from_be_bytes([a[2], a[3]]))
///     }
///
///     fn ret(&self, port: u16, value: c_int) {
///         pr_info!("bind to port {port} returned {value}\n");
///     }
/// }
///
/// let probe = KBox::pin_init(
///     typed::ReturnProbe::new(kretprobe::Options::default(), Results),
///     GFP_KERNEL,
/// )?;
/// # Ok::<(), kprobes::SetupError>(())
/// ```
#[pin_data]
pub struct ReturnProbe<H: Return> {
    #[pin]
    inner: kretprobe::Registration<Typed<H>>,
}

impl<H: Return> ReturnProbe<H> {
    /// Plants a return probe on the function of `H::Call`, calling `handler`, and arms it.
    pub fn new<E>(
        options: kretprobe::Options,
        handler: impl PinInit<H, E>,
    ) -> impl PinInit<Self, SetupError>
    where
        SetupError: From<E>,
    {
        let target = Target::symbol(H::Call::NAME);
        try_pin_init!(Self {
            inner <- kretprobe::Registration::new(target, options, Typed::new(handler)),
        }? SetupError)
    }

    /// Returns the handler.
    pub fn handler(&self) -> &H {
        &self.inner.handler().handler
    }

    /// Returns the address the probe was planted at (the function's entry).
    pub fn addr(&self) -> usize {
        self.inner.addr()
    }

    /// Returns the calls the probe missed so far.
    pub fn nmissed(&self) -> kretprobe::Missed {
        self.inner.nmissed()
    }
}

impl<H: Return> Enable for ReturnProbe<H> {
    fn set_enabled(&self, enabled: bool) -> Result {
        self.inner.set_enabled(enabled)
    }
}
