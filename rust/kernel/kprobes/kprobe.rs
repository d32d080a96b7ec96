// SPDX-License-Identifier: GPL-2.0

//! Kprobes: a handler called when the CPU reaches a kernel instruction.
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
use core::marker::PhantomPinned;
use kernel::{
    error::VTABLE_DEFAULT_ERROR,
    prelude::*, //
};

/// A planted probe, as handlers and the owner of a [`Registration`] see it.
///
/// # Invariants
///
/// `raw` is registered while the [`Registration`] holding `self` lives.
pub struct Probe {
    raw: RawProbe<bindings::kprobe>,
    // Keeps `raw`'s `symbol_name` valid.
    location: Location,
    index: usize,
    // The pre callback calls `Handler::post` right after `Handler::pre`, as the kernel calls a
    // post handler at an ftrace call site (see `Registration::place_post_handlers`).
    #[cfg(CONFIG_KPROBES_ON_FTRACE)]
    post_from_pre: bool,
}

impl Probe {
    /// Returns the position of this probe's target in the targets of its [`Registration`].
    pub fn index(&self) -> usize {
        self.index
    }

    /// Returns the symbol the probe was planted on, if it was given by name.
    pub fn symbol(&self) -> Option<&CStr> {
        self.location.symbol()
    }

    /// Returns the address of the probed instruction.
    pub fn addr(&self) -> usize {
        self.raw.addr()
    }

    /// Returns how many times the probe was hit but its handlers were not run, because
    /// another probe was already running on the same CPU.
    pub fn nmissed(&self) -> usize {
        self.raw.nmissed()
    }

    /// Returns whether the probe is disabled (see [`Enable::disable`]).
    pub fn is_disabled(&self) -> bool {
        self.raw.flags() & (bindings::KPROBE_FLAG_DISABLED | bindings::KPROBE_FLAG_GONE) != 0
    }

    /// Returns whether the kernel optimized the probe into a jump, or queued it for its
    /// optimizer, which patches the jump shortly after (`[OPTIMIZED]` in
    /// `/sys/kernel/debug/kprobes/list`).
    ///
    /// The kernel optimizes armed probes where the architecture can (`CONFIG_OPTPROBES`:
    /// x86_64, not arm64 or riscv64), away from ftrace call sites (see [`Probe::is_ftrace`]),
    /// while no probe at the address has a post handler (see [`Handler::post`]) and the
    /// instructions around it allow a jump (`debug.kprobes-optimization` sysctl on).
    pub fn is_optimized(&self) -> bool {
        // SAFETY: `raw` is registered while `self` is reachable (type invariant).
        unsafe { self.raw.is_optimized() }
    }

    /// Returns whether the probe runs from ftrace's function entry hook.
    pub fn is_ftrace(&self) -> bool {
        self.raw.flags() & bindings::KPROBE_FLAG_FTRACE != 0
    }

    /// Recovers the probe holding `kp`, and its registration.
    ///
    /// # Safety
    ///
    /// `kp` is the kprobe of a `Probe` of a registered `Registration<T>`.
    unsafe fn from_kp<'a, T: Handler>(
        kp: *mut bindings::kprobe,
    ) -> (&'a Self, &'a Registration<T>) {
        // SAFETY: By the safety requirements, `kp` is registered, held by a `RawProbe` whose
        // owner is a `Registration<T>`.
        let (raw, owner) = unsafe { RawProbe::from_c::<Registration<T>>(kp) };
        // SAFETY: That `RawProbe` is the `raw` field of a `Probe`.
        (
            unsafe { &*kernel::container_of!(core::ptr::from_ref(raw), Self, raw) },
            owner,
        )
    }
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
    /// At a function's ftrace call site (x86_64: offset 0 of a traceable function, see
    /// [`Probe::is_ftrace`]) there is no instruction to single-step: it is called right after
    /// [`Handler::pre`], with the instruction pointer past ftrace's call, as in C. Unlike in C,
    /// other probes at the same address run their pre handlers after it, and it is called
    /// even if one of those then redirects the instruction pointer.
    ///
    /// Optional: only a handler that implements it gets a post handler (a C `post_handler`
    /// away from ftrace call sites), because a post handler stops the kernel from optimizing
    /// the probe into a jump.
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
    /// Whether to plant the probes disarmed (default: no): their handlers are not called
    /// until [`Enable::enable`], not even once.
    pub disabled: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            post: true,
            disabled: false,
        }
    }
}

/// A registration of one or more kprobes sharing a [`Handler`].
///
/// All probes are planted or none: if one target fails, the ones already planted are
/// removed and the error names the failing target. Dropping the registration removes the
/// probes and waits for handlers still running.
///
/// Should the kernel fail to remove a probe (it then warns, "Failed to disarm kprobe-ftrace";
/// see `unregister_kprobes()` in kernel/kprobes.c), the probe may stay on the kernel's lists
/// for good: it is disabled in place, so that its handler is never called again, the memory
/// of the registration's probes (their C structs, in an allocation of their own) is leaked,
/// and the registration logs a warning saying so.
///
/// # Examples
///
/// ```
/// # use kernel::kprobes::{kprobe::{self, Options, Probe}, Regs, Target};
/// use kernel::sync::atomic::{Atomic, Relaxed};
///
/// struct Hits(Atomic<u64>);
///
/// #[vtable]
/// impl kprobe::Handler for Hits {
///     fn pre(&self, _probe: &Probe, _regs: &Regs) {
///         self.0.add(1, Relaxed);
///     }
/// }
///
/// let reg = KBox::pin_init(
///     kprobe::Registration::new(
///         [Target::symbol(c"kernel_clone")],
///         Options::default(),
///         Hits(Atomic::new(0)),
///     ),
///     GFP_KERNEL,
/// )?;
/// pr_info!("{} calls of kernel_clone so far\n", reg.handler().0.load(Relaxed));
/// # assert_eq!(reg.probes().count(), 1);
/// # Ok::<(), Error>(())
/// ```
///
/// # Invariants
///
/// Every [`Probe`] in `probes` is registered, and its callbacks find `self` through it.
/// `probes` is not resized after registration.
#[pin_data(PinnedDrop)]
pub struct Registration<T: Handler> {
    probes: KVec<Probe>,
    #[pin]
    handler: T,
    #[pin]
    _pin: PhantomPinned,
}

impl<T: Handler> Registration<T> {
    /// Plants kprobes at `targets`, all calling `handler`, and arms them unless
    /// `options.disabled`.
    pub fn new<'a, E>(
        targets: impl IntoIterator<Item = Target<'a>>,
        options: Options,
        handler: impl PinInit<T, E>,
    ) -> impl PinInit<Self, SetupError>
    where
        SetupError: From<E>,
    {
        let probes = Self::new_probes(targets, options);
        let handler = map_init_error(handler);
        // INVARIANT: If initialization completes successfully, `register` registered every
        // probe of `probes` with `this` as its owner; nothing resizes `probes` afterwards.
        try_pin_init!(&this in Self {
            probes: probes?,
            handler <- handler,
            _pin: PhantomPinned,
            _: {
                let (post, disabled) = (Self::wants_post(options), options.disabled);
                // SAFETY: All fields are initialized and `this` is pinned: the registration
                // does not move until its destructor, which unregisters the probes.
                unsafe { Self::register(this.as_ptr(), post, disabled) }?;
            }
        }? SetupError)
    }

    fn new_probes<'a>(
        targets: impl IntoIterator<Item = Target<'a>>,
        options: Options,
    ) -> Result<KVec<Probe>, SetupError> {
        // Where probes can sit on ftrace call sites, the post handler is placed once the kernel
        // says where they sit.
        let c_post = Self::wants_post(options) && !cfg!(CONFIG_KPROBES_ON_FTRACE);
        let mut probes = KVec::new();
        for (index, target) in targets.into_iter().enumerate() {
            let location = Location::new(target)?;
            probes.push(
                Probe {
                    raw: RawProbe::new(Self::c_kprobe(&location, c_post)),
                    location,
                    index,
                    #[cfg(CONFIG_KPROBES_ON_FTRACE)]
                    post_from_pre: false,
                },
                GFP_KERNEL,
            )?;
        }
        Ok(probes)
    }

    /// Returns whether the probes call [`Handler::post`].
    fn wants_post(options: Options) -> bool {
        T::HAS_POST && options.post
    }

    /// Returns the C kprobe at `location`, calling this registration's handlers, with a C
    /// post handler if `post`.
    fn c_kprobe(location: &Location, post: bool) -> bindings::kprobe {
        bindings::kprobe {
            pre_handler: Some(pre_handler_callback::<T>),
            // `T::HAS_POST` first: without it the callback, which calls the default `post`
            // (`build_error!`), is not even referenced.
            post_handler: if T::HAS_POST && post {
                Some(post_handler_callback::<T>)
            } else {
                None
            },
            ..location.kprobe()
        }
    }

    /// Plants the probes of `this` (disarmed, checking where they landed), gives them their
    /// post handler if they have one (`post`), then arms them unless `disabled`.
    ///
    /// # Safety
    ///
    /// `this` must point to a fully initialized, pinned `Registration` that nothing else
    /// references yet.
    unsafe fn register(this: *mut Self, post: bool, disabled: bool) -> Result<(), SetupError> {
        // SAFETY: By the safety requirements, `this` is valid and not aliased.
        let probes = unsafe { &mut (*this).probes };
        for i in 0..probes.len() {
            let probe = &mut probes[i];
            let target = probe.location.target();
            // SAFETY: The kprobe is filled in for `target` (`probes`) and not registered. It
            // stays at this address until it is unregistered: `probes` is not resized after
            // this point and is dropped only after its probes are unregistered; `this` is
            // pinned.
            let planted = unsafe { RawProbe::plant(&raw mut probe.raw, this.cast(), target) };
            if let Err(e) = planted {
                // SAFETY: The probes before `i` are registered.
                unsafe { Self::unregister(probes, ..i) };
                return Err(e);
            }
        }
        #[cfg(CONFIG_KPROBES_ON_FTRACE)]
        if post {
            // SAFETY: All probes of `this` are registered, none is armed yet.
            unsafe { Self::place_post_handlers(this) }?;
        }
        // Elsewhere the probes were planted with their C post handler.
        #[cfg(not(CONFIG_KPROBES_ON_FTRACE))]
        let _ = post;
        if disabled {
            return Ok(());
        }
        // SAFETY: By the safety requirements, `this` is valid and not aliased.
        let probes = unsafe { &mut (*this).probes };
        for i in 0..probes.len() {
            // SAFETY: Registered above.
            if let Err(e) = unsafe { probes[i].raw.set_enabled(true) } {
                // SAFETY: All probes were registered above.
                unsafe { Self::unregister(probes, ..) };
                return Err(e.into());
            }
        }
        Ok(())
    }

    /// Gives the probes, which call [`Handler::post`], the way to call it that suits where
    /// they were planted.
    ///
    /// At a function's ftrace call site (kprobes on ftrace: [`Probe::is_ftrace`]), the kernel
    /// calls a probe's handlers from ftrace, the post handler right after the pre handler, and
    /// a C post handler is worse than useless: in Linux 7.3, a kprobe with a post handler that
    /// joins an armed kprobe without one at such a site leaves their aggregated probe armed
    /// with the ftrace ops of probes without post handlers, and the next disarm looks for it
    /// in the other ops and fails ("Failed to disarm kprobe-ftrace"): the probes stay planted
    /// and, once their module is gone, call freed code. So there the pre callback calls
    /// [`Handler::post`] itself. Elsewhere the probe is planted again, with a C post handler.
    /// This keeps our probes from causing the bug, not from suffering it: a probe of another
    /// module with a C post handler that joins and leaves first still leaves ours to fail its
    /// disarm.
    ///
    /// # Safety
    ///
    /// `this` must point to a pinned `Registration` that nothing else references yet, whose
    /// probes are all registered and disarmed, without a C post handler.
    #[cfg(CONFIG_KPROBES_ON_FTRACE)]
    unsafe fn place_post_handlers(this: *mut Self) -> Result<(), SetupError> {
        // SAFETY: By the safety requirements, `this` is valid and not aliased.
        let probes = unsafe { &mut (*this).probes };
        let mut again = KVec::<*mut bindings::kprobe>::new();
        for i in 0..probes.len() {
            let probe = &mut probes[i];
            if probe.is_ftrace() {
                // Disarmed: no handler runs and reads `post_from_pre` meanwhile.
                probe.post_from_pre = true;
            } else if let Err(e) = again.push(probe.raw.as_ptr(), GFP_KERNEL) {
                // SAFETY: All probes are registered (safety requirements).
                unsafe { Self::unregister(probes, ..) };
                return Err(e.into());
            }
        }
        if again.is_empty() {
            return Ok(());
        }
        // SAFETY: These are registered kprobes; `unregister_kprobes` returns once no handler of
        // theirs runs (none can: they are disarmed). Disarmed, they cannot fail to be
        // unregistered: only disarming fails, and the kernel does not disarm a disabled probe
        // again (`__disable_kprobe()` in kernel/kprobes.c).
        unsafe { bindings::unregister_kprobes(again.as_mut_ptr(), again.len() as i32) };
        for i in 0..probes.len() {
            let probe = &mut probes[i];
            if probe.post_from_pre {
                continue;
            }
            probe.raw = RawProbe::new(Self::c_kprobe(&probe.location, true));
            // SAFETY: The kprobe was just filled in for the probe's target and is not
            // registered; it stays at this address until it is unregistered (as in
            // `register`). The kernel resolves the target again: where it landed was checked
            // the first time, and a symbol does not move while its code is loaded.
            let planted = unsafe {
                RawProbe::register(&raw mut probe.raw, this.cast(), probe.location.target())
            };
            if let Err(e) = planted {
                // The probes before `i`, and those after it that were not unregistered above.
                let registered = |j: usize, p: &Probe| j < i || j > i && p.post_from_pre;
                // SAFETY: The probes `registered` picks are registered.
                unsafe { Self::unregister_some(probes, registered) };
                return Err(e);
            }
        }
        Ok(())
    }

    /// Unregisters the probes of `probes` in `range`, waiting for their handlers to finish.
    ///
    /// # Safety
    ///
    /// Each probe of `probes` in `range` is registered.
    unsafe fn unregister(probes: &mut KVec<Probe>, range: impl core::ops::RangeBounds<usize>) {
        // SAFETY: As in the safety requirements of this function.
        unsafe { Self::unregister_some(probes, |i, _| range.contains(&i)) }
    }

    /// Unregisters the probes of `probes` that `which` picks (given their index), waiting for
    /// their handlers to finish.
    ///
    /// If the kernel fails to unregister one, the probe is [abandoned](RawProbe::abandon)
    /// and `probes` leaked: its memory, where the C structs are, is never freed, as the
    /// kernel may still reach it; `probes` is left empty, and a warning logged.
    ///
    /// # Safety
    ///
    /// Each probe of `probes` that `which` picks is registered.
    unsafe fn unregister_some(probes: &mut KVec<Probe>, which: impl Fn(usize, &Probe) -> bool) {
        let mut ptrs = KVec::<*mut bindings::kprobe>::new();
        for (_, probe) in probes.iter().enumerate().filter(|(i, p)| which(*i, p)) {
            if ptrs.push(probe.raw.as_ptr(), GFP_KERNEL).is_err() {
                // Out of memory: unregister one by one instead of in one batch.
                // SAFETY: As in the safety requirements of this function.
                unsafe { bindings::unregister_kprobe(probe.raw.as_ptr()) };
            }
        }
        // SAFETY: The pointers are registered kprobes. `unregister_kprobes` waits for
        // handlers in flight (`synchronize_rcu`) before it returns.
        unsafe { bindings::unregister_kprobes(ptrs.as_mut_ptr(), ptrs.len() as i32) };
        let (mut failed, mut first) = (0, None);
        for (i, probe) in probes.iter().enumerate() {
            // SAFETY: The probes `which` picks were registered, and were just unregistered.
            if which(i, probe) && !unsafe { probe.raw.unregistered() } {
                // SAFETY: The kernel failed to unregister it; its memory is leaked below.
                unsafe { probe.raw.abandon() };
                failed += 1;
                first.get_or_insert(probe.location.target());
            }
        }
        let Some(first) = first else {
            return;
        };
        pr_warn!(
            "{failed} of {} kprobes could not be unregistered, the first at {first}: the kernel \
             failed to remove them (see its warning above) and may still reach them: disabled \
             in place, their memory ({} bytes) leaked\n",
            probes.len(),
            probes.capacity() * core::mem::size_of::<Probe>()
        );
        // Leaked: the kernel may still read and write the C structs in it.
        core::mem::forget(core::mem::take(probes));
    }

    /// Returns the handler.
    pub fn handler(&self) -> &T {
        &self.handler
    }

    /// Returns the planted probes, in the order of the targets.
    pub fn probes(&self) -> impl Iterator<Item = &Probe> {
        self.probes.iter()
    }
}

impl<T: Handler> Enable for Registration<T> {
    fn set_enabled(&self, enabled: bool) -> Result {
        for probe in self.probes.iter() {
            // SAFETY: The probe is registered (type invariant).
            unsafe { probe.raw.set_enabled(enabled) }?;
        }
        Ok(())
    }
}

#[pinned_drop]
impl<T: Handler> PinnedDrop for Registration<T> {
    fn drop(self: Pin<&mut Self>) {
        let probes = self.project().probes;
        // SAFETY: All probes are registered (type invariant). `unregister_kprobes` waits for
        // handlers in flight, so no callback uses `self` after this returns; a probe the kernel
        // failed to unregister is disabled, its handlers never called again.
        unsafe { Self::unregister(probes, ..) };
    }
}

/// # Safety
///
/// Only used as the `pre_handler` of the kprobe of a [`Probe`] of a `Registration<T>`.
unsafe extern "C" fn pre_handler_callback<T: Handler>(
    kp: *mut bindings::kprobe,
    regs: *mut bindings::pt_regs,
) -> c_int {
    // SAFETY: The kernel calls the handler only while the kprobe is registered, so `kp` is the
    // kprobe of a `Probe` of a registered `Registration<T>`; `regs` is valid, and only written
    // below, while no `Regs` refers to it.
    let (probe, reg) = unsafe { Probe::from_kp::<T>(kp) };
    // SAFETY: As above.
    reg.handler.pre(probe, unsafe { Regs::from_raw(regs) });
    #[cfg(CONFIG_KPROBES_ON_FTRACE)]
    if T::HAS_POST && probe.post_from_pre {
        // As `kprobe_ftrace_handler()` before a post handler: the probed "instruction" is
        // ftrace's call, and the instruction pointer is past it.
        // SAFETY: `regs` is valid, and not referenced while the instruction pointer is
        // written; the kernel sets it again after this callback returns.
        unsafe {
            let ip = Regs::from_raw(regs).ip();
            Regs::set_ip(regs, probe.addr() + bindings::MCOUNT_INSN_SIZE as usize);
            reg.handler.post(probe, Regs::from_raw(regs));
            Regs::set_ip(regs, ip);
        }
    }
    // The handler did not change the instruction pointer: single-step the instruction.
    0
}

/// # Safety
///
/// Only used as the `post_handler` of the kprobe of a [`Probe`] of a `Registration<T>`.
unsafe extern "C" fn post_handler_callback<T: Handler>(
    kp: *mut bindings::kprobe,
    regs: *mut bindings::pt_regs,
    _flags: c_ulong,
) {
    // SAFETY: As in `pre_handler_callback`.
    unsafe {
        let (probe, reg) = Probe::from_kp::<T>(kp);
        reg.handler.post(probe, Regs::from_raw(regs));
    }
}
