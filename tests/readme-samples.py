#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Holds the sample output of README.md and Documentation/*.md against what the same
commands print in a guest.

    tests/readme-samples.py [--arch ARCH] [--show] [FILE...]   (default: all of those)

A sample is the code block that follows a marker comment (invisible on a rendered page):

    <!-- sample: make run -->                   the block is what `make run` prints

    <!-- sample, from these commands in a guest:
    insmod /modules/rust_kretprobe.ko
    ...
    -->                                         the block is what these commands print

The commands of all samples, of every file, run in one guest (scripts/vm-run), each sample's after
`dmesg -c` and with none of our modules loaded; `show CMD` prints `# CMD` (a root prompt)
before running CMD. `make run` is run as scripts/internal/run.

Every line of a sample must match some line of the real output (console timestamps
`[    3.25]` removed), read as a pattern in which the variable parts match any value:
hexadecimal numbers (addresses, flags), unsigned decimal numbers with an optional K/M/G
(counts, nanoseconds, pids, histogram bounds), runs of two or more spaces (alignment) and
histogram bars (`|@@@   |`). Negative numbers (errnos) must match as written. A line `...`
stands for lines left out; a line ending in `...` only has to begin a real line. Whatever
else a sample says must be printed as it stands: a line the modules no longer print fails.

--show prints the real output of each sample, to update a sample from.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = re.compile(r"^<!-- sample(?:: (?P<host>.*?) -->|, from these commands in a guest:$)")
TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ")
# The variable parts of a sample line and what they match.
VARIABLE = re.compile(r"(?P<hex>0x[0-9a-f]+)|(?P<bar>\|[@ ]+\|)|(?P<spaces>  +)"
                      r"|(?<![\w.-])(?P<num>\d+[KMG]?)(?!\w)")
PATTERNS = {"hex": "0x[0-9a-f]+", "bar": r"\|[@ ]*\|", "spaces": " +", "num": "[0-9]+[KMG]?"}


def samples(readme):
    """Yields (marker line, host command or None, guest commands, [(line number, text)])."""
    lines = open(readme).read().split("\n")
    i = 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        if not m:
            i += 1
            continue
        at, host, guest = i + 1, m.group("host"), []
        if host is None:
            i += 1
            while lines[i] != "-->":
                guest.append(lines[i])
                i += 1
        i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        block = []
        if lines[i].startswith("```"):
            i += 1
            while not lines[i].startswith("```"):
                block.append((i + 1, lines[i]))
                i += 1
        else:
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                block.append((i + 1, lines[i][4:]))
                i += 1
        block = [(n, t) for n, t in block if t.strip()]
        if not block:
            sys.exit(f"{readme}:{at}: error: no code block after the sample marker")
        if host not in (None, "make run"):
            sys.exit(f"{readme}:{at}: error: unknown sample command '{host}' (known: make run)")
        yield at, host, "\n".join(guest), block


def pattern(line):
    """The regular expression a sample line stands for."""
    if line.endswith("..."):
        line, end = line[:-3], ""
    else:
        end = "$"
    out, pos = "^", 0
    for m in VARIABLE.finditer(line):
        out += re.escape(line[pos:m.start()]) + PATTERNS[m.lastgroup]
        pos = m.end()
    return re.compile(out + re.escape(line[pos:]) + end)


def run(cmd):
    """Runs a host command in the tree; returns its output's lines, timestamps removed."""
    p = subprocess.run(cmd, cwd=TOP, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, errors="replace")
    if p.returncode != 0:
        sys.stdout.write(p.stdout[-3000:])
        sys.exit(f"{' '.join(cmd)} failed (exit {p.returncode})")
    return [TIMESTAMP.sub("", line.rstrip("\r")) for line in p.stdout.split("\n")]


def guest_outputs(arch, guests):
    """Runs every guest sample's commands in one guest; returns their outputs, in order."""
    with tempfile.NamedTemporaryFile("w", suffix=".sh") as script:
        script.write("show() { echo \"# $*\"; \"$@\"; }\n")
        for n, commands in enumerate(guests):
            script.write(f"dmesg -c >/dev/null\necho '=== sample {n}'\n(\n{commands}\n) 2>&1\n"
                         f"echo '=== end {n}'\n")
            # The next sample starts without our modules (the newest are listed first).
            script.write("for m in $(lsmod | awk '/^(rust_|probe_target)/ { print $1 }'); do "
                         "rmmod $m; done\n")
        script.flush()
        lines = run([f"{TOP}/scripts/vm-run", "--arch", arch, script.name])
    outputs = []
    for n in range(len(guests)):
        start, end = lines.index(f"=== sample {n}"), lines.index(f"=== end {n}")
        outputs.append(lines[start + 1:end])
    return outputs


def main():
    args, arch, show = sys.argv[1:], "x86_64", False
    while args and args[0].startswith("--"):
        if args[0] == "--arch":
            arch, args = args[1], args[2:]
        elif args[0] == "--show":
            show, args = True, args[1:]
        else:
            sys.exit(__doc__.split("\n\n")[1])
    docs = args or [os.path.join(TOP, "README.md")] + sorted(
        glob.glob(os.path.join(TOP, "Documentation", "*.md")))
    found = [(os.path.relpath(doc, TOP),) + sample for doc in docs for sample in samples(doc)]
    guests = [g for _, _, host, g, _ in found if host is None]
    outputs = iter(guest_outputs(arch, guests) if guests else [])
    failed = 0
    for name, at, host, _, block in found:
        what = host or "commands in a guest"
        output = (run([f"{TOP}/scripts/internal/run", "--arch", arch]) if host == "make run"
                  else next(outputs))
        if show:
            print(f"--- {name}:{at} ({what}): real output")
            print("\n".join(output))
        block = [(n, t) for n, t in block if t != "..."]
        missing = [(n, t) for n, t in block if not any(pattern(t).search(o) for o in output)]
        print(f"{name}:{at} ({what}): {len(block) - len(missing)} of {len(block)} sample "
              "lines match the real output")
        for n, t in missing:
            print(f"{name}:{n}: no line of the real output matches: {t}")
        if missing and not show:
            print("the real output (tests/readme-samples.py --show prints every sample's):")
            print("\n".join("    " + o for o in output if o.strip())[-3000:])
        failed += len(missing)
    print(f"{len(found)} samples in {len(docs)} files")
    if failed:
        sys.exit(f"{failed} sample lines are not printed by the commands they show")


main()
