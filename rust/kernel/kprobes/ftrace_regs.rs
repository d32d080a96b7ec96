// SPDX-License-Identifier: GPL-2.0

//! The registers an ftrace callback sees: arguments at a function's entry, the return value at
//! its exit.
//!
//! C header: [`include/linux/ftrace.h`](srctree/include/linux/ftrace.h)
//!
//! `struct ftrace_regs` is not a `struct pt_regs`: each architecture saves only what a
//! function's entry and exit need (the argument registers, the return value, the instruction,
//! stack and frame pointers), in a layout of its own, and defines accessors for it
//! (`ftrace_regs_get_argument()`, ...). [`FtraceRegs`] reads it through those accessors, static
//! inlines and macros that Rust calls through C helpers.

use super::{
    bindings,
    FromRegister,
    Regs, //
};
use kernel::types::Opaque;

/// The registers of the CPU at an fprobe's entry or exit (the C `struct ftrace_regs`).
///
/// Handlers get a `&FtraceRegs` for the duration of the call; it cannot be kept.
///
/// # Invariants
///
/// A `&FtraceRegs` points to a valid `struct ftrace_regs` that is not written to while the
/// reference lives.
#[repr(transparent)]
pub struct FtraceRegs(Opaque<bindings::ftrace_regs>);

impl FtraceRegs {
    /// How many arguments [`FtraceRegs::arg`] decodes: those the C calling convention passes
    /// in registers, as for [`Regs::arg`] (6 on x86_64, 8 on arm64 and riscv64).
    pub const ARGS: usize = Regs::ARGS;

    /// Creates a reference to [`FtraceRegs`] from a C `struct ftrace_regs` pointer.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct ftrace_regs` that is not written to for the
    /// lifetime `'a`.
    pub(crate) unsafe fn from_raw<'a>(ptr: *mut bindings::ftrace_regs) -> &'a Self {
        // INVARIANT: The caller guarantees that `ptr` is valid and not written to for `'a`.
        // SAFETY: `FtraceRegs` is a transparent wrapper of `ftrace_regs`, and the caller
        // guarantees that `ptr` is valid for reads for `'a`.
        unsafe { &*ptr.cast::<Self>() }
    }

    fn as_ptr(&self) -> *mut bindings::ftrace_regs {
        self.0.get()
    }

    /// Returns argument `n` (from 0) of the function as a `T` (an integer or a pointer, see
    /// [`FromRegister`]), if it is passed in a register ([`FtraceRegs::ARGS`] of them), as
    /// `ftrace_regs_get_argument()` reads it: `regs.arg::<i32>(2)` for a C `int` third
    /// argument. Meaningful at the function's entry only.
    #[inline]
    pub fn arg<T: FromRegister>(&self, n: usize) -> Option<T> {
        if n >= Self::ARGS {
            return None;
        }
        // SAFETY: `self` is a valid `struct ftrace_regs` (type invariant); the accessor only
        // reads it.
        let value = unsafe { bindings::ftrace_regs_get_argument(self.as_ptr(), n as u32) };
        Some(T::from_register(value))
    }

    /// Returns the return value as a `T`, as `ftrace_regs_get_return_value()` reads it:
    /// `regs.return_value::<i32>()` for a C function returning `int`. Meaningful at the
    /// function's exit.
    #[inline]
    pub fn return_value<T: FromRegister>(&self) -> T {
        // SAFETY: As in `arg`.
        let value = unsafe { bindings::ftrace_regs_get_return_value(self.as_ptr()) };
        T::from_register(value)
    }

    /// Returns the instruction pointer (`ftrace_regs_get_instruction_pointer()`).
    #[inline]
    pub fn ip(&self) -> usize {
        // SAFETY: As in `arg`.
        unsafe { bindings::ftrace_regs_get_instruction_pointer(self.as_ptr()) }
    }

    /// Returns the stack pointer (`ftrace_regs_get_stack_pointer()`).
    #[inline]
    pub fn sp(&self) -> usize {
        // SAFETY: As in `arg`.
        unsafe { bindings::ftrace_regs_get_stack_pointer(self.as_ptr()) }
    }
}
