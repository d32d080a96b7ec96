// SPDX-License-Identifier: GPL-2.0

//! Rust port of `samples/kprobes/kretprobe_example.c`, as the kernel's own samples carry it.
//!
//! Plants a return probe on `kernel_clone` and logs, for each call, its return value and how
//! long it took, in the C sample's words; at unload, how many calls it missed.
//!
//! The C sample probes the function its `func` string parameter names, and skips calls from
//! kernel threads. The `module!` macro has integer parameters only, so this one always probes
//! `kernel_clone`; it times every call.

use kernel::prelude::*;

use kernel::kprobes;

use kprobes::{
    kretprobe::{
        self,
        Options,
        Registration, //
    },
    InspectInitErr,
    Regs,
    Target,
    Timestamp, //
};

module! {
    type: KretprobeExample,
    name: "rust_kretprobe_example",
    authors: ["rust-kprobes developers"],
    description: "Rust port of the kernel's kretprobe sample",
    license: "GPL",
}

/// The function to probe (the C sample's default `func`).
const FUNC: &CStr = c"kernel_clone";

struct Timer;

#[vtable]
impl kretprobe::Handler for Timer {
    /// When the call started.
    type Data = Timestamp;

    fn entry(&self, _regs: &Regs) -> Option<Timestamp> {
        Some(Timestamp::now())
    }

    fn ret(&self, start: Timestamp, regs: &Regs) {
        pr_info!(
            "{} returned {} and took {} ns to execute\n",
            FUNC,
            regs.return_value::<usize>(),
            start.elapsed_ns(),
        );
    }
}

#[pin_data(PinnedDrop)]
struct KretprobeExample {
    #[pin]
    probe: Registration<Timer>,
}

impl kernel::InPlaceModule for KretprobeExample {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        // Up to 20 calls tracked at once, as in the C sample.
        let options = Options {
            maxactive: Some(20),
            ..Default::default()
        };
        let probe = Registration::new(Target::symbol(FUNC), options, Timer).inspect_err(|e| {
            pr_err!(
                "register_kretprobe failed, returned {}: {e}\n",
                e.to_errno()
            );
        });
        try_pin_init!(Self {
            probe <- probe,
            _: {
                pr_info!("Planted return probe at {}: {:#x}\n", FUNC, probe.addr());
            }
        }? Error)
    }
}

#[pinned_drop]
impl PinnedDrop for KretprobeExample {
    fn drop(self: Pin<&mut Self>) {
        // The probe is unregistered after this, when the field is dropped.
        pr_info!("kretprobe at {:#x} to be unregistered\n", self.probe.addr());
        // A count above zero suggests that maxactive was set too low.
        pr_info!(
            "Missed probing {} instances of {}\n",
            self.probe.nmissed().total(),
            FUNC
        );
    }
}
