/*
 * Unit tests: the GRC window, its identity registers, unknown offsets and
 * the power-on state.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include "fake-host.h"
#include "regs.h"
#include "tests.h"

static FakeHost *h;

static void setup(void)
{
    h = fake_host_new();
    ql8400_log_guest_errors = 0;
    ql8400_log_unimp = 0;
}

static void teardown(void)
{
    fake_host_free(h);
}

START_TEST(chip_identity_is_57810_b0)
{
    Ql8400Chip *c = &h->chip;
    uint32_t chip_id;

    /* as the driver assembles it: num << 16 | rev << 12 | metal | bond */
    chip_id = (ql8400_grc_read(c, MISC_REG_CHIP_NUM, 4) & 0xffff) << 16 |
              (ql8400_grc_read(c, MISC_REG_CHIP_REV, 4) & 0xf) << 12 |
              ((ql8400_grc_read(c, PCICFG_OFFSET + PCI_ID_VAL3, 4) >> 24) & 0xf)
              << 4 |
              (ql8400_grc_read(c, MISC_REG_BOND_ID, 4) & 0xf);
    ck_assert_uint_eq(chip_id, 0x168e1000);
    /* two-port mode */
    ck_assert_uint_eq(ql8400_grc_read(c, MISC_REG_PORT4MODE_EN_OVWR, 4) & 1, 0);
    ck_assert_uint_eq(ql8400_grc_read(c, MISC_REG_PORT4MODE_EN, 4) & 1, 0);
    ck_assert_uint_eq(ql8400_log_unimp, 0);
}
END_TEST

START_TEST(identity_is_read_only)
{
    Ql8400Chip *c = &h->chip;

    ql8400_grc_write(c, MISC_REG_CHIP_NUM, 0xdeadbeef, 4);
    ck_assert_uint_eq(ql8400_grc_read(c, MISC_REG_CHIP_NUM, 4), 0x168e);
}
END_TEST

START_TEST(unknown_offset_reads_zero_reported_once)
{
    Ql8400Chip *c = &h->chip;
    const uint32_t nowhere = 0x7ff000;

    ql8400_grc_write(c, nowhere, 0x12345678, 4);
    ck_assert_uint_eq(ql8400_grc_read(c, nowhere, 4), 0);
    ck_assert_uint_eq(ql8400_grc_read(c, nowhere, 4), 0);
    ck_assert_uint_eq(ql8400_log_unimp, 1);
    ck_assert_uint_eq(ql8400_grc_read(c, nowhere + 4, 4), 0);
    ck_assert_uint_eq(ql8400_log_unimp, 2);
}
END_TEST

START_TEST(sub_dword_access_merges)
{
    Ql8400Chip *c = &h->chip;

    ql8400_grc_write(c, MISC_REG_PORT4MODE_EN_OVWR, 0x11223344, 4);
    ql8400_grc_write(c, MISC_REG_PORT4MODE_EN_OVWR + 1, 0xaa, 1);
    ql8400_grc_write(c, MISC_REG_PORT4MODE_EN_OVWR + 2, 0xbbcc, 2);
    ck_assert_uint_eq(ql8400_grc_read(c, MISC_REG_PORT4MODE_EN_OVWR, 4),
                      0xbbccaa44);
    ck_assert_uint_eq(ql8400_grc_read(c, MISC_REG_PORT4MODE_EN_OVWR + 3, 1),
                      0xbb);
    ck_assert_uint_eq(ql8400_grc_read(c, MISC_REG_PORT4MODE_EN_OVWR + 2, 2),
                      0xbbcc);
}
END_TEST

START_TEST(misaligned_accesses_go_byte_by_byte)
{
    Ql8400Chip *c = &h->chip;
    uint32_t xstorm = BAR_XSTRORM_INTMEM + 0x4000;

    /* cnic's dword at an odd storm RAM address spans two dwords */
    ql8400_grc_write(c, xstorm + 1, 0x44332211, 4);
    ck_assert_uint_eq(ql8400_grc_read(c, xstorm, 4), 0x33221100);
    ck_assert_uint_eq(ql8400_grc_read(c, xstorm + 4, 4), 0x44);
    ck_assert_uint_eq(ql8400_grc_read(c, xstorm + 3, 2), 0x4433);
    ck_assert_uint_eq(ql8400_grc_read(c, MISC_REG_CHIP_NUM + 1, 2), 0x16);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(bad_sizes_and_out_of_window_are_guest_errors)
{
    Ql8400Chip *c = &h->chip;

    ck_assert_uint_eq(ql8400_grc_read(c, MISC_REG_CHIP_NUM, 3), 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 1);
    ql8400_pcicfg_write(c, PCICFG_GRC_ADDRESS, 0x900000);
    ck_assert_uint_eq(ql8400_pcicfg_read(c, PCICFG_GRC_DATA), 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 2);
}
END_TEST

START_TEST(pcicfg_window_reaches_grc)
{
    Ql8400Chip *c = &h->chip;

    ck_assert(ql8400_pcicfg_is_vendor(PCICFG_GRC_ADDRESS));
    ck_assert(ql8400_pcicfg_is_vendor(PCICFG_GRC_DATA + 2));
    ck_assert(!ql8400_pcicfg_is_vendor(0x10));
    ql8400_pcicfg_write(c, PCICFG_GRC_ADDRESS, MISC_REG_CHIP_NUM);
    ck_assert_uint_eq(ql8400_pcicfg_read(c, PCICFG_GRC_ADDRESS),
                      MISC_REG_CHIP_NUM);
    ck_assert_uint_eq(ql8400_pcicfg_read(c, PCICFG_GRC_DATA), 0x168e);
    ql8400_pcicfg_write(c, PCICFG_GRC_ADDRESS, MISC_REG_PORT4MODE_EN_OVWR);
    ql8400_pcicfg_write(c, PCICFG_GRC_DATA, 0x3);
    ck_assert_uint_eq(ql8400_grc_read(c, MISC_REG_PORT4MODE_EN_OVWR, 4), 3);
    ck_assert_uint_eq(ql8400_pcicfg_read(c, PCICFG_ME_REGISTER), 0);
}
END_TEST

START_TEST(reset_restores_power_on_state)
{
    Ql8400Chip *c = &h->chip;

    ql8400_grc_write(c, MISC_REG_PORT4MODE_EN_OVWR, 0x3, 4);
    ql8400_pcicfg_write(c, PCICFG_GRC_ADDRESS, 0x1234);
    ql8400_chip_reset(c, QL8400_RESET_POWER_ON);
    ck_assert_uint_eq(ql8400_grc_read(c, MISC_REG_PORT4MODE_EN_OVWR, 4), 0);
    ck_assert_uint_eq(ql8400_pcicfg_read(c, PCICFG_GRC_ADDRESS), 0);
    ck_assert_uint_eq(ql8400_grc_read(c, MISC_REG_CHIP_NUM, 4), 0x168e);
}
END_TEST

Suite *grc_suite(void)
{
    Suite *s = suite_create("grc");
    TCase *tc = tcase_create("window");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, chip_identity_is_57810_b0);
    tcase_add_test(tc, identity_is_read_only);
    tcase_add_test(tc, unknown_offset_reads_zero_reported_once);
    tcase_add_test(tc, sub_dword_access_merges);
    tcase_add_test(tc, misaligned_accesses_go_byte_by_byte);
    tcase_add_test(tc, bad_sizes_and_out_of_window_are_guest_errors);
    tcase_add_test(tc, pcicfg_window_reaches_grc);
    tcase_add_test(tc, reset_restores_power_on_state);
    suite_add_tcase(s, tc);
    return s;
}
