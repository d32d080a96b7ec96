// SPDX-License-Identifier: GPL-2.0

//! Symbol names from a comma-separated list, such as the `funcs=` parameter.

use super::error::SetupError;
use kernel::{
    prelude::*,
    str::CString, //
};

/// Symbol names from a comma-separated list, such as a `funcs=a,b,c` module parameter.
///
/// # Invariants
///
/// No name is empty.
pub struct Symbols(KVec<CString>);

impl Symbols {
    /// Splits `list` at commas; empty names are an error.
    pub fn parse(list: &CStr) -> Result<Self, SetupError> {
        let mut names = KVec::new();
        for name in list.to_bytes().split(|&c| c == b',') {
            if name.is_empty() {
                return Err(SetupError::new(
                    EINVAL,
                    fmt!("empty symbol name in '{list}': name a function"),
                ));
            }
            // The bytes as they are: formatting a `BStr` would escape those not printable
            // (a tab as `\t`), naming another symbol.
            let mut bytes = KVec::with_capacity(name.len() + 1, GFP_KERNEL)?;
            bytes.extend_from_slice(name, GFP_KERNEL)?;
            bytes.push(0, GFP_KERNEL)?;
            // A part of a C string: no NUL but the one added.
            let name = CStr::from_bytes_with_nul(&bytes).map_err(|_| EINVAL)?;
            names.push(CString::try_from(name)?, GFP_KERNEL)?;
        }
        // INVARIANT: Empty names were refused above.
        Ok(Self(names))
    }

    /// Returns the names.
    pub fn iter(&self) -> impl Iterator<Item = &CStr> {
        self.0.iter().map(|name| &**name)
    }
}

/// Prints the names as they were given, `a,b,c`.
impl kernel::fmt::Display for Symbols {
    fn fmt(&self, f: &mut kernel::fmt::Formatter<'_>) -> kernel::fmt::Result {
        for (i, name) in self.iter().enumerate() {
            let comma = if i == 0 { "" } else { "," };
            f.write_fmt(fmt!("{comma}{name}"))?;
        }
        Ok(())
    }
}
