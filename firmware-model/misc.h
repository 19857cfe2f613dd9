/*
 * ql8400 firmware model: the MISC block.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_MISC_H
#define QL8400_FW_MISC_H

#include "chip.h"

void ql8400_misc_init(Ql8400Chip *c);

#endif
