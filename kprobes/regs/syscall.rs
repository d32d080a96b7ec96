// SPDX-License-Identifier: GPL-2.0

//! The registers a task's system call entry saved, for the system call tracepoints.
//!
//! C header: [`include/asm-generic/syscall.h`](srctree/include/asm-generic/syscall.h)

use super::{
    arch,
    bindings,
    FromRegister,
    Regs, //
};
use kernel::ffi::c_long;

/// The registers of a task as its system call entry saved them, the `struct pt_regs *` of the
/// `sys_enter` and `sys_exit` tracepoints: the system call's number and arguments, read as
/// the kernel's `syscall_get_nr()` and `syscall_get_arguments()` read them on each
/// architecture (`regs/<arch>.rs`).
///
/// Handlers get a `&SyscallRegs` for the duration of a call; it cannot be kept.
///
/// # Invariants
///
/// As for [`Regs`]: a `&SyscallRegs` points to a valid `struct pt_regs`, here the one a
/// task's system call entry saved, not written to while the reference lives.
#[repr(transparent)]
pub struct SyscallRegs(Regs);

impl SyscallRegs {
    /// Creates a reference to [`SyscallRegs`] from the `struct pt_regs` pointer a system call
    /// tracepoint passes.
    ///
    /// # Safety
    ///
    /// `ptr` must point to the registers saved at a system call's entry, valid and not written
    /// to for the lifetime `'a`.
    pub(crate) unsafe fn from_raw<'a>(ptr: *mut bindings::pt_regs) -> &'a Self {
        // SAFETY: `SyscallRegs` is a transparent wrapper of `Regs`, itself one of `pt_regs`;
        // the caller guarantees that `ptr` is valid and not written to for `'a`.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// Returns argument `n` (from 0 to 5) of the system call as a `T` (an integer or a
    /// pointer, see [`FromRegister`]): `regs.arg::<usize>(1)` for the file name pointer of
    /// `openat(2)`. At `sys_exit` the arguments are still those of the call, as
    /// `syscall_get_arguments()` reads them, unless the system call changed them (`execve`
    /// replaces all registers).
    #[inline]
    pub fn arg<T: FromRegister>(&self, n: usize) -> Option<T> {
        arch::SYSCALL_ARGS
            .get(n)
            .map(|&offset| T::from_register(self.0.read(offset)))
    }

    /// Returns the system call number, as `syscall_get_nr()` does (`-1` for none): compare
    /// with `kernel::bindings::__NR_openat` and the other `__NR_*` constants, which number the
    /// native system calls; a compat one ([`SyscallRegs::is_compat`]) has numbers of its own.
    #[inline]
    pub fn nr(&self) -> c_long {
        // The number is an `int` on every architecture: the low 32 bits, sign-extended.
        self.0.read(arch::SYSCALL_NR) as i32 as c_long
    }

    /// Returns whether the system call is a compat one, which a 32-bit task makes on a 64-bit
    /// kernel (`in_compat_syscall()`): its number ([`SyscallRegs::nr`]) is not a native one,
    /// `__NR_*`, nor are its arguments laid out as the native call's. The system call
    /// tracepoints pass the registers of the current task's system call, which this asks about.
    #[inline]
    pub fn is_compat(&self) -> bool {
        // SAFETY: A C helper without preconditions, about the current task.
        unsafe { bindings::in_compat_syscall() }
    }

    /// Returns the system call's return value as a `T`: meaningful at `sys_exit`.
    #[inline]
    pub fn return_value<T: FromRegister>(&self) -> T {
        self.0.return_value()
    }

    /// Returns the user's instruction pointer, after the system call instruction.
    #[inline]
    pub fn ip(&self) -> usize {
        self.0.ip()
    }

    /// Returns the user's stack pointer.
    #[inline]
    pub fn sp(&self) -> usize {
        self.0.sp()
    }
}
