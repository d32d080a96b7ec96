// SPDX-License-Identifier: GPL-2.0

//! Kprobes: a handler called when the CPU reaches a kernel instruction.
//!
//! C header: [`include/linux/kprobes.h`](srctree/include/linux/kprobes.h)
//!
//! Documentation: [`Documentation/trace/kprobes.rst`](srctree/Documentation/trace/kprobes.rst)

use super::{
    bindings,
    target::{
        explain_error,
        NameCheck, //
    },
    Regs,
    Target, //
};
use core::{
    marker::PhantomPinned,
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

/// A planted probe, as handlers and the owner of a [`Registration`] see it.
///
/// # Invariants
///
/// `kp` is registered with `register_kprobe` while the [`Registration`] holding `self` lives.
#[repr(C)]
pub struct Probe {
    kp: Opaque<bindings::kprobe>,
    index: usize,
    // Keeps `kp.symbol_name` valid.
    symbol: Option<CString>,
}

impl Probe {
    /// Returns the position of this probe's target in the targets of its [`Registration`].
    pub fn index(&self) -> usize {
        self.index
    }

    /// Returns the symbol the probe was planted on, if it was given by name.
    pub fn symbol(&self) -> Option<&CStr> {
        self.symbol.as_deref()
    }

    /// Returns the address of the probed instruction.
    pub fn addr(&self) -> usize {
        // SAFETY: `addr` is written by `register_kprobe` and not changed while registered.
        unsafe { (*self.kp.get()).addr as usize }
    }

    /// Returns how many times the probe was hit but its handlers were not run, because
    /// another probe was already running on the same CPU.
    pub fn nmissed(&self) -> usize {
        // SAFETY: `kp` is valid while `self` is.
        unsafe { nmissed(self.kp.get()) }
    }

    fn flags(&self) -> u32 {
        // SAFETY: The field is valid; the kernel changes `flags` under `kprobe_mutex`, read
        // here like `READ_ONCE`.
        unsafe { ptr::read_volatile(&raw const (*self.kp.get()).flags) }
    }

    /// Returns whether the probe is disabled (see [`Registration::disable`]).
    pub fn is_disabled(&self) -> bool {
        self.flags() & (bindings::KPROBE_FLAG_DISABLED | bindings::KPROBE_FLAG_GONE) != 0
    }

    /// Returns whether the kernel turned the breakpoint into a jump (no post handler).
    pub fn is_optimized(&self) -> bool {
        self.flags() & bindings::KPROBE_FLAG_OPTIMIZED != 0
    }

    /// Returns whether the probe runs from ftrace's function entry hook.
    pub fn is_ftrace(&self) -> bool {
        self.flags() & bindings::KPROBE_FLAG_FTRACE != 0
    }

    fn target(&self) -> Target<'_> {
        match &self.symbol {
            // SAFETY: `offset` is set before registration and not changed afterwards.
            Some(name) => Target::Symbol(name, unsafe { (*self.kp.get()).offset }),
            None => Target::Address(self.addr()),
        }
    }

    /// Checks what the kernel does not: that the symbol is unique, and that a probe
    /// planted at `symbol+offset` is still inside `symbol` (the kernel would silently plant
    /// an offset past the end of a function in the next one).
    fn check(&self, name: NameCheck) -> Result {
        let target = self.target();
        name.finish(target, self.addr(), c"register_kprobe")?;
        match target {
            Target::Symbol(name, offset) if offset != 0 => {
                super::target::check_inside(name, offset, self.addr())
            }
            _ => Ok(()),
        }
    }
}

/// Reads the `nmissed` counter of a kprobe.
///
/// # Safety
///
/// `kp` must point to a valid `struct kprobe`.
pub(crate) unsafe fn nmissed(kp: *mut bindings::kprobe) -> usize {
    // SAFETY: `kp` is valid by the safety requirements. The kernel increments the counter
    // concurrently (a plain C increment), read here like `READ_ONCE`.
    unsafe { ptr::read_volatile(&raw const (*kp).nmissed) as usize }
}

/// The handlers of a kprobe.
///
/// # Context
///
/// Handlers run with preemption disabled, and on some architectures and probe points with
/// interrupts disabled too: they must not sleep, take a mutex or allocate with
/// `GFP_KERNEL`. Keep them short; shared state should be atomic. A probe hit inside a
/// handler (recursion) is not handled but counted in [`Probe::nmissed`].
#[vtable]
pub trait Handler: Sync {
    /// Called before the probed instruction executes.
    fn pre(&self, probe: &Probe, regs: &Regs);

    /// Called after the probed instruction executed.
    ///
    /// Optional: only a handler that implements it gets a C `post_handler`, because a post
    /// handler stops the kernel from optimizing the probe into a jump.
    fn post(&self, _probe: &Probe, _regs: &Regs) {
        build_error!(VTABLE_DEFAULT_ERROR)
    }
}

/// Options of a [`Registration`].
#[derive(Clone, Copy)]
pub struct Options {
    /// Whether to install the handler's [`Handler::post`], if it has one (default: yes).
    /// Without a post handler the kernel can optimize the probe into a jump.
    pub post: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self { post: true }
    }
}

/// A [`Probe`] of a [`Registration`], with what the callbacks need to find the handler.
#[repr(C)]
struct Slot<T: Handler> {
    probe: Probe,
    owner: *const Registration<T>,
}

impl<T: Handler> Slot<T> {
    fn kp(&self) -> *mut bindings::kprobe {
        self.probe.kp.get()
    }

    /// Recovers the slot of a kprobe.
    ///
    /// # Safety
    ///
    /// `kp` must be the `kp` of the `probe` of a live `Slot<T>`.
    unsafe fn from_kp<'a>(kp: *mut bindings::kprobe) -> &'a Self {
        // SAFETY: By the safety requirements, `kp` is embedded in a `Probe` embedded in a
        // `Slot<T>`.
        unsafe {
            let probe = kernel::container_of!(Opaque::cast_from(kp), Probe, kp);
            &*kernel::container_of!(probe, Self, probe)
        }
    }
}

/// A registration of one or more kprobes sharing a [`Handler`].
///
/// All probes are planted or none: if one target fails, the ones already planted are
/// removed and the error names the failing target. Dropping the registration removes the
/// probes and waits for handlers still running.
///
/// # Examples
///
/// ```ignore
/// struct Counter(Atomic<u64>);
///
/// #[vtable]
/// impl kprobe::Handler for Counter {
///     fn pre(&self, _probe: &Probe, _regs: &Regs) {
///         self.0.add(1, Relaxed);
///     }
/// }
///
/// let reg = KBox::pin_init(
///     kprobe::Registration::new(
///         [Target::symbol(c"kernel_clone")],
///         Options::default(),
///         Counter(Atomic::new(0)),
///     ),
///     GFP_KERNEL,
/// )?;
/// ```
///
/// # Invariants
///
/// Every `Slot` in `slots` holds a kprobe registered with `register_kprobe` whose callbacks
/// find `self` through `Slot::owner`. `slots` is never resized after registration.
#[pin_data(PinnedDrop)]
pub struct Registration<T: Handler> {
    slots: KVec<Slot<T>>,
    #[pin]
    handler: T,
    #[pin]
    _pin: PhantomPinned,
}

// SAFETY: The C side allows unregistering from any thread; the handler is moved along.
unsafe impl<T: Handler + Send> Send for Registration<T> {}

// SAFETY: `&self` methods call the C API, which serializes on `kprobe_mutex`, or read
// fields the kernel does not change while registered; `T` is `Sync`.
unsafe impl<T: Handler> Sync for Registration<T> {}

impl<T: Handler> Registration<T> {
    /// Plants kprobes at `targets`, all calling `handler`, and arms them.
    pub fn new<'a, E>(
        targets: impl IntoIterator<Item = Target<'a>>,
        options: Options,
        handler: impl PinInit<T, E>,
    ) -> impl PinInit<Self, Error>
    where
        Error: From<E>,
    {
        let slots = Self::slots(targets, options);
        let handler = super::into_error_init(handler);
        // INVARIANT: If initialization completes successfully, `register` registered every
        // kprobe of `slots` with `owner` pointing to `this`, and `slots` is not resized after.
        try_pin_init!(&this in Self {
            slots: slots?,
            handler <- handler,
            _pin: PhantomPinned,
            _: {
                // SAFETY: All fields are initialized and `this` is pinned: the registration
                // does not move until its destructor, which unregisters the probes.
                unsafe { Self::register(this.as_ptr()) }?;
            }
        })
    }

    fn slots<'a>(
        targets: impl IntoIterator<Item = Target<'a>>,
        options: Options,
    ) -> Result<KVec<Slot<T>>> {
        let mut slots = KVec::new();
        for (index, target) in targets.into_iter().enumerate() {
            super::target::validate(target)?;
            let symbol = match target {
                Target::Symbol(name, _) => Some(CString::try_from(name)?),
                Target::Address(_) => None,
            };
            let kp = bindings::kprobe {
                symbol_name: symbol.as_ref().map_or(ptr::null(), |s| s.as_char_ptr()),
                offset: match target {
                    Target::Symbol(_, offset) => offset,
                    Target::Address(_) => 0,
                },
                addr: match target {
                    Target::Symbol(..) => ptr::null_mut(),
                    Target::Address(addr) => addr as *mut bindings::kprobe_opcode_t,
                },
                pre_handler: Some(pre_handler_callback::<T>),
                post_handler: if T::HAS_POST && options.post {
                    Some(post_handler_callback::<T>)
                } else {
                    None
                },
                // Planted disarmed, checked, then armed: see `register`.
                flags: bindings::KPROBE_FLAG_DISABLED,
                ..Default::default()
            };
            slots.push(
                Slot {
                    probe: Probe {
                        kp: Opaque::new(kp),
                        index,
                        symbol,
                    },
                    owner: ptr::null(),
                },
                GFP_KERNEL,
            )?;
        }
        Ok(slots)
    }

    /// Registers the probes of `this` (disarmed), checks where they landed, and arms them.
    ///
    /// # Safety
    ///
    /// `this` must point to a fully initialized, pinned `Registration` that nothing else
    /// references yet.
    unsafe fn register(this: *mut Self) -> Result {
        // SAFETY: By the safety requirements, `this` is valid and not aliased.
        let slots = unsafe { &mut (*this).slots };
        for slot in slots.iter_mut() {
            // INVARIANT: The callbacks of the slot's kprobe find `this`, where the registration
            // stays until its destructor unregisters the kprobe.
            slot.owner = this;
        }
        for (i, slot) in slots.iter().enumerate() {
            let target = slot.probe.target();
            let ret = NameCheck::ask(target).and_then(|name| {
                // SAFETY: `slot.kp` is a valid kprobe with its target and callbacks set. It
                // stays at this address until it is unregistered: `slots` is not resized
                // after this point and is dropped only after the probes are unregistered.
                to_result(unsafe { bindings::register_kprobe(slot.kp()) })
                    .map_err(|e| explain_error(c"register_kprobe", target, e))?;
                slot.probe.check(name)
            });
            if let Err(e) = ret {
                // SAFETY: The probes before `i` are registered, and the `i`-th if it passed
                // `register_kprobe`; `unregister_kprobes` skips ones that are not.
                unsafe { Self::unregister(&slots[..=i]) };
                return Err(e);
            }
        }
        for slot in slots.iter() {
            // SAFETY: `slot.kp` was registered above.
            if let Err(e) = to_result(unsafe { bindings::enable_kprobe(slot.kp()) }) {
                // SAFETY: All probes were registered above.
                unsafe { Self::unregister(slots) };
                return Err(e);
            }
        }
        // INVARIANT: Every kprobe of `slots` is registered, and each `Probe` stays registered
        // until the registration's destructor.
        Ok(())
    }

    /// Unregisters the given probes, waiting for their handlers to finish.
    ///
    /// # Safety
    ///
    /// Each kprobe in `slots` is registered or was never registered.
    unsafe fn unregister(slots: &[Slot<T>]) {
        let mut ptrs = KVec::<*mut bindings::kprobe>::new();
        for slot in slots {
            if ptrs.push(slot.kp(), GFP_KERNEL).is_err() {
                // Out of memory: unregister one by one instead of in one batch.
                // SAFETY: As in the safety requirements of this function.
                unsafe { bindings::unregister_kprobe(slot.kp()) };
            }
        }
        // SAFETY: The pointers are valid kprobes, registered or never registered (the C side
        // ignores those). `unregister_kprobes` waits for handlers in flight
        // (`synchronize_rcu`) before it returns.
        unsafe { bindings::unregister_kprobes(ptrs.as_mut_ptr(), ptrs.len() as i32) };
    }

    /// Returns the handler.
    pub fn handler(&self) -> &T {
        &self.handler
    }

    /// Returns the planted probes, in the order of the targets.
    pub fn probes(&self) -> impl Iterator<Item = &Probe> {
        self.slots.iter().map(|slot| &slot.probe)
    }

    /// Disarms the probes: handlers stop being called until [`Registration::enable`].
    pub fn disable(&self) -> Result {
        for slot in self.slots.iter() {
            // SAFETY: The kprobe is registered (type invariant).
            to_result(unsafe { bindings::disable_kprobe(slot.kp()) })?;
        }
        Ok(())
    }

    /// Re-arms probes disarmed by [`Registration::disable`].
    pub fn enable(&self) -> Result {
        for slot in self.slots.iter() {
            // SAFETY: The kprobe is registered (type invariant).
            to_result(unsafe { bindings::enable_kprobe(slot.kp()) })?;
        }
        Ok(())
    }
}

#[pinned_drop]
impl<T: Handler> PinnedDrop for Registration<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: All probes are registered (type invariant). `unregister_kprobes` waits for
        // handlers in flight, so no callback uses `self` after this returns.
        unsafe { Self::unregister(&self.slots) };
    }
}

/// # Safety
///
/// Only used as the `pre_handler` of a kprobe in a `Slot<T>` of a registered
/// `Registration<T>`.
unsafe extern "C" fn pre_handler_callback<T: Handler>(
    kp: *mut bindings::kprobe,
    regs: *mut bindings::pt_regs,
) -> c_int {
    // SAFETY: `kp` belongs to a `Slot<T>` of a registered `Registration<T>`, which `owner`
    // points to and which is valid while the probe is registered. `regs` is valid for the
    // duration of the call.
    unsafe {
        let slot = Slot::<T>::from_kp(kp);
        (*slot.owner).handler.pre(&slot.probe, Regs::from_raw(regs));
    }
    // The handler did not change the instruction pointer: single-step the instruction.
    0
}

/// # Safety
///
/// Only used as the `post_handler` of a kprobe in a `Slot<T>` of a registered
/// `Registration<T>`.
unsafe extern "C" fn post_handler_callback<T: Handler>(
    kp: *mut bindings::kprobe,
    regs: *mut bindings::pt_regs,
    _flags: c_ulong,
) {
    // SAFETY: As in `pre_handler_callback`.
    unsafe {
        let slot = Slot::<T>::from_kp(kp);
        (*slot.owner)
            .handler
            .post(&slot.probe, Regs::from_raw(regs));
    }
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
