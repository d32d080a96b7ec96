// SPDX-License-Identifier: GPL-2.0

//! Kretprobes: a handler called when a kernel function returns.
//!
//! C header: [`include/linux/kprobes.h`](srctree/include/linux/kprobes.h)
//!
//! Documentation: [`Documentation/trace/kprobes.rst`](srctree/Documentation/trace/kprobes.rst)

use super::{
    bindings,
    error::SetupError,
    raw_probe::{
        map_init_error,
        Location,
        RawProbe, //
    },
    Enable,
    Regs,
    Target, //
};
use core::{
    marker::PhantomPinned,
    mem::{
        align_of,
        needs_drop,
        offset_of,
        size_of,
        ManuallyDrop, //
    },
    ptr, //
};
use kernel::{
    error::VTABLE_DEFAULT_ERROR,
    prelude::*, //
};

/// The handlers of a kretprobe, with data carried from a call's entry to its return.
///
/// # Context
///
/// Both handlers run with preemption disabled (the return handler from the return
/// trampoline, the entry handler from a kprobe): they must not sleep, take a mutex or
/// allocate with `GFP_KERNEL`. Shared state should be atomic.
#[vtable]
pub trait Handler: Sync {
    /// Data kept for one call of the probed function, from [`Handler::entry`] to
    /// [`Handler::ret`].
    ///
    /// It is stored in the kernel's per-instance buffer (`kretprobe_instance.data`), so its
    /// size and alignment are checked at build time. It must not need dropping (no `Drop`,
    /// no `KBox`, no `ARef`; checked at build time too): when the probe is removed while
    /// calls are in flight, or a task never returns from the function, the kernel frees
    /// their instances without calling [`Handler::ret`] or anything else, so a destructor
    /// would never run.
    type Data: Default + Send;

    /// Called at the entry of the probed function. Returns the data for this call, or
    /// [`None`] to ignore the call (its return handler is then not called).
    ///
    /// Optional: without it, each call starts with `Data::default()`, and when `Data` is a
    /// zero-sized type without drop glue no C `entry_handler` is installed.
    fn entry(&self, _regs: &Regs) -> Option<Self::Data> {
        build_error!(VTABLE_DEFAULT_ERROR)
    }

    /// Called when the probed function returns; [`Regs::return_value`] holds its result.
    fn ret(&self, data: Self::Data, regs: &Regs);
}

/// Options of a [`Registration`].
#[derive(Clone, Copy, Default)]
pub struct Options {
    /// How many calls can be tracked at once (`maxactive`); `None` takes the kernel's
    /// default, `max(10, 2 * num_possible_cpus())` whatever the preemption model
    /// (`register_kretprobe()` in kernel/kprobes.c; kernels before 6.7 took
    /// `num_possible_cpus()` without `CONFIG_PREEMPTION`). Calls beyond it are counted by
    /// [`Registration::nmissed`]; [`Registration::maxactive`] says how many the kernel took.
    /// At most [`MAXACTIVE_MAX`].
    pub maxactive: Option<u32>,
    /// Whether to plant the probe disarmed (default: no): its handlers are not called until
    /// [`Enable::enable`], not even once.
    pub disabled: bool,
}

/// The most calls a kretprobe may track at once: the limit of `kprobe_events`
/// (`KRETPROBE_MAXACTIVE_MAX` in `kernel/trace/trace_kprobe.c`). `register_kretprobe()`
/// itself takes any number and preallocates that many instances: a huge one ends in an
/// allocation warning (an order above `MAX_PAGE_ORDER`) or takes the machine's memory.
pub const MAXACTIVE_MAX: u32 = 4096;

/// Missed calls of a kretprobe, from the two counters the kernel keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Missed {
    /// Calls not tracked because `maxactive` instances were already in flight
    /// (`kretprobe.nmissed`).
    pub maxactive: usize,
    /// Entries missed because another probe was running on the CPU (`kretprobe.kp.nmissed`).
    pub kprobe: usize,
}

impl Missed {
    /// Both counters together.
    pub fn total(&self) -> usize {
        self.maxactive + self.kprobe
    }
}

/// A registered kretprobe.
///
/// It goes on a function's entry: a [`Target::Symbol`] with an offset is refused. Dropping
/// it unregisters the probe and waits for handlers still running.
///
/// Should the kernel fail to remove the probe (it then warns, "Failed to disarm
/// kprobe-ftrace"; see `unregister_kretprobes()` in kernel/kprobes.c), the probe may stay on
/// the kernel's lists for good: it is disabled in place, so that no handler is called again,
/// its memory (the C struct, in an allocation of its own) is leaked, and the registration
/// logs a warning saying so.
///
/// # Examples
///
/// How long each `kernel_clone()` takes and what it returns, the start time carried from a
/// call's entry to its return as the call's data:
///
/// ```
/// # use kernel::kprobes::{kretprobe::{self, Options}, Regs, Target, Timestamp};
/// struct Clones;
///
/// #[vtable]
/// impl kretprobe::Handler for Clones {
///     type Data = Timestamp;
///
///     fn entry(&self, _regs: &Regs) -> Option<Timestamp> {
///         Some(Timestamp::now())
///     }
///
///     fn ret(&self, start: Timestamp, regs: &Regs) {
///         let pid = regs.return_value::<i64>();
///         pr_info!("kernel_clone returned {pid} after {} ns\n", start.elapsed_ns());
///     }
/// }
///
/// let reg = KBox::pin_init(
///     kretprobe::Registration::new(Target::symbol(c"kernel_clone"), Options::default(), Clones),
///     GFP_KERNEL,
/// )?;
/// # assert_eq!(reg.nmissed().total(), 0);
/// # Ok::<(), Error>(())
/// ```
///
/// # Invariants
///
/// `planted.rp` is registered, and its callbacks find `self` through it. `planted` is dropped
/// only by the destructor, once the kernel unregistered `planted.rp`.
#[pin_data(PinnedDrop)]
pub struct Registration<T: Handler> {
    // Dropped by the destructor, or leaked if the kernel still reaches it.
    planted: ManuallyDrop<Pin<KBox<Planted>>>,
    #[pin]
    handler: T,
    #[pin]
    _pin: PhantomPinned,
}

/// What the kernel reads of a [`Registration`]: the C struct, and the symbol name it points
/// to. In an allocation of their own, which the registration leaks if the kernel fails to
/// unregister the C struct and may still reach it: a registration may be in memory freed with
/// it, such as a module's.
#[pin_data]
struct Planted {
    #[pin]
    rp: RawProbe<bindings::kretprobe>,
    // Keeps `rp`'s `symbol_name` valid.
    location: Location,
}

impl<T: Handler> Registration<T> {
    /// Build-time checks of `T::Data` against the kernel's per-instance buffer.
    const DATA_FITS: () = {
        assert!(
            size_of::<T::Data>() <= bindings::KRETPROBE_MAX_DATA_SIZE as usize,
            "kretprobe::Handler::Data is larger than KRETPROBE_MAX_DATA_SIZE"
        );
        // The instances are allocated with kmalloc-style alignment (at least 8 bytes).
        assert!(
            align_of::<T::Data>() <= 8
                && offset_of!(bindings::kretprobe_instance, data) % align_of::<T::Data>() == 0,
            "kretprobe::Handler::Data needs more alignment than the instance buffer has"
        );
        // The kernel frees the instances of calls that never reach the return handler
        // without telling anyone: their data cannot be dropped.
        assert!(
            !needs_drop::<T::Data>(),
            "kretprobe::Handler::Data must not need dropping (it would leak on unload)"
        );
    };

    /// Whether the C `entry_handler` is needed: to call `T::entry` or to store the data.
    const NEEDS_ENTRY: bool = T::HAS_ENTRY || size_of::<T::Data>() != 0;

    /// Plants a return probe on `target` calling `handler`, and arms it unless
    /// `options.disabled`.
    pub fn new<E>(
        target: Target<'_>,
        options: Options,
        handler: impl PinInit<T, E>,
    ) -> impl PinInit<Self, SetupError>
    where
        SetupError: From<E>,
    {
        #[allow(clippy::let_unit_value)]
        let () = Self::DATA_FITS;
        let handler = map_init_error(handler);
        let planted = Self::new_planted(target, options);
        // INVARIANT: If initialization completes successfully, `register` registered
        // `planted.rp` with `this` as its owner.
        try_pin_init!(&this in Self {
            handler <- handler,
            // After `handler`: should that fail, `planted` is dropped with the closure.
            planted: ManuallyDrop::new(planted?),
            _pin: PhantomPinned,
            _: {
                // SAFETY: All fields are initialized and `this` is pinned: the registration does
                // not move until its destructor, which unregisters the probe.
                unsafe { Self::register(this.as_ptr(), options.disabled) }?;
            }
        }? SetupError)
    }

    /// Checks `target` and `options`, and fills in the kretprobe in an allocation of its own.
    fn new_planted(target: Target<'_>, options: Options) -> Result<Pin<KBox<Planted>>, SetupError> {
        let location = Location::new(target)?;
        if let Target::Symbol(_, offset) = target {
            if offset != 0 {
                // `register_kretprobe()` would refuse it (`kprobe_on_func_entry()`) with the
                // `-EINVAL` that otherwise means a blacklisted function.
                return Err(SetupError::at(
                    target,
                    EINVAL,
                    fmt!(
                        "a return probe goes on the function's entry: drop the offset \
                         ({offset:#x})"
                    ),
                ));
            }
        }
        if let Some(maxactive) = options.maxactive.filter(|&m| m > MAXACTIVE_MAX) {
            return Err(SetupError::at(
                target,
                E2BIG,
                fmt!("maxactive={maxactive}: at most {MAXACTIVE_MAX} calls can be tracked at once"),
            ));
        }
        let rp = bindings::kretprobe {
            // The symbol name it points to is in `location`'s own buffer, which moves into
            // `Planted` with it.
            kp: location.kprobe(),
            handler: Some(return_callback::<T>),
            entry_handler: if Self::NEEDS_ENTRY {
                Some(entry_callback::<T>)
            } else {
                None
            },
            // At most `MAXACTIVE_MAX` (checked above).
            maxactive: options.maxactive.map_or(0, |m| m as i32),
            data_size: size_of::<T::Data>(),
            ..Default::default()
        };
        let planted = Planted {
            rp: RawProbe::new(rp),
            location,
        };
        Ok(KBox::pin(planted, GFP_KERNEL)?)
    }

    /// Plants the probe of `this` (disarmed, checking where it landed), then arms it unless
    /// `disabled`. On an error, `planted` is dropped (or leaked, see
    /// [`Registration::unregister`]).
    ///
    /// # Safety
    ///
    /// `this` must point to a fully initialized, pinned `Registration` that nothing else
    /// references yet.
    unsafe fn register(this: *mut Self, disabled: bool) -> Result<(), SetupError> {
        // SAFETY: By the safety requirements, `this` is valid and not aliased.
        let planted = unsafe { &mut (*this).planted };
        // SAFETY: Only the field's address is taken: nothing moves.
        let rp = unsafe { &raw mut Pin::get_unchecked_mut(Pin::as_mut(&mut **planted)).rp };
        // SAFETY: The kretprobe is filled in for the target of `location` (`new_planted`), not
        // registered, and in an allocation that is freed only after it is unregistered; its
        // owner `this` is pinned until its destructor unregisters it.
        let placed = unsafe { RawProbe::plant(rp, this.cast(), planted.location.target()) };
        if let Err(e) = placed {
            // SAFETY: Not registered: nothing else uses it.
            unsafe { ManuallyDrop::drop(planted) };
            return Err(e);
        }
        if disabled {
            return Ok(());
        }
        // SAFETY: Registered above.
        let armed = unsafe { planted.rp.set_enabled(true) };
        if armed.is_err() {
            // SAFETY: Registered above, and not referenced by anything else.
            unsafe { Self::unregister(planted) };
        }
        Ok(armed?)
    }

    /// Unregisters the kretprobe of `planted`, waiting for its handlers in flight, then drops
    /// `planted`; or leaks it, with a warning, if the kernel failed to unregister it.
    ///
    /// # Safety
    ///
    /// `planted.rp` is registered, and `planted` is not used afterwards.
    unsafe fn unregister(planted: &mut ManuallyDrop<Pin<KBox<Planted>>>) {
        // SAFETY: Registered (safety requirements). `unregister_kretprobe` waits for handlers
        // in flight.
        unsafe { bindings::unregister_kretprobe(planted.rp.as_ptr()) };
        // SAFETY: Registered, and just unregistered.
        if unsafe { planted.rp.unregistered() } {
            // SAFETY: The kernel no longer reaches it, and it is not used afterwards (safety
            // requirements).
            unsafe { ManuallyDrop::drop(planted) };
            return;
        }
        // SAFETY: The kernel failed to unregister it: its memory is leaked (not dropped).
        unsafe { planted.rp.abandon() };
        pr_warn!(
            "kretprobe at {} could not be unregistered: the kernel failed to remove it (see its \
             warning above) and may still reach it: disabled in place, its memory ({} bytes) \
             leaked\n",
            planted.location.target(),
            size_of::<Planted>()
        );
    }

    /// Returns the handler.
    pub fn handler(&self) -> &T {
        &self.handler
    }

    /// Returns the address the probe was planted at (the function's entry).
    pub fn addr(&self) -> usize {
        self.planted.rp.addr()
    }

    /// Returns the symbol the probe was planted on, if it was given by name.
    pub fn symbol(&self) -> Option<&CStr> {
        self.planted.location.symbol()
    }

    /// Returns how many calls the probe can track at once: [`Options::maxactive`], or the
    /// kernel's default, which `register_kretprobe()` wrote in its place.
    pub fn maxactive(&self) -> u32 {
        // SAFETY: The field is valid, written by the registration and not changed while the
        // kretprobe is registered.
        let maxactive = unsafe { (*self.planted.rp.as_ptr()).maxactive };
        maxactive.max(0) as u32
    }

    /// Returns the calls the probe missed so far.
    pub fn nmissed(&self) -> Missed {
        // SAFETY: The field is valid; the kernel increments it concurrently (a plain C
        // increment, read here like `READ_ONCE`).
        let maxactive =
            unsafe { ptr::read_volatile(&raw const (*self.planted.rp.as_ptr()).nmissed) };
        Missed {
            maxactive: maxactive.max(0) as usize,
            kprobe: self.planted.rp.nmissed(),
        }
    }

    /// Recovers the registration from a kretprobe instance, or `None` while the kretprobe is
    /// being unregistered and the kernel no longer says which it is.
    ///
    /// Without rethook (arm64), `unregister_kretprobes()` clears the instances' holder
    /// (`rph->rp`) before it waits for the handlers in flight: a CPU already past the probe's
    /// breakpoint still calls the entry handler, and the return handler may read the holder
    /// after the kernel did. The kernel's own `get_kretprobe()` may return `NULL` there too.
    ///
    /// # Safety
    ///
    /// `ri` must be an instance of the kretprobe of a `Registration<T>`, registered or being
    /// unregistered (its handlers may still run).
    unsafe fn from_instance<'a>(ri: *mut bindings::kretprobe_instance) -> Option<&'a Self> {
        // SAFETY: The kernel's `get_kretprobe()`: the rethook of an instance keeps the
        // kretprobe in its `data`, which the kernel never changes.
        #[cfg(CONFIG_KRETPROBE_ON_RETHOOK)]
        let rp = unsafe { (*(*ri).node.rethook).data.cast::<bindings::kretprobe>() };
        // SAFETY: The kernel's `get_kretprobe()`: the holder of an instance points to the
        // kretprobe, or is `NULL` once unregistering began (`rcu_assign_pointer()`, read here
        // like `rcu_dereference()`).
        #[cfg(not(CONFIG_KRETPROBE_ON_RETHOOK))]
        let rp = unsafe { ptr::read_volatile(&raw const (*(*ri).rph).rp) };
        if rp.is_null() {
            return None;
        }
        // SAFETY: `rp` is the kretprobe of a `Registration<T>` whose handlers may still run
        // (safety requirements), held by a `RawProbe` (in its `Planted`) whose owner is that
        // registration.
        Some(unsafe { RawProbe::from_c::<Self>(rp) }.1)
    }
}

impl<T: Handler> Enable for Registration<T> {
    fn set_enabled(&self, enabled: bool) -> Result {
        // SAFETY: The kretprobe is registered (type invariant). Disarmed, calls already
        // entered still reach their return handler.
        unsafe { self.planted.rp.set_enabled(enabled) }
    }
}

#[pinned_drop]
impl<T: Handler> PinnedDrop for Registration<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: The kretprobe is registered (type invariant), and `planted` is not used after
        // this. `unregister_kretprobe` waits for handlers in flight, so no callback uses `self`
        // after this returns; a probe the kernel failed to unregister is disabled, its
        // handlers never called again.
        unsafe { Self::unregister(self.project().planted) };
    }
}

/// # Safety
///
/// Only used as the `entry_handler` of the kretprobe of a `Registration<T>`, while it is
/// registered or being unregistered.
unsafe extern "C" fn entry_callback<T: Handler>(
    ri: *mut bindings::kretprobe_instance,
    regs: *mut bindings::pt_regs,
) -> c_int {
    // SAFETY: `ri` belongs to the kretprobe of a `Registration<T>` whose handlers may run.
    let Some(this) = (unsafe { Registration::<T>::from_instance(ri) }) else {
        // Being unregistered: drop the instance, no return handler (as below).
        return 1;
    };
    // SAFETY: `regs` is valid for the duration of the call.
    let regs = unsafe { Regs::from_raw(regs) };
    let data = if T::HAS_ENTRY {
        match this.handler.entry(regs) {
            Some(data) => data,
            // Non-zero: the kernel drops this instance and skips the return handler.
            None => return 1,
        }
    } else {
        T::Data::default()
    };
    // SAFETY: `data` is a buffer of `data_size == size_of::<T::Data>()` bytes, suitably
    // aligned (checked by `DATA_FITS`), owned by this instance until its return handler.
    unsafe { (*ri).data.as_mut_ptr().cast::<T::Data>().write(data) };
    0
}

/// # Safety
///
/// Only used as the `handler` of the kretprobe of a `Registration<T>`, while it is registered
/// or being unregistered.
unsafe extern "C" fn return_callback<T: Handler>(
    ri: *mut bindings::kretprobe_instance,
    regs: *mut bindings::pt_regs,
) -> c_int {
    // SAFETY: `ri` belongs to the kretprobe of a `Registration<T>` whose handlers may run.
    let Some(this) = (unsafe { Registration::<T>::from_instance(ri) }) else {
        // Being unregistered: the data needs no drop (`DATA_FITS`), the call goes unreported.
        return 0;
    };
    let data = if Registration::<T>::NEEDS_ENTRY {
        // SAFETY: The entry callback wrote a `T::Data` for this instance (the kernel calls
        // the return handler only when the entry handler returned 0); it is moved out once.
        unsafe { (*ri).data.as_mut_ptr().cast::<T::Data>().read() }
    } else {
        T::Data::default()
    };
    // SAFETY: `regs` is valid for the duration of the call.
    this.handler.ret(data, unsafe { Regs::from_raw(regs) });
    0
}
