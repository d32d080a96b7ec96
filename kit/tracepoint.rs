// SPDX-License-Identifier: GPL-2.0

//! Tracepoints: a handler attached to a kernel tracepoint, called with the tracepoint's own
//! typed arguments.
//!
//! C header: [`include/linux/tracepoint.h`](srctree/include/linux/tracepoint.h)
//!
//! Documentation: [`Documentation/trace/tracepoints.rst`](srctree/Documentation/trace/tracepoints.rst)
//!
//! A tracepoint is a call site the kernel keeps for tracers (`trace_sched_process_exec(...)`):
//! stable, typed, and cheap when nothing is attached (a static branch). A module declares the
//! tracepoint's prototype once with [`declare!`], which makes a struct of its arguments, and
//! attaches a [`Handler`] to it with a [`Registration`]. The prototype is checked against the
//! kernel's C declaration when the module is built, as C's `check_trace_callback_type_*()`
//! does: one that differs from the tracepoint's `TP_PROTO` does not build.
//! [`events`] declares some (`sched_process_exec`, `sys_enter`, ...)
//! with safe accessors for their arguments.
//!
//! # Context
//!
//! Handlers run in the context of the code that calls the tracepoint. Most tracepoints may be
//! called in atomic context (with preemption or interrupts off, in interrupt handlers, some
//! in NMI): their handlers must not sleep, take a mutex or allocate with `GFP_KERNEL`, and read
//! user memory only without faulting ([`read_user`](crate::kprobes::read_user)). Linux 7.3
//! calls them inside an SRCU-fast read-side section (`tracepoint_srcu`), not with preemption
//! disabled (trace events disable it themselves): a handler may run preemptible, and migrate,
//! where its call site does.
//!
//! *Faultable* tracepoints, `sys_enter` and `sys_exit` in 7.3 (`tracepoint_is_faultable()`,
//! `TRACE_EVENT_SYSCALL` in the header), are called from task context, preemptible, inside an
//! RCU Tasks Trace read-side section, where handlers may take page faults and sleep: their
//! [`Context`] offers reads of user memory that fault pages in
//! ([`Context::copy_from_user`]). A prototype declared `#[faultable]` gets that context; one
//! the kernel does not call faultable fails to register.
//!
//! Teardown waits as `tracepoint_synchronize_unregister()` requires: dropping a
//! [`Registration`] unregisters the handler, then waits for both kinds of read-side sections,
//! so no call is still running the handler when its memory goes.

use crate::{
    bindings as helpers,
    kprobes::SetupError, //
};
use core::{
    marker::{
        PhantomData,
        PhantomPinned, //
    },
    ptr::{
        self,
        NonNull, //
    },
};
use kernel::{
    bindings,
    error::to_result,
    prelude::*,
    transmute::FromBytes,
    uaccess::{
        UserPtr,
        UserSlice, //
    }, //
};

pub mod events;

#[doc(inline)]
pub use crate::declare_tracepoint as declare;

mod private {
    pub trait Sealed {}
}

/// The context a tracepoint calls its handlers in: [`Atomic`] or [`Faultable`].
pub trait Kind: private::Sealed {
    /// Whether handlers may fault and sleep.
    const FAULTABLE: bool;
}

/// The context of most tracepoints: handlers must not sleep or fault.
pub enum Atomic {}

impl private::Sealed for Atomic {}

impl Kind for Atomic {
    const FAULTABLE: bool = false;
}

/// The context of faultable tracepoints (`sys_enter`, `sys_exit`): task context, where handlers
/// may take page faults and sleep.
pub enum Faultable {}

impl private::Sealed for Faultable {}

impl Kind for Faultable {
    const FAULTABLE: bool = true;
}

/// What a handler may do where the tracepoint calls it, by the tracepoint's [`Kind`]: a
/// [`Context<Faultable>`] reads user memory faulting pages in; in a [`Context<Atomic>`] use
/// [`read_user`](crate::kprobes::read_user) and
/// [`read_user_str`](crate::kprobes::read_user_str), which do not fault.
///
/// # Invariants
///
/// A `Context<K>` exists only during a call of a handler by a tracepoint, lent to the handler;
/// when `K` is [`Faultable`], the tracepoint is faultable (checked by [`Registration::new`]).
pub struct Context<K: Kind> {
    _kind: PhantomData<K>,
    // A handler's context stays in its call.
    _not_send: PhantomData<*mut ()>,
}

impl<K: Kind> Context<K> {
    /// Returns whether the handler may fault and sleep.
    pub fn is_faultable(&self) -> bool {
        K::FAULTABLE
    }
}

impl Context<Faultable> {
    /// Reads a `T` from the current task's user memory at `addr`, faulting pages in as a system
    /// call does (it may sleep): [`EFAULT`] if the address is not mapped.
    pub fn copy_from_user<T: FromBytes>(&self, addr: usize) -> Result<T> {
        // Allowed here: a faultable tracepoint's handler runs in task context, preemptible
        // (type invariant).
        UserSlice::new(UserPtr::from_addr(addr), size_of::<T>())
            .reader()
            .read()
    }

    /// Reads a NUL-terminated string from the current task's user memory at `addr` into `buf`,
    /// faulting pages in (it may sleep), as `strncpy_from_user()`. Returns the bytes before the
    /// NUL, truncated to the buffer less one byte; [`EFAULT`] if the address is not mapped.
    pub fn strncpy_from_user<'a>(&self, addr: usize, buf: &'a mut [u8]) -> Result<&'a [u8]> {
        // As above: allowed in a faultable tracepoint's handler.
        UserSlice::new(UserPtr::from_addr(addr), buf.len())
            .reader()
            .strcpy_into_buf(buf)
            .map(|s| s.to_bytes())
    }
}

/// A kernel tracepoint, by the struct of its arguments, which [`declare!`] defines.
///
/// # Safety
///
/// `probe::<H>()` returns a function of the C probe type of the tracepoint named `NAME`,
/// `void (*)(void *data, TP_PROTO)`, that calls [`call::<H>`] with its `data` and the
/// arguments.
pub unsafe trait Tracepoint: Sized {
    /// The tracepoint's name, as in `/sys/kernel/tracing/available_events` (and in the C
    /// `__tracepoint_NAME`).
    const NAME: &'static CStr;

    /// The context handlers run in: [`Atomic`], or [`Faultable`] for a tracepoint declared
    /// `#[faultable]`.
    type Kind: Kind;

    /// Returns the C probe that calls `H`'s handler.
    #[doc(hidden)]
    fn probe<H: Handler<Tracepoint = Self>>() -> *mut c_void;
}

/// The handler of a [`Registration`]: called at each hit of the tracepoint, with its
/// arguments.
///
/// # Context
///
/// See the [module documentation](self): the context of the tracepoint's call site. Unless
/// the tracepoint is faultable, the handler must not sleep, take a mutex or allocate with
/// `GFP_KERNEL`; shared state should be atomic. It may run on several CPUs at once.
pub trait Handler: Sync {
    /// The tracepoint, by the struct of its arguments (declared with [`declare!`]).
    type Tracepoint: Tracepoint;

    /// Called at each hit, with the tracepoint's arguments.
    fn event(&self, ctx: &Context<<Self::Tracepoint as Tracepoint>::Kind>, args: &Self::Tracepoint);
}

/// The proof, in the struct of a tracepoint's arguments, that it was made by the tracepoint's
/// call and lives only for that call: the pointers in it are valid while a handler holds it.
///
/// # Invariants
///
/// Made only in a C probe that [`declare!`] defines, for the duration of a tracepoint's call.
#[doc(hidden)]
pub struct InCall(());

impl InCall {
    /// Makes the proof.
    ///
    /// # Safety
    ///
    /// Only called by the C probe of a tracepoint, to make the struct of the arguments of this
    /// call, which is only lent to the handler.
    #[doc(hidden)]
    #[inline(always)]
    pub const unsafe fn new() -> Self {
        // INVARIANT: By the safety requirements.
        Self(())
    }
}

/// Calls the handler of the registration `data` with `args`: the body of every C probe that
/// [`declare!`] defines.
///
/// # Safety
///
/// `data` is the `data` the tracepoint passes its probe, which [`Registration::register`]
/// registered: a `Registration<H>`, live while registered.
#[doc(hidden)]
#[inline(always)]
pub unsafe fn call<H: Handler>(data: *mut c_void, args: &H::Tracepoint) {
    // SAFETY: By the safety requirements, `data` is a registered `Registration<H>`: valid until
    // it is unregistered and the grace periods after it have passed, which its destructor waits
    // for.
    let reg = unsafe { &*data.cast::<Registration<H>>() };
    // INVARIANT: Made for this call of the handler only; the registration checked that the
    // tracepoint is faultable when the kind says so.
    let ctx = Context {
        _kind: PhantomData,
        _not_send: PhantomData,
    };
    reg.handler.event(&ctx, args);
}

/// Declares kernel tracepoints to attach handlers to: `struct NAME = tracepoint TP_NAME(ARG:
/// TYPE, ...);`, the arguments as the tracepoint's `TP_PROTO` in its header, which
/// `#[header = "..."]` names (`trace/events/sched.h`, as `#include <...>` names it), and
/// `#[faultable]` for a faultable tracepoint (`TRACE_EVENT_SYSCALL`: `sys_enter`, `sys_exit`).
///
/// It defines `NAME`, a struct with one public field per argument, named as in the
/// prototype, which the [`Handler`]s of a [`Registration`] receive; it implements
/// [`Tracepoint`]. Only the tracepoint's call makes one: add methods in your module to read
/// what the pointers point to (with [`read_kernel`](crate::kprobes::read_kernel), which does not
/// fault), or see [`events`] for declarations with safe accessors.
///
/// The prototype is checked at build time against the kernel's C declaration of the
/// tracepoint, `int __traceiter_TP_NAME(void *__data, TP_PROTO)`, which every `TRACE_EVENT`
/// or `DECLARE_TRACE` in a header declares, and which Kbuild has bindgen generate from the
/// header: a prototype that differs in any type or in the number of arguments fails with
/// `error[E0308]: mismatched types`, naming `__traceiter_TP_NAME`; a tracepoint that the
/// header does not declare fails too. The check leaves nothing in the module. Kbuild reads
/// the header and the name from the module's source: keep `#[header = "..."]` on a line of its
/// own, and `struct NAME = tracepoint TP_NAME(` on one line.
///
/// The name is the tracepoint's (`/sys/kernel/tracing/available_events` lists those with a
/// trace event); a `DECLARE_TRACE(name, ...)` without an event is named `name_tp`. The
/// tracepoint must be in the kernel image: those of modules are not searched.
///
/// # Examples
///
/// ```
/// use kernel::bindings::task_struct;
///
/// kit::tracepoint::declare! {
///     /// A task waking up another.
///     #[header = "trace/events/sched.h"]
///     pub struct SchedWakeup = tracepoint sched_wakeup(p: *mut task_struct);
/// }
/// # let _: Option<&SchedWakeup> = None;
/// ```
#[macro_export]
macro_rules! declare_tracepoint {
    (@kind) => { $crate::kit::tracepoint::Atomic };
    (@kind faultable) => { $crate::kit::tracepoint::Faultable };
    ($(
        $(#[doc = $doc:literal])*
        #[header = $header:literal]
        $(#[$faultable:ident])?
        $vis:vis struct $name:ident = tracepoint $tp:ident(
            $($arg:ident: $type:ty),* $(,)?
        );
    )*) => {$(
        $(#[doc = $doc])*
        #[doc = ""]
        #[doc = ::core::concat!(
            "The arguments of the tracepoint `", ::core::stringify!($tp), "` (`TP_PROTO` in `",
            $header, "`), as its handlers receive them.",
        )]
        // A handler need not read every argument (`#[expect]` would fail when it does).
        #[allow(dead_code)]
        $vis struct $name {
            $(
                #[doc = ::core::concat!(
                    "`", ::core::stringify!($arg), ": ", ::core::stringify!($type), "`.",
                )]
                pub $arg: $type,
            )*
            /// Made by the tracepoint's call only.
            __in_call: $crate::kit::tracepoint::InCall,
        }

        // The build-time check; evaluated by the compiler only, it leaves nothing in the module
        // (no reference to the function, which is not exported).
        const _: () = {
            ::kernel::macros::paste! {
                // The C declaration, which bindgen made from the header (see Kbuild). A
                // prototype that differs from it is a type mismatch here.
                let _prototype: unsafe extern "C" fn(*mut ::kernel::ffi::c_void, $($type),*)
                    -> ::kernel::ffi::c_int = $crate::bindings::[<__traceiter_ $tp>];
            }
        };

        // SAFETY: `probe` returns a function with the arguments of the tracepoint `TP_NAME`
        // (`NAME` below) after `data`, of the types checked above against the C declaration of
        // `__traceiter_TP_NAME` (which calls the probes with its own arguments); it calls
        // `call::<H>` with `data`.
        unsafe impl $crate::kit::tracepoint::Tracepoint for $name {
            const NAME: &'static ::kernel::str::CStr =
                ::kernel::c_str!(::core::stringify!($tp));

            type Kind = $crate::declare_tracepoint!(@kind $($faultable)?);

            fn probe<H: $crate::kit::tracepoint::Handler<Tracepoint = Self>>()
                -> *mut ::kernel::ffi::c_void
            {
                /// The C probe: called by the tracepoint with the registration as `data`.
                ///
                /// # Safety
                ///
                /// Only registered on the tracepoint by a `Registration<H>`, with it as `data`.
                unsafe extern "C" fn probe<
                    H: $crate::kit::tracepoint::Handler<Tracepoint = $name>,
                >(
                    data: *mut ::kernel::ffi::c_void,
                    $($arg: $type),*
                ) {
                    let args = $name {
                        $($arg,)*
                        // SAFETY: Made for this call of the tracepoint, and only lent to the
                        // handler.
                        __in_call: unsafe { $crate::kit::tracepoint::InCall::new() },
                    };
                    // SAFETY: `data` is the registration that registered this probe (safety
                    // requirements).
                    unsafe { $crate::kit::tracepoint::call::<H>(data, &args) };
                }
                probe::<H> as *mut ::kernel::ffi::c_void
            }
        }
    )*};
}

/// A handler attached to a kernel tracepoint.
///
/// Dropping it detaches the handler and waits until no call runs it anymore
/// (`tracepoint_synchronize_unregister()`).
///
/// # Examples
///
/// ```
/// use kit::{
///     stats::Counter,
///     tracepoint::{self, events::SchedProcessFork, Atomic, Context},
/// };
/// use kprobes::TaskExt;
///
/// struct Forks(Counter);
///
/// impl tracepoint::Handler for Forks {
///     type Tracepoint = SchedProcessFork;
///
///     fn event(&self, _ctx: &Context<Atomic>, fork: &SchedProcessFork) {
///         self.0.inc();
///         pr_info!("{} forked {}\n", fork.parent().comm(), fork.child().pid());
///     }
/// }
///
/// let forks = KBox::pin_init(tracepoint::Registration::new(Forks(Counter::new())), GFP_KERNEL)?;
/// pr_info!("{} forks so far\n", forks.handler().0.get());
/// # Ok::<(), kprobes::SetupError>(())
/// ```
///
/// A tracepoint that is not in the kernel, or one declared `#[faultable]` that the kernel does
/// not call faultable, fails with a message saying so:
///
/// ```
/// # use kit::tracepoint::{self, Atomic, Context, Faultable};
/// # use kernel::{bindings::task_struct, str::CString};
/// kit::tracepoint::declare! {
///     // Defined by samples/rust/rust_print.rs, a module: never in the kernel image.
///     #[header = "trace/events/rust_sample.h"]
///     struct RustSampleLoaded = tracepoint rust_sample_loaded(magic_number: c_int);
///
///     // Not faultable: called with a runqueue locked.
///     #[header = "trace/events/sched.h"]
///     #[faultable]
///     struct SchedWakeupFaultable = tracepoint sched_wakeup(p: *mut task_struct);
/// }
/// # struct Loads;
/// # impl tracepoint::Handler for Loads {
/// #     type Tracepoint = RustSampleLoaded;
/// #     fn event(&self, _ctx: &Context<Atomic>, _args: &RustSampleLoaded) {}
/// # }
/// # struct Wakeups;
/// # impl tracepoint::Handler for Wakeups {
/// #     type Tracepoint = SchedWakeupFaultable;
/// #     fn event(&self, _ctx: &Context<Faultable>, _args: &SchedWakeupFaultable) {}
/// # }
/// # // The message starts with `start`, and the error is `errno`.
/// # fn says<T>(r: Result<T, kprobes::SetupError>, errno: Error, start: &[u8]) -> Result {
/// #     let Err(e) = r else {
/// #         assert!(false, "registered");
/// #         return Ok(());
/// #     };
/// #     assert_eq!(e.error(), errno);
/// #     let text = CString::try_from_fmt(fmt!("{e}"))?;
/// #     assert!(text.to_bytes().starts_with(start), "{e}");
/// #     Ok(())
/// # }
/// let missing = KBox::try_pin_init(tracepoint::Registration::new(Loads), GFP_KERNEL);
/// // ENOENT: "rust_sample_loaded: no such tracepoint in the kernel: check /sys/kernel/..."
/// # says(missing, ENOENT, b"rust_sample_loaded: no such tracepoint in the kernel: check ")?;
///
/// let not_faultable = KBox::try_pin_init(tracepoint::Registration::new(Wakeups), GFP_KERNEL);
/// // EINVAL: "sched_wakeup: declared #[faultable], but the kernel does not call it faultable..."
/// # says(not_faultable, EINVAL, b"sched_wakeup: declared #[faultable], but the kernel does not")?;
/// # Ok::<(), Error>(())
/// ```
///
/// # Invariants
///
/// While `self` lives, `probe`, the C probe of `H::Tracepoint` for `H`, is registered on `tp`,
/// with `self` as its data.
#[pin_data(PinnedDrop)]
pub struct Registration<H: Handler> {
    tp: NonNull<bindings::tracepoint>,
    // Kept: the kernel finds a probe to unregister by its address, which must be the one
    // registered (not another copy of the same function).
    probe: *mut c_void,
    #[pin]
    handler: H,
    #[pin]
    _pin: PhantomPinned,
}

// SAFETY: `tp` points to a tracepoint of the kernel image, which lives as long as the kernel;
// it is only passed to the C API, which serializes on `tracepoints_mutex` and may be called
// from any thread, as dropping the registration does; `probe` is a function of this module.
// The handler is sent with it.
unsafe impl<H: Handler + Send> Send for Registration<H> {}

// SAFETY: Through `&self`, `tp` is only read (its name and whether it is faultable, which do
// not change), and `probe` is not used; the handler is `Sync`.
unsafe impl<H: Handler> Sync for Registration<H> {}

impl<H: Handler> Registration<H> {
    /// Attaches `handler` to the tracepoint `H::Tracepoint`, found by name among the kernel's
    /// tracepoints (`for_each_kernel_tracepoint()`).
    pub fn new<E>(handler: impl PinInit<H, E>) -> impl PinInit<Self, SetupError>
    where
        SetupError: From<E>,
    {
        // INVARIANT: If initialization completes, `register` registered the probe with `this`
        // as its data.
        try_pin_init!(&this in Self {
            tp: find::<H::Tracepoint>()?,
            probe: H::Tracepoint::probe::<H>(),
            handler <- handler,
            _pin: PhantomPinned,
            _: {
                // SAFETY: All fields are initialized and `this` is pinned: the registration
                // does not move until its destructor, which unregisters the probe.
                unsafe { Self::register(this.as_ptr()) }?;
            }
        }? SetupError)
    }

    /// Registers the C probe of `H` on the tracepoint, with `this` as its data.
    ///
    /// # Safety
    ///
    /// `this` points to a fully initialized, pinned `Registration` that is not registered and
    /// unregisters in its destructor.
    unsafe fn register(this: *mut Self) -> Result<(), SetupError> {
        // SAFETY: `this` is valid (safety requirements).
        let (tp, probe) = unsafe { ((*this).tp, (*this).probe) };
        // SAFETY: `tp` is a tracepoint of the kernel image; `probe` is `H::Tracepoint`'s C probe
        // for `H`, of the tracepoint's probe type (`Tracepoint`'s safety requirements), which
        // calls `call::<H>` with `this`; `this` stays valid and in place until the destructor
        // has unregistered it and waited.
        to_result(unsafe { bindings::tracepoint_probe_register(tp.as_ptr(), probe, this.cast()) })
            .map_err(|e| {
                SetupError::new(
                    e,
                    fmt!(
                        "{}: tracepoint_probe_register failed: see \
                         Documentation/trace/tracepoints.rst",
                        H::Tracepoint::NAME
                    ),
                )
            })
    }

    /// Returns the handler.
    pub fn handler(&self) -> &H {
        &self.handler
    }

    /// Returns the tracepoint's name.
    pub fn name(&self) -> &'static CStr {
        H::Tracepoint::NAME
    }

    /// Returns whether the kernel calls the tracepoint faultable (`tracepoint_is_faultable()`).
    pub fn is_faultable(&self) -> bool {
        is_faultable(self.tp)
    }
}

#[pinned_drop]
impl<H: Handler> PinnedDrop for Registration<H> {
    fn drop(self: Pin<&mut Self>) {
        let data: *const Self = &*self;
        // SAFETY: The probe is registered on `tp` with `self` as its data (type invariant).
        let ret = unsafe {
            bindings::tracepoint_probe_unregister(
                self.tp.as_ptr(),
                self.probe,
                data.cast_mut().cast(),
            )
        };
        // Fails only for a probe that is not registered; on failure to allocate, the kernel
        // replaces it with a stub.
        if ret != 0 {
            pr_warn!(
                "{}: tracepoint_probe_unregister returned {ret}\n",
                self.name()
            );
        }
        synchronize_unregister();
    }
}

/// Waits until no tracepoint call runs a probe unregistered before:
/// `tracepoint_synchronize_unregister()`, a static inline (through a C helper).
fn synchronize_unregister() {
    // SAFETY: No preconditions but process context, where waiting for grace periods is
    // allowed: a registration is dropped there (tracepoint_probe_unregister() takes a mutex).
    unsafe { helpers::tracepoint_synchronize_unregister() }
}

/// Returns whether `tp` is faultable: `tracepoint_is_faultable()`, a static inline (through a
/// C helper).
fn is_faultable(tp: NonNull<bindings::tracepoint>) -> bool {
    // SAFETY: `tp` is a tracepoint of the kernel image, whose fields the helper only reads;
    // they do not change.
    unsafe { helpers::tracepoint_is_faultable(tp.as_ptr()) }
}

/// Finds the tracepoint of `T` among the kernel's, and checks that its context is the one
/// declared.
fn find<T: Tracepoint>() -> Result<NonNull<bindings::tracepoint>, SetupError> {
    struct Search<'a> {
        name: &'a CStr,
        found: *mut bindings::tracepoint,
    }

    /// Called for each tracepoint of the kernel image.
    ///
    /// # Safety
    ///
    /// `tp` is a tracepoint, `search` a `Search`.
    unsafe extern "C" fn visit(tp: *mut bindings::tracepoint, search: *mut c_void) {
        // SAFETY: By the safety requirements; nothing else uses the `Search` meanwhile.
        let search = unsafe { &mut *search.cast::<Search<'_>>() };
        // SAFETY: A tracepoint's name is a NUL-terminated string of the kernel image.
        let name = unsafe { CStr::from_char_ptr((*tp).name) };
        if search.found.is_null() && name == search.name {
            search.found = tp;
        }
    }

    let mut search = Search {
        name: T::NAME,
        found: ptr::null_mut(),
    };
    // SAFETY: `visit` matches the callback type, and `search` lives across the call, which
    // calls `visit` synchronously only.
    unsafe { bindings::for_each_kernel_tracepoint(Some(visit), (&raw mut search).cast()) };
    let Some(tp) = NonNull::new(search.found) else {
        return Err(SetupError::new(
            ENOENT,
            fmt!(
                "{}: no such tracepoint in the kernel: check \
                 /sys/kernel/tracing/available_events (a DECLARE_TRACE without an event is \
                 named NAME_tp); the tracepoints of modules are not searched",
                T::NAME
            ),
        ));
    };
    if <T::Kind as Kind>::FAULTABLE && !is_faultable(tp) {
        return Err(SetupError::new(
            EINVAL,
            fmt!(
                "{}: declared #[faultable], but the kernel does not call it faultable \
                 (tracepoint_is_faultable()): declare it without #[faultable], and do not \
                 sleep or fault in its handler",
                T::NAME
            ),
        ));
    }
    Ok(tp)
}
