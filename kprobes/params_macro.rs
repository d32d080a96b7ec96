// SPDX-License-Identifier: GPL-2.0

//! [`module_params!`](crate::module_params): module parameters declared as C's
//! `module_param()` and `module_param_string()` do, over the storage of `param.rs`.

/// Declares module parameters, shown under `/sys/module/<module>/parameters/` and by
/// `modinfo`, in a `params` module of the crate.
///
/// Kinds: `string<N>` (at most `N - 1` bytes, read-only), `bool`, `i32`, `u32`, `usize`.
/// A parameter may have alias names (`func | symbol`) that set the same value. A writable
/// `bool` may name an [`EnabledByParam`](crate::kprobes::toggle::EnabledByParam) (or another
/// [`OnParamWrite`](crate::kprobes::toggle::OnParamWrite)) to tell of every write through sysfs
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
                $crate::kprobes::toggle::OnParamWrite::param_written(&$notify, $storage.get())
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
