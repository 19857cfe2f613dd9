/*
 * ql8400 firmware model: the L2 receive path. A frame from the wire is
 * classified on the leading client (its RX filter state, MAC set and
 * multicast bins), placed into the next buffer of the client's BD ring
 * (8-byte BDs, 512 a page, slot 510 pointing at the next page), and
 * reported with a fast-path CQE on the client's RCQ.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "crc32c.h"
#include "eth-rx-parse.h"
#include "grc.h"
#include "le.h"
#include "regs.h"
#include "storm-ram.h"
#include "fw-trace.h"

#define RX_BD_SIZE              8
#define RX_BDS_PER_PAGE         512
#define RX_NEXT_PAGE_SLOT       510
#define IP_HEADER_ALIGNMENT_PADDING 2

/* client rx state (FILTER_RULES) */
#define RX_UCAST_DROP_ALL       (1u << 0)
#define RX_UCAST_ACCEPT_ALL     (1u << 1)
#define RX_UCAST_ACCEPT_UNMATCHED (1u << 2)
#define RX_MCAST_DROP_ALL       (1u << 3)
#define RX_MCAST_ACCEPT_ALL     (1u << 4)
#define RX_BCAST_ACCEPT_ALL     (1u << 5)

/* struct eth_fast_path_rx_cqe */
#define CQE_STATUS_FLAGS        0x01
#define CQE_RSS_HASH            0x04
#define CQE_PLACEMENT_OFFSET    0x03
#define CQE_VLAN_TAG            0x08
#define CQE_PKT_LEN             0x0a
#define CQE_LEN_ON_BD           0x0c
#define CQE_PARS_FLAGS          0x0e
#define STATUS_RSS_HASH         (1u << 3)
#define STATUS_BROADCAST        (1u << 4)
#define STATUS_MAC_MATCH        (1u << 5)
#define CQE_TYPE_ERROR_FLAGS    0x00
#define PARS_FLAG_UNICAST       (1u << 0)
#define PARS_FLAG_VLAN          (1u << 1)

#define ETH_P_8021Q             0x8100

static uint16_t rx_next(uint16_t idx)
{
    return (idx & (RX_BDS_PER_PAGE - 1)) == RX_NEXT_PAGE_SLOT - 1 ? idx + 3
                                                                   : idx + 1;
}

static bool rx_mac_known(const Ql8400EthClient *cl, const uint8_t *da)
{
    unsigned i;

    for (i = 0; i < cl->nmacs; i++) {
        if (!memcmp(cl->macs[i], da, 6)) {
            return true;
        }
    }
    return false;
}

static bool rx_mac_in_any_client(Ql8400Chip *c, const uint8_t *da)
{
    unsigned i;

    for (i = 0; i < c->storm.clients_in_use; i++) {
        if (c->storm.clients[i].active &&
            rx_mac_known(&c->storm.clients[i], da)) {
            return true;
        }
    }
    return false;
}

/* The leading client's filters, as the chip's classification applies. */
static bool rx_accept(Ql8400Chip *c, const Ql8400EthClient *cl,
                      const uint8_t *da)
{
    uint16_t st = cl->rx_filter;
    uint8_t bin;

    if (!(da[0] & 1)) {
        if (st & RX_UCAST_DROP_ALL) {
            return false;
        }
        return (st & RX_UCAST_ACCEPT_ALL) || rx_mac_known(cl, da) ||
               ((st & RX_UCAST_ACCEPT_UNMATCHED) &&
                !rx_mac_in_any_client(c, da));
    }
    if (!memcmp(da, "\xff\xff\xff\xff\xff\xff", 6)) {
        return st & RX_BCAST_ACCEPT_ALL;
    }
    if (st & RX_MCAST_DROP_ALL) {
        return false;
    }
    if (st & RX_MCAST_ACCEPT_ALL) {
        return true;
    }
    bin = ql8400_crc32c(0, da, 6) >> 24;
    return c->storm.mcast_bins[bin / 8] & (1u << (bin % 8));
}

static bool rx_fetch_bd(Ql8400Chip *c, Ql8400EthClient *cl, uint64_t *buf)
{
    uint8_t bd[RX_BD_SIZE];

    if (!ql8400_dma_read(c, cl->bd_page + RX_BD_SIZE *
                         (cl->bd_cons & (RX_BDS_PER_PAGE - 1)),
                         bd, sizeof(bd))) {
        return false;
    }
    *buf = ql8400_ld64(bd);
    if ((cl->bd_cons & (RX_BDS_PER_PAGE - 1)) == RX_NEXT_PAGE_SLOT - 1) {
        if (!ql8400_dma_read(c, cl->bd_page +
                             RX_BD_SIZE * RX_NEXT_PAGE_SLOT, bd,
                             sizeof(bd))) {
            return false;
        }
        cl->bd_page = ql8400_ld64(bd);
    }
    cl->bd_cons = rx_next(cl->bd_cons);
    return true;
}

/*
 * RSS: the hash picks an entry of the indirection table, which names the
 * client (queue) that gets the frame; without a hash, the leading one.
 */
static Ql8400EthClient *rx_rss_client(Ql8400Chip *c, Ql8400EthClient *lead,
                                      const uint8_t *frame, size_t len,
                                      uint8_t *cqe)
{
    const Ql8400Rss *rss = &c->storm.rss;
    Ql8400EthClient *cl;
    unsigned type;
    uint32_t hash;

    type = ql8400_rss_hash(rss, frame, len, &hash);
    if (type == QL8400_RSS_HASH_NONE) {
        return lead;
    }
    cqe[CQE_STATUS_FLAGS] |= type | STATUS_RSS_HASH;
    ql8400_st32(cqe + CQE_RSS_HASH, hash);
    cl = &c->storm.clients[rss->table[hash & rss->result_mask] %
                           QL8400_MAX_CLIENTS];
    return cl->active && !cl->halted ? cl : lead;
}

/* Place a frame into a client's next buffer and report it on its RCQ. */
static Ql8400RxResult rx_place(Ql8400Chip *c, Ql8400EthClient *recv,
                               const uint8_t *buf, size_t size, bool rss)
{
    Ql8400EthClient *cl = recv;
    uint8_t cqe[64] = { 0 };
    uint8_t stripped[QL8400_MAX_RX_FRAME];
    const uint8_t *frame = buf;
    uint16_t bd_prod, cqe_prod, pars = 0;
    uint32_t prods;
    uint64_t bd_addr;
    size_t len = size;
    unsigned pad, align;
    Ql8400RxParse parse;

    if (recv->vlan_strip && size >= 18 &&
        (buf[12] << 8 | buf[13]) == ETH_P_8021Q) {
        ql8400_st16(cqe + CQE_VLAN_TAG, buf[14] << 8 | buf[15]);
        memcpy(stripped, buf, 12);
        memcpy(stripped + 12, buf + 16, size - 16);
        frame = stripped;
        len -= 4;
        pars |= PARS_FLAG_VLAN;
    }
    if (rss) {
        cl = rx_rss_client(c, recv, frame, len, cqe);
    }
    if (len > cl->max_bytes_on_bd) {
        cl->stats.too_big++;
        return QL8400_RX_DROPPED;
    }
    prods = ql8400_grc_peek(c, USTORM_RX_PRODS(cl->qzone_id));
    cqe_prod = prods & 0xffff;
    bd_prod = prods >> 16;
    if (cl->bd_cons == bd_prod || cl->rcq_prod == cqe_prod) {
        return QL8400_RX_NO_BUFFER;     /* held: not a drop (yet) */
    }
    ql8400_stats_rx(cl, buf, size);
    if (!rx_fetch_bd(c, cl, &bd_addr)) {
        ql8400_stats_rx_no_buff(cl, buf, size);
        return QL8400_RX_DROPPED;
    }
    align = 1u << cl->align_log;
    pad = ((0 - bd_addr) & (align - 1)) + IP_HEADER_ALIGNMENT_PADDING;
    if (!ql8400_dma_write(c, bd_addr + pad, frame, len)) {
        ql8400_stats_rx_no_buff(cl, buf, size);
        return QL8400_RX_DROPPED;
    }
    ql8400_rx_parse(frame, len, &parse);
    cqe[CQE_TYPE_ERROR_FLAGS] |= parse.error_flags;
    cqe[CQE_STATUS_FLAGS] |= parse.status_flags;
    pars |= parse.pars_flags;
    if (parse.error_flags) {
        trace_ql8400_fw_rx_bad_csum(cl - c->storm.clients, len,
                                    parse.error_flags);
    }
    if (!(frame[0] & 1)) {
        pars |= PARS_FLAG_UNICAST;
    } else if (!memcmp(frame, "\xff\xff\xff\xff\xff\xff", 6)) {
        cqe[CQE_STATUS_FLAGS] |= STATUS_BROADCAST;
    }
    cqe[CQE_PLACEMENT_OFFSET] = pad;
    ql8400_st16(cqe + CQE_PKT_LEN, len);
    ql8400_st16(cqe + CQE_LEN_ON_BD, len);
    ql8400_st16(cqe + CQE_PARS_FLAGS, pars);
    trace_ql8400_fw_rx_frame(cl - c->storm.clients, size, cl->bd_cons,
                             cl->rcq_prod, pad);
    ql8400_rcq_post(c, cl - c->storm.clients, cqe);
    return QL8400_RX_DONE;
}

/*
 * Classification: every client with its own filters (the leading ETH
 * client, and clients given their own MACs such as the iSCSI L2 client)
 * that accepts the destination gets the frame; the leading one spreads
 * it by RSS. A frame for one client waits when that client has no
 * buffer; a frame copied to several is dropped where there is none.
 */
Ql8400RxResult ql8400_eth_receive(Ql8400Chip *c, const uint8_t *buf,
                                  size_t size)
{
    Ql8400EthClient *takers[4];
    unsigned i, n = 0;
    Ql8400RxResult r;

    if (size < 14 || size > QL8400_MAX_RX_FRAME) {
        return QL8400_RX_DROPPED;
    }
    for (i = 0; i < c->storm.clients_in_use && n < 4; i++) {
        Ql8400EthClient *cl = &c->storm.clients[i];

        if (!cl->active || cl->halted || (!cl->leading_rss && !cl->nmacs)) {
            continue;
        }
        if (rx_accept(c, cl, buf)) {
            takers[n++] = cl;
        } else {
            trace_ql8400_fw_rx_filtered(i, size, cl->rx_filter);
        }
    }
    if (n == 1) {
        return rx_place(c, takers[0], buf, size, takers[0]->leading_rss);
    }
    if (n == 0) {
        c->storm.port_stats.mac_filter_discard++;
    }
    r = QL8400_RX_DROPPED;
    for (i = 0; i < n; i++) {
        switch (rx_place(c, takers[i], buf, size, takers[i]->leading_rss)) {
        case QL8400_RX_DONE:
            r = QL8400_RX_DONE;
            break;
        case QL8400_RX_NO_BUFFER:       /* a copy cannot wait: counted */
            ql8400_stats_rx(takers[i], buf, size);
            ql8400_stats_rx_no_buff(takers[i], buf, size);
            break;
        default:
            break;
        }
    }
    return r;
}

/* The driver posted buffers: frames held back may come in now. */
static void rx_prods_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    ql8400_grc_poke(c, addr, val);
    c->host->rx_resume(c->host_opaque);
}

static const Ql8400GrcHook rx_hooks[] = {
    { USTORM_RX_PRODS(0), QL8400_MAX_CLIENTS * 0x20, "USTORM_RX_PRODS",
      NULL, rx_prods_write },
};

void ql8400_eth_rx_init(Ql8400Chip *c)
{
    ql8400_grc_add_hooks(c, rx_hooks, QL8400_ARRAY_LEN(rx_hooks));
}
