// SPDX-License-Identifier: GPL-2.0

//! A `funclatency`: a log2 histogram of how long a function takes, kept in the handler
//! without locks or allocation, readable at `/sys/kernel/debug/rust_funclatency/hist` and
//! printed at unload.
//!
//! `mech` picks the mechanism: a kretprobe (default), or an fprobe, which has no `maxactive`
//! to run out of and takes a glob, timing every function it matches in one histogram (as
//! bcc's `funclatency 'vfs_*'`).
//!
//!     insmod rust_funclatency.ko func=vfs_read
//!     insmod rust_funclatency.ko mech=fprobe func='vfs_*'
//!     cat /sys/kernel/debug/rust_funclatency/hist

use kernel::prelude::*;

#[path = "../kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::{
    debugfs::InDebugfs,
    stats::Hist, //
};
use kprobes::{
    fprobe::{
        self,
        Call,
        Functions, //
    },
    kretprobe,
    FtraceRegs,
    Regs,
    SetupError,
    Symbols,
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
        description: "Function to time (default: vfs_read); with mech=fprobe, also a glob",
    },
    mech: string<16> {
        default: "kretprobe",
        permissions: 0o444,
        description: "Mechanism: kretprobe (default) or fprobe",
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

#[vtable]
impl fprobe::Handler for Latency {
    /// When the call started.
    type Data = Timestamp;

    fn entry(&self, _call: &Call<'_>, _regs: &FtraceRegs) -> Option<Timestamp> {
        Some(Timestamp::now())
    }

    fn exit(&self, _call: &Call<'_>, start: Timestamp, _regs: &FtraceRegs) {
        self.0.record(start.elapsed_ns());
    }
}

fn hist<R: Timed>(probe: &R, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
    kernel::fmt::Display::fmt(probe.latency(), f)
}

/// A registration whose handler is a [`Latency`].
trait Timed {
    fn latency(&self) -> &Hist;
}

impl Timed for kretprobe::Registration<Latency> {
    fn latency(&self) -> &Hist {
        &self.handler().0
    }
}

impl Timed for fprobe::Registration<Latency> {
    fn latency(&self) -> &Hist {
        &self.handler().0
    }
}

type Published<R> = Pin<KBox<InDebugfs<R>>>;

enum FuncLatency {
    Kretprobe(Published<kretprobe::Registration<Latency>>),
    Fprobe(Published<fprobe::Registration<Latency>>),
}

/// Plants the probe `mech` names on `func`.
fn plant() -> Result<FuncLatency, SetupError> {
    let func = params::func.get();
    let mech = params::mech.get();
    let latency = Latency(Hist::new());
    if mech == c"kretprobe" {
        let probe = kretprobe::Registration::new(
            Target::symbol(func),
            kretprobe::Options::default(),
            latency,
        );
        let probe = InDebugfs::new(c"rust_funclatency", c"hist", probe, &hist);
        Ok(FuncLatency::Kretprobe(KBox::try_pin_init(
            probe, GFP_KERNEL,
        )?))
    } else if mech == c"fprobe" {
        let names;
        let functions = if func.to_bytes().iter().any(|c| b"*?[".contains(c)) {
            Functions::glob(func)
        } else {
            names = Symbols::parse(func)?;
            Functions::Symbols(&names)
        };
        let probe = fprobe::Registration::new(functions, latency);
        let probe = InDebugfs::new(c"rust_funclatency", c"hist", probe, &hist);
        Ok(FuncLatency::Fprobe(KBox::try_pin_init(probe, GFP_KERNEL)?))
    } else {
        Err(SetupError::new(
            EINVAL,
            fmt!("mech={mech}: kretprobe or fprobe"),
        ))
    }
}

impl kernel::Module for FuncLatency {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let mech = params::mech.get();
        if mech != c"kretprobe" && mech != c"fprobe" {
            pr_err!("mech={mech}: kretprobe or fprobe\n");
            return Err(EINVAL);
        }
        plant().map_err(|e| {
            pr_err!(
                "register_{} failed, returned {}: {e}\n",
                params::mech.get(),
                e.to_errno()
            );
            e.into()
        })
    }
}

impl Drop for FuncLatency {
    fn drop(&mut self) {
        let hist = match self {
            Self::Kretprobe(probe) => probe.latency(),
            Self::Fprobe(probe) => probe.latency(),
        };
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
