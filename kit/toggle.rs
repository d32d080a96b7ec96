// SPDX-License-Identifier: GPL-2.0

//! Probes armed and disarmed by a writable `bool` module parameter.

use crate::kprobes::Enable;
use core::cell::UnsafeCell;
use kernel::prelude::*;

/// Receives the writes of a parameter declared with `on_write:` in
/// [`module_params!`](crate::module_params).
pub trait OnParamWrite<V> {
    /// Called after the parameter took the value `value`; an error fails the write.
    ///
    /// # Safety
    ///
    /// The caller holds the module's parameter lock (`kernel_param_lock(THIS_MODULE)`), as the
    /// parameter's `set` operation that [`module_params!`](crate::module_params) declares does:
    /// the kernel calls it with the lock held.
    unsafe fn param_written(&self, value: V) -> Result;
}

/// Holds the probes a writable `bool` parameter arms and disarms (for example the module's
/// probe registrations), so that writes to `/sys/module/<module>/parameters/<name>` reach them:
/// declare the parameter with `on_write:` naming this, in
/// [`module_params!`](crate::module_params).
///
/// Every access takes the module's parameter lock (`kernel_param_lock()`), which the kernel
/// holds while it sets a parameter, at load time or through sysfs; so a write never sees the
/// value half installed or already dropped at module exit.
///
/// A write may come before [`EnabledByParam::install`]: the parameter's sysfs file exists
/// before the module's `init` is called (`load_module()` calls `mod_sysfs_setup()`, then
/// `do_init_module()`). It finds nothing installed, and the parameter keeps the value written;
/// `install` then reads the parameter under the lock (its `on`), so the write is not lost.
///
/// # Invariants
///
/// `inner` is only accessed with `kernel_param_lock(THIS_MODULE)` held.
pub struct EnabledByParam<T: Enable> {
    inner: UnsafeCell<Option<T>>,
}

// SAFETY: Accesses to `inner` are serialized by the module's parameter lock (type invariant).
unsafe impl<T: Enable + Send> Sync for EnabledByParam<T> {}

impl<T: Enable> EnabledByParam<T> {
    /// Creates it empty.
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
        let refused = self.with_lock(|inner| match value.set_enabled(on()) {
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

impl<T: Enable> Default for EnabledByParam<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Enable> OnParamWrite<bool> for EnabledByParam<T> {
    /// Arms or disarms the installed value; before [`EnabledByParam::install`] and after
    /// [`EnabledByParam::take`] there is none, and the write only sets the parameter.
    unsafe fn param_written(&self, on: bool) -> Result {
        // SAFETY: The caller holds the parameter lock (the function's safety requirement),
        // which serializes the accesses to `inner` (type invariant).
        match unsafe { &*self.inner.get() } {
            Some(value) => value.set_enabled(on),
            None => Ok(()),
        }
    }
}
