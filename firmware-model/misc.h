/*
 * ql8400 firmware model: the MISC block.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_MISC_H
#define QL8400_FW_MISC_H

#include "chip.h"

void ql8400_misc_init(Ql8400Chip *c);
/* Is a block out of reset? reg: 0 for RESET_REG_1, 1, 2; bit: its bit. */
bool ql8400_misc_block_running(const Ql8400Chip *c, unsigned reg,
                               uint32_t bit);

#endif
