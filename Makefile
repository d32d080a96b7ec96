# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree Rust kprobe modules. `make` builds them against KDIR (default: the test
# kernel that scripts/setup builds into the cache); `make run` and `make check` boot it
# under QEMU. See README.md.

ARCH ?= x86_64
# default, or debug (configs/debug.config: lockdep, KASAN, kmemleak, ...).
VARIANT ?= default
CACHE := $(or $(RUST_KPROBES_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/rust-kprobes)
KDIR ?= $(shell scripts/kdir $(ARCH) $(VARIANT))
LLVM ?= -19
FUNC ?= kernel_clone

# The kernel's ARCH names.
KARCH := $(patsubst riscv64,riscv,$(ARCH))
KMAKE = $(MAKE) -C $(KDIR) M=$(CURDIR) ARCH=$(KARCH) LLVM=$(LLVM) \
	$(if $(RUST_LIB_SRC),RUST_LIB_SRC=$(RUST_LIB_SRC)) BINDGEN=$(BINDGEN)
BINDGEN ?= $(or $(wildcard $(HOME)/.cargo/bin/bindgen),bindgen)
export LIBCLANG_PATH ?= /usr/lib/llvm-19/lib

default: modules

modules:
	$(KMAKE) modules

modules_install:
	$(KMAKE) modules_install

clean:
	$(KMAKE) clean
	rm -f kprobes/bindings_generated.rs kprobes/.bindings_generated.rs.cmd

# Everything below uses the cached test kernel; `scripts/setup` makes it when missing.
setup:
	scripts/setup $(ARCH) $(VARIANT)

run: setup
	$(MAKE) modules
	scripts/run --arch $(ARCH) $(FUNC)

# Lint first: Clippy rebuilds the objects, the plain build after it leaves them for `run`.
check: setup
	$(MAKE) lint
	$(MAKE) modules
	tests/run --arch $(ARCH) --variant $(VARIANT)

# The same suite on the debug kernel, with 4 vCPUs and each stress case running up to
# 30 s instead of 3 (load/unload cycles: up to 1000). The modules are rebuilt for it;
# a later `make` rebuilds them for the default kernel.
DEBUG_CHECK_FLAGS ?= --smp 4 --mem 1024 --stress 30 --timeout 3000
check-debug:
	$(MAKE) setup VARIANT=debug
	$(MAKE) modules VARIANT=debug
	tests/run --arch $(ARCH) --variant debug $(DEBUG_CHECK_FLAGS)

# Per-call overhead of our probes against C, ftrace and no probe; writes BENCHMARKS.md.
bench: setup
	$(MAKE) modules
	scripts/bench --arch $(ARCH)

RUST_SOURCES = $(filter-out kprobes/bindings_generated.rs, \
	$(wildcard *.rs kprobes/*.rs kprobes/regs/*.rs tests/*.rs tests/bench/*.rs examples/*.rs))

# Clippy (the kernel's lint set) and rustfmt (the kernel's .rustfmt.toml) must be clean.
lint:
	$(KMAKE) CLIPPY=1 modules 2>&1 | tee .lint.log
	! grep -qE '^(warning|error)' .lint.log
	rm -f .lint.log
	rustfmt --check --edition 2021 --config-path $(KDIR)/source/.rustfmt.toml $(RUST_SOURCES)

format:
	rustfmt --edition 2021 --config-path $(KDIR)/source/.rustfmt.toml $(RUST_SOURCES)

.PHONY: default modules modules_install clean setup run check bench lint format
