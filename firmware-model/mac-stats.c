/*
 * ql8400 firmware model: the port's MAC and NIG statistics. On E3 the
 * XMAC/UMAC statistics live in the MSTAT block: 64-bit counters (low
 * dword, then high) of what the MAC sent and received on the wire, sizes
 * counted with padding and FCS, that clear when read. The driver DMAEs
 * them (GRC to host) every second and adds each reading; it also DMAEs
 * the NIG's cumulative 32-bit counters of port 0 and takes differences.
 * The counters are kept in the GRC storage the driver reads from.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "grc.h"
#include "misc.h"
#include "fw-trace.h"

#define MSTAT0_TX               0x162000    /* struct mstat_stats.stats_tx */
#define MSTAT0_TX_COUNTERS      27
#define MSTAT0_RX               0x162200    /* struct mstat_stats.stats_rx */
#define MSTAT0_RX_COUNTERS      30

/* MSTAT TX counters, in register order */
enum {
    TX_GTXPOK, TX_GTXPF, TX_GTXPP, TX_GTFCS, TX_GTUCA, TX_GTMCA, TX_GTGCA,
    TX_GTPKT, TX_GT64, TX_GT127, TX_GT255, TX_GT511, TX_GT1023, TX_GT1518,
    TX_GT2047, TX_GT4095, TX_GT9216, TX_GT16383, TX_GTUFL, TX_GTERR,
    TX_GTBYT,
};

/* MSTAT RX counters, in register order */
enum {
    RX_GR64, RX_GR127, RX_GR255, RX_GR511, RX_GR1023, RX_GR1518, RX_GR2047,
    RX_GR4095, RX_GR9216, RX_GR16383, RX_GRPKT, RX_GRFCS, RX_GRUCA,
    RX_GRMCA, RX_GRBCA, RX_GRXPF, RX_GRXPP, RX_GRXUO, RX_GROVR, RX_GRXCF,
    RX_GRFLR, RX_GRPOK, RX_GRBYT, RX_GRUND,
};

/* NIG statistics of port 0 (struct nig_stats), cumulative */
#define NIG_REG_STAT0_BRB_PACKET        0x105f4
#define NIG_REG_STAT0_PBF_OCTETS        0x1061c
#define NIG_REG_STAT0_PBF_PACKET        0x10620

#define MISC_RESET_REG_2_INDEX          1
#define MISC_REGISTERS_RESET_REG_2_MSTAT0 (1u << 24)

#define ETH_ZLEN                60
#define ETH_FCS_LEN             4
#define MAC_MAX_FRAME           16383

static bool mstat_running(const Ql8400Chip *c)
{
    return ql8400_misc_block_running(c, MISC_RESET_REG_2_INDEX,
                                     MISC_REGISTERS_RESET_REG_2_MSTAT0);
}

static void mstat_add(Ql8400Chip *c, uint32_t base, unsigned idx,
                      uint64_t n)
{
    uint32_t lo = base + 8 * idx;
    uint64_t v = ql8400_grc_peek(c, lo) |
                 (uint64_t)ql8400_grc_peek(c, lo + 4) << 32;

    v += n;
    ql8400_grc_poke(c, lo, (uint32_t)v);
    ql8400_grc_poke(c, lo + 4, v >> 32);
}

/* The size bucket of a frame as the wire has it: 64, 65-127, ... */
static unsigned mstat_bucket(size_t wire)
{
    static const size_t top[] = {
        64, 127, 255, 511, 1023, 1518, 2047, 4095, 9216,
    };
    unsigned i;

    for (i = 0; i < QL8400_ARRAY_LEN(top); i++) {
        if (wire <= top[i]) {
            return i;
        }
    }
    return i;
}

static size_t wire_size(size_t len)
{
    return (len < ETH_ZLEN ? ETH_ZLEN : len) + ETH_FCS_LEN;
}

static void mac_tx_frames(Ql8400Chip *c, unsigned cast, size_t len,
                          unsigned n)
{
    size_t wire = wire_size(len);

    mstat_add(c, MSTAT0_TX, TX_GTXPOK, n);
    mstat_add(c, MSTAT0_TX, TX_GTPKT, n);
    mstat_add(c, MSTAT0_TX, TX_GTUCA + cast, n);
    mstat_add(c, MSTAT0_TX, TX_GT64 + mstat_bucket(wire), n);
    mstat_add(c, MSTAT0_TX, TX_GTBYT, (uint64_t)n * wire);
    ql8400_grc_poke(c, NIG_REG_STAT0_PBF_PACKET,
                    ql8400_grc_peek(c, NIG_REG_STAT0_PBF_PACKET) + n);
    ql8400_grc_poke(c, NIG_REG_STAT0_PBF_OCTETS,
                    ql8400_grc_peek(c, NIG_REG_STAT0_PBF_OCTETS) + n * len);
}

void ql8400_mac_stats_tx(Ql8400Chip *c, const uint8_t *frame, size_t len,
                         const Ql8400TxOffload *off)
{
    unsigned cast = ql8400_frame_cast(frame);
    size_t full, last;
    unsigned n = ql8400_tx_wire_frames(len, off, &full, &last);

    if (!mstat_running(c)) {
        return;
    }
    if (n > 1) {
        mac_tx_frames(c, cast, full, n - 1);
    }
    mac_tx_frames(c, cast, last, 1);
}

void ql8400_mac_stats_tx_error(Ql8400Chip *c)
{
    if (mstat_running(c)) {
        mstat_add(c, MSTAT0_TX, TX_GTERR, 1);
    }
}

void ql8400_mac_stats_rx(Ql8400Chip *c, const uint8_t *frame, size_t len)
{
    size_t wire = wire_size(len);

    if (!mstat_running(c)) {
        return;
    }
    if (wire > MAC_MAX_FRAME) {
        mstat_add(c, MSTAT0_RX, RX_GROVR, 1);
        return;
    }
    mstat_add(c, MSTAT0_RX, RX_GRPKT, 1);
    mstat_add(c, MSTAT0_RX, RX_GRPOK, 1);
    if (len >= 6) {
        mstat_add(c, MSTAT0_RX, RX_GRUCA + ql8400_frame_cast(frame), 1);
    }
    mstat_add(c, MSTAT0_RX, RX_GR64 + mstat_bucket(wire), 1);
    mstat_add(c, MSTAT0_RX, RX_GRBYT, wire);
    ql8400_grc_poke(c, NIG_REG_STAT0_BRB_PACKET,
                    ql8400_grc_peek(c, NIG_REG_STAT0_BRB_PACKET) + 1);
}

/* MSTAT counters clear when read (the driver adds up its readings). */
static uint32_t mstat_read(Ql8400Chip *c, uint32_t addr)
{
    uint32_t v = ql8400_grc_peek(c, addr);

    ql8400_grc_poke(c, addr, 0);
    return v;
}

static const Ql8400GrcHook mac_stats_hooks[] = {
    { MSTAT0_TX, 8 * MSTAT0_TX_COUNTERS, "MSTAT0_TX_STAT",
      mstat_read, NULL },
    { MSTAT0_RX, 8 * MSTAT0_RX_COUNTERS, "MSTAT0_RX_STAT",
      mstat_read, NULL },
};

void ql8400_mac_stats_init(Ql8400Chip *c)
{
    ql8400_grc_add_hooks(c, mac_stats_hooks,
                         QL8400_ARRAY_LEN(mac_stats_hooks));
}
