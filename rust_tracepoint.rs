// SPDX-License-Identifier: GPL-2.0

//! Logs the events of a scheduler tracepoint, with their fields rendered as ftrace renders
//! the tracepoint's event (the `print fmt` in `/sys/kernel/tracing/events/sched/NAME/format`).
//!
//! Attaches a handler to `tp` (`sched_process_exec`, `sched_process_fork` or
//! `sched_process_exit`), logs the first `maxprint` events and counts them all in
//! `/sys/kernel/debug/rust_tracepoint/stats`.
//!
//!     insmod rust_tracepoint.ko tp=sched_process_exec
//!     rust_tracepoint: sched_process_exec: filename=/bin/true pid=42 old_pid=42

use core::marker::PhantomData;
use kernel::{
    fmt,
    prelude::*, //
};

#[path = "kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::{
    debugfs::InDebugfs,
    stats::Counter,
    tracepoint::{
        events::{
            SchedProcessExec,
            SchedProcessExit,
            SchedProcessFork, //
        },
        Context,
        Handler,
        Registration,
        Tracepoint, //
    },
    PrintLimit, //
};
use kprobes::{
    SetupError,
    TaskExt, //
};

module! {
    type: RustTracepoint,
    name: "rust_tracepoint",
    authors: ["rust-kprobes developers"],
    description: "Logs the events of a scheduler tracepoint, as ftrace shows them",
    license: "GPL",
}

crate::module_params! {
    tp: string<64> {
        default: "sched_process_exec",
        permissions: 0o444,
        description: "Tracepoint: sched_process_exec, sched_process_fork or sched_process_exit",
    },
    maxprint: u32 {
        default: 10,
        permissions: 0o444,
        description: "Events to log (0: no cap), at most 100 a second; counting goes on",
    },
}

/// How ftrace prints an event's fields (its `TP_printk()` in `include/trace/events/sched.h`).
trait Fields: Tracepoint {
    fn fields(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl Fields for SchedProcessExec {
    // "filename=%s pid=%d old_pid=%d"
    fn fields(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pid = self.task().pid();
        f.write_fmt(fmt!(
            "filename={} pid={pid} old_pid={}",
            self.filename(),
            self.old_pid
        ))
    }
}

impl Fields for SchedProcessFork {
    // "comm=%s pid=%d child_comm=%s child_pid=%d"
    fn fields(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (parent, child) = (self.parent(), self.child());
        f.write_fmt(fmt!(
            "comm={} pid={} child_comm={} child_pid={}",
            parent.comm(),
            parent.pid(),
            child.comm(),
            child.pid()
        ))
    }
}

impl Fields for SchedProcessExit {
    // "comm=%s pid=%d prio=%d group_dead=%s"
    fn fields(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let task = self.task();
        f.write_fmt(fmt!(
            "comm={} pid={} prio={} group_dead={}",
            task.comm(),
            task.pid(),
            task.prio(),
            self.group_dead
        ))
    }
}

/// An event's fields, for `{}`.
struct Show<'a, T: Fields>(&'a T);

impl<T: Fields> fmt::Display for Show<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fields(f)
    }
}

/// The events seen. Kept outside the handler, which goes when it is detached: the count said
/// at unload, read after detaching, includes the events of the calls that were still running
/// the handler then.
static HITS: Counter = Counter::new();

/// The handler: counts every event, logs the first `maxprint`.
struct Log<T> {
    log: PrintLimit,
    _tp: PhantomData<fn(&T)>,
}

impl<T: Fields> Handler for Log<T> {
    type Tracepoint = T;

    // Runs where the kernel calls the tracepoint: it must not sleep.
    fn event(&self, _ctx: &Context<T::Kind>, args: &T) {
        HITS.inc();
        if self.log.take() {
            pr_info!("{}: {}\n", T::NAME, Show(args));
        }
    }
}

/// `/sys/kernel/debug/rust_tracepoint/stats`: a header, then `tracepoint hits`.
fn stats<T: Fields>(reg: &Registration<Log<T>>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    writeln!(f, "# tracepoint hits")?;
    f.write_fmt(fmt!("{} {}\n", reg.name(), HITS.get()))
}

type Attached<T> = Pin<KBox<InDebugfs<Registration<Log<T>>>>>;

/// The tracepoint attached to.
enum Probe {
    Exec(Attached<SchedProcessExec>),
    Fork(Attached<SchedProcessFork>),
    Exit(Attached<SchedProcessExit>),
}

/// Attaches the handler to `T`, published in debugfs.
fn attach<T: Fields + 'static>() -> Result<Attached<T>, SetupError> {
    let log = Log {
        log: PrintLimit::new(params::maxprint.get()),
        _tp: PhantomData,
    };
    let reg = Registration::new(log);
    KBox::try_pin_init(
        InDebugfs::new(c"rust_tracepoint", c"stats", reg, &stats::<T>),
        GFP_KERNEL,
    )
}

/// Detaches the handler (waiting for the calls running it), then says how many events it saw.
fn detach<T: Fields>(probe: Attached<T>) {
    drop(probe);
    pr_info!("tracepoint {} detached, {} events\n", T::NAME, HITS.get());
}

struct RustTracepoint {
    probe: Option<Probe>,
}

impl kernel::Module for RustTracepoint {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let tp = params::tp.get();
        let probe = if tp == SchedProcessExec::NAME {
            attach().map(Probe::Exec)
        } else if tp == SchedProcessFork::NAME {
            attach().map(Probe::Fork)
        } else if tp == SchedProcessExit::NAME {
            attach().map(Probe::Exit)
        } else {
            Err(SetupError::new(
                EINVAL,
                fmt!(
                    "tp={tp}: not a tracepoint this module handles: use sched_process_exec, \
                     sched_process_fork or sched_process_exit; for another one, declare it in a \
                     module of your own (kit::tracepoint::declare!)"
                ),
            ))
        }
        .inspect_err(|e| {
            pr_err!(
                "attaching to the tracepoint failed, returned {}: {e}\n",
                e.to_errno()
            )
        })?;
        pr_info!("attached to tracepoint {tp}\n");
        Ok(Self { probe: Some(probe) })
    }
}

impl Drop for RustTracepoint {
    fn drop(&mut self) {
        match self.probe.take() {
            Some(Probe::Exec(p)) => detach(p),
            Some(Probe::Fork(p)) => detach(p),
            Some(Probe::Exit(p)) => detach(p),
            None => {}
        }
    }
}
