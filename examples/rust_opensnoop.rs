// SPDX-License-Identifier: GPL-2.0

//! An `opensnoop` (as in perf-tools and bcc): logs every `openat(2)` with the process, its pid,
//! the file name, the flags, and the file descriptor it returned or the error.
//!
//! At the `sys_enter` tracepoint the handler reads the file name from user memory; the
//! tracepoint is faultable, so the read faults the page in if needed, which a kprobe handler
//! cannot do. It keeps the name and flags for the task ([`PerTask`]) until `sys_exit` gives
//! the result. Native system calls only: a 32-bit task on a 64-bit kernel (compat) numbers
//! its system calls otherwise, and its call numbered as the native `openat` is another one.
//!
//!     insmod rust_opensnoop.ko
//!     rust_opensnoop: cat[63] openat /proc/version flags=0x0 = 3
//!     rust_opensnoop: cat[64] openat /nonexistent flags=0x0 = -2 ENOENT

use kernel::{
    bindings::__NR_openat,
    prelude::*,
    str::BStr, //
};

#[path = "../kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::{
    stats::Counter,
    tracepoint::events::{
        SysEnter,
        SysExit, //
    },
    tracepoint::{
        Context,
        Faultable,
        Handler,
        Registration, //
    },
    PerTask, //
};
use kprobes::InspectInitErr;

module! {
    type: Opensnoop,
    name: "rust_opensnoop",
    authors: ["rust-kprobes developers"],
    description: "Logs every openat() with its file name and result",
    license: "GPL",
}

/// The system call traced.
const OPENAT: c_long = __NR_openat as c_long;

/// Bytes of a file name kept (longer ones are cut).
const NAME: usize = 256;

/// An `openat` in flight: what its `sys_enter` saw.
#[derive(Clone, Copy)]
struct Open {
    name: [u8; NAME],
    len: usize,
    flags: c_int,
}

/// The opens in flight, one per task (64 tasks inside `openat` at once, at most).
static OPENS: PerTask<Open, 64> = PerTask::new();

/// `sys_enter`: keeps the file name and flags of each `openat`.
struct Enter {
    /// Opens not logged: all slots of `OPENS` were taken.
    missed: Counter,
}

impl Handler for Enter {
    type Tracepoint = SysEnter;

    // Faultable: the file name is read even from a page not yet in memory.
    fn event(&self, ctx: &Context<Faultable>, sys: &SysEnter) {
        if sys.id != OPENAT || sys.regs().is_compat() {
            return;
        }
        // openat(int dfd, const char __user *filename, int flags, umode_t mode)
        let regs = sys.regs();
        let (Some(filename), Some(flags)) = (regs.arg::<usize>(1), regs.arg::<c_int>(2)) else {
            return;
        };
        let mut open = Open {
            name: [0; NAME],
            len: 0,
            flags,
        };
        open.len = match ctx.strncpy_from_user(filename, &mut open.name) {
            Ok(name) => name.len(),
            Err(_) => {
                // A bad pointer: openat fails with EFAULT.
                open.name[0] = b'?';
                1
            }
        };
        if !OPENS.put(open) {
            self.missed.inc();
        }
    }
}

/// `sys_exit`: logs each `openat` with its result.
struct Exit;

impl Handler for Exit {
    type Tracepoint = SysExit;

    fn event(&self, _ctx: &Context<Faultable>, sys: &SysExit) {
        if sys.regs().nr() != OPENAT || sys.regs().is_compat() {
            return;
        }
        // None: the module was loaded while this openat ran.
        let Some(open) = OPENS.take() else {
            return;
        };
        let name = BStr::from_bytes(&open.name[..open.len]);
        let (comm, pid, ret) = (kprobes::current_comm(), current!().pid(), sys.ret);
        let flags = open.flags;
        // An error's name, if the kernel knows them (CONFIG_SYMBOLIC_ERRNAME).
        let errno = (-4095..0)
            .contains(&ret)
            .then(|| Error::from_errno(ret as c_int).name())
            .flatten()
            .unwrap_or(c"");
        let sep = if errno.is_empty() { "" } else { " " };
        pr_info!("{comm}[{pid}] openat {name} flags={flags:#x} = {ret}{sep}{errno}\n");
    }
}

#[pin_data(PinnedDrop)]
struct Opensnoop {
    // Dropped in this order: no `sys_enter` stores a name that no `sys_exit` takes.
    #[pin]
    enter: Registration<Enter>,
    #[pin]
    exit: Registration<Exit>,
}

impl kernel::InPlaceModule for Opensnoop {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        let print = |e: &kprobes::SetupError| {
            pr_err!(
                "attaching to the tracepoint failed, returned {}: {e}\n",
                e.to_errno()
            )
        };
        try_pin_init!(Self {
            exit <- Registration::new(Exit).inspect_err(print),
            enter <- Registration::new(Enter { missed: Counter::new() }).inspect_err(print),
        }? Error)
    }
}

#[pinned_drop]
impl PinnedDrop for Opensnoop {
    fn drop(self: Pin<&mut Self>) {
        let missed = self.enter.handler().missed.get();
        if missed > 0 {
            pr_info!("{missed} opens not logged: more than 64 tasks were opening at once\n");
        }
    }
}
