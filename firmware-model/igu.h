/*
 * ql8400 firmware model: the IGU (interrupt generation unit) of the E3
 * chip in normal mode — its CAM of status blocks, PF configuration and the
 * status-block cleanup command.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_IGU_H
#define QL8400_FW_IGU_H

#include "chip.h"

/* Status blocks of PF0 in the CAM: 16 fast-path ones, then the default. */
#define QL8400_IGU_PF0_FP_SBS   16
#define QL8400_IGU_PF0_DSB      QL8400_IGU_PF0_FP_SBS

void ql8400_igu_init(Ql8400Chip *c);

#endif
