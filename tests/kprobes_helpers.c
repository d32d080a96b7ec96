// SPDX-License-Identifier: GPL-2.0
/* The C helpers, for the test modules whose crates use the abstractions (tests/Kbuild). */
#include "../kit/helpers.c"
