// SPDX-License-Identifier: GPL-2.0

//! An `execsnoop`: logs the program and arguments of every `execve(2)`, read from user
//! memory in the handler without faulting or sleeping (pages that are not resident read as
//! `?`).
//!
//!     insmod rust_execsnoop.ko
//!     rust_execsnoop: sh[81] exec /bin/cat /proc/version

use kernel::{
    prelude::*,
    str::{
        BStr,
        CString, //
    },
};

#[path = "../kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kprobes::{
    kprobe::{
        self,
        Options,
        Probe,
        Registration, //
    },
    InspectInitErr,
    Regs,
    Target, //
};

module! {
    type: Execsnoop,
    name: "rust_execsnoop",
    authors: ["rust-kprobes developers"],
    description: "Logs the program and arguments of every exec",
    license: "GPL",
}

/// Arguments shown, and bytes per line.
const MAX_ARGS: usize = 8;
const LINE: usize = 192;

struct Execs;

#[vtable]
impl kprobe::Handler for Execs {
    // execve(const char __user *filename, const char __user *const __user *argv, ...), reached
    // through the system call wrapper, whose registers hold a `struct pt_regs *`.
    fn pre(&self, _p: &Probe, regs: &Regs) {
        let (Some(filename), Some(argv)) = (regs.syscall_arg(0), regs.syscall_arg::<usize>(1))
        else {
            return;
        };
        let mut line = [0u8; LINE];
        let mut len = append(&mut line, 0, filename);
        // argv[0] is the program name again: start at argv[1].
        for i in 1..MAX_ARGS {
            let Some(arg) = argv
                .checked_add(i * size_of::<usize>())
                .and_then(kprobes::read_user::<usize>)
            else {
                break;
            };
            if arg == 0 || len + 1 >= LINE {
                break;
            }
            line[len] = b' ';
            len = append(&mut line, len + 1, arg);
        }
        pr_info!(
            "{}[{}] exec {}\n",
            kprobes::current_comm(),
            current!().pid(),
            BStr::from_bytes(&line[..len])
        );
    }
}

/// Copies the user string at `addr` into `line` at `at` (`?` if unreadable); returns the
/// new length.
fn append(line: &mut [u8; LINE], at: usize, addr: usize) -> usize {
    match kprobes::read_user_str(addr, &mut line[at..]) {
        Some(s) => at + s.len(),
        None => {
            line[at] = b'?';
            at + 1
        }
    }
}

#[pin_data]
struct Execsnoop {
    /// The system call wrapper probed: `__x64_sys_execve` on x86_64.
    func: CString,
    #[pin]
    _probe: Registration<Execs>,
}

impl kernel::InPlaceModule for Execsnoop {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        try_pin_init!(Self {
            func: CString::try_from_fmt(fmt!("{}execve", Regs::SYSCALL_PREFIX))?,
            _probe <- Registration::new([Target::symbol(func)], Options::default(), Execs)
                .inspect_err(|e| {
                    pr_err!("register_kprobe failed, returned {}: {e}\n", e.to_errno())
                }),
        }? Error)
    }
}
