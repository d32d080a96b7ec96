#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes hostile parameter sets for our modules, one `insmod` per line, for the guest case
tests/cases/fuzz-params.sh:

    tests/fuzz-params.py [--seed S] [--few-functions] N MODULE.ko... >sets

Each line is shell words, single-quoted: the module's name, then its parameters
(`'func=kernel_clone' 'offset=0x7fffffff'`). The parameters and their types are read from
each module's .modinfo (`modinfo -F parmtype`); values are drawn for the type, and now and
then for another type. The same seed and modules give the same sets (the seed is printed
first, as a comment line), so a failure can be replayed. --few-functions leaves out the globs
that match nearly every function (EVERY_FUNCTION), for the debug kernel: there, under TCG,
an fprobe on all of them had not attached after half an hour.
"""

import argparse
import os
import random
import subprocess
import sys

INTS = [
    "", "0", "-0", "1", "-1", "2", "6", "7", "10", "007", "08", "0x", "0x10", "0X7fffffff",
    "0x80000000", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295",
    "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
    "18446744073709551615", "18446744073709551616", "0xffffffffffffffff",
    "0x1ffffffffffffffff", "99999999999999999999999999", "1e3", " 5", "5 ", "+5", "--5",
    "-+5", "0x+5", "0b101", "0o7", "abc", "5abc", "\t", "1,2", "0x-1", "00000000000000000001",
]
BOOLS = ["", "y", "n", "Y", "N", "1", "0", "yes", "no", "2", "-1", "true", "on", "off", "yy"]
SYMBOLS = [
    "kernel_clone", "probe_target_add6", "probe_target_ref6", "vfs_read", "inet_bind",
    "memcpy", "__memcpy", "do_sys_openat2", "schedule", "_text", "kprobe_int3_handler",
    "nosuch_function_xyz", "register_kprobe", "rcu_read_lock", "__fentry__", "printk",
    "probe_target:probe_target_add6", "probe_target:nosuch", "nosuch_module:foo", ":foo",
    "foo:", "::", "a:b:c", "kernel_clone+4", "kernel_clone+0x1000000", "0xffffffff81000000",
    "vmlinux:kernel_clone", "KERNEL_CLONE", "kernel_clone ", " kernel_clone", "kernel clone",
]
GLOBS = [
    "*", "?", "**", "[a-z]*", "vfs_*", "*_read", "\\*", "[", "[!a]*", "a,b*", ",", ",,,",
    "vfs_read,", ",vfs_read", "vfs_read,vfs_write", "vfs_read,nosuch_fn", "probe_target_*",
    "*probe_target*", "[]", "[^]", "vfs_[rw]*", "kernel_clone,kernel_clone",
]
# The globs of GLOBS that match nearly every traceable function.
EVERY_FUNCTION = ["*", "**", "[a-z]*", "[!a]*"]
PATHS = [
    "/", "/bin/uprobe_target", "/bin/busybox", "/dev/null", "/dev/zero", "/proc/self/exe",
    "/proc/1/exe", "/tmp", "/tmp/fifo", "/tmp/link", "/tmp/dangling", "/tmp/empty",
    "/nonexistent", "bin/busybox", "../bin/busybox", "./uprobe_target", "",
    "//bin//uprobe_target", "/bin/uprobe_target/", "/sys/kernel/debug", "/proc/1/mem",
    "/sys/kernel/debug/probe_target/loop", "/dev/console", "/tmp/sock", "/" + "a" * 300,
    "/tmp/" + "d/" * 100 + "x",
]
USDT = [
    "8@%rdi", "-4@-8(%rbp)", "4@$5", "8@%r8dwb", "8@0xffffffffffffffff(%rax)", "x@y", "8@",
    "@%rdi", "999@%rdi", "8@%rip", "8@4(%rip)", "8@(%rax,%rbx,8)", "-8@x0", "8@[sp, 16]",
    "4@x01", "8@a0", "8@%r15 8@%r15", "8@$-9223372036854775808", "8@$0x+5", "-+5@%rdi",
    "1@%al 2@%ax 4@%eax 8@%rax", "8@" + "%rax" * 50, "  ", "8@%rdi  -4@%esi",
]
TRACEPOINTS = [
    "sched_process_exec", "sched_process_fork", "sched_process_exit", "sys_enter",
    "sys_exit", "sched_switch", "nosuch_tp", "", "sched_process_exec ", "SCHED_PROCESS_EXEC",
]
PARAM_NAMES_EXTRA = ["nosuch", "func.x", "", "=", "func=", "a" * 100]
# Good values, for the parameters a set does not attack: a set then reaches past the first
# check into the module's later ones. A value starting with $ is the guest's (its
# /etc/uprobe_target.env), expanded there.
GOOD = {
    "func": ["probe_target_add6", "kernel_clone"], "symbol": ["probe_target_add6"],
    "funcs": ["probe_target_add6", "probe_target_*", "vfs_read,vfs_write"],
    "path": ["/bin/uprobe_target"], "offset": ["$UT_ADD", "0"], "tp": ["sched_process_exec"],
    "maxprint": ["1", "0"], "args": ["2"], "enabled": ["1", "0"], "ret": ["1", "0"],
    "mech": ["kretprobe", "fprobe"],
}


def random_bytes(rng, n):
    # Any byte but NUL (argv cannot hold it), newline (the line ends) and the single
    # quote (the word's quote; '\'' is used below instead).
    return "".join(
        chr(b) for b in (rng.randrange(1, 256) for _ in range(n)) if b not in (10, 39)
    )


def string_value(rng, name):
    pools = [SYMBOLS, GLOBS, PATHS, USDT, TRACEPOINTS]
    if name in ("path",):
        pools = [PATHS] * 4 + pools
    elif name in ("args",):
        pools = [USDT] * 4 + pools
    elif name in ("tp",):
        pools = [TRACEPOINTS] * 4 + pools
    elif name in ("funcs", "notfuncs"):
        pools = [GLOBS] * 4 + pools
    elif name in ("func", "symbol", "comm"):
        pools = [SYMBOLS] * 4 + pools
    r = rng.random()
    if r < 0.15:
        return random_bytes(rng, rng.choice([1, 2, 15, 16, 17, 63, 64, 255, 256, 511, 512,
                                            513, 1023, 1024, 1025, 2000, 4096]))
    if r < 0.2:
        return rng.choice(SYMBOLS) * rng.choice([10, 100, 400])
    return rng.choice(rng.choice(pools))


def value(rng, name, ptype):
    # Now and then a value meant for another type.
    if rng.random() < 0.15:
        ptype = rng.choice(["int", "bool", "charp"])
    if ptype in ("bool", "invbool"):
        return rng.choice(BOOLS)
    if ptype in ("int", "uint", "long", "ulong", "short", "ushort", "byte", "ullong", "hexint"):
        if rng.random() < 0.2:
            return str(rng.randrange(-2**70, 2**70))
        return rng.choice(INTS)
    return string_value(rng, name)


def quote(word):
    # A good value from the guest's environment, in double quotes for the guest to expand.
    if word.startswith("offset=$UT_"):
        return '"' + word + '"'
    return "'" + word.replace("'", "'\\''") + "'"


def params_of(ko):
    out = subprocess.run(["modinfo", "-F", "parmtype", ko], check=True,
                         capture_output=True, text=True).stdout
    return [tuple(line.split(":", 1)) for line in out.splitlines() if ":" in line]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--few-functions", action="store_true",
                    help="leave out the globs that match nearly every function")
    ap.add_argument("count", type=int)
    ap.add_argument("modules", nargs="+")
    a = ap.parse_args()
    if a.few_functions:
        GLOBS[:] = [g for g in GLOBS if g not in EVERY_FUNCTION]
    seed = a.seed if a.seed is not None else int.from_bytes(os.urandom(4), "little")
    rng = random.Random(seed)
    mods = [(os.path.basename(ko)[:-3], params_of(ko)) for ko in a.modules]
    mods = [(m, p) for m, p in mods if p]
    # Latin-1: one byte per character, the bytes as drawn.
    out = sys.stdout.buffer
    out.write(f"# seed {seed}\n".encode())
    for _ in range(a.count):
        mod, params = rng.choice(mods)
        words = [mod]
        # Half the sets attack one parameter and give good values to some others.
        if rng.random() < 0.5:
            for name, _ in params:
                if name in GOOD and rng.random() < 0.7:
                    words.append(f"{name}={rng.choice(GOOD[name])}")
            hostile = 1
        else:
            hostile = rng.choice([1, 2, 2, 3, 4, 6])
        for _ in range(hostile):
            name, ptype = rng.choice(params)
            if rng.random() < 0.03:
                name = rng.choice(PARAM_NAMES_EXTRA)
            v = value(rng, name, ptype)
            words.append(name if rng.random() < 0.02 else f"{name}={v}")
        out.write((" ".join(quote(w) for w in words) + "\n").encode("latin-1"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
