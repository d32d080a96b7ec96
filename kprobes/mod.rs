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
//! [`stats`] has counters and a log2 histogram to update on every hit, and
//! [`debugfs::InDebugfs`] shows them in debugfs; [`module_params!`](crate::module_params)
//! declares string and numeric module parameters, which the `module!` macro does not offer,
//! and [`toggle::EnabledByParam`] arms and disarms probes (anything [`Enable`]) from a
//! writable one.
//!
//! [`typed`] probes hand their handlers the probed function's own arguments, declared once
//! with a prototype that the build checks against the kernel's C declaration.
//!
//! An [`fprobe::Registration`] attaches an [`fprobe::Handler`] to the entry and exit of
//! every function a glob matches (or of a list of names) at once, through ftrace, with typed
//! data carried from entry to exit and the registers seen as [`FtraceRegs`].
//!
//! [`tracepoint::Registration`] attaches a [`tracepoint::Handler`] to a kernel tracepoint,
//! called with the tracepoint's own typed arguments (declared with [`tracepoint::declare!`],
//! checked at build time like typed probes); [`tracepoints`] declares some, such as
//! `sched_process_exec` and `sys_enter`. [`PerTask`] carries data from one handler call of a
//! task to a later one (from `sys_enter` to `sys_exit`).
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
//!
//! Out of tree, each module crate includes this directory with
//! `#[path = "kprobes/mod.rs"] pub mod kprobes;`. `make patches` turns the layer into
//! `kernel::kprobes` of a kernel patch series (scripts/make-patches): a `//!` paragraph that
//! starts with "Out of tree", as this one, is left out there.

// Crate-visible for `prototype!`, which checks prototypes against its declarations.
pub(crate) mod bindings;
mod compat;
mod context;
pub mod debugfs;
mod error;
pub mod fprobe;
mod ftrace_regs;
pub mod kprobe;
pub mod kretprobe;
pub mod param;
mod params_macro;
mod pertask;
mod placement;
mod print_limit;
mod probe;
mod regs;
pub mod stats;
mod symbols;
mod target;
// The KUnit tests (`CONFIG_RUST_KPROBES_KUNIT_TEST`; out of tree, in tests/selftest.rs only).
#[cfg(CONFIG_RUST_KPROBES_KUNIT_TEST)]
pub(crate) mod tests;
pub mod toggle;
pub mod tracepoint;
pub mod tracepoints;
pub mod typed;
#[cfg(CONFIG_UPROBES)]
pub mod uprobe;
#[cfg(CONFIG_UPROBES)]
pub mod usdt;
mod user;

pub use context::{
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
pub use error::{
    InspectInitErr,
    SetupError, //
};
pub use ftrace_regs::FtraceRegs;
pub use pertask::PerTask;
pub use print_limit::PrintLimit;
pub use probe::Enable;
pub use regs::{
    syscall::SyscallRegs,
    FromRegister,
    Register,
    Regs, //
};
pub use symbols::Symbols;
pub use target::Target;
