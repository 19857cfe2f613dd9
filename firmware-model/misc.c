/*
 * ql8400 firmware model: the MISC block — chip identity and strapping,
 * the block reset registers, the AEU signals, and the PCIe core's copy of
 * configuration space.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "grc.h"
#include "misc.h"
#include "regs.h"
#include "fw-trace.h"

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
    /* AEU signals after inversion: no parity error, no fan failure */
    { MISC_REG_AEU_AFTER_INVERT_1_FUNC_0, QL8400_GRC_RO, 0,
      "MISC_REG_AEU_AFTER_INVERT_1_FUNC_0" },
    { MISC_REG_AEU_AFTER_INVERT_2_FUNC_0, QL8400_GRC_RO, 0,
      "MISC_REG_AEU_AFTER_INVERT_2_FUNC_0" },
    { MISC_REG_AEU_AFTER_INVERT_3_FUNC_0, QL8400_GRC_RO, 0,
      "MISC_REG_AEU_AFTER_INVERT_3_FUNC_0" },
    { MISC_REG_AEU_AFTER_INVERT_4_FUNC_0, QL8400_GRC_RO, 0,
      "MISC_REG_AEU_AFTER_INVERT_4_FUNC_0" },
    { MISC_REG_AEU_AFTER_INVERT_5_FUNC_0, QL8400_GRC_RO, 0,
      "MISC_REG_AEU_AFTER_INVERT_5_FUNC_0" },
    /* every block in reset at power-on: bit set = out of reset */
    { MISC_REG_RESET_REG_1, QL8400_GRC_RO, 0, "MISC_REG_RESET_REG_1" },
    { MISC_REG_RESET_REG_2, QL8400_GRC_RO, 0, "MISC_REG_RESET_REG_2" },
    { MISC_REG_RESET_REG_3, QL8400_GRC_RO, 0, "MISC_REG_RESET_REG_3" },
};

/*
 * RESET_REG_n_SET releases the written blocks from reset, _CLEAR puts them
 * in reset; RESET_REG_n reads which blocks run.
 */
static void misc_reset_reg_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    bool set = (addr & 0xf) == 0x4;
    uint32_t reg = addr & ~0xfu;
    uint32_t old = ql8400_grc_peek(c, reg);
    uint32_t now = set ? old | val : old & ~val;

    trace_ql8400_fw_block_reset(ql8400_grc_name(c, reg),
                                set ? "release" : "reset", val, now);
    ql8400_grc_poke(c, reg, now);
}

static const Ql8400GrcHook misc_hooks[] = {
    { MISC_REG_RESET_REG_1 + 4, 8, "MISC_REGISTERS_RESET_REG_1_SET/CLEAR",
      NULL, misc_reset_reg_write },
    { MISC_REG_RESET_REG_2 + 4, 8, "MISC_REGISTERS_RESET_REG_2_SET/CLEAR",
      NULL, misc_reset_reg_write },
    { MISC_REG_RESET_REG_3 + 4, 8, "MISC_REGISTERS_RESET_REG_3_SET/CLEAR",
      NULL, misc_reset_reg_write },
};

static const Ql8400GrcRange misc_ranges[] = {
    /* the PCIe core's copy of configuration space: metal rev 0 */
    { PCICFG_OFFSET, PCICFG_SIZE, QL8400_GRC_RO, "PCICFG" },
};

void ql8400_misc_init(Ql8400Chip *c)
{
    ql8400_grc_add_ranges(c, misc_ranges, QL8400_ARRAY_LEN(misc_ranges));
    ql8400_grc_add_regs(c, misc_regs, QL8400_ARRAY_LEN(misc_regs));
    ql8400_grc_add_hooks(c, misc_hooks, QL8400_ARRAY_LEN(misc_hooks));
}

bool ql8400_misc_block_running(const Ql8400Chip *c, unsigned reg,
                               uint32_t bit)
{
    static const uint32_t regs[] = {
        MISC_REG_RESET_REG_1, MISC_REG_RESET_REG_2, MISC_REG_RESET_REG_3
    };

    return reg < 3 && (ql8400_grc_peek(c, regs[reg]) & bit);
}
