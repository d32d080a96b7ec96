// SPDX-License-Identifier: GPL-2.0

//! What differs between the kernel versions the layer builds against.
//!
//! Everything else in the layer is the same code on every version.

pub(crate) use imp::*;

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
