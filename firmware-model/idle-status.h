/*
 * ql8400 firmware model: the status registers of an idle chip: init-done
 * flags, usage counters, FIFO-empty flags, free credits.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_IDLE_STATUS_H
#define QL8400_FW_IDLE_STATUS_H

#include "chip.h"

void ql8400_idle_status_init(Ql8400Chip *c);

#endif
