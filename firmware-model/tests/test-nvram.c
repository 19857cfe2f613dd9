/*
 * Unit tests: the NVRAM as bnx2x reaches it (bnx2x_ethtool.c) — the
 * software arbitration, the access enable, one dword per command — and the
 * flash image: magic, the regions the ethtool self-test checks with their
 * CRCs, the board configuration the bootcode copies into shmem, writes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include "fake-host.h"
#include "tests.h"

#define SHARED_MEM_ADDR         0xa2b4u
#define DRIVER_CONTROL_1        0xa510u
#define NVM_COMMAND             0x86400u
#define NVM_WRITE               0x86408u
#define NVM_ADDR                0x8640cu
#define NVM_READ                0x86410u
#define NVM_SW_ARB              0x86420u
#define NVM_ACCESS_ENABLE       0x86424u
#define NVM_CFG4                0x8642cu

#define CMD_DONE                0x008u
#define CMD_DOIT                0x010u
#define CMD_WR                  0x020u
#define CMD_FIRST               0x080u
#define CMD_LAST                0x100u
#define ARB_REQ_SET1            0x002u
#define ARB_REQ_CLR1            0x020u
#define ARB_ARB1                0x200u
#define ACCESS_EN               0x1u
#define ACCESS_WR_EN            0x2u
#define RESOURCE_NVRAM          12
#define TIMEOUT                 100

#define MAC_UPPER               0x044u  /* shmem */
#define MAC_LOWER               0x048u
#define NVM_PORT0_MAC_UPPER     0x13cu  /* NVRAM port_hw_cfg[0] + 0x10 */
#define NVM_PORT0_MAC_LOWER     0x140u
#define CRC32_RESIDUAL          0xdebb20e3u

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

/* bnx2x_acquire_nvram_lock, port 0 */
static int acquire_nvram_lock(void)
{
    int i;

    wr(DRIVER_CONTROL_1 + 4, 1u << RESOURCE_NVRAM);
    ck_assert(rd(DRIVER_CONTROL_1) & (1u << RESOURCE_NVRAM));
    wr(NVM_SW_ARB, ARB_REQ_SET1);
    for (i = 0; i < TIMEOUT; i++) {
        if (rd(NVM_SW_ARB) & ARB_ARB1) {
            return 0;
        }
    }
    wr(DRIVER_CONTROL_1, 1u << RESOURCE_NVRAM);
    return -1;
}

static int release_nvram_lock(void)
{
    wr(NVM_SW_ARB, ARB_REQ_CLR1);
    if (rd(NVM_SW_ARB) & ARB_ARB1) {
        return -1;
    }
    wr(DRIVER_CONTROL_1, 1u << RESOURCE_NVRAM);
    return 0;
}

static void enable_access(bool on)
{
    uint32_t val = rd(NVM_ACCESS_ENABLE);

    wr(NVM_ACCESS_ENABLE, on ? val | ACCESS_EN | ACCESS_WR_EN :
                          val & ~(ACCESS_EN | ACCESS_WR_EN));
}

/* bnx2x_nvram_read_dword: the value in "cpu order" */
static int read_dword(uint32_t offset, uint32_t *val, uint32_t flags)
{
    int i;

    wr(NVM_COMMAND, CMD_DONE);
    wr(NVM_ADDR, offset & 0xffffff);
    wr(NVM_COMMAND, flags | CMD_DOIT);
    for (i = 0; i < TIMEOUT; i++) {
        if (rd(NVM_COMMAND) & CMD_DONE) {
            *val = rd(NVM_READ);
            return 0;
        }
    }
    return -1;
}

static int write_dword(uint32_t offset, uint32_t val, uint32_t flags)
{
    int i;

    wr(NVM_COMMAND, CMD_DONE);
    wr(NVM_WRITE, val);
    wr(NVM_ADDR, offset & 0xffffff);
    wr(NVM_COMMAND, flags | CMD_DOIT | CMD_WR);
    for (i = 0; i < TIMEOUT; i++) {
        if (rd(NVM_COMMAND) & CMD_DONE) {
            return 0;
        }
    }
    return -1;
}

/* bnx2x_nvram_read: bytes as ethtool -e shows them */
static int nvram_read(uint32_t offset, uint8_t *buf, int size)
{
    uint32_t flags = CMD_FIRST, val;
    int rc;

    rc = acquire_nvram_lock();
    if (rc) {
        return rc;
    }
    enable_access(true);
    for (; size > 0 && !rc; offset += 4, buf += 4, size -= 4) {
        if (size == 4) {
            flags |= CMD_LAST;
        }
        rc = read_dword(offset, &val, flags);
        buf[0] = val >> 24;
        buf[1] = val >> 16;
        buf[2] = val >> 8;
        buf[3] = val;
        flags = 0;
    }
    enable_access(false);
    ck_assert_int_eq(release_nvram_lock(), 0);
    return rc;
}

/* bnx2x_nvram_read32: dwords back in cpu order */
static uint32_t nvram_read32(uint32_t offset)
{
    uint8_t b[4];

    ck_assert_int_eq(nvram_read(offset, b, 4), 0);
    return (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

/* bnx2x_nvram_write for whole dwords, values as the register takes them */
static int nvram_write(uint32_t offset, const uint32_t *vals, int count)
{
    int i, rc = acquire_nvram_lock();

    if (rc) {
        return rc;
    }
    enable_access(true);
    for (i = 0; i < count && !rc; i++) {
        rc = write_dword(offset + 4 * i, vals[i],
                         (i == 0 ? CMD_FIRST : 0) |
                         (i == count - 1 ? CMD_LAST : 0));
    }
    enable_access(false);
    ck_assert_int_eq(release_nvram_lock(), 0);
    return rc;
}

static uint32_t crc32_le(uint32_t crc, const uint8_t *p, size_t len)
{
    int bit;

    while (len--) {
        crc ^= *p++;
        for (bit = 0; bit < 8; bit++) {
            crc = (crc >> 1) ^ (crc & 1 ? 0xedb88320u : 0);
        }
    }
    return crc;
}

/* bnx2x_nvram_crc: 256 bytes per read, residual at the end */
static bool region_crc_ok(uint32_t offset, uint32_t size)
{
    uint8_t buf[256];
    uint32_t crc = ~0u, done = 0, n;

    while (done < size) {
        n = size - done < 256 ? size - done : 256;
        ck_assert_int_eq(nvram_read(offset + done, buf, n), 0);
        crc = crc32_le(crc, buf, n);
        done += n;
    }
    return crc == CRC32_RESIDUAL;
}

/* bnx2x_test_nvram_dir entry: 0 if fine; counts the images checked */
static bool dir_entry_ok(uint32_t addr, unsigned *images)
{
    uint32_t attr = nvram_read32(addr + 4);
    uint32_t start = nvram_read32(addr + 8);
    uint32_t size = attr & 0x007ffffc;

    if (size == 0 || (attr & 0xf0800003) == 0xd0000003) {
        return true;
    }
    (*images)++;
    return region_crc_ok(start, size);
}

START_TEST(magic_through_the_register_protocol)
{
    ck_assert_uint_eq(rd(NVM_SW_ARB), 0);
    ck_assert_uint_eq(nvram_read32(0), 0x669955aa);
    /* everything handed back */
    ck_assert_uint_eq(rd(NVM_SW_ARB), 0);
    ck_assert_uint_eq(rd(DRIVER_CONTROL_1), 0);
    ck_assert_uint_eq(rd(NVM_ACCESS_ENABLE), 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
    ck_assert_uint_eq(ql8400_log_unimp, 0);
}
END_TEST

START_TEST(arbitration_request_and_grant)
{
    wr(NVM_SW_ARB, ARB_REQ_SET1);
    ck_assert_uint_eq(rd(NVM_SW_ARB), ARB_ARB1 | 0x2000);
    /* a second client waits for the first */
    wr(NVM_SW_ARB, 0x4);
    ck_assert_uint_eq(rd(NVM_SW_ARB), ARB_ARB1 | 0x2000 | 0x4000);
    wr(NVM_SW_ARB, ARB_REQ_CLR1);
    ck_assert_uint_eq(rd(NVM_SW_ARB), 0x400 | 0x4000);
    wr(NVM_SW_ARB, 0x40);
    ck_assert_uint_eq(rd(NVM_SW_ARB), 0);
}
END_TEST

START_TEST(flash_size_from_cfg4)
{
    ck_assert_uint_eq(0x20000u << (rd(NVM_CFG4) & 7), 0x100000);
}
END_TEST

START_TEST(ethtool_self_test_passes)
{
    static const uint32_t tbl[][2] = {
        { 0, 0x14 }, { 0x14, 0xec }, { 0x100, 0x350 }, { 0x450, 0xf0 },
        { 0x640, 0x64 }, { 0x708, 0x70 },
        /* port 1 (not hidden) */
        { 0x7e8, 0x350 }, { 0xb38, 0xf0 },
    };
    uint32_t ext;
    unsigned i, images = 0;

    ck_assert_uint_eq(nvram_read32(0), 0x669955aa);
    for (i = 0; i < sizeof(tbl) / sizeof(tbl[0]); i++) {
        ck_assert_msg(region_crc_ok(tbl[i][0], tbl[i][1]),
                      "region 0x%x", tbl[i][0]);
    }
    for (i = 0; i < 15; i++) {
        ck_assert_msg(dir_entry_ok(0x14 + 12 * i, &images), "entry %u", i);
    }
    ck_assert_uint_ge(images, 1);
    /* no extended directory */
    ext = nvram_read32(0x14 + 12 * 15 + 4);
    ck_assert(!((ext & 0xf0800003) == 0xe0000000 && (ext & 0x007ffffc)));
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(nvram_holds_the_config_shmem_shows)
{
    uint32_t shmem = rd(SHARED_MEM_ADDR);

    ck_assert_uint_eq(nvram_read32(NVM_PORT0_MAC_UPPER),
                      rd(shmem + MAC_UPPER));
    ck_assert_uint_eq(nvram_read32(NVM_PORT0_MAC_LOWER),
                      rd(shmem + MAC_LOWER));
    ck_assert_uint_eq(nvram_read32(NVM_PORT0_MAC_UPPER),
                      (uint32_t)c->cfg.mac[0] << 8 | c->cfg.mac[1]);
}
END_TEST

START_TEST(write_then_read_back)
{
    uint32_t vals[16], i;

    for (i = 0; i < 16; i++) {
        vals[i] = 0x01020304u * (i + 1);
    }
    ck_assert_int_eq(nvram_write(0x80000, vals, 16), 0);
    for (i = 0; i < 16; i++) {
        ck_assert_uint_eq(nvram_read32(0x80000 + 4 * i), vals[i]);
    }
    /* the register value is the flash bytes, big-endian */
    ck_assert_uint_eq(c->mcp.nvram.flash[0x80000], 0x01);
    ck_assert_uint_eq(c->mcp.nvram.flash[0x80003], 0x04);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(flash_outlives_resets)
{
    static const uint32_t new_lower = 0x84aabbcc;
    uint32_t shmem = rd(SHARED_MEM_ADDR), old_lower = rd(shmem + MAC_LOWER);

    ck_assert_int_eq(nvram_write(NVM_PORT0_MAC_LOWER, &new_lower, 1), 0);
    /* a function reset does not restart the MCP: shmem unchanged */
    ql8400_chip_reset(c, QL8400_RESET_FUNCTION);
    ck_assert_uint_eq(rd(shmem + MAC_LOWER), old_lower);
    ck_assert_uint_eq(nvram_read32(NVM_PORT0_MAC_LOWER), new_lower);
    /* a power cycle does: the bootcode loads the new MAC */
    ql8400_chip_reset(c, QL8400_RESET_POWER_ON);
    ck_assert_uint_eq(nvram_read32(NVM_PORT0_MAC_LOWER), new_lower);
    ck_assert_uint_eq(rd(shmem + MAC_LOWER), new_lower);
}
END_TEST

START_TEST(interface_state_and_resets)
{
    ck_assert_int_eq(acquire_nvram_lock(), 0);
    enable_access(true);
    ql8400_chip_reset(c, QL8400_RESET_FUNCTION);
    ck_assert_uint_eq(rd(NVM_SW_ARB) & ARB_ARB1, ARB_ARB1);
    ck_assert_uint_eq(rd(NVM_ACCESS_ENABLE), ACCESS_EN | ACCESS_WR_EN);
    ck_assert_uint_eq(rd(NVM_CFG4) & 7, 3);
    ql8400_chip_reset(c, QL8400_RESET_POWER_ON);
    ck_assert_uint_eq(rd(NVM_SW_ARB), 0);
    ck_assert_uint_eq(rd(NVM_ACCESS_ENABLE), 0);
    ck_assert_uint_eq(rd(NVM_CFG4) & 7, 3);
}
END_TEST

START_TEST(address_beyond_the_flash)
{
    uint32_t val = 0, before = c->mcp.nvram.flash[4];

    ck_assert_int_eq(acquire_nvram_lock(), 0);
    enable_access(true);
    ck_assert_int_eq(read_dword(0x100000, &val, CMD_FIRST | CMD_LAST), 0);
    ck_assert_uint_eq(val, 0xffffffff);
    ck_assert_uint_eq(ql8400_log_guest_errors, 1);
    ck_assert_int_eq(write_dword(0x100004, 0, CMD_FIRST | CMD_LAST), 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 2);
    ck_assert_uint_eq(c->mcp.nvram.flash[4], before);
    /* the address register holds 24 bits */
    wr(NVM_ADDR, 0xff000010);
    ck_assert_uint_eq(rd(NVM_ADDR), 0x10);
    enable_access(false);
    ck_assert_int_eq(release_nvram_lock(), 0);
}
END_TEST

START_TEST(command_needs_arbitration_and_enable)
{
    uint32_t val;

    /* no arbitration: the command never completes */
    wr(NVM_ACCESS_ENABLE, ACCESS_EN | ACCESS_WR_EN);
    ck_assert_int_eq(read_dword(0, &val, CMD_FIRST | CMD_LAST), -1);
    ck_assert_uint_eq(ql8400_log_guest_errors, 1);
    /* arbitration, access disabled */
    ck_assert_int_eq(acquire_nvram_lock(), 0);
    wr(NVM_ACCESS_ENABLE, 0);
    ck_assert_int_eq(read_dword(0, &val, CMD_FIRST | CMD_LAST), -1);
    ck_assert_uint_eq(ql8400_log_guest_errors, 2);
    /* reads enabled, writes not */
    wr(NVM_ACCESS_ENABLE, ACCESS_EN);
    ck_assert_int_eq(read_dword(0, &val, CMD_FIRST | CMD_LAST), 0);
    ck_assert_uint_eq(val, 0x669955aa);
    ck_assert_int_eq(write_dword(0, 0, CMD_FIRST | CMD_LAST), -1);
    ck_assert_uint_eq(ql8400_log_guest_errors, 3);
    ck_assert_uint_eq(c->mcp.nvram.flash[0], 0x66);
}
END_TEST

START_TEST(done_is_write_one_to_clear)
{
    uint32_t val;

    ck_assert_int_eq(acquire_nvram_lock(), 0);
    enable_access(true);
    ck_assert_int_eq(read_dword(0x100, &val, CMD_FIRST | CMD_LAST), 0);
    ck_assert_uint_eq(rd(NVM_COMMAND) & CMD_DONE, CMD_DONE);
    wr(NVM_COMMAND, 0);
    ck_assert_uint_eq(rd(NVM_COMMAND) & CMD_DONE, CMD_DONE);
    wr(NVM_COMMAND, CMD_DONE);
    ck_assert_uint_eq(rd(NVM_COMMAND) & CMD_DONE, 0);
    /* the read register is read-only */
    wr(NVM_READ, 0x1234);
    ck_assert_uint_eq(rd(NVM_READ), val);
}
END_TEST

START_TEST(interface_left_held_by_a_dead_driver)
{
    uint32_t lock;

    ck_assert_int_eq(acquire_nvram_lock(), 0);
    /* the driver dies; the next one's prev_unload */
    lock = rd(DRIVER_CONTROL_1);
    ck_assert_uint_eq(lock, 1u << RESOURCE_NVRAM);
    if (lock & RESOURCE_NVRAM) {        /* sic: the driver tests bits 2-3 */
        wr(NVM_SW_ARB, ARB_REQ_CLR1);
    }
    wr(DRIVER_CONTROL_1, 0xffffffff);
    /* the grant stayed with port 0's client: the next access works */
    ck_assert_uint_eq(nvram_read32(0), 0x669955aa);
    ck_assert_uint_eq(rd(NVM_SW_ARB), 0);
}
END_TEST

Suite *nvram_suite(void)
{
    Suite *s = suite_create("nvram");
    TCase *tc = tcase_create("nvm");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, magic_through_the_register_protocol);
    tcase_add_test(tc, arbitration_request_and_grant);
    tcase_add_test(tc, flash_size_from_cfg4);
    tcase_add_test(tc, ethtool_self_test_passes);
    tcase_add_test(tc, nvram_holds_the_config_shmem_shows);
    tcase_add_test(tc, write_then_read_back);
    tcase_add_test(tc, flash_outlives_resets);
    tcase_add_test(tc, interface_state_and_resets);
    tcase_add_test(tc, address_beyond_the_flash);
    tcase_add_test(tc, command_needs_arbitration_and_enable);
    tcase_add_test(tc, done_is_write_one_to_clear);
    tcase_add_test(tc, interface_left_held_by_a_dead_driver);
    suite_add_tcase(s, tc);
    return s;
}
