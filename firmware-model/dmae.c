/*
 * ql8400 firmware model: the DMAE engine.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"

void ql8400_dmae_init(Ql8400Chip *c)
{
}

void ql8400_dmae_reset(Ql8400Chip *c, int kind)
{
}
