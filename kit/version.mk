# SPDX-License-Identifier: GPL-2.0
# The kernel version. Included, with `kit` set to this directory, by the Kbuild of every set
# of modules whose crates use the abstractions (../Kbuild, ../tests/Kbuild).
#
# The abstractions (rust/kernel/kprobes/) are the patch series' files, for 7.3. On an older
# kernel (7.2 is tested) rustc gets `--cfg kernel_before_7_3`, and kit/mod.rs takes them from
# a copy, kit/kprobes_before_7_3/, in which kit/compat_before_7_3.rs is compat.rs.
kernel_before_7_3 := $(shell [ $$(($(VERSION) * 1000 + $(PATCHLEVEL))) -lt 7003 ] && echo y)
ifdef kernel_before_7_3
rustflags-y += --cfg kernel_before_7_3
kprobes_before_7_3 := $(kit)/kprobes_before_7_3
$(shell mkdir -p $(kprobes_before_7_3)/regs && \
	cp -p $(kit)/../rust/kernel/kprobes/*.rs $(kprobes_before_7_3)/ && \
	cp -p $(kit)/../rust/kernel/kprobes/regs/*.rs $(kprobes_before_7_3)/regs/ && \
	cp -p $(kit)/compat_before_7_3.rs $(kprobes_before_7_3)/compat.rs)
endif
