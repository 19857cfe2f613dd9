/*
 * qtests of ql8400's L2 fast path through the PCI function, with no guest
 * OS: the test plays bnx2x. It brings the port up, starts the function
 * and sets up ETH queues on the slow-path queue, posts TX packets with
 * the BDs bnx2x_start_xmit builds (start BD, E2 parsing BD, data BDs)
 * and rings their doorbells in BAR2, and gives RX buffers. The port sits
 * on a datagram netdev: every frame the NIC sends arrives as one datagram
 * on the test's UDP socket, and every datagram the test sends to the
 * netdev is a frame into the port.
 *
 * What is checked is what leaves the port and what the driver reads:
 * checksums the test computes itself, segments of an LSO packet, the TX
 * completions in the status block, and the RX queue RSS picks (Toeplitz,
 * computed here).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include "qemu/bswap.h"
#include "libqtest.h"
#include "ql8400-fixture.h"

/* storm RAM of PF0 (7.13 IRO offsets), the IGU */
#define CSTORM_SB_DATA(sb)          (0x41c000 + 0x40 * (sb))
#define USTORM_RX_PRODS(qz)         (0x406000 + 0x20 * (qz))
#define IGU_ACK(sb)                 (0x442000 + 8 * (sb))

/* slow-path queue: connection types, commands, EQE opcodes */
#define RAMROD_ETH_CLASSIFICATION   9
#define RAMROD_ETH_FILTER_RULES     10
#define RAMROD_ETH_RSS_UPDATE       12
#define EQE_FUNCTION_START          1
#define EQE_RSS_UPDATE_RULES        11
#define EQE_CLASSIFICATION_RULES    15
#define EQE_FILTERS_RULES           16
#define EQ_PROD_INDEX               7       /* of the default SB */

/* the host status block of a queue: index values, then running index */
#define SB_RX_INDEX                 1       /* RCQ producer */
#define SB_TX_INDEX                 5       /* TX packet consumer, CoS 0 */

/* eth_tx_start_bd, eth_tx_parse_bd_e2 */
#define TX_BD_SIZE                  16
#define TX_BD_FLAGS_L4_CSUM         (1u << 1)
#define TX_BD_FLAGS_START_BD        (1u << 4)
#define TX_BD_FLAGS_SW_LSO          (1u << 6)
#define TX_START_BD_HDR_NBDS        1
#define PBD_L4_START_W(off)         ((off) / 2)
#define PBD_TCP_HDR_DW(len)         ((len) / 4 << 11)
#define PBD_LSO_MSS(mss)            ((uint32_t)(mss) << 16)
#define PBD_ADDR_UNICAST            (0u << 30)
#define DOORBELL_DB_TYPE            (1u << 1)

/* RX: BD ring, CQEs (eth_fast_path_rx_cqe) */
#define RX_BD_SIZE                  8
#define RCQE_SIZE                   64
#define RCQE_MARKER                 0x3c
#define CQE_TYPE_MASK               3
#define CQE_TYPE_FASTPATH           0
#define CQE_TYPE_RAMROD             1
#define CQE_RSS_HASH_TYPE_MASK      7
#define CQE_RSS_HASH_FLG            (1u << 3)
#define CQE_L4_BAD_XSUM             (1u << 5)       /* type_error_flags */
#define CQE_IP_BAD_XSUM             (1u << 4)
#define CQE_XSUM_NO_VALIDATION      (3u << 6)       /* status_flags */
#define RSS_HASH_TYPE_TCP_IPV4      2

/* filter rules, RSS capabilities */
#define FILTER_BCAST_ACCEPT_ALL     (1u << 5)
#define RSS_MODE_REGULAR            1
#define RSS_CAP_IPV4                (1u << 0)
#define RSS_CAP_IPV4_TCP            (1u << 1)
#define RSS_CAP_IPV6                (1u << 4)
#define RSS_CAP_IPV6_TCP            (1u << 5)
#define RSS_CAP_UPDATE_KEY          (1u << 9)
#define RSS_TABLE_SIZE              128
#define RSS_RESULT_MASK             0x7f
#define RSS_KEY_SIZE                40

/* the frames */
#define ETH_HLEN                    14
#define IP_HLEN                     20
#define TCP_HLEN                    32      /* with the timestamp option */
#define HDRS_LEN                    (ETH_HLEN + IP_HLEN + TCP_HLEN)
#define TCP_FIN                     0x01
#define TCP_PSH                     0x08
#define TCP_ACK                     0x10

/* the queues */
#define MAX_QUEUES                  2
#define RX_BUFS                     16
#define RX_BUF_SIZE                 2048
#define RCQ_PROD                    48      /* CQE credit the driver gives */
#define MAX_FRAME                   (16 * 1024)
#define WAIT_MS                     5000

static const uint8_t nic_mac[6] = { 0x00, 0x0e, 0x1e, 0x84, 0x10, 0x01 };
static const uint8_t peer_mac[6] = { 0x52, 0x54, 0x00, 0xa0, 0x00, 0x02 };
static const uint8_t nic_ip[4] = { 192, 168, 84, 1 };
static const uint8_t peer_ip[4] = { 192, 168, 84, 2 };

/* the key of Microsoft's RSS verification suite */
static const uint8_t rss_key[RSS_KEY_SIZE] = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
    0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
    0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
    0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
    0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

typedef struct Queue {
    unsigned cl, sb, cid;
    uint64_t sb_addr, rcq, bd_ring, bufs, tx_ring;
    uint16_t rx_frames;         /* fast-path CQEs taken */
    uint16_t tx_prod;           /* BD producer */
    uint16_t tx_pkts;           /* packets posted */
} Queue;

typedef struct L2 {
    Fixture f;
    QTestState *qts;
    int sock;                   /* the wire */
    struct sockaddr_in nic;     /* where the netdev takes frames */
    uint64_t def_sb, spq, eq, data, frame;
    unsigned spq_prod;
    uint16_t eq_cons;
    Queue q[MAX_QUEUES];
} L2;

/* --- the wire ------------------------------------------------------------ */

static int udp_socket(struct sockaddr_in *sa)
{
    socklen_t len = sizeof(*sa);
    int s = socket(AF_INET, SOCK_DGRAM, 0);

    g_assert_cmpint(s, >=, 0);
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(s, (struct sockaddr *)sa, sizeof(*sa)), ==, 0);
    g_assert_cmpint(getsockname(s, (struct sockaddr *)sa, &len), ==, 0);
    return s;
}

/* The next frame the NIC sent; 0 when none came within ms. */
static size_t wire_recv(L2 *t, uint8_t *buf, int ms)
{
    struct pollfd pfd = { .fd = t->sock, .events = POLLIN };
    ssize_t n;

    if (poll(&pfd, 1, ms) <= 0) {
        return 0;
    }
    n = recv(t->sock, buf, MAX_FRAME, 0);
    g_assert_cmpint(n, >, 0);
    return n;
}

static void wire_send(L2 *t, const uint8_t *frame, size_t len)
{
    g_assert_cmpint(sendto(t->sock, frame, len, 0,
                           (struct sockaddr *)&t->nic, sizeof(t->nic)),
                    ==, len);
}

/* --- checksums and frames ------------------------------------------------ */

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i + 1 < n; i += 2) {
        sum += p[i] << 8 | p[i + 1];
    }
    if (n & 1) {
        sum += p[n - 1] << 8;
    }
    return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

static uint32_t pseudo_sum(const uint8_t *ip, size_t tcp_len)
{
    uint32_t sum = csum_add(0, ip + 12, 8);

    return sum + 6 + tcp_len;
}

/* The IPv4 header checksum of ip, as it should be (its field ignored). */
static uint16_t ip_csum(const uint8_t *ip)
{
    uint8_t h[IP_HLEN];

    memcpy(h, ip, IP_HLEN);
    stw_be_p(h + 10, 0);
    return ~csum_fold(csum_add(0, h, IP_HLEN)) & 0xffff;
}

/* The TCP checksum of the segment at ip, as it should be. */
static uint16_t tcp_csum(const uint8_t *ip)
{
    size_t tcp_len = lduw_be_p(ip + 2) - IP_HLEN;
    g_autofree uint8_t *seg = g_memdup2(ip + IP_HLEN, tcp_len);

    stw_be_p(seg + 16, 0);
    return ~csum_fold(csum_add(pseudo_sum(ip, tcp_len), seg, tcp_len)) &
           0xffff;
}

/* a checksum field against the value computed (0 may be sent as ~0) */
static void assert_csum(uint16_t field, uint16_t want)
{
    if (want == 0 && field == 0xffff) {
        return;
    }
    g_assert_cmphex(field, ==, want);
}

typedef struct Flow {
    const uint8_t *src_mac, *dst_mac, *src_ip, *dst_ip;
    uint16_t sport, dport;
} Flow;

static uint8_t pattern(size_t i)
{
    return i * 7 + (i >> 8) * 3 + 1;
}

/*
 * A TCP/IPv4 frame as the stack hands it to bnx2x: a correct IP header
 * checksum, a TCP header with the timestamp option, and in the TCP
 * checksum field what CHECKSUM_PARTIAL leaves there (the pseudo-header
 * sum), which is not the segment's checksum.
 */
static size_t tcp_frame(uint8_t *f, const Flow *fl, uint16_t ip_id,
                        uint32_t seq, uint8_t flags, size_t payload)
{
    uint8_t *ip = f + ETH_HLEN, *tcp = ip + IP_HLEN;
    size_t i;

    memcpy(f, fl->dst_mac, 6);
    memcpy(f + 6, fl->src_mac, 6);
    stw_be_p(f + 12, 0x0800);
    memset(ip, 0, IP_HLEN);
    ip[0] = 0x45;
    stw_be_p(ip + 2, IP_HLEN + TCP_HLEN + payload);
    stw_be_p(ip + 4, ip_id);
    stw_be_p(ip + 6, 0x4000);                       /* DF */
    ip[8] = 64;
    ip[9] = 6;
    memcpy(ip + 12, fl->src_ip, 4);
    memcpy(ip + 16, fl->dst_ip, 4);
    stw_be_p(ip + 10, ip_csum(ip));
    memset(tcp, 0, TCP_HLEN);
    stw_be_p(tcp, fl->sport);
    stw_be_p(tcp + 2, fl->dport);
    stl_be_p(tcp + 4, seq);
    stl_be_p(tcp + 8, 0x01020304);
    tcp[12] = TCP_HLEN / 4 << 4;
    tcp[13] = flags;
    stw_be_p(tcp + 14, 502);
    tcp[20] = 1;                                    /* NOP, NOP, TS */
    tcp[21] = 1;
    tcp[22] = 8;
    tcp[23] = 10;
    stl_be_p(tcp + 24, 0x11223344);
    stl_be_p(tcp + 28, 0x55667788);
    for (i = 0; i < payload; i++) {
        tcp[TCP_HLEN + i] = pattern(i);
    }
    stw_be_p(tcp + 16, csum_fold(pseudo_sum(ip, TCP_HLEN + payload)));
    return HDRS_LEN + payload;
}

/*
 * Toeplitz, written out: for each set bit of the input, the 32 bits of
 * the key from that bit on.
 */
static uint32_t toeplitz(const uint8_t *key, const uint8_t *in, size_t len)
{
    uint32_t hash = 0;
    size_t bit;

    g_assert_cmpuint(len + 8, <=, RSS_KEY_SIZE);
    for (bit = 0; bit < 8 * len; bit++) {
        if (in[bit / 8] & (0x80 >> (bit % 8))) {
            hash ^= ldq_be_p(key + bit / 8) << (bit % 8) >> 32;
        }
    }
    return hash;
}

static uint32_t flow_hash(const Flow *fl)
{
    uint8_t in[12];

    memcpy(in, fl->src_ip, 4);
    memcpy(in + 4, fl->dst_ip, 4);
    stw_be_p(in + 8, fl->sport);
    stw_be_p(in + 10, fl->dport);
    return toeplitz(rss_key, in, sizeof(in));
}

/* --- bnx2x: the slow path ------------------------------------------------ */

static void wr64(L2 *t, uint32_t addr, uint64_t val)
{
    grc_wr64(&t->f, addr, val);
}

static void spq_post(L2 *t, unsigned conn_type, unsigned cmd, uint32_t cid,
                     uint64_t data)
{
    fixture_spq_post(&t->f, t->spq, &t->spq_prod, conn_type, cmd, cid, data);
}

/* The next EQE: the one the ramrod just posted, without error. */
static void eq_expect(L2 *t, uint8_t opcode)
{
    uint64_t eqe = t->eq + 16 * t->eq_cons;

    t->eq_cons++;
    g_assert_cmpuint(qtest_readw(t->qts, t->def_sb + 0x10 +
                                 2 * EQ_PROD_INDEX), ==, t->eq_cons);
    g_assert_cmpuint(qtest_readb(t->qts, eqe), ==, opcode);
    g_assert_cmpuint(qtest_readb(t->qts, eqe + 1), ==, 0);
}

static uint16_t sb_index(L2 *t, Queue *q, unsigned index)
{
    return qtest_readw(t->qts, q->sb_addr + 2 * index);
}

/*
 * One ETH queue as bnx2x_setup_queue sets it up: its status block, its
 * RX BD ring full of buffers and its RCQ (two pages each, chained), its
 * TX ring (two pages), the producers, then CLIENT_SETUP, which completes
 * with a ramrod CQE on the queue's own RCQ.
 */
static void queue_setup(L2 *t, unsigned i, bool leading)
{
    Queue *q = &t->q[i];
    uint8_t d[0x78] = { 0 };
    uint8_t cqe[RCQE_SIZE];
    unsigned j;

    q->cl = i;
    q->sb = 1 + i;
    q->cid = i;
    q->sb_addr = guest_mem(&t->f, 0x100);
    q->rcq = guest_mem(&t->f, 0x2000);
    q->bd_ring = guest_mem(&t->f, 0x2000);
    q->bufs = guest_mem(&t->f, RX_BUFS * RX_BUF_SIZE);
    q->tx_ring = guest_mem(&t->f, 0x2000);

    wr64(t, CSTORM_SB_DATA(q->sb) + 0x10, q->sb_addr);
    grc_wr(&t->f, CSTORM_SB_DATA(q->sb) + 0x18, q->sb << 16);
    grc_wr(&t->f, CSTORM_SB_DATA(q->sb) + 0x2c, 1 << 16);  /* enabled */
    grc_wr(&t->f, IGU_ACK(q->sb), 0);

    qtest_memset(t->qts, q->rcq, 0xff, 0x2000);
    qtest_writeq(t->qts, q->rcq + RCQE_SIZE * 63, q->rcq + 0x1000);
    qtest_writeq(t->qts, q->rcq + 0x1000 + RCQE_SIZE * 63, q->rcq);
    qtest_writeq(t->qts, q->bd_ring + RX_BD_SIZE * 510, q->bd_ring + 0x1000);
    qtest_writeq(t->qts, q->bd_ring + 0x1000 + RX_BD_SIZE * 510, q->bd_ring);
    for (j = 0; j < RX_BUFS; j++) {
        qtest_writeq(t->qts, q->bd_ring + RX_BD_SIZE * j,
                     q->bufs + RX_BUF_SIZE * j);
    }
    qtest_writeq(t->qts, q->tx_ring + TX_BD_SIZE * 255, q->tx_ring + 0x1000);
    qtest_writeq(t->qts, q->tx_ring + 0x1000 + TX_BD_SIZE * 255, q->tx_ring);
    grc_wr(&t->f, USTORM_RX_PRODS(q->cl), RCQ_PROD | RX_BUFS << 16);

    d[0x00] = q->cl;                                /* client id */
    d[0x04] = 1;                                    /* active */
    stw_le_p(d + 0x06, 1500);                       /* mtu */
    d[0x13] = 6;                                    /* 64-byte lines */
    d[0x16] = q->cl;                                /* queue zone */
    d[0x1d] = q->sb;
    d[0x1e] = SB_RX_INDEX;
    stw_le_p(d + 0x22, RX_BUF_SIZE - 128);          /* max bytes on BD */
    stq_le_p(d + 0x28, q->bd_ring);
    stq_le_p(d + 0x38, q->rcq);
    d[0x40] = leading;                              /* leading RSS */
    d[0x61] = q->sb;
    d[0x62] = SB_TX_INDEX;
    stq_le_p(d + 0x68, q->tx_ring);
    qtest_memwrite(t->qts, t->data, d, sizeof(d));
    spq_post(t, CONN_TYPE_ETH, RAMROD_ETH_CLIENT_SETUP, q->cid, t->data);

    qtest_memread(t->qts, q->rcq, cqe, sizeof(cqe));
    g_assert_cmpuint(cqe[0] & CQE_TYPE_MASK, ==, CQE_TYPE_RAMROD);
    g_assert_cmphex((uint32_t)ldl_le_p(cqe + 4), ==,
                    (uint32_t)RAMROD_ETH_CLIENT_SETUP << 24 | q->cid);
    g_assert_cmphex(ldl_le_p(cqe + RCQE_MARKER), ==, 0);
    g_assert_cmpuint(sb_index(t, q, SB_RX_INDEX), ==, 1);
}

/* The port MAC on the leading client, and broadcasts. */
static void rx_mode(L2 *t)
{
    uint8_t d[0x108] = { 0 };
    uint8_t *rule = d + 8;

    d[0] = 1;                                       /* one rule */
    rule[0] = 1 | 1 << 4;                           /* RX, MAC, add */
    rule[2] = t->q[0].cl;
    stw_le_p(rule + 0xc, nic_mac[0] << 8 | nic_mac[1]);
    stw_le_p(rule + 0xa, nic_mac[2] << 8 | nic_mac[3]);
    stw_le_p(rule + 0x8, nic_mac[4] << 8 | nic_mac[5]);
    qtest_memwrite(t->qts, t->data, d, sizeof(d));
    spq_post(t, CONN_TYPE_ETH, RAMROD_ETH_CLASSIFICATION, t->q[0].cid,
             t->data);
    eq_expect(t, EQE_CLASSIFICATION_RULES);

    memset(d, 0, sizeof(d));
    d[0] = 1;
    rule[0] = 1;                                    /* RX */
    rule[2] = t->q[0].cl;
    stw_le_p(rule + 4, FILTER_BCAST_ACCEPT_ALL);
    qtest_memwrite(t->qts, t->data, d, sizeof(d));
    spq_post(t, CONN_TYPE_ETH, RAMROD_ETH_FILTER_RULES, t->q[0].cid,
             t->data);
    eq_expect(t, EQE_FILTERS_RULES);
}

/*
 * A loaded bnx2x with n queues, the port on a datagram netdev whose far
 * end is the test's socket.
 */
static void l2_start(L2 *t, unsigned nqueues)
{
    struct sockaddr_in me;
    g_autofree char *extra = NULL;
    int probe;
    unsigned i;

    memset(t, 0, sizeof(*t));
    t->sock = udp_socket(&me);
    probe = udp_socket(&t->nic);                    /* a free port */
    close(probe);
    extra = g_strdup_printf(",netdev=n0 -netdev dgram,id=n0,"
                            "local.type=inet,local.host=127.0.0.1,"
                            "local.port=%d,remote.type=inet,"
                            "remote.host=127.0.0.1,remote.port=%d",
                            ntohs(t->nic.sin_port), ntohs(me.sin_port));
    fixture_start(&t->f, extra);
    t->qts = t->f.qs->qts;
    fixture_port_up(&t->f);

    t->def_sb = guest_mem(&t->f, 0x1000);
    t->spq = guest_mem(&t->f, 0x1000);
    t->eq = guest_mem(&t->f, 0x1000);
    t->data = guest_mem(&t->f, 0x1000);
    t->frame = guest_mem(&t->f, MAX_FRAME);
    wr64(t, CSTORM_SP_SB_DATA, t->def_sb + 0x10);
    grc_wr(&t->f, CSTORM_SP_SB_DATA + 8, DSB_ID | 1 << 8 | 1 << 16);
    grc_wr(&t->f, IGU_ACK(DSB_ID), 1 << 21);
    wr64(t, XSEM_FAST_SPQ_DATA, t->spq);
    grc_wr(&t->f, XSEM_FAST_SPQ_DATA + 8, 0);
    wr64(t, CSTORM_EVENT_RING_DATA, t->eq);
    grc_wr(&t->f, CSTORM_EVENT_RING_DATA + 8, 256);
    grc_wr(&t->f, IGU_REG_PF_CONFIGURATION, 0x0b);
    spq_post(t, CONN_TYPE_NONE, RAMROD_FUNCTION_START, 0, t->data);
    eq_expect(t, EQE_FUNCTION_START);

    for (i = 0; i < nqueues; i++) {
        queue_setup(t, i, i == 0);
    }
    rx_mode(t);
}

static void l2_stop(L2 *t)
{
    fixture_stop(&t->f);
    close(t->sock);
}

/* --- bnx2x: TX ----------------------------------------------------------- */

static uint16_t tx_next(uint16_t idx)
{
    return (idx & 255) == 254 ? idx + 2 : idx + 1;
}

static void tx_bd(L2 *t, Queue *q, const uint8_t *bd)
{
    uint64_t addr = q->tx_ring + 0x1000 * ((q->tx_prod >> 8) & 1) +
                    TX_BD_SIZE * (q->tx_prod & 255);

    qtest_memwrite(t->qts, addr, bd, TX_BD_SIZE);
    q->tx_prod = tx_next(q->tx_prod);
}

/*
 * One packet as bnx2x_start_xmit posts it on E2: the start BD on the
 * first piece (the headers alone when LSO splits the linear part), the
 * parsing BD, a data BD for each further piece; the pieces lie one
 * after the other at addr. The doorbell is left to the caller.
 */
static void tx_post(L2 *t, Queue *q, uint64_t addr, const uint16_t *len,
                    unsigned n, uint8_t flags, uint32_t parsing)
{
    uint8_t bd[TX_BD_SIZE] = { 0 };
    unsigned i;

    stq_le_p(bd, addr);
    stw_le_p(bd + 8, n + 1);                        /* nbd */
    stw_le_p(bd + 0xa, len[0]);
    stw_le_p(bd + 0xc, q->tx_pkts);                 /* PF: pkt_prod */
    bd[0xe] = TX_BD_FLAGS_START_BD | flags;
    bd[0xf] = TX_START_BD_HDR_NBDS;
    tx_bd(t, q, bd);
    memset(bd, 0, sizeof(bd));
    stl_le_p(bd + 0xc, parsing);
    tx_bd(t, q, bd);
    for (i = 1; i < n; i++) {
        addr += len[i - 1];
        memset(bd, 0, sizeof(bd));
        stq_le_p(bd, addr);
        stw_le_p(bd + 0xa, len[i]);
        tx_bd(t, q, bd);
    }
    q->tx_pkts++;
}

static void tx_doorbell(L2 *t, Queue *q)
{
    qpci_io_writel(t->f.dev, t->f.doorbells, q->cid * 8,
                   (uint32_t)q->tx_prod << 16 | DOORBELL_DB_TYPE);
}

/* The L4 checksum offload request of a TCP/IPv4 frame (no options). */
static uint32_t pbd_tcp(void)
{
    return PBD_L4_START_W(ETH_HLEN + IP_HLEN) | PBD_TCP_HDR_DW(TCP_HLEN) |
           PBD_ADDR_UNICAST;
}

static const Flow tx_flow = {
    .src_mac = nic_mac, .dst_mac = peer_mac,
    .src_ip = nic_ip, .dst_ip = peer_ip,
    .sport = 40100, .dport = 5001,
};

/*
 * The frame that came out against the one posted: the same but for the
 * TCP checksum, and both checksums right.
 */
static void assert_csum_frame(const uint8_t *out, size_t out_len,
                              const uint8_t *sent, size_t len)
{
    const uint8_t *ip = out + ETH_HLEN;
    const size_t csum_at = ETH_HLEN + IP_HLEN + 16;

    g_assert_cmpuint(out_len, ==, len);
    g_assert_cmpmem(out, csum_at, sent, csum_at);
    g_assert_cmpmem(out + csum_at + 2, len - csum_at - 2,
                    sent + csum_at + 2, len - csum_at - 2);
    assert_csum(lduw_be_p(ip + 10), ip_csum(ip));
    assert_csum(lduw_be_p(ip + IP_HLEN + 16), tcp_csum(ip));
    g_assert_cmphex(csum_fold(csum_add(0, ip, IP_HLEN)), ==, 0xffff);
}

/* A frame in nbd BDs with L4_CSUM: it leaves the port checksummed. */
static void send_csum_frame(L2 *t, Queue *q, const uint8_t *f, size_t len,
                            const uint16_t *lens, unsigned nbd, uint8_t *out)
{
    size_t n;

    qtest_memwrite(t->qts, t->frame, f, len);
    tx_post(t, q, t->frame, lens, nbd, TX_BD_FLAGS_L4_CSUM, pbd_tcp());
    tx_doorbell(t, q);
    n = wire_recv(t, out, WAIT_MS);
    g_assert_cmpuint(n, >, 0);
    assert_csum_frame(out, n, f, len);
}

/*
 * TX checksum offload: TCP/IPv4 frames with L4_CSUM, their checksum
 * field holding the pseudo-header sum the stack leaves, one in a single
 * BD and one gathered from three; each leaves the port with the TCP
 * checksum right, and both complete in the status block.
 */
static void test_tx_csum(void)
{
    g_autofree uint8_t *f = g_malloc(MAX_FRAME);
    g_autofree uint8_t *out = g_malloc(MAX_FRAME);
    L2 t;
    Queue *q;
    size_t len;
    uint16_t lens[3];

    l2_start(&t, 1);
    q = &t.q[0];

    len = tcp_frame(f, &tx_flow, 0x1234, 1000, TCP_ACK | TCP_PSH, 300);
    g_assert_cmphex(lduw_be_p(f + ETH_HLEN + IP_HLEN + 16), !=,
                    tcp_csum(f + ETH_HLEN));        /* wrong as posted */
    lens[0] = len;
    send_csum_frame(&t, q, f, len, lens, 1, out);
    g_assert_cmpuint(sb_index(&t, q, SB_TX_INDEX), ==, 1);

    /* odd sizes, headers apart from the payload as bnx2x maps frags */
    len = tcp_frame(f, &tx_flow, 0x1235, 1300, TCP_ACK, 777);
    lens[0] = HDRS_LEN;
    lens[1] = 333;
    lens[2] = len - HDRS_LEN - 333;
    send_csum_frame(&t, q, f, len, lens, 3, out);
    g_assert_cmpuint(sb_index(&t, q, SB_TX_INDEX), ==, 2);

    g_assert_cmpuint(wire_recv(&t, out, 200), ==, 0);   /* nothing more */
    l2_stop(&t);
}

/*
 * LSO: one TCP/IPv4 packet of 3 * MSS + 100 bytes of payload with FIN
 * and PSH, posted as bnx2x posts a TSO skb (headers in the start BD,
 * the payload in two data BDs, SW_LSO and the MSS in the parsing BD).
 * Four segments must leave: MSS, MSS, MSS and 100 bytes, consecutive
 * sequence numbers, IP ids counting up from the packet's, IP lengths and
 * both checksums right, FIN and PSH on the last one only.
 */
#define LSO_MSS                     1000
#define LSO_PAYLOAD                 (3 * LSO_MSS + 100)
#define LSO_SEGS                    4

static void run_tx_lso(uint32_t bd_flags)
{
    g_autofree uint8_t *f = g_malloc(MAX_FRAME);
    g_autofree uint8_t *out = g_malloc(MAX_FRAME);
    g_autofree uint8_t *payload = g_malloc0(LSO_PAYLOAD);
    const uint32_t seq0 = 0xfffff000;               /* wraps */
    const uint16_t id0 = 0xfffe;                    /* wraps */
    uint8_t seg_flags[LSO_SEGS];
    L2 t;
    Queue *q;
    size_t len, n, got = 0;
    uint16_t lens[3];
    unsigned i;

    l2_start(&t, 1);
    q = &t.q[0];

    len = tcp_frame(f, &tx_flow, id0, seq0, TCP_ACK | TCP_PSH | TCP_FIN,
                    LSO_PAYLOAD);
    qtest_memwrite(t.qts, t.frame, f, len);
    lens[0] = HDRS_LEN;
    lens[1] = 1500;
    lens[2] = len - HDRS_LEN - 1500;
    tx_post(&t, q, t.frame, lens, 3, bd_flags,
            pbd_tcp() | PBD_LSO_MSS(LSO_MSS));
    tx_doorbell(&t, q);

    for (i = 0; i < LSO_SEGS; i++) {
        const uint8_t *ip = out + ETH_HLEN, *tcp = ip + IP_HLEN;
        size_t seg_len = i < LSO_SEGS - 1 ? LSO_MSS : LSO_PAYLOAD % LSO_MSS;
        uint8_t want_ip[IP_HLEN], want_tcp[TCP_HLEN];

        n = wire_recv(&t, out, WAIT_MS);
        if (!n) {
            g_test_message("segment %u of %u did not come", i + 1,
                           LSO_SEGS);
        }
        g_assert_cmpuint(n, >, 0);
        g_assert_cmpuint(n, >=, HDRS_LEN);
        g_assert_cmpuint(n - HDRS_LEN, <=, LSO_MSS);
        g_assert_cmpuint(n, ==, HDRS_LEN + seg_len);
        g_assert_cmpmem(out, ETH_HLEN, f, ETH_HLEN);

        /* the IP header: the packet's but for length, id and checksum */
        memcpy(want_ip, f + ETH_HLEN, IP_HLEN);
        stw_be_p(want_ip + 2, IP_HLEN + TCP_HLEN + seg_len);
        stw_be_p(want_ip + 4, (uint16_t)(id0 + i));
        stw_be_p(want_ip + 10, lduw_be_p(ip + 10));
        g_assert_cmpmem(ip, IP_HLEN, want_ip, IP_HLEN);
        assert_csum(lduw_be_p(ip + 10), ip_csum(ip));

        /* TCP: sequence and checksum; the flags are checked below */
        memcpy(want_tcp, f + ETH_HLEN + IP_HLEN, TCP_HLEN);
        stl_be_p(want_tcp + 4, seq0 + (uint32_t)got);
        want_tcp[13] = tcp[13];
        stw_be_p(want_tcp + 16, lduw_be_p(tcp + 16));
        g_assert_cmpmem(tcp, TCP_HLEN, want_tcp, TCP_HLEN);
        assert_csum(lduw_be_p(tcp + 16), tcp_csum(ip));
        seg_flags[i] = tcp[13];

        memcpy(payload + got, out + HDRS_LEN, n - HDRS_LEN);
        got += n - HDRS_LEN;
    }
    g_assert_cmpuint(got, ==, LSO_PAYLOAD);
    g_assert_cmpmem(payload, LSO_PAYLOAD, f + HDRS_LEN, LSO_PAYLOAD);
    g_assert_cmpuint(wire_recv(&t, out, 200), ==, 0);   /* exactly 4 */
    /* one packet posted: one completion */
    g_assert_cmpuint(sb_index(&t, q, SB_TX_INDEX), ==, 1);

    for (i = 0; i < LSO_SEGS; i++) {
        uint8_t want = TCP_ACK;

        if (i == LSO_SEGS - 1) {
            want |= TCP_PSH | TCP_FIN;
        }
        if (seg_flags[i] != want) {
            g_test_message("segment %u: TCP flags 0x%02x, want 0x%02x",
                           i + 1, seg_flags[i], want);
        }
        g_assert_cmphex(seg_flags[i], ==, want);
    }
    l2_stop(&t);
}

static void test_tx_lso(void)
{
    run_tx_lso(TX_BD_FLAGS_L4_CSUM | TX_BD_FLAGS_SW_LSO);
}

/*
 * SW_LSO without L4_CSUM: the chip checksums the segments it cuts all the
 * same (and QEMU must not stop on the request).
 */
static void test_tx_lso_without_csum_flag(void)
{
    run_tx_lso(TX_BD_FLAGS_SW_LSO);
}

/* --- RX: RSS ------------------------------------------------------------- */

/* Microsoft's verification vectors: the test's Toeplitz is Toeplitz. */
static void test_toeplitz_vectors(void)
{
    static const uint8_t src[4] = { 66, 9, 149, 187 };
    static const uint8_t dst[4] = { 161, 142, 100, 80 };
    const Flow fl = { .src_ip = src, .dst_ip = dst,
                      .sport = 2794, .dport = 1766 };
    uint8_t in[8];

    memcpy(in, src, 4);
    memcpy(in + 4, dst, 4);
    g_assert_cmphex(toeplitz(rss_key, in, 8), ==, 0x323e8fc2);
    g_assert_cmphex(flow_hash(&fl), ==, 0x51ccc178);
}

/* an indirection table that does not follow any one bit of the hash */
static uint8_t rss_table_entry(L2 *t, unsigned i)
{
    return t->q[((i >> 1) ^ (i >> 3) ^ (i >> 6)) & 1].cl;
}

/* RSS_UPDATE as bnx2x_setup_rss sends it: the key stored byte-reversed */
static void rss_update(L2 *t)
{
    uint8_t d[0xb8] = { 0 };
    unsigned i;

    d[0] = 0;                                       /* engine */
    d[1] = RSS_MODE_REGULAR;
    stw_le_p(d + 2, RSS_CAP_IPV4 | RSS_CAP_IPV4_TCP | RSS_CAP_IPV6 |
             RSS_CAP_IPV6_TCP | RSS_CAP_UPDATE_KEY);
    d[4] = RSS_RESULT_MASK;
    for (i = 0; i < RSS_TABLE_SIZE; i++) {
        d[8 + i] = rss_table_entry(t, i);
    }
    for (i = 0; i < RSS_KEY_SIZE; i++) {
        d[0x88 + RSS_KEY_SIZE - 1 - i] = rss_key[i];
    }
    stl_le_p(d + 0xb0, 0x5eed);                     /* echo */
    qtest_memwrite(t->qts, t->data, d, sizeof(d));
    spq_post(t, CONN_TYPE_ETH, RAMROD_ETH_RSS_UPDATE, t->q[0].cid, t->data);
    eq_expect(t, EQE_RSS_UPDATE_RULES);
}

/* Wait until one more fast-path CQE shows on any queue; which one. */
static Queue *rx_wait(L2 *t)
{
    gint64 end = g_get_monotonic_time() + WAIT_MS * 1000ll;
    unsigned i;

    for (;;) {
        for (i = 0; i < MAX_QUEUES; i++) {
            Queue *q = &t->q[i];

            if (sb_index(t, q, SB_RX_INDEX) != 1 + q->rx_frames) {
                return q;
            }
        }
        if (g_get_monotonic_time() >= end) {
            return NULL;
        }
        g_usleep(1000);
    }
}

/*
 * Two queues, RSS on TCP/IPv4 with a known key and a table that spreads
 * over both: frames of several TCP flows come in from the wire, each one
 * on the queue table[hash & mask] names, with the hash and its type in
 * the CQE and the frame in the queue's next buffer. The chip validates
 * their checksums on the way: every other frame has a damaged one.
 */
#define RSS_FLOWS_PER_QUEUE         3

static void test_rx_rss(void)
{
    Flow flows[MAX_QUEUES * RSS_FLOWS_PER_QUEUE];
    unsigned per_queue[MAX_QUEUES] = { 0 };
    unsigned nflows = 0, i, k;
    uint16_t sport;
    L2 t;

    l2_start(&t, MAX_QUEUES);
    rss_update(&t);

    /* flows until each queue has its share, as the test's hash says */
    for (sport = 33000; nflows < G_N_ELEMENTS(flows); sport++) {
        Flow fl = {
            .src_mac = peer_mac, .dst_mac = nic_mac,
            .src_ip = peer_ip, .dst_ip = nic_ip,
            .sport = sport, .dport = 80 + sport % 3,
        };
        uint32_t h = flow_hash(&fl);
        unsigned qi = rss_table_entry(&t, h & RSS_RESULT_MASK);

        if (per_queue[qi] < RSS_FLOWS_PER_QUEUE) {
            per_queue[qi]++;
            flows[nflows++] = fl;
        }
    }

    for (k = 0; k < nflows; k++) {
        uint8_t f[HDRS_LEN + 64], cqe[RCQE_SIZE], buf[sizeof(f)];
        uint32_t h = flow_hash(&flows[k]);
        Queue *want = &t.q[rss_table_entry(&t, h & RSS_RESULT_MASK)];
        Queue *got;
        size_t len;
        uint64_t bd;

        len = tcp_frame(f, &flows[k], 100 + k, 5000 * k, TCP_ACK, 64);
        stw_be_p(f + HDRS_LEN - TCP_HLEN + 16, tcp_csum(f + ETH_HLEN));
        if (k & 1) {                    /* every other one damaged */
            f[len - 1] ^= 0x10;
        }
        wire_send(&t, f, len);
        got = rx_wait(&t);
        if (!got) {
            g_test_message("flow %u (port %u): no CQE", k, flows[k].sport);
        }
        g_assert_nonnull(got);
        if (got != want) {
            g_test_message("flow %u (port %u, hash 0x%08x): queue %u, want"
                           " %u", k, flows[k].sport, h, got->cl, want->cl);
        }
        g_assert_cmpuint(got->cl, ==, want->cl);
        for (i = 0; i < MAX_QUEUES; i++) {  /* and on that one only */
            g_assert_cmpuint(sb_index(&t, &t.q[i], SB_RX_INDEX), ==,
                             1 + t.q[i].rx_frames + (&t.q[i] == got));
        }

        qtest_memread(t.qts, got->rcq + RCQE_SIZE * (1 + got->rx_frames),
                      cqe, sizeof(cqe));
        g_assert_cmpuint(cqe[0] & CQE_TYPE_MASK, ==, CQE_TYPE_FASTPATH);
        g_assert_cmphex(cqe[1] & CQE_RSS_HASH_FLG, ==, CQE_RSS_HASH_FLG);
        g_assert_cmpuint(cqe[1] & CQE_RSS_HASH_TYPE_MASK, ==,
                         RSS_HASH_TYPE_TCP_IPV4);
        g_assert_cmphex((uint32_t)ldl_le_p(cqe + 4), ==, h);
        g_assert_cmpuint(lduw_le_p(cqe + 0xa), ==, len);     /* pkt_len */
        g_assert_cmphex(ldl_le_p(cqe + RCQE_MARKER), ==, 0);
        /* both checksums validated; the damaged TCP one flagged */
        g_assert_cmphex(cqe[1] & CQE_XSUM_NO_VALIDATION, ==, 0);
        g_assert_cmphex(cqe[0] & (CQE_IP_BAD_XSUM | CQE_L4_BAD_XSUM), ==,
                        k & 1 ? CQE_L4_BAD_XSUM : 0);
        bd = got->bufs + RX_BUF_SIZE * got->rx_frames;
        qtest_memread(t.qts, bd + cqe[3], buf, len);
        g_assert_cmpmem(buf, len, f, len);
        got->rx_frames++;
    }
    for (i = 0; i < MAX_QUEUES; i++) {
        g_assert_cmpuint(t.q[i].rx_frames, ==, RSS_FLOWS_PER_QUEUE);
    }
    l2_stop(&t);
}

void ql8400_l2_tests_register(void)
{
    qtest_add_func("/ql8400/l2/tx-csum", test_tx_csum);
    qtest_add_func("/ql8400/l2/toeplitz-vectors", test_toeplitz_vectors);
    qtest_add_func("/ql8400/l2/rx-rss", test_rx_rss);
    qtest_add_func("/ql8400/l2/tx-lso", test_tx_lso);
    qtest_add_func("/ql8400/l2/tx-lso-without-csum-flag",
                   test_tx_lso_without_csum_flag);
}
