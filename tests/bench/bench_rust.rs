// SPDX-License-Identifier: GPL-2.0

//! The Rust side of `make bench`: probes on `probe_target_add6()` with handlers doing the
//! same work as `tests/bench/bench_c.c`, chosen by `time`: a kprobe counting hits, or a
//! kretprobe timing each call with per-call data.

use kernel::prelude::*;

#[path = "../../kprobes/mod.rs"]
pub mod kprobes;

use kprobes::{
    kprobe::{self, Probe},
    kretprobe,
    stats::Counter,
    Regs,
    Target,
    Timestamp, //
};

module! {
    type: Bench,
    name: "bench_rust",
    authors: ["rust-kprobes developers"],
    description: "Rust probes for the rust-kprobes benchmark",
    license: "GPL",
}

crate::module_params! {
    time: bool { default: false, permissions: 0o444, description: "Time calls (kretprobe)" },
}

const TARGET: Target<'static> = Target::symbol(c"probe_target_add6");

struct Count(Counter);

#[vtable]
impl kprobe::Handler for Count {
    fn pre(&self, _p: &Probe, _regs: &Regs) {
        self.0.inc();
    }
}

struct Time {
    hits: Counter,
    total_ns: Counter,
}

#[vtable]
impl kretprobe::Handler for Time {
    type Data = Timestamp;

    fn entry(&self, _regs: &Regs) -> Option<Timestamp> {
        Some(Timestamp::now())
    }

    fn ret(&self, start: Timestamp, _regs: &Regs) {
        self.hits.inc();
        self.total_ns.add(start.elapsed_ns());
    }
}

enum Bench {
    Count(Pin<KBox<kprobe::Registration<Count>>>),
    Time(Pin<KBox<kretprobe::Registration<Time>>>),
}

impl kernel::Module for Bench {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        Ok(if params::time.get() {
            let handler = Time {
                hits: Counter::new(),
                total_ns: Counter::new(),
            };
            let options = kretprobe::Options::default();
            let reg = kretprobe::Registration::new(TARGET, options, handler);
            Self::Time(KBox::pin_init(reg, GFP_KERNEL)?)
        } else {
            let reg =
                kprobe::Registration::new([TARGET], Default::default(), Count(Counter::new()));
            Self::Count(KBox::pin_init(reg, GFP_KERNEL)?)
        })
    }
}

impl Drop for Bench {
    fn drop(&mut self) {
        let (mode, hits) = match self {
            Self::Count(reg) => ("count", reg.handler().0.get()),
            Self::Time(reg) => ("time", reg.handler().hits.get()),
        };
        pr_info!("{mode}: {hits} hits\n");
    }
}
