/*
 * qtests of ql8400: the link follows QEMU's set_link. The test brings the
 * port's Warpcore up through the EMAC0 MDIO master as bnx2x does on the
 * XFI path, takes the NIG link attention (bit 8) from the IGU's attention
 * message, and checks that set_link off and on each raise it again with
 * the link signals the driver reads, with no reset of the chip.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "ql8400-fixture.h"

#define EMAC0_MDIO_COMM             0x80ac
#define EMAC0_MDIO_MODE             0x80b4
#define MISC_WC0_CTRL_PHY_ADDR      0xa9cc
#define NIG_STATUS_INT_PORT0        0x10328
#define NIG_MASK_INT_PORT0          0x10330
#define NIG_XGXS0_LINK_STATUS       (0xfu << 18)
#define IGU_REG_LEADING_EDGE_LATCH  0x130134
#define IGU_REG_TRAILING_EDGE_LATCH 0x130104
#define IGU_REG_ATTN_MSG_ADDR_H     0x13011c
#define IGU_REG_ATTN_MSG_ADDR_L     0x130120
#define IGU_REG_PF_CONFIGURATION    0x130154
#define IGU_PF_CONF_FUNC_EN_ATTN    0x09

#define MDIO_BUSY                   (1u << 29)
#define MDIO_ADDRESS                (0u << 26)
#define MDIO_WRITE                  (1u << 26)
#define MDIO_READ_45                (3u << 26)
#define MDIO_MODE_CL45              (1u << 31)

/* Warpcore, devad 3 */
#define WC_DEVAD                    3
#define WC_DSC_MISC_CTRL0           0x821e
#define WC_CONTROL1000X1            0x8300
#define WC_CONTROL1000X2            0x8301
#define WC_CONTROL1000X3            0x8302
#define WC_MISC1                    0x8308
#define WC_DIGITAL4_MISC3           0x833c
#define WC_DIGITAL5_MISC6           0x8345
#define WC_FX100_CTRL1              0x8400
#define WC_FX100_CTRL3              0x8402
#define WC_IEEE0BLK_MIICNTL         0x0000
#define WC_AER                      0xffde
#define AN_DEVAD                    7
#define AN_REG_CTRL                 0x0000

#define WC_GP2_STATUS_GP_2_1        0x81d1  /* bit 0: lane 0 link */

/* IGU command window: attention acknowledgements */
#define IGU_CMD(cmd)                (0x440000 + (cmd) * 8)
#define IGU_CMD_ATTN_BIT_SET        0x5a1
#define IGU_CMD_ATTN_BIT_CLR        0x5a2

#define ATTN_NIG_BIT                (1u << 8)

typedef struct LinkTest {
    Fixture f;
    uint64_t attn_msg;          /* the DSB's attention bits, index */
} LinkTest;

static uint16_t mdio(LinkTest *t, uint32_t comm)
{
    uint32_t v;

    grc_wr(&t->f, EMAC0_MDIO_COMM, comm | MDIO_BUSY);
    v = grc_rd(&t->f, EMAC0_MDIO_COMM);
    g_assert_false(v & MDIO_BUSY);
    return v & 0xffff;
}

static uint32_t phy(LinkTest *t)
{
    return grc_rd(&t->f, MISC_WC0_CTRL_PHY_ADDR) << 21;
}

static void cl45_write(LinkTest *t, unsigned devad, uint16_t reg,
                       uint16_t val)
{
    mdio(t, phy(t) | devad << 16 | reg | MDIO_ADDRESS);
    mdio(t, phy(t) | devad << 16 | val | MDIO_WRITE);
}

static uint16_t cl45_read(LinkTest *t, unsigned devad, uint16_t reg)
{
    mdio(t, phy(t) | devad << 16 | reg | MDIO_ADDRESS);
    return mdio(t, phy(t) | devad << 16 | MDIO_READ_45);
}

static void cl45_mod(LinkTest *t, uint16_t reg, uint16_t and, uint16_t or)
{
    cl45_write(t, WC_DEVAD, reg, (cl45_read(t, WC_DEVAD, reg) & and) | or);
}

/* bnx2x_warpcore_config_init for 10G XFI on lane 0, in short */
static void warpcore_xfi(LinkTest *t)
{
    grc_wr(&t->f, EMAC0_MDIO_MODE, MDIO_MODE_CL45 | 74u << 16);
    cl45_write(t, WC_DEVAD, WC_AER, 0);
    cl45_mod(t, WC_DIGITAL5_MISC6, 0xffff, 0xc000);     /* lane reset */
    cl45_mod(t, WC_DSC_MISC_CTRL0, 0xffff, 0x8000);
    cl45_mod(t, WC_CONTROL1000X3, 0xffff, 0x1);
    cl45_write(t, AN_DEVAD, AN_REG_CTRL, 0);
    cl45_mod(t, WC_FX100_CTRL1, 0xfffa, 0);
    cl45_mod(t, WC_FX100_CTRL3, 0xffff, 0x0080);
    cl45_mod(t, WC_DIGITAL4_MISC3, 0xff7f, 0);
    cl45_mod(t, WC_CONTROL1000X1, 0xffee, 0);
    cl45_mod(t, WC_CONTROL1000X2, 0xfffe, 0x0006);
    cl45_mod(t, WC_MISC1, (uint16_t)~0x1f, 0x5);
    cl45_mod(t, WC_CONTROL1000X1, 0xffff, 0xd);
    cl45_mod(t, WC_DIGITAL4_MISC3, 0xffff, 0x8080);
    cl45_write(t, WC_DEVAD, WC_IEEE0BLK_MIICNTL, 0x0100);
    cl45_mod(t, WC_CONTROL1000X3, 0xfffe, 0);
    cl45_mod(t, WC_DSC_MISC_CTRL0, 0x7fff, 0);
    cl45_mod(t, WC_DIGITAL5_MISC6, 0x3fff, 0);          /* out of reset */
}

static uint32_t attn_bits(LinkTest *t)
{
    return qtest_readl(t->f.qs->qts, t->attn_msg);
}

static uint16_t attn_index(LinkTest *t)
{
    return qtest_readw(t->f.qs->qts, t->attn_msg + 0xa);
}

static void set_link(LinkTest *t, bool up)
{
    qtest_qmp_assert_success(t->f.qs->qts,
                             "{ 'execute': 'set_link', 'arguments': "
                             "{ 'name': 'n0', 'up': %i } }", up);
}

/*
 * The driver's round for a NIG attention: it sees bit 8 asserted in a new
 * message, acknowledges it to the IGU, acknowledges the link signals in
 * the NIG (bnx2x_link_int_ack) so the line falls, and clears its IGU ack
 * when the deassertion message comes.
 */
static void take_link_attention(LinkTest *t, uint16_t *idx, bool up)
{
    Fixture *f = &t->f;

    g_assert_cmpuint(attn_index(t), !=, *idx);
    g_assert_cmphex(attn_bits(t) & ATTN_NIG_BIT, ==, ATTN_NIG_BIT);
    *idx = attn_index(t);
    grc_wr(f, IGU_CMD(IGU_CMD_ATTN_BIT_SET), ATTN_NIG_BIT);
    grc_wr(f, NIG_STATUS_INT_PORT0, up ? NIG_XGXS0_LINK_STATUS : 0);
    g_assert_cmpuint(attn_index(t), !=, *idx);
    g_assert_cmphex(attn_bits(t) & ATTN_NIG_BIT, ==, 0);
    *idx = attn_index(t);
    grc_wr(f, IGU_CMD(IGU_CMD_ATTN_BIT_CLR), ~ATTN_NIG_BIT);
    g_assert_cmpuint(attn_index(t), ==, *idx);
}

static void test_set_link_attention(void)
{
    LinkTest t;
    Fixture *f = &t.f;
    uint16_t idx = 0;

    fixture_start(f, ",netdev=n0 -netdev user,id=n0");
    t.attn_msg = guest_mem(f, 0x100);
    grc_wr(f, IGU_REG_ATTN_MSG_ADDR_L, t.attn_msg);
    grc_wr(f, IGU_REG_ATTN_MSG_ADDR_H, t.attn_msg >> 32);
    grc_wr(f, IGU_REG_LEADING_EDGE_LATCH, 0xffff);
    grc_wr(f, IGU_REG_TRAILING_EDGE_LATCH, 0xffff);
    grc_wr(f, IGU_REG_PF_CONFIGURATION, IGU_PF_CONF_FUNC_EN_ATTN);

    /* the Warpcore up with the cable in: the NIG line rises */
    warpcore_xfi(&t);
    grc_wr(f, NIG_STATUS_INT_PORT0, 0);
    grc_wr(f, NIG_MASK_INT_PORT0, NIG_XGXS0_LINK_STATUS);
    take_link_attention(&t, &idx, true);
    g_assert_cmpuint(cl45_read(&t, WC_DEVAD, WC_GP2_STATUS_GP_2_1) & 1, ==,
                     1);

    /* the cable out: a new attention, and the driver finds no link */
    set_link(&t, false);
    g_assert_cmpuint(cl45_read(&t, WC_DEVAD, WC_GP2_STATUS_GP_2_1) & 1, ==,
                     0);
    take_link_attention(&t, &idx, false);

    /* and in again, with no reset in between: the PHY kept its setup */
    set_link(&t, true);
    g_assert_cmpuint(cl45_read(&t, WC_DEVAD, WC_GP2_STATUS_GP_2_1) & 1, ==,
                     1);
    take_link_attention(&t, &idx, true);
    g_assert_cmphex(grc_rd(f, EMAC0_MDIO_MODE) & MDIO_MODE_CL45, ==,
                    MDIO_MODE_CL45);

    /* nothing while the cable stays */
    g_assert_cmpuint(attn_index(&t), ==, idx);
    fixture_stop(f);
}

void ql8400_link_tests_register(void)
{
    qtest_add_func("/ql8400/link/set-link-attention",
                   test_set_link_attention);
}
