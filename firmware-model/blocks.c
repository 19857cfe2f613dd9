/*
 * ql8400 firmware model: the chip's blocks as storage.
 *
 * The init code of the bnx2x firmware file configures every block with
 * plain register writes, and the driver reads much of it back. Where the
 * model gives a block no behaviour of its own, its registers and memories
 * keep what was written, as the chip's do; the blocks that act (MISC,
 * MCP, DMAE, IGU, PXP, the storms) register hooks over this storage.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "blocks.h"
#include "grc.h"
#include "regs.h"

/* The GRC block map of the E3 chip, each block up to the next one. */
static const Ql8400GrcRange chip_blocks[] = {
    { 0x008000, 0x000400, QL8400_GRC_RW, "EMAC0" },
    { 0x008400, 0x000400, QL8400_GRC_RW, "EMAC1" },
    { 0x008800, 0x000800, QL8400_GRC_RW, "DBU" },
    { 0x009000, 0x001000, QL8400_GRC_RW, "PGLUE_B" },
    { 0x00a000, 0x002000, QL8400_GRC_RW, "MISC" },
    { 0x00c000, 0x004000, QL8400_GRC_RW, "DBG" },
    { 0x010000, 0x010000, QL8400_GRC_RW, "NIG" },
    { 0x020000, 0x020000, QL8400_GRC_RW, "XCM" },
    { 0x040000, 0x000400, QL8400_GRC_RW, "PRS" },
    { 0x040400, 0x001c00, QL8400_GRC_RW, "SRCH" },
    { 0x042000, 0x00e000, QL8400_GRC_RW, "TSDM" },
    { 0x050000, 0x010000, QL8400_GRC_RW, "TCM" },
    { 0x060000, 0x020000, QL8400_GRC_RW, "BRB1" },
    /* 0x080000-0x0bffff: MCP registers and scratchpad (mcp.c) */
    { 0x0c1000, 0x001000, QL8400_GRC_RW, "UPB" },
    { 0x0c2000, 0x002000, QL8400_GRC_RW, "CSDM" },
    { 0x0c4000, 0x00c000, QL8400_GRC_RW, "USDM" },
    { 0x0d0000, 0x010000, QL8400_GRC_RW, "CCM" },
    { 0x0e0000, 0x021000, QL8400_GRC_RW, "UCM" },
    { 0x101000, 0x001000, QL8400_GRC_RW, "CDU" },
    { 0x102000, 0x001000, QL8400_GRC_RW, "DMAE" },
    { 0x103000, 0x001000, QL8400_GRC_RW, "PXP" },
    { 0x104000, 0x004000, QL8400_GRC_RW, "CFC" },
    { 0x108000, 0x008000, QL8400_GRC_RW, "HC" },
    { 0x110000, 0x010000, QL8400_GRC_RW, "ATC" },
    { 0x120000, 0x010000, QL8400_GRC_RW, "PXP2" },
    { 0x130000, 0x010000, QL8400_GRC_RW, "IGU" },
    { 0x140000, 0x020000, QL8400_GRC_RW, "PBF" },
    { 0x160000, 0x000400, QL8400_GRC_RW, "UMAC0" },
    { 0x160400, 0x000c00, QL8400_GRC_RW, "UMAC1" },
    { 0x161000, 0x001000, QL8400_GRC_RW, "XPB" },
    { 0x162000, 0x000800, QL8400_GRC_RW, "MSTAT0" },
    { 0x162800, 0x000800, QL8400_GRC_RW, "MSTAT1" },
    { 0x163000, 0x000800, QL8400_GRC_RW, "XMAC0" },
    { 0x163800, 0x000800, QL8400_GRC_RW, "XMAC1" },
    { 0x164000, 0x002000, QL8400_GRC_RW, "TIMERS" },
    { 0x166000, 0x002000, QL8400_GRC_RW, "XSDM" },
    { 0x168000, 0x008000, QL8400_GRC_RW, "QM" },
    { 0x170000, 0x010000, QL8400_GRC_RW, "DORQ" },
    /* each SEM: registers, passive buffer, fast memory window, PRAM */
    { 0x180000, 0x080000, QL8400_GRC_RW, "TSEM" },
    { 0x200000, 0x080000, QL8400_GRC_RW, "CSEM" },
    { 0x280000, 0x080000, QL8400_GRC_RW, "XSEM" },
    { 0x300000, 0x080000, QL8400_GRC_RW, "USEM" },
    /*
     * The storms' internal RAM as the driver reaches it through BAR0: one
     * flat memory (the IGU command window at 0x440000 is carved out by
     * igu.c, BAR_ME_REGISTER at 0x450000 is not used by a PF).
     */
    { 0x400000, 0x010000, QL8400_GRC_RW, "USTORM_INTMEM" },
    { 0x410000, 0x010000, QL8400_GRC_RW, "CSTORM_INTMEM" },
    { 0x420000, 0x010000, QL8400_GRC_RW, "XSTORM_INTMEM" },
    { 0x430000, 0x010000, QL8400_GRC_RW, "TSTORM_INTMEM" },
    { 0x460000, 0x0a0000, QL8400_GRC_RW, "STORM_INTMEM_HIGH" },
};

void ql8400_blocks_init(Ql8400Chip *c)
{
    ql8400_grc_add_ranges(c, chip_blocks, QL8400_ARRAY_LEN(chip_blocks));
}
