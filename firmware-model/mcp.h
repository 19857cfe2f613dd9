/*
 * ql8400 firmware model: the management CPU (MCP) and its firmware —
 * shared memory, the driver mailbox, hardware locks and NVRAM.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_MCP_H
#define QL8400_FW_MCP_H

#include "host.h"

typedef struct Ql8400Mcp {
    /* filled in by the MCP model */
    uint32_t placeholder;
} Ql8400Mcp;

struct Ql8400Chip;
enum Ql8400ResetKind;

void ql8400_mcp_init(struct Ql8400Chip *c);
void ql8400_mcp_reset(struct Ql8400Chip *c, int kind);

#endif
