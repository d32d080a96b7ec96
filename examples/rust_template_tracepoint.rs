// SPDX-License-Identifier: GPL-2.0

//! A starting point for your own tracepoint handler: `scripts/new-probe --kind tracepoint
//! NAME` copies this file to `examples/NAME.rs` (and a test to `tests/cases/NAME.sh`); `make`
//! builds it.
//!
//! As it stands it counts the events of `sched_process_fork`, logs the first `maxprint` of
//! them with the parent and the child, and reports the count at unload:
//!
//!     insmod rust_template_tracepoint.ko
//!     rust_template_tracepoint: sh[42] forked 43
//!     rust_template_tracepoint: sched_process_fork: 3 events

use kernel::prelude::*;

// The kprobes layer: registrations, handler traits, tracepoint declarations.
#[path = "../kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::{
    stats::Counter,
    tracepoint::{
        // The tracepoint, declared with its prototype. For another one, declare it in this
        // file with `kit::tracepoint::declare!` (see Documentation/tracepoints.md,
        // "Declaring another tracepoint").
        events::SchedProcessFork,
        Atomic,
        Context,
        Registration,
        Tracepoint, //
    },
    PrintLimit, //
};
use kprobes::{
    InspectInitErr,
    TaskExt, //
};

module! {
    type: TracepointModule,
    name: "rust_template_tracepoint",
    authors: ["rust-kprobes developers"],
    description: "A tracepoint handler made from the rust-kprobes template",
    license: "GPL",
}

// Parameters show in /sys/module/rust_template_tracepoint/parameters/ and in `modinfo`.
crate::module_params! {
    maxprint: u32 {
        default: 10,
        permissions: 0o444,
        description: "Events to log (0: no cap), at most 100 a second",
    },
}

/// The handler's state. Most tracepoints call handlers where they must not sleep, on any CPU
/// at once: keep state in atomics such as `Counter` (no `Mutex`, no allocation, no sleeping).
struct ForkLogger {
    events: Counter,
    log: PrintLimit,
}

impl kit::tracepoint::Handler for ForkLogger {
    type Tracepoint = SchedProcessFork;

    /// Called where the kernel calls `trace_sched_process_fork()`, with its arguments.
    fn event(&self, _ctx: &Context<Atomic>, fork: &SchedProcessFork) {
        self.events.inc();
        // The first `maxprint`, at most `PrintLimit::PER_SECOND` a second: dmesg is no
        // channel for every call of a hot function.
        if !self.log.take() {
            return;
        }
        let (parent, child) = (fork.parent(), fork.child());
        pr_info!(
            "{}[{}] forked {}\n",
            parent.comm(),
            parent.pid(),
            child.pid()
        );
    }
}

/// The module holds the registration in place: the kernel keeps the module's data pinned
/// until it unloads, when dropping the registration detaches the handler, waiting for the
/// calls running it.
#[pin_data(PinnedDrop)]
struct TracepointModule {
    #[pin]
    tracepoint: Registration<ForkLogger>,
}

impl kernel::InPlaceModule for TracepointModule {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        let handler = ForkLogger {
            events: Counter::new(),
            log: PrintLimit::new(params::maxprint.get()),
        };
        // Fails, with a message naming the problem, if the tracepoint cannot be attached to.
        let tracepoint = Registration::new(handler).inspect_err(|e| {
            pr_err!(
                "attaching to the tracepoint failed, returned {}: {e}\n",
                e.to_errno()
            )
        });
        try_pin_init!(Self { tracepoint <- tracepoint }? Error)
    }
}

#[pinned_drop]
impl PinnedDrop for TracepointModule {
    fn drop(self: Pin<&mut Self>) {
        let events = self.tracepoint.handler().events.get();
        pr_info!("{}: {} events\n", SchedProcessFork::NAME, events);
    }
}
