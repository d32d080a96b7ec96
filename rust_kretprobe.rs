// SPDX-License-Identifier: GPL-2.0

//! `samples/kprobes/kretprobe_example.c` as a tool: the C sample's probe and log lines, with
//! parameters to choose and filter what it probes.
//!
//! The plain port, on the sample's fixed target, is `samples/rust/rust_kretprobe_example.rs`, as
//! the patch series ships it.
//!
//! Plants a return probe on `func` (default `kernel_clone`) and logs what each call
//! returned and how long it took, timed from entry to return with per-call data. Calls can
//! be filtered by process and task name; counts and a log2 latency histogram are in
//! `/sys/kernel/debug/rust_kretprobe/stats`; `enabled` arms and disarms the probe.
//!
//!     insmod rust_kretprobe.ko func=kernel_clone maxprint=5

use kernel::prelude::*;

#[path = "kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::{
    debugfs::InDebugfs,
    stats::{
        Counter,
        Hist, //
    },
    toggle::EnabledByParam,
    PrintLimit, //
};
use kprobes::{
    kretprobe::{
        self,
        Options,
        Registration, //
    },
    Filter,
    Regs,
    Target,
    Timestamp, //
};

module! {
    type: RustKretprobe,
    name: "rust_kretprobe",
    authors: ["rust-kprobes developers"],
    description: "Rust port of the kernel's kretprobe sample",
    license: "GPL",
}

crate::module_params! {
    func: string<512> {
        default: "kernel_clone",
        permissions: 0o444,
        description: "Function to probe (default: kernel_clone)",
    },
    maxactive: u32 {
        default: 0,
        permissions: 0o444,
        description: "Calls tracked at once (0: the kernel's default)",
    },
    maxprint: u32 {
        default: 10,
        permissions: 0o444,
        description: "Returns to log (0: no cap), at most 100 a second; counting goes on",
    },
    skip_kthreads: bool {
        default: true,
        permissions: 0o444,
        description: "Ignore calls from kernel threads, as the C sample does",
    },
    pid: i32 { default: 0, permissions: 0o444, description: "Only calls of this process (tgid)" },
    comm: string<16> { default: "", permissions: 0o444, description: "Only calls of this task name" },
    enabled: bool {
        default: true,
        permissions: 0o644,
        description: "Probe armed (write 0 or 1 to disarm or re-arm it)",
        on_write: crate::PROBE,
    },
}

/// Per-call data: when the call entered.
#[derive(Default)]
struct Entry {
    start: Timestamp,
}

struct Sample {
    func: &'static CStr,
    filter: Filter,
    hits: Counter,
    latency: Hist,
    log: PrintLimit,
    skip_kthreads: bool,
}

#[vtable]
impl kretprobe::Handler for Sample {
    type Data = Entry;

    fn entry(&self, _regs: &Regs) -> Option<Entry> {
        if self.skip_kthreads && current!().mm().is_none() || !self.filter.matches() {
            return None;
        }
        Some(Entry {
            start: Timestamp::now(),
        })
    }

    fn ret(&self, entry: Entry, regs: &Regs) {
        let ns = entry.start.elapsed_ns();
        self.latency.record(ns);
        self.hits.inc();
        if !self.log.take() {
            return;
        }
        pr_info!(
            "{} returned {} and took {} ns to execute\n",
            self.func,
            regs.return_value::<isize>(),
            ns,
        );
    }
}

/// `/sys/kernel/debug/rust_kretprobe/stats`: a header and `symbol addr hits missed_maxactive
/// missed_kprobe`, then `# latency_ns` and the log2 histogram of call durations.
fn stats(probe: &Registration<Sample>, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
    let (sample, missed) = (probe.handler(), probe.nmissed());
    writeln!(f, "# symbol addr hits missed_maxactive missed_kprobe")?;
    writeln!(
        f,
        "{} {:#x} {} {} {}",
        sample.func.to_str().unwrap_or("?"),
        probe.addr(),
        sample.hits.get(),
        missed.maxactive,
        missed.kprobe,
    )?;
    writeln!(f, "# latency_ns")?;
    kernel::fmt::Display::fmt(&sample.latency, f)
}

/// The probe, published in debugfs and reachable from the `enabled` parameter.
static PROBE: EnabledByParam<Pin<KBox<InDebugfs<Registration<Sample>>>>> = EnabledByParam::new();

struct RustKretprobe;

impl kernel::Module for RustKretprobe {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let func = params::func.get();
        let filter =
            Filter::new(params::pid.get(), params::comm.get()).inspect_err(|e| pr_err!("{e}\n"))?;
        let sample = Sample {
            func,
            filter,
            hits: Counter::new(),
            latency: Hist::new(),
            log: PrintLimit::new(params::maxprint.get()),
            skip_kthreads: params::skip_kthreads.get(),
        };
        // Planted disarmed when loaded with enabled=0: `PROBE.install` reads the parameter
        // again.
        let options = Options {
            maxactive: Some(params::maxactive.get()).filter(|&m| m != 0),
            disabled: !params::enabled.get(),
        };
        let probe = Registration::new(Target::symbol(func), options, sample);
        let probe = InDebugfs::new(c"rust_kretprobe", c"stats", probe, &stats);
        let probe = KBox::try_pin_init(probe, GFP_KERNEL).inspect_err(|e| {
            pr_err!(
                "register_kretprobe failed, returned {}: {e}\n",
                e.to_errno()
            )
        })?;
        pr_info!("Planted return probe at {}: {:#x}\n", func, probe.addr());
        PROBE.install(probe, || params::enabled.get())?;
        Ok(Self)
    }
}

impl Drop for RustKretprobe {
    fn drop(&mut self) {
        let Some(probe) = PROBE.take() else {
            return;
        };
        let reg: &Registration<Sample> = &probe;
        let (addr, func) = (reg.addr(), reg.handler().func);
        // Counted after unregistering would be lost; this is as late as they can be read.
        let missed = reg.nmissed();
        pr_info!("{} latency (ns):\n", func);
        for row in reg.handler().latency.rows() {
            pr_info!("{row}\n");
        }
        drop(probe);
        pr_info!("kretprobe at {addr:#x} unregistered\n");
        pr_info!("Missed probing {} instances of {}\n", missed.total(), func);
    }
}
