// SPDX-License-Identifier: GPL-2.0

//! Aggregation that handlers can update on every hit: lock-free and allocation-free. The
//! debugfs file that shows it is in [`debugfs`](super::debugfs).

use kernel::{
    fmt,
    prelude::*,
    sync::atomic::{
        Atomic,
        Relaxed, //
    },
};

/// An event counter for handlers: one relaxed atomic add per event, the kernel's
/// `atomic64_add()`.
///
/// It uses the kernel's atomics ([`kernel::sync::atomic`], which follow the kernel's memory
/// model), as all state that handlers share. They reach the C `atomic64_*()` operations
/// through helper functions: unless the kernel is built with `CONFIG_RUST_INLINE_HELPERS`,
/// each operation is a call.
pub struct Counter(Atomic<u64>);

impl Counter {
    /// Creates a counter at 0.
    pub const fn new() -> Self {
        Self(Atomic::new(0))
    }

    /// Counts one event.
    #[inline(always)]
    pub fn inc(&self) {
        self.add(1);
    }

    /// Counts `n` events.
    #[inline(always)]
    pub fn add(&self, n: u64) {
        self.0.add(n, Relaxed);
    }

    /// Counts one event and returns the count before it.
    #[inline(always)]
    pub fn fetch_inc(&self) -> u64 {
        self.0.fetch_add(1, Relaxed)
    }

    /// Returns the count.
    #[inline(always)]
    pub fn get(&self) -> u64 {
        self.0.load(Relaxed)
    }
}

impl Default for Counter {
    fn default() -> Self {
        Self::new()
    }
}

const BUCKETS: usize = 65;

/// A log2 histogram of `u64` values, like bpftrace's `hist()`.
///
/// Bucket 0 counts the value 0, bucket `k` the values in `[2^(k-1), 2^k)`. Recording is one
/// relaxed atomic add, safe from any context.
pub struct Hist {
    buckets: [Counter; BUCKETS],
}

impl Default for Hist {
    fn default() -> Self {
        Self::new()
    }
}

impl Hist {
    /// Creates an empty histogram.
    pub fn new() -> Self {
        Self {
            buckets: [const { Counter::new() }; BUCKETS],
        }
    }

    /// Counts `value`.
    #[inline]
    pub fn record(&self, value: u64) {
        self.buckets[(u64::BITS - value.leading_zeros()) as usize].inc();
    }

    /// Counts `n` values `value` at once: for the KUnit tests, which need counts no run of
    /// theirs reaches.
    #[cfg(CONFIG_RUST_KPROBES_KUNIT_TEST)]
    pub(crate) fn record_n(&self, value: u64, n: u64) {
        self.buckets[(u64::BITS - value.leading_zeros()) as usize].add(n);
    }

    /// Returns the number of recorded values (at most `u64::MAX`).
    pub fn count(&self) -> u64 {
        self.buckets
            .iter()
            .fold(0, |sum, bucket| sum.saturating_add(bucket.get()))
    }

    /// Returns the rows from the lowest to the highest non-empty bucket, for printing.
    ///
    /// Each row prints as `[lo, hi)  count |@@@@   |`, where `lo` and `hi` use the
    /// suffixes K, M, G (powers of 1024) and the bar scales to the largest bucket: the
    /// format of bpftrace's `hist()`.
    pub fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        let counts: [u64; BUCKETS] = core::array::from_fn(|i| self.buckets[i].get());
        let first = counts.iter().position(|&c| c != 0).unwrap_or(BUCKETS);
        let last = counts.iter().rposition(|&c| c != 0).map_or(0, |l| l + 1);
        let max = counts.iter().copied().max().unwrap_or(0);
        (first..last).map(move |bucket| Row {
            bucket,
            count: counts[bucket],
            max,
        })
    }
}

impl fmt::Display for Hist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for row in self.rows() {
            fmt::Display::fmt(&row, f)?;
            f.write_str("\n")?;
        }
        Ok(())
    }
}

/// One line of a [`Hist`].
pub struct Row {
    bucket: usize,
    count: u64,
    max: u64,
}

/// Formats the bucket bound `2^self.0` as bpftrace does: 512, 1K, 2M, ... 8E, and 16E for the
/// upper bound of the last bucket, `2^64`.
struct Bound(usize);

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Powers of 1024: 2^(10 * i + k) is 2^k followed by the i-th suffix.
        const SUFFIXES: [&str; 7] = ["", "K", "M", "G", "T", "P", "E"];
        let i = (self.0 / 10).min(SUFFIXES.len() - 1);
        write!(f, "{}{}", 1u64 << (self.0 - 10 * i), SUFFIXES[i])
    }
}

impl Row {
    /// The width of the bar of the largest bucket.
    const WIDTH: u64 = 52;

    /// Returns the length of this row's bar: `WIDTH * count / max`, rounded down.
    fn bar(&self) -> usize {
        // `count * WIDTH` may not fit in a `u64`: drop the low bits of both `count` and `max`
        // until `max * WIDTH` fits (`WIDTH < 2^6`). A bar loses at most one `@` by it.
        let shift = (u64::BITS - self.max.leading_zeros()).saturating_sub(u64::BITS - 6);
        let (count, max) = (self.count >> shift, self.max >> shift);
        // `count <= max`: the bar is at most `WIDTH`.
        ((count * Self::WIDTH).checked_div(max).unwrap_or(0) as usize).min(Self::WIDTH as usize)
    }
}

impl fmt::Display for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bar = self.bar();
        if self.bucket == 0 {
            write!(f, "{:<16}", "[0]")?;
        } else {
            // [2^(bucket - 1), 2^bucket)
            let (lo, hi) = (Bound(self.bucket - 1), Bound(self.bucket));
            // Pad by hand: `Arguments` carries no width.
            let mut len = Length(0);
            fmt::Write::write_fmt(&mut len, fmt!("[{lo}, {hi})"))?;
            let pad = 16usize.saturating_sub(len.0);
            write!(f, "{}{:pad$}", fmt!("[{lo}, {hi})"), "")?;
        }
        write!(
            f,
            "{:>10} |{:@<bar$}{:>pad$}|",
            self.count,
            "",
            "",
            pad = Self::WIDTH as usize - bar
        )
    }
}

/// Counts the bytes written through it.
struct Length(usize);

impl fmt::Write for Length {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}
