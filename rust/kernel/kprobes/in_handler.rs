// SPDX-License-Identifier: GPL-2.0

//! What handlers may call: helpers that neither sleep nor fault.

use super::error::SetupError;
use core::mem::{
    size_of,
    MaybeUninit, //
};
use kernel::{
    bindings,
    prelude::*,
    task::Task,
    transmute::FromBytes, //
};

/// Reads a `T` from kernel memory at `addr`, or returns [`None`] if it cannot be read.
///
/// Uses `copy_from_kernel_nofault`: a bad address gives [`None`], never a fault, and the
/// call does not sleep, so handlers can follow pointers found in registers.
pub fn read_kernel<T: FromBytes>(addr: usize) -> Option<T> {
    let mut value = MaybeUninit::<T>::uninit();
    // SAFETY: `value` is valid for writes of `size_of::<T>()` bytes. The function checks the
    // source range and reports an error instead of faulting.
    let ret = unsafe {
        bindings::copy_from_kernel_nofault(
            value.as_mut_ptr().cast::<c_void>(),
            addr as *const c_void,
            size_of::<T>(),
        )
    };
    // SAFETY: On success every byte of `value` was written, and `T: FromBytes` is valid for
    // any bytes.
    (ret == 0).then(|| unsafe { value.assume_init() })
}

/// Reads a `T` from the current task's user memory at `addr`, or returns [`None`] if it
/// cannot be read without faulting a page in.
///
/// Uses `copy_from_user_nofault`: it neither sleeps nor faults, so handlers can read what
/// user space passed to a system call. Pages that are not resident read as [`None`].
pub fn read_user<T: FromBytes>(addr: usize) -> Option<T> {
    let mut value = MaybeUninit::<T>::uninit();
    // SAFETY: `value` is valid for writes of `size_of::<T>()` bytes; the function checks
    // that the source is user memory and fails instead of faulting.
    let ret = unsafe {
        bindings::copy_from_user_nofault(
            value.as_mut_ptr().cast::<c_void>(),
            addr as *const c_void,
            size_of::<T>(),
        )
    };
    // SAFETY: On success every byte of `value` was written, and `T: FromBytes` is valid for
    // any bytes.
    (ret == 0).then(|| unsafe { value.assume_init() })
}

/// Reads a NUL-terminated string from the current task's user memory at `addr` into `buf`,
/// as [`read_user`] does. Returns the bytes before the NUL (truncated to the buffer), or
/// [`None`] if nothing could be read.
pub fn read_user_str(addr: usize, buf: &mut [u8]) -> Option<&[u8]> {
    const PAGE: usize = kernel::page::PAGE_SIZE;
    let mut len = 0;
    while len < buf.len() {
        let at = addr.checked_add(len)?;
        // Never cross a page in one read: the string may end before an unmapped page.
        let n = (PAGE - at % PAGE).min(buf.len() - len);
        let chunk = &mut buf[len..len + n];
        // SAFETY: `chunk` is valid for writes of `n` bytes; the source is checked as above.
        let ret = unsafe {
            bindings::copy_from_user_nofault(chunk.as_mut_ptr().cast(), at as *const c_void, n)
        };
        if ret != 0 {
            return (len > 0).then(|| &buf[..len]);
        }
        if let Some(nul) = chunk.iter().position(|&c| c == 0) {
            return Some(&buf[..len + nul]);
        }
        len += n;
    }
    Some(buf)
}

/// Prints the current stack trace to the kernel log, as the C `dump_stack()`.
pub fn dump_stack() {
    // SAFETY: `dump_stack` has no preconditions and does not sleep.
    unsafe { bindings::dump_stack() }
}

/// The name of a task (`task_struct.comm`), as a copy.
#[derive(Clone, Copy)]
pub struct Comm([u8; bindings::TASK_COMM_LEN as usize]);

impl Comm {
    /// Returns the name as bytes, without the terminating NUL.
    pub fn as_bytes(&self) -> &[u8] {
        let len = self.0.iter().position(|&c| c == 0).unwrap_or(self.0.len());
        &self.0[..len]
    }
}

impl kernel::fmt::Display for Comm {
    fn fmt(&self, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
        kernel::fmt::Display::fmt(kernel::str::BStr::from_bytes(self.as_bytes()), f)
    }
}

/// Returns the name of the current task.
///
/// Another thread may rename the task meanwhile; the copy is then a mix of both names,
/// still NUL-terminated, as with C's `current->comm`.
pub fn current_comm() -> Comm {
    // SAFETY: The current task is valid while it runs.
    unsafe { comm_of(Task::current_raw()) }
}

/// Copies the name of `task`.
///
/// # Safety
///
/// `task` is valid for the duration of the call.
unsafe fn comm_of(task: *const bindings::task_struct) -> Comm {
    const LEN: usize = bindings::TASK_COMM_LEN as usize;
    let mut comm = [0u8; LEN];
    for (i, c) in comm.iter_mut().enumerate().take(LEN - 1) {
        // SAFETY: `task` is valid (safety requirements), and `comm` is an array of
        // `TASK_COMM_LEN` bytes in it; racing renames are tolerated with volatile reads.
        *c = unsafe { core::ptr::read_volatile((&raw const (*task).comm).cast::<u8>().add(i)) };
    }
    Comm(comm)
}

/// What handlers read of a task that [`Task`] does not offer, such as the tasks that
/// tracepoints pass (`SchedProcessFork::child`).
pub trait TaskExt {
    /// Returns the task's name (`comm`), as a copy: see [`current_comm`].
    fn comm(&self) -> Comm;

    /// Returns the task's priority (`prio`), as the scheduler's tracepoints print it: 120 for
    /// a task of nice 0, lower for higher priorities.
    fn prio(&self) -> c_int;
}

impl TaskExt for Task {
    fn comm(&self) -> Comm {
        // SAFETY: `self` is a valid task while borrowed.
        unsafe { comm_of(self.as_ptr()) }
    }

    fn prio(&self) -> c_int {
        // SAFETY: `self` is a valid task while borrowed; the scheduler changes `prio` under its
        // locks (priority inheritance, `sched_setattr()`), read here like `READ_ONCE`.
        unsafe { core::ptr::read_volatile(&raw const (*self.as_ptr()).prio) }
    }
}

/// Which tasks a handler reports: a process id and a task name, each optional. Checking it
/// costs a couple of loads and compares.
#[derive(Clone, Copy)]
pub struct Filter {
    tgid: i32,
    comm: Option<Comm>,
}

impl Filter {
    /// Matches the process `tgid` (0: any) and tasks named `comm` (empty: any). A negative
    /// `tgid`, which no process has, is refused.
    pub fn new(tgid: i32, comm: &CStr) -> Result<Self, SetupError> {
        if tgid < 0 {
            return Err(SetupError::new(
                EINVAL,
                fmt!("pid={tgid}: process ids are positive: give the process's pid (0: any)"),
            ));
        }
        let bytes = comm.to_bytes();
        if bytes.len() >= bindings::TASK_COMM_LEN as usize {
            return Err(SetupError::new(
                EINVAL,
                fmt!(
                    "comm={comm}: task names have at most {} bytes",
                    bindings::TASK_COMM_LEN - 1
                ),
            ));
        }
        let mut name = [0u8; bindings::TASK_COMM_LEN as usize];
        name[..bytes.len()].copy_from_slice(bytes);
        Ok(Self {
            tgid,
            comm: (!bytes.is_empty()).then_some(Comm(name)),
        })
    }

    /// Returns whether the current task passes the filter.
    #[inline]
    pub fn matches(&self) -> bool {
        (self.tgid == 0 || super::compat::current_tgid() == self.tgid)
            && self.comm.is_none_or(|comm| current_comm().0 == comm.0)
    }
}

/// A reading of the monotonic clock, in nanoseconds: what a kretprobe's per-call data
/// carries from entry to return.
///
/// It reads `ktime_get_mono_fast_ns()`, the NMI-safe accessor of the monotonic clock: a
/// probe planted with a breakpoint runs its handlers in NMI-like context on x86_64, where
/// `ktime_get()` (and `kernel::time::Instant::now()`, built on it) can deadlock against a
/// timekeeping update on the same CPU; lockdep reports it as an inconsistent lock state on
/// the debug kernel. It is also called directly: `Instant::now()` goes through a function
/// of the kernel crate that is not inlined, one more call per reading (BENCHMARKS.md).
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(u64);

impl Timestamp {
    /// Reads the clock. Safe in any context, NMI included.
    #[inline(always)]
    pub fn now() -> Self {
        // SAFETY: `ktime_get_mono_fast_ns()` has no preconditions; it neither sleeps nor
        // takes locks.
        Self(unsafe { bindings::ktime_get_mono_fast_ns() })
    }

    /// Returns the nanoseconds from `self` to now.
    #[inline(always)]
    pub fn elapsed_ns(self) -> u64 {
        Self::now().0.wrapping_sub(self.0)
    }

    /// Returns the reading in nanoseconds.
    pub fn as_nanos(self) -> u64 {
        self.0
    }
}
