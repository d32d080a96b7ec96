# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree Rust kprobe modules. `make` builds them against KDIR (default: the test
# kernel that scripts/setup builds into the cache); `make run` and `make check` boot it
# under QEMU. See README.md.

ARCH ?= x86_64
CACHE := $(or $(RUST_KPROBES_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/rust-kprobes)
KDIR ?= $(shell scripts/kdir $(ARCH))
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
	scripts/setup $(ARCH)

run: setup
	$(MAKE) modules
	scripts/run --arch $(ARCH) $(FUNC)

# Lint first: Clippy rebuilds the objects, the plain build after it leaves them for `run`.
check: setup
	$(MAKE) lint
	$(MAKE) modules
	tests/run --arch $(ARCH)

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
