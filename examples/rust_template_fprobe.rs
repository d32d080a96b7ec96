// SPDX-License-Identifier: GPL-2.0

//! A starting point for your own fprobe: `scripts/new-probe --kind fprobe NAME [GLOB]` copies
//! this file to `examples/NAME.rs` (and a test to `tests/cases/NAME.sh`); `make` builds it.
//!
//! As it stands it attaches one fprobe to every function matching `funcs` (default
//! `kernel_clone`; a glob such as `vfs_*` works too), logs the first `maxprint` returns with
//! the value returned and how long the call took, and reports the count at unload:
//!
//!     insmod rust_template_fprobe.ko
//!     rust_template_fprobe: kernel_clone returned 43 after 2079811 ns
//!     rust_template_fprobe: kernel_clone: 3 calls

use kernel::prelude::*;

// The kprobes layer: registrations, handler traits, registers.
#[path = "../kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::stats::Counter;
use kit::PrintLimit;
use kprobes::{
    fprobe::{
        Call,
        FunctionName,
        Functions,
        Registration, //
    },
    FtraceRegs,
    InspectInitErr,
    Timestamp, //
};

module! {
    type: FprobeModule,
    name: "rust_template_fprobe",
    authors: ["rust-kprobes developers"],
    description: "An fprobe made from the rust-kprobes template",
    license: "GPL",
}

// Parameters show in /sys/module/rust_template_fprobe/parameters/ and in `modinfo`.
crate::module_params! {
    funcs: string<512> {
        default: "kernel_clone",
        permissions: 0o444,
        description: "Functions to attach to: a name or a glob (vfs_*)",
    },
    maxprint: u32 {
        default: 10,
        permissions: 0o444,
        description: "Returns to log (0: no cap), at most 100 a second",
    },
}

/// The handler's state. Handlers run on any CPU at once, with preemption off: keep state in
/// atomics such as `Counter` (no `Mutex`, no allocation, no sleeping).
struct ReturnTimer {
    calls: Counter,
    log: PrintLimit,
}

#[vtable]
impl kprobes::fprobe::Handler for ReturnTimer {
    /// Carried from a call's entry to its exit: when it started.
    type Data = Timestamp;

    /// Called at the entry of an attached function; its arguments are `regs.arg::<T>(0..)`.
    fn entry(&self, _call: &Call<'_>, _regs: &FtraceRegs) -> Option<Timestamp> {
        Some(Timestamp::now())
    }

    /// Called when it returns, with what the entry handler returned.
    fn exit(&self, call: &Call<'_>, start: Timestamp, regs: &FtraceRegs) {
        let ns = start.elapsed_ns();
        self.calls.inc();
        // The first `maxprint`, at most `PrintLimit::PER_SECOND` a second: dmesg is no
        // channel for every call of a hot function.
        if !self.log.take() {
            return;
        }
        pr_info!(
            "{} returned {} after {} ns\n",
            FunctionName(call.ip()),
            regs.return_value::<isize>(),
            ns
        );
    }
}

/// The module holds the registration in place: the kernel keeps the module's data pinned
/// until it unloads, when dropping the registration detaches the fprobe, waiting for the
/// handlers running.
#[pin_data(PinnedDrop)]
struct FprobeModule {
    #[pin]
    fprobe: Registration<ReturnTimer>,
}

impl kernel::InPlaceModule for FprobeModule {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        let handler = ReturnTimer {
            calls: Counter::new(),
            log: PrintLimit::new(params::maxprint.get()),
        };
        // Fails, with a message naming the problem, if no function can be attached to.
        let fprobe = Registration::new(Functions::glob(params::funcs.get()), handler)
            .inspect_err(|e| pr_err!("register_fprobe failed, returned {}: {e}\n", e.to_errno()));
        try_pin_init!(Self { fprobe <- fprobe }? Error)
    }
}

#[pinned_drop]
impl PinnedDrop for FprobeModule {
    fn drop(self: Pin<&mut Self>) {
        let calls = self.fprobe.handler().calls.get();
        pr_info!("{}: {} calls\n", params::funcs.get(), calls);
    }
}
