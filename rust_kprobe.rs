// SPDX-License-Identifier: GPL-2.0

//! `samples/kprobes/kprobe_example.c` as a tool: the C sample's probe and log lines, with
//! parameters to choose and filter what it probes.
//!
//! The plain port, on the sample's fixed target, is `samples/rust/rust_kprobe_example.rs`, as
//! the patch series ships it.
//!
//! Plants a kprobe on `func` (default `kernel_clone`), or on each function of `funcs`, and
//! logs each hit with the probe address and the CPU's instruction pointer and flags, as the
//! C sample does; optionally the decoded arguments, a post handler and a stack dump. Hits
//! can be filtered by process and task name; counts are in
//! `/sys/kernel/debug/rust_kprobe/stats`; `enabled` arms and disarms the probes.
//!
//!     insmod rust_kprobe.ko func=kernel_clone args=2 maxprint=5

use kernel::prelude::*;

#[path = "kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::{
    debugfs::InDebugfs,
    stats::Counter,
    toggle::EnabledByParam,
    PrintLimit, //
};
use kprobes::{
    kprobe::{
        self,
        Options,
        Probe,
        Registration, //
    },
    Filter,
    Regs,
    SetupError,
    Symbols,
    Target, //
};

module! {
    type: RustKprobe,
    name: "rust_kprobe",
    authors: ["rust-kprobes developers"],
    description: "Rust port of the kernel's kprobe sample",
    license: "GPL",
}

crate::module_params! {
    func | symbol: string<512> {
        default: "kernel_clone",
        permissions: 0o444,
        description: "Function to probe (default: kernel_clone; `symbol` as in the C sample)",
    },
    funcs: string<1024> {
        default: "",
        permissions: 0o444,
        description: "Functions to probe together, comma-separated (instead of func)",
    },
    offset: u32 { default: 0, permissions: 0o444, description: "Offset into func, in bytes" },
    args: u32 { default: 0, permissions: 0o444, description: "Arguments to print per hit (0-6)" },
    post: bool { default: false, permissions: 0o444, description: "Also install a post handler" },
    stack: bool { default: false, permissions: 0o444, description: "dump_stack() on each hit" },
    maxprint: u32 {
        default: 10,
        permissions: 0o444,
        description: "Hits to log (0: no cap), at most 100 a second; counting goes on",
    },
    pid: i32 { default: 0, permissions: 0o444, description: "Only hits of this process (tgid)" },
    comm: string<16> { default: "", permissions: 0o444, description: "Only hits of this task name" },
    enabled: bool {
        default: true,
        permissions: 0o644,
        description: "Probes armed (write 0 or 1 to disarm or re-arm them)",
        on_write: crate::PROBES,
    },
}

struct Sample {
    filter: Filter,
    hits: KVec<Counter>,
    log: PrintLimit,
    args: usize,
    stack: bool,
}

impl Sample {
    /// Counts a hit of `p`; returns whether to log it.
    fn count(&self, p: &Probe) -> bool {
        if !self.filter.matches() {
            return false;
        }
        self.hits[p.index()].inc();
        self.log.take()
    }
}

#[vtable]
impl kprobe::Handler for Sample {
    fn pre(&self, p: &Probe, regs: &Regs) {
        if !self.count(p) {
            return;
        }
        pr_info!(
            "<{}> p->addr = {:#x}, {} = {:#x}, {} = {:#x}{}\n",
            p.symbol().unwrap_or(c"?"),
            p.addr(),
            Regs::IP_NAME,
            regs.ip(),
            Regs::FLAGS_NAME,
            regs.flags(),
            regs.display_args(self.args),
        );
        if self.stack {
            kprobes::dump_stack();
        }
    }

    fn post(&self, p: &Probe, regs: &Regs) {
        if self.filter.matches() && self.log.open() {
            pr_info!(
                "<{}> p->addr = {:#x}, {} = {:#x}\n",
                p.symbol().unwrap_or(c"?"),
                p.addr(),
                Regs::FLAGS_NAME,
                regs.flags(),
            );
        }
    }
}

/// `/sys/kernel/debug/rust_kprobe/stats`: a header, then `symbol addr hits missed` per probe.
fn stats(reg: &Registration<Sample>, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
    writeln!(f, "# symbol addr hits missed")?;
    for p in reg.probes() {
        let hits = reg.handler().hits[p.index()].get();
        let sym = p.symbol().unwrap_or(c"?");
        writeln!(
            f,
            "{} {:#x} {} {}",
            sym.to_str().unwrap_or("?"),
            p.addr(),
            hits,
            p.nmissed()
        )?;
    }
    Ok(())
}

/// The probes, published in debugfs and reachable from the `enabled` parameter.
static PROBES: EnabledByParam<Pin<KBox<InDebugfs<Registration<Sample>>>>> = EnabledByParam::new();

struct RustKprobe;

/// Plants the probes of `sample` on `func`, or on each function of `funcs`.
fn plant(mut sample: Sample) -> Result<Pin<KBox<InDebugfs<Registration<Sample>>>>, SetupError> {
    let funcs = params::funcs.get();
    let names = Symbols::parse(if funcs.is_empty() {
        params::func.get()
    } else {
        funcs
    })?;
    for _ in names.iter() {
        sample.hits.push(Counter::new(), GFP_KERNEL)?;
    }
    let targets = names
        .iter()
        .map(|name| Target::Symbol(name, params::offset.get()));
    // Planted disarmed when loaded with enabled=0: `PROBES.install` reads the parameter again.
    let options = Options {
        post: params::post.get(),
        disabled: !params::enabled.get(),
    };
    let reg = Registration::new(targets, options, sample);
    KBox::try_pin_init(
        InDebugfs::new(c"rust_kprobe", c"stats", reg, &stats),
        GFP_KERNEL,
    )
}

impl kernel::Module for RustKprobe {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let args = params::args.get() as usize;
        if args > Regs::ARGS {
            pr_err!(
                "args={args}: at most {} arguments are passed in registers\n",
                Regs::ARGS
            );
            return Err(EINVAL);
        }
        let filter =
            Filter::new(params::pid.get(), params::comm.get()).inspect_err(|e| pr_err!("{e}\n"))?;
        let sample = Sample {
            filter,
            hits: KVec::new(),
            log: PrintLimit::new(params::maxprint.get()),
            args,
            stack: params::stack.get(),
        };
        let probes = plant(sample)
            .inspect_err(|e| pr_err!("register_kprobe failed, returned {}: {e}\n", e.to_errno()))?;
        for p in probes.probes() {
            pr_info!("Planted kprobe at {:#x}\n", p.addr());
        }
        PROBES.install(probes, || params::enabled.get())?;
        Ok(Self)
    }
}

impl Drop for RustKprobe {
    fn drop(&mut self) {
        let Some(probes) = PROBES.take() else {
            return;
        };
        let reg: &Registration<Sample> = &probes;
        let mut done = KVec::new();
        for p in reg.probes() {
            let hits = reg.handler().hits[p.index()].get();
            // Collected before unregistering; on failure the summary is shorter.
            let _ = done.push((p.addr(), hits, p.nmissed()), GFP_KERNEL);
        }
        drop(probes);
        for (addr, hits, missed) in done {
            pr_info!("kprobe at {addr:#x} unregistered, {hits} hits, {missed} missed\n");
        }
    }
}
