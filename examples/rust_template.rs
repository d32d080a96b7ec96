// SPDX-License-Identifier: GPL-2.0

//! A starting point for your own probe: `scripts/new-probe NAME FUNCTION` copies this file
//! to `examples/NAME.rs` (and a test to `tests/cases/NAME.sh`); `make` builds it.
//!
//! As it stands it counts the calls of `func`, logs the first `maxprint` of them with their
//! first three arguments, and reports the count at unload:
//!
//!     insmod rust_template.ko func=kernel_clone
//!     rust_template: kernel_clone(0xff1100000327ea0, 0x0, 0x0) by sh[42]
//!     rust_template: kernel_clone: 3 calls

use kernel::prelude::*;

// The kprobes layer: registrations, handler traits, `Regs`, module parameters.
#[path = "../kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::stats::Counter;
use kit::PrintLimit;
use kprobes::{
    kprobe::{
        self,
        Options,
        Probe,
        Registration, //
    },
    InspectInitErr,
    Regs,
    Target, //
};

module! {
    type: ProbeModule,
    name: "rust_template",
    authors: ["rust-kprobes developers"],
    description: "A probe made from the rust-kprobes template",
    license: "GPL",
}

// Parameters show in /sys/module/rust_template/parameters/ and in `modinfo`.
crate::module_params! {
    func: string<512> {
        default: "kernel_clone",
        permissions: 0o444,
        description: "Function to probe",
    },
    maxprint: u32 {
        default: 10,
        permissions: 0o444,
        description: "Calls to log (0: no cap), at most 100 a second",
    },
}

/// The handler's state. Handlers run with preemption off, on any CPU at once: keep state
/// in atomics such as `Counter` (no `Mutex`, no allocation, no sleeping).
struct CallLogger {
    calls: Counter,
    log: PrintLimit,
}

#[vtable]
impl kprobe::Handler for CallLogger {
    /// Called before the first instruction of `func` runs, with its arguments in `regs`.
    fn pre(&self, p: &Probe, regs: &Regs) {
        self.calls.inc();
        // The first `maxprint`, at most `PrintLimit::PER_SECOND` a second: dmesg is no
        // channel for every call of a hot function.
        if !self.log.take() {
            return;
        }
        pr_info!(
            "{}({:#x}, {:#x}, {:#x}) by {}[{}]\n",
            p.symbol().unwrap_or(c"?"),
            regs.arg::<usize>(0).unwrap_or(0),
            regs.arg::<usize>(1).unwrap_or(0),
            regs.arg::<usize>(2).unwrap_or(0),
            kprobes::current_comm(),
            current!().pid(),
        );
    }
}

/// The module holds the registration in place: the kernel keeps the module's data pinned
/// until it unloads, when dropping the registration removes the probe.
#[pin_data(PinnedDrop)]
struct ProbeModule {
    #[pin]
    probe: Registration<CallLogger>,
}

impl kernel::InPlaceModule for ProbeModule {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        let handler = CallLogger {
            calls: Counter::new(),
            log: PrintLimit::new(params::maxprint.get()),
        };
        let target = [Target::symbol(params::func.get())];
        // Fails, with a message naming the problem, if `func` cannot be probed.
        let probe = Registration::new(target, Options::default(), handler)
            .inspect_err(|e| pr_err!("register_kprobe failed, returned {}: {e}\n", e.to_errno()));
        try_pin_init!(Self { probe <- probe }? Error)
    }
}

#[pinned_drop]
impl PinnedDrop for ProbeModule {
    fn drop(self: Pin<&mut Self>) {
        let calls = self.probe.handler().calls.get();
        pr_info!("{}: {} calls\n", params::func.get(), calls);
    }
}
