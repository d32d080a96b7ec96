// SPDX-License-Identifier: GPL-2.0

//! Kretprobes: a handler called when a kernel function returns.
//!
//! C header: [`include/linux/kprobes.h`](srctree/include/linux/kprobes.h)
//!
//! Documentation: [`Documentation/trace/kprobes.rst`](srctree/Documentation/trace/kprobes.rst)

use super::{
    bindings,
    kprobe,
    target::{
        explain_error,
        report_error, //
        NameCheck,
    },
    Regs,
    Target, //
};
use core::{
    marker::PhantomPinned,
    mem::{
        align_of,
        needs_drop,
        offset_of,
        size_of, //
    },
    ptr, //
};
use kernel::{
    error::{
        to_result,
        VTABLE_DEFAULT_ERROR, //
    },
    prelude::*,
    str::CString,
    types::Opaque, //
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
    /// default, `max(10, 2 * CPUs)`. Calls beyond it are counted by [`Registration::nmissed`].
    /// At most [`MAXACTIVE_MAX`].
    pub maxactive: Option<u32>,
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
/// Dropping it unregisters the probe and waits for handlers still running.
///
/// # Invariants
///
/// `rp` is a kretprobe registered with `register_kretprobe` whose callbacks find `self`
/// through `container_of`.
#[pin_data(PinnedDrop)]
pub struct Registration<T: Handler> {
    #[pin]
    rp: Opaque<bindings::kretprobe>,
    // Keeps `rp.kp.symbol_name` valid.
    symbol: Option<CString>,
    #[pin]
    handler: T,
    #[pin]
    _pin: PhantomPinned,
}

// SAFETY: The C side allows unregistering from any thread; the handler is moved along.
unsafe impl<T: Handler + Send> Send for Registration<T> {}

// SAFETY: `&self` methods call the C API, which serializes on `kprobe_mutex`, or read
// counters with volatile loads; `T` is `Sync`.
unsafe impl<T: Handler> Sync for Registration<T> {}

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

    /// Plants a return probe on `target` calling `handler`.
    pub fn new<E>(
        target: Target<'_>,
        options: Options,
        handler: impl PinInit<T, E>,
    ) -> impl PinInit<Self, Error>
    where
        Error: From<E>,
    {
        #[allow(clippy::let_unit_value)]
        let () = Self::DATA_FITS;
        let handler = super::into_error_init(handler);
        let valid = super::target::validate(target);
        let (symbol, offset, addr) = match target {
            Target::Symbol(name, offset) => (
                CString::try_from(name).map(Some).map_err(|_| ENOMEM),
                offset,
                0,
            ),
            Target::Address(addr) => (Ok(None), 0, addr),
        };
        // INVARIANT: If initialization completes successfully, `register` registered `rp`,
        // which its callbacks map back to `this` with `container_of!`.
        try_pin_init!(&this in Self {
            symbol: valid.and(symbol)?,
            handler <- handler,
            _pin: PhantomPinned,
            rp <- Opaque::zeroed(),
            _: {
                // SAFETY: All fields are initialized and `this` is pinned: the registration
                // does not move until its destructor, which unregisters the probe.
                unsafe { Self::register(this.as_ptr(), offset, addr, options) }?;
            }
        })
    }

    /// # Safety
    ///
    /// `this` must point to a fully initialized, pinned `Registration` that nothing else
    /// references yet.
    unsafe fn register(this: *mut Self, offset: u32, addr: usize, options: Options) -> Result {
        // SAFETY: By the safety requirements, `this` is valid and not aliased.
        let me = unsafe { &*this };
        let rp = me.rp.get();
        let target = match &me.symbol {
            Some(name) => Target::Symbol(name, offset),
            None => Target::Address(addr),
        };
        if let Some(maxactive) = options.maxactive.filter(|&m| m > MAXACTIVE_MAX) {
            return Err(report_error(
                c"register_kretprobe",
                target,
                E2BIG,
                fmt!("maxactive={maxactive}: at most {MAXACTIVE_MAX} calls can be tracked at once"),
            ));
        }
        let symbol_name = me.symbol.as_ref().map_or(ptr::null(), |s| s.as_char_ptr());
        // SAFETY: `rp` is valid for writes and not registered yet.
        unsafe {
            (*rp).kp.symbol_name = symbol_name;
            (*rp).kp.offset = offset;
            (*rp).kp.addr = addr as *mut bindings::kprobe_opcode_t;
            (*rp).handler = Some(return_callback::<T>);
            (*rp).entry_handler = if Self::NEEDS_ENTRY {
                Some(entry_callback::<T>)
            } else {
                None
            };
            // At most `MAXACTIVE_MAX` (checked above).
            (*rp).maxactive = options.maxactive.map_or(0, |m| m as i32);
            (*rp).data_size = size_of::<T::Data>();
            (*rp).kp.flags = bindings::KPROBE_FLAG_DISABLED;
        }
        let name = NameCheck::ask(target)?;
        // SAFETY: `rp` is a valid kretprobe with its target and callbacks set. It stays at
        // this address until the destructor unregisters it.
        to_result(unsafe { bindings::register_kretprobe(rp) })
            .map_err(|e| explain_error(c"register_kretprobe", target, e))?;
        let checked = name
            .finish(target, me.addr(), c"register_kretprobe")
            .and_then(|()| match target {
                Target::Symbol(name, offset) if offset != 0 => {
                    super::target::check_inside(name, offset, me.addr())
                }
                _ => Ok(()),
            });
        // SAFETY: `rp` was registered above.
        let enabled =
            checked.and_then(|()| to_result(unsafe { bindings::enable_kprobe(&raw mut (*rp).kp) }));
        if enabled.is_err() {
            // SAFETY: `rp` was registered above.
            unsafe { bindings::unregister_kretprobe(rp) };
        }
        // INVARIANT: On success `rp` is registered, and stays so until the destructor.
        enabled
    }

    /// Returns the handler.
    pub fn handler(&self) -> &T {
        &self.handler
    }

    /// Returns the address the probe was planted at (the function's entry).
    pub fn addr(&self) -> usize {
        // SAFETY: `addr` is written by `register_kretprobe` and not changed while registered.
        unsafe { (*self.rp.get()).kp.addr as usize }
    }

    /// Returns the symbol the probe was planted on, if it was given by name.
    pub fn symbol(&self) -> Option<&CStr> {
        self.symbol.as_deref()
    }

    /// Returns the calls the probe missed so far.
    pub fn nmissed(&self) -> Missed {
        // SAFETY: The field is valid; the kernel increments it concurrently (a plain C
        // increment, read here like `READ_ONCE`).
        let maxactive = unsafe { ptr::read_volatile(&raw const (*self.rp.get()).nmissed) };
        Missed {
            maxactive: maxactive.max(0) as usize,
            // SAFETY: `kp` is part of `rp`, valid while `self` is.
            kprobe: unsafe { kprobe::nmissed(&raw mut (*self.rp.get()).kp) },
        }
    }

    /// Disarms the probe: handlers stop being called until [`Registration::enable`]. Calls
    /// already entered still reach their return handler.
    pub fn disable(&self) -> Result {
        // SAFETY: The kretprobe is registered (type invariant).
        to_result(unsafe { bindings::disable_kprobe(&raw mut (*self.rp.get()).kp) })
    }

    /// Re-arms a probe disarmed by [`Registration::disable`].
    pub fn enable(&self) -> Result {
        // SAFETY: The kretprobe is registered (type invariant).
        to_result(unsafe { bindings::enable_kprobe(&raw mut (*self.rp.get()).kp) })
    }

    /// Recovers the registration from a kretprobe instance.
    ///
    /// # Safety
    ///
    /// `ri` must be an instance of the kretprobe of a live `Registration<T>`.
    unsafe fn from_instance<'a>(ri: *mut bindings::kretprobe_instance) -> &'a Self {
        // SAFETY: The kernel's `get_kretprobe()`: the rethook of an instance keeps the
        // kretprobe in its `data`, valid while handlers run.
        #[cfg(CONFIG_KRETPROBE_ON_RETHOOK)]
        let rp = unsafe { (*(*ri).node.rethook).data.cast::<bindings::kretprobe>() };
        // SAFETY: As above, through the instance's holder.
        #[cfg(not(CONFIG_KRETPROBE_ON_RETHOOK))]
        let rp = unsafe { (*(*ri).rph).rp };
        // SAFETY: `rp` is the `rp` field of a `Registration<T>` (type invariant).
        unsafe { &*kernel::container_of!(Opaque::cast_from(rp), Self, rp) }
    }
}

#[pinned_drop]
impl<T: Handler> PinnedDrop for Registration<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: The kretprobe is registered (type invariant). `unregister_kretprobe` waits
        // for handlers in flight, so no callback uses `self` after this returns.
        unsafe { bindings::unregister_kretprobe(self.rp.get()) };
    }
}

/// # Safety
///
/// Only used as the `entry_handler` of the kretprobe of a registered `Registration<T>`.
unsafe extern "C" fn entry_callback<T: Handler>(
    ri: *mut bindings::kretprobe_instance,
    regs: *mut bindings::pt_regs,
) -> c_int {
    // SAFETY: `ri` belongs to the kretprobe of a live `Registration<T>`.
    let this = unsafe { Registration::<T>::from_instance(ri) };
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
/// Only used as the `handler` of the kretprobe of a registered `Registration<T>`.
unsafe extern "C" fn return_callback<T: Handler>(
    ri: *mut bindings::kretprobe_instance,
    regs: *mut bindings::pt_regs,
) -> c_int {
    // SAFETY: `ri` belongs to the kretprobe of a live `Registration<T>`.
    let this = unsafe { Registration::<T>::from_instance(ri) };
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

impl<T: Handler> super::param::Arm for Registration<T> {
    fn arm(&self, on: bool) -> Result {
        if on {
            self.enable()
        } else {
            self.disable()
        }
    }
}
