/*
 * Unit tests: the management firmware as the bnx2x driver sees it —
 * shared memory decoded the way the driver decodes it, the mailbox across
 * probe, load, unload, reload, function reset and power cycle, the driver
 * pulse, the hardware locks, the MCP access lock and the recovery register.
 * Offsets are the driver's (bnx2x_hsi.h, bnx2x_reg.h), written out here.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdio.h>
#include "fake-host.h"
#include "tests.h"

/* GRC registers */
#define SHARED_MEM_ADDR         0xa2b4u
#define GENERIC_CR_0            0xa460u
#define GENERIC_POR_1           0xa474u
#define DRIVER_CONTROL_1        0xa510u
#define DRIVER_CONTROL_7        0xa3c8u
#define MCPR_ACCESS_LOCK        0x8009cu
#define MCPR_CPU_PROGRAM_COUNTER 0x8501cu

/* shmem_region */
#define VALIDITY_MAP(p)         (0x000u + (p) * 4)
#define BC_REV                  0x008u
#define PART_NUM                0x00cu
#define CONFIG2                 0x020u
#define MAC_UPPER               0x044u
#define MAC_LOWER               0x048u
#define ISCSI_MAC_UPPER         0x04cu
#define ISCSI_MAC_LOWER         0x050u
#define FCOE_FIP_MAC_UPPER      0x0b0u
#define FCOE_FIP_MAC_LOWER      0x0b4u
#define DEFAULT_CFG             0x190u
#define EXTERNAL_PHY_CONFIG     0x1b4u
#define SPEED_CAPABILITY_MASK   0x1b8u
#define E3_SFP_CTRL             0x070u
#define SHARED_FEATURE_CONFIG   0x354u
#define PORT_FEATURE_CONFIG     0x358u
#define MBA_CONFIG              0x360u
#define LINK_CONFIG             0x378u
#define EEE_POWER_MODE          0x388u
#define MAX_ISCSI_CONN          0x458u
#define MAX_FCOE_CONN           0x460u
#define PORT_STX                0x668u
#define EXT_PHY_FW_VERSION      0x670u
#define DRV_MB_HEADER           0x684u
#define DRV_MB_PARAM            0x688u
#define FW_MB_HEADER            0x68cu
#define FW_MB_PARAM             0x690u
#define DRV_PULSE_MB            0x694u
#define MCP_PULSE_MB            0x698u
#define SHMEM_END               0x7e4u  /* 8 function mailboxes */

/* shmem2_region */
#define SHMEM2_SIZE_FIELD       0x000u
#define MF_CFG_ADDR             0x010u
#define DCBX_LLDP_PARAMS        0x028u
#define DCBX_LLDP_STAT          0x064u
#define EXT_DEV_INFO_ADDR       0x0c0u
#define DRV_CAPABILITIES_FLAG   0x0e0u
#define DCBX_EN                 0x0f4u
#define LFA_HOST_ADDR           0x13cu
#define SHMEM2_FULL             0x22cu

/* mailbox */
#define LOAD_REQ                0x10000000u
#define LOAD_DONE               0x11000000u
#define UNLOAD_REQ_WOL_EN       0x20000000u
#define UNLOAD_REQ_WOL_DIS      0x20010000u
#define UNLOAD_REQ_WOL_MCP      0x20020000u
#define UNLOAD_DONE             0x21000000u
#define LINK_STATUS_CHANGED     0x01000000u
#define RMMOD                   0xdb000000u
#define LOAD_REQ_WITH_LFA       0x0000100au
#define UNLOAD_SKIP_LINK_RESET  0x00000002u
#define FW_LOAD_COMMON_CHIP     0x10130000u
#define FW_LOAD_DONE            0x11100000u
#define FW_UNLOAD_COMMON        0x20100000u
#define FW_UNLOAD_DONE          0x21100000u

#define RESOURCE_RESET          5
#define RESOURCE_NVRAM          12

static FakeHost *h;
static Ql8400Chip *c;
static uint16_t fw_seq;         /* the driver's bp->fw_seq */

static void setup(void)
{
    h = fake_host_new();
    c = &h->chip;
    fw_seq = 0;
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

static uint32_t shmem(void)
{
    return rd(SHARED_MEM_ADDR);
}

static uint32_t shmem_rd(uint32_t offset)
{
    return rd(shmem() + offset);
}

static void shmem_wr(uint32_t offset, uint32_t val)
{
    wr(shmem() + offset, val);
}

static uint32_t shmem2_rd(uint32_t offset)
{
    return rd(rd(GENERIC_CR_0) + offset);
}

/* init_bp / nic_load: the driver picks up the sequence from the header */
static void driver_init_seq(void)
{
    fw_seq = shmem_rd(DRV_MB_HEADER) & 0xffff;
}

/* bnx2x_fw_command: 0 when the firmware does not answer */
static uint32_t fw_command(uint32_t command, uint32_t param)
{
    uint16_t seq = ++fw_seq;
    uint32_t rc;

    shmem_wr(DRV_MB_PARAM, param);
    shmem_wr(DRV_MB_HEADER, command | seq);
    rc = shmem_rd(FW_MB_HEADER);
    return (rc & 0xffff) == seq ? rc & 0xffff0000 : 0;
}

static void mac_decode(uint8_t *mac, uint32_t lower, uint32_t upper)
{
    mac[0] = upper >> 8;
    mac[1] = upper;
    mac[2] = lower >> 24;
    mac[3] = lower >> 16;
    mac[4] = lower >> 8;
    mac[5] = lower;
}

static bool valid_ether_addr(const uint8_t *mac)
{
    static const uint8_t zero[6];

    return !(mac[0] & 1) && memcmp(mac, zero, 6) != 0;
}

static unsigned func_state(void)
{
    return c->mcp.func_state[0];
}

/* ---- shared memory ---- */

START_TEST(shmem_is_found_and_valid)
{
    uint32_t base = shmem();

    ck_assert_uint_ne(base, 0);
    ck_assert_uint_ne(base, 0xffffffff);
    ck_assert_uint_ge(base, 0xa0000);
    ck_assert_uint_le(base + SHMEM_END, 0xc0000);
    /* bnx2x_init_shmem wants the MB bit of its port */
    ck_assert_uint_eq(shmem_rd(VALIDITY_MAP(0)), 0x00600000);
    ck_assert_uint_eq(shmem_rd(VALIDITY_MAP(1)), 0x00600000);
    /* read-only pointer */
    wr(SHARED_MEM_ADDR, 0x1234);
    ck_assert_uint_eq(shmem(), base);
}
END_TEST

START_TEST(shmem2_keeps_optional_features_off)
{
    uint32_t base2 = rd(GENERIC_CR_0);

    ck_assert_uint_ge(base2, 0xa0000);
    ck_assert_uint_le(base2 + SHMEM2_FULL, 0xc0000);
    ck_assert(base2 >= shmem() + SHMEM_END || base2 + SHMEM2_FULL <= shmem());
    ck_assert_uint_eq(shmem2_rd(SHMEM2_SIZE_FIELD), SHMEM2_FULL);
    /* no DCBX, no link-flap avoidance */
    ck_assert_uint_eq(shmem2_rd(DCBX_LLDP_PARAMS), 0);
    ck_assert_uint_eq(shmem2_rd(DCBX_LLDP_STAT), 0);
    ck_assert_uint_eq(shmem2_rd(DCBX_EN), 0);
    ck_assert_uint_eq(shmem2_rd(LFA_HOST_ADDR), 0);
    /* and the whole region is memory the driver can write */
    wr(base2 + DRV_CAPABILITIES_FLAG, 0x1);
    ck_assert_uint_eq(shmem2_rd(DRV_CAPABILITIES_FLAG), 0x1);
    wr(base2 + SHMEM2_FULL - 4, 0x5a5a);
    ck_assert_uint_eq(shmem2_rd(SHMEM2_FULL - 4), 0x5a5a);
    ck_assert_uint_eq(ql8400_log_unimp, 0);
}
END_TEST

START_TEST(mf_config_says_single_function)
{
    uint32_t mf = shmem2_rd(MF_CFG_ADDR);
    unsigned vn;

    /* an area of its own, which bnx2x_read_mf_cfg reads at link reports */
    ck_assert_uint_ge(mf, shmem() + SHMEM_END);
    ck_assert_uint_le(mf + 0x224, rd(GENERIC_CR_0));
    /* FORCED_SF: bnx2x_get_hwinfo leaves mf_config 0 */
    ck_assert_uint_eq(shmem_rd(SHARED_FEATURE_CONFIG) & 0x700, 0x100);
    /* func_mf_config[2 * vn + path].config: PF0 (vn 0) enabled */
    ck_assert_uint_eq(rd(mf + 0x24 + 0 * 0x18) & 0x8, 0);
    for (vn = 1; vn < 4; vn++) {
        ck_assert_uint_eq(rd(mf + 0x24 + 2 * vn * 0x18) & 0x9, 0x9);
    }
    /* no outer VLAN: even MF_ALLOWED would stay single function */
    ck_assert_uint_eq(rd(mf + 0x24 + 0xc) & 0xffff, 0xffff);
    ck_assert_uint_eq(ql8400_log_unimp, 0);
}
END_TEST

START_TEST(bootcode_version_as_ethtool_shows_it)
{
    uint32_t bc_ver = shmem_rd(BC_REV) >> 8;
    uint32_t ext = shmem2_rd(EXT_DEV_INFO_ADDR);
    char fw_version[32];

    /* bnx2x_get_drvinfo: "mbi x.y.z " only when mbi_version is set */
    ck_assert_uint_ne(ext, 0);
    ck_assert_uint_eq(rd(ext + 0x48), 0);
    snprintf(fw_version, sizeof(fw_version), "bc %d.%d.%d",
             (bc_ver & 0xff0000) >> 16, (bc_ver & 0xff00) >> 8,
             bc_ver & 0xff);
    ck_assert_str_eq(fw_version, "bc 7.13.75");
    /* new enough for every feature flag, INITIATE_FLR and RMMOD */
    ck_assert_uint_ge(bc_ver, 0x07080f);
}
END_TEST

START_TEST(part_number_is_a_string)
{
    char part[17] = "";
    unsigned i;

    for (i = 0; i < 16; i++) {
        part[i] = shmem_rd(PART_NUM + (i & ~3u)) >> (24 - 8 * (i & 3));
    }
    ck_assert_str_eq(part, "QLE8442-SR");
}
END_TEST

START_TEST(port_mac_from_board_config)
{
    uint8_t mac[6], iscsi[6], fip[6];

    mac_decode(mac, shmem_rd(MAC_LOWER), shmem_rd(MAC_UPPER));
    ck_assert_mem_eq(mac, c->cfg.mac, 6);
    ck_assert_uint_eq(shmem_rd(MAC_UPPER) >> 16, 0);
    /* the iSCSI MAC: a valid unicast address of its own, stable */
    mac_decode(iscsi, shmem_rd(ISCSI_MAC_LOWER), shmem_rd(ISCSI_MAC_UPPER));
    ck_assert(valid_ether_addr(iscsi));
    ck_assert(memcmp(iscsi, mac, 6) != 0);
    ck_assert_mem_eq(iscsi, mac, 5);
    ck_assert_uint_eq(iscsi[5], mac[5] + 1);
    /* no FCoE MAC: the driver disables FCoE */
    mac_decode(fip, shmem_rd(FCOE_FIP_MAC_LOWER),
               shmem_rd(FCOE_FIP_MAC_UPPER));
    ck_assert(!valid_ether_addr(fip));
}
END_TEST

START_TEST(board_is_single_function_xfi_direct)
{
    /* FORCED_SF */
    ck_assert_uint_eq(shmem_rd(SHARED_FEATURE_CONFIG) & 0x700, 0x100);
    /* Warpcore XFI, no external PHY, 1G/10G capable */
    ck_assert_uint_eq(shmem_rd(DEFAULT_CFG) & 0x0f000000, 0x01000000);
    ck_assert_uint_eq((shmem_rd(EXTERNAL_PHY_CONFIG) >> 8) & 0xff, 0);
    ck_assert_uint_eq(shmem_rd(SPEED_CAPABILITY_MASK) & 0xffff0000,
                      0x00500000);
    ck_assert_uint_eq(shmem_rd(E3_SFP_CTRL), 0);
    /* 10G switch, speed and flow control AUTO */
    ck_assert_uint_eq(shmem_rd(LINK_CONFIG), 0x01000000);
    /* no WoL, no storage personality, no module enforcement */
    ck_assert_uint_eq(shmem_rd(PORT_FEATURE_CONFIG), 0);
    ck_assert_uint_eq(shmem_rd(MBA_CONFIG) & 7, 7);
    ck_assert_uint_eq(shmem_rd(EEE_POWER_MODE) & 0xff, 0);
    /* port 1 is not hidden: the NVRAM test checks its regions too */
    ck_assert_uint_eq(shmem_rd(CONFIG2) & 0x2000, 0);
    /* no statistics areas, nothing skips the common PHY init */
    ck_assert_uint_eq(shmem_rd(PORT_STX), 0);
    ck_assert_uint_eq(shmem_rd(FW_MB_PARAM), 0);
    ck_assert_uint_eq(shmem_rd(EXT_PHY_FW_VERSION), 0);
}
END_TEST

START_TEST(iscsi_licensed_fcoe_not)
{
    uint32_t iscsi = (shmem_rd(MAX_ISCSI_CONN) ^ 0x1e1e1e1e) >> 16;
    uint32_t fcoe = (shmem_rd(MAX_FCOE_CONN) ^ 0x1e1e1e1e) >> 16;

    ck_assert(c->cfg.iscsi_offload);
    ck_assert_uint_eq(iscsi, 128);
    ck_assert_uint_eq(fcoe, 0);
}
END_TEST

START_TEST(iscsi_licence_follows_config)
{
    static const Ql8400Config cfg = {
        .mac = { 0x00, 0x0e, 0x1e, 0x84, 0x10, 0xff },
        .iscsi_offload = false,
    };
    FakeHost *h2 = calloc(1, sizeof(*h2));
    Ql8400Chip *c2 = &h2->chip;
    uint32_t base, lic;
    uint8_t mac[6];

    ql8400_chip_init(c2, &cfg, &fake_host_ops, h2);
    base = ql8400_grc_read(c2, SHARED_MEM_ADDR, 4);
    lic = ql8400_grc_read(c2, base + MAX_ISCSI_CONN, 4) ^ 0x1e1e1e1e;
    ck_assert_uint_eq(lic >> 16, 0);
    mac_decode(mac, ql8400_grc_read(c2, base + MAC_LOWER, 4),
               ql8400_grc_read(c2, base + MAC_UPPER, 4));
    ck_assert_mem_eq(mac, cfg.mac, 6);
    /* the iSCSI MAC carries into the next byte */
    mac_decode(mac, ql8400_grc_read(c2, base + ISCSI_MAC_LOWER, 4),
               ql8400_grc_read(c2, base + ISCSI_MAC_UPPER, 4));
    ck_assert_uint_eq(mac[4], 0x11);
    ck_assert_uint_eq(mac[5], 0x00);
    /* and it stays so across a power cycle */
    ql8400_chip_reset(c2, QL8400_RESET_POWER_ON);
    lic = ql8400_grc_read(c2, base + MAX_ISCSI_CONN, 4) ^ 0x1e1e1e1e;
    ck_assert_uint_eq(lic >> 16, 0);
    ql8400_chip_destroy(c2);
    free(h2);
}
END_TEST

START_TEST(shmem_reads_report_nothing_unknown)
{
    uint32_t off;

    for (off = 0; off < SHMEM_END; off += 4) {
        shmem_rd(off);
    }
    for (off = 0; off < SHMEM2_FULL; off += 4) {
        shmem2_rd(off);
    }
    ck_assert_uint_eq(ql8400_log_unimp, 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(fw_dump_finds_the_trace_buffer)
{
    uint32_t trace = shmem() - 0x800;
    uint32_t mark;
    uint32_t pc;

    ck_assert_uint_ge(trace, 0xa0800);
    ck_assert_uint_eq(rd(trace), 0x54524342);
    mark = 0xa0000 + ((rd(trace + 4) + 3) & ~3u) - 0x08000000;
    ck_assert_uint_ge(mark, trace + 8);
    ck_assert_uint_lt(mark, shmem());
    ck_assert_uint_eq(rd(trace + 8) >> 24, 'q');
    /* a running CPU */
    pc = rd(MCPR_CPU_PROGRAM_COUNTER);
    ck_assert_uint_ne(pc, rd(MCPR_CPU_PROGRAM_COUNTER));
}
END_TEST

/* ---- the mailbox ---- */

/* bnx2x_trylock_hw_lock for function func */
static bool trylock(unsigned func, unsigned resource)
{
    uint32_t reg = func <= 5 ? DRIVER_CONTROL_1 + func * 8 :
                   DRIVER_CONTROL_7 + (func - 6) * 8;

    wr(reg + 4, 1u << resource);
    return rd(reg) & (1u << resource);
}

static void unlock(unsigned func, unsigned resource)
{
    uint32_t reg = func <= 5 ? DRIVER_CONTROL_1 + func * 8 :
                   DRIVER_CONTROL_7 + (func - 6) * 8;

    wr(reg, 1u << resource);
}

/* bnx2x_prev_unload's requests at probe; 0 means probe is deferred */
static void prev_unload(void)
{
    uint32_t lock = rd(DRIVER_CONTROL_1);

    if (lock) {
        wr(DRIVER_CONTROL_1, 0xffffffff);
    }
    if (rd(MCPR_ACCESS_LOCK) & 0x80000000) {
        wr(MCPR_ACCESS_LOCK, 0);
    }
    ck_assert_uint_eq(fw_command(UNLOAD_REQ_WOL_DIS, 0), FW_UNLOAD_COMMON);
    ck_assert_uint_ne(fw_command(UNLOAD_DONE, UNLOAD_SKIP_LINK_RESET), 0);
}

static void probe(void)
{
    driver_init_seq();
    prev_unload();
}

/* bnx2x_nic_load: LOAD_REQ ... LOAD_DONE */
static uint32_t nic_load(void)
{
    uint32_t code;

    driver_init_seq();
    code = fw_command(LOAD_REQ, LOAD_REQ_WITH_LFA);
    ck_assert_uint_eq(fw_command(LOAD_DONE, 0), FW_LOAD_DONE);
    return code;
}

static uint32_t nic_unload(void)
{
    uint32_t code = fw_command(UNLOAD_REQ_WOL_DIS, 0);

    ck_assert_uint_eq(fw_command(UNLOAD_DONE, 0), FW_UNLOAD_DONE);
    return code;
}

START_TEST(mailbox_starts_empty)
{
    ck_assert_uint_eq(shmem_rd(DRV_MB_HEADER), 0);
    ck_assert_uint_eq(shmem_rd(FW_MB_HEADER), 0);
    ck_assert_uint_eq(shmem_rd(DRV_PULSE_MB), 0);
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_UNLOADED);
}
END_TEST

START_TEST(probe_after_power_on)
{
    probe();
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_UNLOADED);
    ck_assert_uint_eq(ql8400_log_unimp, 0);
}
END_TEST

START_TEST(load_then_unload)
{
    probe();
    driver_init_seq();
    ck_assert_uint_eq(fw_command(LOAD_REQ, LOAD_REQ_WITH_LFA),
                      FW_LOAD_COMMON_CHIP);
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_LOADING);
    ck_assert_uint_eq(fw_command(LOAD_DONE, 0), FW_LOAD_DONE);
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_LOADED);
    ck_assert_uint_eq(fw_command(LINK_STATUS_CHANGED, 0), 0x01100000);
    ck_assert_uint_eq(fw_command(UNLOAD_REQ_WOL_DIS, 0), FW_UNLOAD_COMMON);
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_UNLOADING);
    ck_assert_uint_eq(fw_command(UNLOAD_DONE, 0), FW_UNLOAD_DONE);
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_UNLOADED);
}
END_TEST

START_TEST(unload_codes_for_every_wol_mode)
{
    static const uint32_t reqs[] = {
        UNLOAD_REQ_WOL_EN, UNLOAD_REQ_WOL_DIS, UNLOAD_REQ_WOL_MCP,
    };
    unsigned i;

    for (i = 0; i < 3; i++) {
        ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
        ck_assert_uint_eq(fw_command(reqs[i], 0), FW_UNLOAD_COMMON);
        ck_assert_uint_eq(fw_command(UNLOAD_DONE, 0), FW_UNLOAD_DONE);
    }
}
END_TEST

START_TEST(ifdown_ifup_and_driver_reload)
{
    probe();
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
    ck_assert_uint_eq(nic_unload(), FW_UNLOAD_COMMON);
    /* ip link set up again: the chip is the driver's alone again */
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
    ck_assert_uint_eq(nic_unload(), FW_UNLOAD_COMMON);
    /* rmmod, modprobe */
    ck_assert_uint_eq(fw_command(RMMOD, 0), 0xdb100000);
    probe();
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
}
END_TEST

START_TEST(load_failure_path)
{
    /* init_hw failed: LOAD_DONE, then UNLOAD_REQ_WOL_MCP, UNLOAD_DONE */
    driver_init_seq();
    ck_assert_uint_eq(fw_command(LOAD_REQ, LOAD_REQ_WITH_LFA),
                      FW_LOAD_COMMON_CHIP);
    ck_assert_uint_ne(fw_command(LOAD_DONE, 0), 0);
    ck_assert_uint_ne(fw_command(UNLOAD_REQ_WOL_MCP, 0), 0);
    ck_assert_uint_ne(fw_command(UNLOAD_DONE, 0), 0);
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_UNLOADED);
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
}
END_TEST

START_TEST(reboot_without_reset_finds_function_loaded)
{
    probe();
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
    /* the guest restarts, nobody unloads: a new driver probes */
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_LOADED);
    probe();
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_UNLOADED);
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
}
END_TEST

START_TEST(load_request_while_loaded_is_answered)
{
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
    /* a second load without an unload (the first driver died) */
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_LOADED);
    ck_assert_uint_eq(nic_unload(), FW_UNLOAD_COMMON);
}
END_TEST

START_TEST(function_reset_keeps_the_mcp)
{
    uint32_t header, reply, base2 = rd(GENERIC_CR_0);

    probe();
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
    wr(base2 + DRV_CAPABILITIES_FLAG, 0x4);
    header = shmem_rd(DRV_MB_HEADER);
    reply = shmem_rd(FW_MB_HEADER);
    ck_assert_uint_eq(header & 0xffff, reply & 0xffff);

    ql8400_chip_reset(c, QL8400_RESET_FUNCTION);

    /* the MCP still answers, remembers the load and its sequence */
    ck_assert_uint_eq(shmem_rd(VALIDITY_MAP(0)), 0x00600000);
    ck_assert_uint_eq(shmem_rd(DRV_MB_HEADER), header);
    ck_assert_uint_eq(shmem_rd(FW_MB_HEADER), reply);
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_LOADED);
    ck_assert_uint_eq(shmem2_rd(DRV_CAPABILITIES_FLAG), 0x4);
    ck_assert_uint_eq(shmem_rd(MAX_ISCSI_CONN) ^ 0x1e1e1e1e, 128u << 16);
    /* the driver probes again and cleans up after itself */
    probe();
    ck_assert_uint_eq(fw_seq, (header & 0xffff) + 2);
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
}
END_TEST

START_TEST(power_cycle_forgets_everything)
{
    probe();
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
    wr(DRIVER_CONTROL_1 + 4, 1u << RESOURCE_RESET);
    wr(MCPR_ACCESS_LOCK, 0x80000000);
    wr(GENERIC_POR_1, 0x00010001);

    ql8400_chip_reset(c, QL8400_RESET_POWER_ON);

    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_UNLOADED);
    ck_assert_uint_eq(shmem_rd(DRV_MB_HEADER), 0);
    ck_assert_uint_eq(shmem_rd(FW_MB_HEADER), 0);
    ck_assert_uint_eq(rd(DRIVER_CONTROL_1), 0);
    ck_assert_uint_eq(rd(MCPR_ACCESS_LOCK), 0);
    ck_assert_uint_eq(rd(GENERIC_POR_1), 0);
    ck_assert_uint_eq(shmem_rd(VALIDITY_MAP(0)), 0x00600000);
    probe();
    ck_assert_uint_eq(fw_seq, 2);
}
END_TEST

START_TEST(mcp_restart_in_recovery)
{
    probe();
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
    ck_assert(trylock(0, 8));   /* RECOVERY_LEADER_0 */
    wr(GENERIC_POR_1, 0x00040001);
    /* bnx2x_reset_mcp_prep, then the global reset restarts the MCP */
    shmem_wr(VALIDITY_MAP(0), 0);
    ql8400_mcp_restart(c);
    ck_assert_uint_eq(shmem_rd(VALIDITY_MAP(0)) & 0x00200000, 0x00200000);
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_UNLOADED);
    ck_assert_uint_eq(shmem_rd(DRV_MB_HEADER), 0);
    /* the leader still holds its lock and its recovery bits */
    ck_assert_uint_eq(rd(DRIVER_CONTROL_1), 1u << 8);
    ck_assert_uint_eq(rd(GENERIC_POR_1), 0x00040001);
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
}
END_TEST

START_TEST(sequence_is_echoed_and_wraps)
{
    unsigned i;

    fw_seq = 0xfffd;
    for (i = 0; i < 4; i++) {
        ck_assert_uint_eq(fw_command(LINK_STATUS_CHANGED, 0), 0x01100000);
        ck_assert_uint_eq(shmem_rd(FW_MB_HEADER), 0x01100000 | fw_seq);
    }
    ck_assert_uint_eq(fw_seq, 1);
    /* the next driver instance carries on from the header */
    driver_init_seq();
    ck_assert_uint_eq(fw_seq, 1);
}
END_TEST

START_TEST(repeated_sequence_is_no_new_command)
{
    driver_init_seq();
    ck_assert_uint_eq(fw_command(LOAD_REQ, LOAD_REQ_WITH_LFA),
                      FW_LOAD_COMMON_CHIP);
    /* the header rewritten with the sequence already answered */
    shmem_wr(DRV_MB_HEADER, UNLOAD_REQ_WOL_DIS | fw_seq);
    ck_assert_uint_eq(shmem_rd(FW_MB_HEADER), FW_LOAD_COMMON_CHIP | fw_seq);
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_LOADING);
}
END_TEST

START_TEST(every_driver_command_has_its_ack)
{
    static const uint32_t acks[][2] = {
        { 0x01000000, 0x01100000 },     /* LINK_STATUS_CHANGED */
        { 0xa0000000, 0xa0100000 },     /* VRFY_FIRST_PHY_OPT_MDL */
        { 0xa1000000, 0xa0100000 },     /* VRFY_SPECIFIC_PHY_OPT_MDL */
        { 0x30000000, 0x30100000 },     /* DCC_OK */
        { 0x31000000, 0x30100000 },     /* DCC_FAILURE */
        { 0x00010000, 0x00110000 },     /* OEM_OK */
        { 0x00020000, 0x00120000 },     /* OEM_FAILURE */
        { 0x00030000, 0x00130000 },     /* OEM_UPDATE_SVID_OK */
        { 0x00040000, 0x00140000 },     /* OEM_UPDATE_SVID_FAILURE */
        { 0xb0000000, 0xb0100000 },     /* DCBX_ADMIN_PMF_MSG */
        { 0xb2000000, 0xb2100000 },     /* DCBX_PMF_DRV_OK */
        { 0xc0000000, 0xb0000000 },     /* VF_DISABLED_DONE */
        { 0xd1000000, 0xd1100000 },     /* AFEX_LISTGET_ACK */
        { 0xd2000000, 0xd2100000 },     /* AFEX_LISTSET_ACK */
        { 0xd3000000, 0xd3100000 },     /* AFEX_STATSGET_ACK */
        { 0xd4000000, 0xd4100000 },     /* AFEX_VIFSET_ACK */
        { 0xd8000000, 0xd8100000 },     /* DRV_INFO_ACK */
        { 0xd9000000, 0xd9100000 },     /* DRV_INFO_NACK */
        { 0xda000000, 0xda100000 },     /* EEE_RESULTS_ACK */
        { 0xdb000000, 0xdb100000 },     /* RMMOD */
        { 0xe0000000, 0xe0000000 },     /* SET_MF_BW: SENT */
        { 0xe1000000, 0xe1000000 },     /* SET_MF_BW_ACK: DONE */
    };
    unsigned i;

    for (i = 0; i < sizeof(acks) / sizeof(acks[0]); i++) {
        ck_assert_uint_eq(fw_command(acks[i][0], 0), acks[i][1]);
    }
    ck_assert_uint_eq(ql8400_log_unimp, 0);
}
END_TEST

START_TEST(unknown_command_is_acknowledged_and_reported)
{
    ck_assert_uint_eq(fw_command(0x77000000, 0x1), 0x77100000);
    ck_assert_uint_eq(ql8400_log_unimp, 1);
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_UNLOADED);
}
END_TEST

START_TEST(initiate_flr_finishes_the_unload)
{
    ck_assert_uint_eq(nic_load(), FW_LOAD_COMMON_CHIP);
    ck_assert_uint_eq(fw_command(UNLOAD_REQ_WOL_DIS, 0), FW_UNLOAD_COMMON);
    ck_assert_uint_ne(fw_command(0x02000000, 0), 0);
    ck_assert_uint_eq(func_state(), QL8400_MCP_FUNC_UNLOADED);
    ck_assert_uint_eq(ql8400_log_unimp, 1);
}
END_TEST

START_TEST(pulse_is_echoed)
{
    uint16_t drv = 0x7ffe, mcp;
    unsigned i;

    for (i = 0; i < 4; i++) {
        drv = (drv + 1) & 0x7fff;
        shmem_wr(DRV_PULSE_MB, drv);
        mcp = shmem_rd(MCP_PULSE_MB) & 0x7fff;
        /* bnx2x_timer complains past a delta of 5 */
        ck_assert_uint_le((drv - mcp) & 0x7fff, 5);
        ck_assert_uint_eq(mcp, drv);
    }
    /* ALWAYS_ALIVE is the driver's, not echoed */
    shmem_wr(DRV_PULSE_MB, 0x8000 | 0x12);
    ck_assert_uint_eq(shmem_rd(MCP_PULSE_MB), 0x12);
}
END_TEST

/* ---- locks and the recovery register ---- */

START_TEST(hw_lock_set_and_clear)
{
    ck_assert_uint_eq(rd(DRIVER_CONTROL_1), 0);
    ck_assert(trylock(0, RESOURCE_RESET));
    ck_assert_uint_eq(rd(DRIVER_CONTROL_1), 1u << RESOURCE_RESET);
    /* taken: bnx2x_acquire_hw_lock's pre-check sees it */
    ck_assert(trylock(0, RESOURCE_NVRAM));
    ck_assert_uint_eq(rd(DRIVER_CONTROL_1),
                      1u << RESOURCE_RESET | 1u << RESOURCE_NVRAM);
    unlock(0, RESOURCE_RESET);
    ck_assert_uint_eq(rd(DRIVER_CONTROL_1), 1u << RESOURCE_NVRAM);
    /* prev_unload releases whatever is held */
    wr(DRIVER_CONTROL_1, 0xffffffff);
    ck_assert_uint_eq(rd(DRIVER_CONTROL_1), 0);
}
END_TEST

START_TEST(hw_lock_is_exclusive_between_functions)
{
    ck_assert(trylock(0, 1));
    ck_assert(!trylock(2, 1));
    ck_assert(!trylock(7, 1));
    ck_assert(trylock(7, 0));
    ck_assert_uint_eq(rd(DRIVER_CONTROL_7 + 8), 1);
    /* releasing what another function holds does nothing */
    wr(DRIVER_CONTROL_1 + 2 * 8, 0xffffffff);
    ck_assert_uint_eq(rd(DRIVER_CONTROL_1), 2);
    unlock(0, 1);
    ck_assert(trylock(2, 1));
    ck_assert_uint_eq(rd(DRIVER_CONTROL_1), 0);
}
END_TEST

START_TEST(locks_survive_a_function_reset)
{
    ck_assert(trylock(0, RESOURCE_RESET));
    wr(MCPR_ACCESS_LOCK, 0x80000000);
    wr(GENERIC_POR_1, 0x1);
    ql8400_chip_reset(c, QL8400_RESET_FUNCTION);
    ck_assert_uint_eq(rd(DRIVER_CONTROL_1), 1u << RESOURCE_RESET);
    ck_assert_uint_eq(rd(MCPR_ACCESS_LOCK), 0x80000000);
    ck_assert_uint_eq(rd(GENERIC_POR_1), 0x1);
}
END_TEST

START_TEST(access_lock_latches_bit31)
{
    ck_assert_uint_eq(rd(MCPR_ACCESS_LOCK), 0);
    wr(MCPR_ACCESS_LOCK, 0x80000000);
    ck_assert_uint_eq(rd(MCPR_ACCESS_LOCK) & 0x80000000, 0x80000000);
    wr(MCPR_ACCESS_LOCK, 0);
    ck_assert_uint_eq(rd(MCPR_ACCESS_LOCK), 0);
}
END_TEST

START_TEST(generic_por1_is_plain_storage)
{
    ck_assert_uint_eq(rd(GENERIC_POR_1), 0);
    /* bnx2x_set_pf_load under the RECOVERY_REG lock */
    ck_assert(trylock(0, 11));
    wr(GENERIC_POR_1, rd(GENERIC_POR_1) | 0x1);
    unlock(0, 11);
    ck_assert_uint_eq(rd(GENERIC_POR_1), 0x1);
    /* bnx2x_open: no reset in progress, no global reset */
    ck_assert_uint_eq(rd(GENERIC_POR_1) & 0x70000, 0);
}
END_TEST

Suite *mcp_suite(void)
{
    Suite *s = suite_create("mcp");
    TCase *shm = tcase_create("shmem");
    TCase *mb = tcase_create("mailbox");
    TCase *lk = tcase_create("locks");

    tcase_add_checked_fixture(shm, setup, teardown);
    tcase_add_test(shm, shmem_is_found_and_valid);
    tcase_add_test(shm, shmem2_keeps_optional_features_off);
    tcase_add_test(shm, mf_config_says_single_function);
    tcase_add_test(shm, bootcode_version_as_ethtool_shows_it);
    tcase_add_test(shm, part_number_is_a_string);
    tcase_add_test(shm, port_mac_from_board_config);
    tcase_add_test(shm, board_is_single_function_xfi_direct);
    tcase_add_test(shm, iscsi_licensed_fcoe_not);
    tcase_add_test(shm, iscsi_licence_follows_config);
    tcase_add_test(shm, shmem_reads_report_nothing_unknown);
    tcase_add_test(shm, fw_dump_finds_the_trace_buffer);
    suite_add_tcase(s, shm);

    tcase_add_checked_fixture(mb, setup, teardown);
    tcase_add_test(mb, mailbox_starts_empty);
    tcase_add_test(mb, probe_after_power_on);
    tcase_add_test(mb, load_then_unload);
    tcase_add_test(mb, unload_codes_for_every_wol_mode);
    tcase_add_test(mb, ifdown_ifup_and_driver_reload);
    tcase_add_test(mb, load_failure_path);
    tcase_add_test(mb, reboot_without_reset_finds_function_loaded);
    tcase_add_test(mb, load_request_while_loaded_is_answered);
    tcase_add_test(mb, function_reset_keeps_the_mcp);
    tcase_add_test(mb, power_cycle_forgets_everything);
    tcase_add_test(mb, mcp_restart_in_recovery);
    tcase_add_test(mb, sequence_is_echoed_and_wraps);
    tcase_add_test(mb, repeated_sequence_is_no_new_command);
    tcase_add_test(mb, every_driver_command_has_its_ack);
    tcase_add_test(mb, unknown_command_is_acknowledged_and_reported);
    tcase_add_test(mb, initiate_flr_finishes_the_unload);
    tcase_add_test(mb, pulse_is_echoed);
    suite_add_tcase(s, mb);

    tcase_add_checked_fixture(lk, setup, teardown);
    tcase_add_test(lk, hw_lock_set_and_clear);
    tcase_add_test(lk, hw_lock_is_exclusive_between_functions);
    tcase_add_test(lk, locks_survive_a_function_reset);
    tcase_add_test(lk, access_lock_latches_bit31);
    tcase_add_test(lk, generic_por1_is_plain_storage);
    suite_add_tcase(s, lk);
    return s;
}
