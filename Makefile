# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree Rust kprobe modules. `make` builds them against KDIR (default: the kernel
# KERNEL names, set up by scripts/internal/setup in the cache); `make run` and `make check`
# boot it under QEMU. See README.md.

ARCH ?= x86_64
# KERNEL, DEBIAN_RELEASE, LLVM_VER, ...: the settings the scripts read too.
include $(dir $(lastword $(MAKEFILE_LIST)))scripts/settings.mk
# KERNEL: 7.3 or 7.2 (test kernels built here), debian (Debian's own
# linux-image-$(DEBIAN_RELEASE), its build tree reconstructed here), running (debian, for
# the kernel this machine runs) or intree (the kernel of the patch series, `make check`).
ifeq ($(KERNEL),running)
override KERNEL := debian
override DEBIAN_RELEASE := $(shell uname -r)
endif
export KERNEL DEBIAN_RELEASE
# default, or debug (configs/debug.config: lockdep, KASAN, kmemleak, ...).
VARIANT ?= default
KDIR ?= $(shell DEBIAN_RELEASE=$(DEBIAN_RELEASE) scripts/internal/kdir $(ARCH) $(VARIANT) $(KERNEL))
FUNC ?= kernel_clone

# The compiler is the one the tree was built with, read from its .config: clang (LLVM=-N
# when clang-N is installed, else LLVM=1) or the GCC it names, e.g. x86_64-linux-gnu-gcc-14.
# These are read when a recipe runs (`=`), after the tree may have been made.
kconfig = $(shell sed -n 's/^CONFIG_$(1)=//p' $(KDIR)/.config 2>/dev/null)
CLANG_MAJOR = $(shell echo $$(($(or $(call kconfig,CLANG_VERSION),0) / 10000)))
LLVM ?= $(if $(shell command -v clang-$(CLANG_MAJOR)),-$(CLANG_MAJOR),1)
KCC ?= $(firstword $(subst ",,$(call kconfig,CC_VERSION_TEXT)))
KCC_ARGS = $(if $(filter y,$(call kconfig,CC_IS_CLANG)),LLVM=$(LLVM),CC=$(KCC))
# A tree whose compilers are not the host's (KERNEL=debian) names the root that holds them.
TOOLCHAIN = $(shell cat $(KDIR)/.toolchain 2>/dev/null)
IN_TOOLCHAIN = $(if $(TOOLCHAIN),scripts/internal/in-toolchain $(TOOLCHAIN))
BINDGEN ?= $(if $(TOOLCHAIN),bindgen,$(or $(wildcard $(HOME)/.cargo/bin/bindgen),bindgen))
export LIBCLANG_PATH ?= /usr/lib/llvm-$(LLVM_VER)/lib

# The kernel's ARCH names.
KARCH := $(patsubst riscv64,riscv,$(ARCH))
KDIR_MAKE = $(IN_TOOLCHAIN) $(MAKE) -C $(KDIR) ARCH=$(KARCH) $(KCC_ARGS) \
	$(if $(RUST_LIB_SRC),RUST_LIB_SRC=$(RUST_LIB_SRC)) BINDGEN=$(BINDGEN)
# The modules users load (Kbuild): what `modules_install` installs and `deb` packages.
KMAKE = $(KDIR_MAKE) M=$(CURDIR)
# The test and benchmark modules (tests/Kbuild), a module directory of their own.
KMAKE_TESTS = $(KDIR_MAKE) M=$(CURDIR)/tests

default: modules

# KERNEL=debian: the tree is reconstructed first, when missing
# (scripts/internal/debian-kernel).
modules: $(if $(filter debian,$(KERNEL)),debian-tree)
	$(KMAKE) modules

debian-tree:
	scripts/internal/debian-kernel

# One module and what it needs, e.g. `make examples/my_probe.ko` (Kbuild's single targets).
%.ko: $(if $(filter debian,$(KERNEL)),debian-tree) FORCE
	$(KMAKE) $@

FORCE:

# The test and benchmark modules, for `make check`, `make bench` and `make mutants`; never
# installed. Their crates read the layer's bindings, which the modules' build makes.
test-modules: modules
	$(KMAKE_TESTS) modules

# Installing needs no compiler: it runs on this machine, also for a tree whose compilers are
# in a root of their own (KERNEL=debian/running), so that INSTALL_MOD_PATH is honoured and
# the modules land in this machine's /lib/modules, indexed by its depmod.
modules_install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) ARCH=$(KARCH) $(KCC_ARGS) modules_install

clean:
	$(KMAKE) clean
	$(KMAKE_TESTS) clean
	rm -f kit/bindings_generated.rs kit/.bindings_generated.rs.cmd kit/.bindgen_flags.mk \
		kit/.typed_decls.mk samples/rust/*_rs.rs *.deb
	rm -rf kit/kprobes_before_7_3
	rm -rf tests/doctests

# A Debian package of the modules for KDIR's kernel (/lib/modules/RELEASE/updates/).
deb: modules
	scripts/internal/make-deb $(KDIR)

# Everything below uses the cached kernel; `scripts/internal/setup` makes it when missing.
setup:
	scripts/internal/setup $(ARCH) $(VARIANT)

run: setup
	$(MAKE) modules
	scripts/internal/run --arch $(ARCH) $(FUNC)

# Lint first: Clippy rebuilds the objects, the plain build after it leaves them for `run`.
# Clippy and rustfmt are the host's: they lint on the test kernels, not on KERNEL=debian.
# The suite also installs the modules' Debian package in the guest (tests/cases/deb-*).
ifeq ($(KERNEL),intree)
check: check-intree
else
check: setup
	$(if $(filter debian,$(KERNEL)),,$(MAKE) lint)
	$(MAKE) test-modules
	tests/run --arch $(ARCH) --variant $(VARIANT) --deb "$$(scripts/internal/make-deb $(KDIR))"
endif

# The same suite on the debug kernel, with 4 vCPUs and each stress case running up to
# 30 s instead of 3 (load/unload cycles: up to 1000). The modules are rebuilt for it;
# a later `make` rebuilds them for the default kernel.
DEBUG_CHECK_FLAGS ?= --smp 4 --mem 1024 --stress 30 --timeout 3000
check-debug:
	$(MAKE) setup VARIANT=debug
	$(MAKE) test-modules VARIANT=debug
	tests/run --arch $(ARCH) --variant debug $(DEBUG_CHECK_FLAGS) \
		--deb "$$(scripts/internal/make-deb $$(scripts/internal/kdir $(ARCH) debug $(KERNEL)))"

# Proof that the suite catches faults: each fault of tests/mutants/ is built in a copy of
# the tree and the whole suite run on it; every one must be caught (scripts/internal/mutants,
# x86_64).
# MUTANTS_FLAGS=--quick runs only the cases named to catch each fault, --check only checks
# that the faults still apply; FAULTS=name... picks some.
mutants: setup
	scripts/internal/mutants $(MUTANTS_FLAGS) $(FAULTS)

# Per-call overhead of our probes against C, ftrace and no probe; writes BENCHMARKS.md.
# BENCH_FLAGS: more options of scripts/internal/bench (--rounds R, --log FILE, ...).
bench: setup
	$(MAKE) test-modules
	scripts/internal/bench --arch $(ARCH) $(BENCH_FLAGS)

# The layer as a kernel patch series (kernel::kprobes, samples/rust/) against the 7.3.4 source,
# made from these sources by scripts/make-patches: checkpatch --strict and `git am` on a
# pristine tree are checked. `make build-intree` then builds the kernel after each patch.
PATCHES ?= $(CURDIR)/patches
patches:
	scripts/make-patches --check $(PATCHES)

build-intree: patches
	scripts/internal/build-intree --bisect $(PATCHES)

# The in-tree kernel for ARCH (the whole series applied; built when the series changed),
# booted under QEMU: kernel::kprobes' KUnit suite and the kernel crate's doctests, which ran
# at boot, and the cases of the samples it carries. `make check KERNEL=intree` is the same.
INTREE_CASES = kunit-intree kprobe-example kretprobe-example module-str-param kprobe-ftrace-ops-fix
check-intree:
	$(MAKE) setup KERNEL=7.3
	$(MAKE) patches KERNEL=7.3
	scripts/internal/build-intree --arch $(ARCH) $(PATCHES)
	tests/run --arch $(ARCH) --kernel intree $(INTREE_CASES)

RUST_SOURCES = $(filter-out kit/bindings_generated.rs samples/rust/%_rs.rs, \
	$(wildcard *.rs rust/kernel/kprobes/*.rs rust/kernel/kprobes/regs/*.rs kit/*.rs kit/*/*.rs \
		samples/rust/*.rs tests/*.rs tests/bench/*.rs examples/*.rs))

# Clippy (the kernel's lint set) and rustfmt (the kernel's .rustfmt.toml) must be clean.
# The Rust objects are removed first: Clippy only sees what Kbuild rebuilds.
lint:
	rm -f $(patsubst %.rs,%.o,$(filter-out rust/kernel/% kit/%,$(RUST_SOURCES))) \
		$(patsubst %.rs,%_rs.o,$(filter samples/rust/%,$(RUST_SOURCES)))
	($(KMAKE) CLIPPY=1 modules && $(KMAKE_TESTS) CLIPPY=1 modules) 2>&1 | tee .lint.log
	! grep -qE '^(warning|error)' .lint.log
	rm -f .lint.log
	rustfmt --check --edition 2021 --config-path $(KDIR)/source/.rustfmt.toml $(RUST_SOURCES)

format:
	rustfmt --edition 2021 --config-path $(KDIR)/source/.rustfmt.toml $(RUST_SOURCES)

.PHONY: default modules debian-tree test-modules modules_install clean deb setup run check \
	check-debug bench mutants lint format patches build-intree check-intree FORCE
