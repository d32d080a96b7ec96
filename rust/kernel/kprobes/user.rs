// SPDX-License-Identifier: GPL-2.0

//! Reads of the current task's user memory that fault pages in, for handlers that run in the
//! task's context and may sleep: uprobe handlers and faultable tracepoints' handlers.
//!
//! C header: [`include/linux/uaccess.h`](srctree/include/linux/uaccess.h)

use core::mem::size_of;
use kernel::{
    prelude::*,
    transmute::FromBytes,
    uaccess::{
        UserPtr,
        UserSlice, //
    }, //
};

/// Reads a `T` from the current task's user memory at `addr`, faulting pages in as a system
/// call does (it may sleep): [`EFAULT`] if the address is not mapped.
///
/// Callers are contexts that may fault and sleep (their types say so).
pub(crate) fn read<T: FromBytes>(addr: usize) -> Result<T> {
    UserSlice::new(UserPtr::from_addr(addr), size_of::<T>())
        .reader()
        .read()
}

/// Reads a NUL-terminated string from the current task's user memory at `addr` into `buf`,
/// faulting pages in (it may sleep), as `strncpy_from_user()`. Returns the bytes before the
/// NUL, truncated to the buffer less one byte; [`EFAULT`] if the address is not mapped.
///
/// Callers are contexts that may fault and sleep (their types say so).
pub(crate) fn strncpy<'a>(addr: usize, buf: &'a mut [u8]) -> Result<&'a [u8]> {
    let len = buf.len();
    UserSlice::new(UserPtr::from_addr(addr), len)
        .reader()
        .strcpy_into_buf(buf)
        .map(|s| s.to_bytes())
}
