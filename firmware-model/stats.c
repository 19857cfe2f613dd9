/*
 * ql8400 firmware model: the storm statistics. The receive and transmit
 * firmware count what goes through each queue (TSTORM: frames accepted for
 * a client; USTORM: those of them no buffer could take; XSTORM: what each
 * connection sent), by destination class. The driver asks for them with
 * the STAT_QUERY ramrod: per port, per function and per queue counters,
 * cumulative, written where each query entry points, then the four
 * storms' sequence counters, which tell the driver the answer is complete.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "le.h"
#include "fw-trace.h"

#define STATS_HDR_SIZE          16
#define STATS_ENTRY_SIZE        16
#define STATS_MAX_ENTRIES       32

enum { STATS_QUEUE = 0, STATS_PORT = 1, STATS_PF = 2 };

#define PER_PORT_STATS_SIZE     24
#define PER_PF_STATS_SIZE       8
#define PER_QUEUE_STATS_SIZE    152
#define STATS_COUNTER_SIZE      32

/* struct tstorm_per_port_stats */
#define PORT_MAC_DISCARD        0x00
#define PORT_MAC_FILTER_DISCARD 0x04

/* struct per_queue_stats: TSTORM, then USTORM, then XSTORM counters */
#define Q_RCV_UCAST_BYTES       0x00
#define Q_RCV_UCAST_PKTS        0x08
#define Q_RCV_BCAST_BYTES       0x10
#define Q_RCV_BCAST_PKTS        0x18
#define Q_PKTS_TOO_BIG_DISCARD  0x1c
#define Q_RCV_MCAST_BYTES       0x20
#define Q_RCV_MCAST_PKTS        0x28
#define Q_NO_BUFF_DISCARD       0x30    /* le16 */
#define Q_UCAST_NO_BUFF_BYTES   0x38
#define Q_UCAST_NO_BUFF_PKTS    0x50
#define Q_UCAST_BYTES_SENT      0x70
#define Q_UCAST_PKTS_SENT       0x88
#define Q_ERROR_DROP_PKTS       0x94

#define ETH_HLEN                14
#define VLAN_HLEN               4

unsigned ql8400_frame_cast(const uint8_t *frame)
{
    if (!(frame[0] & 1)) {
        return QL8400_CAST_UCAST;
    }
    return memcmp(frame, "\xff\xff\xff\xff\xff\xff", 6) ? QL8400_CAST_MCAST
                                                        : QL8400_CAST_BCAST;
}

void ql8400_stats_rx(Ql8400EthClient *cl, const uint8_t *frame, size_t len)
{
    unsigned k = ql8400_frame_cast(frame);

    cl->stats.rcv_pkts[k]++;
    cl->stats.rcv_bytes[k] += len;
}

void ql8400_stats_rx_no_buff(Ql8400EthClient *cl, const uint8_t *frame,
                             size_t len)
{
    unsigned k = ql8400_frame_cast(frame);

    cl->stats.no_buff_pkts[k]++;
    cl->stats.no_buff_bytes[k] += len;
}

unsigned ql8400_tx_wire_frames(size_t len, const Ql8400TxOffload *off,
                               size_t *full, size_t *last)
{
    size_t tag = off->vlan_insert ? VLAN_HLEN : 0;
    size_t payload, n;

    if (!off->lso || !off->mss || off->hdr_len < ETH_HLEN ||
        len <= off->hdr_len + off->mss) {
        *full = *last = len + tag;
        return 1;
    }
    payload = len - off->hdr_len;
    n = (payload + off->mss - 1) / off->mss;
    *full = off->hdr_len + off->mss + tag;
    *last = off->hdr_len + payload - (n - 1) * off->mss + tag;
    return n;
}

void ql8400_stats_tx(Ql8400EthConn *conn, const uint8_t *frame, size_t len,
                     const Ql8400TxOffload *off)
{
    unsigned k = ql8400_frame_cast(frame);
    size_t full, last;
    unsigned n = ql8400_tx_wire_frames(len, off, &full, &last);

    conn->stats.pkts[k] += n;
    conn->stats.bytes[k] += (uint64_t)(n - 1) * full + last;
}

static void put_regpair(uint8_t *p, uint64_t v)
{
    ql8400_st32(p, (uint32_t)v);
    ql8400_st32(p + 4, v >> 32);
}

/*
 * per_queue_stats of a queue (its statistics counter id is its client
 * id): the client's receive counters, and the transmit counters of every
 * connection (one per CoS) that completes on it.
 */
static void stats_queue(Ql8400Chip *c, unsigned id, uint8_t *q)
{
    const Ql8400RxStats *rx = &c->storm.clients[id].stats;
    Ql8400TxStats tx;
    uint32_t no_buff = 0;
    unsigned i, k;

    memset(&tx, 0, sizeof(tx));
    for (i = 0; i < QL8400_MAX_CIDS; i++) {
        const Ql8400EthConn *conn = &c->storm.conns[i];

        if (!conn->valid || conn->client != id) {
            continue;
        }
        for (k = 0; k < QL8400_CAST_N; k++) {
            tx.bytes[k] += conn->stats.bytes[k];
            tx.pkts[k] += conn->stats.pkts[k];
        }
        tx.error_drop += conn->stats.error_drop;
    }
    /* the classes sit in the order unicast, broadcast, multicast here */
    put_regpair(q + Q_RCV_UCAST_BYTES, rx->rcv_bytes[QL8400_CAST_UCAST]);
    ql8400_st32(q + Q_RCV_UCAST_PKTS, rx->rcv_pkts[QL8400_CAST_UCAST]);
    put_regpair(q + Q_RCV_BCAST_BYTES, rx->rcv_bytes[QL8400_CAST_BCAST]);
    ql8400_st32(q + Q_RCV_BCAST_PKTS, rx->rcv_pkts[QL8400_CAST_BCAST]);
    put_regpair(q + Q_RCV_MCAST_BYTES, rx->rcv_bytes[QL8400_CAST_MCAST]);
    ql8400_st32(q + Q_RCV_MCAST_PKTS, rx->rcv_pkts[QL8400_CAST_MCAST]);
    ql8400_st32(q + Q_PKTS_TOO_BIG_DISCARD, rx->too_big);
    /* then unicast, multicast, broadcast in USTORM and XSTORM */
    for (k = 0; k < QL8400_CAST_N; k++) {
        no_buff += rx->no_buff_pkts[k];
        put_regpair(q + Q_UCAST_NO_BUFF_BYTES + 8 * k, rx->no_buff_bytes[k]);
        ql8400_st32(q + Q_UCAST_NO_BUFF_PKTS + 4 * k, rx->no_buff_pkts[k]);
        put_regpair(q + Q_UCAST_BYTES_SENT + 8 * k, tx.bytes[k]);
        ql8400_st32(q + Q_UCAST_PKTS_SENT + 4 * k, tx.pkts[k]);
    }
    ql8400_st16(q + Q_NO_BUFF_DISCARD, no_buff);
    ql8400_st32(q + Q_ERROR_DROP_PKTS, tx.error_drop);
}

void ql8400_stats_query(Ql8400Chip *c, uint64_t req)
{
    uint8_t hdr[STATS_HDR_SIZE], entry[STATS_ENTRY_SIZE];
    uint8_t result[PER_QUEUE_STATS_SIZE], counter[STATS_COUNTER_SIZE];
    const Ql8400PortStats *port = &c->storm.port_stats;
    unsigned i, n, size;
    uint16_t seq;

    if (!ql8400_dma_read(c, req, hdr, sizeof(hdr))) {
        return;
    }
    n = hdr[0];
    seq = ql8400_ld16(hdr + 2);
    if (n > STATS_MAX_ENTRIES) {
        QL8400_LOG_GUEST_ERROR("ql8400: STAT_QUERY with %u entries\n", n);
        n = STATS_MAX_ENTRIES;
    }
    trace_ql8400_fw_stats_query(n, seq);
    for (i = 0; i < n; i++) {
        if (!ql8400_dma_read(c, req + STATS_HDR_SIZE + i * STATS_ENTRY_SIZE,
                             entry, sizeof(entry))) {
            return;
        }
        memset(result, 0, sizeof(result));
        switch (entry[0]) {
        case STATS_QUEUE:
            size = PER_QUEUE_STATS_SIZE;
            stats_queue(c, entry[1], result);
            break;
        case STATS_PORT:
            size = PER_PORT_STATS_SIZE;
            ql8400_st32(result + PORT_MAC_DISCARD, port->mac_discard);
            ql8400_st32(result + PORT_MAC_FILTER_DISCARD,
                        port->mac_filter_discard);
            break;
        case STATS_PF:
            size = PER_PF_STATS_SIZE;   /* no receive errors */
            break;
        default:
            QL8400_LOG_UNIMP("ql8400: statistics of kind %u\n", entry[0]);
            continue;
        }
        ql8400_dma_write(c, ql8400_ld64(entry + 8), result, size);
    }
    memset(counter, 0, sizeof(counter));
    for (i = 0; i < 4; i++) {
        ql8400_st16(counter + 8 * i, seq);
    }
    ql8400_dma_write(c, ql8400_ld64(hdr + 8), counter, sizeof(counter));
}
