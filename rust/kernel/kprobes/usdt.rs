// SPDX-License-Identifier: GPL-2.0

//! USDT probe arguments, decoded from the specs that `<sys/sdt.h>` writes into a program's
//! `.note.stapsdt` note.
//!
//! C header: [`sys/sdt.h`](https://sourceware.org/systemtap/wiki/UserSpaceProbeImplementation)
//! (SystemTap's, in Debian's `systemtap-sdt-dev`)
//!
//! A USDT probe (`DTRACE_PROBE2(app, tick, a, b)`, `STAP_PROBE2(...)`) is a `nop` in the
//! program plus a note naming where its arguments are at that instruction, as the assembler
//! operands the compiler picked: `-4@%edi 8@-16(%rbp)` on x86_64, `-4@w0 8@[sp, 16]` on arm64,
//! `-4@a0 8@16(sp)` on riscv64; each is `SIZE@OPERAND`, a negative size for a signed value.
//! `scripts/usdt-list BINARY` prints the probes with their file offset, semaphore and these
//! specs, which a module passes to [`Args::parse`] and decodes with [`Args::get`] in a uprobe
//! handler planted at the probe (see [`uprobe`](super::uprobe)), reading memory operands with
//! the handler's [`Context`], which faults pages in: an argument in a page the program has not
//! touched yet reads as it is, not as nothing.
//!
//! The specs are parsed here, in the kernel, rather than by the script: the operands name
//! registers, and where a register is in `struct pt_regs` is the kernel's business
//! ([`Register`]); the script prints the specs as the note has them, the module takes them as
//! they are. Parsing happens once, when the module loads; the handler only reads registers and
//! memory. The parser takes the specs as the assembler writes them and nothing else: a number
//! that does not fit is refused, not wrapped, and a register name must be exactly one.
//!
//! Operands: a register (`%rdi`, `x1`, `a0`), a register plus an offset, dereferenced
//! (`-8(%rbp)`, `[sp, 8]`, `16(sp)`), and a constant (`$5` on x86_64, `5` elsewhere). Operands
//! relative to a symbol (`counter(%rip)`, a global variable) or with an index register are not
//! decoded: [`Args::parse`] says so.

use super::{
    error::SetupError,
    uprobe::Context,
    Register,
    Regs, //
};
use kernel::{
    fmt,
    prelude::*, //
};

/// The most arguments a USDT probe has (`STAP_PROBE12`).
pub const MAX_ARGS: usize = 12;

/// Where an argument is at the probe.
#[derive(Clone, Copy)]
enum Location {
    /// In a register.
    Register(Register),
    /// In the task's memory, at a register's value plus an offset.
    Memory(Register, isize),
    /// A constant the compiler knew.
    Constant(i64),
}

/// One argument: its size in bytes (1, 2, 4 or 8), whether it is signed, and where it is.
#[derive(Clone, Copy)]
struct Arg {
    size: u8,
    signed: bool,
    at: Location,
}

/// The arguments of a USDT probe, parsed from its specs.
///
/// # Examples
///
/// ```
/// use kernel::kprobes::usdt::Args;
///
/// // Constants, as x86_64 (`$`) and the others write them; the registers are the
/// // architecture's own (`-4@%edi`, `-4@w0`, `-4@a0`).
/// let args = Args::parse(c"-4@$-5 8@16")?;
/// assert_eq!(args.len(), 2);
/// assert!(Args::parse(c"")?.is_empty());
/// // arm64's memory operands have a space inside their brackets: one spec each.
/// # #[cfg(CONFIG_ARM64)]
/// assert_eq!(Args::parse(c"-4@w0 8@[sp, 16] 8@[x1]")?.len(), 3);
/// // A size that is not 1, 2, 4 or 8.
/// assert!(Args::parse(c"3@$1").is_err());
/// // A register this architecture does not have.
/// assert!(Args::parse(c"8@%nosuchreg").is_err());
/// # Ok::<(), Error>(())
/// ```
pub struct Args {
    args: [Arg; MAX_ARGS],
    len: usize,
}

impl Args {
    /// Parses whitespace-separated argument specs (`-4@%edi 8@-16(%rbp)`, `-4@w0 8@[sp, 16]`),
    /// as `scripts/usdt-list` prints them; empty for none. The error names the spec it cannot
    /// decode and why.
    pub fn parse(specs: &CStr) -> Result<Self, SetupError> {
        let invalid = |why: fmt::Arguments<'_>| SetupError::new(EINVAL, why);
        let specs = specs
            .to_str()
            .map_err(|_| invalid(fmt!("args=: not text")))?;
        let none = Arg {
            size: 8,
            signed: false,
            at: Location::Constant(0),
        };
        let mut args = Self {
            args: [none; MAX_ARGS],
            len: 0,
        };
        for spec in split_specs(specs) {
            if args.len == MAX_ARGS {
                return Err(invalid(fmt!(
                    "args={specs}: more than {MAX_ARGS} arguments (a USDT probe has at most \
                     {MAX_ARGS})"
                )));
            }
            args.args[args.len] = parse_arg(spec).map_err(|why| {
                invalid(fmt!(
                    "args=: cannot decode the argument spec '{spec}': {why}; the specs are \
                     SIZE@OPERAND as scripts/usdt-list prints them"
                ))
            })?;
            args.len += 1;
        }
        Ok(args)
    }

    /// Returns how many arguments there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Returns whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Returns argument `n` (from 0) at the probe whose registers are `regs`, in the uprobe
    /// handler whose context is `ctx`, sign- or zero-extended from its size, or [`None`] if there
    /// is no such argument or its memory cannot be read (not mapped). Memory is read with
    /// [`Context::copy_from_user`], faulting pages in (it may sleep).
    pub fn get(&self, ctx: &Context, regs: &Regs, n: usize) -> Option<i64> {
        let arg = self.args[..self.len].get(n)?;
        let raw = match arg.at {
            Location::Register(reg) => regs.get(reg) as u64,
            Location::Memory(reg, offset) => {
                let addr = regs.get(reg).wrapping_add_signed(offset);
                match arg.size {
                    1 => ctx.copy_from_user::<u8>(addr).ok()?.into(),
                    2 => ctx.copy_from_user::<u16>(addr).ok()?.into(),
                    4 => ctx.copy_from_user::<u32>(addr).ok()?.into(),
                    _ => ctx.copy_from_user::<u64>(addr).ok()?,
                }
            }
            Location::Constant(value) => value as u64,
        };
        let bits = u32::from(arg.size) * 8;
        Some(if bits == 64 {
            raw as i64
        } else if arg.signed {
            // Sign-extend from `bits`.
            ((raw << (64 - bits)) as i64) >> (64 - bits)
        } else {
            (raw & ((1u64 << bits) - 1)) as i64
        })
    }

    /// Reads the arguments at the probe, as [`Args::get`] does, and returns them for `{}`:
    /// ` arg1=5 arg2=-3` (numbered from 1, as `<sys/sdt.h>` and `perf probe` number them;
    /// unsigned 64-bit values above `i64::MAX` in hexadecimal, an unreadable one as `?`).
    ///
    /// They are read here, in the handler, not when formatted: `pr_info!` formats inside
    /// printk, with interrupts off, where reading memory must not fault.
    pub fn display(&self, ctx: &Context, regs: &Regs) -> Display<'_> {
        let mut values = [None; MAX_ARGS];
        for (n, value) in values[..self.len].iter_mut().enumerate() {
            *value = self.get(ctx, regs, n);
        }
        Display { args: self, values }
    }
}

/// The arguments read at a probe, for `{}`: see [`Args::display`].
pub struct Display<'a> {
    args: &'a Args,
    values: [Option<i64>; MAX_ARGS],
}

impl fmt::Display for Display<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let args = &self.args.args[..self.args.len];
        for (n, (arg, value)) in args.iter().zip(self.values).enumerate() {
            match value {
                Some(v) if v < 0 && !arg.signed => write!(f, " arg{}={:#x}", n + 1, v as u64)?,
                Some(v) => write!(f, " arg{}={v}", n + 1)?,
                None => write!(f, " arg{}=?", n + 1)?,
            }
        }
        Ok(())
    }
}

/// Splits the specs at whitespace outside brackets: arm64's `8@[sp, 16]` is one spec.
fn split_specs(specs: &str) -> impl Iterator<Item = &str> {
    let mut rest = specs.trim_start();
    core::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut depth = 0u32;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '[' => depth += 1,
                    ']' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                depth == 0 && c.is_ascii_whitespace()
            })
            .map_or(rest.len(), |(i, _)| i);
        let spec = &rest[..end];
        rest = rest[end..].trim_start();
        Some(spec)
    })
}

/// Parses `SIZE@OPERAND`.
fn parse_arg(spec: &str) -> Result<Arg, &'static str> {
    let (size, operand) = spec
        .split_once('@')
        .ok_or("no '@' between size and operand")?;
    let (signed, size) = match size.strip_prefix('-') {
        Some(size) => (true, size),
        None => (false, size),
    };
    let size = match size {
        "1" => 1,
        "2" => 2,
        "4" => 4,
        "8" => 8,
        _ => return Err("the size is not 1, 2, 4 or 8 (with '-' for signed)"),
    };
    Ok(Arg {
        size,
        signed,
        at: parse_operand(operand, size)?,
    })
}

/// Parses an operand of an argument of `size` bytes: `%reg`, `off(%reg)` or `$imm` (x86_64);
/// `reg`, `[reg, off]` or `imm` (arm64); `reg`, `off(reg)` or `imm` (riscv64).
fn parse_operand(operand: &str, size: u8) -> Result<Location, &'static str> {
    if let Some(inner) = operand.strip_prefix('[').and_then(|o| o.strip_suffix(']')) {
        // arm64: [reg] or [reg, off]
        let (reg, offset) = match inner.split_once(',') {
            Some((reg, offset)) => (reg.trim(), parse_int(offset.trim())?),
            None => (inner.trim(), 0),
        };
        return Ok(Location::Memory(register(reg)?, offset as isize));
    }
    if let Some((offset, rest)) = operand.split_once('(') {
        // x86_64 and riscv64: off(reg), (reg)
        let reg = rest
            .strip_suffix(')')
            .ok_or("no ')' after the base register")?;
        if reg.contains(',') {
            return Err("an index register is not supported");
        }
        let offset = if offset.is_empty() {
            0
        } else if offset.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            parse_int(offset)?
        } else {
            return Err(
                "the offset is not a number (an operand relative to a symbol, such as a global \
                 variable, is not supported)",
            );
        };
        return Ok(Location::Memory(register(reg)?, offset as isize));
    }
    if let Some(value) = operand.strip_prefix('$') {
        return Ok(Location::Constant(parse_constant(value, size)?));
    }
    if operand.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return Ok(Location::Constant(parse_constant(operand, size)?));
    }
    Ok(Location::Register(register(operand)?))
}

/// Finds a register by name, without x86's `%`.
fn register(name: &str) -> Result<Register, &'static str> {
    Register::by_name(name.strip_prefix('%').unwrap_or(name))
        .ok_or("not a register of this architecture that the probe's registers hold")
}

/// Parses a number as the assembler writes one into the note: an optional `-`, then decimal
/// digits or `0x` and hexadecimal digits, nothing else (no `+`, no spaces; no leading zero in
/// decimal, which the assembler reads as octal). Returns whether it is negative, and its
/// magnitude; one past `u64::MAX` is refused, not wrapped.
fn parse_number(s: &str) -> Result<(bool, u64), &'static str> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (digits, radix) = match digits.strip_prefix("0x") {
        Some(hex) => (hex, 16),
        None => (digits, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err("not a number (decimal, or 0x and hexadecimal digits, with an optional '-')");
    }
    if radix == 10 && digits.len() > 1 && digits.starts_with('0') {
        return Err("a decimal number with a leading zero (the assembler reads it as octal)");
    }
    // Digits only, checked above: the only error left is overflow.
    let magnitude = u64::from_str_radix(digits, radix).map_err(|_| "a number past 64 bits")?;
    Ok((negative, magnitude))
}

/// Parses a signed 64-bit number (an offset): see [`parse_number`]; one out of range is
/// refused, not wrapped.
fn parse_int(s: &str) -> Result<i64, &'static str> {
    let (negative, magnitude) = parse_number(s)?;
    let value = if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    };
    value.ok_or("a number out of the range of a signed 64-bit integer")
}

/// Parses the constant value of an argument of `size` bytes: see [`parse_number`]. Compilers
/// write a constant as the signed or the unsigned number of its bits (GCC writes an `unsigned
/// char` of 201 as -55): either is taken, as the argument's bits; a number that fits in
/// neither is refused.
fn parse_constant(s: &str, size: u8) -> Result<i64, &'static str> {
    let (negative, magnitude) = parse_number(s)?;
    let bits = u32::from(size) * 8;
    // The most negative value is -2^(bits - 1), the largest 2^bits - 1.
    let fits = if negative {
        magnitude <= 1u64 << (bits - 1)
    } else {
        bits == 64 || magnitude < 1u64 << bits
    };
    if !fits {
        return Err("a constant that does not fit the argument's size");
    }
    // The bits of the value: two's complement for a negative one.
    Ok(if negative {
        magnitude.wrapping_neg() as i64
    } else {
        magnitude as i64
    })
}

/// KUnit tests of the spec parser: what `<sys/sdt.h>`'s notes hold is accepted, everything else
/// refused, never read some other way (a number that wraps, a sign or register name taken
/// leniently).
#[cfg(CONFIG_RUST_KPROBES_KUNIT_TEST)]
#[kunit_tests(rust_kprobes_usdt)]
mod tests {
    use super::*;

    /// Returns whether `parse_int(s)` gives `want` (`None`: refused), logging it if not.
    fn int_is(s: &str, want: Option<i64>) -> bool {
        let got = parse_int(s).ok();
        if got != want {
            pr_err!("parse_int(\"{s}\") = {got:?}, want {want:?}\n");
        }
        got == want
    }

    /// Returns whether `Args::parse(spec)` accepts the spec (`true`) or refuses it, logging it
    /// if not as wanted.
    fn spec_is(spec: &CStr, accepted: bool) -> bool {
        let got = Args::parse(spec).is_ok();
        if got != accepted {
            pr_err!("Args::parse(\"{spec}\") accepted: {got}, want {accepted}\n");
        }
        got == accepted
    }

    /// Returns whether register `name` is found (`true`) or refused, logging it if not.
    fn register_is(name: &str, found: bool) -> bool {
        let got = Register::by_name(name).is_some();
        if got != found {
            pr_err!("Register::by_name(\"{name}\") found: {got}, want {found}\n");
        }
        got == found
    }

    #[test]
    fn parse_int_numbers() {
        let good = [
            ("0", 0),
            ("5", 5),
            ("-5", -5),
            ("0x10", 16),
            ("-0x10", -16),
            ("0xAb", 0xab),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
            ("0x7fffffffffffffff", i64::MAX),
            ("-0x8000000000000000", i64::MIN),
        ];
        let ok = good.iter().filter(|&&(s, v)| int_is(s, Some(v))).count();
        assert_eq!(ok, good.len());
    }

    #[test]
    fn parse_int_refuses() {
        let bad = [
            "",
            "-",
            "0x",
            "-0x",
            // One sign, only `-`, before the number.
            "+5",
            "-+5",
            "--5",
            "0x+5",
            "0x-5",
            "-0x+5",
            // Past the range of a 64-bit signed number: not wrapped.
            "0xffffffffffffffff",
            "0x8000000000000000",
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            "0x10000000000000000",
            "-9223372036854775809",
            "-0x8000000000000001",
            // A leading zero makes the assembler read octal.
            "010",
            "-05",
            // Nothing else around it.
            " 5",
            "5 ",
            "5x",
            "0x5g",
            "1_000",
        ];
        let ok = bad.iter().filter(|&&s| int_is(s, None)).count();
        assert_eq!(ok, bad.len());
    }

    #[test]
    fn constants_fit_their_size() {
        let specs: [(&CStr, bool); 14] = [
            (c"1@$255", true),
            (c"1@$-128", true),
            (c"-1@$-55", true),
            (c"1@$256", false),
            (c"-1@$-129", false),
            (c"2@$65535", true),
            (c"2@$65536", false),
            (c"-4@$-2147483648", true),
            (c"4@$0xffffffff", true),
            (c"-4@$0x100000000", false),
            (c"8@$-1", true),
            (c"8@$-9223372036854775808", true),
            (c"8@$0x10000000000000000", false),
            (c"8@$-+5", false),
        ];
        let ok = specs.iter().filter(|&&(s, a)| spec_is(s, a)).count();
        assert_eq!(ok, specs.len());
    }

    #[test]
    fn register_operands() {
        let (specs, regs) = arch::CASES;
        let specs_ok = specs.iter().filter(|&&(s, a)| spec_is(s, a)).count();
        let regs_ok = regs.iter().filter(|&&(n, f)| register_is(n, f)).count();
        assert_eq!(specs_ok + regs_ok, specs.len() + regs.len());
    }

    /// Operand specs and register names of this architecture: whether each is accepted.
    type Cases = (
        &'static [(&'static CStr, bool)],
        &'static [(&'static str, bool)],
    );

    #[cfg(CONFIG_X86_64)]
    mod arch {
        pub(super) const CASES: super::Cases = (
            &[
                (c"8@-16(%rbp)", true),
                (c"8@0x10(%rsp)", true),
                (c"4@(%rdi)", true),
                (c"8@0xffffffffffffffff(%rbp)", false),
                (c"8@0x+5(%rbp)", false),
                (c"8@-+5(%rbp)", false),
                (c"8@$0x+5", false),
                (c"-4@%r8dwb", false),
            ],
            &[
                ("r8", true),
                ("r8d", true),
                ("r8w", true),
                ("r8b", true),
                ("r15d", true),
                ("eax", true),
                ("r8dwb", false),
                ("r8dd", false),
                ("r8bw", false),
                ("r08", false),
                ("r16", false),
                ("r", false),
            ],
        );
    }

    #[cfg(CONFIG_ARM64)]
    mod arch {
        pub(super) const CASES: super::Cases = (
            &[
                (c"8@[sp, 16]", true),
                (c"8@[x1]", true),
                (c"8@[x29, -8]", true),
                (c"8@[sp, 0xffffffffffffffff]", false),
                (c"8@[sp, +16]", false),
                (c"-4@x01", false),
            ],
            &[
                ("x0", true),
                ("x30", true),
                ("w0", true),
                ("w30", true),
                ("sp", true),
                ("x01", false),
                ("w007", false),
                ("x+1", false),
                ("x31", false),
                ("x", false),
                ("x1a", false),
            ],
        );
    }

    #[cfg(CONFIG_RISCV)]
    mod arch {
        pub(super) const CASES: super::Cases = (
            &[
                (c"8@16(sp)", true),
                (c"-4@-56(s0)", true),
                (c"4@0(a0)", true),
                (c"8@0xffffffffffffffff(sp)", false),
                (c"8@+16(sp)", false),
                (c"-4@a00", false),
            ],
            &[
                ("a0", true),
                ("s11", true),
                ("fp", true),
                ("a8", false),
                ("s12", false),
                ("a00", false),
            ],
        );
    }
}
