/*
 * ql8400 firmware model: the chip's windows (GRC, doorbells, PCI vendor
 * registers) and its power-on state.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "grc.h"
#include "blocks.h"
#include "idle-status.h"
#include "igu.h"
#include "misc.h"
#include "pglue.h"
#include "storm.h"
#include "regs.h"
#include "fw-trace.h"

void ql8400_chip_init(Ql8400Chip *c, const Ql8400Config *cfg,
                      const Ql8400HostOps *host, void *host_opaque)
{
    memset(c, 0, sizeof(*c));
    c->cfg = *cfg;
    c->host = host;
    c->host_opaque = host_opaque;
    ql8400_grc_map_init(c);
    /* plain storage first: each block then lays its registers over it */
    ql8400_blocks_init(c);
    ql8400_misc_init(c);
    ql8400_pglue_init(c);
    ql8400_idle_status_init(c);
    ql8400_igu_init(c);
    ql8400_storm_init(c);
    ql8400_offload_init(c);
    ql8400_mcp_init(c);
    ql8400_dmae_init(c);
    ql8400_link_init(c);
    ql8400_chip_reset(c, QL8400_RESET_POWER_ON);
}

void ql8400_chip_destroy(Ql8400Chip *c)
{
    ql8400_port_reset(c);
    ql8400_offload_reset(c);
    ql8400_storm_destroy(c);
    ql8400_grc_map_destroy(c);
}

void ql8400_chip_reset(Ql8400Chip *c, Ql8400ResetKind kind)
{
    trace_ql8400_fw_chip_reset(kind == QL8400_RESET_POWER_ON ?
                               "power-on" : "function");
    /*
     * A power cycle clears the register file. A function-level reset
     * leaves the chip's common blocks, the storms' memories and the MCP's
     * scratchpad as they are: it takes the bus away from the function,
     * and the firmware drops the function's state (the driver's next load
     * cleans up after it and starts the function again).
     */
    if (kind == QL8400_RESET_POWER_ON) {
        ql8400_grc_map_reset(c);
        c->pglue_blocked = 0;
    } else {
        ql8400_pglue_function_reset(c);
    }
    c->pcicfg_grc_address = 0;
    ql8400_mcp_reset(c, kind);
    ql8400_dmae_reset(c, kind);
    ql8400_igu_reset(c, kind);
    ql8400_port_reset(c);
    ql8400_offload_reset(c);
    ql8400_storm_reset(c, kind);
    ql8400_link_reset(c, kind);
}

bool ql8400_dma_read(Ql8400Chip *c, uint64_t addr, void *buf, size_t len)
{
    Ql8400DmaResult r = ql8400_pglue_dma_read(c, addr, buf, len);

    if (r == QL8400_DMA_BLOCKED) {
        return false;
    }
    if (r != QL8400_DMA_OK) {
        QL8400_LOG_GUEST_ERROR("ql8400: DMA read of %zu bytes at 0x%" PRIx64
                               " maps nothing\n", len, addr);
        return false;
    }
    return true;
}

bool ql8400_dma_write(Ql8400Chip *c, uint64_t addr, const void *buf,
                      size_t len)
{
    Ql8400DmaResult r = ql8400_pglue_dma_write(c, addr, buf, len);

    if (r == QL8400_DMA_BLOCKED) {
        return false;
    }
    if (r != QL8400_DMA_OK) {
        QL8400_LOG_GUEST_ERROR("ql8400: DMA write of %zu bytes at 0x%" PRIx64
                               " maps nothing\n", len, addr);
        return false;
    }
    return true;
}

/* Report an unknown offset once: the init code touches many in a row. */
static void report_unknown(Ql8400Chip *c, const char *dir, uint32_t addr,
                           uint32_t val)
{
    uint32_t dw = addr / 4;

    trace_ql8400_fw_grc_unknown(dir, addr, val);
    if (addr >= QL8400_GRC_SIZE) {
        QL8400_LOG_GUEST_ERROR("ql8400: %s beyond the GRC window at 0x%x\n",
                               dir, addr);
        return;
    }
    if (c->unknown_reported[dw / 8] & (1u << (dw % 8))) {
        return;
    }
    c->unknown_reported[dw / 8] |= 1u << (dw % 8);
    QL8400_LOG_UNIMP("ql8400: %s of unimplemented GRC register 0x%06x"
                     " (0x%08x)\n", dir, addr, val);
}

static bool size_ok(unsigned size)
{
    return size == 1 || size == 2 || size == 4;
}

/*
 * The GRC takes a misaligned access byte by byte (cnic writes storm RAM
 * at odd addresses: a dword at 0x424001, a word at an SB data's +13).
 */
static bool misaligned(uint32_t addr, unsigned size)
{
    return size_ok(size) && (addr & (size - 1)) != 0;
}

uint32_t ql8400_grc_read(Ql8400Chip *c, uint32_t addr, unsigned size)
{
    const Ql8400GrcHook *hook;
    uint32_t dword, val;
    unsigned i;

    if (misaligned(addr, size)) {
        for (i = 0, val = 0; i < size; i++) {
            val |= ql8400_grc_read(c, addr + i, 1) << (8 * i);
        }
        return val;
    }
    if (!size_ok(size)) {
        QL8400_LOG_GUEST_ERROR("ql8400: GRC read 0x%x of size %u\n",
                               addr, size);
        return 0;
    }
    switch (ql8400_grc_attr(c, addr)) {
    case QL8400_GRC_UNKNOWN:
        report_unknown(c, "read", addr, 0);
        dword = 0;
        break;
    case QL8400_GRC_RW:
    case QL8400_GRC_RO:
        dword = c->grc[addr / 4];
        break;
    default:
        hook = ql8400_grc_hook(c, addr);
        dword = hook->read ? hook->read(c, addr & ~3u) : c->grc[addr / 4];
        break;
    }
    val = dword >> ((addr & 3) * 8);
    if (size < 4) {
        val &= (1u << (size * 8)) - 1;
    }
    trace_ql8400_fw_grc_read(addr, size, val);
    return val;
}

void ql8400_grc_write(Ql8400Chip *c, uint32_t addr, uint32_t val,
                      unsigned size)
{
    const Ql8400GrcHook *hook;
    uint32_t shift, mask, merged;
    unsigned i;

    if (misaligned(addr, size)) {
        for (i = 0; i < size; i++) {
            ql8400_grc_write(c, addr + i, (val >> (8 * i)) & 0xff, 1);
        }
        return;
    }
    if (!size_ok(size)) {
        QL8400_LOG_GUEST_ERROR("ql8400: GRC write 0x%x of size %u\n",
                               addr, size);
        return;
    }
    trace_ql8400_fw_grc_write(addr, size, val);
    shift = (addr & 3) * 8;
    mask = size == 4 ? 0xffffffffu : ((1u << (size * 8)) - 1) << shift;
    if (ql8400_grc_attr(c, addr) == QL8400_GRC_UNKNOWN) {
        report_unknown(c, "write", addr, val);
        return;
    }
    merged = (c->grc[addr / 4] & ~mask) | ((val << shift) & mask);
    switch (ql8400_grc_attr(c, addr)) {
    case QL8400_GRC_RW:
        c->grc[addr / 4] = merged;
        break;
    case QL8400_GRC_RO:
        trace_ql8400_fw_grc_ro_write(addr, ql8400_grc_name(c, addr), val);
        break;
    default:
        hook = ql8400_grc_hook(c, addr);
        if (hook->write) {
            ql8400_chip_enter(c);
            hook->write(c, addr & ~3u, merged);
            ql8400_chip_leave(c);
        } else {
            c->grc[addr / 4] = merged;
        }
        break;
    }
}

/*
 * Doorbells are write-only; a read is how a driver flushes its posted
 * doorbell writes (iscsiuio does, after each frame), so it is no mistake.
 * It returns 0.
 */
uint32_t ql8400_doorbell_read(Ql8400Chip *c, uint32_t addr, unsigned size)
{
    trace_ql8400_fw_doorbell_read(addr, size);
    return 0;
}

/*
 * BAR2: one 8-byte doorbell per connection id, the word at its start. Its
 * header byte names the connection type: ETH rings carry their producer,
 * an iSCSI SQ's producer is in host memory.
 */
#define DOORBELL_CONN_TYPE(v)           (((v) >> 4) & 0xf)
#define DOORBELL_CONN_TYPE_ISCSI        3

void ql8400_doorbell_write(Ql8400Chip *c, uint32_t addr, uint32_t val,
                           unsigned size)
{
    trace_ql8400_fw_doorbell(addr, size, val);
    if (size != 4 || (addr & 7)) {
        QL8400_LOG_GUEST_ERROR("ql8400: doorbell write 0x%x/%u ignored\n",
                               addr, size);
        return;
    }
    ql8400_chip_enter(c);
    if (DOORBELL_CONN_TYPE(val) == DOORBELL_CONN_TYPE_ISCSI) {
        ql8400_offload_doorbell(c, addr / 8, val);
    } else {
        ql8400_eth_doorbell(c, addr / 8, val);
    }
    ql8400_chip_leave(c);
}

void ql8400_chip_timer(Ql8400Chip *c, unsigned timer_id)
{
    ql8400_chip_enter(c);
    switch (timer_id) {
    case QL8400_TIMER_OFFLOAD:
        ql8400_offload_timer(c);
        break;
    default:
        break;
    }
    ql8400_chip_leave(c);
}

void ql8400_chip_enter(Ql8400Chip *c)
{
    c->busy++;
}

void ql8400_chip_leave(Ql8400Chip *c)
{
    if (c->busy == 1 && c->nheld) {
        ql8400_port_drain(c);
    }
    if (--c->busy == 0 && c->rx_deferred) {
        c->rx_deferred = false;
        c->host->rx_resume(c->host_opaque);
    }
}

bool ql8400_pcicfg_is_vendor(uint32_t offset)
{
    offset &= ~3u;
    return offset == PCICFG_GRC_ADDRESS || offset == PCICFG_GRC_DATA ||
           offset == PCICFG_ME_REGISTER;
}

uint32_t ql8400_pcicfg_read(Ql8400Chip *c, uint32_t offset)
{
    uint32_t val = 0;

    switch (offset & ~3u) {
    case PCICFG_GRC_ADDRESS:
        val = c->pcicfg_grc_address;
        break;
    case PCICFG_GRC_DATA:
        val = ql8400_grc_read(c, c->pcicfg_grc_address & ~3u, 4);
        break;
    case PCICFG_ME_REGISTER:
        val = 0;                /* absolute PF 0, no VF */
        break;
    }
    trace_ql8400_fw_pcicfg("read", offset, val);
    return val;
}

void ql8400_pcicfg_write(Ql8400Chip *c, uint32_t offset, uint32_t val)
{
    trace_ql8400_fw_pcicfg("write", offset, val);
    switch (offset & ~3u) {
    case PCICFG_GRC_ADDRESS:
        c->pcicfg_grc_address = val;
        break;
    case PCICFG_GRC_DATA:
        ql8400_grc_write(c, c->pcicfg_grc_address & ~3u, val, 4);
        break;
    }
}
