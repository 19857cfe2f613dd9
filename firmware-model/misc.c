/*
 * ql8400 firmware model: the MISC block — chip identity and strapping,
 * and the PCIe core's copy of configuration space.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "grc.h"
#include "misc.h"
#include "regs.h"

static const Ql8400GrcReg misc_regs[] = {
    { MISC_REG_BOND_ID, QL8400_GRC_RO, 0, "MISC_REG_BOND_ID" },
    { MISC_REG_CHIP_NUM, QL8400_GRC_RO, QL8400_CHIP_NUM_57810,
      "MISC_REG_CHIP_NUM" },
    { MISC_REG_CHIP_REV, QL8400_GRC_RO, QL8400_CHIP_REV_B,
      "MISC_REG_CHIP_REV" },
    /* two-port mode, strapped and not overridden */
    { MISC_REG_PORT4MODE_EN_OVWR, QL8400_GRC_RW, 0,
      "MISC_REG_PORT4MODE_EN_OVWR" },
    { MISC_REG_PORT4MODE_EN, QL8400_GRC_RO, 0, "MISC_REG_PORT4MODE_EN" },
    { MISC_REG_CHIP_TYPE, QL8400_GRC_RO, 0, "MISC_REG_CHIP_TYPE" },
};

static const Ql8400GrcRange misc_ranges[] = {
    /* the PCIe core's copy of configuration space: metal rev 0 */
    { PCICFG_OFFSET, PCICFG_SIZE, QL8400_GRC_RO, "PCICFG" },
};

void ql8400_misc_init(Ql8400Chip *c)
{
    ql8400_grc_add_ranges(c, misc_ranges, QL8400_ARRAY_LEN(misc_ranges));
    ql8400_grc_add_regs(c, misc_regs, QL8400_ARRAY_LEN(misc_regs));
}
