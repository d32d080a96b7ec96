// SPDX-License-Identifier: GPL-2.0

//! Checks of where a planted probe landed, which the kernel does not make: that its symbol
//! names one function only, and that an offset into the function stayed inside it.

use super::{
    bindings,
    compat::eaddrnotavail,
    error::SetupError,
    Target, //
};
use core::ptr;
use kernel::{
    prelude::*,
    str::{
        BStr,
        CString, //
    },
};

/// The answer of kprobe events about a symbol name, asked before a probe is planted on it.
///
/// `register_kprobe()` silently takes the first of several symbols of the same name, while
/// kprobe events refuse ambiguous names. Modules cannot walk kallsyms: Linux 7.3 exports none
/// of `kallsyms_on_each_match_symbol()`, `kallsyms_on_each_symbol()` (kernel/kallsyms.c
/// exports only the `sprint_symbol*()` family), `module_kallsyms_on_each_symbol()` or
/// `kallsyms_lookup_name()`, with which the kprobe events code counts the symbols of a name
/// (`number_of_same_symbols()` in kernel/trace/trace_kprobe.c); tests/host/kallsyms-walkers.sh
/// fails once one is. So [`UniqueNameCheck::before_registering`] asks the kprobe events code:
/// it defines a trace kprobe event on the name (never enabled) and deletes it again. Its
/// creation fails with `-EINVAL` when the name is ambiguous, but also when kprobe events refuse
/// the function (`notrace`); once the probe is planted, [`UniqueNameCheck::after_registering`]
/// tells the two apart with an event on the bare address, which skips the name check.
///
/// Asking before planting matters: a second probe on the same address would turn ours into
/// an aggregated probe, with an extra indirection on every hit.
pub(crate) struct UniqueNameCheck {
    suspect: bool,
}

impl UniqueNameCheck {
    /// Asks about the name of `target`.
    #[cfg(CONFIG_KPROBE_EVENTS)]
    pub(crate) fn before_registering(target: Target<'_>) -> Result<Self> {
        let suspect = match target {
            Target::Symbol(name, _) => try_event(name)? == EINVAL.to_errno(),
            Target::Address(_) => false,
        };
        Ok(Self { suspect })
    }

    /// Without kprobe events nothing tells; `register_kprobe()` takes the first symbol.
    #[cfg(not(CONFIG_KPROBE_EVENTS))]
    pub(crate) fn before_registering(_target: Target<'_>) -> Result<Self> {
        Ok(Self { suspect: false })
    }

    /// Fails with `-EADDRNOTAVAIL` if the name of `target`, planted at `addr`, is ambiguous.
    pub(crate) fn after_registering(
        self,
        target: Target<'_>,
        addr: usize,
    ) -> Result<(), SetupError> {
        if !self.suspect {
            return Ok(());
        }
        #[cfg(CONFIG_KPROBE_EVENTS)]
        if try_event(&CString::try_from_fmt(fmt!("{addr:#x}"))?)? == 0 {
            return Err(SetupError::registering(target, eaddrnotavail()));
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
    use kernel::sync::atomic::{
        Atomic,
        Relaxed, //
    };
    static CALLS: Atomic<u32> = Atomic::new(0);
    let call = CALLS.fetch_add(1, Relaxed);
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

/// Checks that `addr`, where a probe on `target` landed, lies inside the target's function:
/// the kernel plants an offset past the end of a function in whatever follows it.
///
/// The kernel put the probe `offset` bytes past the address of the symbol `target` names. The
/// symbol kallsyms finds at `addr` starts `found` bytes before it: the same function exactly
/// when `found == offset` (a function further on starts later, so `found` is smaller). Names
/// are not compared: the target may be qualified with its module (`module:function`, which
/// `kallsyms_lookup_name()` takes and `sprint_symbol()` does not print), or be one of several
/// names of the address (an alias, as `memcpy` and `__memcpy`), of which kallsyms prints one.
pub(crate) fn check_inside(target: Target<'_>, addr: usize) -> Result<(), SetupError> {
    let Target::Symbol(_, offset) = target else {
        return Ok(());
    };
    if offset == 0 {
        return Ok(());
    }
    let mut buf = KVec::from_elem(0u8, SYMBOL_LEN, GFP_KERNEL)?;
    // SAFETY: `buf` has room for `KSYM_SYMBOL_LEN` bytes, the most `sprint_symbol` writes.
    unsafe { bindings::sprint_symbol(buf.as_mut_ptr().cast(), addr as c_ulong) };
    let found = CStr::from_bytes_until_nul(&buf)
        .map_err(|_| EINVAL)?
        .to_bytes();
    if symbol_offset(found) == Some(offset.into()) {
        return Ok(());
    }
    Err(SetupError::at(
        target,
        EINVAL,
        fmt!(
            "the offset is past the end of the function (it landed in {}): use an offset below \
             the size shown in /proc/kallsyms order or by `nm -S`",
            BStr::from_bytes(found)
        ),
    ))
}

/// The offset in what `sprint_symbol()` prints: `name+0xoff/0xsize`, then ` [module]` for a
/// module's symbol (`__sprint_symbol()` in kernel/kallsyms.c); `None` for an address without
/// a symbol, which it prints as a bare number.
fn symbol_offset(printed: &[u8]) -> Option<u64> {
    let symbol = printed.split(|&c| c == b' ').next()?;
    let plus = symbol.iter().rposition(|&c| c == b'+')?;
    let hex = symbol[plus + 1..]
        .split(|&c| c == b'/')
        .next()?
        .strip_prefix(b"0x")?;
    let hex = core::str::from_utf8(hex).ok()?;
    u64::from_str_radix(hex, 16).ok()
}

/// `KSYM_SYMBOL_LEN` rounded up (`include/linux/kallsyms.h`).
pub(crate) const SYMBOL_LEN: usize = 1024;
