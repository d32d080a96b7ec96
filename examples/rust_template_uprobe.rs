// SPDX-License-Identifier: GPL-2.0

//! A starting point for your own uprobe: `scripts/new-probe --kind uprobe NAME` copies this
//! file to `examples/NAME.rs` (and a test to `tests/cases/NAME.sh`); `make` builds it.
//!
//! As it stands it counts the calls of the function at file offset `offset` of the program
//! `path` (`scripts/uprobe-offset PROGRAM FUNCTION` prints it), logs the first `maxprint` of
//! them with their first two arguments and the return value, and reports the count at unload:
//!
//!     insmod rust_template_uprobe.ko path=/bin/uprobe_target offset=0x3b0
//!     rust_template_uprobe: uprobe_target[42] called /bin/uprobe_target+0x3b0(0x1, 0x3e8) = 1001
//!     rust_template_uprobe: /bin/uprobe_target+0x3b0: 3 calls

use kernel::prelude::*;

// The kprobes layer: registrations, handler traits, `Regs`, module parameters.
#[path = "../kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::stats::Counter;
use kit::PrintLimit;
use kprobes::{
    uprobe::{
        self,
        Context,
        Options,
        Registration, //
    },
    InspectInitErr,
    Regs, //
};

module! {
    type: ProbeModule,
    name: "rust_template_uprobe",
    authors: ["rust-kprobes developers"],
    description: "A uprobe made from the rust-kprobes template",
    license: "GPL",
}

// Parameters show in /sys/module/rust_template_uprobe/parameters/ and in `modinfo`.
crate::module_params! {
    path: string<256> {
        default: "/bin/uprobe_target",
        permissions: 0o444,
        description: "Program to probe",
    },
    offset: usize {
        default: 0,
        permissions: 0o444,
        description: "File offset of the function (scripts/uprobe-offset PROGRAM FUNCTION)",
    },
    maxprint: u32 {
        default: 10,
        permissions: 0o444,
        description: "Calls to log (0: no cap), at most 100 a second",
    },
}

/// The handler's state. Handlers run in the probed process, on any CPU, in many processes
/// at once: keep state in atomics such as `Counter`.
struct CallLogger {
    calls: Counter,
    log: PrintLimit,
}

#[vtable]
impl uprobe::Handler for CallLogger {
    /// What the entry hands the return: the first two arguments (at most 8 bytes fit in the
    /// kernel's per-call cookie: here two `u32`).
    type Data = (u32, u32);

    /// Called before the function's first instruction runs, with its arguments in `regs`
    /// (the program's registers). Returning `None` skips the return handler for this call.
    /// `ctx` reads the program's memory (`ctx.copy_from_user::<u64>(addr)`), faulting pages in:
    /// handlers run in the probed process, where they may.
    fn entry(&self, _ctx: &Context, regs: &Regs) -> Option<(u32, u32)> {
        Some((regs.arg::<u32>(0)?, regs.arg::<u32>(1)?))
    }

    /// Called when the function returns, with what `entry` returned.
    fn ret(&self, _ctx: &Context, (a0, a1): (u32, u32), _func: usize, regs: &Regs) {
        self.calls.inc();
        // The first `maxprint`, at most `PrintLimit::PER_SECOND` a second: dmesg is no
        // channel for every call of a hot function.
        if !self.log.take() {
            return;
        }
        pr_info!(
            "{}[{}] called {}+{:#x}({:#x}, {:#x}) = {}\n",
            kprobes::current_comm(),
            current!().pid(),
            params::path.get(),
            params::offset.get(),
            a0,
            a1,
            regs.return_value::<i64>(),
        );
    }
}

/// The module holds the registration in place: the kernel keeps the module's data pinned
/// until it unloads, when dropping the registration removes the probe.
#[pin_data(PinnedDrop)]
struct ProbeModule {
    #[pin]
    probe: Registration<CallLogger>,
}

impl kernel::InPlaceModule for ProbeModule {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        let handler = CallLogger {
            calls: Counter::new(),
            log: PrintLimit::new(params::maxprint.get()),
        };
        // Fails, with a message naming the problem, if the program cannot be probed there.
        let probe = Registration::new(
            params::path.get(),
            params::offset.get() as u64,
            Options::default(),
            handler,
        )
        .inspect_err(|e| pr_err!("uprobe_register failed, returned {}: {e}\n", e.to_errno()));
        try_pin_init!(Self { probe <- probe }? Error)
    }
}

#[pinned_drop]
impl PinnedDrop for ProbeModule {
    fn drop(self: Pin<&mut Self>) {
        let calls = self.probe.handler().calls.get();
        pr_info!(
            "{}+{:#x}: {} calls\n",
            params::path.get(),
            params::offset.get(),
            calls
        );
    }
}
