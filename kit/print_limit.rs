// SPDX-License-Identifier: GPL-2.0

//! How many lines handlers log: the modules' `maxprint`, and a rate limit under it.
//!
//! The kernel log is no channel for every call of a hot function. A handler that prints
//! from each call of thousands of functions (`funcs='*' maxprint=0`), or of one called
//! millions of times a second, stalls the machine: `printk()` costs microseconds, and the
//! functions it calls are probed in turn (an fprobe's exit handler runs inside one level of
//! ftrace's recursion guard, which lets one nested call through: `kernel/trace/fgraph.c`).
//! Like the kernel's `printk_ratelimited()`, [`PrintLimit`] lets at most
//! [`PrintLimit::PER_SECOND`] lines through each second and counts the rest, which it reports
//! once the second is over.

use crate::kprobes::Timestamp;
use kernel::{
    prelude::*,
    sync::atomic::{
        Atomic,
        Relaxed, //
    },
};

const NSEC_PER_SEC: u64 = 1_000_000_000;

/// The budget of lines a module's handlers may log: of the first `maxprint` hits (0: all), at
/// most [`PER_SECOND`](Self::PER_SECOND) in any second. Lock-free: usable in any context, NMI
/// included.
///
/// ```
/// use kit::PrintLimit;
///
/// let limit = PrintLimit::new(2);
/// assert!(limit.take());
/// assert!(limit.take());
/// // The post handler's line of the second hit.
/// assert!(limit.open());
/// assert!(!limit.take());
/// assert!(!limit.open());
/// assert_eq!(limit.suppressed(), 0);
///
/// let unlimited = PrintLimit::new(0);
/// let logged = (0..1000).filter(|_| unlimited.take()).count() as u64;
/// // PER_SECOND of them, unless a second ended meanwhile.
/// assert!(logged >= PrintLimit::PER_SECOND);
/// assert_eq!(logged + unlimited.suppressed(), 1000);
/// ```
pub struct PrintLimit {
    maxprint: u64,
    /// Lines asked for so far (with a `maxprint` only).
    logged: Atomic<u64>,
    /// When the current second began ([`Timestamp`] nanoseconds).
    second: Atomic<u64>,
    /// Lines asked for in the current second.
    in_second: Atomic<u64>,
    /// Lines refused for the rate since the last report of them.
    unreported: Atomic<u64>,
    /// Lines refused for the rate in all.
    suppressed: Atomic<u64>,
}

impl PrintLimit {
    /// Lines let through in any one second, at most.
    pub const PER_SECOND: u64 = 100;

    /// A budget for the first `maxprint` hits (0: all, under the rate).
    pub fn new(maxprint: u32) -> Self {
        Self {
            maxprint: maxprint.into(),
            logged: Atomic::new(0),
            second: Atomic::new(Timestamp::now().as_nanos()),
            in_second: Atomic::new(0),
            unreported: Atomic::new(0),
            suppressed: Atomic::new(0),
        }
    }

    /// Takes a line from the budget: returns whether the caller logs it.
    ///
    /// When a new second begins after lines were refused for the rate, the caller that
    /// notices logs how many, once.
    pub fn take(&self) -> bool {
        if self.maxprint != 0 && self.logged.fetch_add(1, Relaxed) >= self.maxprint {
            return false;
        }
        let now = Timestamp::now().as_nanos();
        let second = self.second.load(Relaxed);
        if now.wrapping_sub(second) >= NSEC_PER_SEC
            && self.second.cmpxchg(second, now, Relaxed).is_ok()
        {
            // This caller began the new second: it resets the count (callers racing with it
            // may count a line into the old second: the rate is approximate by that much).
            self.in_second.store(0, Relaxed);
            report(self.unreported.xchg(0, Relaxed));
        }
        if self.in_second.fetch_add(1, Relaxed) >= Self::PER_SECOND {
            self.unreported.add(1, Relaxed);
            self.suppressed.add(1, Relaxed);
            return false;
        }
        true
    }

    /// Whether a line that completes one just let through (a post handler's, after its pre
    /// handler's) is logged: while neither `maxprint` nor this second's rate is used up.
    pub fn open(&self) -> bool {
        (self.maxprint == 0 || self.logged.load(Relaxed) <= self.maxprint)
            && self.in_second.load(Relaxed) <= Self::PER_SECOND
    }

    /// The lines refused for the rate so far.
    pub fn suppressed(&self) -> u64 {
        self.suppressed.load(Relaxed)
    }
}

impl Drop for PrintLimit {
    /// Reports the lines refused for the rate that no new second reported: when the handler
    /// that logs goes, at unload.
    fn drop(&mut self) {
        report(self.unreported.load(Relaxed));
    }
}

/// Logs how many lines were refused for the rate, if any.
fn report(refused: u64) {
    if refused != 0 {
        pr_info!(
            "{refused} lines not logged: at most {} a second\n",
            PrintLimit::PER_SECOND
        );
    }
}
