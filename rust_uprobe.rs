// SPDX-License-Identifier: GPL-2.0

//! Logs the hits of a uprobe on a user program, or the returns of a uretprobe, with the
//! process and pid; for a USDT probe, arms its semaphore and decodes its arguments.
//!
//! Plants a uprobe on `path` at file offset `offset` (`scripts/uprobe-offset BINARY SYMBOL`
//! prints a function's; `scripts/usdt-list BINARY` a USDT probe's, with its semaphore and
//! arguments), logs the first `maxprint` hits and counts them all in
//! `/sys/kernel/debug/rust_uprobe/stats`. With `ret=1` it is a uretprobe and logs the
//! function's return value instead, with its first argument (read at the entry, carried to
//! the return in the per-call data).
//!
//!     insmod rust_uprobe.ko path=/bin/busybox offset=0x1234
//!     rust_uprobe: sh[42] hit /bin/busybox+0x1234

use kernel::{
    fmt,
    prelude::*, //
};

#[path = "kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::{
    debugfs::InDebugfs,
    stats::Counter,
    PrintLimit, //
};
use kprobes::{
    uprobe::{
        Context,
        Handler,
        Options,
        Registration, //
    },
    usdt::Args,
    Filter,
    Regs,
    SetupError, //
};

module! {
    type: RustUprobe,
    name: "rust_uprobe",
    authors: ["rust-kprobes developers"],
    description: "Logs the hits of a uprobe, uretprobe or USDT probe on a user program",
    license: "GPL",
}

crate::module_params! {
    path: string<256> {
        default: "",
        permissions: 0o444,
        description: "Program or library to probe (absolute path)",
    },
    offset: usize {
        default: 0,
        permissions: 0o444,
        description: "File offset of the probed instruction (scripts/uprobe-offset)",
    },
    ret: bool {
        default: false,
        permissions: 0o444,
        description: "Return probe: log the return value of the function starting at offset",
    },
    semaphore: usize {
        default: 0,
        permissions: 0o444,
        description: "File offset of the USDT probe's semaphore, 0 for none (scripts/usdt-list)",
    },
    args: string<256> {
        default: "",
        permissions: 0o444,
        description: "USDT argument specs to decode, as scripts/usdt-list prints them",
    },
    pid: i32 { default: 0, permissions: 0o444, description: "Only hits of this process (tgid)" },
    maxprint: u32 {
        default: 10,
        permissions: 0o444,
        description: "Hits to log (0: no cap), at most 100 a second; counting goes on",
    },
}

/// The hits seen. Kept outside the handler, which goes when the probe is removed: the count
/// said at unload, read after removing it, includes the hits that were still running the
/// handler then.
static HITS: Counter = Counter::new();

/// What both handlers share: which hits to count and how many to log.
struct Sample {
    filter: Filter,
    log: PrintLimit,
}

impl Sample {
    /// Counts a hit (of a task the filter let through); returns whether to log it.
    fn count(&self) -> bool {
        HITS.inc();
        self.log.take()
    }
}

/// The probed place, for `{}`: `path+0xoffset`.
struct At;

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_fmt(fmt!("{}+{:#x}", params::path.get(), params::offset.get()))
    }
}

/// The current task, for `{}`: `comm[pid]`.
struct Task;

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pid = kernel::current!().pid();
        f.write_fmt(fmt!("{}[{pid}]", kprobes::current_comm()))
    }
}

/// The entry handler: logs each hit, with the USDT arguments when given.
struct Hits {
    sample: Sample,
    args: Args,
}

#[vtable]
impl Handler for Hits {
    type Data = ();

    // Runs in the probed task, on its way back to user mode, where the USDT arguments in its
    // memory are read faulting pages in (`ctx`).
    fn entry(&self, ctx: &Context, regs: &Regs) -> Option<()> {
        if self.sample.filter.matches() && self.sample.count() {
            pr_info!("{Task} hit {At}{}\n", self.args.display(ctx, regs));
        }
        None
    }
}

/// The return handler: logs each return with its value, and the function's first argument,
/// carried from the call's entry.
struct Returns {
    sample: Sample,
}

#[vtable]
impl Handler for Returns {
    /// The first argument, read at the entry.
    type Data = usize;

    // Calls of other processes are not followed to their return: only the entry filters.
    fn entry(&self, _ctx: &Context, regs: &Regs) -> Option<usize> {
        if !self.sample.filter.matches() {
            return None;
        }
        regs.arg::<usize>(0)
    }

    fn ret(&self, _ctx: &Context, arg0: usize, _func: usize, regs: &Regs) {
        if self.sample.count() {
            pr_info!(
                "{Task} {At} (arg0={arg0:#x}) returned {}\n",
                regs.return_value::<isize>()
            );
        }
    }
}

/// `/sys/kernel/debug/rust_uprobe/stats`: a header, then `path offset hits`.
fn stats<T: Handler>(reg: &Registration<T>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    writeln!(f, "# path offset hits")?;
    f.write_fmt(fmt!("{} {:#x} {}\n", reg.path(), reg.offset(), HITS.get()))
}

type Planted<T> = Pin<KBox<InDebugfs<Registration<T>>>>;

/// The probe planted.
enum Probe {
    Entry(Planted<Hits>),
    Return(Planted<Returns>),
}

/// Plants a probe calling `handler`, published in debugfs.
fn plant<T: Handler + Send + 'static>(handler: T) -> Result<Planted<T>, SetupError> {
    let options = Options {
        ref_ctr_offset: Some(params::semaphore.get() as u64).filter(|&s| s != 0),
    };
    let reg = Registration::new(
        params::path.get(),
        params::offset.get() as u64,
        options,
        handler,
    );
    KBox::try_pin_init(
        InDebugfs::new(c"rust_uprobe", c"stats", reg, &stats::<T>),
        GFP_KERNEL,
    )
}

struct RustUprobe {
    probe: Option<Probe>,
}

impl RustUprobe {
    /// Plants the probe the parameters ask for.
    fn plant() -> Result<Probe, SetupError> {
        if params::path.get().is_empty() {
            return Err(SetupError::new(
                EINVAL,
                fmt!(
                    "path= is missing: give the program to probe and the file offset, as \
                     path=/bin/busybox offset=0x... (scripts/uprobe-offset BINARY SYMBOL)"
                ),
            ));
        }
        let pid = params::pid.get();
        if pid < 0 {
            return Err(SetupError::new(
                EINVAL,
                fmt!("pid={pid}: not a process id: give a process's pid (its tgid), or 0 for all"),
            ));
        }
        let sample = Sample {
            filter: Filter::new(pid, c"")?,
            log: PrintLimit::new(params::maxprint.get()),
        };
        let args = Args::parse(params::args.get())?;
        if params::ret.get() {
            if !args.is_empty() {
                return Err(SetupError::new(
                    EINVAL,
                    fmt!("args= with ret=1: USDT arguments are read at the probe, not at a return"),
                ));
            }
            plant(Returns { sample }).map(Probe::Return)
        } else {
            plant(Hits { sample, args }).map(Probe::Entry)
        }
    }
}

impl kernel::Module for RustUprobe {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let probe = Self::plant()
            .inspect_err(|e| pr_err!("uprobe_register failed, returned {}: {e}\n", e.to_errno()))?;
        let kind = if params::ret.get() {
            "uretprobe"
        } else {
            "uprobe"
        };
        let semaphore = params::semaphore.get();
        if semaphore != 0 {
            pr_info!("Planted {kind} at {At}, semaphore at {semaphore:#x}\n");
        } else {
            pr_info!("Planted {kind} at {At}\n");
        }
        Ok(Self { probe: Some(probe) })
    }
}

impl Drop for RustUprobe {
    fn drop(&mut self) {
        // Removed first (waiting for the handlers still running), then counted.
        match self.probe.take() {
            Some(Probe::Entry(p)) => drop(p),
            Some(Probe::Return(p)) => drop(p),
            None => {}
        }
        pr_info!("uprobe at {At} unregistered, {} hits\n", HITS.get());
    }
}
