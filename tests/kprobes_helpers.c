// SPDX-License-Identifier: GPL-2.0
/* The layer's C helpers, for the test modules whose crates use the layer (tests/Kbuild). */
#include "../kprobes/helpers.c"
