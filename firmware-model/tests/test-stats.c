/*
 * Unit tests: the statistics the driver reads. The STAT_QUERY answer
 * (per queue: frames and bytes received and sent by class, drops; per
 * port: filtered frames) and the MAC's MSTAT counters (clear on read) and
 * the NIG's, after known traffic through a queue set up as bnx2x does.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include "fake-host.h"
#include "le.h"
#include "tests.h"

#define FP_SB       (FAKE_MEM_BASE + 0x1000)
#define SPQ_PAGE    (FAKE_MEM_BASE + 0x2000)
#define EQ_PAGE     (FAKE_MEM_BASE + 0x3000)
#define DATA        (FAKE_MEM_BASE + 0x4000)
#define REQ         (FAKE_MEM_BASE + 0x5000)    /* bnx2x_fw_stats_req */
#define RESULTS     (FAKE_MEM_BASE + 0x6000)    /* port, pf, queue */
#define COUNTERS    (FAKE_MEM_BASE + 0x7000)    /* struct stats_counter */
#define PKT         (FAKE_MEM_BASE + 0x8000)    /* a TX packet */
#define TX_RING     (FAKE_MEM_BASE + 0x10000)
#define RX_BD_RING  (FAKE_MEM_BASE + 0x20000)
#define RCQ_RING    (FAKE_MEM_BASE + 0x30000)
#define BUFS        (FAKE_MEM_BASE + 0x100000)
#define FP_SB_ID    1
#define CL_ID       3
#define NBUFS       4

/* struct per_queue_stats */
#define Q_RCV_UCAST_BYTES       0x00
#define Q_RCV_UCAST_PKTS        0x08
#define Q_RCV_BCAST_BYTES       0x10
#define Q_RCV_BCAST_PKTS        0x18
#define Q_TOO_BIG               0x1c
#define Q_RCV_MCAST_PKTS        0x28
#define Q_NO_BUFF_DISCARD       0x30
#define Q_BCAST_NO_BUFF_PKTS    0x58
#define Q_UCAST_BYTES_SENT      0x70
#define Q_BCAST_BYTES_SENT      0x80
#define Q_UCAST_PKTS_SENT       0x88
#define Q_BCAST_PKTS_SENT       0x90
#define Q_ERROR_DROP            0x94
/* MSTAT of port 0, NIG */
#define MSTAT_TX                0x162000
#define MSTAT_RX                0x162200
#define TX_GTPKT                7
#define TX_GTUCA                4
#define TX_GT64                 8
#define TX_GT1518               13
#define TX_GTBYT                20
#define RX_GR64                 0
#define RX_GRPKT                10
#define RX_GRBCA                14
#define RX_GRBYT                22
#define NIG_BRB_PACKET          0x105f4
#define MISC_RESET_REG_2_SET    0xa594
#define RESET_REG_2_MSTAT0      (1u << 24)

static FakeHost *h;
static Ql8400Chip *c;
static unsigned spq_prod;
static uint16_t tx_prod, stats_seq;

static const uint8_t port_mac[6] = { 0x00, 0x0e, 0x1e, 0x84, 0x00, 0x01 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint8_t *mem(uint64_t addr)
{
    return h->mem + (addr - FAKE_MEM_BASE);
}

static void wr(uint32_t addr, uint32_t val)
{
    ql8400_grc_write(c, addr, val, 4);
}

static uint32_t rd(uint32_t addr)
{
    return ql8400_grc_read(c, addr, 4);
}

static void spq_post(unsigned conn_type, unsigned cmd, uint32_t cid,
                     uint64_t data)
{
    uint8_t *spe = mem(SPQ_PAGE + 16 * spq_prod);

    ql8400_st32(spe, cmd << 24 | cid);
    ql8400_st16(spe + 4, conn_type);
    ql8400_st64(spe + 8, data);
    spq_prod = (spq_prod + 1) % 256;
    ql8400_grc_write(c, 0x42c008, spq_prod, 2);
}

static void rx_prods(uint16_t cqe_prod, uint16_t bd_prod)
{
    wr(0x406000 + 0x20 * CL_ID, cqe_prod | (uint32_t)bd_prod << 16);
}

/* One queue (client 3 on cid 0) with NBUFS buffers, link up. */
static void setup(void)
{
    uint8_t *d;
    unsigned i;

    h = fake_host_new();
    c = &h->chip;
    d = mem(DATA);
    test_link_bring_up(c);
    wr(MISC_RESET_REG_2_SET, RESET_REG_2_MSTAT0);
    ql8400_log_guest_errors = 0;
    spq_prod = 0;
    tx_prod = 0;
    stats_seq = 0;
    wr(0x41f640, (uint32_t)(FAKE_MEM_BASE + 0x10));
    wr(0x41f648, 16 | 1 << 8 | 1 << 16);
    wr(0x2ac000, (uint32_t)SPQ_PAGE);
    wr(0x415900, (uint32_t)EQ_PAGE);
    wr(0x415908, 256);
    wr(0x130154, 0x0b);
    wr(0x41c000 + 0x40 * FP_SB_ID + 0x10, (uint32_t)FP_SB);
    wr(0x41c000 + 0x40 * FP_SB_ID + 0x18, FP_SB_ID << 16);
    wr(0x41c000 + 0x40 * FP_SB_ID + 0x2c, 1 << 16);
    ql8400_st64(mem(TX_RING + 16 * 255), TX_RING);
    ql8400_st64(mem(RX_BD_RING + 8 * 510), RX_BD_RING);
    ql8400_st64(mem(RCQ_RING + 64 * 63), RCQ_RING);
    for (i = 0; i < 16; i++) {
        ql8400_st64(mem(RX_BD_RING + 8 * i), BUFS + 0x4000 * i);
    }
    memset(mem(RCQ_RING), 0xff, 0x1000);
    rx_prods(16, NBUFS);
    spq_post(8, 1, 0, DATA);                /* FUNCTION_START */
    memset(d, 0, 0x78);
    d[0x00] = CL_ID;
    d[0x01] = CL_ID;                        /* statistics counter id */
    d[0x04] = 1;
    ql8400_st16(d + 0x06, 1500);
    d[0x13] = 6;
    d[0x16] = CL_ID;
    d[0x1d] = FP_SB_ID;
    d[0x1e] = 1;
    ql8400_st16(d + 0x22, 1536);
    ql8400_st64(d + 0x28, RX_BD_RING);
    ql8400_st64(d + 0x38, RCQ_RING);
    d[0x40] = 1;
    d[0x61] = FP_SB_ID;
    d[0x62] = 5;
    ql8400_st64(d + 0x68, TX_RING);
    spq_post(0, 1, 0, DATA);                /* CLIENT_SETUP */
    memset(d, 0, 0x108);
    d[0] = 1;
    d[8] = 1 | 1 << 4;                      /* RX, MAC, add */
    d[8 + 2] = CL_ID;
    ql8400_st16(d + 8 + 0xc, port_mac[0] << 8 | port_mac[1]);
    ql8400_st16(d + 8 + 0xa, port_mac[2] << 8 | port_mac[3]);
    ql8400_st16(d + 8 + 0x8, port_mac[4] << 8 | port_mac[5]);
    spq_post(0, 9, 0, DATA);                /* CLASSIFICATION_RULES */
    memset(d, 0, 0x108);
    d[0] = 1;
    d[8] = 1;
    d[8 + 2] = CL_ID;
    ql8400_st16(d + 8 + 4, 0x20 | 0x10);    /* BCAST, MCAST accept all */
    spq_post(0, 10, 0, DATA);               /* FILTER_RULES */
}

static void teardown(void)
{
    fake_host_free(h);
}

/* As bnx2x_storm_stats_post: PORT, PF, then the queue. */
static const uint8_t *stat_query(void)
{
    uint8_t *r = mem(REQ);
    unsigned i;

    memset(r, 0, 0x50);
    r[0] = 3;
    ql8400_st16(r + 2, stats_seq);
    ql8400_st64(r + 8, COUNTERS);
    for (i = 0; i < 3; i++) {
        uint8_t *e = r + 16 + 16 * i;

        e[0] = i == 0 ? 1 : i == 1 ? 2 : 0;
        e[1] = i == 2 ? CL_ID : 0;
        ql8400_st64(e + 8, RESULTS + 0x100 * i);
    }
    memset(mem(COUNTERS), 0xff, 32);
    spq_post(8, 6, 0, REQ);
    for (i = 0; i < 4; i++) {
        ck_assert_uint_eq(ql8400_ld16(mem(COUNTERS + 8 * i)), stats_seq);
    }
    stats_seq++;
    return mem(RESULTS + 0x200);
}

static size_t frame(uint8_t *f, const uint8_t *da, size_t len)
{
    memset(f, 0x5a, len);
    memcpy(f, da, 6);
    memcpy(f + 6, "\x52\x54\x00\x12\x34\x56", 6);
    f[12] = 0x08;
    f[13] = 0x00;
    return len;
}

static void tx_send(size_t len, uint8_t flags, uint32_t parsing)
{
    uint8_t bd[16];

    memset(bd, 0, 16);
    ql8400_st64(bd, PKT);
    ql8400_st16(bd + 8, 2);
    ql8400_st16(bd + 0xa, len);
    bd[0xe] = flags | 1 << 4;
    bd[0xf] = 1;
    memcpy(mem(TX_RING + 16 * tx_prod++), bd, 16);
    memset(bd, 0, 16);
    ql8400_st32(bd + 0xc, parsing);
    memcpy(mem(TX_RING + 16 * tx_prod++), bd, 16);
    ql8400_doorbell_write(c, 0, (uint32_t)tx_prod << 16 | 2, 4);
}

static uint64_t mstat(uint32_t base, unsigned idx)
{
    uint32_t lo = rd(base + 8 * idx);

    return lo | (uint64_t)rd(base + 8 * idx + 4) << 32;
}

START_TEST(queue_counts_received_frames_by_class)
{
    uint8_t f[2000];
    const uint8_t *q;

    ck_assert_int_eq(ql8400_port_receive(c, f, frame(f, port_mac, 100)),
                     QL8400_RX_DONE);
    ck_assert_int_eq(ql8400_port_receive(c, f, frame(f, port_mac, 60)),
                     QL8400_RX_DONE);
    ck_assert_int_eq(ql8400_port_receive(c, f, frame(f, bcast, 42)),
                     QL8400_RX_DONE);
    ck_assert_int_eq(ql8400_port_receive(c, f,
                     frame(f, (const uint8_t *)"\x01\x00\x5e\x00\x00\x01",
                           70)), QL8400_RX_DONE);
    /* not for us, and too long for the buffers: neither placed */
    ck_assert_int_eq(ql8400_port_receive(c, f,
                     frame(f, (const uint8_t *)"\x02\x00\x00\x00\x00\x09",
                           64)), QL8400_RX_DROPPED);
    ck_assert_int_eq(ql8400_port_receive(c, f, frame(f, port_mac, 1600)),
                     QL8400_RX_DROPPED);
    q = stat_query();
    ck_assert_uint_eq(ql8400_ld32(q + Q_RCV_UCAST_PKTS), 2);
    ck_assert_uint_eq(ql8400_ld64(q + Q_RCV_UCAST_BYTES), 160);
    ck_assert_uint_eq(ql8400_ld32(q + Q_RCV_BCAST_PKTS), 1);
    ck_assert_uint_eq(ql8400_ld64(q + Q_RCV_BCAST_BYTES), 42);
    ck_assert_uint_eq(ql8400_ld32(q + Q_RCV_MCAST_PKTS), 1);
    ck_assert_uint_eq(ql8400_ld32(q + Q_TOO_BIG), 1);
    ck_assert_uint_eq(ql8400_ld16(q + Q_NO_BUFF_DISCARD), 0);
    /* the port: one frame no client wanted (mac_filter_discard) */
    ck_assert_uint_eq(ql8400_ld32(mem(RESULTS + 4)), 1);
    /* cumulative: a second query reports the same */
    q = stat_query();
    ck_assert_uint_eq(ql8400_ld32(q + Q_RCV_UCAST_PKTS), 2);
}
END_TEST

START_TEST(held_frame_counts_once)
{
    uint8_t f[100];
    const uint8_t *q;
    unsigned i;

    frame(f, port_mac, 100);
    for (i = 0; i < NBUFS; i++) {
        ck_assert_int_eq(ql8400_port_receive(c, f, 100), QL8400_RX_DONE);
    }
    /* out of buffers: the frame waits, nothing counted yet */
    ck_assert_int_eq(ql8400_port_receive(c, f, 100), QL8400_RX_NO_BUFFER);
    ck_assert_int_eq(ql8400_port_receive(c, f, 100), QL8400_RX_NO_BUFFER);
    q = stat_query();
    ck_assert_uint_eq(ql8400_ld32(q + Q_RCV_UCAST_PKTS), NBUFS);
    ck_assert_uint_eq(ql8400_ld16(q + Q_NO_BUFF_DISCARD), 0);
    rx_prods(16, NBUFS + 1);
    ck_assert_int_eq(ql8400_port_receive(c, f, 100), QL8400_RX_DONE);
    q = stat_query();
    ck_assert_uint_eq(ql8400_ld32(q + Q_RCV_UCAST_PKTS), NBUFS + 1);
    /* the MAC saw each frame once */
    ck_assert_uint_eq(mstat(MSTAT_RX, RX_GRPKT), NBUFS + 1);
}
END_TEST

START_TEST(copy_without_buffer_is_a_counted_drop)
{
    uint8_t f[64];
    Ql8400EthClient *iscsi = &c->storm.clients[CL_ID + 1];
    const uint8_t *q;

    /* a second client with its own MAC (as cnic's L2 ring), no buffers */
    iscsi->active = true;
    iscsi->nmacs = 1;
    memcpy(iscsi->macs[0], "\x00\x0e\x1e\x84\x00\x02", 6);
    iscsi->rx_filter = 0x20;
    iscsi->qzone_id = CL_ID + 1;
    iscsi->max_bytes_on_bd = 1536;
    c->storm.clients_in_use = CL_ID + 2;    /* as its CLIENT_SETUP would */
    ck_assert_int_eq(ql8400_port_receive(c, f, frame(f, bcast, 60)),
                     QL8400_RX_DONE);
    q = stat_query();
    ck_assert_uint_eq(ql8400_ld32(q + Q_RCV_BCAST_PKTS), 1);
    ck_assert_uint_eq(ql8400_ld32(q + Q_BCAST_NO_BUFF_PKTS), 0);
    ck_assert_uint_eq(iscsi->stats.rcv_pkts[QL8400_CAST_BCAST], 1);
    ck_assert_uint_eq(iscsi->stats.no_buff_pkts[QL8400_CAST_BCAST], 1);
}
END_TEST

START_TEST(queue_counts_sent_packets_and_lso_segments)
{
    const uint8_t *q;

    frame(mem(PKT), (const uint8_t *)"\x52\x54\x00\x12\x34\x56", 3066);
    tx_send(100, 0, 0);
    /* LSO: 66 bytes of headers, 3000 of payload, MSS 1448: 3 frames */
    tx_send(3066, 1 << 1 | 1 << 6, 17 | 8 << 11 | 1448u << 16);
    memcpy(mem(PKT), bcast, 6);
    tx_send(42, 0, 0);
    ck_assert_uint_eq(h->frames_out, 3);
    q = stat_query();
    ck_assert_uint_eq(ql8400_ld32(q + Q_UCAST_PKTS_SENT), 1 + 3);
    ck_assert_uint_eq(ql8400_ld64(q + Q_UCAST_BYTES_SENT),
                      100 + 3000 + 3 * 66);
    ck_assert_uint_eq(ql8400_ld32(q + Q_BCAST_PKTS_SENT), 1);
    ck_assert_uint_eq(ql8400_ld64(q + Q_BCAST_BYTES_SENT), 42);
    ck_assert_uint_eq(ql8400_ld32(q + Q_ERROR_DROP), 0);
}
END_TEST

START_TEST(mstat_counts_the_wire_and_clears_on_read)
{
    uint8_t f[100];

    frame(mem(PKT), (const uint8_t *)"\x52\x54\x00\x12\x34\x56", 3066);
    tx_send(42, 0, 0);                  /* padded: a 64-byte frame */
    tx_send(3066, 1 << 1 | 1 << 6, 17 | 8 << 11 | 1448u << 16);
    ql8400_port_receive(c, f, frame(f, bcast, 60));
    ck_assert_uint_eq(mstat(MSTAT_TX, TX_GTPKT), 4);
    ck_assert_uint_eq(mstat(MSTAT_TX, TX_GTPKT), 0);       /* cleared */
    ck_assert_uint_eq(mstat(MSTAT_TX, TX_GTUCA), 4);
    ck_assert_uint_eq(mstat(MSTAT_TX, TX_GT64), 1);
    ck_assert_uint_eq(mstat(MSTAT_TX, TX_GT1518), 2);       /* 1518 */
    ck_assert_uint_eq(mstat(MSTAT_TX, TX_GT64 + 2), 1);     /* 174 */
    ck_assert_uint_eq(mstat(MSTAT_TX, TX_GTBYT),
                      64 + 2 * (66 + 1448 + 4) + (66 + 104 + 4));
    ck_assert_uint_eq(mstat(MSTAT_RX, RX_GRPKT), 1);
    ck_assert_uint_eq(mstat(MSTAT_RX, RX_GRBCA), 1);
    ck_assert_uint_eq(mstat(MSTAT_RX, RX_GR64), 1);
    ck_assert_uint_eq(mstat(MSTAT_RX, RX_GRBYT), 64);
    /* the NIG counts on */
    ck_assert_uint_eq(rd(NIG_BRB_PACKET), 1);
    ck_assert_uint_eq(rd(NIG_BRB_PACKET), 1);
}
END_TEST

START_TEST(broken_ring_counts_an_error_drop)
{
    const uint8_t *q;

    memset(mem(TX_RING), 0, 32);
    ql8400_doorbell_write(c, 0, 2u << 16 | 2, 4);
    q = stat_query();
    ck_assert_uint_eq(ql8400_ld32(q + Q_ERROR_DROP), 1);
    ck_assert_uint_eq(ql8400_ld32(q + Q_UCAST_PKTS_SENT), 0);
}
END_TEST

Suite *stats_suite(void)
{
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("counters");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, queue_counts_received_frames_by_class);
    tcase_add_test(tc, held_frame_counts_once);
    tcase_add_test(tc, copy_without_buffer_is_a_counted_drop);
    tcase_add_test(tc, queue_counts_sent_packets_and_lso_segments);
    tcase_add_test(tc, mstat_counts_the_wire_and_clears_on_read);
    tcase_add_test(tc, broken_ring_counts_an_error_drop);
    suite_add_tcase(s, tc);
    return s;
}
