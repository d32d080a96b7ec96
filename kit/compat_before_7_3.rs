// SPDX-License-Identifier: GPL-2.0

//! `rust/kernel/kprobes/compat.rs` for kernels before 7.3 (7.2 is tested).
//!
//! The abstractions are the patch series' files, for 7.3. On an older kernel Kbuild builds
//! them from a copy (`kit/version.mk`) in which this file replaces theirs: the functions are
//! the same, written with what the older kernel crate offers.

use kernel::{
    bindings,
    prelude::*, //
};

/// `-EILSEQ`: not in `kernel::error::code` before 7.3.
#[inline]
pub(crate) fn eilseq() -> Error {
    Error::from_errno(-(bindings::EILSEQ as i32))
}

/// `-EADDRNOTAVAIL`: not in `kernel::error::code` before 7.3.
#[inline]
pub(crate) fn eaddrnotavail() -> Error {
    Error::from_errno(-(bindings::EADDRNOTAVAIL as i32))
}

/// `-EOPNOTSUPP`: not in `kernel::error::code` before 7.3.
#[inline]
pub(crate) fn eopnotsupp() -> Error {
    Error::from_errno(-(bindings::EOPNOTSUPP as i32))
}

/// The process (thread group) id of the current task: no `Task::tgid()` before 7.3.
#[inline]
pub(crate) fn current_tgid() -> i32 {
    // SAFETY: The current task is valid while it runs, and its `tgid` never changes.
    unsafe { (*kernel::current!().as_ptr()).tgid }
}

/// Runs `init` on `slot`: the method is `__pinned_init` before 7.3.
///
/// # Safety
///
/// As for `PinInit::__pinned_init`: `slot` is valid for writes; on success it is
/// initialized and must stay pinned, on error it is not initialized.
#[inline]
pub(crate) unsafe fn pinned_init<T, E>(init: impl PinInit<T, E>, slot: *mut T) -> Result<(), E> {
    // SAFETY: The caller guarantees what `__pinned_init` requires.
    unsafe { init.__pinned_init(slot) }
}
