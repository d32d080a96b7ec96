// SPDX-License-Identifier: GPL-2.0

//! String and numeric module parameters, shown in sysfs and `modinfo`.
//!
//! C header: [`include/linux/moduleparam.h`](srctree/include/linux/moduleparam.h)
//!
//! The `module!` macro of Linux 7.3 declares integer and bool parameters only, and hides
//! them from sysfs. [`module_params!`](crate::module_params) declares parameters the way
//! C's `module_param()` and `module_param_string()` do: a `struct kernel_param` in the
//! `__param` section using the kernel's own `param_ops_*`, plus the `parm`/`parmtype`
//! `.modinfo` entries that `modinfo` prints. This file has the macro and the storage it
//! declares.

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

/// Declares module parameters, shown under `/sys/module/<module>/parameters/` and by
/// `modinfo`, in a `params` module of the crate.
///
/// Kinds: `string<N>` (at most `N - 1` bytes, read-only), `bool`, `i32`, `u32`, `usize`.
/// A parameter may have alias names (`func | symbol`) that set the same value. A writable
/// `bool` may name an [`EnabledByParam`](crate::kit::toggle::EnabledByParam) (or another
/// [`OnParamWrite`](crate::kit::toggle::OnParamWrite)) to tell of every write through sysfs
/// (`on_write:`).
///
/// # Examples
///
/// ```
/// crate::module_params! {
///     func | symbol: string<512> {
///         default: "kernel_clone",
///         permissions: 0o444,
///         description: "Function to probe",
///     },
///     maxprint: u32 { default: 10, permissions: 0o444, description: "Hits to log" },
/// }
///
/// let func: &CStr = params::func.get();
/// # assert_eq!(params::maxprint.get(), 10);
/// ```
#[macro_export]
macro_rules! module_params {
    ($(
        $(#[$meta:meta])*
        $name:ident $(| $alias:ident)* : $kind:ident $(<$len:tt>)? {
            default: $default:expr,
            permissions: $perm:expr,
            description: $desc:literal
            $(, on_write: $notify:path)? $(,)?
        }
    ),* $(,)?) => {
        /// The module's parameters.
        pub(crate) mod params {
            $(
                $(#[$meta])*
                #[allow(non_upper_case_globals)]
                pub(crate) static $name: $crate::module_params!(@type $kind $(<$len>)?) =
                    <$crate::module_params!(@type $kind $(<$len>)?)>::new($default);
                $crate::module_params!(@param $name, $name, $kind, $perm, $desc, [$($notify)?]);
                $crate::module_params!(
                    @aliases $name, $kind, $perm, $desc, [$($notify)?], $($alias)*
                );
            )*
        }
    };
    (@aliases $storage:ident, $kind:ident, $perm:expr, $desc:literal, $notify:tt,
     $($alias:ident)*) => {
        $($crate::module_params!(@param $storage, $alias, $kind, $perm, $desc, $notify);)*
    };
    (@type string<$len:tt>) => { $crate::kit::module_params::StringParam<{ $len }> };
    (@type bool) => { $crate::kit::module_params::Param<bool> };
    (@type i32) => { $crate::kit::module_params::Param<i32> };
    (@type u32) => { $crate::kit::module_params::Param<u32> };
    (@type usize) => { $crate::kit::module_params::Param<usize> };
    (@ops $storage:ident, string, []) => { &raw const ::kernel::bindings::param_ops_string };
    (@ops $storage:ident, bool, []) => { &raw const ::kernel::bindings::param_ops_bool };
    (@ops $storage:ident, i32, []) => { &raw const ::kernel::bindings::param_ops_int };
    (@ops $storage:ident, u32, []) => { &raw const ::kernel::bindings::param_ops_uint };
    (@ops $storage:ident, usize, []) => { &raw const ::kernel::bindings::param_ops_ulong };
    (@ops $storage:ident, bool, [$notify:path]) => {{
        /// Parses the value as `param_set_bool`, then tells `$notify`; if that refuses it,
        /// the parameter keeps its previous value (it reads what is in force).
        ///
        /// # Safety
        ///
        /// Only used as the `set` operation of this parameter.
        unsafe extern "C" fn set(
            val: *const ::kernel::ffi::c_char,
            kp: *const ::kernel::bindings::kernel_param,
        ) -> ::kernel::ffi::c_int {
            let before = $storage.get();
            // SAFETY: The kernel's parameter code passes a valid value and this parameter,
            // whose `arg` points to a `Param<bool>`.
            let ret = unsafe { ::kernel::bindings::param_set_bool(val, kp) };
            if ret != 0 {
                return ret;
            }
            // SAFETY: The kernel calls a parameter's `set` operation with the module's
            // parameter lock held (`parse_one()` and `param_attr_store()` in kernel/params.c).
            let written = unsafe {
                $crate::kit::toggle::OnParamWrite::param_written(&$notify, $storage.get())
            };
            match written {
                Ok(()) => 0,
                Err(e) => {
                    let before: &[u8; 2] = if before { b"1\0" } else { b"0\0" };
                    // SAFETY: As above, with a NUL-terminated value it parses.
                    unsafe { ::kernel::bindings::param_set_bool(before.as_ptr(), kp) };
                    e.to_errno()
                }
            }
        }
        static OPS: ::kernel::bindings::kernel_param_ops = ::kernel::bindings::kernel_param_ops {
            flags: 0,
            set: Some(set),
            get: Some(::kernel::bindings::param_get_bool),
            free: None,
        };
        &raw const OPS
    }};
    (@typename string) => { "string" };
    (@typename bool) => { "bool" };
    (@typename i32) => { "int" };
    (@typename u32) => { "uint" };
    (@typename usize) => { "ulong" };
    (@arg $storage:ident, string) => {{
        const _: () = ::core::assert!(
            PERM & 0o222 == 0,
            "string parameters are read-only (permissions without write bits)"
        );
        static STRING: $crate::kit::module_params::SyncStatic<::kernel::bindings::kparam_string> =
            $crate::kit::module_params::SyncStatic(::kernel::bindings::kparam_string {
                maxlen: ::core::mem::size_of_val(&$storage) as u32,
                string: $storage.as_ptr(),
            });
        ::kernel::bindings::kernel_param__bindgen_ty_1 { str_: &raw const STRING.0 }
    }};
    (@arg $storage:ident, $kind:ident) => {
        ::kernel::bindings::kernel_param__bindgen_ty_1 { arg: $storage.as_ptr() }
    };
    (@param $storage:ident, $name:ident, $kind:ident, $perm:expr, $desc:literal,
     [$($notify:path)?]) => {
        const _: () = {
            const PERM: u16 = $perm;
            #[link_section = "__param"]
            #[used(compiler)]
            static PARAM: ::kernel::module_param::KernelParam =
                ::kernel::module_param::KernelParam::new(::kernel::bindings::kernel_param {
                    name: ::core::concat!(::core::stringify!($name), "\0").as_ptr().cast(),
                    mod_: (&raw const ::kernel::bindings::__this_module).cast_mut(),
                    ops: $crate::module_params!(@ops $storage, $kind, [$($notify)?]),
                    perm: PERM,
                    level: -1,
                    flags: 0,
                    __bindgen_anon_1: $crate::module_params!(@arg $storage, $kind),
                });
            const TYPE: &[&str] = &[
                "parmtype=",
                ::core::stringify!($name),
                ":",
                $crate::module_params!(@typename $kind),
            ];
            #[link_section = ".modinfo"]
            #[used(compiler)]
            static PARMTYPE: [u8; $crate::kit::module_params::concat_len(TYPE)] =
                $crate::kit::module_params::concat(TYPE, 0);
            const DESC: &[&str] = &["parm=", ::core::stringify!($name), ":", $desc];
            #[link_section = ".modinfo"]
            #[used(compiler)]
            static PARM: [u8; $crate::kit::module_params::concat_len(DESC)] =
                $crate::kit::module_params::concat(DESC, 0);
        };
    };
}
