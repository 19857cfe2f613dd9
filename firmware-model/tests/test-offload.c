/*
 * Unit tests: the offload connection manager as cnic drives it. The test
 * programs the KCQ and storm RAM like cnic_start_bnx2x_hw and cnic_cm_open,
 * posts the L5CM ramrods on the SPQ, plays the target's TCP with frames
 * into the port, and checks the frames out and the KCQEs cnic would read.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include "fake-host.h"
#include "kcq.h"
#include "le.h"
#include "ip.h"
#include "tcp-seg.h"
#include "tests.h"

#define DEF_SB      (FAKE_MEM_BASE + 0x0000)
#define CNIC_SB     (FAKE_MEM_BASE + 0x1000)
#define SPQ_PAGE    (FAKE_MEM_BASE + 0x2000)
#define EQ_PAGE     (FAKE_MEM_BASE + 0x3000)
#define CONN_BUF    (FAKE_MEM_BASE + 0x4000)    /* the KWQE16 data slot */
#define CTX         (FAKE_MEM_BASE + 0x8000)    /* the 1 KB context */
#define KCQ0        (FAKE_MEM_BASE + 0x10000)
#define KCQ1        (FAKE_MEM_BASE + 0x11000)
#define QUEUES      (FAKE_MEM_BASE + 0x20000)   /* SQ/CQ/RQ pages */

#define DSB_ID      16
#define CNIC_SB_ID  1
#define CID         32
#define L5_CID      5
#define LOCAL_PORT  60001
#define TARGET_PORT 3260

static const uint8_t iscsi_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };
static const uint8_t target_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
static const uint8_t local_ip[4] = { 10, 0, 2, 16 };
static const uint8_t target_ip[4] = { 10, 0, 2, 2 };

static FakeHost *h;
static Ql8400Chip *c;
static unsigned spq_prod;
static unsigned kcq_seen;
static unsigned frames_seen;
static uint32_t our_iss;        /* from the SYN */
static uint32_t peer_seq = 1000000;

static uint8_t *mem(uint64_t addr)
{
    return h->mem + (addr - FAKE_MEM_BASE);
}

static void wr(uint32_t addr, uint32_t val, unsigned size)
{
    ql8400_grc_write(c, addr, val, size);
}

static void spq_post(unsigned conn_type, unsigned cmd, uint32_t cid,
                     uint64_t data)
{
    uint8_t *spe = mem(SPQ_PAGE + 16 * spq_prod);

    ql8400_st32(spe, cmd << 24 | cid);
    ql8400_st16(spe + 4, conn_type);
    ql8400_st64(spe + 8, data);
    spq_prod = (spq_prod + 1) % 256;
    wr(0x42c008, spq_prod, 2);
}

/* bnx2x's load, the cnic SB, cnic's KCQ and connection-manager values. */
static void cnic_start(void)
{
    unsigned i;

    wr(0x41f640, (uint32_t)(DEF_SB + 0x10), 4);
    wr(0x41f644, 0, 4);
    wr(0x41f648, DSB_ID | 1 << 8 | 1 << 16, 4);
    wr(0x2ac000, (uint32_t)SPQ_PAGE, 4);
    wr(0x2ac004, 0, 4);
    wr(0x2ac008, 0, 4);
    wr(0x415900, (uint32_t)EQ_PAGE, 4);
    wr(0x415904, 0, 4);
    wr(0x415908, 256, 4);
    spq_post(8, 1, 0, CONN_BUF);                /* FUNCTION_START */

    /* the cnic SB: host address, IGU SB, enabled */
    wr(0x41c000 + 0x40 * CNIC_SB_ID + 0x10, (uint32_t)CNIC_SB, 4);
    wr(0x41c000 + 0x40 * CNIC_SB_ID + 0x14, 0, 4);
    wr(0x41c000 + 0x40 * CNIC_SB_ID + 0x1a, CNIC_SB_ID, 1);
    wr(0x41c000 + 0x40 * CNIC_SB_ID + 0x2e, 1, 1);
    /* the KCQ, in cnic's order: PROD, CONS (32-bit), pages, SB */
    ql8400_st32(mem(KCQ0 + 127 * 32), (uint32_t)KCQ1);
    ql8400_st32(mem(KCQ1 + 127 * 32), (uint32_t)KCQ0);
    wr(0x416042, 0x7ff, 2);
    wr(0x416040, 0, 4);
    wr(0x41604c, (uint32_t)KCQ1, 4);
    wr(0x416050, 0, 4);
    wr(0x416044, (uint32_t)KCQ0, 4);
    wr(0x416048, 0, 4);
    wr(0x416057, 1, 1);
    wr(0x416054, CNIC_SB_ID, 2);
    wr(0x416056, 6, 1);
    /* cnic_cm_open: MAC, TCP flags, VLAN, TTL, TOS, window scale */
    for (i = 0; i < 6; i++) {
        wr(0x428080 + i, iscsi_mac[i], 1);
    }
    wr(0x428042, 0x04, 1);
    wr(0x436040, 0x1000, 2);
    wr(0x428086, 0, 2);
    wr(0x428040, 0xfe, 1);
    wr(0x428041, 0, 1);
    wr(0x428043, 2, 1);
    /* the odd-address dword of the delayed-ACK counter */
    wr(0x424001, 2, 4);
    /* INIT1/INIT2 */
    wr(0x436004, 128, 2);
    wr(0x4280c2, 128, 2);
    wr(0x403044, 192, 2);
    wr(0x403084, 16, 2);
    wr(0x403080, 256, 2);
}

/* What cnic_setup_bnx2x_ctx and cnic_bnx2x_connect put in memory. */
static void connect_request(uint16_t vlan)
{
    uint8_t *b = mem(CONN_BUF);
    uint8_t *x = mem(CTX);

    memset(x, 0, 1024);
    ql8400_st16(x + 0x178, L5_CID);
    ql8400_st64(x + 0x2f8, QUEUES + 16);                /* SQ PBL */
    ql8400_st64(x + 0x08c, QUEUES + 0x1000 + 80);       /* CQ PBL */
    ql8400_st64(x + 0x3d8, QUEUES + 0x1000);            /* CQ DB */
    ql8400_st64(x + 0x008, QUEUES + 0x2000 + 64);       /* RQ PBL */
    ql8400_st64(x + 0x170, QUEUES + 0x2000);            /* RQ DB */
    ql8400_st32(x + 0x0f8, 8192 | 1u << 24);
    ql8400_st32(x + 0x0fc, 262144);
    ql8400_st32(x + 0x2f0, 65536);
    ql8400_st32(x + 0x2f4, 8192);
    x[0x331] = 3;
    memset(b, 0, 104);
    ql8400_st32(b + 0, 1500);
    memcpy(b + 4, target_mac, 6);
    ql8400_st32(b + 12, ql8400_ldbe32(local_ip));
    ql8400_st32(b + 28, ql8400_ldbe32(target_ip));
    ql8400_st16(b + 52, LOCAL_PORT);
    ql8400_st16(b + 54, TARGET_PORT);
    ql8400_st16(b + 62, 0xffff);
    ql8400_st32(b + 64, 262144);
    ql8400_st64(b + 72, CTX);
    b[88] = 1;
    b[89] = 3;
    ql8400_st32(b + 92, 10000);
    ql8400_st32(b + 96, 300000);
    wr(0x428086, vlan, 2);
}

/* The next KCQE: opcode, layer and flags checked, the body returned. */
static const uint8_t *next_kcqe(uint8_t opcode, unsigned layer, bool ramrod)
{
    unsigned slot = kcq_seen++;
    const uint8_t *k;
    uint32_t op;

    if (slot >= 127) {
        slot++;                         /* the chain slot is skipped */
    }
    k = mem((slot < 128 ? KCQ0 : KCQ1) + 32 * (slot % 128));
    op = ql8400_ld32(k + 28);
    ck_assert_uint_eq((op >> 16) & 0xff, opcode);
    ck_assert_uint_eq((op >> 28) & 7, layer);
    ck_assert_uint_eq(!!(op & QL8400_KCQE_RAMROD_COMPLETION), ramrod);
    return k;
}

static uint16_t kcq_prod(void)
{
    return ql8400_ld16(mem(CNIC_SB + 2 * 6));
}

/* The next frame the engine sent, parsed; frames must be TCP to us. */
static Ql8400TcpSeg next_segment(Ql8400IpPacket *pkt)
{
    Ql8400TcpSeg seg;
    Ql8400TcpOpts opts;
    unsigned i = frames_seen++;

    ck_assert_uint_lt(i, h->frames_out);
    ck_assert_int_eq(ql8400_ip_parse_tcp(h->frame[i], h->frame_len[i], true,
                                         pkt), QL8400_IP_OK);
    ck_assert_mem_eq(pkt->dst_mac, target_mac, 6);
    ck_assert_mem_eq(pkt->src_mac, iscsi_mac, 6);
    ck_assert_mem_eq(pkt->src_ip, local_ip, 4);
    ck_assert_mem_eq(pkt->dst_ip, target_ip, 4);
    ck_assert_uint_eq(pkt->sport, LOCAL_PORT);
    ck_assert_uint_eq(pkt->dport, TARGET_PORT);
    ql8400_tcp_seg_parse(pkt, &seg, &opts);
    return seg;
}

/* The target sends a segment; returns whether the offload took it. */
static bool target_sends(uint8_t flags, uint32_t ack, const void *data,
                         size_t len)
{
    static const uint8_t mss_opt[4] = { 2, 4, 0x05, 0xb4 };
    Ql8400IpHdr ip = { .ttl = 64, .proto = QL8400_IPPROTO_TCP };
    Ql8400TcpSeg seg = {
        .sport = TARGET_PORT, .dport = LOCAL_PORT, .seq = peer_seq,
        .ack = ack, .flags = flags, .window = 65535,
        .data = data, .data_len = len,
    };
    uint8_t frame[1600];
    size_t n;

    if (flags & QL8400_TCP_SYN) {
        seg.opts = mss_opt;
        seg.opts_len = sizeof(mss_opt);
    }
    memcpy(ip.dst_mac, iscsi_mac, 6);
    memcpy(ip.src_mac, target_mac, 6);
    memcpy(ip.src_ip, target_ip, 4);
    memcpy(ip.dst_ip, local_ip, 4);
    n = ql8400_tcp_frame_build(frame, sizeof(frame), &ip, &seg);
    ck_assert_uint_gt(n, 0);
    peer_seq += len + !!(flags & (QL8400_TCP_SYN | QL8400_TCP_FIN));
    return ql8400_offload_receive(c, frame, n);
}

/* Runs the offload timer until the clock reaches until_ns. */
static void run_clock(int64_t until_ns)
{
    while (h->timer_expire[QL8400_TIMER_OFFLOAD] >= 0 &&
           h->timer_expire[QL8400_TIMER_OFFLOAD] <= until_ns) {
        h->now = h->timer_expire[QL8400_TIMER_OFFLOAD];
        h->timer_expire[QL8400_TIMER_OFFLOAD] = -1;
        ql8400_chip_timer(c, QL8400_TIMER_OFFLOAD);
    }
    h->now = until_ns;
}

static void setup(void)
{
    h = fake_host_new();
    c = &h->chip;
    ql8400_log_guest_errors = 0;
    spq_prod = 0;
    kcq_seen = 0;
    frames_seen = 0;
    h->now = 1000000000;
    test_link_bring_up(c);
    cnic_start();
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}

static void teardown(void)
{
    fake_host_free(h);
}

/* TCP_CONNECT and the handshake: KCQE 0x83, SYN, SYN-ACK, KCQE 56. */
static void establish(void)
{
    Ql8400IpPacket pkt;
    Ql8400TcpSeg seg;
    const uint8_t *k;

    connect_request(0);
    spq_post(3, 0x83, CID, CONN_BUF);
    k = next_kcqe(0x83, 4, true);
    ck_assert_uint_eq(ql8400_ld32(k), L5_CID);
    ck_assert_uint_eq(ql8400_ld16(k + 18), 0);
    seg = next_segment(&pkt);
    ck_assert_uint_eq(seg.flags, QL8400_TCP_SYN);
    our_iss = seg.seq;
    ck_assert(target_sends(QL8400_TCP_SYN | QL8400_TCP_ACK, our_iss + 1,
                           NULL, 0));
    k = next_kcqe(56, 4, false);
    ck_assert_uint_eq(ql8400_ld32(k + 8), L5_CID);
    ck_assert_uint_eq(ql8400_ld16(k + 18), 0);
    seg = next_segment(&pkt);
    ck_assert_uint_eq(seg.flags, QL8400_TCP_ACK);
    ck_assert_uint_eq(seg.ack, peer_seq);
}

START_TEST(connect_reaches_cnic_as_kcqes)
{
    Ql8400IpPacket pkt;
    Ql8400TcpSeg seg;
    Ql8400TcpOpts opts;

    establish();
    ck_assert_uint_eq(kcq_prod(), 2);
    /* the SYN: MSS from the path MTU, our window scale */
    ck_assert_int_eq(ql8400_ip_parse_tcp(h->frame[0], h->frame_len[0], true,
                                         &pkt), QL8400_IP_OK);
    ql8400_tcp_seg_parse(&pkt, &seg, &opts);
    ck_assert(opts.mss_ok);
    ck_assert_uint_eq(opts.mss, 1460);
    ck_assert(opts.ws_ok);
    ck_assert_uint_eq(opts.ws, 2);
    ck_assert(!opts.ts_ok);
    ck_assert_uint_eq(pkt.ttl, 0xfe);
    ck_assert(!pkt.vlan);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(vlan_is_latched_at_connect)
{
    Ql8400IpPacket pkt;

    connect_request(0x2064);
    spq_post(3, 0x83, CID, CONN_BUF);
    wr(0x428086, 0x0005, 2);            /* the next connection's */
    next_segment(&pkt);
    ck_assert(pkt.vlan);
    ck_assert_uint_eq(pkt.vlan_tci, 0x2064);
}
END_TEST

START_TEST(refused_connect_completes_with_an_error)
{
    const uint8_t *k;
    Ql8400IpPacket pkt;
    Ql8400TcpSeg seg;

    connect_request(0);
    spq_post(3, 0x83, CID, CONN_BUF);
    next_kcqe(0x83, 4, true);
    seg = next_segment(&pkt);
    peer_seq = 0;
    ck_assert(target_sends(QL8400_TCP_RST | QL8400_TCP_ACK, seg.seq + 1,
                           NULL, 0));
    k = next_kcqe(56, 4, false);
    ck_assert_uint_eq(ql8400_ld32(k + 8), L5_CID);
    ck_assert_uint_ne(ql8400_ld16(k + 18), 0);
}
END_TEST

START_TEST(unanswered_connect_times_out_within_8_s)
{
    const uint8_t *k;

    connect_request(0);
    spq_post(3, 0x83, CID, CONN_BUF);
    next_kcqe(0x83, 4, true);
    ck_assert_int_ge(h->timer_expire[QL8400_TIMER_OFFLOAD], 0);
    run_clock(h->now + 8500000000ll);
    ck_assert_uint_gt(h->frames_out, 1);        /* SYN retransmitted */
    k = next_kcqe(56, 4, false);
    ck_assert_uint_eq(ql8400_ld16(k + 18), QL8400_L4_STATUS_TIMEOUT);
}
END_TEST

/* The graceful teardown, as cnic and bnx2i run it after a logout. */
START_TEST(graceful_close_and_teardown)
{
    Ql8400IpPacket pkt;
    Ql8400TcpSeg seg;
    const uint8_t *k;

    establish();
    spq_post(3, 0x8c, CID, 0);
    k = next_kcqe(0x8c, 4, true);
    ck_assert_uint_eq(ql8400_ld32(k), L5_CID);
    ck_assert_uint_eq(ql8400_ld32(k + 4), 0);
    seg = next_segment(&pkt);
    ck_assert(seg.flags & QL8400_TCP_FIN);
    ck_assert(target_sends(QL8400_TCP_FIN | QL8400_TCP_ACK, seg.seq + 1,
                           NULL, 0));
    k = next_kcqe(53, 4, false);
    ck_assert_uint_eq(ql8400_ld32(k + 8), L5_CID);
    spq_post(3, 0x8e, CID, 0);
    next_kcqe(0x8e, 4, true);
    /* no longer offload traffic: the frame falls to L2 */
    ck_assert(!target_sends(QL8400_TCP_ACK, seg.seq + 1, NULL, 0));
    spq_post(3, 0x8f, CID, 0);
    k = next_kcqe(0x8f, 4, true);
    ck_assert_uint_eq(ql8400_ld32(k), L5_CID);
    spq_post(8, 4, CID, 0);                     /* CFC_DEL */
    ck_assert_uint_eq(mem(EQ_PAGE + 16)[0], 3);
    ck_assert_uint_eq(ql8400_ld32(mem(EQ_PAGE + 16 + 4)), CID);
    ck_assert_uint_eq(mem(EQ_PAGE + 16)[1], 0);
    run_clock(h->now + 30000000000ll);
    ck_assert_uint_eq(kcq_prod(), kcq_seen);    /* nothing more */
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(abort_sends_rst_and_completes)
{
    Ql8400IpPacket pkt;
    Ql8400TcpSeg seg;

    establish();
    spq_post(3, 0x8d, CID, 0);
    next_kcqe(0x8d, 4, true);
    seg = next_segment(&pkt);
    ck_assert(seg.flags & QL8400_TCP_RST);
    next_kcqe(54, 4, false);
}
END_TEST

START_TEST(peer_fin_then_reset_are_reported)
{
    const uint8_t *k;

    establish();
    ck_assert(target_sends(QL8400_TCP_FIN | QL8400_TCP_ACK, our_iss + 1,
                           NULL, 0));
    k = next_kcqe(58, 4, false);
    ck_assert_uint_eq(ql8400_ld32(k + 8), L5_CID);
    ck_assert(target_sends(QL8400_TCP_RST, 0, NULL, 0));
    next_kcqe(57, 4, false);
}
END_TEST

START_TEST(update_completes_on_the_kcq)
{
    const uint8_t *k;

    establish();
    memset(mem(CONN_BUF), 0, 32);
    mem(CONN_BUF)[2] = 0x02;
    ql8400_st32(mem(CONN_BUF + 8), CID);
    ql8400_st32(mem(CONN_BUF + 12), 8192);
    ql8400_st32(mem(CONN_BUF + 16), 8192);
    ql8400_st32(mem(CONN_BUF + 20), 65536);
    ql8400_st32(mem(CONN_BUF + 24), 262144);
    ql8400_st32(mem(CONN_BUF + 28), 2);
    spq_post(3, 0x12, CID, CONN_BUF);
    k = next_kcqe(0x12, 6, true);
    ck_assert_uint_eq(ql8400_ld32(k), L5_CID);
    ck_assert_uint_eq(ql8400_ld32(k + 4), 0);
    ck_assert_uint_eq(ql8400_ld32(k + 8), CID);
}
END_TEST

START_TEST(function_reset_drops_connections_silently)
{
    uint16_t prod;

    establish();
    prod = kcq_prod();
    ql8400_chip_reset(c, QL8400_RESET_FUNCTION);
    ck_assert_int_lt(h->timer_expire[QL8400_TIMER_OFFLOAD], 0);
    test_link_bring_up(c);
    ck_assert(!target_sends(QL8400_TCP_FIN | QL8400_TCP_ACK, our_iss + 1,
                            NULL, 0));
    ck_assert_uint_eq(kcq_prod(), prod);
}
END_TEST

START_TEST(kcq_follows_its_chain_and_skips_slot_127)
{
    unsigned i;

    for (i = 0; i < 130; i++) {
        ck_assert(ql8400_kcq_iscsi(c, 0x21, i, CID, 0, false));
    }
    for (i = 0; i < 130; i++) {
        ck_assert_uint_eq(ql8400_ld32(next_kcqe(0x21, 6, false)), i);
    }
    ck_assert_uint_eq(kcq_prod(), 131);
    /* the chain element is left as cnic wrote it */
    ck_assert_uint_eq(ql8400_ld32(mem(KCQ0 + 127 * 32)), (uint32_t)KCQ1);
    /* a new start begins again at the first page */
    wr(0x416044, (uint32_t)KCQ0, 4);
    wr(0x416048, 0, 4);
    ck_assert(ql8400_kcq_iscsi(c, 0x20, 77, CID, 0, false));
    ck_assert_uint_eq(ql8400_ld32(mem(KCQ0)), 77);
    ck_assert_uint_eq(kcq_prod(), 1);
}
END_TEST

/*
 * cnic never enables its status block with an IGU ack before the first
 * interrupt: the SB masks bnx2x clears at function init let it through.
 */
START_TEST(kcqe_interrupts_once_the_sb_masks_are_cleared)
{
    unsigned vector = CNIC_SB_ID + 1;   /* the PF0 CAM: IGU SB n -> n + 1 */

    wr(0x130154, 0x0b, 4);              /* function, MSI-X, attentions */
    ck_assert(ql8400_kcq_iscsi(c, 0x20, 1, CID, 0, false));
    ck_assert_uint_eq(h->msix_count[vector], 0);    /* masked: held */
    wr(0x130164, 0, 4);                 /* IGU_REG_SB_MASK_LSB */
    wr(0x130168, 0, 4);
    ck_assert_uint_eq(h->msix_count[vector], 1);    /* the held one */
    ck_assert(ql8400_kcq_iscsi(c, 0x20, 1, CID, 0, false));
    ck_assert_uint_eq(h->msix_count[vector], 2);
    /* cnic's ISR disables the SB (segment DEF, as cnic sends it) */
    wr(0x442000 + 8 * CNIC_SB_ID, 1u << 21 | 1u << 25, 4);
    ck_assert(ql8400_kcq_iscsi(c, 0x20, 1, CID, 0, false));
    ck_assert_uint_eq(h->msix_count[vector], 2);
    /* its tasklet acks the running index it saw and enables again */
    wr(0x442000 + 8 * CNIC_SB_ID, 2 | 1u << 21 | 1u << 24, 4);
    ck_assert_uint_eq(h->msix_count[vector], 3);    /* index 3 is news */
}
END_TEST

/* The SYN-ACK of a network that answers within the send of the SYN. */
static uint8_t synack[128];
static size_t synack_len;
static Ql8400RxResult synack_result;

static void answer_syn(FakeHost *fh, const uint8_t *frame, size_t len)
{
    Ql8400IpPacket pkt;
    Ql8400TcpSeg seg;
    Ql8400TcpOpts opts;
    Ql8400IpHdr ip = { .ttl = 64, .proto = QL8400_IPPROTO_TCP };

    if (ql8400_ip_parse_tcp(frame, len, false, &pkt) != QL8400_IP_OK) {
        return;
    }
    ql8400_tcp_seg_parse(&pkt, &seg, &opts);
    if (seg.flags != QL8400_TCP_SYN) {
        return;
    }
    memcpy(ip.dst_mac, iscsi_mac, 6);
    memcpy(ip.src_mac, target_mac, 6);
    memcpy(ip.src_ip, target_ip, 4);
    memcpy(ip.dst_ip, local_ip, 4);
    seg = (Ql8400TcpSeg) {
        .sport = TARGET_PORT, .dport = LOCAL_PORT, .seq = peer_seq,
        .ack = seg.seq + 1, .flags = QL8400_TCP_SYN | QL8400_TCP_ACK,
        .window = 65535,
    };
    synack_len = ql8400_tcp_frame_build(synack, sizeof(synack), &ip, &seg);
    peer_seq++;
    synack_result = ql8400_port_receive(c, synack, synack_len);
}

/*
 * A frame for the connection arriving while the model is sending is held
 * (no re-entry into the TCP engine) and taken in as soon as the model is
 * done, before control returns to the host: nothing waits for the host
 * to flush a queue.
 */
START_TEST(answer_within_the_send_waits_for_the_model)
{
    unsigned resumes = h->rx_resumes;
    const uint8_t *k;

    h->on_frame_out = answer_syn;
    connect_request(0);
    spq_post(3, 0x83, CID, CONN_BUF);
    h->on_frame_out = NULL;
    ck_assert_int_eq(synack_result, QL8400_RX_DONE);    /* held */
    ck_assert_uint_eq(h->rx_resumes, resumes);
    ck_assert_uint_eq(c->nheld, 0);                     /* and taken in */
    next_kcqe(0x83, 4, true);
    k = next_kcqe(56, 4, false);                        /* connected */
    ck_assert_uint_eq(ql8400_ld16(k + 18), 0);
}
END_TEST

/* The SYN-ACK, then 299 copies of it, all within the send of the SYN. */
static unsigned answers_held, answers_left_to_host;

static void answer_syn_300_times(FakeHost *fh, const uint8_t *frame,
                                 size_t len)
{
    unsigned i;

    if (answers_held) {
        return;                 /* once, for the SYN */
    }
    answer_syn(fh, frame, len);
    if (!synack_len || synack_result != QL8400_RX_DONE) {
        return;
    }
    answers_held = 1;
    for (i = 1; i < 300; i++) {
        if (ql8400_port_receive(c, synack, synack_len) == QL8400_RX_DONE) {
            answers_held++;
        } else {
            answers_left_to_host++;
        }
    }
}

/* The port's buffer is bounded: past it, the host keeps the frames. */
START_TEST(held_frames_past_the_buffer_stay_with_the_host)
{
    unsigned resumes = h->rx_resumes;

    h->on_frame_out = answer_syn_300_times;
    connect_request(0);
    spq_post(3, 0x83, CID, CONN_BUF);
    h->on_frame_out = NULL;
    ck_assert_uint_eq(answers_held, 256);
    ck_assert_uint_eq(answers_left_to_host, 44);
    ck_assert_uint_eq(h->rx_resumes, resumes + 1);  /* asked to redeliver */
    ck_assert_uint_eq(c->nheld, 0);
    next_kcqe(0x83, 4, true);
    next_kcqe(56, 4, false);                        /* connected */
}
END_TEST

/* iscsiuio reads its doorbell back to flush the write: no mistake. */
START_TEST(doorbell_read_is_a_flush)
{
    ck_assert_uint_eq(ql8400_doorbell_read(c, 8 * 0x18, 4), 0);
    ck_assert_uint_eq(ql8400_doorbell_read(c, 8 * CID + 4, 2), 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(unknown_iscsi_ramrod_returns_its_credit)
{
    spq_post(3, 0x99, CID, 0);
    next_kcqe(0x99, 6, true);
    ck_assert_uint_eq(ql8400_log_guest_errors, 1);
}
END_TEST

Suite *offload_suite(void)
{
    Suite *s = suite_create("offload");
    TCase *tc = tcase_create("connections");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, connect_reaches_cnic_as_kcqes);
    tcase_add_test(tc, vlan_is_latched_at_connect);
    tcase_add_test(tc, refused_connect_completes_with_an_error);
    tcase_add_test(tc, unanswered_connect_times_out_within_8_s);
    tcase_add_test(tc, graceful_close_and_teardown);
    tcase_add_test(tc, abort_sends_rst_and_completes);
    tcase_add_test(tc, peer_fin_then_reset_are_reported);
    tcase_add_test(tc, update_completes_on_the_kcq);
    tcase_add_test(tc, function_reset_drops_connections_silently);
    tcase_add_test(tc, kcq_follows_its_chain_and_skips_slot_127);
    tcase_add_test(tc, kcqe_interrupts_once_the_sb_masks_are_cleared);
    tcase_add_test(tc, answer_within_the_send_waits_for_the_model);
    tcase_add_test(tc, held_frames_past_the_buffer_stay_with_the_host);
    tcase_add_test(tc, doorbell_read_is_a_flush);
    tcase_add_test(tc, unknown_iscsi_ramrod_returns_its_credit);
    suite_add_tcase(s, tc);
    return s;
}
