// SPDX-License-Identifier: GPL-2.0

//! A probe registration (or any value) shown in a debugfs file.
//!
//! C header: [`include/linux/debugfs.h`](srctree/include/linux/debugfs.h)

use super::Enable;
use core::ops::Deref;
use kernel::{
    alloc::AllocError,
    debugfs::{
        Dir,
        File, //
    },
    fmt,
    prelude::*,
};

/// A value, typically a probe registration, published as the read-only debugfs file
/// `/sys/kernel/debug/<dir>/<file>`, whose contents `show` formats on each read.
///
/// The file is removed before the value is dropped. It dereferences to the value, and arms
/// and disarms it (so it can be held by an
/// [`EnabledByParam`](super::toggle::EnabledByParam)).
pub struct InDebugfs<T> {
    file: Pin<KBox<File<T>>>,
    _dir: Dir,
}

impl<T: Send + Sync + 'static> InDebugfs<T> {
    /// Initializes `value` and publishes it. `show` must be a function item or a
    /// non-capturing closure.
    pub fn new<E, F>(
        dir: &CStr,
        file: &CStr,
        value: impl PinInit<T, E>,
        show: &'static F,
    ) -> Result<Self, E>
    where
        E: From<AllocError>,
        F: Fn(&T, &mut fmt::Formatter<'_>) -> fmt::Result + Send + Sync,
    {
        let dir = Dir::new(dir);
        let file = KBox::try_pin_init(dir.read_callback_file(file, value, show), GFP_KERNEL)?;
        Ok(Self { file, _dir: dir })
    }
}

impl<T> Deref for InDebugfs<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.file
    }
}

impl<T: Enable> Enable for InDebugfs<T> {
    fn set_enabled(&self, enabled: bool) -> Result {
        self.file.set_enabled(enabled)
    }
}
