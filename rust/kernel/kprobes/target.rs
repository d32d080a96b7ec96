// SPDX-License-Identifier: GPL-2.0

//! Where a probe goes.

use super::{
    compat::eilseq,
    error::SetupError,
    Regs, //
};
use kernel::prelude::*;

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

impl kernel::fmt::Display for Target<'_> {
    fn fmt(&self, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
        match *self {
            Self::Symbol(name, 0) => f.write_fmt(fmt!("{name}")),
            Self::Symbol(name, offset) => f.write_fmt(fmt!("{name}+{offset:#x}")),
            Self::Address(addr) => f.write_fmt(fmt!("{addr:#x}")),
        }
    }
}

/// `value.is_multiple_of(align)`, which rustc 1.85 (Debian's kernel's) does not have.
fn is_multiple_of(value: usize, align: usize) -> bool {
    value % align == 0
}

/// Rejects targets the kernel would refuse less clearly (or not at all).
pub(crate) fn validate(target: Target<'_>) -> Result<(), SetupError> {
    match target {
        Target::Symbol(name, _) if name.is_empty() => Err(SetupError::new(
            EINVAL,
            fmt!("empty symbol name: name a function"),
        )),
        Target::Symbol(_, offset) if !is_multiple_of(offset as usize, Regs::INSN_ALIGN) => {
            Err(SetupError::registering(target, eilseq()))
        }
        _ => Ok(()),
    }
}
