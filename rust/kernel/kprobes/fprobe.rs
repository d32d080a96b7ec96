// SPDX-License-Identifier: GPL-2.0

//! Fprobes: handlers at the entry and exit of many kernel functions at once.
//!
//! C header: [`include/linux/fprobe.h`](srctree/include/linux/fprobe.h)
//!
//! Documentation: [`Documentation/trace/fprobe.rst`](srctree/Documentation/trace/fprobe.rst)
//!
//! An fprobe rides on ftrace: the functions it attaches to are those ftrace can trace
//! (`/sys/kernel/tracing/available_filter_functions`), chosen by a glob or by name, all in one
//! registration. The entry handler runs from the function's ftrace hook; the exit handler from
//! the function graph tracer's return hook, which keeps each call's return address and the
//! data the entry handler left on a per-task shadow stack. There is no `maxactive`: a call is
//! missed only when that stack is full, and counted in [`Registration::nmissed`].

use super::{
    bindings,
    compat,
    error::SetupError,
    landing_checks::SYMBOL_LEN,
    raw_probe::map_init_error,
    Enable,
    FtraceRegs,
    Symbols, //
};
use core::{
    marker::PhantomPinned,
    mem::{
        align_of,
        needs_drop,
        size_of, //
    },
    ptr,
};
use kernel::{
    error::{
        to_result,
        VTABLE_DEFAULT_ERROR, //
    },
    ffi::{
        c_char,
        c_long,
        c_ulong, //
    },
    new_mutex,
    prelude::*,
    sync::Mutex,
    types::Opaque, //
};

/// The most bytes of [`Handler::Data`] an fprobe carries from entry to exit: the 15 words of
/// `MAX_FPROBE_DATA_SIZE`, less the one the layer tags each call's data with.
pub const MAX_DATA_SIZE: usize =
    ((1usize << bindings::FPROBE_DATA_SIZE_BITS) - 2) * size_of::<c_long>();

/// What the entry callback stores on the task's shadow stack for a call: the handler's data,
/// tagged with the registration that stored it.
///
/// The exit callback is called with the data that the fprobe *at its address* stored, which may
/// be another registration's: one unregistered while a call was in flight (asleep, say), its
/// memory then reused by a new registration before the call returned. `fprobe_return()`
/// (kernel/trace/fprobe.c) finds the fprobe by the pointer it saved on the shadow stack at the
/// call's entry, checks only that an fprobe at that address is registered and armed, and
/// passes its exit handler the data with no size: the new registration would read the old
/// one's bytes as its own `Data` (of another type, maybe larger than what was stored).
#[repr(C)]
struct Stored<D> {
    /// The [`Registration`]'s `tag`.
    tag: usize,
    data: D,
}

/// The C fprobe API. Without `CONFIG_FPROBE`, `<linux/fprobe.h>` has static inline stubs
/// failing with `-EOPNOTSUPP`, which bindgen does not see: these are the same.
mod c {
    #[cfg(CONFIG_FPROBE)]
    pub(super) use super::bindings::{
        register_fprobe,
        register_fprobe_syms,
        unregister_fprobe, //
    };

    #[cfg(not(CONFIG_FPROBE))]
    mod stubs {
        use super::super::bindings::fprobe;
        use kernel::{
            ffi::c_char,
            prelude::*, //
        };

        pub(crate) unsafe fn register_fprobe(
            _fp: *mut fprobe,
            _filter: *const c_char,
            _notfilter: *const c_char,
        ) -> c_int {
            super::super::compat::eopnotsupp().to_errno()
        }

        pub(crate) unsafe fn register_fprobe_syms(
            _fp: *mut fprobe,
            _syms: *mut *const c_char,
            _num: c_int,
        ) -> c_int {
            super::super::compat::eopnotsupp().to_errno()
        }

        pub(crate) unsafe fn unregister_fprobe(_fp: *mut fprobe) -> c_int {
            super::super::compat::eopnotsupp().to_errno()
        }
    }

    #[cfg(not(CONFIG_FPROBE))]
    pub(super) use stubs::*;

    // Teardown relies on `unregister_fprobe()` waiting for an RCU grace period after taking the
    // fprobe out of the tables its callbacks are found through. It does since commit
    // 657b594b2084 ("fprobe: Fix unregister_fprobe() to wait for RCU grace period", merged for
    // Linux 7.1, backported to 7.0.y and 6.18.y): from 6.14 (commit 4346ba160409, "fprobe:
    // Rewrite fprobe on function-graph tracer") until then it returned at once. The same commit
    // added `unregister_fprobe_async()`, which does not wait (for BPF, built in: not exported):
    // a kernel that declares it has the wait. Checked here at build time; it leaves nothing in
    // the module.
    #[cfg(CONFIG_FPROBE)]
    const _: unsafe extern "C" fn(*mut super::bindings::fprobe) -> kernel::ffi::c_int =
        super::bindings::unregister_fprobe_async;
}

/// The handlers of an fprobe, with data carried from a call's entry to its exit.
///
/// Implement [`Handler::entry`], [`Handler::exit`] or both: a handler without `exit` attaches
/// to the functions' ftrace hooks only (the cheaper path); one with `exit` also to their
/// returns, through the function graph tracer.
///
/// # Context
///
/// Both handlers run with preemption disabled, inside an RCU-sched read-side section, from
/// the function's ftrace hook and return hook: they must not sleep, take a mutex or allocate
/// with `GFP_KERNEL`. Shared state should be atomic. A function the handler calls that is
/// itself attached is not reported again from inside the handler (ftrace's recursion
/// protection drops that call, without counting it).
#[vtable]
pub trait Handler: Sync {
    /// Data kept for one call of an attached function, from [`Handler::entry`] to
    /// [`Handler::exit`].
    ///
    /// It is stored on the task's function graph shadow stack, so its size (at most
    /// [`MAX_DATA_SIZE`]) and alignment (that of a `long`) are checked at build time. It must
    /// not need dropping (checked at build time too): when the fprobe is removed or disarmed
    /// while calls are in flight, their data is abandoned without [`Handler::exit`]. The exit
    /// handler only ever gets data that this registration's entry stored for the same call.
    type Data: Default + Send;

    /// Called at the entry of an attached function. Returns the data for this call, or
    /// [`None`] to skip its exit handler.
    ///
    /// Optional: without it, each call starts with `Data::default()`.
    fn entry(&self, _call: &Call<'_>, _regs: &FtraceRegs) -> Option<Self::Data> {
        build_error!(VTABLE_DEFAULT_ERROR)
    }

    /// Called when an attached function returns; [`FtraceRegs::return_value`] holds its
    /// result. Only for calls whose entry this registration saw, armed.
    ///
    /// Optional: without it, the fprobe watches entries only.
    fn exit(&self, _call: &Call<'_>, _data: Self::Data, _regs: &FtraceRegs) {
        build_error!(VTABLE_DEFAULT_ERROR)
    }
}

/// Which functions an fprobe attaches to.
#[derive(Clone, Copy)]
pub enum Functions<'a> {
    /// The traceable functions whose names match a glob (`vfs_*`, `*_open`, `?[ab]*`), minus
    /// those matching the second one, if given (`register_fprobe()`).
    Glob(&'a CStr, Option<&'a CStr>),
    /// The functions with these names (`register_fprobe_syms()`).
    Symbols(&'a Symbols),
}

impl<'a> Functions<'a> {
    /// The traceable functions whose names match `glob`.
    pub fn glob(glob: &'a CStr) -> Self {
        Self::Glob(glob, None)
    }
}

/// The functions an fprobe is attached to: their ftrace addresses, sorted.
///
/// # Invariants
///
/// `addrs` is sorted, without duplicates, and not changed after registration.
pub struct Attached {
    addrs: KVec<usize>,
}

impl Attached {
    /// Returns how many functions the fprobe is attached to.
    pub fn len(&self) -> usize {
        self.addrs.len()
    }

    /// Returns whether the fprobe is attached to no function (never true of a registration).
    pub fn is_empty(&self) -> bool {
        self.addrs.is_empty()
    }

    /// Returns the ftrace addresses of the functions, sorted: the function with index `i` in
    /// [`Call::index`] is at `addrs()[i]`. [`FunctionName`] prints its name.
    pub fn addrs(&self) -> &[usize] {
        &self.addrs
    }

    /// Returns the index of the function whose ftrace address is `addr`.
    #[inline]
    pub fn index_of(&self, addr: usize) -> Option<usize> {
        self.addrs.binary_search(&addr).ok()
    }
}

/// The name of the function at an address (`vfs_read`), as `sprint_symbol_no_offset()` finds
/// it, without the ` [module]` it adds for a function in a module.
pub struct FunctionName(pub usize);

impl kernel::fmt::Display for FunctionName {
    fn fmt(&self, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
        let mut buf = [0u8; SYMBOL_LEN];
        // SAFETY: `buf` has room for `KSYM_SYMBOL_LEN` bytes, the most it writes.
        unsafe { bindings::sprint_symbol_no_offset(buf.as_mut_ptr().cast(), self.0 as c_ulong) };
        let name = buf.split(|&c| c == 0 || c == b' ').next().unwrap_or(&[]);
        match core::str::from_utf8(name) {
            Ok(name) if !name.is_empty() => f.write_str(name),
            _ => write!(f, "{:#x}", self.0),
        }
    }
}

/// One call of an attached function, as a handler sees it.
pub struct Call<'a> {
    attached: &'a Attached,
    ip: usize,
    ret_ip: usize,
}

impl Call<'_> {
    /// Returns the function's ftrace address: where its ftrace hook is (on x86_64 with IBT
    /// and on arm64 a few bytes past the symbol's address). One of [`Attached::addrs`].
    #[inline]
    pub fn ip(&self) -> usize {
        self.ip
    }

    /// Returns the address the function returns to, in its caller.
    #[inline]
    pub fn ret_ip(&self) -> usize {
        self.ret_ip
    }

    /// Returns the function's position in [`Attached::addrs`] (a binary search), to index
    /// per-function state allocated when the fprobe was registered (see
    /// [`Registration::new_with`]).
    #[inline]
    pub fn index(&self) -> Option<usize> {
        self.attached.index_of(self.ip)
    }
}

/// A registered fprobe.
///
/// Dropping it unregisters the fprobe and waits for handlers still running.
///
/// # Examples
///
/// How many calls of `kernel_clone()` returned and how long they took in all, the start time
/// carried from each call's entry to its exit:
///
/// ```
/// # use kernel::kprobes::{fprobe::{self, Functions}, FtraceRegs, Timestamp};
/// use kernel::sync::atomic::{Atomic, Relaxed};
///
/// struct Clones {
///     calls: Atomic<u64>,
///     ns: Atomic<u64>,
/// }
///
/// #[vtable]
/// impl fprobe::Handler for Clones {
///     type Data = Timestamp;
///
///     fn entry(&self, _call: &fprobe::Call<'_>, _regs: &FtraceRegs) -> Option<Timestamp> {
///         Some(Timestamp::now())
///     }
///
///     fn exit(&self, _call: &fprobe::Call<'_>, start: Timestamp, _regs: &FtraceRegs) {
///         self.calls.add(1, Relaxed);
///         self.ns.add(start.elapsed_ns(), Relaxed);
///     }
/// }
///
/// let clones = Clones {
///     calls: Atomic::new(0),
///     ns: Atomic::new(0),
/// };
/// let reg = KBox::pin_init(
///     fprobe::Registration::new(Functions::glob(c"kernel_clone"), clones),
///     GFP_KERNEL,
/// )?;
/// let h = reg.handler();
/// pr_info!("{} calls of kernel_clone, {} ns\n", h.calls.load(Relaxed), h.ns.load(Relaxed));
/// # assert_eq!(reg.nmissed(), 0);
/// # Ok::<(), Error>(())
/// ```
///
/// # Invariants
///
/// `fp` is registered, with the callbacks of `T`, and its callbacks find `self` through it.
/// `attached` holds its addresses. `tag` is not changed after registration, and the entry
/// callback stores it with each call's data. The flags of `fp` are written only with `arming`
/// held.
#[pin_data(PinnedDrop)]
pub struct Registration<T: Handler> {
    #[pin]
    fp: Opaque<bindings::fprobe>,
    attached: Attached,
    /// Random, and not 0: no registration that was at this address before has it, but with
    /// the chance of two random numbers being the same (2^-63).
    tag: usize,
    /// Serializes arming and disarming (`enable_fprobe()` and `disable_fprobe()`, plain
    /// writes of the flags), as the kernel's trace_fprobe does under `event_mutex`.
    #[pin]
    arming: Mutex<()>,
    #[pin]
    handler: T,
    #[pin]
    _pin: PhantomPinned,
}

// SAFETY: The registration may be dropped on any thread: `unregister_fprobe` runs on any; the
// C struct points only to what the kernel allocated for it. The other fields are `Send`.
unsafe impl<T: Handler + Send> Send for Registration<T> {}

// SAFETY: Through `&self`, the C struct is only read (`nmissed`, read like `READ_ONCE`) or its
// `flags` changed with `arming` held; `attached` and `tag` are not changed after registration;
// `T: Sync`.
unsafe impl<T: Handler> Sync for Registration<T> {}

impl<T: Handler> Registration<T> {
    /// Build-time checks of `T::Data` against the fprobe's entry data.
    const DATA_FITS: () = {
        assert!(
            size_of::<T::Data>() <= MAX_DATA_SIZE,
            "fprobe::Handler::Data is larger than fprobe::MAX_DATA_SIZE (14 longs)"
        );
        // The data sits on the shadow stack at a multiple of `sizeof(long)`.
        assert!(
            align_of::<T::Data>() <= align_of::<c_long>(),
            "fprobe::Handler::Data needs more alignment than a long"
        );
        // Data abandoned when the fprobe goes away mid-call cannot be dropped.
        assert!(
            !needs_drop::<T::Data>(),
            "fprobe::Handler::Data must not need dropping (it would leak on unload)"
        );
    };

    /// Whether the data is stored on the shadow stack (an exit handler reads it). Even an empty
    /// `Data` is stored, for its tag: an exit handler runs only for calls its entry saw.
    const STORES_DATA: bool = T::HAS_EXIT;

    /// Attaches `handler` to `functions` and arms it.
    pub fn new<'a, E>(
        functions: Functions<'a>,
        handler: impl PinInit<T, E> + 'a,
    ) -> impl PinInit<Self, SetupError> + 'a
    where
        T: 'a,
        SetupError: From<E>,
    {
        Self::new_with(functions, move |_| handler)
    }

    /// Attaches the handler that `handler` makes to `functions` and arms it. `handler` is
    /// called after the fprobe is registered (disarmed), with the functions it attached to, so
    /// that the handler can allocate per-function state (indexed by [`Call::index`]); it
    /// runs in the caller's context, where allocating with `GFP_KERNEL` is fine.
    pub fn new_with<'a, E, I>(
        functions: Functions<'a>,
        handler: impl FnOnce(&Attached) -> I + 'a,
    ) -> impl PinInit<Self, SetupError> + 'a
    where
        T: 'a,
        I: PinInit<T, E>,
        SetupError: From<E>,
    {
        #[allow(clippy::let_unit_value)]
        let () = Self::DATA_FITS;
        let init = move |slot: *mut Self| {
            // SAFETY: `slot` is valid for writes (`PinInit`): a field's address.
            let fp = Opaque::cast_into(unsafe { &raw const (*slot).fp });
            // Before registering: the callbacks read the tag (once armed).
            // SAFETY: `slot` is valid for writes.
            unsafe { (&raw mut (*slot).tag).write(new_tag()) };
            // SAFETY: `slot` is valid for writes and pinned (`PinInit`).
            unsafe { Self::register(fp, functions) }?;
            // From here on the fprobe is registered, disarmed: no callback runs.
            // SAFETY: Registered above.
            let attached = match unsafe { Self::read_attached(fp) } {
                Ok(attached) => attached,
                Err(e) => {
                    // SAFETY: Registered above.
                    unsafe { c::unregister_fprobe(fp) };
                    return Err(e);
                }
            };
            // SAFETY: `slot` is valid for writes.
            unsafe { (&raw mut (*slot).attached).write(attached) };
            let arming = new_mutex!(());
            // SAFETY: `slot.arming` is valid for writes and pinned with `slot`.
            let Ok(()) = unsafe { compat::pinned_init(arming, &raw mut (*slot).arming) };
            // SAFETY: `attached` was initialized just above and is not moved.
            let handler = map_init_error::<T, E, SetupError>(handler(unsafe { &(*slot).attached }));
            // SAFETY: `slot.handler` is valid for writes and pinned with `slot`.
            if let Err(e) = unsafe { compat::pinned_init(handler, &raw mut (*slot).handler) } {
                // SAFETY: Registered above, still disarmed: no callback used `handler`.
                unsafe { c::unregister_fprobe(fp) };
                // SAFETY: Initialized above, dropped once.
                unsafe {
                    ptr::drop_in_place(&raw mut (*slot).attached);
                    ptr::drop_in_place(&raw mut (*slot).arming);
                }
                return Err(e);
            }
            // INVARIANT: `fp` is registered with the callbacks of `T`, which find `slot`
            // through it (`container_of!`), `attached` holds its addresses, and `tag` was set
            // before and is not changed.
            // SAFETY: All fields are initialized (`_pin` is zero-sized).
            unsafe { (*slot).arm(true) };
            Ok(())
        };
        // SAFETY: `init` initializes every field of `slot` on success; on an error it
        // unregisters what it registered and drops what it initialized, leaving `slot`
        // uninitialized. `slot` is pinned: the fprobe stays at its address until dropped.
        unsafe { pin_init::pin_init_from_closure(init) }
    }

    /// Fills in and registers the fprobe at `fp`, disarmed.
    ///
    /// # Safety
    ///
    /// `fp` is valid for writes, not registered, and stays at its address until unregistered.
    unsafe fn register(
        fp: *mut bindings::fprobe,
        functions: Functions<'_>,
    ) -> Result<(), SetupError> {
        let entry_handler: bindings::fprobe_entry_cb = if T::HAS_ENTRY || Self::STORES_DATA {
            Some(entry_callback::<T>)
        } else {
            None
        };
        let exit_handler: bindings::fprobe_exit_cb = if T::HAS_EXIT {
            Some(exit_callback::<T>)
        } else {
            None
        };
        // SAFETY: `fp` is valid for writes (safety requirements).
        unsafe {
            fp.write(bindings::fprobe {
                // Registered disarmed: the callbacks skip a disabled fprobe until `arm`.
                flags: bindings::FPROBE_FL_DISABLED,
                entry_data_size: if Self::STORES_DATA {
                    size_of::<Stored<T::Data>>()
                } else {
                    0
                },
                entry_handler,
                exit_handler,
                ..Default::default()
            })
        };
        match functions {
            Functions::Glob(filter, notfilter) => {
                let notfilter = notfilter.map_or(ptr::null(), CStr::as_char_ptr);
                // SAFETY: `fp` is filled in and stays put until unregistered (safety
                // requirements); the patterns are valid C strings, read during the call only.
                to_result(unsafe { c::register_fprobe(fp, filter.as_char_ptr(), notfilter) })
                    .map_err(|e| glob_error(filter, notfilter, e))
            }
            Functions::Symbols(symbols) => {
                // `register_fprobe_syms` sorts the array it is given: a copy of the pointers.
                let mut names = KVec::<*const c_char>::new();
                for name in symbols.iter() {
                    names.push(name.as_char_ptr(), GFP_KERNEL)?;
                }
                // SAFETY: As above; `names` holds `names.len()` valid C strings.
                let ret = unsafe {
                    c::register_fprobe_syms(fp, names.as_mut_ptr(), names.len() as c_int)
                };
                to_result(ret).map_err(|e| symbols_error(symbols, e))
            }
        }
    }

    /// Returns the sorted addresses of the registered fprobe `fp`.
    ///
    /// # Safety
    ///
    /// `fp` is registered.
    unsafe fn read_attached(fp: *mut bindings::fprobe) -> Result<Attached, SetupError> {
        // SAFETY: `fp` is registered (safety requirements); with no room, the helper counts.
        let size = unsafe { bindings::fprobe_addrs(fp, ptr::null_mut(), 0) };
        let Ok(len) = usize::try_from(size) else {
            return Err(bookkeeping_error(size));
        };
        let mut addrs = KVec::from_elem(0usize, len, GFP_KERNEL)?;
        // SAFETY: As above; `addrs` has room for `size` addresses. Nothing changes them while
        // `fp` stays registered.
        let got = unsafe { bindings::fprobe_addrs(fp, addrs.as_mut_ptr(), size) };
        if got != size {
            return Err(bookkeeping_error(got));
        }
        addrs.sort_unstable();
        // A name listed twice is attached once.
        let mut unique = KVec::with_capacity(addrs.len(), GFP_KERNEL)?;
        for addr in addrs {
            if unique.last() != Some(&addr) {
                unique.push(addr, GFP_KERNEL)?;
            }
        }
        // INVARIANT: Sorted and deduplicated; `Attached` has no method that changes it.
        Ok(Attached { addrs: unique })
    }

    /// Arms or disarms the fprobe (`enable_fprobe()` and `disable_fprobe()`). May sleep.
    ///
    /// # Safety
    ///
    /// The fprobe is registered and every field of `self` initialized.
    unsafe fn arm(&self, on: bool) {
        let fp = self.fp.get();
        let _arming = self.arming.lock();
        // SAFETY: `fp` is a registered fprobe (safety requirements); its flags are written only
        // here, with `arming` held, and the kernel only reads them.
        unsafe {
            if on {
                bindings::enable_fprobe(fp)
            } else {
                bindings::disable_fprobe(fp)
            }
        }
    }

    /// Returns the handler.
    pub fn handler(&self) -> &T {
        &self.handler
    }

    /// Returns the functions the fprobe is attached to.
    pub fn attached(&self) -> &Attached {
        &self.attached
    }

    /// Returns the calls missed so far: those whose entry data did not fit on the task's
    /// shadow stack (`fprobe.nmissed`).
    pub fn nmissed(&self) -> usize {
        // SAFETY: The field is valid; the kernel increments it concurrently (a plain C
        // increment), read here like `READ_ONCE`.
        unsafe { ptr::read_volatile(&raw const (*self.fp.get()).nmissed) as usize }
    }

    /// Recovers the registration from its fprobe.
    ///
    /// # Safety
    ///
    /// `fp` is the fprobe of a live, registered `Registration<T>`.
    unsafe fn from_fp<'a>(fp: *mut bindings::fprobe) -> &'a Self {
        // SAFETY: By the safety requirements, `fp` is the `fp` field of a `Registration<T>`.
        unsafe { &*kernel::container_of!(Opaque::cast_from(fp), Self, fp) }
    }
}

impl<T: Handler> Enable for Registration<T> {
    /// Arms or disarms the fprobe. May sleep (it takes a mutex).
    fn set_enabled(&self, enabled: bool) -> Result {
        // SAFETY: Registered, fully initialized (type invariant). Disarmed, calls already
        // entered do not reach their exit handler.
        unsafe { self.arm(enabled) };
        Ok(())
    }
}

#[pinned_drop]
impl<T: Handler> PinnedDrop for Registration<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: The fprobe is registered (type invariant). `unregister_fprobe` removes it from
        // the tables the callbacks are found through, then waits for an RCU grace period (on
        // every kernel the layer builds for: see `c`): the callbacks run inside an RCU-sched
        // read-side section, so none uses `self` after this returns. Calls still in flight find
        // it unregistered on return and skip their exit handler; should a new registration be
        // at this address by then, its exit callback skips them by their tag (`Stored`).
        unsafe { c::unregister_fprobe(self.fp.get()) };
    }
}

/// Why `register_fprobe(filter, notfilter)` failed, with what to try.
fn glob_error(filter: &CStr, notfilter: *const c_char, error: Error) -> SetupError {
    let but = if notfilter.is_null() {
        ""
    } else {
        " (and not the exclusion)"
    };
    if error == ENOENT {
        SetupError::new(
            error,
            fmt!(
                "'{filter}': no traceable function matches{but}: the names ftrace can trace are \
                 in /sys/kernel/tracing/available_filter_functions (notrace, noinstr, inlined \
                 and __init functions are not)"
            ),
        )
    } else {
        registering_error(fmt!("'{filter}'"), error)
    }
}

/// Why `register_fprobe_syms(symbols)` failed, with what to try.
fn symbols_error(symbols: &Symbols, error: Error) -> SetupError {
    if error != ENOENT {
        return registering_error(fmt!("{symbols}"), error);
    }
    // The kernel does not say which name it could not find: try them one by one.
    const WHY: &str = "not a traceable function: it must be in \
        /sys/kernel/tracing/available_filter_functions (unknown names, and notrace, noinstr, \
        inlined and __init functions are not); check /proc/kallsyms for its name";
    match untraceable(symbols) {
        Some(name) => SetupError::new(error, fmt!("{name}: {WHY}")),
        None => SetupError::new(error, fmt!("one of {symbols}: {WHY}")),
    }
}

/// Returns the first of `symbols` that an fprobe cannot attach to, found by attaching a
/// disarmed fprobe without handlers to each in turn.
fn untraceable(symbols: &Symbols) -> Option<&CStr> {
    for name in symbols.iter() {
        let mut fp = bindings::fprobe {
            flags: bindings::FPROBE_FL_DISABLED,
            ..Default::default()
        };
        let mut one = [name.as_char_ptr()];
        // SAFETY: `fp` is filled in and stays on this stack frame until it is unregistered
        // below; `one` holds a valid C string.
        if unsafe { c::register_fprobe_syms(&mut fp, one.as_mut_ptr(), 1) } != 0 {
            return Some(name);
        }
        // SAFETY: Registered above. `unregister_fprobe` waits until no callback can find it.
        unsafe { c::unregister_fprobe(&mut fp) };
    }
    None
}

fn registering_error(what: kernel::fmt::Arguments<'_>, error: Error) -> SetupError {
    let hint = match error {
        e if e == compat::eopnotsupp() => {
            "this kernel has no fprobes (CONFIG_FPROBE): use a kretprobe or kprobes instead"
        }
        e if e == E2BIG => "too much entry data",
        e if e == EBUSY || e == ENODEV => {
            "ftrace refused the functions: is the function graph tracer in use with \
             another tracer, or ftrace disabled (/proc/sys/kernel/ftrace_enabled)?"
        }
        _ => "see Documentation/trace/fprobe.rst",
    };
    SetupError::new(error, fmt!("{what}: {hint}"))
}

/// The kernel's list of the functions an fprobe attached to is not as the C helper
/// `rust_helper_fprobe_addrs()` expects: `error` is what it returned.
fn bookkeeping_error(error: c_int) -> SetupError {
    SetupError::new(
        EINVAL,
        fmt!(
            "the functions the fprobe attached to cannot be read ({error}): fprobe.c keeps them \
             in fp->hlist_array, which this kernel does not fill as 7.2 and 7.3 do; \
             the C helper rust_helper_fprobe_addrs() must follow it"
        ),
    )
}

/// Returns a new registration's `tag`.
fn new_tag() -> usize {
    // SAFETY: `get_random_u64()` has no preconditions; it neither sleeps nor fails.
    let random = unsafe { kernel::bindings::get_random_u64() };
    // Truncated on 32-bit architectures, with the chance of a repeat 2^-31 instead.
    (random as usize) | 1
}

/// # Safety
///
/// Only used as the `entry_handler` of the fprobe of a registered `Registration<T>`.
unsafe extern "C" fn entry_callback<T: Handler>(
    fp: *mut bindings::fprobe,
    entry_ip: c_ulong,
    ret_ip: c_ulong,
    fregs: *mut bindings::ftrace_regs,
    data: *mut c_void,
) -> c_int {
    // SAFETY: The kernel calls the handler only while the fprobe is registered and armed, so
    // `fp` belongs to a live `Registration<T>`; `fregs` is valid for the call.
    let (this, regs) = unsafe { (Registration::<T>::from_fp(fp), FtraceRegs::from_raw(fregs)) };
    let call = Call {
        attached: &this.attached,
        ip: entry_ip,
        ret_ip,
    };
    let data_in = if T::HAS_ENTRY {
        match this.handler.entry(&call, regs) {
            Some(d) => d,
            // Non-zero: the kernel skips this call's exit handler.
            None => return 1,
        }
    } else {
        T::Data::default()
    };
    if Registration::<T>::STORES_DATA && !data.is_null() {
        let stored = Stored {
            tag: this.tag,
            data: data_in,
        };
        // SAFETY: `data` is this call's entry data: `entry_data_size` is
        // `size_of::<Stored<T::Data>>()` bytes, at a multiple of `sizeof(long)` (checked by
        // `DATA_FITS`), owned by this call until its exit handler.
        unsafe { data.cast::<Stored<T::Data>>().write(stored) };
    }
    0
}

/// # Safety
///
/// Only used as the `exit_handler` of the fprobe of a registered `Registration<T>`.
unsafe extern "C" fn exit_callback<T: Handler>(
    fp: *mut bindings::fprobe,
    entry_ip: c_ulong,
    ret_ip: c_ulong,
    fregs: *mut bindings::ftrace_regs,
    data: *mut c_void,
) {
    // SAFETY: As in `entry_callback`.
    let (this, regs) = unsafe { (Registration::<T>::from_fp(fp), FtraceRegs::from_raw(fregs)) };
    let call = Call {
        attached: &this.attached,
        ip: entry_ip,
        ret_ip,
    };
    // The fprobe at this address stored no data for this call: another one's entry did.
    if !Registration::<T>::STORES_DATA || data.is_null() {
        return;
    }
    // SAFETY: `data` is not NULL: the entry data that the fprobe whose address `fp` is stored
    // for this call, at least one word (the kernel passes NULL for none), on the task's shadow
    // stack. Its first word is read as an integer, whatever stored it.
    let tag = unsafe { data.cast::<usize>().read_volatile() };
    if tag != this.tag {
        // An earlier registration at this address stored it (see `Stored`).
        return;
    }
    // SAFETY: Tagged with this registration's tag: its entry callback wrote a
    // `Stored<T::Data>` there for this call (the kernel calls the exit handler only when the
    // entry handler returned 0); the data is moved out once.
    let data = unsafe { (&raw const (*data.cast::<Stored<T::Data>>()).data).read() };
    this.handler.exit(&call, data, regs);
}
