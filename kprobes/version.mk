# SPDX-License-Identifier: GPL-2.0
# The kernel version, for kprobes/compat.rs (the only place that knows it). Included by the
# Kbuild of every set of modules whose crates use the layer (../Kbuild, ../tests/Kbuild).
rustflags-y += $(if $(shell [ $$(($(VERSION) * 1000 + $(PATCHLEVEL))) -lt 7003 ] && echo y), \
	--cfg kernel_before_7_3)
