// SPDX-License-Identifier: GPL-2.0

//! String and numeric module parameters, shown in sysfs and `modinfo`.
//!
//! C header: [`include/linux/moduleparam.h`](srctree/include/linux/moduleparam.h)
//!
//! The `module!` macro of Linux 7.3 declares integer and bool parameters only, and hides
//! them from sysfs. [`module_params!`](crate::module_params) declares parameters the way
//! C's `module_param()` and `module_param_string()` do: a `struct kernel_param` in the
//! `__param` section using the kernel's own `param_ops_*`, plus the `parm`/`parmtype`
//! `.modinfo` entries that `modinfo` prints.

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

/// Makes a C struct that holds pointers usable in a `static`.
#[doc(hidden)]
#[repr(transparent)]
pub struct SyncStatic<T>(pub T);

// SAFETY: Used for `kparam_string`, which only the kernel's parameter code reads and writes,
// serialized by `kernel_param_lock`.
unsafe impl<T> Sync for SyncStatic<T> {}

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
/// `bool` may name a [`Switch`] to `notify` of every write through sysfs.
///
/// # Examples
///
/// ```ignore
/// kprobes::module_params! {
///     func | symbol: string<KSYM_NAME_LEN> {
///         default: "kernel_clone",
///         permissions: 0o444,
///         description: "Function to probe",
///     },
///     maxprint: u32 { default: 10, permissions: 0o444, description: "Hits to log" },
/// }
///
/// let func: &CStr = params::func.get();
/// ```
#[macro_export]
macro_rules! module_params {
    ($(
        $(#[$meta:meta])*
        $name:ident $(| $alias:ident)* : $kind:ident $(<$len:tt>)? {
            default: $default:expr,
            permissions: $perm:expr,
            description: $desc:literal
            $(, notify: $notify:path)? $(,)?
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
    (@type string<$len:tt>) => { $crate::kprobes::param::StringParam<{ $len }> };
    (@type bool) => { $crate::kprobes::param::Param<bool> };
    (@type i32) => { $crate::kprobes::param::Param<i32> };
    (@type u32) => { $crate::kprobes::param::Param<u32> };
    (@type usize) => { $crate::kprobes::param::Param<usize> };
    (@ops $storage:ident, string, []) => { &raw const ::kernel::bindings::param_ops_string };
    (@ops $storage:ident, bool, []) => { &raw const ::kernel::bindings::param_ops_bool };
    (@ops $storage:ident, i32, []) => { &raw const ::kernel::bindings::param_ops_int };
    (@ops $storage:ident, u32, []) => { &raw const ::kernel::bindings::param_ops_uint };
    (@ops $storage:ident, usize, []) => { &raw const ::kernel::bindings::param_ops_ulong };
    (@ops $storage:ident, bool, [$notify:path]) => {{
        /// Parses the value as `param_set_bool`, then tells `$notify`.
        ///
        /// # Safety
        ///
        /// Only used as the `set` operation of this parameter.
        unsafe extern "C" fn set(
            val: *const ::kernel::ffi::c_char,
            kp: *const ::kernel::bindings::kernel_param,
        ) -> ::kernel::ffi::c_int {
            // SAFETY: The kernel's parameter code passes a valid value and this parameter,
            // whose `arg` points to a `Param<bool>`.
            let ret = unsafe { ::kernel::bindings::param_set_bool(val, kp) };
            if ret != 0 {
                return ret;
            }
            match $crate::kprobes::param::Notify::notify(&$notify, $storage.get()) {
                Ok(()) => 0,
                Err(e) => e.to_errno(),
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
        const _: () = assert!(
            PERM & 0o222 == 0,
            "string parameters are read-only (permissions without write bits)"
        );
        static STRING: $crate::kprobes::param::SyncStatic<::kernel::bindings::kparam_string> =
            $crate::kprobes::param::SyncStatic(::kernel::bindings::kparam_string {
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
            static PARMTYPE: [u8; $crate::kprobes::param::concat_len(TYPE)] =
                $crate::kprobes::param::concat(TYPE, 0);
            const DESC: &[&str] = &["parm=", ::core::stringify!($name), ":", $desc];
            #[link_section = ".modinfo"]
            #[used(compiler)]
            static PARM: [u8; $crate::kprobes::param::concat_len(DESC)] =
                $crate::kprobes::param::concat(DESC, 0);
        };
    };
}

/// Something a writable parameter switches on and off at runtime.
pub trait Arm {
    /// Arms (`true`) or disarms (`false`) it.
    fn arm(&self, on: bool) -> Result;
}

/// Receives the writes of a parameter declared with `notify:` in
/// [`module_params!`](crate::module_params).
pub trait Notify<V> {
    /// Called after the parameter took the value `value`.
    fn notify(&self, value: V) -> Result;
}

/// Holds what a writable `bool` parameter arms and disarms (for example the module's probe
/// registrations), so that writes to `/sys/module/<module>/parameters/<name>` reach it.
///
/// Every access takes the module's parameter lock (`kernel_param_lock()`), which the kernel
/// holds while it writes a parameter through sysfs; so a write never sees the value half
/// installed or already dropped at module exit.
///
/// # Invariants
///
/// `inner` is only accessed with `kernel_param_lock(THIS_MODULE)` held, or before the
/// module's parameters are reachable from sysfs.
pub struct Switch<T: Arm> {
    inner: UnsafeCell<Option<T>>,
}

// SAFETY: Accesses to `inner` are serialized by the module's parameter lock (type invariant).
unsafe impl<T: Arm + Send> Sync for Switch<T> {}

impl<T: Arm> Switch<T> {
    /// Creates an empty switch.
    pub const fn new() -> Self {
        // INVARIANT: Nothing can access `inner` before `self` exists; from then on every access
        // goes through `with_lock` or the parameter's `set` operation, run under the lock.
        Self {
            inner: UnsafeCell::new(None),
        }
    }

    fn with_lock<R>(&self, f: impl FnOnce(&mut Option<T>) -> R) -> R {
        let module = (&raw const kernel::bindings::__this_module).cast_mut();
        // SAFETY: `module` is this module, alive while its code runs.
        unsafe { kernel::bindings::kernel_param_lock(module) };
        // SAFETY: The lock is held (type invariant).
        let ret = f(unsafe { &mut *self.inner.get() });
        // SAFETY: Taken above.
        unsafe { kernel::bindings::kernel_param_unlock(module) };
        ret
    }

    /// Installs `value`, first arming or disarming it as `on()` says (`on` reads the
    /// parameter under the lock, so no write is missed).
    ///
    /// If that fails, `value` is dropped (for a registration: its probes are removed) and
    /// not installed. A module's `init` returns the error, and the kernel frees the module
    /// without running its `Drop`: an installed value would be left behind in the freed
    /// module, probes and debugfs files pointing into it.
    pub fn install(&self, value: T, on: impl FnOnce() -> bool) -> Result {
        let refused = self.with_lock(|inner| match value.arm(on()) {
            Ok(()) => {
                *inner = Some(value);
                Ok(())
            }
            Err(e) => Err((e, value)),
        });
        // Dropped outside the lock: unregistering waits for handlers and debugfs readers.
        refused.map_err(|(e, _value)| e)
    }

    /// Takes the value out, for example to drop it when the module exits.
    pub fn take(&self) -> Option<T> {
        self.with_lock(Option::take)
    }
}

impl<T: Arm> Default for Switch<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Arm> Notify<bool> for Switch<T> {
    fn notify(&self, on: bool) -> Result {
        // SAFETY: The kernel calls parameter operations with the parameter lock held, or at
        // load time before sysfs exposes the parameter (type invariant).
        match unsafe { &*self.inner.get() } {
            Some(value) => value.arm(on),
            None => Ok(()),
        }
    }
}
