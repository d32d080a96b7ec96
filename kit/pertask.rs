// SPDX-License-Identifier: GPL-2.0

//! Data a task carries from one handler call to a later one, such as from the `sys_enter`
//! tracepoint of a system call to its `sys_exit`: what a BPF program keeps in a hash map
//! keyed by thread id.

use core::{
    cell::UnsafeCell,
    mem::MaybeUninit, //
};
use kernel::sync::atomic::{
    Acquire,
    Atomic,
    AtomicFlag,
    Relaxed,
    Release, //
};

/// One value per task, for up to `N` tasks at once: [`PerTask::put`] stores a value for the
/// current task, a later [`PerTask::take`] of the same task gets it back. Lock-free, with no
/// allocation: usable in any handler, and from a `static`.
///
/// A task holds a slot from its `put` to its `take`; when all `N` are held, `put` fails (count
/// it as missed). A task that never takes its value back (its system call never returned,
/// as `exit_group`'s does not) keeps the slot until it puts again; a task that reuses the id
/// of such a one takes its value, which is why `T` should say what it belongs to (a system
/// call number, ...). Values are never dropped: `T` is `Copy`.
///
/// # Examples
///
/// ```
/// use kit::PerTask;
///
/// static STARTS: PerTask<u64, 64> = PerTask::new();
///
/// // In a handler at a system call's entry:
/// assert!(STARTS.put(42));
/// // In the same task, at its exit:
/// assert_eq!(STARTS.take(), Some(42));
/// assert_eq!(STARTS.take(), None);
/// ```
pub struct PerTask<T: Copy, const N: usize> {
    slots: [Slot<T>; N],
}

/// A slot of a [`PerTask`].
///
/// # Invariants
///
/// - `owner` is the id of the task holding the slot, 0 when free. Only that task changes it
///   from its id (back to 0), and only a free slot is given an owner (compare and exchange).
/// - `value` is initialized while the slot has an owner and that owner stored a value since
///   it took the slot; it is only read or written by the owner while it holds `busy`.
struct Slot<T> {
    owner: Atomic<i32>,
    busy: AtomicFlag,
    // Set by `put` before any read by `take`: a slot taken without a value is never read.
    stored: AtomicFlag,
    value: UnsafeCell<MaybeUninit<T>>,
}

// SAFETY: A slot's value is only accessed by the task owning the slot, while it holds `busy`
// (type invariant of `Slot`): never by two threads or two contexts (an interrupt handler of
// the same task) at once. Values move between contexts of the same task only, and `T: Send`.
unsafe impl<T: Copy + Send, const N: usize> Sync for PerTask<T, N> {}

impl<T: Copy, const N: usize> Default for PerTask<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Copy, const N: usize> PerTask<T, N> {
    /// Creates the table, all `N` slots free.
    pub const fn new() -> Self {
        // INVARIANT: No slot has an owner, and none holds a value.
        Self {
            slots: [const {
                Slot {
                    owner: Atomic::new(0),
                    busy: AtomicFlag::new(false),
                    stored: AtomicFlag::new(false),
                    value: UnsafeCell::new(MaybeUninit::uninit()),
                }
            }; N],
        }
    }

    /// The current task's id: its pid, which is never 0 outside the idle tasks.
    fn current_id() -> i32 {
        kernel::current!().pid()
    }

    /// Runs `f` on the value of the slot the current task holds, if it holds one and is not
    /// already in it (an interrupt of the task's own `put` or `take`).
    fn with_slot<R>(&self, claim: bool, f: impl FnOnce(&Slot<T>) -> R) -> Option<R> {
        let id = Self::current_id();
        if id == 0 {
            // The idle task: the id of a free slot.
            return None;
        }
        let slot = self
            .slots
            .iter()
            .find(|s| s.owner.load(Relaxed) == id)
            .or_else(|| {
                // INVARIANT: Only a free slot gets an owner.
                claim.then(|| {
                    self.slots
                        .iter()
                        .find(|s| s.owner.cmpxchg(0, id, Acquire).is_ok())
                })?
            })?;
        if slot.busy.xchg(true, Acquire) {
            return None;
        }
        let r = f(slot);
        slot.busy.store(false, Release);
        Some(r)
    }

    /// Stores `value` for the current task, in place of a value it stored before and did not
    /// take back. Returns `false`, dropping `value`, when all slots are held by other tasks
    /// (or when called from an interrupt of the task's own `put` or `take`).
    pub fn put(&self, value: T) -> bool {
        self.with_slot(true, |slot| {
            // SAFETY: The current task owns the slot and holds `busy`: nothing else accesses
            // the value (type invariant).
            unsafe { (*slot.value.get()).write(value) };
            slot.stored.store(true, Relaxed);
        })
        .is_some()
    }

    /// Takes back what the current task stored with [`PerTask::put`], freeing its slot;
    /// [`None`] if it stored nothing.
    pub fn take(&self) -> Option<T> {
        self.with_slot(false, |slot| {
            let value = slot.stored.xchg(false, Relaxed).then(|| {
                // SAFETY: The current task owns the slot and holds `busy`, and stored a value
                // (`stored`), which `T: Copy` lets it read out.
                unsafe { (*slot.value.get()).assume_init_read() }
            });
            // INVARIANT: The owner frees its slot; the value is not read again. (Freed before
            // `busy` is: a task claiming it in between finds it busy and fails its `put`, as
            // when all slots are held; the other order would let an interrupt of this task put
            // a value into a slot about to be freed.)
            slot.owner.store(0, Release);
            value
        })
        .flatten()
    }

    /// Returns how many slots tasks hold now.
    pub fn held(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| s.owner.load(Relaxed) != 0)
            .count()
    }
}
