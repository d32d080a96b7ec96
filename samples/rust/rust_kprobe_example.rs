// SPDX-License-Identifier: GPL-2.0

//! Rust port of `samples/kprobes/kprobe_example.c`, as the kernel's own samples carry it.
//!
//! Plants a kprobe on `kernel_clone` and logs each hit before and after the probed
//! instruction, with the probe address and the CPU's instruction pointer and flags, in the C
//! sample's words.
//!
//! The C sample probes the function its `symbol` string parameter names. The `module!` macro
//! has integer parameters only, so this one always probes `kernel_clone`.

use kernel::prelude::*;

use kernel::kprobes;

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
    type: KprobeExample,
    name: "rust_kprobe_example",
    authors: ["rust-kprobes developers"],
    description: "Rust port of the kernel's kprobe sample",
    license: "GPL",
}

/// The function to probe (the C sample's default `symbol`).
const SYMBOL: &CStr = c"kernel_clone";

struct Logger;

#[vtable]
impl kprobe::Handler for Logger {
    fn pre(&self, p: &Probe, regs: &Regs) {
        pr_info!(
            "<{}> p->addr = {:#x}, {} = {:#x}, {} = {:#x}\n",
            SYMBOL,
            p.addr(),
            Regs::IP_NAME,
            regs.ip(),
            Regs::FLAGS_NAME,
            regs.flags(),
        );
    }

    fn post(&self, p: &Probe, regs: &Regs) {
        pr_info!(
            "<{}> p->addr = {:#x}, {} = {:#x}\n",
            SYMBOL,
            p.addr(),
            Regs::FLAGS_NAME,
            regs.flags(),
        );
    }
}

#[pin_data(PinnedDrop)]
struct KprobeExample {
    #[pin]
    probe: Registration<Logger>,
}

impl kernel::InPlaceModule for KprobeExample {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        let probe = Registration::new([Target::symbol(SYMBOL)], Options::default(), Logger)
            .inspect_err(|e| {
                pr_err!("register_kprobe failed, returned {}: {e}\n", e.to_errno());
            });
        try_pin_init!(Self {
            probe <- probe,
            _: {
                for p in probe.probes() {
                    pr_info!("Planted kprobe at {:#x}\n", p.addr());
                }
            }
        }? Error)
    }
}

#[pinned_drop]
impl PinnedDrop for KprobeExample {
    fn drop(self: Pin<&mut Self>) {
        for p in self.probe.probes() {
            pr_info!("kprobe at {:#x} to be unregistered\n", p.addr());
        }
    }
}
