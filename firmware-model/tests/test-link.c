/*
 * Unit tests: the link — the EMAC0 MDIO master and the Warpcore behind it,
 * the NIG link interrupt (attention bit 8), the XMAC status, and carrier
 * changes. The driver's register sequences are written out as
 * bnx2x_link.c / bnx2x_main.c (Linux 6.1) run them on the XFI path of an
 * E3 B0 port 0 with the Warpcore direct (no external PHY).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include "fake-host.h"
#include "grc.h"
#include "tests.h"

/* GRC addresses, as the driver uses them */
#define EMAC0_MODE              0x8000u
#define EMAC0_LED               0x800cu
#define EMAC0_MAC_MATCH         0x8010u
#define EMAC0_MDIO_COMM         0x80acu
#define EMAC0_MDIO_STATUS       0x80b0u
#define EMAC0_MDIO_MODE         0x80b4u
#define MISC_RESET_REG_2        0xa590u
#define MISC_RESET_REG_2_SET    0xa594u
#define MISC_RESET_REG_2_CLEAR  0xa598u
#define MISC_CPMU_LP_FW_EN_P0   0xa84cu
#define MISC_CPMU_LP_MASK_ENT_P0 0xa880u
#define MISC_XMAC_PHY_PORT_MODE 0xa960u
#define MISC_XMAC_CORE_PORT_MODE 0xa964u
#define MISC_WC0_CTRL_PHY_ADDR  0xa9ccu
#define NIG_EGRESS_EMAC0_PORT   0x10058u
#define NIG_EGRESS_DRAIN0_MODE  0x10060u
#define NIG_LLH0_BRB1_DRV_MASK  0x10244u
#define NIG_LLH0_BRB1_NOT_MCP   0x1025cu
#define NIG_LED_MODE_P0         0x102f0u
#define NIG_LED_10G_P0          0x10320u
#define NIG_STATUS_INT_PORT0    0x10328u
#define NIG_MASK_INT_PORT0      0x10330u
#define NIG_EMAC0_MI_INT        0x10494u
#define NIG_SERDES0_LINK        0x10578u
#define NIG_XGXS0_LINK10G       0x10680u
#define NIG_XGXS0_LINK_STATUS   0x10684u
#define NIG_LLH0_BRB1_DRV_MASK_MF 0x16048u
#define NIG_P0_MAC_IN_EN        0x185acu
#define NIG_P0_MAC_OUT_EN       0x185b0u
#define NIG_P0_MAC_PAUSE_OUT_EN 0x185b4u
#define UMAC0_COMMAND_CONFIG    0x160008u
#define XMAC0_CTRL              0x163000u
#define XMAC0_TX_CTRL           0x163020u
#define XMAC0_CTRL_SA_LO        0x163028u
#define XMAC0_CTRL_SA_HI        0x16302cu
#define XMAC0_RX_MAX_SIZE       0x163040u
#define XMAC0_RX_LSS_STATUS     0x163058u
#define XMAC0_CLEAR_RX_LSS      0x163060u
#define XMAC0_PAUSE_CTRL        0x163068u
#define XMAC0_PFC_CTRL          0x163070u
#define XMAC0_PFC_CTRL_HI       0x163074u
#define XMAC0_EEE_CTRL          0x1630d8u

/* EMAC_MDIO_COMM / _MODE fields */
#define COMM_BUSY               (1u << 29)
#define COMM_ADDRESS            (0u << 26)
#define COMM_WRITE              (1u << 26)
#define COMM_READ_22            (2u << 26)
#define COMM_READ_45            (3u << 26)
#define MODE_CLAUSE_45          (1u << 31)
#define MODE_AUTO_POLL          (1u << 4)
#define MODE_CLOCK_CNT          (0x3ffu << 16)

/* NIG interrupt bits */
#define NIG_MI_INT              (1u << 0)
#define NIG_SERDES0_LINK_STATUS (1u << 9)
#define NIG_XGXS0_LINK10G_BIT   (1u << 15)
#define NIG_XGXS0_LINK_STATUS_BITS (0xfu << 18)

#define RESET_REG_2_EMAC0_HARD  (1u << 14)
#define RESET_REG_2_UMAC0       (1u << 20)
#define RESET_REG_2_XMAC        (1u << 22)
#define RESET_REG_2_XMAC_SOFT   (1u << 23)

/* Warpcore registers (devad 3 unless noted) */
#define WC_DEVAD                3
#define PMA_DEVAD               1
#define AN_DEVAD                7
#define WC_IEEE0BLK_MIICNTL     0x0000
#define WC_PCS_STATUS1          0x0001
#define WC_XGXSBLK0_XGXSCONTROL 0x8000
#define WC_LANECTRL0            0x8015
#define WC_LANECTRL1            0x8016
#define WC_LANECTRL2            0x8017
#define WC_TX0_TX_DRIVER        0x8067
#define WC_GP2_STATUS_GP_2_0    0x81d0
#define WC_GP2_STATUS_GP_2_1    0x81d1
#define WC_GP2_STATUS_GP_2_2    0x81d2
#define WC_GP2_STATUS_GP_2_4    0x81d4
#define WC_DSC_MISC_CTRL0       0x821e
#define WC_TX_FIR_TAP           0x82e2
#define WC_CONTROL1000X1        0x8300
#define WC_CONTROL1000X2        0x8301
#define WC_CONTROL1000X3        0x8302
#define WC_MISC1                0x8308
#define WC_DIGITAL4_MISC3       0x833c
#define WC_DIGITAL4_MISC5       0x833e
#define WC_DIGITAL5_MISC6       0x8345
#define WC_EEE_COMBO_CONTROL0   0x8390
#define WC_RX66_CONTROL         0x83c0
#define WC_RX66_SCW0            0x83c2
#define WC_FX100_CTRL1          0x8400
#define WC_FX100_CTRL3          0x8402
#define WC_AER                  0xffde
#define WC_COMBO_MIICTRL        0xffe0
#define AN_REG_CTRL             0x0000

#define SPEED_10G_XFI           0x1b

static FakeHost *h;
static Ql8400Chip *c;

static void setup(void)
{
    h = fake_host_new();
    c = &h->chip;
    ql8400_log_guest_errors = 0;
    ql8400_log_unimp = 0;
}

static void teardown(void)
{
    fake_host_free(h);
}

static uint32_t rd(uint32_t addr)
{
    return ql8400_grc_read(c, addr, 4);
}

static void wr(uint32_t addr, uint32_t val)
{
    ql8400_grc_write(c, addr, val, 4);
}

static void bits_en(uint32_t addr, uint32_t bits)
{
    wr(addr, rd(addr) | bits);
}

static void bits_dis(uint32_t addr, uint32_t bits)
{
    wr(addr, rd(addr) & ~bits);
}

/* the MDIO port address the driver takes from MISC (populate_int_phy) */
static uint32_t phy_addr(void)
{
    return rd(MISC_WC0_CTRL_PHY_ADDR);
}

/* one EMAC_MDIO_COMM frame: done by the first poll, as the driver polls */
static uint32_t mdio_comm(uint32_t comm)
{
    uint32_t val;

    wr(EMAC0_MDIO_COMM, comm | COMM_BUSY);
    val = rd(EMAC0_MDIO_COMM);
    ck_assert_msg(!(val & COMM_BUSY), "MDIO frame 0x%08x still busy", comm);
    return val;
}

/* bnx2x_cl45_write with FLAGS_MDC_MDIO_WA_B0 */
static void cl45_write_at(uint32_t phy, unsigned devad, uint16_t reg,
                          uint16_t val)
{
    bits_en(EMAC0_MDIO_STATUS, 0x2);
    mdio_comm(phy << 21 | devad << 16 | reg | COMM_ADDRESS);
    mdio_comm(phy << 21 | devad << 16 | val | COMM_WRITE);
    bits_dis(EMAC0_MDIO_STATUS, 0x2);
}

/* bnx2x_cl45_read with FLAGS_MDC_MDIO_WA_B0 */
static uint16_t cl45_read_at(uint32_t phy, unsigned devad, uint16_t reg)
{
    uint32_t val;

    bits_en(EMAC0_MDIO_STATUS, 0x2);
    mdio_comm(phy << 21 | devad << 16 | reg | COMM_ADDRESS);
    val = mdio_comm(phy << 21 | devad << 16 | COMM_READ_45);
    bits_dis(EMAC0_MDIO_STATUS, 0x2);
    return val & 0xffff;
}

static void cl45_write(unsigned devad, uint16_t reg, uint16_t val)
{
    cl45_write_at(phy_addr(), devad, reg, val);
}

static uint16_t cl45_read(unsigned devad, uint16_t reg)
{
    return cl45_read_at(phy_addr(), devad, reg);
}

static void cl45_and(unsigned devad, uint16_t reg, uint16_t and)
{
    cl45_write(devad, reg, cl45_read(devad, reg) & and);
}

static void cl45_or(unsigned devad, uint16_t reg, uint16_t or)
{
    cl45_write(devad, reg, cl45_read(devad, reg) | or);
}

/* bnx2x_cl22_write / _read: clause 22 for the one frame */
static void cl22_write(uint16_t reg, uint16_t val)
{
    uint32_t mode = rd(EMAC0_MDIO_MODE);

    wr(EMAC0_MDIO_MODE, mode & ~MODE_CLAUSE_45);
    mdio_comm(phy_addr() << 21 | reg << 16 | val | COMM_WRITE);
    wr(EMAC0_MDIO_MODE, mode);
}

static uint16_t cl22_read(uint16_t reg)
{
    uint32_t mode = rd(EMAC0_MDIO_MODE);
    uint32_t val;

    wr(EMAC0_MDIO_MODE, mode & ~MODE_CLAUSE_45);
    val = mdio_comm(phy_addr() << 21 | reg << 16 | COMM_READ_22);
    wr(EMAC0_MDIO_MODE, mode);
    return val & 0xffff;
}

/* bnx2x_set_mdio_clk on a Warpcore chip */
static void set_mdio_clk(void)
{
    uint32_t cur = rd(EMAC0_MDIO_MODE);

    if ((cur & MODE_CLOCK_CNT) == 74u << 16 && (cur & MODE_CLAUSE_45)) {
        return;
    }
    wr(EMAC0_MDIO_MODE, (cur & ~(MODE_AUTO_POLL | MODE_CLOCK_CNT)) |
       74u << 16 | MODE_CLAUSE_45);
}

/* bnx2x_set_aer_mmd: lane 0 */
static void set_aer(void)
{
    cl45_write(WC_DEVAD, WC_AER, 0);
}

/* bnx2x_warpcore_reset_lane */
static void wc_reset_lane(bool reset)
{
    uint16_t v = cl45_read(WC_DEVAD, WC_DIGITAL5_MISC6);

    cl45_write(WC_DEVAD, WC_DIGITAL5_MISC6, reset ? v | 0xc000 : v & 0x3fff);
    cl45_read(WC_DEVAD, WC_DIGITAL5_MISC6);
}

/* bnx2x_set_xmac_rxtx(params, 0) */
static void xmac_rxtx_off(void)
{
    uint32_t pfc;

    if (!(rd(MISC_RESET_REG_2) & RESET_REG_2_XMAC)) {
        return;
    }
    pfc = rd(XMAC0_PFC_CTRL_HI);
    wr(XMAC0_PFC_CTRL_HI, pfc & ~2u);
    wr(XMAC0_PFC_CTRL_HI, pfc | 2u);
    wr(XMAC0_CTRL, rd(XMAC0_CTRL) & ~3u);
}

/* bnx2x_set_led(LED_MODE_OFF) */
static void led_off(void)
{
    wr(NIG_LED_10G_P0, 0);
    wr(NIG_LED_MODE_P0, 0);
    bits_en(EMAC0_LED, 1);
}

/* bnx2x_link_reset (E3, Warpcore) */
static void driver_link_reset(void)
{
    bits_dis(NIG_MASK_INT_PORT0, NIG_XGXS0_LINK_STATUS_BITS |
             NIG_XGXS0_LINK10G_BIT | NIG_SERDES0_LINK_STATUS | NIG_MI_INT);
    wr(NIG_EGRESS_DRAIN0_MODE, 1);
    xmac_rxtx_off();
    if (rd(MISC_RESET_REG_2) & RESET_REG_2_UMAC0) {
        bits_dis(UMAC0_COMMAND_CONFIG, 3);
    }
    set_mdio_clk();
    led_off();
    /* bnx2x_warpcore_link_reset */
    set_mdio_clk();
    set_aer();
    wc_reset_lane(true);
    cl45_and(WC_DEVAD, WC_COMBO_MIICTRL, 0xbfff);
    cl45_and(WC_DEVAD, WC_IEEE0BLK_MIICNTL, 0xfffe);
    cl45_write(WC_DEVAD, WC_AER, 0);
    cl45_and(WC_DEVAD, WC_XGXSBLK0_XGXSCONTROL, (uint16_t)~0x10);
    cl45_and(WC_DEVAD, WC_LANECTRL2, 0xff00);
    cl45_write(WC_DEVAD, WC_LANECTRL0,
               cl45_read(WC_DEVAD, WC_LANECTRL0) | 0x11);
    cl45_write(WC_DEVAD, WC_LANECTRL1,
               (cl45_read(WC_DEVAD, WC_LANECTRL1) & ~0x0303) | 0x0101);
    set_aer();
    /* bnx2x_set_xumac_nig(0, 0) */
    wr(NIG_P0_MAC_IN_EN, 0);
    wr(NIG_P0_MAC_OUT_EN, 0);
    wr(NIG_P0_MAC_PAUSE_OUT_EN, 0);
    if (rd(MISC_RESET_REG_2) & RESET_REG_2_XMAC) {
        wr(XMAC0_CTRL, 0x40);
    }
}

/* bnx2x_warpcore_clear_regs */
static void wc_clear_regs(void)
{
    cl45_or(WC_DEVAD, WC_RX66_CONTROL, 3 << 13);
    cl45_write(AN_DEVAD, AN_REG_CTRL, 0);
    cl45_write(WC_DEVAD, WC_FX100_CTRL1, 0x014a);
    cl45_write(WC_DEVAD, WC_FX100_CTRL3, 0x0800);
    cl45_write(WC_DEVAD, WC_DIGITAL4_MISC3, 0x8008);
    cl45_write(WC_DEVAD, WC_CONTROL1000X1, 0x0195);
    cl45_write(WC_DEVAD, WC_CONTROL1000X2, 0x0007);
    cl45_write(WC_DEVAD, WC_CONTROL1000X3, 0x0002);
    cl45_write(WC_DEVAD, WC_MISC1, 0x6000);
    cl45_write(WC_DEVAD, WC_TX_FIR_TAP, 0x0000);
    cl45_write(WC_DEVAD, WC_IEEE0BLK_MIICNTL, 0x2040);
    cl45_write(WC_DEVAD, WC_COMBO_MIICTRL, 0x0140);
    cl45_write(WC_DEVAD, WC_TX0_TX_DRIVER, 0x0990);
}

/* bnx2x_warpcore_set_10G_XFI(is_xfi = 1) */
static void wc_set_10g_xfi(void)
{
    uint16_t v;

    cl45_or(WC_DEVAD, WC_DSC_MISC_CTRL0, 0x8000);
    cl45_or(WC_DEVAD, WC_CONTROL1000X3, 0x1);
    cl45_write(AN_DEVAD, AN_REG_CTRL, 0);
    cl45_and(WC_DEVAD, WC_FX100_CTRL1, 0xfffa);
    cl45_or(WC_DEVAD, WC_FX100_CTRL3, 0x0080);
    cl45_and(WC_DEVAD, WC_DIGITAL4_MISC3, 0xff7f);
    cl45_and(WC_DEVAD, WC_CONTROL1000X1, 0xffee);
    v = cl45_read(WC_DEVAD, WC_CONTROL1000X2);
    cl45_write(WC_DEVAD, WC_CONTROL1000X2, (v | 0x0006) & 0xfffe);
    v = cl45_read(WC_DEVAD, WC_MISC1);
    cl45_write(WC_DEVAD, WC_MISC1, (v & ~0x1f) | 0x5);
    cl45_write(WC_DEVAD, WC_TX_FIR_TAP, 0xa370);
    cl45_write(WC_DEVAD, WC_TX0_TX_DRIVER, 0x0230);
    cl45_or(WC_DEVAD, WC_CONTROL1000X1, 0xd);
    cl45_or(WC_DEVAD, WC_DIGITAL4_MISC3, 0x8080);
    cl45_write(WC_DEVAD, WC_EEE_COMBO_CONTROL0, 0x7c);
    cl45_or(WC_DEVAD, WC_DIGITAL4_MISC5, 0xc000);
    cl45_write(WC_DEVAD, WC_IEEE0BLK_MIICNTL, 0x0100);
    cl45_and(WC_DEVAD, WC_CONTROL1000X3, 0xfffe);
    cl45_and(WC_DEVAD, WC_DSC_MISC_CTRL0, 0x7fff);
}

/*
 * bnx2x_phy_init as bnx2x_initial_phy_init runs it: link flap avoidance
 * not possible (link_status 0), XFI, line speed 10000.
 */
static void driver_phy_init(void)
{
    /* bnx2x_set_rx_filter(params, 1) */
    wr(NIG_LLH0_BRB1_DRV_MASK, 0x3f);
    wr(NIG_LLH0_BRB1_DRV_MASK_MF, 3);
    wr(NIG_LLH0_BRB1_NOT_MCP, 1);
    /* bnx2x_cannot_avoid_link_flap -> bnx2x_link_reset */
    driver_link_reset();
    bits_dis(NIG_MASK_INT_PORT0, NIG_XGXS0_LINK_STATUS_BITS |
             NIG_XGXS0_LINK10G_BIT | NIG_SERDES0_LINK_STATUS | NIG_MI_INT);
    /* bnx2x_emac_init */
    wr(MISC_RESET_REG_2_CLEAR, RESET_REG_2_EMAC0_HARD);
    wr(MISC_RESET_REG_2_SET, RESET_REG_2_EMAC0_HARD);
    wr(EMAC0_MODE, rd(EMAC0_MODE) | 1);
    ck_assert_uint_eq(rd(EMAC0_MODE) & 1, 0);
    set_mdio_clk();
    wr(EMAC0_MAC_MATCH, 0x000e);
    wr(EMAC0_MAC_MATCH + 4, 0x1e840001);
    /* bnx2x_link_initialize -> bnx2x_warpcore_config_init */
    set_aer();
    wc_reset_lane(true);
    wc_clear_regs();
    wc_set_10g_xfi();
    wc_reset_lane(false);
    bits_dis(NIG_STATUS_INT_PORT0, NIG_XGXS0_LINK10G_BIT |
             NIG_XGXS0_LINK_STATUS_BITS | NIG_SERDES0_LINK_STATUS |
             NIG_MI_INT);
    /* msleep(30), bnx2x_link_int_enable */
    bits_en(NIG_MASK_INT_PORT0, NIG_XGXS0_LINK_STATUS_BITS);
}

/* bnx2x_xmac_enable, no PFC, TX and RX pause */
static void driver_xmac_enable(void)
{
    wr(MISC_RESET_REG_2_CLEAR, RESET_REG_2_XMAC);
    wr(MISC_RESET_REG_2_SET, RESET_REG_2_XMAC);
    wr(MISC_XMAC_CORE_PORT_MODE, 0);
    wr(MISC_XMAC_PHY_PORT_MODE, 3);
    wr(MISC_RESET_REG_2_CLEAR, RESET_REG_2_XMAC_SOFT);
    wr(MISC_RESET_REG_2_SET, RESET_REG_2_XMAC_SOFT);
    wr(NIG_EGRESS_EMAC0_PORT, 0);
    wr(XMAC0_RX_MAX_SIZE, 0x2710);
    wr(XMAC0_TX_CTRL, 0xc800);
    wr(XMAC0_PAUSE_CTRL, 0x18000 | 1u << 18 | 1u << 17);
    wr(XMAC0_PFC_CTRL, 0xffff8000);
    wr(XMAC0_PFC_CTRL_HI, 2);
    wr(XMAC0_CTRL_SA_LO, 0x1e840001);
    wr(XMAC0_CTRL_SA_HI, 0x000e);
    wr(XMAC0_EEE_CTRL, 0);
    wr(XMAC0_CTRL, 3);
    wr(NIG_P0_MAC_IN_EN, 1);
    wr(NIG_P0_MAC_OUT_EN, 1);
    wr(NIG_P0_MAC_PAUSE_OUT_EN, 1);
}

/*
 * For other suites: the link up as the driver brings it up, on a chip
 * with the cable in.
 */
void test_link_bring_up(Ql8400Chip *chip)
{
    Ql8400Chip *saved = c;

    c = chip;
    ql8400_link_set_carrier(c, true);
    driver_phy_init();
    driver_xmac_enable();
    ck_assert(ql8400_link_is_up(c));
    c = saved;
}

/* bnx2x_check_half_open_conn on E3: 1 if the XMAC saw a fault */
static unsigned half_open_check(void)
{
    if (rd(NIG_EGRESS_EMAC0_PORT) ||
        !(rd(MISC_RESET_REG_2) & RESET_REG_2_XMAC)) {
        return 0;
    }
    wr(XMAC0_CLEAR_RX_LSS, 0);
    wr(XMAC0_CLEAR_RX_LSS, 3);
    return rd(XMAC0_RX_LSS_STATUS) != 0;
}

/* bnx2x_period_func on the XFI path, with the physical link flag */
static unsigned period_func(void)
{
    unsigned fault;

    set_aer();
    fault = half_open_check();
    set_aer();
    return fault;
}

typedef struct LinkResult {
    bool link_up;
    unsigned speed;             /* GP2 speed code */
    unsigned half_open;
} LinkResult;

/*
 * The NIG branch of bnx2x_attn_int_asserted: mask saved and cleared,
 * bnx2x_link_attn -> bnx2x_link_update, mask restored.
 */
static LinkResult driver_link_attn(void)
{
    LinkResult res = { 0 };
    uint32_t nig_mask = rd(NIG_MASK_INT_PORT0);
    uint16_t gp_status1, gp_speed;

    ck_assert_uint_ne(nig_mask, 0);
    wr(NIG_MASK_INT_PORT0, 0);
    ck_assert(!c->link.nig_line);
    /* bnx2x_link_update */
    set_aer();
    ck_assert_uint_eq(rd(NIG_EMAC0_MI_INT), 0);
    /* bnx2x_warpcore_read_status, lane 0, forced 10G */
    gp_status1 = cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_1);
    res.link_up = ((gp_status1 >> 8) | (gp_status1 >> 12) | gp_status1) & 1;
    gp_speed = cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_2);
    res.speed = ((gp_speed << 8) & 0x3f00) >> 8;
    /* bnx2x_link_int_ack */
    bits_dis(NIG_STATUS_INT_PORT0, NIG_XGXS0_LINK10G_BIT |
             NIG_XGXS0_LINK_STATUS_BITS | NIG_SERDES0_LINK_STATUS);
    if (res.link_up) {
        bits_en(NIG_STATUS_INT_PORT0, NIG_XGXS0_LINK_STATUS_BITS);
        /* bnx2x_update_link_up */
        driver_xmac_enable();
        led_off();
        wr(NIG_EGRESS_DRAIN0_MODE, 0);
        res.half_open = half_open_check();
    } else {
        /* bnx2x_update_link_down */
        led_off();
        wr(NIG_EGRESS_DRAIN0_MODE, 1);
        wr(MISC_CPMU_LP_FW_EN_P0, 0);
        wr(MISC_CPMU_LP_MASK_ENT_P0, 0);
        xmac_rxtx_off();
        if (rd(MISC_RESET_REG_2) & RESET_REG_2_UMAC0) {
            bits_dis(UMAC0_COMMAND_CONFIG, 3);
        }
    }
    wr(NIG_MASK_INT_PORT0, nig_mask);
    return res;
}

/* From power-on to a driver that took the first link attention. */
static void bring_up(void)
{
    LinkResult r;

    driver_phy_init();
    ck_assert(c->link.nig_line);
    r = driver_link_attn();
    ck_assert(r.link_up);
    ck_assert_uint_eq(r.speed, SPEED_10G_XFI);
    ck_assert_uint_eq(r.half_open, 0);
    ck_assert(!c->link.nig_line);
    ck_assert(ql8400_link_is_up(c));
}

START_TEST(mdio_cl45_round_trip)
{
    uint32_t phy = phy_addr();
    uint32_t comm;

    ck_assert_uint_eq(phy, 1);
    set_mdio_clk();
    ck_assert_uint_eq(rd(EMAC0_MDIO_MODE), MODE_CLAUSE_45 | 74u << 16);
    /* address frame, then write frame: both complete at the first poll */
    comm = mdio_comm(phy << 21 | WC_DEVAD << 16 | WC_TX_FIR_TAP);
    ck_assert_uint_eq(comm, phy << 21 | WC_DEVAD << 16 | WC_TX_FIR_TAP);
    mdio_comm(phy << 21 | WC_DEVAD << 16 | 0xa370 | COMM_WRITE);
    /* the read frame returns the data in bits 15:0 */
    comm = mdio_comm(phy << 21 | WC_DEVAD << 16 | COMM_READ_45);
    ck_assert_uint_eq(comm & 0xffff, 0xa370);
    ck_assert_uint_eq(comm & ~0xffffu, phy << 21 | WC_DEVAD << 16 |
                      COMM_READ_45);
    /* the helpers, as bnx2x_cl45_write/read do it */
    cl45_write(WC_DEVAD, WC_RX66_SCW0, 0x1111);
    cl45_write(WC_DEVAD, WC_RX66_SCW0 + 1, 0x2222);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_RX66_SCW0), 0x1111);
    ck_assert_uint_eq(rd(EMAC0_MDIO_STATUS) & 2, 0);
    /* post-read-increment walks the registers */
    mdio_comm(phy << 21 | WC_DEVAD << 16 | WC_RX66_SCW0);
    comm = mdio_comm(phy << 21 | WC_DEVAD << 16 | COMM_READ_22);
    ck_assert_uint_eq(comm & 0xffff, 0x1111);
    comm = mdio_comm(phy << 21 | WC_DEVAD << 16 | COMM_READ_22);
    ck_assert_uint_eq(comm & 0xffff, 0x2222);
    /* each MMD keeps its own address; vendor blocks are shared */
    mdio_comm(phy << 21 | WC_DEVAD << 16 | WC_TX_FIR_TAP);
    mdio_comm(phy << 21 | AN_DEVAD << 16 | WC_RX66_SCW0);
    comm = mdio_comm(phy << 21 | WC_DEVAD << 16 | COMM_READ_45);
    ck_assert_uint_eq(comm & 0xffff, 0xa370);
    comm = mdio_comm(phy << 21 | AN_DEVAD << 16 | COMM_READ_45);
    ck_assert_uint_eq(comm & 0xffff, 0x1111);
    ck_assert_uint_eq(ql8400_log_unimp, 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(warpcore_identity)
{
    static const unsigned devads[] = { PMA_DEVAD, WC_DEVAD, AN_DEVAD };
    unsigned i;

    set_mdio_clk();
    for (i = 0; i < 3; i++) {
        ck_assert_uint_eq(cl45_read(devads[i], 2), 0x0143);
        ck_assert_uint_eq(cl45_read(devads[i], 3), 0xbff0);
    }
    /* clause 22: block 0xffe0 is the combo MII block, regs 0x12/0x13 ID */
    cl22_write(0x1f, 0xffe0);
    ck_assert_uint_eq(cl22_read(0x1f), 0xffe0);
    ck_assert_uint_eq(cl22_read(0x12), 0x0143);
    ck_assert_uint_eq(cl22_read(0x13), 0xbff0);
    ck_assert_uint_eq(cl22_read(0x10), 0x0140);
    /* identity is read-only */
    cl45_write(WC_DEVAD, 2, 0xdead);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, 2), 0x0143);
    ck_assert_uint_eq(ql8400_log_guest_errors, 1);
    /* the AER through clause 22 (bank 0xffd0, reg 0x1e) is 0xffde */
    cl22_write(0x1f, 0xffd0);
    cl22_write(0x1e, 0x0000);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_AER), 0);
    ck_assert_uint_eq(ql8400_log_unimp, 0);
}
END_TEST

START_TEST(phy_init_brings_10g_link)
{
    driver_phy_init();
    /* the lane has link, 10G XFI, and the NIG interrupts */
    ck_assert(c->link.phy_up);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_1) & 0x1, 1);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_2) & 0x3f,
                      SPEED_10G_XFI);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_0) & 0x100,
                      0x100);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_4), 0);
    /* latched low: the lane reset of the setup shows once */
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_PCS_STATUS1) & 4, 0);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_PCS_STATUS1) & 4, 4);
    ck_assert_uint_eq(rd(NIG_XGXS0_LINK10G), 1);
    ck_assert_uint_eq(rd(NIG_XGXS0_LINK_STATUS), 0xf);
    ck_assert_uint_eq(rd(NIG_SERDES0_LINK), 0);
    ck_assert(c->link.nig_line);
    ck_assert_uint_eq(c->link.nig_line_changes, 1);
    /* the MAC is not enabled yet: no frames */
    ck_assert(!ql8400_link_is_up(c));
    /* the driver's whole path is modelled */
    ck_assert_uint_eq(ql8400_log_unimp, 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(attention_acked_by_link_update)
{
    bring_up();
    /* the ack recorded the link as up, the mask is back */
    ck_assert_uint_eq(rd(NIG_STATUS_INT_PORT0), NIG_XGXS0_LINK_STATUS_BITS);
    ck_assert_uint_eq(rd(NIG_MASK_INT_PORT0), NIG_XGXS0_LINK_STATUS_BITS);
    ck_assert_uint_eq(c->link.nig_line_changes, 2);
    ck_assert_uint_eq(rd(XMAC0_CTRL), 3);
    ck_assert_uint_eq(rd(NIG_EGRESS_DRAIN0_MODE), 0);
    ck_assert_uint_eq(ql8400_log_unimp, 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(no_carrier_no_link)
{
    LinkResult r;

    ql8400_link_set_carrier(c, false);
    driver_phy_init();
    /* nothing to report: the signals match the cleared status */
    ck_assert(!c->link.phy_up);
    ck_assert(!c->link.nig_line);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_1), 0);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_2), 0);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_0), 0);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_PCS_STATUS1) & 4, 0);
    ck_assert_uint_eq(rd(NIG_XGXS0_LINK_STATUS), 0);
    ck_assert_uint_eq(rd(NIG_XGXS0_LINK10G), 0);
    /* the cable is plugged: attention, link up at 10G */
    ql8400_link_set_carrier(c, true);
    ck_assert(c->link.nig_line);
    r = driver_link_attn();
    ck_assert(r.link_up);
    ck_assert_uint_eq(r.speed, SPEED_10G_XFI);
    ck_assert(!c->link.nig_line);
    ck_assert(ql8400_link_is_up(c));
}
END_TEST

START_TEST(set_link_off_on_without_reset)
{
    LinkResult r;

    bring_up();
    wr(NIG_LLH0_BRB1_DRV_MASK_MF, 0x5a);        /* a witness of no reset */
    /* set_link off */
    ql8400_link_set_carrier(c, false);
    ck_assert(c->link.nig_line);
    ck_assert_uint_eq(c->link.nig_line_changes, 3);
    ck_assert(!ql8400_link_is_up(c));
    r = driver_link_attn();
    ck_assert(!r.link_up);
    ck_assert(!c->link.nig_line);
    ck_assert_uint_eq(rd(NIG_STATUS_INT_PORT0), 0);
    ck_assert_uint_eq(rd(XMAC0_CTRL) & 3, 0);
    /* set_link on */
    ql8400_link_set_carrier(c, true);
    ck_assert(c->link.nig_line);
    r = driver_link_attn();
    ck_assert(r.link_up);
    ck_assert_uint_eq(r.speed, SPEED_10G_XFI);
    ck_assert_uint_eq(r.half_open, 0);
    ck_assert(!c->link.nig_line);
    ck_assert(ql8400_link_is_up(c));
    ck_assert_uint_eq(c->link.nig_line_changes, 6);
    ck_assert_uint_eq(rd(NIG_LLH0_BRB1_DRV_MASK_MF), 0x5a);
    /* a repeated state is no event */
    ql8400_link_set_carrier(c, true);
    ck_assert_uint_eq(c->link.nig_line_changes, 6);
    ck_assert_uint_eq(ql8400_log_unimp, 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(periodic_check_sees_no_fault)
{
    unsigned i;

    bring_up();
    for (i = 0; i < 5; i++) {
        ck_assert_uint_eq(period_func(), 0);
    }
    ck_assert(ql8400_link_is_up(c));
    /* a lost link is a local fault, sticky until cleared with link back */
    ql8400_link_set_carrier(c, false);
    ck_assert_uint_eq(rd(XMAC0_RX_LSS_STATUS), 1);
    ck_assert_uint_eq(period_func(), 1);
    ql8400_link_set_carrier(c, true);
    ck_assert_uint_eq(rd(XMAC0_RX_LSS_STATUS), 1);
    ck_assert_uint_eq(period_func(), 0);
    ck_assert_uint_eq(rd(XMAC0_RX_LSS_STATUS), 0);
}
END_TEST

START_TEST(lane_reset_drops_link)
{
    bring_up();
    set_aer();
    wc_reset_lane(true);
    ck_assert(!c->link.phy_up);
    ck_assert(c->link.nig_line);
    ck_assert(!ql8400_link_is_up(c));
    /* the IEEE link bit latched the loss */
    wc_reset_lane(false);
    ck_assert(c->link.phy_up);
    ck_assert(!c->link.nig_line);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_PCS_STATUS1) & 4, 0);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_PCS_STATUS1) & 4, 4);
}
END_TEST

START_TEST(mac_enables_gate_frames)
{
    driver_phy_init();
    ck_assert(c->link.phy_up);
    ck_assert(!ql8400_link_is_up(c));
    driver_xmac_enable();
    ck_assert(ql8400_link_is_up(c));
    wr(XMAC0_CTRL, 0x40);                       /* soft reset */
    ck_assert(!ql8400_link_is_up(c));
    wr(XMAC0_CTRL, 3);
    wr(MISC_RESET_REG_2_CLEAR, RESET_REG_2_XMAC);
    ck_assert(!ql8400_link_is_up(c));
    ck_assert_uint_eq(rd(XMAC0_RX_LSS_STATUS), 0);
    /* the UMAC when the NIG sends there (below 10G) */
    wr(NIG_EGRESS_EMAC0_PORT, 1);
    wr(MISC_RESET_REG_2_SET, RESET_REG_2_UMAC0);
    wr(UMAC0_COMMAND_CONFIG, 0x2013 | 3);
    ck_assert(!ql8400_link_is_up(c));
    wr(UMAC0_COMMAND_CONFIG, 0x0013 | 3);
    ck_assert(ql8400_link_is_up(c));
}
END_TEST

START_TEST(mdio_to_absent_phy)
{
    uint32_t comm;

    set_mdio_clk();
    cl45_write(WC_DEVAD, WC_TX_FIR_TAP, 0x1234);
    /* the frame completes; nobody drives the data line */
    ck_assert_uint_eq(cl45_read_at(5, WC_DEVAD, WC_TX_FIR_TAP), 0xffff);
    ck_assert_uint_eq(ql8400_log_guest_errors, 2);
    cl45_write_at(0, WC_DEVAD, WC_TX_FIR_TAP, 0x5678);
    ck_assert_uint_eq(ql8400_log_guest_errors, 4);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_TX_FIR_TAP), 0x1234);
    /* the Warpcore answers wherever MISC puts it */
    wr(MISC_WC0_CTRL_PHY_ADDR, 5);
    ck_assert_uint_eq(cl45_read_at(5, WC_DEVAD, WC_TX_FIR_TAP), 0x1234);
    /* clause 22 frame with a clause 45 opcode */
    wr(EMAC0_MDIO_MODE, 74u << 16);
    comm = mdio_comm(5u << 21 | 0x10u << 16 | COMM_READ_45);
    ck_assert_uint_eq(comm & 0xffff, 0xffff);
    ck_assert_uint_eq(ql8400_log_guest_errors, 5);
    /* without START_BUSY nothing is sent */
    wr(EMAC0_MDIO_COMM, 5u << 21 | WC_DEVAD << 16 | 0x1111 | COMM_WRITE);
    ck_assert_uint_eq(rd(EMAC0_MDIO_COMM) & 0xffff, 0x1111);
    ck_assert_uint_eq(ql8400_log_unimp, 0);
    /* auto-poll is not modelled: reported once */
    wr(EMAC0_MDIO_MODE, MODE_CLAUSE_45 | MODE_AUTO_POLL);
    mdio_comm(5u << 21 | WC_DEVAD << 16 | COMM_READ_45);
    mdio_comm(5u << 21 | WC_DEVAD << 16 | COMM_READ_45);
    ck_assert_uint_eq(ql8400_log_unimp, 1);
}
END_TEST

START_TEST(unknown_register_is_storage_reported_once)
{
    set_mdio_clk();
    cl45_write(WC_DEVAD, 0x8888, 0x1234);
    ck_assert_uint_eq(ql8400_log_unimp, 1);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, 0x8888), 0x1234);
    ck_assert_uint_eq(cl45_read(PMA_DEVAD, 0x8888), 0x1234);
    ck_assert_uint_eq(ql8400_log_unimp, 1);
    /* an IEEE register of an MMD the Warpcore does not have */
    ck_assert_uint_eq(cl45_read(4, 0x0005), 0);
    ck_assert_uint_eq(ql8400_log_unimp, 2);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(aer_selects_lane)
{
    bring_up();
    /* lane 2 in reset does not touch the port's lane 0 */
    cl45_write(WC_DEVAD, WC_AER, 2);
    cl45_write(WC_DEVAD, WC_DIGITAL5_MISC6, 0xc000);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_DIGITAL5_MISC6), 0xc000);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_PCS_STATUS1) & 4, 0);
    ck_assert(c->link.phy_up);
    /* one-copy registers ignore the AER */
    cl45_write(WC_DEVAD, WC_LANECTRL0, 0x00ff);
    set_aer();
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_DIGITAL5_MISC6), 0);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_LANECTRL0), 0x00ff);
    /* broadcast reaches lane 0 as well */
    cl45_write(WC_DEVAD, WC_AER, 0x1ff);
    cl45_write(WC_DEVAD, WC_DIGITAL5_MISC6, 0xc000);
    ck_assert(!c->link.phy_up);
    ck_assert_uint_eq(ql8400_log_unimp, 0);
}
END_TEST

START_TEST(loopback_links_without_cable)
{
    ql8400_link_set_carrier(c, false);
    driver_phy_init();
    ck_assert(!c->link.phy_up);
    /* bnx2x_set_warpcore_loopback at 10G */
    cl45_or(WC_DEVAD, WC_COMBO_MIICTRL, 0x4000);
    cl45_or(WC_DEVAD, WC_IEEE0BLK_MIICNTL, 0x1);
    ck_assert(c->link.phy_up);
    ck_assert(c->link.nig_line);
    /* bnx2x_warpcore_link_reset clears it */
    driver_link_reset();
    ck_assert(!c->link.phy_up);
}
END_TEST

START_TEST(one_gig_speed_code)
{
    uint16_t v;

    driver_phy_init();
    /* no forced speed: the combo block's 1G */
    set_aer();
    wc_reset_lane(true);
    wc_clear_regs();
    wc_reset_lane(false);
    v = cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_1);
    ck_assert_uint_eq(v & 0x0101, 0x0001);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_2) & 0x3f, 2);
    ck_assert_uint_eq(rd(NIG_XGXS0_LINK10G), 0);
    /* a forced speed the model does not run: no link, reported once */
    cl45_write(WC_DEVAD, WC_MISC1, 0x6003);
    ck_assert(!c->link.phy_up);
    ck_assert_uint_eq(ql8400_log_unimp, 1);
}
END_TEST

START_TEST(self_clearing_and_read_only)
{
    set_mdio_clk();
    wr(EMAC0_MODE, 0x11);
    ck_assert_uint_eq(rd(EMAC0_MODE), 0x10);
    cl45_write(WC_DEVAD, WC_IEEE0BLK_MIICNTL, 0xa040);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_IEEE0BLK_MIICNTL), 0x2040);
    cl45_write(AN_DEVAD, AN_REG_CTRL, 0x1200);
    ck_assert_uint_eq(cl45_read(AN_DEVAD, AN_REG_CTRL), 0x1000);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_4), 0x1000);
    cl45_write(WC_DEVAD, WC_GP2_STATUS_GP_2_1, 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 1);
    wr(NIG_XGXS0_LINK_STATUS, 0);
    wr(XMAC0_RX_LSS_STATUS, 3);
    ck_assert_uint_eq(rd(NIG_XGXS0_LINK_STATUS), 0xf);
    ck_assert_uint_eq(rd(NIG_EMAC0_MI_INT), 0);
}
END_TEST

START_TEST(resets_keep_the_cable)
{
    bring_up();
    ql8400_link_set_carrier(c, false);
    ck_assert(c->link.nig_line);
    /*
     * A function reset: the port's NIG keeps its mask and the link change
     * the driver has not acknowledged; the serdes keeps its setup.
     */
    ql8400_chip_reset(c, QL8400_RESET_FUNCTION);
    ck_assert(c->link.nig_line);
    ck_assert(!ql8400_link_carrier(c));
    ck_assert_uint_ne(rd(NIG_MASK_INT_PORT0), 0);
    ql8400_link_set_carrier(c, true);
    ck_assert(c->link.phy_up);
    set_mdio_clk();
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_2) & 0x3f,
                      SPEED_10G_XFI);
    ck_assert(!c->link.nig_line);
    /* power-on: the serdes is back at its defaults (1G combo) */
    ql8400_chip_reset(c, QL8400_RESET_POWER_ON);
    ck_assert(ql8400_link_carrier(c));
    ck_assert_uint_eq(rd(MISC_WC0_CTRL_PHY_ADDR), 1);
    set_mdio_clk();
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_MISC1), 0x6000);
    ck_assert_uint_eq(cl45_read(WC_DEVAD, WC_GP2_STATUS_GP_2_2) & 0x3f, 2);
    ck_assert(!ql8400_link_is_up(c));
    /* and the driver brings it to 10G again */
    bring_up();
}
END_TEST

Suite *link_suite(void)
{
    Suite *s = suite_create("link");
    TCase *tc = tcase_create("link");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, mdio_cl45_round_trip);
    tcase_add_test(tc, warpcore_identity);
    tcase_add_test(tc, phy_init_brings_10g_link);
    tcase_add_test(tc, attention_acked_by_link_update);
    tcase_add_test(tc, no_carrier_no_link);
    tcase_add_test(tc, set_link_off_on_without_reset);
    tcase_add_test(tc, periodic_check_sees_no_fault);
    tcase_add_test(tc, lane_reset_drops_link);
    tcase_add_test(tc, mac_enables_gate_frames);
    tcase_add_test(tc, mdio_to_absent_phy);
    tcase_add_test(tc, unknown_register_is_storage_reported_once);
    tcase_add_test(tc, aer_selects_lane);
    tcase_add_test(tc, loopback_links_without_cable);
    tcase_add_test(tc, one_gig_speed_code);
    tcase_add_test(tc, self_clearing_and_read_only);
    tcase_add_test(tc, resets_keep_the_cable);
    suite_add_tcase(s, tc);
    return s;
}
