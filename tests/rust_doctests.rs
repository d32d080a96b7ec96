// SPDX-License-Identifier: GPL-2.0

//! The doc examples of the kprobes layer, compiled by every build and run at load time.
//!
//! The kernel tests its own crate's examples with `rustdoc --test` (rust/Makefile,
//! scripts/rustdoc_test_gen.rs), which out-of-tree modules cannot do. Here
//! `scripts/doctests` copies the code of every example in `rust/kernel/kprobes/` and `kit/`
//! (hidden `# ` lines included) into `tests/doctests/`, each at the line and column it has in
//! its source, as a function; Kbuild builds this module from them with that directory
//! remapped away, so an example that stops compiling fails `make` with an error at its own
//! place, such as `--> rust/kernel/kprobes/kprobe.rs:150:9`. At load the module runs every
//! example (a `no_run` one is only compiled) and prints one `ok`/`not ok` line for each;
//! tests/cases/doctests.sh checks them.

use core::sync::atomic::{
    AtomicBool,
    Ordering, //
};
use kernel::{
    fmt,
    prelude::*, //
};

#[path = "../kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

module! {
    type: RustDoctests,
    name: "rust_doctests",
    authors: ["rust-kprobes developers"],
    description: "The doc examples of the Rust kprobes layer, compiled and run",
    license: "GPL",
}

/// Whether an assertion of the running example failed.
static ASSERTION_FAILED: AtomicBool = AtomicBool::new(false);

/// Reports a failed assertion of an example and lets it go on, as the kernel's doctests do
/// outside a KUnit task (`kunit_assert!`): a panic would take the kernel down.
fn assertion_failed(file: &str, line: u32, what: fmt::Arguments<'_>) {
    ASSERTION_FAILED.store(true, Ordering::Relaxed);
    pr_err!("# ASSERTION FAILED at {file}:{line}: {what}\n");
}

// The examples' `assert!` and `assert_eq!` (their `file!()` and `line!()` name the example's
// place in its source: tests/doctests/ holds the code at the same lines and is remapped).
macro_rules! assert {
    ($cond:expr $(,)?) => {
        if !$cond {
            $crate::assertion_failed(
                file!(),
                line!(),
                ::kernel::prelude::fmt!("expected {} to be true", stringify!($cond)),
            );
        }
    };
    ($cond:expr, $($message:tt)+) => {
        if !$cond {
            $crate::assertion_failed(file!(), line!(), ::kernel::prelude::fmt!($($message)+));
        }
    };
}

macro_rules! assert_eq {
    ($left:expr, $right:expr $(,)?) => {
        match (&$left, &$right) {
            (left, right) => {
                if *left != *right {
                    $crate::assertion_failed(
                        file!(),
                        line!(),
                        ::kernel::prelude::fmt!(
                            "expected {} == {}: {:?} != {:?}",
                            stringify!($left),
                            stringify!($right),
                            left,
                            right
                        ),
                    );
                }
            }
        }
    };
}

// The examples, as scripts/doctests extracted them (tests/doctests/mod.rs lists them). Their
// code keeps its places in its sources: rustfmt leaves it alone.
#[path = "doctests/mod.rs"]
#[rustfmt::skip]
mod doctests;

/// One doc example: where it starts, and how to run it (`None`: compile only, `no_run`).
struct Example {
    at: &'static str,
    run: Option<fn() -> bool>,
}

/// Whether an example that uses `?` (it ends in `Ok::<(), E>(())`, as in rustdoc) returned
/// `Ok`; prints the error when it did not.
fn returned_ok<E: fmt::Debug>(result: core::result::Result<(), E>) -> bool {
    result
        .inspect_err(|e| pr_err!("# returned {e:?}\n"))
        .is_ok()
}

struct RustDoctests;

impl kernel::Module for RustDoctests {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let mut failed = 0;
        for (n, example) in doctests::EXAMPLES.iter().enumerate() {
            let Some(run) = example.run else {
                pr_info!("ok {} {} # SKIP no_run: compiled only\n", n + 1, example.at);
                continue;
            };
            ASSERTION_FAILED.store(false, Ordering::Relaxed);
            let passed = run() && !ASSERTION_FAILED.load(Ordering::Relaxed);
            if !passed {
                failed += 1;
            }
            let not = if passed { "" } else { "not " };
            pr_info!("{not}ok {} {}\n", n + 1, example.at);
        }
        pr_info!("{} examples, {failed} failed\n", doctests::EXAMPLES.len());
        if failed > 0 {
            return Err(EINVAL);
        }
        Ok(Self)
    }
}
