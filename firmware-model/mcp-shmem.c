/*
 * ql8400 firmware model: what the MCP's bootcode puts in its scratchpad at
 * power-on — shared memory (shmem) with the board configuration it loads
 * from NVRAM, the licences, the second shared memory (shmem2) and a trace
 * buffer for the driver's firmware dump.
 *
 * The board: a QLogic 8400 (BCM57810 B0) in single-function mode, two
 * ports of which PF0 drives port 0; XFI serdes without external PHY;
 * iSCSI offload licensed when the device is built with it, FCoE not;
 * no multi-function (forced single function), DCBX, AFEX or link-flap
 * avoidance.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "grc.h"
#include "mcp-hsi.h"

/* Bootcode 7.13.75: major, minor, build, one byte each, from bit 24. */
#define QL8400_BC_REV           (7u << 24 | 13u << 16 | 75u << 8)

/* iSCSI initiator connections the offload licence grants. */
#define QL8400_ISCSI_LICENCE    128u

#define QL8400_PORTS            2

#define QL8400_TRACE_BANNER "ql8400 MCP model: bootcode 7.13.75, no trace\n"

static void shmem_wr(Ql8400Chip *c, uint32_t offset, uint32_t val)
{
    ql8400_mcp_scratch_write(c, QL8400_SHMEM_BASE + offset, val);
}

static void shmem2_wr(Ql8400Chip *c, uint32_t offset, uint32_t val)
{
    ql8400_mcp_scratch_write(c, QL8400_SHMEM2_BASE + offset, val);
}

/* The NVRAM configuration dwords, as the bootcode copies them. */
static void load_nvram_cfg(Ql8400Chip *c, uint32_t shmem_offset,
                           uint32_t nvram_offset, uint32_t size)
{
    uint32_t i;

    for (i = 0; i < size; i += 4) {
        shmem_wr(c, shmem_offset + i,
                 ql8400_nvram_get32(&c->mcp.nvram, nvram_offset + i));
    }
}

/*
 * Licences: connection counts in bits 16-31, XORed with the pattern; a
 * count of 0 makes the driver turn the protocol off.
 */
static void write_licences(Ql8400Chip *c)
{
    uint32_t iscsi = c->cfg.iscsi_offload ? QL8400_ISCSI_LICENCE : 0;
    unsigned port;

    for (port = 0; port < QL8400_PORTS; port++) {
        shmem_wr(c, SHMEM_DRV_LIC_KEY(port) + LICENSE_KEY_MAX_ISCSI_CONN,
                 iscsi << LICENSE_KEY_INIT_CONN_SHIFT ^
                 FW_ENCODE_32BIT_PATTERN);
        shmem_wr(c, SHMEM_DRV_LIC_KEY(port) + LICENSE_KEY_MAX_FCOE_CONN,
                 FW_ENCODE_32BIT_PATTERN);
    }
}

/*
 * The multi-function configuration of a single-function board: shared
 * feature config says FORCED_SF, so the driver only reads the function
 * entries to see whether its function is enabled. Functions 0 and 1 (one
 * per port) are; the others do not exist. Outer VLANs and MACs hold their
 * "none" values, so even an MF_ALLOWED setting would find no MF function.
 */
static void write_mf_cfg(Ql8400Chip *c)
{
    uint32_t func, f, path, port;

    for (path = 0; path < 2; path++) {
        for (port = 0; port < QL8400_PORTS; port++) {
            ql8400_mcp_scratch_write(c, QL8400_MF_CFG_BASE +
                                     MF_CFG_PORT_MF_CONFIG(path, port) +
                                     PORT_MF_CFG_DYNAMIC_CFG,
                                     PORT_MF_CFG_E1HOV_TAG_DEFAULT);
        }
    }
    for (func = 0; func < MF_CFG_FUNCS; func++) {
        f = QL8400_MF_CFG_BASE + MF_CFG_FUNC_MF_CONFIG(func);
        ql8400_mcp_scratch_write(c, f + FUNC_MF_CFG_CONFIG, func < 2 ?
                                 FUNC_MF_CFG_PROTOCOL_ETHERNET |
                                 FUNC_MF_CFG_MAX_BW_DEFAULT :
                                 FUNC_MF_CFG_FUNC_HIDE |
                                 FUNC_MF_CFG_FUNC_DISABLED);
        ql8400_mcp_scratch_write(c, f + FUNC_MF_CFG_MAC_UPPER,
                                 FUNC_MF_CFG_UPPERMAC_DEFAULT);
        ql8400_mcp_scratch_write(c, f + FUNC_MF_CFG_MAC_LOWER,
                                 FUNC_MF_CFG_LOWERMAC_DEFAULT);
        ql8400_mcp_scratch_write(c, f + FUNC_MF_CFG_E1HOV_TAG,
                                 FUNC_MF_CFG_E1HOV_TAG_DEFAULT);
    }
}

/*
 * shmem2: the whole region the driver knows, so every optional feature is
 * present and reads 0 — no DCBX offsets, no link-flap-avoidance address,
 * no second path — but for the MF configuration and the extended device
 * info. That block has no multi-boot image version, so ethtool shows the
 * bootcode version alone.
 */
static void write_shmem2(Ql8400Chip *c)
{
    shmem2_wr(c, SHMEM2_SIZE, SHMEM2_REGION_SIZE);
    shmem2_wr(c, SHMEM2_MF_CFG_ADDR, QL8400_MF_CFG_BASE);
    shmem2_wr(c, SHMEM2_EXTENDED_DEV_INFO_SHARED_ADDR,
              QL8400_EXT_DEV_INFO_BASE);
}

/*
 * The trace buffer below shmem: signature, then the MCP's write pointer,
 * then text (big-endian dwords, as the driver's dump byte-swaps them).
 */
static void write_trace(Ql8400Chip *c)
{
    /* zero-padded to whole dwords */
    static const uint8_t banner[64] = QL8400_TRACE_BANNER;
    uint32_t text = QL8400_MCP_TRACE_BASE + 8;
    uint32_t len = strlen((const char *)banner);
    uint32_t i;

    ql8400_mcp_scratch_write(c, QL8400_MCP_TRACE_BASE, MFW_TRACE_SIGNATURE);
    for (i = 0; i < len; i += 4) {
        ql8400_mcp_scratch_write(c, text + i,
                                 (uint32_t)banner[i] << 24 |
                                 banner[i + 1] << 16 | banner[i + 2] << 8 |
                                 banner[i + 3]);
    }
    ql8400_mcp_scratch_write(c, QL8400_MCP_TRACE_BASE + 4,
                             MCP_SCRATCH_MCP_VIEW +
                             (text + i - MCP_REG_MCPR_SCRATCH));
}

void ql8400_mcp_shmem_boot(Ql8400Chip *c)
{
    unsigned port;

    /* dev_info: the NVRAM configuration, with the same layout */
    load_nvram_cfg(c, SHMEM_SHARED_HW_CFG, NVM_SHARED_HW_CFG,
                   SHARED_HW_CFG_SIZE + QL8400_PORTS * PORT_HW_CFG_SIZE);
    load_nvram_cfg(c, SHMEM_SHARED_FEAT_CFG, NVM_SHARED_FEAT_CFG,
                   SHARED_FEAT_CFG_SIZE + QL8400_PORTS * PORT_FEAT_CFG_SIZE);
    shmem_wr(c, SHMEM_DEV_INFO_BC_REV, QL8400_BC_REV);
    write_licences(c);
    /* port_mb and func_mb start at 0: no stats areas, empty mailboxes */
    write_mf_cfg(c);
    write_shmem2(c);
    write_trace(c);

    /* last, as the bootcode does: the mailbox is now up */
    for (port = 0; port < QL8400_PORTS; port++) {
        shmem_wr(c, SHMEM_VALIDITY_MAP(port),
                 SHR_MEM_VALIDITY_DEV_INFO | SHR_MEM_VALIDITY_MB);
    }
}
