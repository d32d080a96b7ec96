// SPDX-License-Identifier: GPL-2.0

//! Uprobes and uretprobes: a handler called when a user program executes an instruction of a
//! file, or returns from the function starting there.
//!
//! C header: [`include/linux/uprobes.h`](srctree/include/linux/uprobes.h)
//!
//! Documentation: [`uprobetracer.rst`](srctree/Documentation/trace/uprobetracer.rst)
//!
//! A uprobe is planted on a file and an offset into it (`/bin/busybox:0x1234`, as
//! `uprobe_events` takes it): every process that maps the file, now or later, gets a
//! breakpoint there. The offset is a *file* offset, not an address: for a symbol of an ELF
//! binary, its value less the address of the `PT_LOAD` segment holding it plus the segment's
//! file offset (`scripts/uprobe-offset BINARY SYMBOL` prints it). ELF is not parsed in the
//! kernel.
//!
//! A [`Registration`] resolves the path with `kern_path()` and holds the file (its `struct
//! path`) until it is dropped, as `uprobe_register()` requires; it registers a `struct
//! uprobe_consumer` calling its [`Handler`] on the file's real inode (`d_real_inode()`, as
//! `trace_uprobe` and BPF's `uprobe_multi` do: on overlayfs, where containers keep their
//! programs, processes map the file of the layer below, never the overlay's inode), and when
//! dropped unregisters it as 7.3 wants: `uprobe_unregister_nosync()`, then
//! `uprobe_unregister_sync()`, which waits until no handler runs anymore. The path must be
//! absolute: a relative one would be resolved against the working directory of whoever loads
//! the module.
//!
//! USDT probes (`.note.stapsdt`) are uprobes with, for those that have one, a semaphore: a
//! counter in the program's data that the kernel increments while a probe is registered
//! ([`Options::ref_ctr_offset`]), so that the program's `PROBE_ENABLED()` test is true only
//! then. [`usdt`](super::usdt) decodes their arguments.
//!
//! # Context
//!
//! Handlers run in the probed task, in task context, on its way back to user mode
//! (`uprobe_notify_resume()`, or the uprobe and uretprobe system calls of x86_64), preemptible
//! and inside an RCU Tasks Trace read-side section (`handle_swbp()`, `handler_chain()` in
//! kernel/events/uprobes.c): they may take page faults and sleep (sleepable BPF uprobe
//! programs rely on this, reading user memory with `bpf_copy_from_user()`). Their [`Context`]
//! says so: it reads the task's memory faulting pages in ([`Context::copy_from_user`]), which
//! the non-faulting [`read_user`](super::read_user) of other handlers cannot, so memory not yet
//! resident (a page the program has mapped and not touched) reads as it is. The registers are
//! the task's user registers. The same handler may run in many tasks at once.
//!
//! # Per-call data
//!
//! A [`Handler`] with both [`Handler::entry`] and [`Handler::ret`] is a *session* consumer in
//! 7.3: the kernel keeps a 64-bit cookie for each call, from its entry handler to its return
//! handler (`struct return_consumer`); [`Handler::Data`] is kept in it, so it must fit in 8
//! bytes (checked at build time). No lock, no allocation, no per-task table is needed.

use super::{
    bindings,
    error::SetupError,
    raw_probe::map_init_error,
    Regs, //
};
use core::{
    cell::UnsafeCell,
    marker::{
        PhantomData,
        PhantomPinned, //
    },
    mem::{
        align_of,
        needs_drop,
        size_of, //
    },
    ptr,
};
use kernel::{
    error::{
        from_err_ptr,
        VTABLE_DEFAULT_ERROR, //
    },
    prelude::*,
    str::CString,
    transmute::FromBytes,
    types::Opaque, //
};

/// What a uprobe handler may do where it runs, lent to [`Handler::entry`] and [`Handler::ret`]:
/// it is in the probed task, in task context, preemptible, where it may take page faults and
/// sleep, so it reads the task's memory faulting pages in, as a system call does (see the
/// [module documentation](self)).
///
/// Read in the handler itself, not while formatting: `{}` in `pr_info!` runs the `Display`
/// implementation inside printk, with interrupts off, where a fault is a bug (read the values
/// first, then print them, as [`usdt::Args::display`](super::usdt::Args::display) does).
///
/// # Invariants
///
/// A `Context` exists only during a call of a uprobe consumer's callback by the kernel
/// (`handler_chain()` and `handle_uretprobe_chain()` in kernel/events/uprobes.c), lent to the
/// handler: in the probed task, in task context, preemptible, with page faults allowed.
pub struct Context {
    // A handler's context stays in its call, in its task.
    _not_send: PhantomData<*mut ()>,
}

impl Context {
    /// Makes the context of a callback.
    ///
    /// # Safety
    ///
    /// Only called in a uprobe consumer's callback, for the duration of the call.
    unsafe fn new() -> Self {
        // INVARIANT: By the safety requirements.
        Self {
            _not_send: PhantomData,
        }
    }

    /// Reads a `T` from the probed task's memory at `addr`, faulting pages in as a system call
    /// does (it may sleep): [`EFAULT`] if the address is not mapped.
    pub fn copy_from_user<T: FromBytes>(&self, addr: usize) -> Result<T> {
        // Allowed here: a uprobe handler runs in the probed task, in task context, preemptible
        // (type invariant).
        super::user::read(addr)
    }

    /// Reads a NUL-terminated string from the probed task's memory at `addr` into `buf`,
    /// faulting pages in (it may sleep), as `strncpy_from_user()`. Returns the bytes before the
    /// NUL, truncated to the buffer less one byte; [`EFAULT`] if the address is not mapped.
    pub fn strncpy_from_user<'a>(&self, addr: usize, buf: &'a mut [u8]) -> Result<&'a [u8]> {
        // As above: allowed in a uprobe handler.
        super::user::strncpy(addr, buf)
    }
}

/// The handlers of a uprobe: at the probed instruction ([`Handler::entry`]), at the return of
/// the function starting there ([`Handler::ret`], a uretprobe), or both, with data carried
/// from a call's entry to its return. At least one must be implemented.
///
/// # Context
///
/// Both run in the probed task, in task context, preemptible, where they may take page faults
/// and sleep (see the [module documentation](self)): their [`Context`] reads the task's memory
/// faulting pages in. They see the task's user registers. Shared state should be atomic: the
/// handler runs in every task that hits the probe, several at once.
#[vtable]
pub trait Handler: Sync {
    /// Data kept for one call, from [`Handler::entry`] to [`Handler::ret`], in the 64-bit
    /// cookie the kernel keeps per call and consumer: at most 8 bytes, aligned to at most 8,
    /// and not needing drop (a call that never returns, as when the task exits in it, drops
    /// its cookie without calling anyone). Checked at build time.
    type Data: Default + Send;

    /// Called when a task executes the probed instruction. Returns the data for this call, or
    /// [`None`] to not call [`Handler::ret`] for it.
    ///
    /// Optional: without it the probe is a uretprobe only, and each call's data is
    /// `Data::default()`.
    fn entry(&self, _ctx: &Context, _regs: &Regs) -> Option<Self::Data> {
        build_error!(VTABLE_DEFAULT_ERROR)
    }

    /// Called when the function starting at the probed instruction returns (the probe must be
    /// at a function's first instruction); [`Regs::return_value`] holds its result and `func`
    /// is the address of the probe in the task.
    ///
    /// Optional: without it the probe is a plain uprobe.
    fn ret(&self, _ctx: &Context, _data: Self::Data, _func: usize, _regs: &Regs) {
        build_error!(VTABLE_DEFAULT_ERROR)
    }
}

/// Options of a [`Registration`].
#[derive(Clone, Copy, Default)]
pub struct Options {
    /// The file offset of a USDT semaphore (a `unsigned short` in the program's data, at an
    /// even offset) that the kernel increments in every process mapping the file while the
    /// probe is registered, and decrements when it is removed (`ref_ctr_offset`). `None` for
    /// a probe without one.
    pub ref_ctr_offset: Option<u64>,
}

/// A file found by path, held (`struct path`: its mount and dentry referenced) until dropped.
///
/// # Invariants
///
/// `path` was filled in by a successful `kern_path()`, whose references are put once, when
/// dropped; its dentry is positive (has an inode), and so is the real dentry under it on a
/// stacking file system (overlayfs holds its layers' dentries while its own is referenced).
struct HeldPath {
    path: bindings::path,
}

// SAFETY: The references of a `struct path` may be put from any thread (`path_put()` is
// called in process context, as a module's unload is), and the inode is only read.
unsafe impl Send for HeldPath {}

// SAFETY: Through `&self` the inode is only read (its mode and, with `i_size_read()`, size).
unsafe impl Sync for HeldPath {}

impl HeldPath {
    /// Resolves `name`, an absolute path, following symbolic links.
    fn lookup(name: &CStr) -> Result<Self, SetupError> {
        if name.to_bytes().first() != Some(&b'/') {
            // `kern_path()` would resolve it against the working directory of the task loading
            // the module, not anything the probed processes know.
            return Err(SetupError::new(
                EINVAL,
                fmt!(
                    "{name}: a relative path: give the program's absolute path, as the probed \
                     processes see it"
                ),
            ));
        }
        let mut path = bindings::path::default();
        // SAFETY: `name` is a NUL-terminated string and `path` is valid for writes; the call
        // sleeps, which is allowed here (module init, process context).
        let ret =
            unsafe { bindings::kern_path(name.as_char_ptr(), bindings::LOOKUP_FOLLOW, &mut path) };
        if ret != 0 {
            let error = Error::from_errno(ret);
            let hint = if error == ENOENT {
                "no such file: give the program's absolute path, as the probed processes see it"
            } else if error == ENOTDIR {
                "a component of the path is not a directory"
            } else {
                "cannot resolve the path (kern_path failed)"
            };
            return Err(SetupError::new(error, fmt!("{}: {hint}", name)));
        }
        // INVARIANT: `kern_path()` succeeded; it gives positive dentries only (ENOENT else).
        Ok(Self { path })
    }

    /// Returns the real inode of the file, the one processes map: `d_real_inode()`, which is
    /// the dentry's own inode except on a stacking file system (overlayfs), where it is the
    /// inode of the layer holding the file's data.
    // Inline, as the other callers of the layer's C helpers (kprobes/helpers.c): only the
    // modules that plant uprobes reach it, and only they link the helpers in.
    #[inline]
    fn inode(&self) -> *mut bindings::inode {
        // SAFETY: The dentry is referenced, hence valid, and positive (type invariant), as is
        // the real dentry under it, which its file system holds while the dentry is
        // referenced.
        unsafe { bindings::d_real_inode(self.path.dentry) }
    }

    /// Returns whether the file is a regular file (`S_ISREG()`).
    #[inline]
    fn is_regular(&self) -> bool {
        // SAFETY: The inode is valid while the dentry is referenced; its type never changes.
        let mode = u32::from(unsafe { (*self.inode()).i_mode });
        mode & bindings::S_IFMT == bindings::S_IFREG
    }

    /// Returns the size of the file (`i_size_read()`).
    #[inline]
    fn size(&self) -> i64 {
        // SAFETY: The inode is valid while the dentry is referenced; `i_size_read()` reads its
        // size as the kernel does everywhere (unlocked, paired with `i_size_write()`).
        unsafe { bindings::i_size_read(self.inode()) }
    }
}

impl Drop for HeldPath {
    fn drop(&mut self) {
        // SAFETY: The references were taken by `kern_path()` and are put only here (type
        // invariant).
        unsafe { bindings::path_put(&self.path) };
    }
}

/// A registered uprobe (or uretprobe) on a file and an offset into it.
///
/// Dropping it unregisters the probe, removing its breakpoints from every process, and waits
/// until no handler runs anymore; then it lets go of the file.
///
/// # Invariants
///
/// `uprobe` holds what `uprobe_register()` returned for `consumer` on the real inode of `file`,
/// which is held; the consumer's callbacks find `handler` through it. Once registered, no
/// field but `uprobe` is written until the destructor unregisters, and `uprobe` only once, by
/// [`Registration::register`], which never makes a reference to `Self`: the callbacks may run
/// in other tasks from inside `uprobe_register()` on, each borrowing `handler` (only).
#[pin_data(PinnedDrop)]
pub struct Registration<T: Handler> {
    #[pin]
    consumer: Opaque<bindings::uprobe_consumer>,
    // Written through a shared path while handlers run: in a cell.
    uprobe: UnsafeCell<*mut bindings::uprobe>,
    // Dropped after the probe is unregistered (in `drop`): `uprobe_register()` wants the
    // inode held while the probe is.
    file: HeldPath,
    path: CString,
    offset: u64,
    ref_ctr_offset: Option<u64>,
    #[pin]
    handler: T,
    #[pin]
    _pin: PhantomPinned,
}

// SAFETY: `uprobe` is only passed to the C API, which may be called from any thread in process
// context (as dropping the registration is); the consumer is the kernel's to read while
// registered. The handler is sent with it.
unsafe impl<T: Handler + Send> Send for Registration<T> {}

// SAFETY: Through `&self` only the path, offsets and handler (`Sync`) are read; `uprobe` and the
// consumer are not used. (`uprobe` is written once, before the registration is initialized and
// any `&Self` is handed out, and read when it is dropped.)
unsafe impl<T: Handler> Sync for Registration<T> {}

impl<T: Handler> Registration<T> {
    /// Build-time checks of `T::Data` against the kernel's per-call cookie, and of the handlers.
    const DATA_FITS: () = {
        assert!(
            size_of::<T::Data>() <= size_of::<u64>() && align_of::<T::Data>() <= align_of::<u64>(),
            "uprobe::Handler::Data must fit in the 64-bit cookie the kernel keeps per call"
        );
        assert!(
            !needs_drop::<T::Data>(),
            "uprobe::Handler::Data must not need dropping (a call that never returns drops it)"
        );
        assert!(
            T::HAS_ENTRY || T::HAS_RET,
            "a uprobe::Handler implements entry, ret, or both"
        );
    };

    /// Plants a uprobe on `path` at file offset `offset`, calling `handler`'s
    /// [`Handler::entry`] at the instruction there, and its [`Handler::ret`] when the function
    /// starting there returns.
    ///
    /// Fails, naming the problem, when the file is missing or not a regular file, when the
    /// offset is past its end or not a multiple of the architecture's instruction alignment
    /// ([`Regs::INSN_ALIGN`]), or when the semaphore offset is odd.
    pub fn new<E>(
        path: &CStr,
        offset: u64,
        options: Options,
        handler: impl PinInit<T, E>,
    ) -> impl PinInit<Self, SetupError>
    where
        SetupError: From<E>,
    {
        #[allow(clippy::let_unit_value)]
        let () = Self::DATA_FITS;
        let handler = map_init_error(handler);
        let file = HeldPath::lookup(path).and_then(|file| check(path, offset, options, file));
        let name = CString::try_from_fmt(fmt!("{path}")).map_err(<SetupError as From<Error>>::from);
        // INVARIANT: If initialization completes, `register` registered the consumer on the
        // inode of `file` and stored what `uprobe_register()` returned.
        try_pin_init!(&this in Self {
            consumer <- Opaque::ffi_init(|uc: *mut bindings::uprobe_consumer| {
                // SAFETY: `uc` is valid for writes.
                unsafe {
                    uc.write(bindings::uprobe_consumer {
                        handler: if T::HAS_ENTRY { Some(entry_callback::<T>) } else { None },
                        ret_handler: if T::HAS_RET { Some(return_callback::<T>) } else { None },
                        ..Default::default()
                    })
                };
            }),
            uprobe: UnsafeCell::new(ptr::null_mut()),
            file: file?,
            path: name?,
            offset,
            ref_ctr_offset: options.ref_ctr_offset,
            handler <- handler,
            _pin: PhantomPinned,
            _: {
                // SAFETY: All fields are initialized and `this` is pinned: the registration
                // does not move until its destructor, which unregisters the probe.
                unsafe { Self::register(this.as_ptr()) }?;
            }
        }? SetupError)
    }

    /// Registers the consumer of `this` and keeps the uprobe it got.
    ///
    /// From inside `uprobe_register()` on, other tasks may hit the probe and run the callbacks,
    /// which borrow `handler`: so no `&mut Self` (nor `&Self`) is made here, only references to
    /// the fields read, which nothing writes, and `uprobe` is written through its cell.
    ///
    /// # Safety
    ///
    /// `this` points to a fully initialized, pinned `Registration`, not registered, that
    /// unregisters in its destructor.
    unsafe fn register(this: *mut Self) -> Result<(), SetupError> {
        // SAFETY: `this` is valid (safety requirements); the fields are only read, and no task
        // writes them (type invariant).
        let (file, path, offset, ref_ctr_offset, consumer) = unsafe {
            (
                &(*this).file,
                &(*this).path,
                (*this).offset,
                (*this).ref_ctr_offset,
                Opaque::cast_into(&raw const (*this).consumer),
            )
        };
        // SAFETY: The inode is held by `file` for as long as the probe is registered (it is
        // dropped after the destructor unregisters); the consumer is filled in, with callbacks
        // that find the handler through it, and stays in place until it is unregistered. The
        // call sleeps: allowed here (process context).
        let uprobe = unsafe {
            bindings::uprobe_register(
                file.inode(),
                offset as i64,
                ref_ctr_offset.unwrap_or(0) as i64,
                consumer,
            )
        };
        let uprobe = from_err_ptr(uprobe).map_err(|e| {
            SetupError::new(
                e,
                fmt!(
                    "{}+{:#x}: uprobe_register failed: see Documentation/trace/uprobetracer.rst",
                    &**path,
                    offset
                ),
            )
        })?;
        // SAFETY: `this` is valid; the cell is written only here, once, and read by no task
        // until the registration is dropped (type invariant).
        unsafe { *(*this).uprobe.get() = uprobe };
        Ok(())
    }

    /// Returns the handler.
    pub fn handler(&self) -> &T {
        &self.handler
    }

    /// Returns the path the probe was planted on, as given.
    pub fn path(&self) -> &CStr {
        &self.path
    }

    /// Returns the file offset of the probe.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Returns the file offset of the probe's semaphore, if it has one.
    pub fn ref_ctr_offset(&self) -> Option<u64> {
        self.ref_ctr_offset
    }

    /// Recovers the handler of the registration whose consumer is `uc`.
    ///
    /// Only the handler is borrowed, not the registration: its `uprobe` field is written while
    /// the callbacks may already run (see [`Registration::register`]).
    ///
    /// # Safety
    ///
    /// `uc` is the consumer of a registered `Registration<T>`, and the handler is used only
    /// during the callback that got `uc`.
    unsafe fn handler_of<'a>(uc: *mut bindings::uprobe_consumer) -> &'a T {
        // SAFETY: `uc` is the `consumer` field (an `Opaque`, transparent) of a live
        // `Registration<T>`, which stays valid while its callbacks can run; the pointer to the
        // registration is only used to reach `handler`, which is never written while registered
        // (type invariant).
        unsafe {
            let this = kernel::container_of!(Opaque::cast_from(uc), Self, consumer);
            &(*this).handler
        }
    }
}

/// Checks `offset` and `options` against `file`.
// Inline: see `HeldPath::inode`.
#[inline]
fn check(
    path: &CStr,
    offset: u64,
    options: Options,
    file: HeldPath,
) -> Result<HeldPath, SetupError> {
    if !file.is_regular() {
        return Err(SetupError::new(
            EINVAL,
            fmt!("{path}: not a regular file: give the path of the program or library to probe"),
        ));
    }
    let size = file.size().max(0) as u64;
    if offset >= size {
        return Err(SetupError::new(
            EINVAL,
            fmt!(
                "{path}+{offset:#x}: the offset is past the end of the file ({size:#x} bytes): \
                 it is a file offset, not an address; scripts/uprobe-offset BINARY SYMBOL \
                 prints a function's"
            ),
        ));
    }
    if offset % Regs::INSN_ALIGN as u64 != 0 {
        return Err(SetupError::new(
            EINVAL,
            fmt!(
                "{path}+{offset:#x}: the offset is not instruction-aligned (a multiple of {} on \
                 this architecture): give a function's start (scripts/uprobe-offset BINARY \
                 SYMBOL) or an instruction's",
                Regs::INSN_ALIGN
            ),
        ));
    }
    match options.ref_ctr_offset {
        Some(r) if r % 2 != 0 || r >= size => Err(SetupError::new(
            EINVAL,
            fmt!(
                "{path}: semaphore offset {r:#x}: not a file offset of a 2-byte counter in the \
                 file ({size:#x} bytes): take it from scripts/usdt-list BINARY"
            ),
        )),
        _ => Ok(file),
    }
}

#[pinned_drop]
impl<T: Handler> PinnedDrop for Registration<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: `uprobe` was returned by `uprobe_register()` for the consumer, which is
        // registered (type invariant); this is process context. `uprobe_unregister_sync()`
        // waits until no handler runs the consumer's callbacks anymore (RCU Tasks Trace and
        // the uretprobes' SRCU), so none uses `self` after it returns. The file is let go
        // after this, when the fields are dropped.
        unsafe {
            bindings::uprobe_unregister_nosync(*self.uprobe.get(), self.consumer.get());
            bindings::uprobe_unregister_sync();
        }
    }
}

/// # Safety
///
/// Only used as the `handler` of the consumer of a registered `Registration<T>`.
unsafe extern "C" fn entry_callback<T: Handler>(
    uc: *mut bindings::uprobe_consumer,
    regs: *mut bindings::pt_regs,
    cookie: *mut u64,
) -> c_int {
    if !T::HAS_ENTRY {
        // Not installed then (`Registration::new`).
        return 0;
    }
    // SAFETY: `uc` is the consumer of a live `Registration<T>`; the handler is used in this
    // call only.
    let handler = unsafe { Registration::<T>::handler_of(uc) };
    // SAFETY: `regs` is the task's user registers, valid for the duration of the call.
    let regs = unsafe { Regs::from_raw(regs) };
    // SAFETY: This is a uprobe consumer's callback; the context is lent to this call only.
    let ctx = unsafe { Context::new() };
    match handler.entry(&ctx, regs) {
        Some(data) => {
            if T::HAS_RET {
                // SAFETY: `cookie` is this call's cookie (`handler_chain()`), 8 bytes, aligned,
                // kept for the return handler; `T::Data` fits in it (`DATA_FITS`).
                unsafe { cookie.cast::<T::Data>().write(data) };
            }
            0
        }
        // The kernel skips this consumer's return handler for the call.
        None => bindings::UPROBE_HANDLER_IGNORE as c_int,
    }
}

/// # Safety
///
/// Only used as the `ret_handler` of the consumer of a registered `Registration<T>`.
unsafe extern "C" fn return_callback<T: Handler>(
    uc: *mut bindings::uprobe_consumer,
    func: usize,
    regs: *mut bindings::pt_regs,
    cookie: *mut u64,
) -> c_int {
    if !T::HAS_RET {
        // Not installed then (`Registration::new`).
        return 0;
    }
    // SAFETY: `uc` is the consumer of a live `Registration<T>`; the handler is used in this
    // call only.
    let handler = unsafe { Registration::<T>::handler_of(uc) };
    let data = if T::HAS_ENTRY && !cookie.is_null() {
        // SAFETY: With both handlers the consumer is a session one: `cookie` is the one its
        // entry handler wrote a `T::Data` into for this call (the kernel calls the return
        // handler only when the entry handler did not return `UPROBE_HANDLER_IGNORE`); it is
        // moved out once.
        unsafe { cookie.cast::<T::Data>().read() }
    } else {
        T::Data::default()
    };
    // SAFETY: `regs` is the task's user registers, valid for the duration of the call.
    let regs = unsafe { Regs::from_raw(regs) };
    // SAFETY: This is a uprobe consumer's callback; the context is lent to this call only.
    let ctx = unsafe { Context::new() };
    handler.ret(&ctx, data, func, regs);
    0
}
