// SPDX-License-Identifier: GPL-2.0

//! Declarations of kernel tracepoints, with safe accessors for what their arguments point to.
//!
//! C headers: [`include/trace/events/sched.h`](srctree/include/trace/events/sched.h),
//! [`include/trace/events/syscalls.h`](srctree/include/trace/events/syscalls.h)
//!
//! Each struct is a tracepoint's arguments, declared with
//! [`tracepoint::declare!`](super::declare) (its prototype checked against the
//! kernel's at build time): attach a [`tracepoint::Handler`](super::Handler) to
//! one with a [`tracepoint::Registration`](super::Registration). The accessors
//! read through the pointers the tracepoint passes, valid while the handler runs. To use
//! another tracepoint, declare it the same way in your module (see
//! [`tracepoint::declare!`](super::declare)).

use crate::{
    bindings::linux_binprm,
    kit::SyscallRegs, //
};
use kernel::{
    bindings::{
        pid_t,
        pt_regs,
        task_struct, //
    },
    prelude::*,
    task::Task,
};

crate::declare_tracepoint! {
    /// `sched_process_exec`: a task executed a program (`exec_binprm()`), past the point of no
    /// return. Called by the task itself, in task context.
    #[header = "trace/events/sched.h"]
    pub struct SchedProcessExec = tracepoint sched_process_exec(
        p: *mut task_struct,
        old_pid: pid_t,
        bprm: *mut linux_binprm,
    );

    /// `sched_process_fork`: a task was created (`copy_process()`, for processes and threads,
    /// user and kernel ones). Called by the parent, before the child first runs.
    #[header = "trace/events/sched.h"]
    pub struct SchedProcessFork = tracepoint sched_process_fork(
        parent: *mut task_struct,
        child: *mut task_struct,
    );

    /// `sched_process_exit`: a task is exiting (`do_exit()`); `group_dead` when it is the last
    /// of its thread group. Called by the task itself.
    #[header = "trace/events/sched.h"]
    pub struct SchedProcessExit = tracepoint sched_process_exit(
        p: *mut task_struct,
        group_dead: bool,
    );

    /// `sys_enter`: a task enters a system call. Faultable: called in task context,
    /// preemptible, where the handler may read user memory faulting it in.
    #[header = "trace/events/syscalls.h"]
    #[faultable]
    pub struct SysEnter = tracepoint sys_enter(regs: *mut pt_regs, id: c_long);

    /// `sys_exit`: a system call returns to user space with `ret`. Faultable, as `sys_enter`.
    #[header = "trace/events/syscalls.h"]
    #[faultable]
    pub struct SysExit = tracepoint sys_exit(regs: *mut pt_regs, ret: c_long);
}

/// Returns the task `p` points to.
///
/// # Safety
///
/// `p` points to a valid task for `'a`.
unsafe fn task<'a>(p: *mut task_struct) -> &'a Task {
    // SAFETY: `Task` is a transparent wrapper of `task_struct`, and `p` is valid for `'a`
    // (safety requirements).
    unsafe { &*p.cast::<Task>() }
}

impl SchedProcessExec {
    /// Returns the task, after the exec (its new name).
    pub fn task(&self) -> &Task {
        // SAFETY: The arguments are only made by the tracepoint's call, which is running while
        // `self` is borrowed (`InCall`); the tracepoint passes the current task as `p`.
        unsafe { task(self.p) }
    }

    /// Returns the file name the program was executed as (`bprm->filename`: the path given
    /// to `execve()`, or `/dev/fd/N` for `fexecve()`), as ftrace's `filename=` shows it.
    pub fn filename(&self) -> &CStr {
        // SAFETY: `bprm` is the exec's `struct linux_binprm`, valid during the tracepoint's
        // call (running while `self` is borrowed, `InCall`); its `filename` is a NUL-terminated
        // string that the exec keeps until it ends.
        unsafe { CStr::from_char_ptr((*self.bprm).filename) }
    }
}

impl SchedProcessFork {
    /// Returns the parent.
    pub fn parent(&self) -> &Task {
        // SAFETY: As in `SchedProcessExec::task`: `parent` is the current task.
        unsafe { task(self.parent) }
    }

    /// Returns the new task (it has not run yet).
    pub fn child(&self) -> &Task {
        // SAFETY: As in `SchedProcessExec::task`: `copy_process()` holds the new task, whose
        // reference count and identity (pid, name) are set up before the tracepoint.
        unsafe { task(self.child) }
    }
}

impl SchedProcessExit {
    /// Returns the exiting task.
    pub fn task(&self) -> &Task {
        // SAFETY: As in `SchedProcessExec::task`: `p` is the current task.
        unsafe { task(self.p) }
    }
}

impl SysEnter {
    /// Returns the registers the system call entry saved: its number and arguments.
    pub fn regs(&self) -> &SyscallRegs {
        // SAFETY: The tracepoint's call is running while `self` is borrowed (`InCall`); `regs`
        // are the current task's saved user registers, which nothing writes meanwhile.
        unsafe { SyscallRegs::from_raw(self.regs) }
    }
}

impl SysExit {
    /// Returns the registers of the task returning from the system call: its number and
    /// arguments, and the return value.
    pub fn regs(&self) -> &SyscallRegs {
        // SAFETY: As in `SysEnter::regs`.
        unsafe { SyscallRegs::from_raw(self.regs) }
    }
}
