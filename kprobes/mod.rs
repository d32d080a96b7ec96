// SPDX-License-Identifier: GPL-2.0

//! Kprobes and kretprobes for Rust modules.
//!
//! C header: [`include/linux/kprobes.h`](srctree/include/linux/kprobes.h)
//!
//! A [`kprobe::Registration`] plants breakpoints on kernel instructions and calls a
//! [`kprobe::Handler`] before (and optionally after) each of them executes. A
//! [`kretprobe::Registration`] calls a [`kretprobe::Handler`] when a function returns, with
//! typed data carried from its entry. Handlers see the CPU registers through [`Regs`], and
//! may call what [`read_kernel`], [`read_user`], [`current_comm`], [`Filter`] and
//! [`Timestamp`] offer, which neither sleep nor fault. [`stats`] has counters and a log2
//! histogram to update on every hit and a way to publish them in debugfs;
//! [`module_params!`](crate::module_params) declares string and numeric module parameters,
//! which the `module!` macro does not offer, and [`param::Switch`] arms and disarms probes
//! from a writable one.
//!
//! See `Documentation/trace/kprobes.rst` for how the mechanism works.
//!
//! Each module crate includes this directory with `#[path = "kprobes/mod.rs"] pub mod kprobes;`.

mod bindings;
mod compat;
mod context;
pub mod kprobe;
pub mod kretprobe;
pub mod param;
mod regs;
pub mod stats;
mod target;

use kernel::prelude::*;

pub use context::{
    current_comm,
    dump_stack,
    read_kernel,
    read_user,
    read_user_str,
    Comm,
    Filter,
    Timestamp, //
};
pub use regs::Regs;
pub use target::{
    Symbols,
    Target, //
};

/// Turns an initializer failing with `E` into one failing with [`Error`], so that handlers
/// can be given as plain values (whose initializers cannot fail).
fn into_error_init<T, E>(init: impl PinInit<T, E>) -> impl PinInit<T, Error>
where
    Error: From<E>,
{
    // SAFETY: The closure initializes `slot` exactly as `init` does: on success it is fully
    // initialized, on error it is not, and only the error value is converted.
    unsafe {
        pin_init::pin_init_from_closure(move |slot| {
            compat::pinned_init(init, slot).map_err(Error::from)
        })
    }
}
