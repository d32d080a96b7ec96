// SPDX-License-Identifier: GPL-2.0

//! String and numeric module parameters, shown in sysfs and `modinfo`.
//!
//! C header: [`include/linux/moduleparam.h`](srctree/include/linux/moduleparam.h)
//!
//! The `module!` macro of Linux 7.3 declares integer and bool parameters only, and hides
//! them from sysfs. [`module_params!`](crate::module_params) declares parameters the way
//! C's `module_param()` and `module_param_string()` do: a `struct kernel_param` in the
//! `__param` section using the kernel's own `param_ops_*`, plus the `parm`/`parmtype`
//! `.modinfo` entries that `modinfo` prints. This file has the storage the macro declares;
//! the macro is in `params_macro.rs`.

use core::{
    cell::UnsafeCell,
    ptr, //
};
use kernel::prelude::*;

/// A string parameter of at most `N - 1` bytes, parsed by the kernel's `param_ops_string`.
///
/// # Invariants
///
/// The buffer always holds a NUL within its `N` bytes. It is written only by the kernel's
/// parameter parsing while the module loads, before any Rust code of the module runs:
/// [`module_params!`](crate::module_params) refuses write permissions for strings.
#[repr(transparent)]
pub struct StringParam<const N: usize>(UnsafeCell<[u8; N]>);

// SAFETY: After the module is loaded the buffer is only read (type invariant).
unsafe impl<const N: usize> Sync for StringParam<N> {}

impl<const N: usize> StringParam<N> {
    #[doc(hidden)]
    pub const fn new(default: &str) -> Self {
        assert!(
            default.len() < N,
            "default value too long for the parameter"
        );
        // INVARIANT: The default is shorter than `N`, the rest of the buffer is NUL.
        Self(UnsafeCell::new(concat(&[default], 0)))
    }

    #[doc(hidden)]
    pub const fn as_ptr(&self) -> *mut c_char {
        self.0.get().cast()
    }

    /// Returns the value of the parameter.
    pub fn get(&self) -> &CStr {
        // SAFETY: The buffer is not written once the module's code runs (type invariant).
        let bytes = unsafe { &*self.0.get() };
        CStr::from_bytes_until_nul(bytes).unwrap_or(c"")
    }
}

/// A numeric or boolean parameter, parsed by the kernel's `param_ops_int`, `param_ops_uint`,
/// `param_ops_ulong` or `param_ops_bool`.
///
/// A parameter declared writable may change at any time through sysfs: [`Param::get`] reads
/// it once, as `READ_ONCE` would.
///
/// # Invariants
///
/// The value is always a valid `T`: the kernel's `param_ops_*` for `T` store a whole `T`, with
/// `kernel_param_lock` held.
#[repr(transparent)]
pub struct Param<T>(UnsafeCell<T>);

// SAFETY: The value is `Copy` and read with a volatile load; the kernel writes it whole under
// `kernel_param_lock`.
unsafe impl<T: Copy + Send> Sync for Param<T> {}

impl<T: Copy> Param<T> {
    #[doc(hidden)]
    pub const fn new(default: T) -> Self {
        // INVARIANT: `default` is a valid `T`.
        Self(UnsafeCell::new(default))
    }

    #[doc(hidden)]
    pub const fn as_ptr(&self) -> *mut c_void {
        self.0.get().cast()
    }

    /// Returns the value of the parameter.
    #[inline]
    pub fn get(&self) -> T {
        // SAFETY: The pointer is valid and aligned; writers store the value whole.
        unsafe { ptr::read_volatile(self.0.get()) }
    }
}

/// Makes the kernel's `struct kparam_string` (a string parameter's size and buffer), which
/// holds a pointer, usable in a `static`, for [`module_params!`](crate::module_params).
///
/// It is `Sync` for `kparam_string` only: another type in it (a `Cell`) would be shared by
/// every CPU at once.
#[doc(hidden)]
#[repr(transparent)]
pub struct SyncStatic<T>(pub T);

// SAFETY: A `kparam_string` is a size and a pointer, which nothing writes through a shared
// reference: sharing it lets other threads read those two fields only. The buffer the pointer
// points to is reached through the raw pointer only, by the kernel's parameter code, serialized
// by `kernel_param_lock`.
unsafe impl Sync for SyncStatic<kernel::bindings::kparam_string> {}

/// The length of the NUL-terminated concatenation of `parts`.
#[doc(hidden)]
pub const fn concat_len(parts: &[&str]) -> usize {
    let (mut i, mut len) = (0, 1);
    while i < parts.len() {
        len += parts[i].len();
        i += 1;
    }
    len
}

/// Concatenates `parts` followed by NUL bytes into an array, for `.modinfo` entries and
/// string defaults. `limit` if non-zero bounds the total length including the NUL.
#[doc(hidden)]
pub const fn concat<const N: usize>(parts: &[&str], limit: usize) -> [u8; N] {
    let mut out = [0u8; N];
    let (mut i, mut n) = (0, 0);
    while i < parts.len() {
        let bytes = parts[i].as_bytes();
        let mut j = 0;
        while j < bytes.len() {
            out[n] = bytes[j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(limit == 0 || n < limit);
    out
}
