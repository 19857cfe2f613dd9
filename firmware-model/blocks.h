/*
 * ql8400 firmware model: the chip's blocks as storage.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_BLOCKS_H
#define QL8400_FW_BLOCKS_H

#include "chip.h"

/* First of all block inits: the others lay their registers over it. */
void ql8400_blocks_init(Ql8400Chip *c);

#endif
