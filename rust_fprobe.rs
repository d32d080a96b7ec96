// SPDX-License-Identifier: GPL-2.0

//! Rust counterpart of `samples/fprobe/fprobe_example.c`, with per-function statistics.
//!
//! Attaches one fprobe to every traceable function matching `funcs` (a glob such as `vfs_*`,
//! or a comma-separated list of names), logs the first calls and their returns, and counts
//! each function's calls and their latency (a log2 histogram per function) in
//! `/sys/kernel/debug/rust_fprobe/stats`; `enabled` arms and disarms the fprobe.
//!
//!     insmod rust_fprobe.ko funcs='vfs_*' maxprint=5

use kernel::{
    prelude::*,
    str::BStr, //
};

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
    fprobe::{
        self,
        Attached,
        Call,
        FunctionName,
        Functions,
        Registration, //
    },
    FtraceRegs,
    SetupError,
    Symbols,
    Timestamp, //
};

module! {
    type: RustFprobe,
    name: "rust_fprobe",
    authors: ["rust-kprobes developers"],
    description: "Entry and exit of many kernel functions with one fprobe",
    license: "GPL",
}

crate::module_params! {
    funcs: string<1024> {
        default: "vfs_*",
        permissions: 0o444,
        description: "Functions: a glob (vfs_*) or a comma-separated list of names",
    },
    notfuncs: string<512> {
        default: "",
        permissions: 0o444,
        description: "Functions matching this glob are left out (with a glob in funcs)",
    },
    args: u32 { default: 0, permissions: 0o444, description: "Arguments to print per call (0-6)" },
    maxprint: u32 {
        default: 10,
        permissions: 0o444,
        description: "Calls to log (0: no cap), at most 100 a second; counting goes on",
    },
    enabled: bool {
        default: true,
        permissions: 0o644,
        description: "Fprobe armed (write 0 or 1 to disarm or re-arm it)",
        on_write: crate::FPROBE,
    },
}

/// What is counted for each function, allocated when the fprobe is planted.
struct Slot {
    hits: Counter,
    latency: Hist,
}

struct Sample {
    slots: KVVec<Slot>,
    log: PrintLimit,
    args: usize,
}

/// Per-call data: when the call entered, its first argument, and whether it was logged.
#[derive(Default)]
struct Entry {
    start: Timestamp,
    arg0: usize,
    logged: bool,
}

#[vtable]
impl fprobe::Handler for Sample {
    type Data = Entry;

    fn entry(&self, call: &Call<'_>, regs: &FtraceRegs) -> Option<Entry> {
        self.slots.get(call.index()?)?.hits.inc();
        let logged = self.log.take();
        if logged {
            pr_info!(
                "<{}> ip = {:#x}, ret_ip = {:#x}{}\n",
                FunctionName(call.ip()),
                call.ip(),
                call.ret_ip(),
                Args(regs, self.args),
            );
        }
        Some(Entry {
            start: Timestamp::now(),
            arg0: regs.arg(0).unwrap_or(0),
            logged,
        })
    }

    fn exit(&self, call: &Call<'_>, entry: Entry, regs: &FtraceRegs) {
        let ns = entry.start.elapsed_ns();
        if let Some(slot) = call.index().and_then(|i| self.slots.get(i)) {
            slot.latency.record(ns);
        }
        if entry.logged {
            pr_info!(
                "<{}> returned {} after {} ns, arg0 = {:#x}\n",
                FunctionName(call.ip()),
                regs.return_value::<isize>(),
                ns,
                entry.arg0,
            );
        }
    }
}

/// Formats the first arguments as ` arg0=0x.. arg1=0x..`.
struct Args<'a>(&'a FtraceRegs, usize);

impl kernel::fmt::Display for Args<'_> {
    fn fmt(&self, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
        for i in 0..self.1 {
            write!(f, " arg{}={:#x}", i, self.0.arg::<usize>(i).unwrap_or(0))?;
        }
        Ok(())
    }
}

/// `/sys/kernel/debug/rust_fprobe/stats`: how many functions and missed calls, then
/// `function addr hits` per function, then the latency histogram of each function called.
fn stats(reg: &Registration<Sample>, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
    let slots = &reg.handler().slots;
    let addrs = reg.attached().addrs();
    writeln!(f, "# functions missed")?;
    writeln!(f, "{} {}", addrs.len(), reg.nmissed())?;
    writeln!(f, "# function addr hits")?;
    for (addr, slot) in addrs.iter().zip(slots.iter()) {
        f.write_fmt(fmt!(
            "{} {:#x} {}\n",
            FunctionName(*addr),
            addr,
            slot.hits.get()
        ))?;
    }
    for (addr, slot) in addrs.iter().zip(slots.iter()) {
        if slot.latency.count() != 0 {
            f.write_fmt(fmt!("# latency_ns {}\n", FunctionName(*addr)))?;
            kernel::fmt::Display::fmt(&slot.latency, f)?;
        }
    }
    Ok(())
}

/// A slot for each function the fprobe attached to.
fn sample(attached: &Attached) -> Result<Sample, Error> {
    let mut slots = KVVec::with_capacity(attached.len(), GFP_KERNEL)?;
    for _ in 0..attached.len() {
        slots.push(
            Slot {
                hits: Counter::new(),
                latency: Hist::new(),
            },
            GFP_KERNEL,
        )?;
    }
    Ok(Sample {
        slots,
        log: PrintLimit::new(params::maxprint.get()),
        args: params::args.get() as usize,
    })
}

type Planted = Pin<KBox<InDebugfs<Registration<Sample>>>>;

/// The fprobe, published in debugfs and reachable from the `enabled` parameter.
static FPROBE: EnabledByParam<Planted> = EnabledByParam::new();

/// Whether `name` is a glob: it has `*`, `?` or `[`.
fn is_glob(name: &[u8]) -> bool {
    name.iter().any(|c| b"*?[".contains(c))
}

/// Checks that `funcs` and `notfuncs` mean something together: the kernel matches one glob, or
/// exact names. A glob in a list of names would be taken as a name (and match nothing), and
/// `notfuncs` has no glob to apply to without one in `funcs`.
fn check_funcs(funcs: &CStr, notfuncs: &CStr) -> Result {
    let funcs_bytes = funcs.to_bytes();
    let glob = is_glob(funcs_bytes);
    if glob && funcs_bytes.contains(&b',') {
        let entry = funcs_bytes
            .split(|&c| c == b',')
            .find(|name| is_glob(name))
            .unwrap_or(&[]);
        pr_err!(
            "funcs='{funcs}': a list takes exact names, not globs: give one glob alone \
             (funcs='{}'), or list the names\n",
            BStr::from_bytes(entry)
        );
        return Err(EINVAL);
    }
    if !glob && !notfuncs.is_empty() {
        pr_err!(
            "notfuncs='{notfuncs}' applies to a glob in funcs, not to a list of names: leave \
             the names out of funcs instead\n"
        );
        return Err(EINVAL);
    }
    Ok(())
}

/// Attaches the fprobe to `funcs`: a glob when it has `*`, `?` or `[`, else a list of names.
fn plant() -> Result<Planted, SetupError> {
    let funcs = params::funcs.get();
    let notfuncs = params::notfuncs.get();
    let symbols;
    let functions = if is_glob(funcs.to_bytes()) {
        Functions::Glob(funcs, (!notfuncs.is_empty()).then_some(notfuncs))
    } else {
        symbols = Symbols::parse(funcs)?;
        Functions::Symbols(&symbols)
    };
    let reg = Registration::new_with(functions, sample);
    KBox::try_pin_init(
        InDebugfs::new(c"rust_fprobe", c"stats", reg, &stats),
        GFP_KERNEL,
    )
}

struct RustFprobe;

impl kernel::Module for RustFprobe {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let args = params::args.get() as usize;
        if args > FtraceRegs::ARGS {
            pr_err!(
                "args={args}: at most {} arguments are passed in registers\n",
                FtraceRegs::ARGS
            );
            return Err(EINVAL);
        }
        check_funcs(params::funcs.get(), params::notfuncs.get())?;
        let fprobe = plant()
            .inspect_err(|e| pr_err!("register_fprobe failed, returned {}: {e}\n", e.to_errno()))?;
        pr_info!(
            "Planted fprobe on {}: {} functions\n",
            params::funcs.get(),
            fprobe.attached().len()
        );
        FPROBE.install(fprobe, || params::enabled.get())?;
        Ok(Self)
    }
}

impl Drop for RustFprobe {
    fn drop(&mut self) {
        let Some(fprobe) = FPROBE.take() else {
            return;
        };
        let functions = fprobe.attached().len();
        let missed = fprobe.nmissed();
        drop(fprobe);
        pr_info!(
            "fprobe on {} unregistered: {functions} functions, {missed} missed\n",
            params::funcs.get()
        );
    }
}
