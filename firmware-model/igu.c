/*
 * ql8400 firmware model: the IGU in normal mode, as far as probe and
 * init_hw use it: the CAM (mapping memory) that tells each PF its status
 * blocks, the PF configuration, memory resets and status-block cleanup.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "grc.h"
#include "igu.h"
#include "regs.h"
#include "fw-trace.h"

#define IGU_MAPPING_VALID       0x1u
#define IGU_MAPPING_VECTOR(v)   ((uint32_t)(v) << 1)
#define IGU_MAPPING_FID(f)      ((uint32_t)(f) << 7)
#define IGU_FID_IS_PF           0x40u

#define IGU_CTRL_ADDRESS(v)     ((v) & 0xfffu)
#define IGU_CTRL_FID(v)         (((v) >> 12) & 0x7fu)
#define IGU_CTRL_TYPE_WRITE     (1u << 20)
#define IGU_CMD_E2_PROD_UPD_BASE 0x500u
#define IGU_CMD_E2_PROD_UPD_LAST 0x59fu

#define IGU_CLEANUP_TYPE(v)     (((v) >> 28) & 0x3u)
#define IGU_CLEANUP_SET         (1u << 30)
#define IGU_CLEANUP_BCLEANUP    (1u << 31)
#define IGU_CLEANUP_TYPE_CSTORM_0 2u

/* The factory CAM: PF0's fast-path blocks 0..15 (vectors 1..16), then DSB. */
static uint32_t igu_cam_entry(unsigned sb)
{
    uint32_t pf0 = IGU_MAPPING_VALID | IGU_MAPPING_FID(IGU_FID_IS_PF | 0);

    if (sb < QL8400_IGU_PF0_FP_SBS) {
        return pf0 | IGU_MAPPING_VECTOR(sb + 1);
    }
    if (sb == QL8400_IGU_PF0_DSB) {
        return pf0 | IGU_MAPPING_VECTOR(0);
    }
    return 0;
}

static uint32_t igu_mapping_read(Ql8400Chip *c, uint32_t addr)
{
    return igu_cam_entry((addr - IGU_REG_MAPPING_MEMORY) / 4);
}

static void igu_mapping_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    /* the management firmware owns the CAM */
    QL8400_LOG_GUEST_ERROR("ql8400: IGU CAM entry %u write 0x%x ignored\n",
                           (addr - IGU_REG_MAPPING_MEMORY) / 4, val);
}

/* The memories reset at once: the poll that follows reads 0. */
static void igu_reset_memories_write(Ql8400Chip *c, uint32_t addr,
                                     uint32_t val)
{
    uint32_t a;

    trace_ql8400_fw_igu_reset_memories(val);
    for (a = IGU_REG_PROD_CONS_MEMORY; a < IGU_REG_PROD_CONS_MEMORY_END;
         a += 4) {
        ql8400_grc_poke(c, a, 0);
    }
}

/*
 * A command through the GRC command registers: the data register was
 * written first, the control register names the command and the function.
 * The driver uses it for status-block cleanup.
 */
static void igu_command_write(Ql8400Chip *c, uint32_t addr, uint32_t ctrl)
{
    uint32_t data = ql8400_grc_peek(c, IGU_REG_COMMAND_REG_32LSB_DATA);
    unsigned cmd = IGU_CTRL_ADDRESS(ctrl);
    unsigned sb;
    uint32_t reg;

    ql8400_grc_poke(c, addr, ctrl);
    trace_ql8400_fw_igu_command(cmd, IGU_CTRL_FID(ctrl), data);
    if (!(ctrl & IGU_CTRL_TYPE_WRITE) || cmd < IGU_CMD_E2_PROD_UPD_BASE ||
        cmd > IGU_CMD_E2_PROD_UPD_LAST) {
        QL8400_LOG_UNIMP("ql8400: IGU GRC command 0x%x ctrl 0x%x data 0x%x"
                         " not modelled\n", cmd, ctrl, data);
        return;
    }
    sb = cmd - IGU_CMD_E2_PROD_UPD_BASE;
    if (!(data & IGU_CLEANUP_BCLEANUP)) {
        /* a producer update through GRC: nothing the driver waits for */
        return;
    }
    if (IGU_CLEANUP_TYPE(data) != IGU_CLEANUP_TYPE_CSTORM_0) {
        QL8400_LOG_UNIMP("ql8400: IGU cleanup type %u not modelled\n",
                         IGU_CLEANUP_TYPE(data));
        return;
    }
    /* the cleanup completes at once; its bit acknowledges it */
    reg = IGU_REG_CSTORM_TYPE_0_SB_CLEANUP + (sb / 32) * 4;
    if (data & IGU_CLEANUP_SET) {
        ql8400_grc_poke(c, reg, ql8400_grc_peek(c, reg) | 1u << (sb % 32));
    } else {
        ql8400_grc_poke(c, reg, ql8400_grc_peek(c, reg) & ~(1u << (sb % 32)));
    }
}

static const Ql8400GrcReg igu_regs[] = {
    /* normal mode: BACKWARD_COMP_EN (bit 1) clear */
    { IGU_REG_BLOCK_CONFIGURATION, QL8400_GRC_RW, 0,
      "IGU_REG_BLOCK_CONFIGURATION" },
    { IGU_REG_PF_CONFIGURATION, QL8400_GRC_RW, 0,
      "IGU_REG_PF_CONFIGURATION" },
};

static const Ql8400GrcHook igu_hooks[] = {
    { IGU_REG_MAPPING_MEMORY, IGU_REG_MAPPING_MEMORY_SIZE * 4,
      "IGU_REG_MAPPING_MEMORY", igu_mapping_read, igu_mapping_write },
    { IGU_REG_RESET_MEMORIES, 4, "IGU_REG_RESET_MEMORIES",
      NULL, igu_reset_memories_write },
    { IGU_REG_COMMAND_REG_CTRL, 4, "IGU_REG_COMMAND_REG_CTRL",
      NULL, igu_command_write },
};

void ql8400_igu_init(Ql8400Chip *c)
{
    ql8400_grc_add_regs(c, igu_regs, QL8400_ARRAY_LEN(igu_regs));
    ql8400_grc_add_hooks(c, igu_hooks, QL8400_ARRAY_LEN(igu_hooks));
}
