// SPDX-License-Identifier: GPL-2.0

//! Rust port of `samples/kprobes/kretprobe_example.c`.
//!
//! Plants a return probe on `func` (default `kernel_clone`) and logs what each call
//! returned and how long it took, timed from entry to return with per-call data.
//!
//!     insmod rust_kretprobe.ko func=kernel_clone maxprint=5

use kernel::{
    prelude::*,
    sync::atomic::{
        Atomic,
        Relaxed, //
    },
    time::{
        Instant,
        Monotonic, //
    },
};

#[path = "kprobes/mod.rs"]
pub mod kprobes;

use kprobes::{
    kretprobe::{
        self,
        Options,
        Registration, //
    },
    Regs,
    Target, //
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
        description: "Returns to log (0: no cap); counting goes on past it",
    },
    skip_kthreads: bool {
        default: true,
        permissions: 0o444,
        description: "Ignore calls from kernel threads, as the C sample does",
    },
}

/// Per-call data: when the call entered.
#[derive(Default)]
struct Entry {
    start: Option<Instant<Monotonic>>,
}

struct Sample {
    func: &'static CStr,
    hits: Atomic<u64>,
    maxprint: u64,
    skip_kthreads: bool,
}

#[vtable]
impl kretprobe::Handler for Sample {
    type Data = Entry;

    fn entry(&self, _regs: &Regs) -> Option<Entry> {
        if self.skip_kthreads && current!().mm().is_none() {
            return None;
        }
        Some(Entry {
            start: Some(Instant::now()),
        })
    }

    fn ret(&self, entry: Entry, regs: &Regs) {
        let n = self.hits.fetch_add(1, Relaxed) + 1;
        if self.maxprint != 0 && n > self.maxprint {
            return;
        }
        let ns = entry.start.map_or(0, |start| start.elapsed().as_nanos());
        pr_info!(
            "{} returned {} and took {} ns to execute\n",
            self.func,
            regs.return_value() as isize,
            ns,
        );
    }
}

struct RustKretprobe {
    probe: Option<Pin<KBox<Registration<Sample>>>>,
}

impl kernel::Module for RustKretprobe {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let func = params::func.get();
        let sample = Sample {
            func,
            hits: Atomic::new(0),
            maxprint: params::maxprint.get().into(),
            skip_kthreads: params::skip_kthreads.get(),
        };
        let options = Options {
            maxactive: Some(params::maxactive.get()).filter(|&m| m != 0),
        };
        let probe = KBox::pin_init(
            Registration::new(Target::symbol(func), options, sample),
            GFP_KERNEL,
        )?;
        pr_info!("Planted return probe at {}: {:#x}\n", func, probe.addr());
        Ok(Self { probe: Some(probe) })
    }
}

impl Drop for RustKretprobe {
    fn drop(&mut self) {
        let Some(probe) = self.probe.take() else {
            return;
        };
        let (addr, missed) = (probe.addr(), probe.nmissed());
        let func = probe.handler().func;
        drop(probe);
        pr_info!("kretprobe at {addr:#x} unregistered\n");
        pr_info!("Missed probing {} instances of {}\n", missed.total(), func);
    }
}
