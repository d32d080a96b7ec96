// SPDX-License-Identifier: GPL-2.0

//! What differs between the kernel versions the layer builds against.
//!
//! Everything else in the layer is the same code on every version.
//!
//! Out of tree, Kbuild passes `--cfg kernel_before_7_3` when building against a kernel older
//! than 7.3 (7.2 is tested).

pub(crate) use imp::*;

#[cfg(not(kernel_before_7_3))]
mod imp {
    use kernel::prelude::*;

    /// `-EILSEQ`.
    #[inline]
    pub(crate) fn eilseq() -> Error {
        EILSEQ
    }

    /// `-EADDRNOTAVAIL`.
    #[inline]
    pub(crate) fn eaddrnotavail() -> Error {
        EADDRNOTAVAIL
    }

    /// `-EOPNOTSUPP`.
    #[inline]
    pub(crate) fn eopnotsupp() -> Error {
        EOPNOTSUPP
    }

    /// The process (thread group) id of the current task.
    #[inline]
    pub(crate) fn current_tgid() -> i32 {
        kernel::current!().tgid()
    }

    /// Runs `init` on `slot`.
    ///
    /// # Safety
    ///
    /// As for [`PinInit::__init`]: `slot` is valid for writes; on success it is initialized
    /// and must stay pinned, on error it is not initialized.
    #[inline]
    pub(crate) unsafe fn pinned_init<T, E>(
        init: impl PinInit<T, E>,
        slot: *mut T,
    ) -> Result<(), E> {
        // SAFETY: The caller guarantees what `__init` requires.
        unsafe { init.__init(slot) }
    }
}

#[cfg(kernel_before_7_3)]
mod imp {
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
    pub(crate) unsafe fn pinned_init<T, E>(
        init: impl PinInit<T, E>,
        slot: *mut T,
    ) -> Result<(), E> {
        // SAFETY: The caller guarantees what `__pinned_init` requires.
        unsafe { init.__pinned_init(slot) }
    }
}
