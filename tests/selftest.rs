// SPDX-License-Identifier: GPL-2.0

//! KUnit suites of the kprobes layer, run by KUnit when this module loads.
//!
//! `rust_kprobes` is the layer's own suite (rust/kernel/kprobes/tests.rs, `kernel::kprobes`'s
//! KUnit tests in the patch series): kprobes and kretprobes, their counts, arguments, return
//! values, batches, typed per-call data and missed calls. `rust_kprobes_extra`, here, tests what the
//! series does not carry yet, reusing that suite's handlers: typed probes (arguments and
//! return values of a prototype checked against its C declaration in tests/rust_selftest.h),
//! fprobes (arguments, per-call data and return values through `FtraceRegs`; a recursion a
//! `maxactive=2` kretprobe misses calls of and an fprobe does not), and the context every
//! handler runs in (not preemptible, as `lib/tests/test_kprobes.c` checks).
//! tests/cases/selftest.sh turns the KTAP that KUnit prints into the case's result.
//!
//! The suites need `CONFIG_KUNIT=y`; without it they are left out and the module only says
//! so when it loads.

use kernel::prelude::*;

#[path = "../kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

module! {
    type: RustSelftest,
    name: "rust_selftest",
    authors: ["rust-kprobes developers"],
    description: "KUnit suite of the Rust kprobes layer",
    license: "GPL",
}

struct RustSelftest;

impl kernel::Module for RustSelftest {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        // KUnit runs the suite itself, once the module is live.
        if !cfg!(CONFIG_KUNIT = "y") {
            pr_warn!("no KUnit in this kernel (no CONFIG_KUNIT=y): the suite is left out\n");
        }
        Ok(Self)
    }
}

#[kunit_tests(rust_kprobes_extra)]
mod tests {
    use crate::kit::{
        stats::Hist,
        typed, //
    };
    use crate::kprobes::{
        fprobe::{
            self,
            Functions, //
        },
        kprobe::{
            self,
            Probe, //
        },
        kretprobe::{
            self,
            Options, //
        },
        tests::{
            call,
            check,
            plant,
            plant_kprobes,
            Call,
            Plain,
            Returns,
            ADD6, //
        },
        FtraceRegs,
        Regs,
        Symbols,
        Target,
        Timestamp, //
    };
    use core::{
        hint::black_box,
        mem::ManuallyDrop,
        ptr, //
    };
    use kernel::{
        prelude::*,
        str::{
            BStr,
            CString, //
        },
        sync::atomic::{
            Acquire,
            Atomic,
            Relaxed,
            Release, //
        },
        time::{
            delay::fsleep,
            Delta, //
        },
    };

    // The C side, in tests/selftest_c.c.
    extern "C" {
        fn rust_selftest_preemptible() -> bool;
        fn rust_selftest_c_add6(
            a: c_long,
            b: c_long,
            c: c_long,
            d: c_long,
            e: c_long,
            f: c_long,
        ) -> c_long;
        fn rust_selftest_c_recurse(depth: c_long) -> c_long;
        fn rust_selftest_thread_start(wait: bool) -> c_int;
        fn rust_selftest_thread_finish();
    }

    /// A kernel thread calling `rust_selftest_c_wait()` (`wait`: it stays inside the call, its
    /// entry probes run, until dropped) or `rust_selftest_c_add6()` once (about to, when this
    /// returns). Dropping it lets the call return and waits for the thread to end.
    struct Caller;

    impl Caller {
        fn start(wait: bool) -> Result<Self> {
            // SAFETY: A C function of this module; the thread it starts ends in `drop`.
            kernel::error::to_result(unsafe { rust_selftest_thread_start(wait) })?;
            Ok(Self)
        }
    }

    impl Drop for Caller {
        fn drop(&mut self) {
            // SAFETY: `start` started the thread, which this ends once.
            unsafe { rust_selftest_thread_finish() };
        }
    }

    /// Runs `init` on `slot` (`PinInit::__init`, `__pinned_init` before 7.3).
    ///
    /// # Safety
    ///
    /// As for `PinInit::__init`: `slot` is valid for writes; on success it is initialized and
    /// must stay pinned, on error it is not initialized.
    unsafe fn init_at<T, E>(init: impl PinInit<T, E>, slot: *mut T) -> Result<(), E> {
        #[cfg(not(kernel_before_7_3))]
        // SAFETY: By the safety requirements.
        let ret = unsafe { init.__init(slot) };
        #[cfg(kernel_before_7_3)]
        // SAFETY: By the safety requirements.
        let ret = unsafe { init.__pinned_init(slot) };
        ret
    }

    /// Whether the caller could be preempted: the C `preemptible()`, a macro.
    fn preemptible() -> bool {
        // SAFETY: A C function of this module with this signature, without preconditions:
        // callable in any context.
        unsafe { rust_selftest_preemptible() }
    }

    /// A C function returning the sum of its arguments: its entry has the ftrace hook.
    fn c_add6(a: c_long, b: c_long, c: c_long, d: c_long, e: c_long, f: c_long) -> c_long {
        // SAFETY: A C function of this module with this signature, without preconditions.
        unsafe { rust_selftest_c_add6(a, b, c, d, e, f) }
    }

    /// The target of the typed probes: arguments of several C types, declared in C in
    /// `tests/rust_selftest.h`. Returns `a + b + c + d + f`.
    #[no_mangle]
    #[inline(never)]
    extern "C" fn rust_selftest_typed(
        a: c_long,
        b: c_int,
        c: c_short,
        d: c_uchar,
        e: *const c_void,
        f: bool,
    ) -> c_long {
        black_box(e);
        // `int` to `long`: lossless on 64-bit, where `From` is not implemented.
        black_box(a + b as c_long + c_long::from(c) + c_long::from(d) + c_long::from(f))
    }

    /// A `void` function for a typed return probe.
    #[no_mangle]
    #[inline(never)]
    extern "C" fn rust_selftest_typed_void(n: c_uint) {
        black_box(n);
    }

    crate::kit::typed::prototype! {
        /// A call of `rust_selftest_typed()`.
        #[header = "tests/rust_selftest.h"]
        struct Typed = fn rust_selftest_typed(
            a: c_long,
            b: c_int,
            c: c_short,
            d: c_uchar,
            e: *const c_void,
            f: bool,
        ) -> c_long;
    }

    crate::kit::typed::prototype! {
        /// A call of `rust_selftest_typed_void()`.
        #[header = "tests/rust_selftest.h"]
        struct TypedVoid = fn rust_selftest_typed_void(n: c_uint);
    }

    const C_ADD6: Target<'static> = Target::symbol(c"rust_selftest_c_add6");

    fn call_c(n: c_long) {
        for i in 0..n {
            c_add6(i, 1, 2, 3, 4, 5);
        }
    }

    /// Keeps the arguments of the last call a typed entry probe saw.
    struct TypedArgs {
        hits: Atomic<u64>,
        a: Atomic<isize>,
        b: Atomic<i32>,
        c: Atomic<i32>,
        d: Atomic<u32>,
        e: Atomic<usize>,
        f: Atomic<bool>,
    }

    impl Default for TypedArgs {
        fn default() -> Self {
            Self {
                hits: Atomic::new(0),
                a: Atomic::new(0),
                b: Atomic::new(0),
                c: Atomic::new(0),
                d: Atomic::new(0),
                e: Atomic::new(0),
                f: Atomic::new(false),
            }
        }
    }

    impl typed::Entry for TypedArgs {
        type Call = Typed;

        fn entry(&self, call: Typed) {
            self.hits.add(1, Relaxed);
            self.a.store(call.a, Relaxed);
            self.b.store(call.b, Relaxed);
            self.c.store(call.c.into(), Relaxed);
            self.d.store(call.d.into(), Relaxed);
            self.e.store(call.e.addr(), Relaxed);
            self.f.store(call.f, Relaxed);
        }
    }

    /// Checks typed return values against the sum of the arguments seen at entry; skips
    /// calls whose `f` is false.
    #[derive(Default)]
    struct TypedReturns(Returns);

    #[vtable]
    impl typed::Return for TypedReturns {
        type Call = Typed;
        type Data = c_long;

        fn entry(&self, call: Typed) -> Option<c_long> {
            self.0.entries.add(1, Relaxed);
            call.f.then(|| {
                call.a + call.b as c_long + c_long::from(call.c) + c_long::from(call.d) + 1
            })
        }

        fn ret(&self, sum: c_long, value: c_long) {
            self.0.returns.add(1, Relaxed);
            if value != sum {
                self.0.wrong.add(1, Relaxed);
            }
        }
    }

    /// Counts the returns of a `void` function, without an entry handler.
    #[derive(Default)]
    struct TypedVoidReturns(Plain);

    #[vtable]
    impl typed::Return for TypedVoidReturns {
        type Call = TypedVoid;
        type Data = ();

        fn ret(&self, (): (), (): ()) {
            self.0 .0.add(1, Relaxed);
        }
    }

    /// How often a handler ran, and how often it could have been preempted there.
    struct Seen {
        runs: Atomic<u64>,
        preemptible: Atomic<u64>,
    }

    impl Default for Seen {
        fn default() -> Self {
            Self {
                runs: Atomic::new(0),
                preemptible: Atomic::new(0),
            }
        }
    }

    impl Seen {
        fn record(&self) {
            self.runs.add(1, Relaxed);
            if preemptible() {
                self.preemptible.add(1, Relaxed);
            }
        }

        /// Checks that the handler ran `runs` times, never preemptible.
        fn check(&self, handler: &str, runs: u64) -> Result {
            let (n, preemptible) = (self.runs.load(Relaxed), self.preemptible.load(Relaxed));
            check(
                n == runs && preemptible == 0,
                fmt!("{handler} handler: {n} runs (want {runs}), {preemptible} preemptible"),
            )
        }
    }

    /// Records the context of both kprobe handlers.
    #[derive(Default)]
    struct KprobeContext {
        pre: Seen,
        post: Seen,
    }

    #[vtable]
    impl kprobe::Handler for KprobeContext {
        fn pre(&self, _p: &Probe, _regs: &Regs) {
            self.pre.record();
        }

        fn post(&self, _p: &Probe, _regs: &Regs) {
            self.post.record();
        }
    }

    /// Records the context of a kprobe pre handler; no post handler, so that the kernel may
    /// optimize the probe into a jump.
    #[derive(Default)]
    struct PreOnly(Seen);

    #[vtable]
    impl kprobe::Handler for PreOnly {
        fn pre(&self, _p: &Probe, _regs: &Regs) {
            self.0.record();
        }
    }

    /// Records the context of both kretprobe handlers.
    #[derive(Default)]
    struct KretprobeContext {
        entry: Seen,
        ret: Seen,
    }

    #[vtable]
    impl kretprobe::Handler for KretprobeContext {
        type Data = ();

        fn entry(&self, _regs: &Regs) -> Option<()> {
            self.entry.record();
            Some(())
        }

        fn ret(&self, (): (), _regs: &Regs) {
            self.ret.record();
        }
    }

    /// The same checks of arguments, data and return values, from an fprobe.
    #[vtable]
    impl fprobe::Handler for Returns {
        type Data = Call;

        fn entry(&self, _call: &fprobe::Call<'_>, regs: &FtraceRegs) -> Option<Call> {
            self.enter(|i| regs.arg(i))
        }

        fn exit(&self, _call: &fprobe::Call<'_>, call: Call, regs: &FtraceRegs) {
            self.leave(call, regs.return_value());
        }
    }

    /// Counts an fprobe's exits, without data.
    #[vtable]
    impl fprobe::Handler for Plain {
        type Data = ();

        fn exit(&self, _call: &fprobe::Call<'_>, (): (), _regs: &FtraceRegs) {
            self.0.add(1, Relaxed);
        }
    }

    /// Records the context of both fprobe handlers.
    #[vtable]
    impl fprobe::Handler for KretprobeContext {
        type Data = ();

        fn entry(&self, _call: &fprobe::Call<'_>, _regs: &FtraceRegs) -> Option<()> {
            self.entry.record();
            Some(())
        }

        fn exit(&self, _call: &fprobe::Call<'_>, (): (), _regs: &FtraceRegs) {
            self.ret.record();
        }
    }

    /// Stores a byte for each call, and never sees an exit: the registration that goes away
    /// while a call is in flight.
    struct Leaves;

    #[vtable]
    impl fprobe::Handler for Leaves {
        type Data = u8;

        fn entry(&self, _call: &fprobe::Call<'_>, _regs: &FtraceRegs) -> Option<u8> {
            Some(0x5a)
        }

        fn exit(&self, _call: &fprobe::Call<'_>, _data: u8, _regs: &FtraceRegs) {}
    }

    /// Stores 7 for each call; counts exits, and those with other data, keeping it.
    struct Arrives {
        exits: Atomic<u64>,
        foreign: Atomic<u64>,
        foreign_data: Atomic<u64>,
    }

    #[vtable]
    impl fprobe::Handler for Arrives {
        type Data = u64;

        fn entry(&self, _call: &fprobe::Call<'_>, _regs: &FtraceRegs) -> Option<u64> {
            Some(7)
        }

        fn exit(&self, _call: &fprobe::Call<'_>, data: u64, _regs: &FtraceRegs) {
            self.exits.add(1, Relaxed);
            if data != 7 {
                self.foreign.add(1, Relaxed);
                self.foreign_data.store(data, Relaxed);
            }
        }
    }

    /// Room for either registration, at one address.
    #[expect(dead_code)]
    union OneAddress {
        leaves: ManuallyDrop<fprobe::Registration<Leaves>>,
        arrives: ManuallyDrop<fprobe::Registration<Arrives>>,
    }

    /// A call entered while one fprobe was registered returns after it is gone and another one
    /// is at the same address: the new one's exit handler does not get the old one's data (of
    /// another type and size) for a call it never entered.
    #[test]
    fn fprobe_exit_only_for_own_entries() -> Result {
        // Keeps fprobe's function graph ops registered throughout, as any other fprobe with an
        // exit handler would (when the last one goes, the pending return is not reported).
        let _keep = plant(fprobe::Registration::new(
            Functions::glob(c"rust_selftest_c_recurse"),
            Plain::default(),
        ))?;
        let mut slot = KBox::<OneAddress>::new_uninit(GFP_KERNEL)?;
        let leaves = slot.as_mut_ptr().cast::<fprobe::Registration<Leaves>>();
        let arrives = slot.as_mut_ptr().cast::<fprobe::Registration<Arrives>>();
        let wait = Symbols::parse(c"rust_selftest_c_wait")?;
        let wait_and_add6 = Symbols::parse(c"rust_selftest_c_wait,rust_selftest_c_add6")?;
        let init = fprobe::Registration::new(Functions::Symbols(&wait), Leaves);
        // SAFETY: `slot` is valid for writes, and stays in place until it is dropped below.
        unsafe { init_at(init, leaves) }?;
        // A call enters, and `Leaves` stores its byte.
        let caller = Caller::start(true);
        // SAFETY: Initialized above; dropped once, in place.
        unsafe { ptr::drop_in_place(leaves) };
        let caller = caller?;
        let handler = Arrives {
            exits: Atomic::new(0),
            foreign: Atomic::new(0),
            foreign_data: Atomic::new(0),
        };
        let init = fprobe::Registration::new(Functions::Symbols(&wait_and_add6), handler);
        // SAFETY: As above: `leaves` is gone, its memory is reused.
        unsafe { init_at(init, arrives) }?;
        // The call returns, then two calls of its own.
        drop(caller);
        call_c(2);
        // SAFETY: Initialized above.
        let h = unsafe { (*arrives).handler() };
        let exits = h.exits.load(Relaxed);
        let (foreign, data) = (h.foreign.load(Relaxed), h.foreign_data.load(Relaxed));
        // SAFETY: Initialized above; dropped once, in place, before `slot` is freed.
        unsafe { ptr::drop_in_place(arrives) };
        check(
            exits == 2 && foreign == 0,
            fmt!(
                "the new fprobe's exit handler ran {exits} times, {foreign} of them with data it \
                 did not store ({data:#x}): want 2 times, its own calls only"
            ),
        )
    }

    /// Whether the entry handler of `Spinner` runs: 1 while it spins, 2 once it has left.
    static SPINNING: Atomic<u32> = Atomic::new(0);

    /// An entry handler that spins for 100 ms.
    struct Spinner;

    #[vtable]
    impl fprobe::Handler for Spinner {
        type Data = ();

        fn entry(&self, _call: &fprobe::Call<'_>, _regs: &FtraceRegs) -> Option<()> {
            SPINNING.store(1, Release);
            let start = Timestamp::now();
            while start.elapsed_ns() < 100_000_000 {
                core::hint::spin_loop();
            }
            SPINNING.store(2, Release);
            None
        }
    }

    /// Dropping an fprobe waits for the handlers still running (`unregister_fprobe()` waits for
    /// an RCU grace period on the kernels the layer supports).
    #[test]
    fn fprobe_drop_waits_for_handlers() -> Result {
        SPINNING.store(0, Relaxed);
        let reg = plant(fprobe::Registration::new(
            Functions::glob(c"rust_selftest_c_add6"),
            Spinner,
        ))?;
        let caller = Caller::start(false)?;
        let mut waited = 0;
        while SPINNING.load(Acquire) == 0 && waited < 2000 {
            fsleep(Delta::from_micros(500));
            waited += 1;
        }
        drop(reg);
        let after = SPINNING.load(Acquire);
        drop(caller);
        check(
            after == 2,
            fmt!(
                "the handler {} when the fprobe's drop returned",
                match after {
                    0 => "had not run",
                    1 => "was still running",
                    _ => "had finished",
                }
            ),
        )
    }

    #[test]
    fn typed_entry_args() -> Result {
        let reg = plant(typed::EntryProbe::new(TypedArgs::default()))?;
        let marker = 0x5aa5_u32;
        let e = core::ptr::from_ref(&marker).cast::<c_void>();
        rust_selftest_typed(isize::MIN + 7, -4, -3, 0xa5, e, true);
        rust_selftest_typed(-(1 << 40), i32::MIN, i16::MAX, 0xff, e, false);
        let h = reg.handler();
        let got = (
            h.hits.load(Relaxed),
            h.a.load(Relaxed),
            h.b.load(Relaxed),
            h.c.load(Relaxed),
            h.d.load(Relaxed),
            h.e.load(Relaxed) == e.addr(),
            h.f.load(Relaxed),
        );
        let want = (2, -(1 << 40), i32::MIN, 0x7fff, 0xff, true, false);
        check(
            got == want,
            fmt!("hits, a..f (e as is?) {got:x?}, want {want:x?}"),
        )
    }

    #[test]
    fn typed_return_value() -> Result {
        let reg = plant(typed::ReturnProbe::new(
            Options::default(),
            TypedReturns::default(),
        ))?;
        let marker = 0x5aa5_u32;
        let e = core::ptr::from_ref(&marker).cast::<c_void>();
        for i in 0..5 {
            rust_selftest_typed(i << 33, -7, -(1 << 14), 0x80, e, i % 2 == 0);
        }
        reg.handler().0.expect(5, 3)
    }

    #[test]
    fn typed_void_return() -> Result {
        let reg = plant(typed::ReturnProbe::new(
            Options::default(),
            TypedVoidReturns::default(),
        ))?;
        for i in 0..4 {
            rust_selftest_typed_void(i);
        }
        let returns = reg.handler().0 .0.load(Relaxed);
        check(returns == 4, fmt!("{returns} returns for 4 calls"))
    }

    /// Every handler runs with preemption off: pre and post of kprobes planted with a
    /// breakpoint (on a Rust function) and, where the kernel has
    /// `CONFIG_KPROBES_ON_FTRACE`, from ftrace (on a C function), and entry and return of
    /// kretprobes on both.
    #[test]
    fn handlers_not_preemptible() -> Result {
        check(
            preemptible(),
            fmt!("preemptible() is false in the test's own thread: it cannot tell (no CONFIG_PREEMPT_COUNT?)"),
        )?;
        let kp = plant_kprobes([ADD6, C_ADD6], KprobeContext::default())?;
        let rp = plant(kretprobe::Registration::new(
            ADD6,
            Options::default(),
            KretprobeContext::default(),
        ))?;
        let rp_c = plant(kretprobe::Registration::new(
            C_ADD6,
            Options::default(),
            KretprobeContext::default(),
        ))?;
        call(3);
        call_c(2);
        if cfg!(CONFIG_KPROBES_ON_FTRACE) {
            let mut ftrace = [false; 2];
            for (f, probe) in ftrace.iter_mut().zip(kp.probes()) {
                *f = probe.is_ftrace();
            }
            check(
                ftrace == [false, true],
                fmt!("planted from ftrace: {ftrace:?} (want [false, true]: the C function only)"),
            )?;
        }
        let (k, r, rc) = (kp.handler(), rp.handler(), rp_c.handler());
        k.pre.check("kprobe pre", 5)?;
        k.post.check("kprobe post", 5)?;
        r.entry.check("kretprobe entry", 3)?;
        r.ret.check("kretprobe return", 3)?;
        rc.entry.check("kretprobe entry (C function)", 2)?;
        rc.ret.check("kretprobe return (C function)", 2)
    }

    #[test]
    fn kprobe_optimized() -> Result {
        // The first instruction past the C function's ftrace call site: there, armed and
        // without a post handler, the kernel optimizes a probe into a jump where it can
        // (`CONFIG_OPTPROBES`: x86_64), and the flag is on the aggregated probe it made for
        // ours. (A Rust function's first instructions, with their overflow checks, cannot be
        // copied out for a jump.)
        // Offsets that are no instruction boundary, or that the arch will not probe (arm64's
        // patchable entry), are refused: the next one is tried.
        let mut planted = None;
        for offset in 1..=16 {
            let target = [Target::Symbol(c"rust_selftest_c_add6", offset)];
            let reg =
                kprobe::Registration::new(target, kprobe::Options::default(), PreOnly::default());
            if let Ok(reg) = KBox::try_pin_init(reg, GFP_KERNEL) {
                planted = Some(reg);
                break;
            }
        }
        let Some(reg) = planted else {
            return check(
                false,
                fmt!("no offset in rust_selftest_c_add6+1..16 could be probed"),
            );
        };
        let optimized = reg.probes().all(Probe::is_optimized);
        let at = reg.probes().map(Probe::addr).next().unwrap_or(0);
        call_c(3);
        reg.handler().0.check("optimized kprobe pre", 3)?;
        drop(reg);
        // A post handler keeps it a breakpoint.
        let target = [Target::Address(at)];
        let reg = plant_kprobes(target, KprobeContext::default())?;
        let with_post = reg.probes().any(Probe::is_optimized);
        let want = cfg!(CONFIG_OPTPROBES);
        check(
            optimized == want && !with_post,
            fmt!(
                "at {at:#x}: optimized {optimized} (want {want}), with a post handler \
                  {with_post} (want false)"
            ),
        )
    }

    #[test]
    fn fprobe_args_data_and_skip() -> Result {
        let target = Functions::glob(c"rust_selftest_c_add6");
        let reg = plant(fprobe::Registration::new(target, Returns::default()))?;
        for i in 0..6 {
            c_add6(i, -7, 1 << 40, 3, 4, -(1 << 20));
        }
        reg.handler().expect(6, 3)
    }

    #[test]
    fn fprobe_recursion_no_miss() -> Result {
        // The recursion a kretprobe with maxactive=2 misses 4 calls of ...
        let target = Target::symbol(c"rust_selftest_c_recurse");
        let opts = Options {
            maxactive: Some(2),
            ..Default::default()
        };
        let krp = plant(kretprobe::Registration::new(target, opts, Plain::default()))?;
        // SAFETY: A plain C function of this module.
        let depth = unsafe { rust_selftest_c_recurse(5) };
        let (krp_returns, krp_missed) = (krp.handler().0.load(Relaxed), krp.nmissed().total());
        drop(krp);
        // ... an fprobe reports in full.
        let names = super::kprobes::Symbols::parse(c"rust_selftest_c_recurse")?;
        let fp = plant(fprobe::Registration::new(
            Functions::Symbols(&names),
            Plain::default(),
        ))?;
        // SAFETY: As above.
        let depth2 = unsafe { rust_selftest_c_recurse(5) };
        let (fp_exits, fp_missed) = (fp.handler().0.load(Relaxed), fp.nmissed());
        check(
            depth == 6
                && depth2 == 6
                && krp_returns == 2
                && krp_missed == 4
                && fp_exits == 6
                && fp_missed == 0,
            fmt!(
                "kretprobe: {krp_returns} returns, {krp_missed} missed (want 2, 4); fprobe: \
                 {fp_exits} exits, {fp_missed} missed (want 6, 0)"
            ),
        )
    }

    #[test]
    fn fprobe_handler_context() -> Result {
        let target = Functions::glob(c"rust_selftest_c_add6");
        let reg = plant(fprobe::Registration::new(
            target,
            KretprobeContext::default(),
        ))?;
        call_c(3);
        let h = reg.handler();
        h.entry.check("fprobe entry", 3)?;
        h.ret.check("fprobe exit", 3)
    }

    #[test]
    fn symbols_bytes_as_given() -> Result {
        // Names are probed as given, byte for byte: not as printing escapes them (a control
        // byte as `\x01`, a tab as `\t`), which would name another symbol.
        let names = Symbols::parse(c"a\x01b,c\td,e\\x01,\x7f\xff")?;
        let want: [&[u8]; 4] = [b"a\x01b", b"c\td", b"e\\x01", b"\x7f\xff"];
        let got = names.iter().count();
        check(got == want.len(), fmt!("{got} names, want {}", want.len()))?;
        for (i, (name, want)) in names.iter().zip(want).enumerate() {
            let name = name.to_bytes();
            check(
                name == want,
                fmt!(
                    "name {i} is {:?}, want {:?}",
                    BStr::from_bytes(name),
                    BStr::from_bytes(want)
                ),
            )?;
        }
        Ok(())
    }

    /// Checks that `hist` prints as `want`.
    fn expect_hist(hist: &Hist, want: &str) -> Result {
        let text = CString::try_from_fmt(fmt!("{hist}"))?;
        check(
            text.to_bytes() == want.as_bytes(),
            fmt!("the histogram prints as\n{hist}want\n{want}"),
        )
    }

    #[test]
    fn hist_huge_counts() -> Result {
        // Counts past u64::MAX / 52, the bar's width: the bars still scale to the largest.
        let hist = Hist::new();
        hist.record_n(2, 1 << 62);
        hist.record_n(4, 1 << 61);
        expect_hist(
            &hist,
            "[2, 4)          4611686018427387904 \
             |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n\
             [4, 8)          2305843009213693952 \
             |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n",
        )?;
        // A total past u64::MAX stops at u64::MAX.
        let full = Hist::new();
        full.record_n(1, u64::MAX);
        full.record(2);
        check(
            full.count() == u64::MAX,
            fmt!("count {}, want {}", full.count(), u64::MAX),
        )
    }

    #[test]
    fn hist_last_bucket() -> Result {
        // The last bucket, [2^63, 2^64), has an upper bound of 16E (2^64), past u64::MAX.
        let hist = Hist::new();
        hist.record(1 << 62);
        hist.record(u64::MAX);
        hist.record(1 << 63);
        expect_hist(
            &hist,
            "[4E, 8E)                 1 \
             |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n\
             [8E, 16E)                2 \
             |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n",
        )
    }
}
