/*
 * ql8400 firmware model: the L2 transmit path. A doorbell names a
 * connection and the driver's new BD producer; the firmware walks the
 * connection's BD ring (16-byte BDs, 256 a page, the last of each page
 * pointing at the next), gathers each packet (start BD, parse BD(s), data
 * BDs), hands it out with the offloads its BDs ask for, and reports the
 * packets it consumed in the queue's status block.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "ip.h"
#include "le.h"
#include "fw-trace.h"

#define TX_BD_SIZE              16
#define TX_BDS_PER_PAGE         256
#define TX_NEXT_PAGE_SLOT       255
#define TX_MAX_FRAME            (64 * 1024 + 64)
#define TX_MAX_BDS_PER_PKT      64

/* eth_tx_start_bd */
#define BD_FLAGS_IP_CSUM        (1u << 0)
#define START_BD_NBD            0x8
#define START_BD_NBYTES         0xa
#define START_BD_VLAN           0xc
#define START_BD_FLAGS          0xe
#define START_BD_GENERAL        0xf
#define BD_FLAGS_L4_CSUM        (1u << 1)
#define BD_FLAGS_VLAN_MODE(f)   (((f) >> 2) & 3)
#define BD_FLAGS_START_BD       (1u << 4)
#define BD_FLAGS_IS_UDP         (1u << 5)
#define BD_FLAGS_SW_LSO         (1u << 6)
#define BD_FLAGS_IPV6           (1u << 7)
#define VLAN_MODE_OUTBAND       1
#define GENERAL_PARSE_NBDS(g)   (((g) >> 5) & 3)
#define GENERAL_TUNNEL_EXIST    (1u << 7)
/* eth_tx_parse_bd_e2 */
#define PARSE_BD_PARSING_DATA   0xc
#define PARSING_L4_START_W(p)   ((p) & 0x7ff)
#define PARSING_TCP_HDR_DW(p)   (((p) >> 11) & 0xf)
#define PARSING_LSO_MSS(p)      (((p) >> 16) & 0x3fff)
/* eth_tx_bd */
#define DATA_BD_NBYTES          0xa

/* The doorbell word: type in byte 0, the BD producer in bytes 2-3. */
#define DOORBELL_DB_TYPE        (1u << 1)
#define DOORBELL_PROD(v)        ((v) >> 16)

/* IP_CSUM: the chip writes the IPv4 header checksum of the frame. */
static void tx_ip_csum(uint8_t *frame, size_t len)
{
    uint16_t type = 0;
    size_t l3 = ql8400_eth_l3(frame, len, &type), ihl;

    if (!l3 || type != QL8400_ETHERTYPE_IPV4 || len < l3 + QL8400_IPV4_HLEN) {
        return;
    }
    ihl = (frame[l3] & 0xf) * 4;
    if (ihl < QL8400_IPV4_HLEN || len < l3 + ihl) {
        return;
    }
    ql8400_stbe16(frame + l3 + 10, 0);
    ql8400_stbe16(frame + l3 + 10,
                  ql8400_csum_fold(ql8400_csum_add(0, frame + l3, ihl)));
}

static uint16_t tx_next(uint16_t idx)
{
    return (idx & (TX_BDS_PER_PAGE - 1)) == TX_NEXT_PAGE_SLOT - 1 ? idx + 2
                                                                   : idx + 1;
}

/* Fetch the BD at the connection's consumer, following page links. */
static bool tx_fetch(Ql8400Chip *c, Ql8400EthConn *conn, uint8_t *bd)
{
    uint64_t addr;

    addr = conn->tx_page + TX_BD_SIZE * (conn->tx_bd_cons & 0xff);
    if (!ql8400_dma_read(c, addr, bd, TX_BD_SIZE)) {
        return false;
    }
    if ((conn->tx_bd_cons & 0xff) == TX_NEXT_PAGE_SLOT - 1) {
        uint8_t next[TX_BD_SIZE];

        if (!ql8400_dma_read(c, conn->tx_page +
                             TX_BD_SIZE * TX_NEXT_PAGE_SLOT, next,
                             sizeof(next))) {
            return false;
        }
        conn->tx_page = ql8400_ld64(next);
    }
    conn->tx_bd_cons = tx_next(conn->tx_bd_cons);
    return true;
}

/*
 * One packet from the start BD at the consumer. Returns false when the
 * ring holds something the firmware cannot follow; the connection then
 * stops (as the chip raises an error and stops the queue).
 */
static bool tx_packet(Ql8400Chip *c, Ql8400EthConn *conn, uint8_t *frame)
{
    uint8_t bd[TX_BD_SIZE], flags, general;
    Ql8400TxOffload off = { 0 };
    unsigned nbd, i, parse_bds;
    size_t len = 0, n;
    uint32_t parsing = 0;

    if (!tx_fetch(c, conn, bd)) {
        return false;
    }
    flags = bd[START_BD_FLAGS];
    general = bd[START_BD_GENERAL];
    nbd = ql8400_ld16(bd + START_BD_NBD);
    if (!(flags & BD_FLAGS_START_BD) || nbd < 2 ||
        nbd > TX_MAX_BDS_PER_PKT) {
        QL8400_LOG_GUEST_ERROR("ql8400: TX cid %u: bad start BD (flags 0x%x"
                               " nbd %u)\n", conn->cid, flags, nbd);
        return false;
    }
    n = ql8400_ld16(bd + START_BD_NBYTES);
    if (n > TX_MAX_FRAME ||
        !ql8400_dma_read(c, ql8400_ld64(bd), frame, n)) {
        return false;
    }
    len = n;
    off.l4_csum = flags & BD_FLAGS_L4_CSUM;
    off.udp = flags & BD_FLAGS_IS_UDP;
    off.ipv6 = flags & BD_FLAGS_IPV6;
    off.lso = flags & BD_FLAGS_SW_LSO;
    if (BD_FLAGS_VLAN_MODE(flags) == VLAN_MODE_OUTBAND) {
        off.vlan_insert = true;
        off.vlan_tci = ql8400_ld16(bd + START_BD_VLAN);
    }
    if (general & GENERAL_TUNNEL_EXIST) {
        QL8400_LOG_UNIMP("ql8400: TX tunnel offload not modelled\n");
    }
    parse_bds = 1 + GENERAL_PARSE_NBDS(general);
    for (i = 1; i < nbd; i++) {
        if (!tx_fetch(c, conn, bd)) {
            return false;
        }
        if (i == 1) {
            parsing = ql8400_ld32(bd + PARSE_BD_PARSING_DATA);
            continue;
        }
        if (i <= parse_bds) {
            continue;           /* the tunnel's second parse BD */
        }
        n = ql8400_ld16(bd + DATA_BD_NBYTES);
        if (len + n > TX_MAX_FRAME) {
            QL8400_LOG_GUEST_ERROR("ql8400: TX cid %u: packet over %u bytes"
                                   "\n", conn->cid, TX_MAX_FRAME);
            return false;
        }
        if (!ql8400_dma_read(c, ql8400_ld64(bd), frame + len, n)) {
            return false;
        }
        len += n;
    }
    if (flags & BD_FLAGS_IP_CSUM) {
        tx_ip_csum(frame, len);
    }
    off.l4_offset = 2 * PARSING_L4_START_W(parsing);
    off.hdr_len = off.l4_offset + 4 * PARSING_TCP_HDR_DW(parsing);
    off.mss = PARSING_LSO_MSS(parsing);
    trace_ql8400_fw_tx_packet(conn->cid, len, flags, off.mss);
    ql8400_port_transmit(c, frame, len, &off);
    ql8400_stats_tx(conn, frame, len, &off);
    return true;
}

void ql8400_eth_doorbell(Ql8400Chip *c, uint32_t cid, uint32_t val)
{
    Ql8400EthConn *conn;
    uint16_t prod = DOORBELL_PROD(val);
    unsigned sent = 0;

    if (cid >= QL8400_MAX_CIDS || !c->storm.conns[cid].valid) {
        QL8400_LOG_GUEST_ERROR("ql8400: doorbell for unknown cid %u\n", cid);
        return;
    }
    if (!(val & DOORBELL_DB_TYPE)) {
        QL8400_LOG_UNIMP("ql8400: doorbell type 0x%x on cid %u\n",
                         val & 0xff, cid);
        return;
    }
    conn = &c->storm.conns[cid];
    if (!c->storm.tx_frame) {
        c->storm.tx_frame = malloc(TX_MAX_FRAME);
        if (!c->storm.tx_frame) {
            abort();
        }
    }
    while (conn->tx_bd_cons != prod && !conn->tx_error) {
        if (!tx_packet(c, conn, c->storm.tx_frame)) {
            conn->stats.error_drop++;
            conn->tx_error = true;
            break;
        }
        conn->tx_pkt_cons++;
        sent++;
    }
    if (sent) {
        ql8400_sb_update(c, conn->fw_sb_id, conn->tx_sb_index,
                            conn->tx_pkt_cons);
    }
}
