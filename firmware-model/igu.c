/*
 * ql8400 firmware model: the IGU in normal mode. The CAM (mapping memory)
 * tells each PF its status blocks; the storm firmware produces into them,
 * the driver acknowledges through the command window; the IGU raises the
 * SB's MSI-X vector, or in single-ISR mode (MSI, INTx) collects vectors in
 * the SISR bitmap the driver reads. Attention lines become messages in the
 * default status block.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "grc.h"
#include "pglue.h"
#include "regs.h"
#include "fw-trace.h"

/* The command window: command n at BAR_IGU_INTMEM + 8 n. */
#define IGU_WINDOW_SIZE         0x3000u
#define IGU_CMD_INT_ACK_BASE    0x400u
#define IGU_CMD_ATTN_BIT_SET    0x5a1u
#define IGU_CMD_ATTN_BIT_CLR    0x5a2u
#define IGU_CMD_SISR_MASK       0x5a3u
#define IGU_CMD_SISR_MASK_LSB   0x5a4u
#define IGU_CMD_SISR_MASK_MSB   0x5a5u
#define IGU_CMD_SISR_NOMASK     0x5a6u

/* An ack (struct igu_regular). */
#define IGU_ACK_SB_INDEX(v)     ((v) & 0xfffffu)
#define IGU_ACK_SEGMENT(v)      (((v) >> 21) & 0x7u)
#define IGU_ACK_BUPDATE         (1u << 24)
#define IGU_ACK_INT_OP(v)       (((v) >> 25) & 0x3u)
#define IGU_INT_ENABLE          0
#define IGU_INT_DISABLE         1

/* Attention message fields in the default status block. */
#define ATTN_MSG_BITS           0x0
#define ATTN_MSG_BITS_ACK       0x4
#define ATTN_MSG_INDEX          0xa

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

static unsigned igu_vector(unsigned sb)
{
    return (igu_cam_entry(sb) >> 1) & 0x3f;
}

static uint32_t igu_pf_conf(Ql8400Chip *c)
{
    return ql8400_grc_peek(c, IGU_REG_PF_CONFIGURATION);
}

static void igu_update_intx(Ql8400Chip *c)
{
    bool level = c->igu.sisr != 0 &&
                 (igu_pf_conf(c) & IGU_PF_CONF_INT_LINE_EN);

    if (level != c->igu.intx_level) {
        c->igu.intx_level = level;
        c->host->set_intx(c->host_opaque, level);
    }
}

/* Deliver the SB's interrupt, or keep it pending while it cannot go. */
static void igu_fire(Ql8400Chip *c, unsigned sb)
{
    uint32_t conf = igu_pf_conf(c);
    unsigned vector = igu_vector(sb);

    if (!(conf & IGU_PF_CONF_FUNC_EN) || !c->igu.sb[sb].enabled) {
        c->igu.sb[sb].pending = true;
        return;
    }
    c->igu.sb[sb].pending = false;
    trace_ql8400_fw_igu_interrupt(sb, vector, conf);
    if (conf & IGU_PF_CONF_SINGLE_ISR_EN) {
        c->igu.sisr |= 1u << vector;
        if (conf & IGU_PF_CONF_INT_LINE_EN) {
            igu_update_intx(c);
        } else if (conf & IGU_PF_CONF_MSI_MSIX_EN) {
            c->host->msix_notify(c->host_opaque, 0);     /* MSI */
        }
    } else if (conf & IGU_PF_CONF_MSI_MSIX_EN) {
        c->host->msix_notify(c->host_opaque, vector);
    }
}

static bool igu_has_work(const Ql8400IguSb *sb)
{
    unsigned seg;

    for (seg = 0; seg < QL8400_IGU_NUM_SEGS; seg++) {
        if (sb->prod[seg] != sb->cons[seg]) {
            return true;
        }
    }
    return false;
}

void ql8400_igu_sb_produce(Ql8400Chip *c, unsigned igu_sb, unsigned seg,
                           uint32_t prod)
{
    if (igu_sb >= QL8400_IGU_NUM_SBS || seg >= QL8400_IGU_NUM_SEGS) {
        QL8400_LOG_GUEST_ERROR("ql8400: producer update of IGU SB %u seg %u"
                               "\n", igu_sb, seg);
        return;
    }
    c->igu.sb[igu_sb].prod[seg] = prod;
    trace_ql8400_fw_igu_produce(igu_sb, seg, prod);
    igu_fire(c, igu_sb);
}

/* Whatever could not go while the function or an SB was off may go now. */
static void igu_retry_pending(Ql8400Chip *c)
{
    unsigned sb;

    for (sb = 0; sb < QL8400_IGU_NUM_SBS; sb++) {
        if (c->igu.sb[sb].pending && c->igu.sb[sb].enabled) {
            igu_fire(c, sb);
        }
    }
}

static void igu_ack(Ql8400Chip *c, unsigned sb, uint32_t val)
{
    Ql8400IguSb *s = &c->igu.sb[sb];
    unsigned seg = sb == QL8400_IGU_PF0_DSB ? IGU_ACK_SEGMENT(val)
                                            : QL8400_IGU_SEG_NORM;

    trace_ql8400_fw_igu_ack(sb, seg, IGU_ACK_SB_INDEX(val),
                            !!(val & IGU_ACK_BUPDATE), IGU_ACK_INT_OP(val));
    if (seg >= QL8400_IGU_NUM_SEGS) {
        QL8400_LOG_GUEST_ERROR("ql8400: IGU ack of SB %u with segment %u\n",
                               sb, seg);
        return;
    }
    if (val & IGU_ACK_BUPDATE) {
        s->cons[seg] = IGU_ACK_SB_INDEX(val);
    }
    switch (IGU_ACK_INT_OP(val)) {
    case IGU_INT_ENABLE:
        s->enabled = true;
        break;
    case IGU_INT_DISABLE:
        s->enabled = false;
        break;
    default:
        break;
    }
    if (s->enabled && (s->pending || igu_has_work(s))) {
        igu_fire(c, sb);
    }
}

/*
 * Send an attention message when the lines or the acks changed and some
 * bit is asserted-but-unacked (leading edge) or acked-but-deasserted
 * (trailing edge), as the edge latches allow.
 */
static void igu_attn_update(Ql8400Chip *c)
{
    Ql8400Igu *igu = &c->igu;
    uint32_t bits = igu->attn_lines, ack = igu->attn_ack;
    uint32_t leading = ql8400_grc_peek(c, IGU_REG_LEADING_EDGE_LATCH);
    uint32_t trailing = ql8400_grc_peek(c, IGU_REG_TRAILING_EDGE_LATCH);
    uint64_t addr = ql8400_grc_peek(c, IGU_REG_ATTN_MSG_ADDR_L) |
        (uint64_t)ql8400_grc_peek(c, IGU_REG_ATTN_MSG_ADDR_H) << 32;
    uint32_t msg[2];
    uint16_t index;
    Ql8400DmaResult r;

    if (bits == igu->attn_sent_bits && ack == igu->attn_sent_ack) {
        return;
    }
    if (!((bits & ~ack & leading) | (~bits & ack & trailing)) || !addr ||
        !(igu_pf_conf(c) & IGU_PF_CONF_FUNC_EN)) {
        return;
    }
    igu->attn_sent_bits = bits;
    igu->attn_sent_ack = ack;
    index = ++igu->attn_index;
    msg[0] = bits;
    msg[1] = ack;
    trace_ql8400_fw_igu_attn_msg(bits, ack, index);
    r = ql8400_pglue_dma_write(c, addr + ATTN_MSG_BITS, msg, sizeof(msg));
    if (r == QL8400_DMA_OK) {
        r = ql8400_pglue_dma_write(c, addr + ATTN_MSG_INDEX, &index,
                                   sizeof(index));
    }
    if (r != QL8400_DMA_OK) {
        if (r == QL8400_DMA_FAULT) {
            QL8400_LOG_GUEST_ERROR("ql8400: attention message to 0x%" PRIx64
                                   " faulted\n", addr);
        }
        return;
    }
    if (igu_pf_conf(c) & IGU_PF_CONF_ATTN_BIT_EN) {
        ql8400_igu_sb_produce(c, QL8400_IGU_PF0_DSB, QL8400_IGU_SEG_ATTN,
                              index);
    }
}

void ql8400_attn_set_line(Ql8400Chip *c, unsigned bit, bool level)
{
    uint32_t mask = 1u << (bit & 31);

    trace_ql8400_fw_igu_attn_line(bit, level);
    c->igu.attn_lines = level ? c->igu.attn_lines | mask
                              : c->igu.attn_lines & ~mask;
    igu_attn_update(c);
}

/* The SISR: pending vectors in single-ISR mode; reading masks them. */
static uint32_t igu_sisr_read(Ql8400Chip *c, bool mask, bool high)
{
    uint32_t val = c->igu.sisr;
    unsigned sb;

    if (high) {
        return 0;               /* no vectors above 31 */
    }
    if (mask) {
        for (sb = 0; sb < QL8400_IGU_NUM_SBS; sb++) {
            if (igu_cam_entry(sb) && (val & (1u << igu_vector(sb)))) {
                c->igu.sb[sb].enabled = false;
            }
        }
        c->igu.sisr = 0;
        igu_update_intx(c);
    }
    return val;
}

static uint32_t igu_window_read(Ql8400Chip *c, uint32_t addr)
{
    unsigned cmd = (addr - BAR_IGU_INTMEM) / 8;

    if (addr & 4) {
        return 0;
    }
    switch (cmd) {
    case IGU_CMD_SISR_MASK:
    case IGU_CMD_SISR_MASK_LSB:
        return igu_sisr_read(c, true, false);
    case IGU_CMD_SISR_MASK_MSB:
        return igu_sisr_read(c, true, true);
    case IGU_CMD_SISR_NOMASK:
        return igu_sisr_read(c, false, false);
    }
    QL8400_LOG_UNIMP("ql8400: read of IGU command 0x%x\n", cmd);
    return 0;
}

static void igu_window_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    unsigned cmd = (addr - BAR_IGU_INTMEM) / 8;

    if (addr & 4) {
        return;                 /* upper half of a 64-bit command: unused */
    }
    if (cmd >= IGU_CMD_INT_ACK_BASE &&
        cmd < IGU_CMD_INT_ACK_BASE + QL8400_IGU_NUM_SBS) {
        igu_ack(c, cmd - IGU_CMD_INT_ACK_BASE, val);
        return;
    }
    switch (cmd) {
    case IGU_CMD_ATTN_BIT_SET:
        trace_ql8400_fw_igu_attn_ack("set", val);
        c->igu.attn_ack |= val;
        igu_attn_update(c);
        return;
    case IGU_CMD_ATTN_BIT_CLR:
        trace_ql8400_fw_igu_attn_ack("clear", val);
        c->igu.attn_ack &= val;
        igu_attn_update(c);
        return;
    }
    QL8400_LOG_UNIMP("ql8400: IGU command 0x%x <- 0x%x not modelled\n",
                     cmd, val);
}

static uint32_t igu_attn_ack_read(Ql8400Chip *c, uint32_t addr)
{
    return c->igu.attn_ack;
}

/*
 * A new attention address means a new driver instance: start its message
 * stream afresh, so no stale ack from the last life hides an assertion.
 */
static void igu_attn_addr_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    Ql8400IguSb *dsb = &c->igu.sb[QL8400_IGU_PF0_DSB];

    ql8400_grc_poke(c, addr, val);
    c->igu.attn_ack = 0;
    c->igu.attn_sent_bits = 0;
    c->igu.attn_sent_ack = 0;
    c->igu.attn_index = 0;
    dsb->prod[QL8400_IGU_SEG_ATTN] = 0;
    dsb->cons[QL8400_IGU_SEG_ATTN] = 0;
}

static void igu_pf_conf_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    trace_ql8400_fw_igu_pf_conf(val);
    if (ql8400_pglue_pretending(c)) {
        return;                 /* another function's: none in this model */
    }
    ql8400_grc_poke(c, addr, val);
    igu_update_intx(c);
    if (val & IGU_PF_CONF_FUNC_EN) {
        igu_retry_pending(c);
        igu_attn_update(c);
    }
}

static void igu_latch_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    ql8400_grc_poke(c, addr, val);
    igu_attn_update(c);
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
/* Every status block's producer and consumer back to 0. */
static void clear_prod_cons(Ql8400Chip *c)
{
    uint32_t a;

    for (a = IGU_REG_PROD_CONS_MEMORY; a < IGU_REG_PROD_CONS_MEMORY_END;
         a += 4) {
        ql8400_grc_poke(c, a, 0);
    }
}

static void igu_reset_memories_write(Ql8400Chip *c, uint32_t addr,
                                     uint32_t val)
{
    trace_ql8400_fw_igu_reset_memories(val);
    clear_prod_cons(c);
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

/*
 * The per-SB interrupt masks (bit n: IGU SB n of the PF). The driver
 * clears them at function init; an unmasked SB interrupts until its
 * owner disables it with an ack (cnic never enables its SB otherwise).
 */
static void igu_sb_mask_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    unsigned base = (addr - IGU_REG_SB_MASK_LSB) * 8, i;

    ql8400_grc_poke(c, addr, val);
    for (i = 0; i < 32 && base + i < QL8400_IGU_NUM_SBS; i++) {
        c->igu.sb[base + i].enabled = !(val & (1u << i));
    }
    igu_retry_pending(c);
}

static const Ql8400GrcReg igu_regs[] = {
    /* normal mode: BACKWARD_COMP_EN (bit 1) clear */
    { IGU_REG_BLOCK_CONFIGURATION, QL8400_GRC_RW, 0,
      "IGU_REG_BLOCK_CONFIGURATION" },
};

static const Ql8400GrcHook igu_hooks[] = {
    { IGU_REG_MAPPING_MEMORY, IGU_REG_MAPPING_MEMORY_SIZE * 4,
      "IGU_REG_MAPPING_MEMORY", igu_mapping_read, igu_mapping_write },
    { IGU_REG_RESET_MEMORIES, 4, "IGU_REG_RESET_MEMORIES",
      NULL, igu_reset_memories_write },
    { IGU_REG_COMMAND_REG_CTRL, 4, "IGU_REG_COMMAND_REG_CTRL",
      NULL, igu_command_write },
    { IGU_REG_PF_CONFIGURATION, 4, "IGU_REG_PF_CONFIGURATION",
      NULL, igu_pf_conf_write },
    { IGU_REG_ATTENTION_ACK_BITS, 4, "IGU_REG_ATTENTION_ACK_BITS",
      igu_attn_ack_read, NULL },
    { IGU_REG_ATTN_MSG_ADDR_H, 8, "IGU_REG_ATTN_MSG_ADDR",
      NULL, igu_attn_addr_write },
    { IGU_REG_LEADING_EDGE_LATCH, 4, "IGU_REG_LEADING_EDGE_LATCH",
      NULL, igu_latch_write },
    { IGU_REG_TRAILING_EDGE_LATCH, 4, "IGU_REG_TRAILING_EDGE_LATCH",
      NULL, igu_latch_write },
    { IGU_REG_SB_MASK_LSB, 8, "IGU_REG_SB_MASK", NULL, igu_sb_mask_write },
    { BAR_IGU_INTMEM, IGU_WINDOW_SIZE, "IGU command window",
      igu_window_read, igu_window_write },
};

void ql8400_igu_init(Ql8400Chip *c)
{
    ql8400_grc_add_regs(c, igu_regs, QL8400_ARRAY_LEN(igu_regs));
    ql8400_grc_add_hooks(c, igu_hooks, QL8400_ARRAY_LEN(igu_hooks));
}

void ql8400_igu_reset(Ql8400Chip *c, int kind)
{
    memset(&c->igu, 0, sizeof(c->igu));
    /* the function's interrupts are off and its status blocks forgotten */
    ql8400_grc_poke(c, IGU_REG_PF_CONFIGURATION, 0);
    clear_prod_cons(c);
    c->host->set_intx(c->host_opaque, false);
}
