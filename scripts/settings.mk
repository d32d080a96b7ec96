# SPDX-License-Identifier: GPL-2.0
# The project's settings, in one place: the Makefile includes this file and every script
# reads it (scripts/internal/lib.sh). Each line is `NAME ?= value`, a default that the
# environment or make's command line overrides (`make check KERNEL=7.2`).

# The kernel `make`, `make run` and `make check` build for and boot: 7.3 or 7.2 (test
# kernels built here), debian, running or intree (README.md, "KERNEL=").
KERNEL ?= 7.3

# The Debian kernel KERNEL=debian boots (linux-image-$(DEBIAN_RELEASE)), and the Debian
# suite of the root that holds the compilers it was built with (scripts/internal/debian-*).
DEBIAN_RELEASE ?= 7.3.4+deb13-amd64
DEBIAN_SUITE ?= trixie

# The LLVM of the test kernels, of bindgen's libclang and of the uprobe test program.
LLVM_VER ?= 19

# The bindgen-cli scripts/internal/setup-host installs (cargo install).
BINDGEN_VER ?= 0.72.1

# The Linux UAPI headers (linux-libc-dev) the uprobe test program is built with.
UAPI_VER ?= 7.3

# The Debian source package the patch series is made against and built on
# (make patches, make build-intree, make check KERNEL=intree).
UPSTREAM_SOURCE ?= linux-source-7.3.4-1~bpo13+1
