/*
 * ql8400 firmware model: the port's link (EMAC MDIO masters, NIG link
 * interrupt, XMAC/UMAC status). See link.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "grc.h"
#include "link.h"
#include "misc.h"
#include "fw-trace.h"

/* MISC: the Warpcore's MDIO address, and the MACs in the reset register. */
#define MISC_REG_WC0_CTRL_PHY_ADDR              0xa9cc
#define MISC_REGISTERS_RESET_REG_2_UMAC0        (1u << 20)
#define MISC_REGISTERS_RESET_REG_2_XMAC         (1u << 22)
#define MISC_RESET_REG_2_INDEX                  1   /* for misc.h */

/* EMAC: each port's MDIO master. */
#define GRCBASE_EMAC0                           0x8000
#define GRCBASE_EMAC1                           0x8400
#define EMAC_REG_EMAC_MODE                      0x00
#define EMAC_REG_EMAC_MDIO_COMM                 0xac
#define EMAC_REG_EMAC_MDIO_MODE                 0xb4
#define EMAC_MODE_RESET                         (1u << 0)   /* self-clearing */
#define EMAC_MDIO_COMM_DATA                     0xffffu
#define EMAC_MDIO_COMM_REG(v)                   (((v) >> 16) & 0x1f)
#define EMAC_MDIO_COMM_PHY(v)                   (((v) >> 21) & 0x1f)
#define EMAC_MDIO_COMM_COMMAND(v)               (((v) >> 26) & 0x3)
#define EMAC_MDIO_COMM_START_BUSY               (1u << 29)
#define EMAC_MDIO_MODE_AUTO_POLL                (1u << 4)
#define EMAC_MDIO_MODE_CLAUSE_45                (1u << 31)

/* MDIO frame opcodes (EMAC_MDIO_COMM_COMMAND). */
#define MDIO_OP_ADDRESS                         0   /* clause 45 only */
#define MDIO_OP_WRITE                           1
#define MDIO_OP_READ_INC_22                     2   /* 45: post-read-inc */
#define MDIO_OP_READ_45                         3

/* NIG: link signals of port 0 and their interrupt. */
#define NIG_REG_EGRESS_EMAC0_PORT               0x10058
#define NIG_REG_STATUS_INTERRUPT_PORT0          0x10328
#define NIG_REG_MASK_INTERRUPT_PORT0            0x10330
#define NIG_REG_EMAC0_STATUS_MISC_MI_INT        0x10494
#define NIG_REG_SERDES0_STATUS_LINK_STATUS      0x10578
#define NIG_REG_XGXS0_STATUS_LINK10G            0x10680
#define NIG_REG_XGXS0_STATUS_LINK_STATUS        0x10684
#define NIG_STATUS_EMAC0_MI_INT                 (1u << 0)
#define NIG_STATUS_SERDES0_LINK_STATUS          (1u << 9)
#define NIG_STATUS_XGXS0_LINK10G                (1u << 15)
#define NIG_STATUS_XGXS0_LINK_STATUS            (0xfu << 18)
#define NIG_LINK_INTERRUPTS     (NIG_STATUS_EMAC0_MI_INT | \
                                 NIG_STATUS_SERDES0_LINK_STATUS | \
                                 NIG_STATUS_XGXS0_LINK10G | \
                                 NIG_STATUS_XGXS0_LINK_STATUS)

/* XMAC of port 0. */
#define GRCBASE_XMAC0                           0x163000
#define XMAC_REG_CTRL                           0x00
#define XMAC_REG_RX_LSS_STATUS                  0x58
#define XMAC_REG_CLEAR_RX_LSS_STATUS            0x60
#define XMAC_CTRL_REG_TX_EN                     (1u << 0)
#define XMAC_CTRL_REG_RX_EN                     (1u << 1)
#define XMAC_CTRL_REG_LINE_LOCAL_LPBK           (1u << 2)
#define XMAC_CTRL_REG_SOFT_RESET                (1u << 6)
#define XMAC_RX_LSS_LOCAL_FAULT                 (1u << 0)
#define XMAC_RX_LSS_REMOTE_FAULT                (1u << 1)

/* UMAC of port 0. */
#define GRCBASE_UMAC0                           0x160000
#define UMAC_REG_COMMAND_CONFIG                 0x08
#define UMAC_COMMAND_CONFIG_REG_TX_ENA          (1u << 0)
#define UMAC_COMMAND_CONFIG_REG_RX_ENA          (1u << 1)
#define UMAC_COMMAND_CONFIG_REG_SW_RESET        (1u << 13)
#define UMAC_COMMAND_CONFIG_REG_LOOP_ENA        (1u << 15)

static const char *emac_name(uint32_t addr)
{
    return addr >= GRCBASE_EMAC1 ? "EMAC1" : "EMAC0";
}

static bool xmac_running(const Ql8400Chip *c)
{
    return ql8400_misc_block_running(c, MISC_RESET_REG_2_INDEX,
                                     MISC_REGISTERS_RESET_REG_2_XMAC);
}

static bool umac_running(const Ql8400Chip *c)
{
    return ql8400_misc_block_running(c, MISC_RESET_REG_2_INDEX,
                                     MISC_REGISTERS_RESET_REG_2_UMAC0);
}

/*
 * The XGXS0 link signals of port 0. On E3 the Warpcore drives the four
 * XGXS0_LINK_STATUS bits together (the driver acknowledges a link-up with
 * all four); LINK10G, the SerDes link and the external PHY's MI interrupt
 * belong to the E1x/E2 PHYs and stay low.
 */
static uint32_t nig_signals(const Ql8400Chip *c)
{
    return c->link.phy_up ? NIG_STATUS_XGXS0_LINK_STATUS : 0;
}

/*
 * The status register holds the link state the driver acknowledged; the
 * NIG interrupts while a signal differs from it and the mask lets it
 * through.
 */
static void nig_update(Ql8400Chip *c)
{
    Ql8400Link *l = &c->link;
    uint32_t status = ql8400_grc_peek(c, NIG_REG_STATUS_INTERRUPT_PORT0);
    uint32_t mask = ql8400_grc_peek(c, NIG_REG_MASK_INTERRUPT_PORT0);
    uint32_t signals = nig_signals(c);
    bool level = ((signals ^ status) & mask & NIG_LINK_INTERRUPTS) != 0;

    if (level == l->nig_line) {
        return;
    }
    l->nig_line = level;
    l->nig_line_changes++;
    trace_ql8400_fw_nig_line(level, status, mask, signals);
    ql8400_attn_set_line(c, QL8400_ATTN_NIG_FOR_FUNC, level);
}

/* Re-evaluate the lane's link after anything that may have changed it. */
static void link_update(Ql8400Chip *c)
{
    Ql8400Link *l = &c->link;
    bool up = ql8400_wc_sample(&l->wc);

    if (up != l->phy_up) {
        l->phy_up = up;
        trace_ql8400_fw_link_phy(up, up ? ql8400_wc_speed_mbps(
                                     ql8400_wc_speed_code(&l->wc)) : 0);
        /* the XMAC's receiver loses its sequences: a sticky local fault */
        if (!up && xmac_running(c)) {
            l->lss_sticky |= XMAC_RX_LSS_LOCAL_FAULT;
        }
    }
    nig_update(c);
}

/* EMAC_MODE: a soft reset completes at once. */
static void emac_mode_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    if (val & EMAC_MODE_RESET) {
        trace_ql8400_fw_emac_reset(emac_name(addr));
        val &= ~EMAC_MODE_RESET;
    }
    ql8400_grc_poke(c, addr, val);
}

static const char *const mdio_op45[] = {
    "address", "write", "read-inc", "read"
};
static const char *const mdio_op22[] = {
    "invalid-00", "cl22-write", "cl22-read", "invalid-11"
};

/*
 * One MDIO frame on the bus; returns the data field the master latches
 * (the read data, or what was sent). Only the Warpcore sits on the bus:
 * nothing drives the data line for another address, it reads all ones.
 */
static uint16_t mdio_frame(Ql8400Chip *c, const char *emac, bool cl45,
                           uint32_t comm)
{
    Ql8400Warpcore *wc = &c->link.wc;
    unsigned phy = EMAC_MDIO_COMM_PHY(comm);
    unsigned dev = EMAC_MDIO_COMM_REG(comm);
    unsigned op = EMAC_MDIO_COMM_COMMAND(comm);
    uint16_t data = comm & EMAC_MDIO_COMM_DATA;
    bool read = cl45 ? op >= MDIO_OP_READ_INC_22 : op != MDIO_OP_WRITE;

    trace_ql8400_fw_mdio_frame(emac, cl45 ? mdio_op45[op] : mdio_op22[op],
                               phy, dev, data);
    if (phy != (ql8400_grc_peek(c, MISC_REG_WC0_CTRL_PHY_ADDR) & 0x1f)) {
        QL8400_LOG_GUEST_ERROR("ql8400: %s MDIO frame (0x%08x) to PHY"
                               " address %u: no device there\n",
                               emac, comm, phy);
        return read ? 0xffff : data;
    }
    if (cl45) {
        switch (op) {
        case MDIO_OP_ADDRESS:
            ql8400_wc_cl45_address(wc, dev, data);
            return data;
        case MDIO_OP_WRITE:
            ql8400_wc_cl45_write(wc, dev, data);
            link_update(c);
            return data;
        default:
            return ql8400_wc_cl45_read(wc, dev, op == MDIO_OP_READ_INC_22);
        }
    }
    switch (op) {
    case MDIO_OP_WRITE:
        ql8400_wc_cl22_write(wc, dev, data);
        link_update(c);
        return data;
    case MDIO_OP_READ_INC_22:
        return ql8400_wc_cl22_read(wc, dev);
    }
    QL8400_LOG_GUEST_ERROR("ql8400: %s clause 22 frame with clause 45"
                           " opcode %u (0x%08x)\n", emac, op, comm);
    return 0xffff;
}

/*
 * EMAC_MDIO_COMM: writing START_BUSY sends a frame. The model completes it
 * at once, so the busy bit reads clear on the driver's first poll.
 */
static void emac_mdio_comm_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    uint32_t base = addr - EMAC_REG_EMAC_MDIO_COMM;
    uint32_t mode = ql8400_grc_peek(c, base + EMAC_REG_EMAC_MDIO_MODE);
    uint16_t data;

    if (!(val & EMAC_MDIO_COMM_START_BUSY)) {
        ql8400_grc_poke(c, addr, val);
        return;
    }
    if ((mode & EMAC_MDIO_MODE_AUTO_POLL) && !c->link.mdio_autopoll_reported) {
        c->link.mdio_autopoll_reported = true;
        QL8400_LOG_UNIMP("ql8400: %s MDIO auto-poll not modelled\n",
                         emac_name(addr));
    }
    data = mdio_frame(c, emac_name(addr), mode & EMAC_MDIO_MODE_CLAUSE_45,
                      val);
    ql8400_grc_poke(c, addr, (val & ~(EMAC_MDIO_COMM_START_BUSY |
                                      EMAC_MDIO_COMM_DATA)) | data);
}

static void nig_interrupt_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    ql8400_grc_poke(c, addr, val);
    nig_update(c);
}

static uint32_t nig_xgxs_link10g_read(Ql8400Chip *c, uint32_t addr)
{
    return c->link.phy_up &&
           ql8400_wc_speed_mbps(ql8400_wc_speed_code(&c->link.wc)) >= 10000;
}

static uint32_t nig_xgxs_link_status_read(Ql8400Chip *c, uint32_t addr)
{
    return nig_signals(c) >> 18;
}

static void read_only_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    trace_ql8400_fw_grc_ro_write(addr, ql8400_grc_name(c, addr), val);
}

static void xmac_ctrl_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    uint32_t old = ql8400_grc_peek(c, addr);

    ql8400_grc_poke(c, addr, val);
    if (val & XMAC_CTRL_REG_SOFT_RESET) {
        c->link.lss_sticky = 0;
    }
    if (old != val) {
        trace_ql8400_fw_xmac_ctrl(old, val);
    }
}

/*
 * RX_LSS_STATUS: the faults the receiver saw since they were last cleared
 * (sticky), and the current one. The peer is a QEMU netdev: it never
 * signals a remote fault.
 */
static uint32_t xmac_lss_status_read(Ql8400Chip *c, uint32_t addr)
{
    uint32_t val;

    if (!xmac_running(c)) {
        c->link.lss_sticky = 0;
        return 0;
    }
    val = c->link.lss_sticky |
          (c->link.phy_up ? 0 : XMAC_RX_LSS_LOCAL_FAULT);
    trace_ql8400_fw_xmac_lss(c->link.lss_sticky, val);
    return val;
}

/*
 * CLEAR_RX_LSS_STATUS: a rising edge of a bit clears its sticky fault; a
 * fault still present latches again at once.
 */
static void xmac_lss_clear_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    uint32_t rising = val & ~ql8400_grc_peek(c, addr) &
                      (XMAC_RX_LSS_LOCAL_FAULT | XMAC_RX_LSS_REMOTE_FAULT);

    c->link.lss_sticky &= ~rising;
    if (!c->link.phy_up && xmac_running(c)) {
        c->link.lss_sticky |= XMAC_RX_LSS_LOCAL_FAULT;
    }
    ql8400_grc_poke(c, addr, val);
}

static const Ql8400GrcReg link_regs[] = {
    { MISC_REG_WC0_CTRL_PHY_ADDR, QL8400_GRC_RW, QL8400_WC_PHY_ADDR,
      "MISC_REG_WC0_CTRL_PHY_ADDR" },
    /* no external PHY, no SerDes (E1x) link on E3 */
    { NIG_REG_EMAC0_STATUS_MISC_MI_INT, QL8400_GRC_RO, 0,
      "NIG_REG_EMAC0_STATUS_MISC_MI_INT" },
    { NIG_REG_SERDES0_STATUS_LINK_STATUS, QL8400_GRC_RO, 0,
      "NIG_REG_SERDES0_STATUS_LINK_STATUS" },
};

static const Ql8400GrcHook link_hooks[] = {
    { GRCBASE_EMAC0 + EMAC_REG_EMAC_MODE, 4, "EMAC0_REG_EMAC_MODE",
      NULL, emac_mode_write },
    { GRCBASE_EMAC0 + EMAC_REG_EMAC_MDIO_COMM, 4, "EMAC0_REG_EMAC_MDIO_COMM",
      NULL, emac_mdio_comm_write },
    { GRCBASE_EMAC1 + EMAC_REG_EMAC_MODE, 4, "EMAC1_REG_EMAC_MODE",
      NULL, emac_mode_write },
    { GRCBASE_EMAC1 + EMAC_REG_EMAC_MDIO_COMM, 4, "EMAC1_REG_EMAC_MDIO_COMM",
      NULL, emac_mdio_comm_write },
    { NIG_REG_STATUS_INTERRUPT_PORT0, 4, "NIG_REG_STATUS_INTERRUPT_PORT0",
      NULL, nig_interrupt_write },
    { NIG_REG_MASK_INTERRUPT_PORT0, 4, "NIG_REG_MASK_INTERRUPT_PORT0",
      NULL, nig_interrupt_write },
    { NIG_REG_XGXS0_STATUS_LINK10G, 4, "NIG_REG_XGXS0_STATUS_LINK10G",
      nig_xgxs_link10g_read, read_only_write },
    { NIG_REG_XGXS0_STATUS_LINK_STATUS, 4,
      "NIG_REG_XGXS0_STATUS_LINK_STATUS",
      nig_xgxs_link_status_read, read_only_write },
    { GRCBASE_XMAC0 + XMAC_REG_CTRL, 4, "XMAC_REG_CTRL",
      NULL, xmac_ctrl_write },
    { GRCBASE_XMAC0 + XMAC_REG_RX_LSS_STATUS, 4, "XMAC_REG_RX_LSS_STATUS",
      xmac_lss_status_read, read_only_write },
    { GRCBASE_XMAC0 + XMAC_REG_CLEAR_RX_LSS_STATUS, 4,
      "XMAC_REG_CLEAR_RX_LSS_STATUS", NULL, xmac_lss_clear_write },
};

void ql8400_link_init(Ql8400Chip *c)
{
    ql8400_grc_add_regs(c, link_regs, QL8400_ARRAY_LEN(link_regs));
    ql8400_grc_add_hooks(c, link_hooks, QL8400_ARRAY_LEN(link_hooks));
    /* a cable is plugged in until the host says otherwise */
    ql8400_wc_set_carrier(&c->link.wc, true);
    ql8400_wc_reset(&c->link.wc);
}

void ql8400_link_reset(Ql8400Chip *c, int kind)
{
    Ql8400Link *l = &c->link;

    /* the serdes belongs to the port: a function reset leaves it be */
    if (kind == QL8400_RESET_POWER_ON) {
        ql8400_wc_reset(&l->wc);
        l->mdio_autopoll_reported = false;
    }
    l->lss_sticky = 0;
    l->phy_up = ql8400_wc_sample(&l->wc);
    /*
     * The IGU reset dropped its copy of the NIG's line: raise it again from
     * the NIG's registers (clear after a power cycle, the port's own after
     * a function reset, which leaves a pending link change pending).
     */
    l->nig_line = false;
    nig_update(c);
}

void ql8400_link_set_carrier(Ql8400Chip *c, bool up)
{
    if (up == c->link.wc.carrier) {
        return;
    }
    trace_ql8400_fw_link_carrier(up);
    ql8400_wc_set_carrier(&c->link.wc, up);
    link_update(c);
}

bool ql8400_link_carrier(const Ql8400Chip *c)
{
    return c->link.wc.carrier;
}

bool ql8400_link_is_up(const Ql8400Chip *c)
{
    uint32_t cfg;

    if (ql8400_grc_peek(c, NIG_REG_EGRESS_EMAC0_PORT) == 0) {
        cfg = ql8400_grc_peek(c, GRCBASE_XMAC0 + XMAC_REG_CTRL);
        if (!xmac_running(c) || (cfg & XMAC_CTRL_REG_SOFT_RESET) ||
            (~cfg & (XMAC_CTRL_REG_TX_EN | XMAC_CTRL_REG_RX_EN))) {
            return false;
        }
        return c->link.phy_up || (cfg & XMAC_CTRL_REG_LINE_LOCAL_LPBK);
    }
    cfg = ql8400_grc_peek(c, GRCBASE_UMAC0 + UMAC_REG_COMMAND_CONFIG);
    if (!umac_running(c) || (cfg & UMAC_COMMAND_CONFIG_REG_SW_RESET) ||
        (~cfg & (UMAC_COMMAND_CONFIG_REG_TX_ENA |
                 UMAC_COMMAND_CONFIG_REG_RX_ENA))) {
        return false;
    }
    return c->link.phy_up || (cfg & UMAC_COMMAND_CONFIG_REG_LOOP_ENA);
}
