// SPDX-License-Identifier: GPL-2.0

//! The Rust side of `make bench`: probes on `probe_target_add6()` with handlers doing the
//! same work as `tests/bench/bench_c.c`, chosen by `time` and `fprobe`: a kprobe counting
//! hits, a kretprobe timing each call with per-call data, an fprobe counting entries, or an
//! fprobe timing each call with per-call data. With `attach`, it times planting probes on
//! many functions instead (`funcs`): one kprobe per function, or one fprobe for all.

use kernel::prelude::*;

#[path = "../../kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::stats::Counter;
use kprobes::{
    fprobe::{
        self,
        Call,
        Functions, //
    },
    kprobe::{self, Probe},
    kretprobe,
    FtraceRegs,
    Regs,
    Symbols,
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
    fprobe: bool { default: false, permissions: 0o444, description: "An fprobe (entry, or with time entry and exit)" },
    attach: string<16> {
        default: "",
        permissions: 0o444,
        description: "Time attaching to funcs instead: kprobe (one per function) or fprobe",
    },
    funcs: string<65536> {
        default: "",
        permissions: 0o444,
        description: "With attach: comma-separated names, or a glob (fprobe)",
    },
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

#[vtable]
impl fprobe::Handler for Count {
    type Data = ();

    fn entry(&self, _call: &Call<'_>, _regs: &FtraceRegs) -> Option<()> {
        self.0.inc();
        Some(())
    }
}

#[vtable]
impl fprobe::Handler for Time {
    type Data = Timestamp;

    fn entry(&self, _call: &Call<'_>, _regs: &FtraceRegs) -> Option<Timestamp> {
        Some(Timestamp::now())
    }

    fn exit(&self, _call: &Call<'_>, start: Timestamp, _regs: &FtraceRegs) {
        self.hits.inc();
        self.total_ns.add(start.elapsed_ns());
    }
}

enum Bench {
    Count(Pin<KBox<kprobe::Registration<Count>>>),
    Time(Pin<KBox<kretprobe::Registration<Time>>>),
    FEntry(Pin<KBox<fprobe::Registration<Count>>>),
    FTime(Pin<KBox<fprobe::Registration<Time>>>),
    // Attach timing: the registrations, dropped and timed at unload.
    Kprobes(Option<Pin<KBox<kprobe::Registration<Count>>>>, usize),
    Fprobe(Option<Pin<KBox<fprobe::Registration<Count>>>>, usize),
}

fn time_handler() -> Time {
    Time {
        hits: Counter::new(),
        total_ns: Counter::new(),
    }
}

/// Plants probes on `funcs` as `attach` says, and logs how long it took.
fn attach() -> Result<Bench> {
    let how = params::attach.get();
    let list = params::funcs.get();
    let start = Timestamp::now();
    let bench = if how == c"kprobe" {
        let names = Symbols::parse(list)?;
        let targets = names.iter().map(Target::symbol);
        let reg = kprobe::Registration::new(targets, Default::default(), Count(Counter::new()));
        let reg = KBox::try_pin_init(reg, GFP_KERNEL)
            .inspect_err(|e| pr_err!("attach: kprobe failed: {e}\n"))?;
        let n = reg.probes().count();
        Bench::Kprobes(Some(reg), n)
    } else if how == c"fprobe" {
        let names;
        let functions = if list.to_bytes().iter().any(|c| b"*?[".contains(c)) {
            Functions::glob(list)
        } else {
            names = Symbols::parse(list)?;
            Functions::Symbols(&names)
        };
        let reg = fprobe::Registration::new(functions, Count(Counter::new()));
        let reg = KBox::try_pin_init(reg, GFP_KERNEL)
            .inspect_err(|e| pr_err!("attach: fprobe failed: {e}\n"))?;
        let n = reg.attached().len();
        Bench::Fprobe(Some(reg), n)
    } else {
        pr_err!("attach={how}: kprobe or fprobe\n");
        return Err(EINVAL);
    };
    let (how, n) = bench.attached();
    pr_info!(
        "attach: {how}: {n} functions in {} us\n",
        start.elapsed_ns() / 1000
    );
    Ok(bench)
}

impl Bench {
    /// For attach timing: the mechanism and how many functions.
    fn attached(&self) -> (&'static str, usize) {
        match self {
            Self::Kprobes(_, n) => ("kprobe", *n),
            Self::Fprobe(_, n) => ("fprobe", *n),
            _ => ("-", 0),
        }
    }
}

impl kernel::Module for Bench {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        if !params::attach.get().is_empty() {
            return attach();
        }
        Ok(match (params::fprobe.get(), params::time.get()) {
            (false, true) => {
                let options = kretprobe::Options::default();
                let reg = kretprobe::Registration::new(TARGET, options, time_handler());
                Self::Time(KBox::pin_init(reg, GFP_KERNEL)?)
            }
            (false, false) => {
                let reg =
                    kprobe::Registration::new([TARGET], Default::default(), Count(Counter::new()));
                Self::Count(KBox::pin_init(reg, GFP_KERNEL)?)
            }
            (true, time) => {
                let target = Functions::glob(c"probe_target_add6");
                if time {
                    let reg = fprobe::Registration::new(target, time_handler());
                    Self::FTime(KBox::pin_init(reg, GFP_KERNEL)?)
                } else {
                    let reg = fprobe::Registration::new(target, Count(Counter::new()));
                    Self::FEntry(KBox::pin_init(reg, GFP_KERNEL)?)
                }
            }
        })
    }
}

impl Drop for Bench {
    fn drop(&mut self) {
        let (mode, hits) = match self {
            Self::Count(reg) => ("count", reg.handler().0.get()),
            Self::Time(reg) => ("time", reg.handler().hits.get()),
            Self::FEntry(reg) => ("fentry", reg.handler().0.get()),
            Self::FTime(reg) => ("ftime", reg.handler().hits.get()),
            Self::Kprobes(..) | Self::Fprobe(..) => {
                let start = Timestamp::now();
                match self {
                    Self::Kprobes(reg, _) => drop(reg.take()),
                    Self::Fprobe(reg, _) => drop(reg.take()),
                    _ => {}
                }
                let (how, n) = self.attached();
                pr_info!(
                    "detach: {how}: {n} functions in {} us\n",
                    start.elapsed_ns() / 1000
                );
                return;
            }
        };
        pr_info!("{mode}: {hits} hits\n");
    }
}
