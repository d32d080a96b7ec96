// SPDX-License-Identifier: GPL-2.0

//! The module kit: what the out-of-tree modules share beyond the abstractions, and what the
//! patch series never ships.
//!
//! The abstractions, `kernel::kprobes` of the series, are `rust/kernel/kprobes/`, the files as
//! the series ships them. Out of tree they are a module of each crate, declared here
//! ([`kprobes`]), with the bindings they read as `crate::bindings` ([`bindings`]: the kernel
//! crate's, and what Kbuild generates from `bindings_helper.h`). Each module crate includes
//! the kit at its root, and takes both names from it:
//!
//! ```text
//! #[path = "kit/mod.rs"]
//! mod kit;
//! use kit::{
//!     bindings,
//!     kprobes, //
//! };
//! ```
//!
//! [`stats`] has counters and a log2 histogram to update on every hit, and
//! [`debugfs::InDebugfs`] shows them in debugfs; [`module_params!`](crate::module_params)
//! declares string and numeric module parameters, which the `module!` macro does not offer,
//! and [`toggle::EnabledByParam`] arms and disarms probes (anything
//! [`Enable`](kprobes::Enable)) from a writable one.
//!
//! [`typed`] probes hand their handlers the probed function's own arguments, declared once
//! with a prototype that the build checks against the kernel's C declaration.
//!
//! [`tracepoint::Registration`] attaches a [`tracepoint::Handler`] to a kernel tracepoint,
//! called with the tracepoint's own typed arguments (declared with [`tracepoint::declare!`],
//! checked at build time like typed probes); [`tracepoint::events`] declares some, such as
//! `sched_process_exec` and `sys_enter`, whose registers are [`SyscallRegs`]. [`PerTask`]
//! carries data from one handler call of a task to a later one (from `sys_enter` to
//! `sys_exit`).
//!
//! On a kernel before 7.3, the abstractions are built from a copy in which
//! `kit/compat_before_7_3.rs` replaces their `compat.rs` (`kit/version.mk`).

#[cfg_attr(not(kernel_before_7_3), path = "../rust/kernel/kprobes/mod.rs")]
#[cfg_attr(kernel_before_7_3, path = "kprobes_before_7_3/mod.rs")]
pub mod kprobes;

// Crate-visible for `prototype!`, which checks prototypes against its declarations.
pub(crate) mod bindings;
pub mod debugfs;
pub mod module_params;
mod pertask;
mod print_limit;
pub mod stats;
mod syscall_regs;
pub mod toggle;
pub mod tracepoint;
pub mod typed;

pub use pertask::PerTask;
pub use print_limit::PrintLimit;
pub use syscall_regs::SyscallRegs;
