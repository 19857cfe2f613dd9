/*
 * Unit tests: what init_hw needs from the chip — block storage, reset
 * registers, init-done flags, the IGU CAM and cleanup, the final cleanup
 * handshake with the storm firmware. Addresses are written out as the
 * driver knows them, not taken from the model's headers.
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
    tcase_add_test(tc, igu_cam_gives_pf0_its_status_blocks);
    tcase_add_test(tc, igu_memories_reset_and_pf_configuration);
    tcase_add_test(tc, igu_status_block_cleanup);
    tcase_add_test(tc, final_cleanup_completes_in_cstorm_ram);
    suite_add_tcase(s, tc);
    return s;
}
