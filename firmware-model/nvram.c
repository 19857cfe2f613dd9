/*
 * ql8400 firmware model: the board's NVRAM and the MCP's NVM interface.
 *
 * The driver reaches the flash through the MCP block: it asks the software
 * arbiter for the interface (NVM_SW_ARB, one request/grant pair per client;
 * the MCP is client 0, the driver of port p is client 1 + p), enables it
 * (NVM_ACCESS_ENABLE), then moves one dword per command: address in
 * NVM_ADDR, data in NVM_WRITE / NVM_READ, and NVM_COMMAND with DOIT (and WR
 * for a write); DONE reports the end and is cleared by writing it. The
 * interface presents flash bytes big-endian: byte 0 is bits 31-24.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "grc.h"
#include "mcp-hsi.h"
#include "nvram.h"
#include "fw-trace.h"

/* What the board was built as. */
#define NVM_PART_NUMBER         "QLE8442-SR"    /* as in the PCI VPD */
#define NVM_PCI_ID              0x14e4168eu     /* vendor << 16 | device */
#define NVM_PCI_SUB_ID          0x19311077u     /* subsys device << 16 | ven */
#define NVM_PORTS               2

/* The bootcode image the directory lists (its content is a stand-in). */
#define NVM_BOOTCODE            0x1000u
#define NVM_BOOTCODE_SIZE       0x400u
#define NVM_BOOTCODE_BANNER     "ql8400 model bootcode 7.13.75"

#define NVM_CLIENT_MCP          0u

static void put32(Ql8400Nvram *n, uint32_t offset, uint32_t val)
{
    n->flash[offset] = val >> 24;
    n->flash[offset + 1] = val >> 16;
    n->flash[offset + 2] = val >> 8;
    n->flash[offset + 3] = val;
}

uint32_t ql8400_nvram_get32(const Ql8400Nvram *n, uint32_t offset)
{
    return (uint32_t)n->flash[offset] << 24 | n->flash[offset + 1] << 16 |
           n->flash[offset + 2] << 8 | n->flash[offset + 3];
}

/* CRC-32 (IEEE, reflected) register, without the final inversion. */
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

/*
 * Close a region with its CRC: the last dword holds the inverted CRC of
 * the rest, least significant byte first, so that the CRC register over
 * the whole region ends at CRC32_RESIDUAL.
 */
static void seal(Ql8400Nvram *n, uint32_t start, uint32_t size)
{
    uint32_t crc = ~crc32_le(0xffffffffu, n->flash + start, size - 4);

    n->flash[start + size - 4] = crc;
    n->flash[start + size - 3] = crc >> 8;
    n->flash[start + size - 2] = crc >> 16;
    n->flash[start + size - 1] = crc >> 24;
}

/* A MAC as the configuration stores it, plus delta on its NIC part. */
static void put_mac(Ql8400Nvram *n, uint32_t upper, uint32_t lower,
                    const uint8_t *mac, unsigned delta)
{
    uint32_t nic = ((uint32_t)mac[3] << 16 | mac[4] << 8 | mac[5]) + delta;

    put32(n, upper, (uint32_t)mac[0] << 8 | mac[1]);
    put32(n, lower, (uint32_t)mac[2] << 24 | (nic & 0xffffff));
}

/*
 * Port configuration. Port p gets MACs base + 2p (L2) and base + 2p + 1
 * (iSCSI), consecutive addresses as a dual-port card is programmed.
 *
 * Serdes: XFI, no external PHY. Of the Warpcore interfaces the Linux link
 * code knows, XFI is the shortest path for a 10G direct-attach port:
 * forced 10G without autonegotiation, no SFP module management (pins NA),
 * no KR retry loop, link state from two Warpcore status registers. SFI
 * would add the SFP module (GPIO/I2C) handling, KR the CL73 negotiation.
 */
static void format_port_hw_cfg(Ql8400Nvram *n, const Ql8400Config *cfg,
                               unsigned port)
{
    uint32_t base = NVM_PORT_HW_CFG(port);
    uint32_t speeds = PORT_HW_CFG_SPEED_CAPABILITY_D0_1G |
                      PORT_HW_CFG_SPEED_CAPABILITY_D0_10G;

    put32(n, base + PORT_HW_CFG_PCI_ID, NVM_PCI_ID);
    put32(n, base + PORT_HW_CFG_PCI_SUB_ID, NVM_PCI_SUB_ID);
    put_mac(n, base + PORT_HW_CFG_MAC_UPPER, base + PORT_HW_CFG_MAC_LOWER,
            cfg->mac, 2 * port);
    put_mac(n, base + PORT_HW_CFG_ISCSI_MAC_UPPER,
            base + PORT_HW_CFG_ISCSI_MAC_LOWER, cfg->mac, 2 * port + 1);
    /* no FCoE: the FIP MAC stays 0, the driver then turns FCoE off */
    put32(n, base + PORT_HW_CFG_DEFAULT_CFG, PORT_HW_CFG_NET_SERDES_IF_XFI);
    put32(n, base + PORT_HW_CFG_SPEED_CAP_MASK, speeds);
    put32(n, base + PORT_HW_CFG_SPEED_CAP_MASK2, speeds);
    put32(n, base + PORT_HW_CFG_EXT_PHY_CONFIG,
          PORT_HW_CFG_XGXS_EXT_PHY_TYPE_DIRECT);
    /* SFP control and common pins stay 0 (PIN_CFG_NA): no module pins */
}

/*
 * Port features: no WoL, no storage personality limit, no optic module
 * enforcement, no boot agent; forced 10G switch with speed and flow control
 * left to the driver (AUTO), EEE off.
 */
static void format_port_feat_cfg(Ql8400Nvram *n, unsigned port)
{
    uint32_t base = NVM_PORT_FEAT_CFG(port);

    put32(n, base + PORT_FEAT_CFG_MBA_CONFIG,
          PORT_FEATURE_MBA_BOOT_AGENT_TYPE_NONE);
    put32(n, base + PORT_FEAT_CFG_LINK_CONFIG,
          PORT_FEATURE_CON_SWITCH_10G_SWITCH | PORT_FEATURE_LINK_SPEED_AUTO |
          PORT_FEATURE_FLOW_CONTROL_AUTO);
}

static void format_bootcode(Ql8400Nvram *n)
{
    uint32_t entry = NVM_DIR;   /* directory entry 0 */

    memcpy(n->flash + NVM_BOOTCODE, NVM_BOOTCODE_BANNER,
           sizeof(NVM_BOOTCODE_BANNER));
    seal(n, NVM_BOOTCODE, NVM_BOOTCODE_SIZE);
    put32(n, entry + NVM_CODE_ENTRY_SRAM_START_ADDR, MCP_SCRATCH_MCP_VIEW);
    put32(n, entry + NVM_CODE_ENTRY_CODE_ATTRIBUTE,
          NVM_BOOTCODE_SIZE & NVM_CODE_IMAGE_LENGTH_MASK);
    put32(n, entry + NVM_CODE_ENTRY_NVM_START_ADDR, NVM_BOOTCODE);
}

void ql8400_nvram_format(Ql8400Nvram *n, const Ql8400Config *cfg)
{
    unsigned port;

    memset(n->flash, 0xff, sizeof(n->flash));   /* erased flash */
    memset(n->flash, 0, NVM_BOOTCODE + NVM_BOOTCODE_SIZE);

    put32(n, NVM_BOOTSTRAP, NVM_BOOTSTRAP_MAGIC);
    format_bootcode(n);

    memcpy(n->flash + NVM_SHARED_HW_CFG + SHARED_HW_CFG_PART_NUM,
           NVM_PART_NUMBER, sizeof(NVM_PART_NUMBER));
    put32(n, NVM_SHARED_FEAT_CFG + SHARED_FEAT_CFG_CONFIG,
          SHARED_FEAT_CFG_FORCE_SF_MODE_FORCED_SF);
    for (port = 0; port < NVM_PORTS; port++) {
        format_port_hw_cfg(n, cfg, port);
        format_port_feat_cfg(n, port);
    }

    seal(n, NVM_BOOTSTRAP, NVM_BOOTSTRAP_SIZE);
    seal(n, NVM_DIR, NVM_DIR_SIZE);
    seal(n, NVM_MANUF_INFO, NVM_MANUF_INFO_SIZE);
    seal(n, NVM_FEATURE_INFO, NVM_FEATURE_INFO_SIZE);
    seal(n, NVM_UPGRADE_KEY_INFO, NVM_UPGRADE_KEY_INFO_SIZE);
    seal(n, NVM_MANUF_KEY_INFO, NVM_MANUF_KEY_INFO_SIZE);
    /* path 1 has the same configuration, sealed copies included */
    memcpy(n->flash + NVM_MANUF_INFO2, n->flash + NVM_MANUF_INFO,
           NVM_MANUF_INFO_SIZE);
    memcpy(n->flash + NVM_FEATURE_INFO2, n->flash + NVM_FEATURE_INFO,
           NVM_FEATURE_INFO_SIZE);
}

/* Is the interface in a driver's hands, enabled (and writable)? */
static bool nvm_usable(Ql8400Chip *c, bool write)
{
    Ql8400Nvram *n = &c->mcp.nvram;
    uint32_t need = MCPR_NVM_ACCESS_ENABLE_EN |
                    (write ? MCPR_NVM_ACCESS_ENABLE_WR_EN : 0);

    if (!n->arb_grant || n->arb_grant == 1u << NVM_CLIENT_MCP) {
        QL8400_LOG_GUEST_ERROR("ql8400: NVRAM command without the NVM "
                               "arbitration (SW_ARB grant 0x%x)\n",
                               n->arb_grant);
        return false;
    }
    if ((n->access_enable & need) != need) {
        QL8400_LOG_GUEST_ERROR("ql8400: NVRAM %s with access disabled "
                               "(ACCESS_ENABLE 0x%x)\n",
                               write ? "write" : "read", n->access_enable);
        return false;
    }
    return true;
}

/*
 * One dword. An address beyond the flash completes (DONE) like any other,
 * but reads all ones and writes nothing: nothing answers there.
 */
static void nvm_doit(Ql8400Chip *c, uint32_t cmd)
{
    Ql8400Nvram *n = &c->mcp.nvram;
    bool write = cmd & MCPR_NVM_COMMAND_WR;
    uint32_t addr = n->addr;

    if (!nvm_usable(c, write)) {
        return;                 /* the command never completes */
    }
    if (addr & 3) {
        QL8400_LOG_GUEST_ERROR("ql8400: NVRAM address 0x%x not dword "
                               "aligned\n", addr);
        addr &= ~3u;
    }
    n->command = (cmd & (MCPR_NVM_COMMAND_WR | MCPR_NVM_COMMAND_FIRST |
                         MCPR_NVM_COMMAND_LAST)) | MCPR_NVM_COMMAND_DONE;
    if (addr >= QL8400_NVRAM_SIZE) {
        QL8400_LOG_GUEST_ERROR("ql8400: NVRAM %s at 0x%x beyond the "
                               "0x%x-byte flash\n", write ? "write" : "read",
                               addr, QL8400_NVRAM_SIZE);
        if (!write) {
            n->read_data = 0xffffffffu;
        }
        return;
    }
    if (write) {
        put32(n, addr, n->write_data);
        trace_ql8400_fw_mcp_nvm_write(addr, n->write_data, cmd);
    } else {
        n->read_data = ql8400_nvram_get32(n, addr);
        trace_ql8400_fw_mcp_nvm_read(addr, n->read_data, cmd);
    }
}

static uint32_t nvm_command_read(Ql8400Chip *c, uint32_t addr)
{
    return c->mcp.nvram.command;
}

static void nvm_command_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    Ql8400Nvram *n = &c->mcp.nvram;

    if (val & MCPR_NVM_COMMAND_DONE) {
        n->command &= ~MCPR_NVM_COMMAND_DONE;   /* write 1 to clear */
    }
    if (val & MCPR_NVM_COMMAND_DOIT) {
        nvm_doit(c, val);
    }
}

static uint32_t nvm_data_read(Ql8400Chip *c, uint32_t addr)
{
    Ql8400Nvram *n = &c->mcp.nvram;

    switch (addr) {
    case MCP_REG_MCPR_NVM_WRITE:
        return n->write_data;
    case MCP_REG_MCPR_NVM_ADDR:
        return n->addr;
    case MCP_REG_MCPR_NVM_READ:
        return n->read_data;
    case MCP_REG_MCPR_NVM_ACCESS_ENABLE:
        return n->access_enable;
    default:                    /* MCP_REG_MCPR_NVM_CFG4 */
        return QL8400_NVRAM_CFG4;
    }
}

static void nvm_data_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    Ql8400Nvram *n = &c->mcp.nvram;

    switch (addr) {
    case MCP_REG_MCPR_NVM_WRITE:
        n->write_data = val;
        break;
    case MCP_REG_MCPR_NVM_ADDR:
        n->addr = val & MCPR_NVM_ADDR_NVM_ADDR_VALUE;
        break;
    case MCP_REG_MCPR_NVM_ACCESS_ENABLE:
        n->access_enable = val & (MCPR_NVM_ACCESS_ENABLE_EN |
                                  MCPR_NVM_ACCESS_ENABLE_WR_EN);
        break;
    default:                    /* NVM_READ and CFG4 are read-only */
        trace_ql8400_fw_grc_ro_write(addr, ql8400_grc_name(c, addr), val);
        break;
    }
}

static uint32_t nvm_arb_read(Ql8400Chip *c, uint32_t addr)
{
    Ql8400Nvram *n = &c->mcp.nvram;

    return (uint32_t)n->arb_grant << MCPR_NVM_SW_ARB_ARB_SHIFT |
           (uint32_t)n->arb_req << MCPR_NVM_SW_ARB_REQ_SHIFT;
}

/*
 * Requests are set and cleared per client; a clear also gives up the
 * grant. The arbiter grants the lowest pending request when the interface
 * is free: at once, as the MCP never holds it here.
 */
static void nvm_arb_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    Ql8400Nvram *n = &c->mcp.nvram;
    uint8_t set = (val >> MCPR_NVM_SW_ARB_REQ_SET_SHIFT) &
                  MCPR_NVM_SW_ARB_CLIENTS_MASK;
    uint8_t clr = (val >> MCPR_NVM_SW_ARB_REQ_CLR_SHIFT) &
                  MCPR_NVM_SW_ARB_CLIENTS_MASK;

    n->arb_req = (n->arb_req | set) & ~clr;
    n->arb_grant &= ~clr;
    if (!n->arb_grant && n->arb_req) {
        n->arb_grant = n->arb_req & (~n->arb_req + 1);  /* lowest */
    }
    trace_ql8400_fw_mcp_nvm_arb(val, n->arb_req, n->arb_grant);
}

static const Ql8400GrcHook nvram_hooks[] = {
    { MCP_REG_MCPR_NVM_COMMAND, 4, "MCP_REG_MCPR_NVM_COMMAND",
      nvm_command_read, nvm_command_write },
    { MCP_REG_MCPR_NVM_WRITE, 4, "MCP_REG_MCPR_NVM_WRITE",
      nvm_data_read, nvm_data_write },
    { MCP_REG_MCPR_NVM_ADDR, 4, "MCP_REG_MCPR_NVM_ADDR",
      nvm_data_read, nvm_data_write },
    { MCP_REG_MCPR_NVM_READ, 4, "MCP_REG_MCPR_NVM_READ",
      nvm_data_read, nvm_data_write },
    { MCP_REG_MCPR_NVM_SW_ARB, 4, "MCP_REG_MCPR_NVM_SW_ARB",
      nvm_arb_read, nvm_arb_write },
    { MCP_REG_MCPR_NVM_ACCESS_ENABLE, 4, "MCP_REG_MCPR_NVM_ACCESS_ENABLE",
      nvm_data_read, nvm_data_write },
    { MCP_REG_MCPR_NVM_CFG4, 4, "MCP_REG_MCPR_NVM_CFG4",
      nvm_data_read, nvm_data_write },
};

void ql8400_nvram_init(Ql8400Chip *c)
{
    ql8400_grc_add_hooks(c, nvram_hooks, QL8400_ARRAY_LEN(nvram_hooks));
    ql8400_nvram_format(&c->mcp.nvram, &c->cfg);
}

void ql8400_nvram_reset(Ql8400Chip *c, int kind)
{
    Ql8400Nvram *n = &c->mcp.nvram;

    if (kind == QL8400_RESET_FUNCTION) {
        return;                 /* the MCP's interface is not the PF's */
    }
    n->command = 0;
    n->addr = 0;
    n->write_data = 0;
    n->read_data = 0;
    n->access_enable = 0;
    n->arb_req = 0;
    n->arb_grant = 0;
}
