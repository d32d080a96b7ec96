// SPDX-License-Identifier: GPL-2.0

//! KUnit tests of kprobes and kretprobes (`CONFIG_RUST_KPROBES_KUNIT_TEST`).
//!
//! The tests plant kprobes and kretprobes on functions of their own, call them from the test's
//! kernel thread, and check what the handlers saw: exact hit counts, decoded arguments and
//! return values, disabling and enabling, batches and their all-or-nothing failure, typed
//! per-call data, skipped calls and missed calls.

use crate::kprobes::{
    kprobe::{
        self,
        Probe, //
    },
    kretprobe,
    Enable,
    Regs,
    SetupError,
    Target,
    Timestamp, //
};
use core::{
    fmt,
    hint::black_box,
    pin::Pin, //
};
use kernel::{
    prelude::*,
    str::CString,
    sync::atomic::{
        Atomic,
        Relaxed, //
    },
};

/// The probed function: six register arguments, a known result.
#[no_mangle]
#[inline(never)]
extern "C" fn rust_kprobes_test_add6(
    a: isize,
    b: isize,
    c: isize,
    d: isize,
    e: isize,
    f: isize,
) -> isize {
    black_box(a + b + c + d + e + f)
}

/// A recursive function, to have several calls in flight at once.
#[no_mangle]
#[inline(never)]
extern "C" fn rust_kprobes_test_recurse(depth: usize) -> usize {
    if black_box(depth) == 0 {
        return 0;
    }
    black_box(rust_kprobes_test_recurse(depth - 1)) + 1
}

pub(crate) const ADD6: Target<'static> = Target::symbol(c"rust_kprobes_test_add6");

/// Calls the probed function `n` times.
pub(crate) fn call(n: isize) {
    for i in 0..n {
        rust_kprobes_test_add6(i, 1, 2, 3, 4, 5);
    }
}

/// Fails the test, saying why in the kernel log, unless `ok`.
///
/// A test returns its failure rather than asserting: KUnit ends a test whose assertion
/// fails on the spot, without dropping what it holds, which would leave its probes
/// planted. The failure is reported once the test has returned.
pub(crate) fn check(ok: bool, why: fmt::Arguments<'_>) -> Result {
    if ok {
        return Ok(());
    }
    pr_err!("{why}\n");
    Err(EINVAL)
}

/// Plants a registration, saying why in the kernel log if that fails.
pub(crate) fn plant<T>(init: impl PinInit<T, SetupError>) -> Result<Pin<KBox<T>>> {
    KBox::try_pin_init(init, GFP_KERNEL).map_err(|e| {
        pr_err!("{e}\n");
        e.into()
    })
}

/// Plants kprobes with the default options at `targets`, all calling `handler`.
pub(crate) fn plant_kprobes<'a, T: kprobe::Handler>(
    targets: impl IntoIterator<Item = Target<'a>>,
    handler: T,
) -> Result<Pin<KBox<kprobe::Registration<T>>>> {
    plant(kprobe::Registration::new(
        targets,
        kprobe::Options::default(),
        handler,
    ))
}

/// Counts hits and keeps the arguments of the last one.
struct Counter {
    pre: Atomic<u64>,
    post: Atomic<u64>,
    args: [Atomic<usize>; 6],
    narrow: [Atomic<isize>; 3],
}

impl Default for Counter {
    fn default() -> Self {
        Self {
            pre: Atomic::new(0),
            post: Atomic::new(0),
            args: core::array::from_fn(|_| Atomic::new(0)),
            narrow: core::array::from_fn(|_| Atomic::new(0)),
        }
    }
}

#[vtable]
impl kprobe::Handler for Counter {
    fn pre(&self, _p: &Probe, regs: &Regs) {
        self.pre.add(1, Relaxed);
        for (i, arg) in self.args.iter().enumerate() {
            arg.store(regs.arg::<usize>(i).unwrap_or(usize::MAX), Relaxed);
        }
        // The same registers read as narrower C types.
        self.narrow[0].store(regs.arg::<i32>(3).map_or(0, |v| v as isize), Relaxed);
        self.narrow[1].store(regs.arg::<i8>(4).map_or(0, |v| v as isize), Relaxed);
        self.narrow[2].store(regs.arg::<u16>(4).map_or(0, |v| v as isize), Relaxed);
    }
}

/// Counts pre and post handler calls.
#[derive(Default)]
struct PrePost(Counter);

#[vtable]
impl kprobe::Handler for PrePost {
    fn pre(&self, p: &Probe, regs: &Regs) {
        self.0.pre(p, regs)
    }

    fn post(&self, _p: &Probe, _regs: &Regs) {
        self.0.post.add(1, Relaxed);
    }
}

/// Hits of probes whose registration failed: must stay 0.
static STRAY: Atomic<u64> = Atomic::new(0);

struct Stray;

#[vtable]
impl kprobe::Handler for Stray {
    fn pre(&self, _p: &Probe, _regs: &Regs) {
        STRAY.add(1, Relaxed);
    }
}

/// Per-call data of a non-trivial type.
#[derive(Default)]
pub(crate) struct Call {
    pub(crate) args: [usize; 6],
    pub(crate) start: Option<Timestamp>,
    pub(crate) tag: u16,
}

/// Checks return values against the arguments seen at entry; skips calls whose first
/// argument is odd.
pub(crate) struct Returns {
    pub(crate) entries: Atomic<u64>,
    pub(crate) returns: Atomic<u64>,
    pub(crate) wrong: Atomic<u64>,
}

impl Default for Returns {
    fn default() -> Self {
        Self {
            entries: Atomic::new(0),
            returns: Atomic::new(0),
            wrong: Atomic::new(0),
        }
    }
}

impl Returns {
    /// Fails unless `entries` calls were entered, `returns` returned, and none was wrong.
    pub(crate) fn expect(&self, entries: u64, returns: u64) -> Result {
        let (e, r, wrong) = (
            self.entries.load(Relaxed),
            self.returns.load(Relaxed),
            self.wrong.load(Relaxed),
        );
        check(
            e == entries && r == returns && wrong == 0,
            fmt!("{e} entries (want {entries}), {r} returns (want {returns}), {wrong} wrong"),
        )
    }

    /// Counts an entry with the six arguments that `arg` reads; the call's data, unless its
    /// first argument is odd.
    pub(crate) fn enter(&self, arg: impl Fn(usize) -> Option<usize>) -> Option<Call> {
        self.entries.add(1, Relaxed);
        let mut args = [0; 6];
        for (i, a) in args.iter_mut().enumerate() {
            *a = arg(i)?;
        }
        (args[0] % 2 == 0).then(|| Call {
            args,
            start: Some(Timestamp::now()),
            tag: 0x5a5a,
        })
    }

    /// Counts the return of `call` with `value`, wrong unless it is the sum of its arguments.
    pub(crate) fn leave(&self, call: Call, value: usize) {
        self.returns.add(1, Relaxed);
        let sum = call.args.iter().fold(0usize, |s, a| s.wrapping_add(*a));
        if value != sum || call.tag != 0x5a5a || call.start.is_none() {
            self.wrong.add(1, Relaxed);
        }
    }
}

#[vtable]
impl kretprobe::Handler for Returns {
    type Data = Call;

    fn entry(&self, regs: &Regs) -> Option<Call> {
        self.enter(|i| regs.arg(i))
    }

    fn ret(&self, call: Call, regs: &Regs) {
        self.leave(call, regs.return_value());
    }
}

/// Counts returns, without an entry handler or data.
pub(crate) struct Plain(pub(crate) Atomic<u64>);

impl Default for Plain {
    fn default() -> Self {
        Self(Atomic::new(0))
    }
}

#[vtable]
impl kretprobe::Handler for Plain {
    type Data = ();

    fn ret(&self, (): (), _regs: &Regs) {
        self.0.add(1, Relaxed);
    }
}

/// The suite: each test plants its probes, calls the probed functions and checks what the
/// handlers saw, returning its failure (see [`check`]).
#[kunit_tests(rust_kprobes)]
mod cases {
    use super::*;
    use kretprobe::Options;

    #[test]
    fn kprobe_exact_hits() -> Result {
        let reg = plant_kprobes([ADD6], Counter::default())?;
        call(5);
        let hits = reg.handler().pre.load(Relaxed);
        check(hits == 5, fmt!("{hits} hits for 5 calls"))
    }

    #[test]
    fn kprobe_args() -> Result {
        let reg = plant_kprobes([ADD6], Counter::default())?;
        rust_kprobes_test_add6(1, 2, 3, -4, 0x55aa, isize::MIN);
        let h = reg.handler();
        let args: [usize; 6] = core::array::from_fn(|i| h.args[i].load(Relaxed));
        let want = [1, 2, 3, -4isize as usize, 0x55aa, isize::MIN as usize];
        let narrow: [isize; 3] = core::array::from_fn(|i| h.narrow[i].load(Relaxed));
        // arg3 as i32, arg4 as i8 and as u16.
        let want_narrow = [-4, 0xaa_u8 as i8 as isize, 0x55aa];
        check(
            args == want && narrow == want_narrow,
            fmt!("args {args:x?}, want {want:x?}; as i32/i8/u16 {narrow:?}, want {want_narrow:?}"),
        )
    }

    #[test]
    fn kprobe_disable_enable() -> Result {
        let reg = plant_kprobes([ADD6], Counter::default())?;
        call(3);
        reg.disable()?;
        let disabled = reg.probes().all(Probe::is_disabled);
        call(3);
        let during = reg.handler().pre.load(Relaxed);
        reg.enable()?;
        call(2);
        let after = reg.handler().pre.load(Relaxed);
        check(
            disabled && during == 3 && after == 5,
            fmt!("disabled={disabled}, {during} hits while disabled (want 3), {after} after (5)"),
        )
    }

    #[test]
    fn kprobe_post_handler() -> Result {
        let reg = plant_kprobes([ADD6], PrePost::default())?;
        call(4);
        let h = reg.handler();
        let (pre, post) = (h.0.pre.load(Relaxed), h.0.post.load(Relaxed));
        check(
            pre == 4 && post == 4,
            fmt!("pre {pre}, post {post} (want 4 each)"),
        )
    }

    #[test]
    fn kprobe_address_target() -> Result {
        let addr = Target::Address(rust_kprobes_test_add6 as *const () as usize);
        let reg = plant_kprobes([addr], Counter::default())?;
        call(3);
        let hits = reg.handler().pre.load(Relaxed);
        check(hits == 3, fmt!("{hits} hits for 3 calls"))
    }

    #[test]
    fn kprobe_batch() -> Result {
        let both = [ADD6, Target::symbol(c"rust_kprobes_test_recurse")];
        let reg = plant_kprobes(both, Counter::default())?;
        call(2);
        rust_kprobes_test_recurse(3);
        let hits = reg.handler().pre.load(Relaxed);
        let symbols = reg.probes().filter_map(Probe::symbol).count();
        check(
            hits == 2 + 4 && symbols == 2,
            fmt!("{hits} hits (want 6), {symbols} symbols (want 2)"),
        )
    }

    #[test]
    fn kprobe_batch_all_or_nothing() -> Result {
        let bad = [ADD6, Target::symbol(c"rust_kprobes_test_no_such_symbol")];
        let res = KBox::try_pin_init(
            kprobe::Registration::new(bad, kprobe::Options::default(), Stray),
            GFP_KERNEL,
        );
        let err = res.as_ref().err().map(SetupError::to_errno);
        call(3);
        let stray = STRAY.load(Relaxed);
        check(
            err == Some(ENOENT.to_errno()) && stray == 0,
            fmt!("error {err:?} (want ENOENT), {stray} hits on the first probe (want 0)"),
        )
    }

    #[test]
    fn kretprobe_offset_refused() -> Result {
        // `register_kretprobe()` takes a function's entry only: an offset is refused up front,
        // saying so, not as "blacklisted".
        let target = Target::Symbol(c"rust_kprobes_test_add6", 4);
        let res = KBox::try_pin_init(
            kretprobe::Registration::new(target, Options::default(), Plain::default()),
            GFP_KERNEL,
        );
        let Err(e) = res else {
            return check(false, fmt!("a kretprobe at {target} was planted"));
        };
        let message = CString::try_from_fmt(fmt!("{e}"))?;
        let says_entry = message
            .to_bytes()
            .windows(b"entry".len())
            .any(|w| w == b"entry");
        check(
            e.error() == EINVAL && says_entry,
            fmt!(
                "error {:?}: '{}' (want EINVAL, about the function's entry)",
                e.error(),
                &*message
            ),
        )
    }

    #[test]
    fn kretprobe_typed_data_and_skip() -> Result {
        let reg = plant(kretprobe::Registration::new(
            ADD6,
            Options::default(),
            Returns::default(),
        ))?;
        for i in 0..6 {
            rust_kprobes_test_add6(i, -7, 1 << 40, 3, 4, -(1 << 20));
        }
        reg.handler().expect(6, 3)
    }

    #[test]
    fn kretprobe_default_maxactive() -> Result {
        // Without `maxactive`, `register_kretprobe()` tracks `max(10, 2 * num_possible_cpus())`
        // calls at once, whatever the preemption model.
        let reg = plant(kretprobe::Registration::new(
            ADD6,
            Options::default(),
            Plain::default(),
        ))?;
        // SAFETY: `__cpu_possible_mask` is the kernel's mask of possible CPUs, valid as long as
        // the kernel runs, and not written to once it booted.
        let possible = unsafe {
            kernel::cpumask::Cpumask::from_raw(&raw const kernel::bindings::__cpu_possible_mask)
        };
        let cpus = possible.weight();
        let (got, want) = (reg.maxactive(), core::cmp::max(10, 2 * cpus));
        check(
            got == want,
            fmt!("maxactive {got}, want {want}: max(10, 2 * {cpus} possible CPUs)"),
        )
    }

    #[test]
    fn kretprobe_maxactive_missed() -> Result {
        let opts = Options {
            maxactive: Some(2),
            ..Default::default()
        };
        let target = Target::symbol(c"rust_kprobes_test_recurse");
        let reg = plant(kretprobe::Registration::new(target, opts, Plain::default()))?;
        rust_kprobes_test_recurse(5);
        let (returns, missed) = (reg.handler().0.load(Relaxed), reg.nmissed());
        check(
            returns == 2 && missed.maxactive == 4 && missed.total() == 4,
            fmt!("{returns} returns (want 2), missed {missed:?} (want 4 by maxactive)"),
        )
    }
}
