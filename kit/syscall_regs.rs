// SPDX-License-Identifier: GPL-2.0

//! The registers a task's system call entry saved, for the system call tracepoints.
//!
//! C header: [`include/asm-generic/syscall.h`](srctree/include/asm-generic/syscall.h)

use crate::{
    bindings,
    kprobes::{
        FromRegister,
        Regs, //
    },
};
use kernel::ffi::c_long;

/// Where each architecture's system call entry saves the number and the arguments, as its
/// `syscall_get_nr()` and `syscall_get_arguments()` read them (`asm/syscall.h`).
#[cfg(CONFIG_X86_64)]
mod arch {
    use crate::bindings::pt_regs;
    use core::mem::offset_of;

    /// rdi, rsi, rdx, r10, r8, r9.
    pub(super) const SYSCALL_ARGS: [usize; 6] = [
        offset_of!(pt_regs, di),
        offset_of!(pt_regs, si),
        offset_of!(pt_regs, dx),
        offset_of!(pt_regs, r10),
        offset_of!(pt_regs, r8),
        offset_of!(pt_regs, r9),
    ];

    /// `orig_ax`.
    pub(super) const SYSCALL_NR: usize = offset_of!(pt_regs, orig_ax);
}

#[cfg(CONFIG_ARM64)]
mod arch {
    use crate::bindings::{
        pt_regs,
        user_pt_regs, //
    };
    use core::mem::offset_of;

    const fn x(n: usize) -> usize {
        offset_of!(pt_regs, __bindgen_anon_1)
            + offset_of!(user_pt_regs, regs)
            + n * core::mem::size_of::<u64>()
    }

    /// `orig_x0`, then x1-x5: x0 gets the return value, `orig_x0` keeps the first argument
    /// (`el0_svc_common()` copies it there before the `__arm64_sys_*` wrapper runs).
    pub(super) const SYSCALL_ARGS: [usize; 6] =
        [offset_of!(pt_regs, orig_x0), x(1), x(2), x(3), x(4), x(5)];

    /// `syscallno`, an `s32`; the register read there holds it in its low 32 bits (the
    /// `u32 pmr` after it in the upper ones).
    pub(super) const SYSCALL_NR: usize = offset_of!(pt_regs, syscallno);
}

#[cfg(CONFIG_RISCV)]
mod arch {
    use crate::bindings::pt_regs;
    use core::mem::offset_of;

    /// a0-a7 sit in `struct_group(a_regs, ...)`, which bindgen makes an anonymous union.
    const fn a(n: usize) -> usize {
        offset_of!(pt_regs, __bindgen_anon_1) + n * core::mem::size_of::<usize>()
    }

    /// `orig_a0`, then a1-a5.
    pub(super) const SYSCALL_ARGS: [usize; 6] =
        [offset_of!(pt_regs, orig_a0), a(1), a(2), a(3), a(4), a(5)];

    /// a7.
    pub(super) const SYSCALL_NR: usize = a(7);
}

/// The registers of a task as its system call entry saved them, the `struct pt_regs *` of the
/// `sys_enter` and `sys_exit` tracepoints: the system call's number and arguments, read as
/// the kernel's `syscall_get_nr()` and `syscall_get_arguments()` read them on each
/// architecture.
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
            .map(|&offset| T::from_register(self.read(offset)))
    }

    /// Returns the system call number, as `syscall_get_nr()` does (`-1` for none): compare
    /// with `kernel::bindings::__NR_openat` and the other `__NR_*` constants, which number the
    /// native system calls; a compat one ([`SyscallRegs::is_compat`]) has numbers of its own.
    #[inline]
    pub fn nr(&self) -> c_long {
        // The number is an `int` on every architecture: the low 32 bits, sign-extended.
        self.read(arch::SYSCALL_NR) as i32 as c_long
    }

    /// Reads the register stored at byte offset `offset` of `struct pt_regs`.
    #[inline(always)]
    fn read(&self, offset: usize) -> usize {
        let regs: *const Self = self;
        // SAFETY: `SyscallRegs` is a transparent wrapper of `Regs`, itself one of `pt_regs`
        // (type invariant: valid, not written to meanwhile). Every offset comes from
        // `offset_of!` on `pt_regs` in `arch`, so the read is within it, aligned and of an
        // `unsigned long` register slot.
        unsafe { regs.cast::<u8>().add(offset).cast::<usize>().read() }
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
