// SPDX-License-Identifier: GPL-2.0

//! A `funclatency`: a log2 histogram of how long a function takes, kept in the handler
//! without locks or allocation, readable at `/sys/kernel/debug/rust_funclatency/hist` and
//! printed at unload.
//!
//!     insmod rust_funclatency.ko func=vfs_read
//!     cat /sys/kernel/debug/rust_funclatency/hist

use kernel::prelude::*;

#[path = "../kprobes/mod.rs"]
pub mod kprobes;

use kprobes::{
    debugfs::InDebugfs,
    kretprobe::{
        self,
        Options,
        Registration, //
    },
    stats::Hist,
    InspectInitErr,
    Regs,
    Target,
    Timestamp, //
};

module! {
    type: FuncLatency,
    name: "rust_funclatency",
    authors: ["rust-kprobes developers"],
    description: "Log2 histogram of a function's latency",
    license: "GPL",
}

crate::module_params! {
    func: string<512> {
        default: "vfs_read",
        permissions: 0o444,
        description: "Function to time (default: vfs_read)",
    },
}

struct Latency(Hist);

#[vtable]
impl kretprobe::Handler for Latency {
    /// When the call started.
    type Data = Timestamp;

    fn entry(&self, _regs: &Regs) -> Option<Timestamp> {
        Some(Timestamp::now())
    }

    fn ret(&self, start: Timestamp, _regs: &Regs) {
        self.0.record(start.elapsed_ns());
    }
}

fn hist(probe: &Registration<Latency>, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
    kernel::fmt::Display::fmt(&probe.handler().0, f)
}

#[pin_data(PinnedDrop)]
struct FuncLatency {
    #[pin]
    probe: InDebugfs<Registration<Latency>>,
}

impl kernel::InPlaceModule for FuncLatency {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        let target = Target::symbol(params::func.get());
        let probe = Registration::new(target, Options::default(), Latency(Hist::new()));
        let probe = InDebugfs::new(c"rust_funclatency", c"hist", probe, &hist).inspect_err(|e| {
            pr_err!(
                "register_kretprobe failed, returned {}: {e}\n",
                e.to_errno()
            )
        });
        try_pin_init!(Self { probe <- probe }? Error)
    }
}

#[pinned_drop]
impl PinnedDrop for FuncLatency {
    fn drop(self: Pin<&mut Self>) {
        let hist = &self.probe.handler().0;
        pr_info!(
            "{} latency (ns), {} calls:\n",
            params::func.get(),
            hist.count()
        );
        for row in hist.rows() {
            pr_info!("{row}\n");
        }
    }
}
