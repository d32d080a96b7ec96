// SPDX-License-Identifier: GPL-2.0

//! Why a probe could not be planted, in words that say what to try.

use super::{
    compat::{
        eaddrnotavail,
        eilseq, //
    },
    Target, //
};
use kernel::prelude::*;

/// Logs why registering a probe at `target` failed, with the likely cause, and returns `err`.
pub(crate) fn explain(func: &CStr, target: Target<'_>, err: Error) -> Error {
    let hint = match err {
        e if e == ENOENT => {
            "not found in kallsyms: check /proc/kallsyms; the function may be \
                             inlined, or renamed by the compiler (e.g. NAME.isra.0, \
                             NAME.constprop.0)"
        }
        e if e == EINVAL => {
            "this address cannot be probed: the function is blacklisted \
                             (/sys/kernel/debug/kprobes/blacklist), noinstr/notrace, or not \
                             kernel text"
        }
        e if e == eilseq() => {
            "the offset is not on an instruction boundary: disassemble the \
                             function and pick an instruction start"
        }
        e if e == eaddrnotavail() => {
            "the name is ambiguous (several symbols have it): probe by \
                                    address instead"
        }
        e if e == EEXIST => "already probed by this registration",
        e if e == E2BIG => "the per-instance data is too large",
        _ => "see Documentation/trace/kprobes.rst",
    };
    report_error(func, target, err, fmt!("{hint}"))
}

/// Logs that registering a probe at `target` failed with `err`, and why; returns `err`.
pub(crate) fn report_error(
    func: &CStr,
    target: Target<'_>,
    err: Error,
    why: kernel::fmt::Arguments<'_>,
) -> Error {
    let errno = err.to_errno();
    match target {
        Target::Symbol(name, 0) => {
            pr_err!("{func} failed, returned {errno}: {name}: {why}\n")
        }
        Target::Symbol(name, offset) => {
            pr_err!("{func} failed, returned {errno}: {name}+{offset:#x}: {why}\n")
        }
        Target::Address(addr) => pr_err!("{func} failed, returned {errno}: {addr:#x}: {why}\n"),
    }
    err
}
