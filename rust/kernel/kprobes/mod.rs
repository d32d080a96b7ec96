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
//! [`Timestamp`] offer, which neither sleep nor fault.
//!
//! An [`fprobe::Registration`] attaches an [`fprobe::Handler`] to the entry and exit of
//! every function a glob matches (or of a list of names) at once, through ftrace, with typed
//! data carried from entry to exit and the registers seen as [`FtraceRegs`].
//!
//! A [`uprobe::Registration`] calls a [`uprobe::Handler`] when a user program executes an
//! instruction of a file, or returns from the function starting there, with typed data
//! carried from entry to return; [`usdt`] decodes the arguments of USDT probes.
//!
//! The layer logs nothing: setting a probe up fails with a [`SetupError`], which carries the
//! errno and a message naming the problem and what to try, for the module to print once. The
//! one exception is a destructor, which has no error to return: should the kernel fail to
//! unregister a kprobe or kretprobe, the registration warns that it leaked the probe.
//!
//! See `Documentation/trace/kprobes.rst` for how the mechanism works.

mod compat;
mod error;
pub mod fprobe;
mod ftrace_regs;
mod in_handler;
pub mod kprobe;
pub mod kretprobe;
mod landing_checks;
mod raw_probe;
mod regs;
mod symbols;
mod target;
// The KUnit tests (`CONFIG_RUST_KPROBES_KUNIT_TEST`; out of tree, in tests/selftest.rs only).
#[cfg(CONFIG_RUST_KPROBES_KUNIT_TEST)]
pub(crate) mod tests;
#[cfg(CONFIG_UPROBES)]
pub mod uprobe;
#[cfg(CONFIG_UPROBES)]
pub mod usdt;
mod user;

use crate::bindings;

pub use error::{
    InspectInitErr,
    SetupError, //
};
pub use ftrace_regs::FtraceRegs;
pub use in_handler::{
    current_comm,
    dump_stack,
    read_kernel,
    read_user,
    read_user_str,
    Comm,
    Filter,
    TaskExt,
    Timestamp, //
};
pub use raw_probe::Enable;
pub use regs::{
    FromRegister,
    Register,
    Regs, //
};
pub use symbols::Symbols;
pub use target::Target;
