/*
 * Unit tests: what init_hw needs from the chip — block storage, reset
 * registers, init-done flags, the IGU CAM and cleanup, the final cleanup
 * handshake with the storm firmware — and the idle chip the driver's idle
 * check expects. Addresses are written out as the driver knows them, not
 * taken from the model's headers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include "fake-host.h"
#include "tests.h"

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

START_TEST(blocks_keep_what_is_written)
{
    /* a PRS register, a QM memory, XSEM PRAM, CSTORM RAM: all storage */
    static const uint32_t addrs[] = {
        0x40004, 0x16e7d0, 0x2c0000, 0x2fff00, 0x415908, 0x470040,
    };
    unsigned i;

    for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
        wr(addrs[i], 0xa5a50000 + i);
    }
    for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
        ck_assert_uint_eq(rd(addrs[i]), 0xa5a50000 + i);
    }
    ck_assert_uint_eq(ql8400_log_unimp, 0);
    /* a power cycle clears them */
    ql8400_chip_reset(c, QL8400_RESET_POWER_ON);
    ck_assert_uint_eq(rd(0x2c0000), 0);
}
END_TEST

START_TEST(reset_registers_set_and_clear)
{
    /* MISC_REG_RESET_REG_1: all blocks in reset at power-on */
    ck_assert_uint_eq(rd(0xa580), 0);
    wr(0xa584, 0xffffffff);                 /* _SET */
    ck_assert_uint_eq(rd(0xa580), 0xffffffff);
    wr(0xa588, 0xd3ffff7f);                 /* _CLEAR, bnx2x_reset_common */
    ck_assert_uint_eq(rd(0xa580), ~0xd3ffff7fu);
    wr(0xa594, 0x1400);                     /* RESET_REG_2_SET */
    ck_assert_uint_eq(rd(0xa590), 0x1400);
    /* the register itself is read-only */
    wr(0xa590, 0);
    ck_assert_uint_eq(rd(0xa590), 0x1400);
    /* a power cycle puts every block back in reset */
    ql8400_chip_reset(c, QL8400_RESET_POWER_ON);
    ck_assert_uint_eq(rd(0xa580), 0);
}
END_TEST

START_TEST(init_done_flags_and_usage_counters)
{
    ck_assert_uint_eq(rd(0x1201b4), 1);     /* PXP2_REG_RQ_CFG_DONE */
    ck_assert_uint_eq(rd(0x120370), 1);     /* PXP2_REG_RD_INIT_DONE */
    ck_assert_uint_eq(rd(0x1100bc), 1);     /* ATC_REG_ATC_INIT_DONE */
    ck_assert_uint_eq(rd(0x104074), 1);     /* CFC LL/AC/CAM init done */
    ck_assert_uint_eq(rd(0x104078), 1);
    ck_assert_uint_eq(rd(0x10407c), 1);
    ck_assert_uint_eq(rd(0x104120), 0);     /* usage counters */
    ck_assert_uint_eq(rd(0x1701d0), 0);
    ck_assert_uint_eq(rd(0x16e040), 0);
    ck_assert_uint_eq(rd(0x164128), 0);
    ck_assert_uint_eq(rd(0x1640a0), 0);
    /* AEU after-invert: no parity, no fan failure */
    ck_assert_uint_eq(rd(0xa42c), 0);
    ck_assert_uint_eq(rd(0xa700), 0);
}
END_TEST

/*
 * The driver's idle check (bnx2x_idle_chk, run as it dumps its state):
 * the lines of its database for E3 B0 (chip mask bit 0x10) that read the
 * status of an idle chip. Each row is one line, numbered as the driver
 * numbers it, with the predicate that makes it report its message.
 */
typedef enum IdleChkPred {
    FAIL_IF_NEQ,            /* reg != imm */
    FAIL_IF_NEQ_R2,         /* reg != reg2 */
    FAIL_IF_NE_SUB_R2,      /* reg != reg2 - imm */
    FAIL_IF_LT_SUB_R2,      /* reg < reg2 - imm */
} IdleChkPred;

typedef struct IdleChkLine {
    unsigned line;
    uint32_t reg, reg2;
    IdleChkPred pred;
    uint32_t imm;
    const char *msg;
} IdleChkLine;

static const IdleChkLine idle_chk_lines[] = {
    { 19, 0x120808, 0, FAIL_IF_NEQ, 0xffffffff,
      "WARNING PXP2: There are outstanding read requests for tags 0-31" },
    { 39, 0x9244, 0, FAIL_IF_NEQ, 0xffffffff,
      "WARNING PGLUE_B: There are outstanding read requests for tags 32-63" },
    { 83, 0x120414, 0x120408, FAIL_IF_NE_SUB_R2, 1,
      "WARNING PXP2: rd_sr_cnt is not equal to rd_sr_num_cfg" },
    { 84, 0x120418, 0x12040c, FAIL_IF_NEQ_R2, 0,
      "WARNING PXP2: rd_blk_cnt is not equal to rd_blk_num_cfg" },
    { 85, 0x120414, 0x120408, FAIL_IF_LT_SUB_R2, 3,
      "INFO PXP2: There are more than two unused SRs" },
    { 86, 0x120418, 0x12040c, FAIL_IF_LT_SUB_R2, 2,
      "INFO PXP2: There are more than two unused blocks" },
    { 87, 0x12041c, 0, FAIL_IF_NEQ, 1,
      "INFO PXP2: P0 All delivery ports are not idle" },
    { 88, 0x120420, 0, FAIL_IF_NEQ, 1,
      "INFO PXP2: P1 All delivery ports are not idle" },
    { 98, 0x103004, 0, FAIL_IF_NEQ, 1,
      "WARNING PXP: HST arbiter is not idle" },
    { 142, 0x2002a0, 0, FAIL_IF_NEQ, 1,
      "INFO CSEM: External store FIFO is not empty" },
    { 143, 0x1802a0, 0, FAIL_IF_NEQ, 1,
      "INFO TSEM: External store FIFO is not empty" },
    { 144, 0x3002a0, 0, FAIL_IF_NEQ, 1,
      "INFO USEM: External store FIFO is not empty" },
    { 145, 0x2802a0, 0, FAIL_IF_NEQ, 1,
      "INFO XSEM: External store FIFO is not empty" },
    { 146, 0xc2550, 0, FAIL_IF_NEQ, 1,
      "INFO CSDM: Parser serial FIFO is not empty" },
    { 147, 0x42550, 0, FAIL_IF_NEQ, 1,
      "INFO TSDM: Parser serial FIFO is not empty" },
    { 148, 0xc4558, 0, FAIL_IF_NEQ, 1,
      "INFO USDM: Parser serial FIFO is not empty" },
    { 149, 0x166550, 0, FAIL_IF_NEQ, 1,
      "INFO XSDM: Parser serial FIFO is not empty" },
    { 150, 0xc2558, 0, FAIL_IF_NEQ, 1,
      "INFO CSDM: Parser SYNC serial FIFO is not empty" },
    { 151, 0x42558, 0, FAIL_IF_NEQ, 1,
      "INFO TSDM: Parser SYNC serial FIFO is not empty" },
    { 152, 0xc4560, 0, FAIL_IF_NEQ, 1,
      "INFO USDM: Parser SYNC serial FIFO is not empty" },
    { 153, 0x166558, 0, FAIL_IF_NEQ, 1,
      "INFO XSDM: Parser SYNC serial FIFO is not empty" },
    { 154, 0xc2548, 0, FAIL_IF_NEQ, 1,
      "INFO CSDM: pxp_ctrl rd_data fifo is not empty in sdm_dma_rsp block" },
    { 155, 0x42548, 0, FAIL_IF_NEQ, 1,
      "INFO TSDM: pxp_ctrl rd_data fifo is not empty in sdm_dma_rsp block" },
    { 156, 0xc4550, 0, FAIL_IF_NEQ, 1,
      "INFO USDM: pxp_ctrl rd_data fifo is not empty in sdm_dma_rsp block" },
    { 157, 0x166548, 0, FAIL_IF_NEQ, 1,
      "INFO XSDM: pxp_ctrl rd_data fifo is not empty in sdm_dma_rsp block" },
    { 180, 0x1700ac, 0, FAIL_IF_NEQ, 2,
      "INFO DORQ: Credit to XCM is not full" },
    { 181, 0x1700b0, 0, FAIL_IF_NEQ, 2,
      "INFO DORQ: Credit to UCM is not full" },
    { 235, 0x20240, 0, FAIL_IF_NEQ, 32,
      "INFO XCM: XX_FREE differs from expected 32" },
    { 236, 0xe016c, 0, FAIL_IF_NEQ, 27,
      "INFO UCM: XX_FREE differs from expected 27" },
    { 238, 0x50178, 0, FAIL_IF_NEQ, 29,
      "INFO TCM: XX_FREE differs from expected 29" },
    { 239, 0xd0184, 0, FAIL_IF_NEQ, 24,
      "INFO CCM: XX_FREE differs from expected 24" },
    { 414, 0x12032c, 0, FAIL_IF_NEQ, 0x2d,
      "ERROR PXP2: rq_read_credit and rq_write_credit are not 5" },
    { 443, 0x104ec, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: Port 0 EOP FIFO is not empty" },
    { 444, 0x104f8, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: Port 1 EOP FIFO is not empty" },
    { 445, 0x104e0, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: LB EOP FIFO is not empty" },
    { 446, 0x10530, 0, FAIL_IF_NEQ, 1,
      "WARNING NIG: Port 0 RX MCP descriptor FIFO is not empty" },
    { 447, 0x10538, 0, FAIL_IF_NEQ, 1,
      "WARNING NIG: Port 1 RX MCP descriptor FIFO is not empty" },
    { 448, 0x10508, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: PBF LB FIFO is not empty" },
    { 449, 0x10460, 0, FAIL_IF_NEQ, 1,
      "WARNING NIG: Port 0 TX MCP FIFO is not empty" },
    { 450, 0x10474, 0, FAIL_IF_NEQ, 1,
      "WARNING NIG: Port 1 TX MCP FIFO is not empty" },
    { 451, 0x10418, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: Debug FIFO is not empty" },
    { 452, 0x10420, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: PBF IF0 FIFO is not empty" },
    { 453, 0x10428, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: PBF IF1 FIFO is not empty" },
    { 454, 0x10548, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: Port 0 RX LLH FIFO is not empty" },
    { 455, 0x10558, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: Port 1 RX LLH FIFO is not empty" },
    { 456, 0x182a8, 0, FAIL_IF_NEQ, 1,
      "WARNING NIG: Port 0 TX MCP FIFO for traffic going to the host is "
      "not empty" },
    { 457, 0x182b8, 0, FAIL_IF_NEQ, 1,
      "WARNING NIG: Port 1 TX MCP FIFO for traffic going to the host is "
      "not empty" },
    { 458, 0x18308, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: Port 0 TX LLH FIFO is not empty" },
    { 459, 0x18338, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: Port 1 TX LLH FIFO is not empty" },
    { 460, 0x18318, 0, FAIL_IF_NEQ, 1,
      "WARNING NIG: Port 0 RX MCP descriptor FIFO for traffic from the host "
      "is not empty" },
    { 461, 0x18348, 0, FAIL_IF_NEQ, 1,
      "WARNING NIG: Port 1 RX MCP descriptor FIFO for traffic from the host "
      "is not empty" },
    { 462, 0x18570, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: Port 0 RX MAC interface FIFO is not empty" },
    { 463, 0x1858c, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: Port 1 RX MAC interface FIFO is not empty" },
    { 464, 0x18578, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: Port 0 TX MAC interface FIFO is not empty" },
    { 465, 0x18594, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: Port 1 TX MAC interface FIFO is not empty" },
    { 466, 0x1862c, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: PBF IF2 FIFO is not empty" },
    { 467, 0x18630, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: PBF IF3 FIFO is not empty" },
    { 468, 0x18634, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: PBF IF4 FIFO is not empty" },
    { 469, 0x18638, 0, FAIL_IF_NEQ, 1,
      "INFO NIG: PBF IF5 FIFO is not empty" },
};

static bool idle_chk_fails(const IdleChkLine *l, uint32_t v, uint32_t v2)
{
    switch (l->pred) {
    case FAIL_IF_NEQ:
        return v != l->imm;
    case FAIL_IF_NEQ_R2:
        return v != v2;
    case FAIL_IF_NE_SUB_R2:
        return v != v2 - l->imm;
    case FAIL_IF_LT_SUB_R2:
        return v < v2 - l->imm;
    }
    return true;
}

static void check_idle_chk_lines(const char *when)
{
    unsigned i;

    for (i = 0; i < sizeof(idle_chk_lines) / sizeof(idle_chk_lines[0]);
         i++) {
        const IdleChkLine *l = &idle_chk_lines[i];
        uint32_t v = rd(l->reg), v2 = l->reg2 ? rd(l->reg2) : 0;

        ck_assert_msg(!idle_chk_fails(l, v, v2),
                      "%s: line %u: %s (0x%x 0x%x)", when, l->line, l->msg,
                      v, v2);
    }
}

START_TEST(idle_check_finds_the_chip_idle)
{
    unsigned i;

    check_idle_chk_lines("power-on");
    ck_assert_uint_eq(ql8400_log_unimp, 0);
    /* status, not storage: the driver never writes them */
    for (i = 0; i < sizeof(idle_chk_lines) / sizeof(idle_chk_lines[0]);
         i++) {
        wr(idle_chk_lines[i].reg, 0);
    }
    check_idle_chk_lines("written");
    ql8400_chip_reset(c, QL8400_RESET_FUNCTION);
    check_idle_chk_lines("function reset");
}
END_TEST

START_TEST(igu_cam_gives_pf0_its_status_blocks)
{
    int dsb = -1, base = -1, count = 0;
    unsigned sb;

    /* normal mode */
    ck_assert_uint_eq(rd(0x130000) & 0x2, 0);
    /* decode the CAM as bnx2x_get_igu_cam_info does */
    for (sb = 0; sb < 136; sb++) {
        uint32_t v = rd(0x131000 + sb * 4);
        unsigned fid = (v >> 7) & 0x7f, vec = (v >> 1) & 0x3f;

        if (!(v & 1) || !(fid & 0x40) || (fid & 7) != 0) {
            continue;
        }
        if (vec == 0) {
            dsb = sb;
        } else {
            if (base < 0) {
                base = sb;
            }
            ck_assert_int_eq(sb, base + count);     /* contiguous */
            count++;
        }
    }
    ck_assert_int_eq(base, 0);
    ck_assert_int_ge(count, 2);
    ck_assert_int_ge(dsb, 0);
    /* the CAM belongs to the MCP */
    wr(0x131000, 0);
    ck_assert_uint_ne(rd(0x131000), 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 1);
}
END_TEST

START_TEST(igu_memories_reset_and_pf_configuration)
{
    wr(0x132000 + 4 * 5, 0x1234);           /* a producer/consumer entry */
    wr(0x130158, 0x7f);
    ck_assert_uint_eq(rd(0x130158), 0);
    ck_assert_uint_eq(rd(0x132000 + 4 * 5), 0);
    wr(0x130154, 0xb);
    ck_assert_uint_eq(rd(0x130154), 0xb);   /* read back as written */
}
END_TEST

START_TEST(igu_status_block_cleanup)
{
    unsigned sb;

    for (sb = 0; sb < 17; sb++) {
        /* bnx2x_igu_clear_sb_gen: data, then the control word */
        wr(0x130124, 0xe0000000);
        wr(0x13012c, (0x500 + sb) | (0x40 << 12) | (1u << 20));
        ck_assert(rd(0x130200 + (sb / 32) * 4) & (1u << (sb % 32)));
    }
    ck_assert_uint_eq(ql8400_log_unimp, 0);
}
END_TEST

START_TEST(final_cleanup_completes_in_cstorm_ram)
{
    /* the driver requires 0 before it asks */
    ck_assert_uint_eq(rd(0x4111ac), 0);
    wr(0x1664c4, 0x00010049);               /* XSDM op gen: func 0 */
    ck_assert_uint_eq(rd(0x4111ac), 1);
    wr(0x4111ac, 0);
    /* function 1's word is its own */
    wr(0x1664c4, 0x00010149);
    ck_assert_uint_eq(rd(0x4111b4), 1);
    ck_assert_uint_eq(rd(0x4111ac), 0);
    /* an operation the model does not know is reported, not acted on */
    wr(0x1664c4, 0x00010000);
    ck_assert_uint_eq(ql8400_log_unimp, 1);
}
END_TEST

Suite *init_suite(void)
{
    Suite *s = suite_create("init");
    TCase *tc = tcase_create("init_hw");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, blocks_keep_what_is_written);
    tcase_add_test(tc, reset_registers_set_and_clear);
    tcase_add_test(tc, init_done_flags_and_usage_counters);
    tcase_add_test(tc, idle_check_finds_the_chip_idle);
    tcase_add_test(tc, igu_cam_gives_pf0_its_status_blocks);
    tcase_add_test(tc, igu_memories_reset_and_pf_configuration);
    tcase_add_test(tc, igu_status_block_cleanup);
    tcase_add_test(tc, final_cleanup_completes_in_cstorm_ram);
    suite_add_tcase(s, tc);
    return s;
}
