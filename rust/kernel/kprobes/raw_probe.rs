// SPDX-License-Identifier: GPL-2.0

//! What kprobes and kretprobes share: the C `struct kprobe` filled in from a [`Target`],
//! registering it disarmed and checking where it landed, arming and disarming it, and why the
//! registrations holding one are `Send` and `Sync`.
//!
//! C header: [`include/linux/kprobes.h`](srctree/include/linux/kprobes.h)

use super::{
    bindings,
    error::SetupError,
    landing_checks::{
        self,
        UniqueNameCheck, //
    },
    target::{
        self,
        Target, //
    },
};
use core::ptr;
use kernel::{
    error::to_result,
    prelude::*,
    str::CString,
    types::Opaque, //
};

/// Probes that can be disarmed and re-armed while they stay planted, such as the probes of a
/// [`kprobe::Registration`](super::kprobe::Registration) or a
/// [`kretprobe::Registration`](super::kretprobe::Registration).
pub trait Enable {
    /// Arms (`true`) or disarms (`false`) the probes. Disarmed probes stay planted, but their
    /// handlers are not called.
    fn set_enabled(&self, enabled: bool) -> Result;

    /// Re-arms disarmed probes.
    fn enable(&self) -> Result {
        self.set_enabled(true)
    }

    /// Disarms the probes: their handlers stop being called until [`Enable::enable`].
    fn disable(&self) -> Result {
        self.set_enabled(false)
    }
}

/// Boxed probes, as a `static` holds them (an `EnabledByParam`
/// moves its value in).
impl<T: Enable + ?Sized> Enable for Pin<KBox<T>> {
    fn set_enabled(&self, enabled: bool) -> Result {
        (**self).set_enabled(enabled)
    }
}

/// The C probe structs a registration holds: `struct kprobe` and `struct kretprobe`.
pub(crate) trait CProbe {
    /// Returns the `struct kprobe` of `this`.
    fn kprobe(this: *mut Self) -> *mut bindings::kprobe;

    /// Registers `this`.
    ///
    /// # Safety
    ///
    /// `this` is valid and filled in for registration, not registered, and stays at its
    /// address until it is unregistered.
    unsafe fn register(this: *mut Self) -> c_int;

    /// Unregisters `this`, waiting for its handlers still running.
    ///
    /// # Safety
    ///
    /// `this` is registered, or was never registered.
    unsafe fn unregister(this: *mut Self);
}

impl CProbe for bindings::kprobe {
    fn kprobe(this: *mut Self) -> *mut bindings::kprobe {
        this
    }

    unsafe fn register(this: *mut Self) -> c_int {
        // SAFETY: As in the safety requirements.
        unsafe { bindings::register_kprobe(this) }
    }

    unsafe fn unregister(this: *mut Self) {
        // SAFETY: As in the safety requirements; `unregister_kprobe` skips a kprobe that was
        // never registered, and waits for handlers in flight (`synchronize_rcu`).
        unsafe { bindings::unregister_kprobe(this) }
    }
}

impl CProbe for bindings::kretprobe {
    fn kprobe(this: *mut Self) -> *mut bindings::kprobe {
        // The field's address: nothing is read.
        this.wrapping_byte_add(core::mem::offset_of!(bindings::kretprobe, kp))
            .cast()
    }

    unsafe fn register(this: *mut Self) -> c_int {
        // SAFETY: As in the safety requirements.
        unsafe { bindings::register_kretprobe(this) }
    }

    unsafe fn unregister(this: *mut Self) {
        // SAFETY: As in the safety requirements; `unregister_kretprobe` skips a kretprobe
        // that was never registered, and waits for handlers in flight.
        unsafe { bindings::unregister_kretprobe(this) }
    }
}

/// Where a probe goes, in the terms of `struct kprobe`; owns the symbol name that the C
/// struct's `symbol_name` points to.
///
/// # Invariants
///
/// The target passed [`target::validate`].
pub(crate) struct Location {
    symbol: Option<CString>,
    offset: u32,
    addr: usize,
}

impl Location {
    /// Checks `target` and copies its symbol name.
    pub(crate) fn new(target: Target<'_>) -> Result<Self, SetupError> {
        target::validate(target)?;
        // INVARIANT: Validated above.
        Ok(match target {
            Target::Symbol(name, offset) => Self {
                symbol: Some(CString::try_from(name)?),
                offset,
                addr: 0,
            },
            Target::Address(addr) => Self {
                symbol: None,
                offset: 0,
                addr,
            },
        })
    }

    /// Returns the target.
    pub(crate) fn target(&self) -> Target<'_> {
        match &self.symbol {
            Some(name) => Target::Symbol(name, self.offset),
            None => Target::Address(self.addr),
        }
    }

    /// Returns the symbol, if the target was given by name.
    pub(crate) fn symbol(&self) -> Option<&CStr> {
        self.symbol.as_deref()
    }

    /// Returns a `struct kprobe` at this location, registered disarmed (see [`RawProbe::plant`]):
    /// its `symbol_name` points into `self`, which must outlive its registration.
    pub(crate) fn kprobe(&self) -> bindings::kprobe {
        bindings::kprobe {
            symbol_name: self
                .symbol
                .as_ref()
                .map_or(ptr::null(), |s| s.as_char_ptr()),
            offset: self.offset,
            addr: self.addr as *mut bindings::kprobe_opcode_t,
            flags: bindings::KPROBE_FLAG_DISABLED,
            ..Default::default()
        }
    }
}

/// A C probe struct held by a registration, with a pointer to that registration for the
/// callbacks.
///
/// # Invariants
///
/// While the C struct is registered, `owner` points to the registration holding `self`, which
/// stays at its address until it unregisters the C struct.
#[pin_data]
pub(crate) struct RawProbe<C> {
    #[pin]
    c: Opaque<C>,
    owner: *const c_void,
}

// SAFETY: A registration, with the C struct in it, may be dropped on any thread: the C API
// unregisters from any thread. `owner` only points back to the registration holding `self`.
unsafe impl<C> Send for RawProbe<C> {}

// SAFETY: Through `&self`, the C struct is only passed to the C API, which serializes on
// `kprobe_mutex`, or read in fields the kernel does not change while the probe is registered
// (`addr`, `offset`) or stores whole (`nmissed`, `flags`, read like `READ_ONCE`). `owner` is
// only read.
unsafe impl<C> Sync for RawProbe<C> {}

impl<C: CProbe> RawProbe<C> {
    /// Holds `c`, not registered yet.
    pub(crate) fn new(c: C) -> Self {
        Self {
            c: Opaque::new(c),
            owner: ptr::null(),
        }
    }

    /// Returns the C struct.
    pub(crate) fn as_ptr(&self) -> *mut C {
        self.c.get()
    }

    fn kprobe(&self) -> *mut bindings::kprobe {
        C::kprobe(self.as_ptr())
    }

    /// Returns the address of the probed instruction.
    pub(crate) fn addr(&self) -> usize {
        // SAFETY: The C struct is valid; `addr` is written by the registration and not changed
        // while registered.
        unsafe { (*self.kprobe()).addr as usize }
    }

    /// Returns how many hits the kprobe missed, because another probe was running on the CPU.
    pub(crate) fn nmissed(&self) -> usize {
        // SAFETY: The C struct is valid; the kernel increments the counter concurrently (a
        // plain C increment), read here like `READ_ONCE`.
        unsafe { ptr::read_volatile(&raw const (*self.kprobe()).nmissed) as usize }
    }

    /// Returns the `KPROBE_FLAG_*` flags.
    pub(crate) fn flags(&self) -> u32 {
        // SAFETY: The C struct is valid; the kernel changes `flags` under `kprobe_mutex`, read
        // here like `READ_ONCE`.
        unsafe { ptr::read_volatile(&raw const (*self.kprobe()).flags) }
    }

    /// Returns whether the kernel optimized the registered kprobe into a jump, or queued it
    /// for its optimizer, which patches the jump shortly after: `[OPTIMIZED]` in
    /// `/sys/kernel/debug/kprobes/list`.
    ///
    /// The kernel sets `KPROBE_FLAG_OPTIMIZED` only on the aggregated probe (a `struct
    /// optimized_kprobe`) that it makes for a probe it may optimize, which then holds the probe
    /// on its list (`try_to_optimize_kprobe()` and `optimize_kprobe()` in kernel/kprobes.c),
    /// never on the probe itself. So the flags are read around the ring of `list` links the
    /// probe is on: the aggregate's head, and the other probes at the same address, none of
    /// which has the flag. The kernel changes that ring under `kprobe_mutex`, with RCU list
    /// operations, and frees what leaves it after a grace period: it is walked in an RCU
    /// read-side critical section.
    ///
    /// # Safety
    ///
    /// The C struct is registered, and stays so during the call.
    pub(crate) unsafe fn is_optimized(&self) -> bool {
        // More probes than any address has: the walk ends even on a ring seen half-linked.
        const RING_MAX: usize = 1024;
        let _rcu = kernel::sync::rcu::read_lock();
        let head = self
            .kprobe()
            .wrapping_byte_add(core::mem::offset_of!(bindings::kprobe, list))
            .cast::<bindings::list_head>();
        // SAFETY: The kprobe is registered (safety requirements), so `list` links it into a
        // ring: alone, or with an aggregated probe and that one's other probes. The kernel
        // writes the links under `kprobe_mutex` (read here like `READ_ONCE`, as
        // `list_for_each_entry_rcu()` does), and frees a kprobe that left the ring only after
        // an RCU grace period (`unregister_kprobes()` and the aggregate's release), which the
        // read-side critical section above holds off: every node reached is a valid `list`
        // field of a `struct kprobe`.
        unsafe {
            let mut node = ptr::read_volatile(&raw const (*head).next);
            for _ in 0..RING_MAX {
                if node == head {
                    break;
                }
                let kp = kernel::container_of!(node, bindings::kprobe, list);
                if ptr::read_volatile(&raw const (*kp).flags) & bindings::KPROBE_FLAG_OPTIMIZED != 0
                {
                    return true;
                }
                let next = ptr::read_volatile(&raw const (*node).next);
                // An aggregate being set up for this probe: its head still points to itself
                // (`init_aggr_kprobe()`); it is not optimized yet.
                if next == node {
                    break;
                }
                node = next;
            }
        }
        false
    }

    /// Returns whether the kernel removed the C struct that was just unregistered.
    ///
    /// `unregister_kprobes()` and `unregister_kretprobes()` return nothing: when the kernel
    /// fails to disarm the probe (`__unregister_kprobe_top()` in kernel/kprobes.c: disarming
    /// a kprobe on ftrace can fail, with a warning), it sets the probe's `addr` to `NULL` and
    /// leaves it where it was, on the kernel's hash table or an aggregated probe's list, the
    /// aggregate maybe still armed, calling the handlers of the probes on its list. Such a
    /// probe must be [abandoned](RawProbe::abandon).
    ///
    /// # Safety
    ///
    /// The C struct was registered, and has just been unregistered.
    pub(crate) unsafe fn unregistered(&self) -> bool {
        // SAFETY: The C struct is valid; unregistering wrote `addr` before it returned.
        !unsafe { (*self.kprobe()).addr }.is_null()
    }

    /// Disables a C struct the kernel failed to unregister, so that its handlers are never
    /// called again: the caller must then never free or reuse the C struct's memory (leak it),
    /// which the kernel may still reach.
    ///
    /// The kernel no longer knows the probe (it looks probes up by `addr`, now `NULL`: every
    /// call of the API on it fails), but an aggregated probe whose list it is still on calls
    /// its handlers unless it is disabled (`aggr_pre_handler()`, `opt_pre_handler()`, which
    /// check `KPROBE_FLAG_DISABLED` and `KPROBE_FLAG_GONE` on each probe of the list). The flag
    /// is set with a plain read-modify-write, as the kernel sets its flags: the one other
    /// writer left, the kernel marking the probe gone when the probed module unloads
    /// (`kill_kprobe()`), sets a flag that disables it as well, so whichever write wins, the
    /// probe ends disabled.
    ///
    /// # Safety
    ///
    /// [`RawProbe::unregistered`] returned false for the C struct.
    pub(crate) unsafe fn abandon(&self) {
        // SAFETY: The C struct is valid (and its memory never freed from now on, by the safety
        // requirements); `flags` is read and written like `READ_ONCE` and `WRITE_ONCE`.
        unsafe {
            let flags = &raw mut (*self.kprobe()).flags;
            ptr::write_volatile(
                flags,
                ptr::read_volatile(flags) | bindings::KPROBE_FLAG_DISABLED,
            );
        }
    }

    /// Registers the C struct of `this` disarmed, for `owner`, and checks what the kernel does
    /// not: that a symbol names one function only, and that `symbol+offset` landed inside
    /// it (the kernel would plant an offset past the end of a function in the next one). On
    /// an error the C struct is left unregistered; on success, registered and disarmed.
    ///
    /// # Safety
    ///
    /// - `this` is valid, its C struct filled in for `target` and not registered.
    /// - `owner` points to the registration holding `this`, which stays at its address until it
    ///   unregisters the C struct.
    pub(crate) unsafe fn plant(
        this: *mut Self,
        owner: *const c_void,
        target: Target<'_>,
    ) -> Result<(), SetupError> {
        // Asked before registering: a kprobe event planted next to ours on the same address
        // would turn ours into an aggregated probe, one more indirection on every hit.
        let name = UniqueNameCheck::before_registering(target)?;
        // SAFETY: As in the safety requirements.
        unsafe { Self::register(this, owner, target) }?;
        // SAFETY: `this` is valid.
        let me = unsafe { &*this };
        let addr = me.addr();
        let placed = name
            .after_registering(target, addr)
            .and_then(|()| landing_checks::check_inside(target, addr));
        if placed.is_err() {
            // SAFETY: Registered above.
            unsafe { C::unregister(me.as_ptr()) };
        }
        placed
    }

    /// Registers the C struct of `this` disarmed, for `owner`, without the checks of
    /// [`RawProbe::plant`]: alone, for a probe that passed them at the same target before.
    ///
    /// # Safety
    ///
    /// As for [`RawProbe::plant`].
    pub(crate) unsafe fn register(
        this: *mut Self,
        owner: *const c_void,
        target: Target<'_>,
    ) -> Result<(), SetupError> {
        // INVARIANT: `owner` is the registration holding `this` (safety requirements).
        // SAFETY: `this` is valid and not registered, so nothing else reads `owner`.
        unsafe { (*this).owner = owner };
        // SAFETY: The C struct is filled in and stays at its address until unregistered (safety
        // requirements).
        to_result(unsafe { C::register((*this).as_ptr()) })
            .map_err(|e| SetupError::registering(target, e))
    }

    /// Arms or disarms the probe.
    ///
    /// # Safety
    ///
    /// The C struct is registered.
    pub(crate) unsafe fn set_enabled(&self, enabled: bool) -> Result {
        // SAFETY: The kprobe is registered (safety requirements).
        to_result(unsafe {
            if enabled {
                bindings::enable_kprobe(self.kprobe())
            } else {
                bindings::disable_kprobe(self.kprobe())
            }
        })
    }

    /// Recovers the `RawProbe` holding `c` and the registration it belongs to.
    ///
    /// # Safety
    ///
    /// `c` is the C struct of a registered `RawProbe<C>` whose owner is an `O`.
    pub(crate) unsafe fn from_c<'a, O>(c: *mut C) -> (&'a Self, &'a O) {
        // SAFETY: By the safety requirements, `c` is the `c` field of a `RawProbe<C>`, valid
        // while registered.
        let this = unsafe { &*kernel::container_of!(Opaque::cast_from(c), Self, c) };
        // SAFETY: While the C struct is registered, `owner` points to its registration, an `O`
        // (type invariant and safety requirements).
        (this, unsafe { &*this.owner.cast::<O>() })
    }
}

/// Turns an initializer failing with `E` into one failing with `F`, so that handlers can be
/// given as plain values (whose initializers cannot fail) or initializers failing with
/// [`Error`].
pub(crate) fn map_init_error<T, E, F>(init: impl PinInit<T, E>) -> impl PinInit<T, F>
where
    F: From<E>,
{
    // SAFETY: The closure initializes `slot` exactly as `init` does: on success it is fully
    // initialized, on error it is not, and only the error value is converted.
    unsafe {
        pin_init::pin_init_from_closure(move |slot| {
            super::compat::pinned_init(init, slot).map_err(F::from)
        })
    }
}
