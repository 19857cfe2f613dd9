/*
 * ql8400 firmware model: the DMAE engine — command memory, GO registers,
 * copies between host memory and GRC, completions.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_DMAE_H
#define QL8400_FW_DMAE_H

#include "host.h"

typedef struct Ql8400Dmae {
    /* filled in by the DMAE model */
    uint32_t placeholder;
} Ql8400Dmae;

struct Ql8400Chip;

void ql8400_dmae_init(struct Ql8400Chip *c);
void ql8400_dmae_reset(struct Ql8400Chip *c, int kind);

#endif
