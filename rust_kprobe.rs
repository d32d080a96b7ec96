// SPDX-License-Identifier: GPL-2.0

//! Rust port of `samples/kprobes/kprobe_example.c`.
//!
//! Plants a kprobe on `func` (default `kernel_clone`) and logs each hit with the probe
//! address and the CPU's instruction pointer and flags, as the C sample does; optionally
//! the decoded arguments, a post handler and a stack dump.
//!
//!     insmod rust_kprobe.ko func=kernel_clone args=2 maxprint=5

use kernel::{
    prelude::*,
    sync::atomic::{
        Atomic,
        Relaxed, //
    },
};

#[path = "kprobes/mod.rs"]
pub mod kprobes;

use kprobes::{
    kprobe::{
        self,
        Probe,
        Registration, //
    },
    Regs,
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
    offset: u32 { default: 0, permissions: 0o444, description: "Offset into func, in bytes" },
    args: u32 { default: 0, permissions: 0o444, description: "Arguments to print per hit (0-6)" },
    post: bool { default: false, permissions: 0o444, description: "Also install a post handler" },
    stack: bool { default: false, permissions: 0o444, description: "dump_stack() on each hit" },
    maxprint: u32 {
        default: 10,
        permissions: 0o444,
        description: "Hits to log (0: no cap); counting goes on past it",
    },
}

struct Sample {
    hits: Atomic<u64>,
    args: usize,
    stack: bool,
    maxprint: u64,
}

impl Sample {
    /// Counts a hit; returns whether to log it.
    fn count(&self) -> bool {
        let n = self.hits.fetch_add(1, Relaxed) + 1;
        self.maxprint == 0 || n <= self.maxprint
    }
}

#[vtable]
impl kprobe::Handler for Sample {
    fn pre(&self, p: &Probe, regs: &Regs) {
        if !self.count() {
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
            regs.args(self.args),
        );
        if self.stack {
            kprobes::dump_stack();
        }
    }
}

/// The same, with a post handler (which keeps the kernel from optimizing the probe).
struct WithPost(Sample);

#[vtable]
impl kprobe::Handler for WithPost {
    fn pre(&self, p: &Probe, regs: &Regs) {
        self.0.pre(p, regs)
    }

    fn post(&self, p: &Probe, regs: &Regs) {
        let n = self.0.hits.load(Relaxed);
        if self.0.maxprint == 0 || n <= self.0.maxprint {
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

enum Probes {
    Pre(Pin<KBox<Registration<Sample>>>),
    PrePost(Pin<KBox<Registration<WithPost>>>),
}

struct RustKprobe {
    probes: Option<Probes>,
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
        let sample = Sample {
            hits: Atomic::new(0),
            args,
            stack: params::stack.get(),
            maxprint: params::maxprint.get().into(),
        };
        let target = [Target::Symbol(params::func.get(), params::offset.get())];
        let (probes, addr) = if params::post.get() {
            let reg = KBox::pin_init(Registration::new(&target, WithPost(sample)), GFP_KERNEL)?;
            let addr = reg.probes().next().map_or(0, Probe::addr);
            (Probes::PrePost(reg), addr)
        } else {
            let reg = KBox::pin_init(Registration::new(&target, sample), GFP_KERNEL)?;
            let addr = reg.probes().next().map_or(0, Probe::addr);
            (Probes::Pre(reg), addr)
        };
        pr_info!("Planted kprobe at {addr:#x}\n");
        Ok(Self {
            probes: Some(probes),
        })
    }
}

impl Drop for RustKprobe {
    fn drop(&mut self) {
        let (addr, hits) = match self.probes.take() {
            Some(Probes::Pre(reg)) => (
                reg.probes().next().map_or(0, Probe::addr),
                reg.handler().hits.load(Relaxed),
            ),
            Some(Probes::PrePost(reg)) => (
                reg.probes().next().map_or(0, Probe::addr),
                reg.handler().0.hits.load(Relaxed),
            ),
            None => return,
        };
        pr_info!("kprobe at {addr:#x} unregistered, {hits} hits\n");
    }
}
