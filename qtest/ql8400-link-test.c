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

#define EMAC0_MDIO_MODE             0x80b4
#define NIG_STATUS_INT_PORT0        0x10328
#define NIG_MASK_INT_PORT0          0x10330
#define NIG_XGXS0_LINK_STATUS       (0xfu << 18)
#define IGU_REG_LEADING_EDGE_LATCH  0x130134
#define IGU_REG_TRAILING_EDGE_LATCH 0x130104
#define IGU_REG_ATTN_MSG_ADDR_H     0x13011c
#define IGU_REG_ATTN_MSG_ADDR_L     0x130120
#define IGU_PF_CONF_FUNC_EN_ATTN    0x09

#define MDIO_MODE_CL45              (1u << 31)
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

static uint16_t cl45_read(LinkTest *t, unsigned devad, uint16_t reg)
{
    return fixture_cl45_read(&t->f, devad, reg);
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
    fixture_warpcore_xfi(f);
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
