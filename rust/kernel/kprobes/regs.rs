// SPDX-License-Identifier: GPL-2.0

//! CPU registers at a probe hit.
//!
//! C header: [`include/linux/ptrace.h`](srctree/include/linux/ptrace.h)
//!
//! The architecture's `struct pt_regs` is decoded through a small table per architecture
//! (`regs/<arch>.rs`): where each argument register, the return value, the instruction and
//! stack pointers and the flags register sit. Nothing else in this crate depends on the
//! architecture.

use super::bindings;
use kernel::types::Opaque;

#[cfg_attr(CONFIG_X86_64, path = "regs/x86_64.rs")]
#[cfg_attr(CONFIG_ARM64, path = "regs/arm64.rs")]
#[cfg_attr(CONFIG_RISCV, path = "regs/riscv64.rs")]
mod arch;

#[cfg(not(any(CONFIG_X86_64, CONFIG_ARM64, CONFIG_RISCV)))]
compile_error!("kprobes: no `Regs` decoding for this architecture; add one in regs/<arch>.rs");

/// The registers of the CPU at a probe hit (the C `struct pt_regs`).
///
/// Handlers get a `&Regs` for the duration of the call; it cannot be kept.
///
/// # Invariants
///
/// A `&Regs` points to a valid, initialized `struct pt_regs` that is not written to while the
/// reference lives.
#[repr(transparent)]
pub struct Regs(Opaque<bindings::pt_regs>);

impl Regs {
    /// How many arguments the C calling convention passes in registers and [`Regs::arg`]
    /// decodes (6 on x86_64, 8 on arm64 and riscv64).
    pub const ARGS: usize = arch::ARGS.len();

    /// The alignment of instructions (1 on x86_64, 4 on arm64, 2 on riscv64 with compressed
    /// instructions), a power of two: a probe offset must be a multiple of it.
    pub const INSN_ALIGN: usize = arch::INSN_ALIGN;

    /// The prefix of system call wrapper symbols (`__x64_sys_`, `__arm64_sys_`,
    /// `__riscv_sys_`): the function behind `execve(2)` is `__x64_sys_execve` on x86_64.
    pub const SYSCALL_PREFIX: &'static str = arch::SYSCALL_PREFIX;

    /// What the architecture calls its instruction pointer (`ip`, `pc`), as the kernel's
    /// `samples/kprobes` print it.
    pub const IP_NAME: &'static str = arch::IP_NAME;

    /// What the architecture calls its flags register (`flags`, `pstate`, `status`).
    pub const FLAGS_NAME: &'static str = arch::FLAGS_NAME;

    /// Creates a reference to [`Regs`] from a C `struct pt_regs` pointer.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct pt_regs` that is not written to for the lifetime
    /// `'a`.
    pub(crate) unsafe fn from_raw<'a>(ptr: *mut bindings::pt_regs) -> &'a Self {
        // INVARIANT: The caller guarantees that `ptr` is valid and not written to for `'a`.
        // SAFETY: `Regs` is a transparent wrapper of `pt_regs`, and the caller guarantees that
        // `ptr` is valid for reads for `'a`.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// Sets the instruction pointer in `ptr`, as the C `instruction_pointer_set()`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct pt_regs` that no [`Regs`] reference while it is
    /// written.
    #[cfg(CONFIG_KPROBES_ON_FTRACE)]
    pub(crate) unsafe fn set_ip(ptr: *mut bindings::pt_regs, ip: usize) {
        // SAFETY: `arch::IP` comes from `offset_of!` on `pt_regs`: the write is within `*ptr`,
        // aligned and of an `unsigned long` slot; `ptr` is valid for writes (safety
        // requirements).
        unsafe { ptr.cast::<u8>().add(arch::IP).cast::<usize>().write(ip) }
    }

    /// Reads the register stored at byte offset `offset` of `struct pt_regs`.
    #[inline(always)]
    fn read(&self, offset: usize) -> usize {
        // SAFETY: Every offset comes from `offset_of!` on `pt_regs` in the arch table, so the
        // read is within `self`, aligned and of an `unsigned long` register slot, initialized
        // and not written to meanwhile (type invariant).
        unsafe { self.0.get().cast::<u8>().add(offset).cast::<usize>().read() }
    }

    /// Returns argument `n` (from 0) of the probed function as a `T` (an integer or a
    /// pointer, see [`FromRegister`]), if the C calling convention passes it in a register
    /// ([`Regs::ARGS`] of them): `regs.arg::<i32>(2)` for a C `int` third argument.
    ///
    /// Only meaningful at a function's entry (a kprobe at offset 0, or a kretprobe entry
    /// handler): later instructions may already have overwritten the registers.
    ///
    /// System call wrappers (`__x64_sys_*`, `__arm64_sys_*`, `__riscv_sys_*`) take a single
    /// argument, a pointer to the user's saved registers; use [`Regs::syscall_arg`] there.
    #[inline]
    pub fn arg<T: FromRegister>(&self, n: usize) -> Option<T> {
        arch::ARGS
            .get(n)
            .map(|&offset| T::from_register(self.read(offset)))
    }

    /// Returns argument `n` of a system call as a `T`, when probing a system call wrapper
    /// such as `__x64_sys_openat` (whose only argument is a `struct pt_regs *`).
    ///
    /// The inner registers are read with `copy_from_kernel_nofault`, so a probe on a function
    /// that is not a wrapper gets a wrong value or [`None`], never a fault.
    pub fn syscall_arg<T: FromRegister>(&self, n: usize) -> Option<T> {
        let offset = *arch::SYSCALL_ARGS.get(n)?;
        let inner = self.arg::<usize>(0)?.checked_add(offset)?;
        super::read_kernel::<usize>(inner).map(T::from_register)
    }

    /// Returns the return value as a `T` (an integer or a pointer, see [`FromRegister`]):
    /// `regs.return_value::<i32>()` for a C function returning `int`. Meaningful in a
    /// kretprobe return handler.
    #[inline]
    pub fn return_value<T: FromRegister>(&self) -> T {
        T::from_register(self.read(arch::RETURN))
    }

    /// Returns the instruction pointer.
    #[inline]
    pub fn ip(&self) -> usize {
        self.read(arch::IP)
    }

    /// Returns the stack pointer.
    #[inline]
    pub fn sp(&self) -> usize {
        self.read(arch::SP)
    }

    /// Returns the flags register ([`Regs::FLAGS_NAME`] says which one).
    #[inline]
    pub fn flags(&self) -> usize {
        self.read(arch::FLAGS)
    }
}

/// A register of `struct pt_regs`, found by the name the architecture's assembler gives it
/// (`rdi` or `edi` on x86_64, `x0` or `w0` on arm64, `a0` on riscv64): what USDT argument specs
/// name ([`usdt`](super::usdt)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Register(usize);

impl Register {
    /// Returns the register named `name` (without x86's `%`), if the architecture has one
    /// that [`Regs`] holds.
    pub fn by_name(name: &str) -> Option<Self> {
        arch::register(name).map(Self)
    }
}

impl Regs {
    /// Returns the value of `reg`, the whole register (a narrower name such as `edi` takes
    /// its low bits from it).
    #[inline]
    pub fn get(&self, reg: Register) -> usize {
        self.read(reg.0)
    }
}

mod private {
    pub trait Sealed {}
}

/// What a register can be read as: the integer types, `bool` and raw pointers, as C passes
/// them.
///
/// An integer narrower than the register takes its low bits, where the calling convention
/// puts it: a C `int` argument is `regs.arg::<i32>(n)`, whatever the upper half holds (x86_64
/// and arm64 leave it unspecified, riscv64 sign-extends). A pointer is the register's value.
///
/// Sealed: only the layer implements it (as aya's `FromPtRegs`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from a register",
    label = "not an integer, `bool` or pointer",
    note = "arguments and return values are read as integers, `bool` and raw pointers; a \
            struct passed by value cannot be"
)]
pub trait FromRegister: private::Sealed + Copy {
    /// Converts the value of a register.
    fn from_register(value: usize) -> Self;
}

macro_rules! from_register_integers {
    ($($t:ty),*) => {$(
        impl private::Sealed for $t {}

        impl FromRegister for $t {
            #[inline(always)]
            fn from_register(value: usize) -> Self {
                // The low bits, as the calling convention passes a narrower integer; the same
                // bits reinterpreted for a signed one.
                value as $t
            }
        }
    )*};
}

from_register_integers!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl private::Sealed for bool {}

impl FromRegister for bool {
    #[inline(always)]
    fn from_register(value: usize) -> Self {
        // A C `bool` is passed as 0 or 1 in the low byte; the other bits are unspecified.
        value as u8 != 0
    }
}

impl<T> private::Sealed for *const T {}

impl<T> FromRegister for *const T {
    #[inline(always)]
    fn from_register(value: usize) -> Self {
        core::ptr::with_exposed_provenance(value)
    }
}

impl<T> private::Sealed for *mut T {}

impl<T> FromRegister for *mut T {
    #[inline(always)]
    fn from_register(value: usize) -> Self {
        core::ptr::with_exposed_provenance_mut(value)
    }
}

/// Formats the first `n` function arguments as ` arg0=0x.. arg1=0x..`; see
/// [`Regs::display_args`].
pub struct DisplayArgs<'a>(&'a Regs, usize);

impl Regs {
    /// Returns a formatter of the first `n` arguments (at most [`Regs::ARGS`]), which prints
    /// them as ` arg0=0x1 arg1=0x2`.
    pub fn display_args(&self, n: usize) -> DisplayArgs<'_> {
        DisplayArgs(self, n.min(Self::ARGS))
    }
}

impl kernel::fmt::Display for DisplayArgs<'_> {
    fn fmt(&self, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
        for i in 0..self.1 {
            write!(f, " arg{}={:#x}", i, self.0.arg::<usize>(i).unwrap_or(0))?;
        }
        Ok(())
    }
}
