// SPDX-License-Identifier: GPL-2.0

//! Where a probe goes.

use super::{
    bindings,
    compat::{
        eaddrnotavail,
        eilseq, //
    },
    Regs, //
};
use core::ptr;
use kernel::{
    prelude::*,
    str::{
        BStr,
        CString, //
    },
};

/// The location of a probe: a symbol plus an offset into it, or a raw address.
#[derive(Clone, Copy)]
pub enum Target<'a> {
    /// `symbol+offset`, resolved by the kernel through kallsyms. The offset must fall on an
    /// instruction boundary inside the function.
    Symbol(&'a CStr, u32),
    /// A kernel text address.
    Address(usize),
}

impl<'a> Target<'a> {
    /// The entry of the function named `symbol`.
    pub const fn symbol(symbol: &'a CStr) -> Self {
        Self::Symbol(symbol, 0)
    }
}

/// `value.is_multiple_of(align)`, which rustc 1.85 (Debian's kernel's) does not have.
fn is_multiple_of(value: usize, align: usize) -> bool {
    value % align == 0
}

/// Rejects targets the kernel would refuse less clearly (or not at all).
pub(crate) fn validate(target: Target<'_>) -> Result {
    match target {
        Target::Symbol(name, _) if name.is_empty() => {
            pr_err!("register_kprobe failed, returned -22: empty symbol name: name a function\n");
            Err(EINVAL)
        }
        Target::Symbol(_, offset) if !is_multiple_of(offset as usize, Regs::INSN_ALIGN) => {
            Err(explain_error(c"register_kprobe", target, eilseq()))
        }
        _ => Ok(()),
    }
}

/// The answer of kprobe events about a symbol name, asked before a probe is planted on it.
///
/// `register_kprobe()` silently takes the first of several symbols of the same name, while
/// kprobe events refuse ambiguous names. Modules cannot walk kallsyms, so
/// [`NameCheck::ask`] asks the kprobe events code, which can: it defines a trace kprobe
/// event on the name (never enabled) and deletes it again. Its creation fails with
/// `-EINVAL` when the name is ambiguous, but also when kprobe events refuse the function
/// (`notrace`); once the probe is planted, [`NameCheck::finish`] tells the two apart with an
/// event on the bare address, which skips the name check.
///
/// Asking before planting matters: a second probe on the same address would turn ours into
/// an aggregated probe, with an extra indirection on every hit.
pub(crate) struct NameCheck {
    suspect: bool,
}

impl NameCheck {
    /// Asks about the name of `target`.
    #[cfg(CONFIG_KPROBE_EVENTS)]
    pub(crate) fn ask(target: Target<'_>) -> Result<Self> {
        let suspect = match target {
            Target::Symbol(name, _) => try_event(name)? == EINVAL.to_errno(),
            Target::Address(_) => false,
        };
        Ok(Self { suspect })
    }

    /// Without kprobe events nothing tells; `register_kprobe()` takes the first symbol.
    #[cfg(not(CONFIG_KPROBE_EVENTS))]
    pub(crate) fn ask(_target: Target<'_>) -> Result<Self> {
        Ok(Self { suspect: false })
    }

    /// Fails with `-EADDRNOTAVAIL` if the name of `target`, planted at `addr`, is ambiguous.
    pub(crate) fn finish(self, target: Target<'_>, addr: usize, func: &CStr) -> Result {
        if !self.suspect {
            return Ok(());
        }
        #[cfg(CONFIG_KPROBE_EVENTS)]
        if try_event(&CString::try_from_fmt(fmt!("{addr:#x}"))?)? == 0 {
            return Err(explain_error(func, target, eaddrnotavail()));
        }
        // Refused for another reason than the name: nothing to tell.
        Ok(())
    }
}

/// Creates and deletes a disabled kprobe event at `location`; returns the creation's status.
///
/// The event's name is unique to this call: the current task's pid (a task makes one call at
/// a time) and a counter. With a name shared by all callers, a module loading at the same time
/// as another one would find the other's event under the name, be told `-EEXIST` (or get its
/// probe appended to the other's event) and learn nothing about its own location.
#[cfg(CONFIG_KPROBE_EVENTS)]
fn try_event(location: &CStr) -> Result<c_int> {
    use core::sync::atomic::{
        AtomicU32,
        Ordering, //
    };
    static CALLS: AtomicU32 = AtomicU32::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let event = CString::try_from_fmt(fmt!(
        "rust_kprobes_check_{}_{}",
        kernel::current!().pid(),
        call
    ))?;
    const CMD_LEN: usize = 1024;
    let mut buf = KVec::from_elem(0u8, CMD_LEN, GFP_KERNEL)?;
    let mut cmd = core::mem::MaybeUninit::<bindings::dynevent_cmd>::zeroed();
    let cmd = cmd.as_mut_ptr();
    // SAFETY: `cmd` and `buf` are valid for the duration of these calls, `buf` for `CMD_LEN`
    // bytes; the argument list ends with a null pointer as the C API requires. The event is
    // created disabled and deleted right away.
    Ok(unsafe {
        bindings::kprobe_event_cmd_init(cmd, buf.as_mut_ptr().cast(), CMD_LEN as c_int);
        let ret = bindings::__kprobe_event_gen_cmd_start(
            cmd,
            false,
            event.as_char_ptr(),
            location.as_char_ptr(),
            ptr::null::<c_char>(),
        );
        if ret != 0 {
            ret
        } else {
            let ret = bindings::dynevent_create(cmd);
            if ret == 0 {
                bindings::kprobe_event_delete(event.as_char_ptr());
            }
            ret
        }
    })
}

/// Logs why registering a probe at `target` failed, with the likely cause, and returns `err`.
pub(crate) fn explain_error(func: &CStr, target: Target<'_>, err: Error) -> Error {
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

/// Checks that `addr`, where a probe on `name+offset` landed, lies inside `name`: the kernel
/// plants an offset past the end of a function in whatever follows it.
pub(crate) fn check_inside(name: &CStr, offset: u32, addr: usize) -> Result {
    let mut buf = KVec::from_elem(0u8, SYMBOL_LEN, GFP_KERNEL)?;
    // SAFETY: `buf` has room for `KSYM_SYMBOL_LEN` bytes, the most `sprint_symbol` writes.
    unsafe { kernel::bindings::sprint_symbol(buf.as_mut_ptr().cast(), addr as c_ulong) };
    let found = CStr::from_bytes_until_nul(&buf)
        .map_err(|_| EINVAL)?
        .to_bytes();
    // `sprint_symbol` prints `name+0xoff/0xsize [module]`.
    let sym = found.split(|&c| c == b'+').next().unwrap_or(found);
    if sym == name.to_bytes() {
        return Ok(());
    }
    pr_err!(
        "register_kprobe failed, returned {}: {}+{:#x}: the offset is past the end of the \
         function (it landed in {}): use an offset below the size shown in /proc/kallsyms \
         order or by `nm -S`\n",
        EINVAL.to_errno(),
        name,
        offset,
        BStr::from_bytes(found),
    );
    Err(EINVAL)
}

/// `KSYM_SYMBOL_LEN` rounded up (`include/linux/kallsyms.h`).
const SYMBOL_LEN: usize = 1024;

/// Symbol names from a comma-separated list, such as a `funcs=a,b,c` module parameter.
///
/// # Invariants
///
/// No name is empty.
pub struct Symbols(KVec<CString>);

impl Symbols {
    /// Splits `list` at commas; empty names are an error.
    pub fn parse(list: &CStr) -> Result<Self> {
        let mut names = KVec::new();
        for name in list.to_bytes().split(|&c| c == b',') {
            if name.is_empty() {
                pr_err!(
                    "register_kprobe failed, returned -22: empty symbol name in '{list}': name \
                     a function\n"
                );
                return Err(EINVAL);
            }
            names.push(
                CString::try_from_fmt(fmt!("{}", BStr::from_bytes(name)))?,
                GFP_KERNEL,
            )?;
        }
        // INVARIANT: Empty names were refused above.
        Ok(Self(names))
    }

    /// Returns the names.
    pub fn iter(&self) -> impl Iterator<Item = &CStr> {
        self.0.iter().map(|name| &**name)
    }
}
