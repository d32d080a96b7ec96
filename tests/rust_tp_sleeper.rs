// SPDX-License-Identifier: GPL-2.0

//! A test module whose `sys_enter` handler sleeps: `ms` milliseconds at each system call of
//! the tasks named `comm`.
//!
//! It proves two things (tests/cases/tracepoint-rmmod-asleep.sh): the handler of a faultable
//! tracepoint may sleep (the kernel would report "BUG: scheduling while atomic" otherwise), and
//! `rmmod` waits for the handlers asleep in it (`tracepoint_synchronize_unregister()`): the
//! sleepers wake in the module's code, which must still be there. Each handler also reads the
//! word at the task's user stack pointer with `Context::copy_from_user`, which may fault. Counts
//! in `/sys/kernel/debug/rust_tp_sleeper/stats`: `entered left read` (the handlers asleep are
//! the difference of the first two).
//!
//!     insmod rust_tp_sleeper.ko comm=tp_sleeper ms=1000

use kernel::{
    fmt,
    prelude::*,
    time::{
        delay::fsleep,
        Delta, //
    },
};

#[path = "../kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::{
    debugfs::InDebugfs,
    stats::Counter,
    tracepoint::events::SysEnter,
    tracepoint::{
        Context,
        Faultable,
        Handler,
        Registration, //
    }, //
};
use kprobes::Filter;

module! {
    type: RustTpSleeper,
    name: "rust_tp_sleeper",
    authors: ["rust-kprobes developers"],
    description: "Test: a sys_enter handler that sleeps",
    license: "GPL",
}

crate::module_params! {
    comm: string<16> {
        default: "tp_sleeper",
        permissions: 0o444,
        description: "Tasks whose system calls sleep in the handler",
    },
    ms: u32 { default: 1000, permissions: 0o444, description: "Milliseconds to sleep" },
}

/// Handler calls entered and left, and user stack words read, kept past the registration.
static ENTERED: Counter = Counter::new();
static LEFT: Counter = Counter::new();
static READ: Counter = Counter::new();

struct Sleeper {
    filter: Filter,
    sleep: Delta,
}

impl Handler for Sleeper {
    type Tracepoint = SysEnter;

    fn event(&self, ctx: &Context<Faultable>, sys: &SysEnter) {
        if !self.filter.matches() {
            return;
        }
        ENTERED.inc();
        if ctx.copy_from_user::<u64>(sys.regs().sp()).is_ok() {
            READ.inc();
        }
        // Allowed in a faultable tracepoint's handler only.
        fsleep(self.sleep);
        LEFT.inc();
    }
}

fn stats(_reg: &Registration<Sleeper>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    writeln!(f, "# entered left read")?;
    writeln!(f, "{} {} {}", ENTERED.get(), LEFT.get(), READ.get())
}

struct RustTpSleeper {
    reg: Option<Pin<KBox<InDebugfs<Registration<Sleeper>>>>>,
}

impl kernel::Module for RustTpSleeper {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let sleeper = Sleeper {
            filter: Filter::new(0, params::comm.get())?,
            sleep: Delta::from_millis(params::ms.get().into()),
        };
        let reg = KBox::try_pin_init(
            InDebugfs::new(
                c"rust_tp_sleeper",
                c"stats",
                Registration::new(sleeper),
                &stats,
            ),
            GFP_KERNEL,
        )
        .inspect_err(|e| pr_err!("returned {}: {e}\n", e.to_errno()))?;
        Ok(Self { reg: Some(reg) })
    }
}

impl Drop for RustTpSleeper {
    fn drop(&mut self) {
        let asleep = ENTERED.get() - LEFT.get();
        // Waits for the handlers still running: asleep ones too.
        drop(self.reg.take());
        pr_info!(
            "unregistered with {asleep} handlers asleep; now {} entered, {} left, {} read the user stack\n",
            ENTERED.get(),
            LEFT.get(),
            READ.get()
        );
    }
}
