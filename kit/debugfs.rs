// SPDX-License-Identifier: GPL-2.0

//! A probe registration (or any value) shown in a debugfs file.
//!
//! C header: [`include/linux/debugfs.h`](srctree/include/linux/debugfs.h)

use crate::kprobes::Enable;
use core::ops::Deref;
use kernel::{
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
/// It is initialized in place, the value with it (a module holds it pinned, as any
/// registration). The file is removed before the value is dropped. It dereferences to the
/// value, and arms and disarms it (so it can be held by an
/// [`EnabledByParam`](super::toggle::EnabledByParam)).
#[pin_data]
pub struct InDebugfs<T> {
    // Dropped before `_dir`: the file goes first.
    #[pin]
    file: File<T>,
    _dir: Dir,
}

impl<T: Send + Sync + 'static> InDebugfs<T> {
    /// Initializes `value` and publishes it. `show` must be a function item or a
    /// non-capturing closure.
    pub fn new<'a, E: 'a, F>(
        dir: &'a CStr,
        file: &'a CStr,
        value: impl PinInit<T, E> + 'a,
        show: &'static F,
    ) -> impl PinInit<Self, E> + 'a
    where
        F: Fn(&T, &mut fmt::Formatter<'_>) -> fmt::Result + Send + Sync,
    {
        try_pin_init!(Self {
            _dir: Dir::new(dir),
            file <- _dir.read_callback_file(file, value, show),
        }? E)
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
