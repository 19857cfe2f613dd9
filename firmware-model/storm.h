/*
 * ql8400 firmware model: the storm processors' firmware.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_STORM_H
#define QL8400_FW_STORM_H

#include "chip.h"

void ql8400_storm_init(Ql8400Chip *c);

#endif
