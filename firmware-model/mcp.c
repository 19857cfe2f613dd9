/*
 * ql8400 firmware model: the management CPU (MCP).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"

void ql8400_mcp_init(Ql8400Chip *c)
{
}

void ql8400_mcp_reset(Ql8400Chip *c, int kind)
{
}
