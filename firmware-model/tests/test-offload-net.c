/*
 * Network tests (fw-net): the chip's whole iSCSI offload path against a
 * real target. The test plays cnic and bnx2i without a guest: it programs
 * the chip through BAR0 like cnic_start_bnx2x_hw, posts the L5CM ramrods
 * on the SPQ, reads the KCQ, writes WQEs into the SQ and rings BAR2, arms
 * the CQ and reads CQEs and RQ entries, exactly as the Linux drivers lay
 * them out in host memory (a FakeHost's flat memory here). The chip's
 * frames go to libslirp, linked in, and reach tgtd on 127.0.0.1; the
 * adapter is 10.0.2.15, the target 10.0.2.2 on slirp's network.
 *
 * Every wait is bounded (a few seconds per step). tgtd runs in the
 * unchecked fixture of the test case (started and stopped as in
 * test-tcp-net.c); each test gets a fresh chip and slirp network.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fake-host.h"
#include "crc32c.h"
#include "ip.h"
#include "iscsi-pdu.h"
#include "kcq.h"
#include "le.h"
#include "slirp-net.h"
#include "tgtd-fixture.h"
#include "tests.h"

#define MS              1000000ll
#define STEP_MS         5000        /* the bound of one protocol step */
#define BLOCK           512u
#define LUN_BYTES       (8u << 20)
#define PLAIN_TID       1
#define DIGEST_TID      2
#define DOOMED_TID      3
#define PLAIN_IQN       "iqn.2026-11.org.ql8400:offload-net"
#define DIGEST_IQN      "iqn.2026-11.org.ql8400:offload-net-digest"
#define DOOMED_IQN      "iqn.2026-11.org.ql8400:offload-net-doomed"
#define INITIATOR_IQN   "iqn.1994-05.com.redhat:ql8400-offload-net"
#define OUR_MAX_RECV    262144u     /* iscsid's MaxRecvDataSegmentLength */

/* host memory: what bnx2x, cnic and bnx2i allocate */
#define DEF_SB      (FAKE_MEM_BASE + 0x000000)
#define CNIC_SB     (FAKE_MEM_BASE + 0x001000)
#define SPQ_PAGE    (FAKE_MEM_BASE + 0x002000)
#define EQ_PAGE     (FAKE_MEM_BASE + 0x003000)
#define CONN_BUF    (FAKE_MEM_BASE + 0x004000)  /* the KWQE16 data slot */
#define CTX         (FAKE_MEM_BASE + 0x008000)  /* the 1 KB context */
#define KCQ0        (FAKE_MEM_BASE + 0x010000)
#define KCQ1        (FAKE_MEM_BASE + 0x011000)
#define SQ_PT       (FAKE_MEM_BASE + 0x020000)  /* doorbell record, PTEs */
#define SQ_PAGES    (FAKE_MEM_BASE + 0x021000)  /* 2 */
#define CQ_PT       (FAKE_MEM_BASE + 0x030000)
#define CQ_PAGES    (FAKE_MEM_BASE + 0x031000)  /* 3 */
#define RQ_PT       (FAKE_MEM_BASE + 0x040000)
#define RQ_PAGE     (FAKE_MEM_BASE + 0x041000)
#define BD_TABLES   (FAKE_MEM_BASE + 0x050000)  /* 4 KB per task slot */
#define MP_REQ_BD   (FAKE_MEM_BASE + 0x070000)
#define MP_RESP_BD  (FAKE_MEM_BASE + 0x070010)
#define MP_DUMMY_BD (FAKE_MEM_BASE + 0x070020)
#define LOGIN_REQ   (FAKE_MEM_BASE + 0x072000)
#define LOGIN_RESP  (FAKE_MEM_BASE + 0x074000)
#define DUMMY_PAGE  (FAKE_MEM_BASE + 0x076000)
#define SMALL_BUF   (FAKE_MEM_BASE + 0x078000)  /* INQUIRY and friends */
#define DATA_OUT    (FAKE_MEM_BASE + 0x100000)  /* 1 MB each */
#define DATA_IN     (FAKE_MEM_BASE + 0x200000)

#define MP_BUF_LEN  8192u
#define BD_SLOTS    16u

#define DSB_ID      16
#define CNIC_SB_ID  1
#define CID         33          /* the HW CID cnic allocated */
#define L5_CID      7           /* bnx2i's connection index */
#define SQ_SIZE     128
#define CQ_SIZE     192
#define RQ_SIZE     16
#define RQ_BUF_SIZE 256
#define NUM_TASKS   128

#define KCQE_MAX    4096
#define CQE_QUEUE   64
#define RX_HELD     64
#define FRAME_MAX   2048

#define SCSI_CHECK_CONDITION    2
#define SENSE_UNIT_ATTENTION    6

static const uint8_t iscsi_mac[6] = { 0x00, 0x0e, 0x1e, 0x84, 0x00, 0x07 };

static TgtdFixture tgtd;
static FakeHost *h;
static Ql8400Chip *c;
static SlirpNet *net;
static uint8_t gw_mac[6];

/* cnic's side: SPQ producer, KCQ consumer, every KCQE seen */
typedef struct Kcqe {
    uint8_t op;
    uint8_t layer;
    bool ramrod;
    uint32_t w0;
    uint32_t w4;
    uint32_t w8;
    uint16_t status;            /* L4: +18 */
} Kcqe;

static unsigned spq_prod;
static uint16_t kcq_cons;
static Kcqe kcqes[KCQE_MAX];
static unsigned n_kcqes;
static unsigned ev_cursor;      /* events (KCQEs but 0x20) taken */
static unsigned notifications;  /* KCQE 0x20 */
static unsigned notifications_handled;

/* bnx2i's side: the rings of the one connection */
static uint16_t sq_prod;
static uint32_t cq_cons;
static uint32_t cq_exp_sn;
static uint16_t rq_prod;
static uint32_t rq_cons;
static uint8_t cqe_queue[CQE_QUEUE][64];
static unsigned cqe_head;
static unsigned cqe_count;
static unsigned next_task;

/* frames the port could not take yet */
static uint8_t held[RX_HELD][FRAME_MAX];
static size_t held_len[RX_HELD];
static unsigned n_held;

/*
 * The target's byte stream, followed from a PDU boundary to find the
 * data segment of a Data-In and corrupt one byte of it on the way.
 */
static struct {
    bool peer_known;
    uint32_t peer_next;         /* the target's next sequence number */
    bool armed;
    bool done;
    bool hd;
    bool dd;
    uint32_t itt;
    uint32_t seq;               /* the next byte to parse */
    uint8_t hdr[QL8400_ISCSI_BHS_LEN + 4];
    uint32_t hdr_got;
    uint32_t seg_left;          /* data, padding and digest still to come */
    uint32_t data_pos;
    uint32_t dlen;
    bool target;                /* a Data-In of the task */
} tap;

typedef struct Session {
    uint8_t isid[6];
    uint32_t cmdsn;
    uint32_t exp_statsn;
    uint16_t tsih;
    /* what the login negotiated */
    bool hd;
    bool dd;
    bool initial_r2t;
    bool immediate;
    uint32_t max_xmit;
    uint32_t first_burst;
    uint32_t max_burst;
    uint8_t max_r2t;
} Session;

/* A command's buffer: BDs of bd_len bytes, gap bytes apart, from addr. */
typedef struct Sgl {
    uint64_t addr;
    uint32_t len;
    uint32_t bd_len;
    uint32_t gap;
} Sgl;

static uint8_t *mem(uint64_t addr)
{
    return h->mem + (addr - FAKE_MEM_BASE);
}

static void sync_clock(void)
{
    h->now = slirp_net_now();
}

static void wr(uint32_t addr, uint32_t val, unsigned size)
{
    sync_clock();
    ql8400_grc_write(c, addr, val, size);
}

/* --- cnic: SPQ, KCQ, events -------------------------------------------- */

static void pump_kcq(void)
{
    uint16_t prod = ql8400_ld16(mem(CNIC_SB + 2 * 6));

    while (kcq_cons != prod) {
        const uint8_t *e;
        uint32_t op_flag;
        Kcqe *k;

        if (kcq_cons % 128 == 127) {
            kcq_cons++;                 /* the chain slot */
            continue;
        }
        e = mem((kcq_cons / 128 % 2 ? KCQ1 : KCQ0) + 32 * (kcq_cons % 128));
        kcq_cons++;
        ck_assert_uint_lt(n_kcqes, KCQE_MAX);
        k = &kcqes[n_kcqes++];
        op_flag = ql8400_ld32(e + 28);
        k->op = op_flag >> QL8400_KCQE_OPCODE_SHIFT & 0xff;
        k->layer = op_flag >> QL8400_KCQE_LAYER_SHIFT & 7;
        k->ramrod = op_flag & QL8400_KCQE_RAMROD_COMPLETION;
        k->w0 = ql8400_ld32(e);
        k->w4 = ql8400_ld32(e + 4);
        k->w8 = ql8400_ld32(e + 8);
        k->status = ql8400_ld16(e + 18);
        if (getenv("QL8400_NET_VERBOSE")) {
            fprintf(stderr, "offload-net: KCQE 0x%02x layer %u%s %u %u %u"
                    " status 0x%x\n", k->op, k->layer,
                    k->ramrod ? " ramrod" : "", k->w0, k->w4, k->w8,
                    k->status);
        }
        /* whom cnic routes it to, and whether it returns a credit */
        ck_assert_uint_eq(op_flag >> 31, 0);
        if (k->layer == QL8400_KCQE_LAYER_L4) {
            ck_assert_uint_eq(k->op & 0x80 ? k->w0 : k->w8, L5_CID);
            ck_assert_uint_eq(k->ramrod, !!(k->op & 0x80));
        } else {
            ck_assert_uint_eq(k->layer, QL8400_KCQE_LAYER_ISCSI);
            ck_assert_uint_eq(k->w0, L5_CID);
            ck_assert_uint_eq(k->w8, CID);
            ck_assert_uint_eq(k->ramrod,
                              k->op == QL8400_KCQE_ISCSI_UPDATE_CONN);
        }
        if (k->op == QL8400_KCQE_ISCSI_CQ_NOTIFICATION &&
            k->layer == QL8400_KCQE_LAYER_ISCSI) {
            notifications++;
        }
    }
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
    pump_kcq();
}

/* bnx2x's load, the cnic SB, cnic's KCQ, INIT1/INIT2 and CM values. */
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

    wr(0x41c000 + 0x40 * CNIC_SB_ID + 0x10, (uint32_t)CNIC_SB, 4);
    wr(0x41c000 + 0x40 * CNIC_SB_ID + 0x14, 0, 4);
    wr(0x41c000 + 0x40 * CNIC_SB_ID + 0x1a, CNIC_SB_ID, 1);
    wr(0x41c000 + 0x40 * CNIC_SB_ID + 0x2e, 1, 1);
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
    for (i = 0; i < 6; i++) {
        wr(0x428080 + i, iscsi_mac[i], 1);
    }
    wr(0x428042, 0x04, 1);                      /* window scaling */
    wr(0x436040, 0x1000, 2);                    /* delayed ACK */
    wr(0x428086, 0, 2);
    wr(0x428040, 0xfe, 1);                      /* TTL */
    wr(0x428041, 0, 1);
    wr(0x428043, 2, 1);
    wr(0x424001, 2, 4);
    /* INIT1: tasks, SQ, CQ, RQ; INIT2: bnx2i's default error mask */
    wr(0x436004, NUM_TASKS, 2);
    wr(0x4280c2, SQ_SIZE, 2);
    wr(0x403044, CQ_SIZE, 2);
    wr(0x403084, RQ_SIZE, 2);
    wr(0x403080, RQ_BUF_SIZE, 2);
    wr(0x4360c0, 0x08008000, 4);
    wr(0x4360c4, 0x00000001, 4);
}

/* --- the network -------------------------------------------------------- */

static void frame_to_slirp(FakeHost *fh, const uint8_t *frame, size_t len)
{
    slirp_net_send(net, frame, len);
}

/* Follows the target's stream; corrupts a Data-In data byte once. */
static void tap_segment(uint8_t *frame, size_t len)
{
    Ql8400IpPacket pkt;
    uint8_t *th, *p;
    uint32_t seq, plen, i = 0, n;
    size_t hlen;

    if (ql8400_ip_parse_tcp(frame, len, false, &pkt) != QL8400_IP_OK) {
        return;
    }
    th = frame + (pkt.l4 - frame);
    p = th + pkt.tcp_hlen;
    plen = pkt.l4_len - pkt.tcp_hlen;
    seq = ql8400_ldbe32(th + 4);
    if (!tap.peer_known || (int32_t)(seq + plen - tap.peer_next) > 0) {
        tap.peer_known = true;
        tap.peer_next = seq + plen;
    }
    if (!tap.armed || tap.done || !plen || seq != tap.seq) {
        return;
    }
    tap.seq += plen;
    hlen = QL8400_ISCSI_BHS_LEN + (tap.hd ? 4 : 0);
    while (i < plen) {
        if (tap.hdr_got < hlen) {
            n = plen - i < hlen - tap.hdr_got ? plen - i : hlen - tap.hdr_got;
            memcpy(tap.hdr + tap.hdr_got, p + i, n);
            tap.hdr_got += n;
            i += n;
            if (tap.hdr_got == hlen) {
                tap.dlen = ql8400_iscsi_dlength(tap.hdr);
                tap.seg_left = tap.dlen ? tap.dlen +
                               ql8400_iscsi_pad(tap.dlen) +
                               (tap.dd ? 4 : 0) : 0;
                tap.data_pos = 0;
                tap.target = ql8400_iscsi_opcode(tap.hdr) ==
                             QL8400_ISCSI_OP_DATA_IN &&
                             ql8400_ldbe32(tap.hdr + QL8400_ISCSI_BHS_ITT) ==
                             tap.itt;
                if (!tap.seg_left) {
                    tap.hdr_got = 0;
                }
            }
            continue;
        }
        if (tap.target && tap.data_pos < tap.dlen) {
            p[i] ^= 0x5a;
            tap.done = true;
            ql8400_stbe16(th + 16, 0);
            ql8400_stbe16(th + 16, ql8400_l4_csum(false, pkt.src_ip,
                                                  pkt.dst_ip,
                                                  QL8400_IPPROTO_TCP, th,
                                                  pkt.l4_len));
            return;
        }
        n = plen - i < tap.seg_left ? plen - i : tap.seg_left;
        i += n;
        tap.seg_left -= n;
        tap.data_pos += n;
        if (!tap.seg_left) {
            tap.hdr_got = 0;
        }
    }
}

static bool port_rx(const uint8_t *frame, size_t len)
{
    Ql8400RxResult r;

    sync_clock();
    r = ql8400_port_receive(c, frame, len);
    pump_kcq();
    return r != QL8400_RX_NO_BUFFER;
}

static void flush_held(void)
{
    unsigned i, done = 0;

    for (i = 0; i < n_held && port_rx(held[i], held_len[i]); i++) {
        done++;
    }
    memmove(held, held[done], (size_t)(n_held - done) * FRAME_MAX);
    memmove(held_len, held_len + done, (n_held - done) * sizeof(size_t));
    n_held -= done;
}

static void net_rx(void *opaque, const uint8_t *frame, size_t len)
{
    static uint8_t f[FRAME_MAX];

    if (len > FRAME_MAX) {
        return;
    }
    memcpy(f, frame, len);
    tap_segment(f, len);
    flush_held();
    if (n_held || !port_rx(f, len)) {
        ck_assert_uint_lt(n_held, RX_HELD);
        memcpy(held[n_held], f, len);
        held_len[n_held++] = len;
    }
}

/* One round: the offload timer if due, then slirp for at most wait_ns. */
static void step(int64_t wait_ns)
{
    int64_t now = slirp_net_now();
    int64_t t = h->timer_expire[QL8400_TIMER_OFFLOAD];

    if (t >= 0 && t <= now) {
        h->timer_expire[QL8400_TIMER_OFFLOAD] = -1;
        h->now = now;
        ql8400_chip_timer(c, QL8400_TIMER_OFFLOAD);
        pump_kcq();
        t = h->timer_expire[QL8400_TIMER_OFFLOAD];
    }
    flush_held();
    if (t >= 0 && t - now < wait_ns) {
        wait_ns = t > now ? t - now : 0;
    }
    slirp_net_poll(net, wait_ns);
    pump_kcq();
}

typedef bool (*Cond)(void *arg);

static bool run_until(Cond cond, void *arg, int timeout_ms)
{
    int64_t deadline = slirp_net_now() + timeout_ms * MS;

    while (!cond(arg)) {
        if (slirp_net_now() >= deadline) {
            return false;
        }
        step(10 * MS);
    }
    return true;
}

static bool never(void *arg)
{
    return false;
}

static void run_for(int ms)
{
    run_until(never, NULL, ms);
}

static bool event_pending(void *arg)
{
    while (ev_cursor < n_kcqes &&
           kcqes[ev_cursor].layer == QL8400_KCQE_LAYER_ISCSI &&
           kcqes[ev_cursor].op == QL8400_KCQE_ISCSI_CQ_NOTIFICATION) {
        ev_cursor++;
    }
    return ev_cursor < n_kcqes;
}

/* The next KCQE but a CQ notification, not taken; NULL after timeout. */
static const Kcqe *peek_event(int timeout_ms)
{
    return run_until(event_pending, NULL, timeout_ms) ? &kcqes[ev_cursor]
                                                      : NULL;
}

static const Kcqe *expect_event(uint8_t op, int timeout_ms)
{
    const Kcqe *k = peek_event(timeout_ms);

    ck_assert_msg(k, "no KCQE 0x%02x within %d ms", op, timeout_ms);
    ck_assert_msg(k->op == op, "KCQE 0x%02x (status 0x%x/0x%x) where 0x%02x"
                  " was expected", k->op, k->w4, k->status, op);
    ev_cursor++;
    return k;
}

/* The opcodes of every KCQE but the CQ notifications, in order. */
static unsigned event_ops(uint8_t *ops, unsigned size)
{
    unsigned i, n = 0;

    for (i = 0; i < n_kcqes && n < size; i++) {
        if (kcqes[i].layer != QL8400_KCQE_LAYER_ISCSI ||
            kcqes[i].op != QL8400_KCQE_ISCSI_CQ_NOTIFICATION) {
            ops[n++] = kcqes[i].op;
        }
    }
    return n;
}

static bool kcqe_seen(uint8_t op)
{
    unsigned i;

    for (i = 0; i < n_kcqes; i++) {
        if (kcqes[i].op == op) {
            return true;
        }
    }
    return false;
}

/*
 * The KCQE sequence of the whole test is want; a CLOSE_RECEIVED (58), the
 * target's FIN, may come in anywhere after the connect, at most once.
 */
static void check_sequence(const uint8_t *want, unsigned n_want)
{
    uint8_t ops[64], got[64];
    unsigned i, n, m = 0, fins = 0;

    n = event_ops(ops, sizeof(ops));
    for (i = 0; i < n; i++) {
        if (ops[i] == QL8400_KCQE_L4_CLOSE_RECEIVED) {
            ck_assert_uint_ge(i, 2);
            fins++;
        } else {
            got[m++] = ops[i];
        }
    }
    ck_assert_uint_le(fins, 1);
    for (i = 0; i < m && i < n_want; i++) {
        ck_assert_msg(got[i] == want[i], "KCQE %u is 0x%02x, not 0x%02x",
                      i, got[i], want[i]);
    }
    ck_assert_uint_eq(m, n_want);
}

/* --- host memory as bnx2i lays it out ----------------------------------- */

static void queues_init(void)
{
    unsigned i;

    /* the page tables; the pages out of order, as any allocator may */
    for (i = 0; i < 2; i++) {
        ql8400_st64(mem(SQ_PT + 16 + 8 * i), SQ_PAGES + 0x1000 * (1 - i));
    }
    for (i = 0; i < 3; i++) {
        ql8400_st64(mem(CQ_PT + 80 + 8 * i), CQ_PAGES + 0x1000 * (2 - i));
    }
    ql8400_st64(mem(RQ_PT + 64), RQ_PAGE);
    for (i = 0; i < 8; i++) {
        ql8400_st16(mem(CQ_PT + 48 + 2 * i), 0xffff);
    }
    rq_prod = 0x8000;                       /* all 16 entries posted */
    ql8400_st16(mem(RQ_PT), rq_prod);

    /* the middle-path request, response and dummy buffers */
    ql8400_st32(mem(MP_REQ_BD), LOGIN_REQ >> 32);
    ql8400_st32(mem(MP_REQ_BD + 4), (uint32_t)LOGIN_REQ);
    ql8400_st16(mem(MP_REQ_BD + 8), MP_BUF_LEN);
    ql8400_st32(mem(MP_RESP_BD), LOGIN_RESP >> 32);
    ql8400_st32(mem(MP_RESP_BD + 4), (uint32_t)LOGIN_RESP);
    ql8400_st16(mem(MP_RESP_BD + 8), MP_BUF_LEN);
    ql8400_st32(mem(MP_DUMMY_BD + 4), (uint32_t)DUMMY_PAGE);
    ql8400_st16(mem(MP_DUMMY_BD + 8), 4096);
}

/* bnx2i_put_rq_buf */
static void rq_put(unsigned count)
{
    uint16_t hi = rq_prod & 0x8000;

    rq_prod = (rq_prod & 0x7fff) + count;
    if (rq_prod > RQ_SIZE) {
        rq_prod %= RQ_SIZE;
        if (!hi) {
            rq_prod |= 0x8000;
        }
    } else {
        rq_prod |= hi;
    }
    ql8400_st16(mem(RQ_PT), rq_prod);
}

static void post_wqe(const uint8_t *w)
{
    unsigned slot = sq_prod % SQ_SIZE;
    uint64_t page = ql8400_ld64(mem(SQ_PT + 16 + 8 * (slot / 64)));

    memcpy(mem(page + 64 * (slot % 64)), w, 64);
    sq_prod++;
    ql8400_st16(mem(SQ_PT), sq_prod);
    /* bnx2i_ring_577xx_doorbell: the connection type in the header */
    sync_clock();
    ql8400_doorbell_write(c, CID * 8, 3 << 4, 4);
    pump_kcq();
}

static uint16_t cq_sqn(void)
{
    return ql8400_ld16(mem(CQ_PT + 48));
}

/* bnx2i_arm_cq_event_coalescing: only once the chip disarmed it */
static void cq_arm(void)
{
    if (cq_sqn() == 0 || cq_sqn() == 0xffff) {
        ql8400_st16(mem(CQ_PT + 48), cq_exp_sn);
    }
}

static const uint8_t *cq_entry(uint32_t k)
{
    unsigned slot = k % CQ_SIZE;
    uint64_t page = ql8400_ld64(mem(CQ_PT + 80 + 8 * (slot / 64)));

    return mem(page + 64 * (slot % 64));
}

static bool cqe_ready(void)
{
    return ql8400_ld32(cq_entry(cq_cons) + 60) == cq_exp_sn;
}

/* bnx2i_process_new_cqes: takes what the CQ holds. */
static void drain_cq(void)
{
    while (cqe_ready()) {
        ck_assert_uint_lt(cqe_count, CQE_QUEUE);
        memcpy(cqe_queue[(cqe_head + cqe_count++) % CQE_QUEUE],
               cq_entry(cq_cons), 64);
        cq_cons++;
        cq_exp_sn = cq_exp_sn == 2 * CQ_SIZE ? 1 : cq_exp_sn + 1;
    }
}

static bool notified(void *arg)
{
    return notifications != notifications_handled;
}

/*
 * The next CQE, as bnx2i gets it: the CQ armed, a KCQE 0x20, the CQ
 * drained, armed again.
 */
static bool wait_cqe(uint8_t *cqe, int timeout_ms)
{
    int64_t deadline = slirp_net_now() + timeout_ms * MS;

    while (!cqe_count) {
        int64_t left = (deadline - slirp_net_now()) / MS;

        cq_arm();
        if (left <= 0 || !run_until(notified, NULL, left)) {
            return false;
        }
        notifications_handled = notifications;
        drain_cq();
        cq_arm();
    }
    memcpy(cqe, cqe_queue[cqe_head], 64);
    cqe_head = (cqe_head + 1) % CQE_QUEUE;
    cqe_count--;
    return true;
}

static uint16_t new_task(void)
{
    next_task = (next_task + 1) % 64;
    return next_task;
}

static uint32_t sgl_bds(const Sgl *g)
{
    return (g->len + g->bd_len - 1) / g->bd_len;
}

static uint8_t *sgl_byte(const Sgl *g, uint32_t k)
{
    return mem(g->addr + (uint64_t)(k / g->bd_len) * (g->bd_len + g->gap) +
               k % g->bd_len);
}

static void sgl_fill(const Sgl *g, const uint8_t *src)
{
    uint32_t k;

    for (k = 0; k < g->len; k++) {
        *sgl_byte(g, k) = src[k];
    }
}

static void sgl_gather(const Sgl *g, uint8_t *dst)
{
    uint32_t k;

    for (k = 0; k < g->len; k++) {
        dst[k] = *sgl_byte(g, k);
    }
}

/* A BD table for the buffer (bnx2i_iscsi_map_sg_list). */
static uint64_t bd_table(uint16_t task, const Sgl *g)
{
    uint64_t tbl = BD_TABLES + 4096ull * (task % BD_SLOTS);
    uint32_t i, n = sgl_bds(g);

    ck_assert_uint_le(n, 4096 / 16);
    for (i = 0; i < n; i++) {
        uint8_t *bd = mem(tbl + 16 * i);
        uint64_t addr = g->addr + (uint64_t)i * (g->bd_len + g->gap);
        uint32_t len = g->len - i * g->bd_len < g->bd_len ?
                       g->len - i * g->bd_len : g->bd_len;

        memset(bd, 0, 16);
        ql8400_st32(bd, addr >> 32);
        ql8400_st32(bd + 4, (uint32_t)addr);
        ql8400_st16(bd + 8, len);
        ql8400_st16(bd + 12, (i == 0 ? 0x80 : 0) | (i == n - 1 ? 0x40 : 0));
    }
    return tbl;
}

/* --- WQEs as bnx2i_hwi.c builds them ------------------------------------ */

static void wqe_login(uint8_t *w, const Session *s, uint16_t task,
                      uint8_t flags, uint32_t dlen)
{
    memset(w, 0, 64);
    w[0] = 0;                               /* version min */
    w[1] = 0;                               /* version max */
    w[2] = flags;
    w[3] = QL8400_ISCSI_OP_LOGIN_REQ | QL8400_ISCSI_IMMEDIATE;
    ql8400_st32(w + 4, dlen);
    memcpy(w + 8, s->isid, 4);              /* raw wire bytes */
    ql8400_stbe16(w + 12, s->tsih);
    memcpy(w + 14, s->isid + 4, 2);
    ql8400_st16(w + 16, task | 2 << 14);
    ql8400_stbe16(w + 22, 0);               /* CID */
    ql8400_st32(w + 24, s->cmdsn);
    ql8400_st32(w + 28, s->exp_statsn);
    ql8400_st64(w + 36, MP_RESP_BD);
    ql8400_st32(w + 44, 1u << 24 | MP_BUF_LEN);
    w[48] = 0x04;                           /* UPDATE_EXP_STAT_SN */
    ql8400_st64(w + 52, MP_REQ_BD);
    w[60] = 1;
}

static void wqe_logout(uint8_t *w, uint16_t task, uint32_t cmdsn)
{
    memset(w, 0, 64);
    w[2] = 0x80;                            /* close the session */
    w[3] = QL8400_ISCSI_OP_LOGOUT_REQ | QL8400_ISCSI_IMMEDIATE;
    ql8400_st16(w + 16, task | 2 << 14);
    ql8400_st32(w + 24, cmdsn);
    ql8400_st64(w + 52, MP_DUMMY_BD);
    w[60] = 1;
}

static void wqe_scsi_cmd(uint8_t *w, uint16_t itt, bool write,
                         uint32_t edtl, uint32_t cmdsn, const uint8_t *cdb,
                         uint64_t bd_tbl, unsigned num_bds)
{
    uint8_t lun[8], cdb16[16] = { 0 };
    unsigned i;

    memset(w, 0, 64);
    w[2] = QL8400_ISCSI_CMD_ATTR_SIMPLE |
           (write ? QL8400_ISCSI_CMD_WRITE :
                    (edtl ? QL8400_ISCSI_CMD_READ : 0));
    w[3] = QL8400_ISCSI_OP_SCSI_CMD;
    ql8400_iscsi_encode_lun(lun, 1);
    ql8400_st32(w + 8, ql8400_ldbe32(lun));
    ql8400_st32(w + 12, ql8400_ldbe32(lun + 4));
    ql8400_st16(w + 16, itt);
    ql8400_st32(w + 20, edtl);
    ql8400_st32(w + 24, cmdsn);
    /* bnx2i_cpy_scsi_cdb: each dword the number its 4 bytes form */
    memcpy(cdb16, cdb, 16);
    for (i = 0; i < 4; i++) {
        ql8400_st32(w + 32 + 4 * i, ql8400_ldbe32(cdb16 + 4 * i));
    }
    ql8400_st64(w + 52, bd_tbl);
    w[60] = num_bds;
}

/* --- cnic: connect, update, teardown ------------------------------------ */

/* cnic_setup_bnx2x_ctx and cnic_bnx2x_connect, then TCP_CONNECT. */
static void offload_connect(uint16_t local_port, int port)
{
    uint8_t *b = mem(CONN_BUF);
    uint8_t *x = mem(CTX);
    const Kcqe *k;

    memset(x, 0, 1024);
    ql8400_st16(x + 0x178, L5_CID);
    ql8400_st64(x + 0x2f8, SQ_PT + 16);                 /* SQ PBL */
    ql8400_st64(x + 0x08c, CQ_PT + 80);                 /* CQ PBL */
    ql8400_st64(x + 0x3d8, CQ_PT);                      /* CQ DB */
    ql8400_st64(x + 0x008, RQ_PT + 64);                 /* RQ PBL */
    ql8400_st64(x + 0x170, RQ_PT);                      /* RQ DB */
    ql8400_st32(x + 0x0f8, 8192 | 1u << 24);
    ql8400_st32(x + 0x0fc, 262144);
    ql8400_st32(x + 0x2f0, 65536);
    ql8400_st32(x + 0x2f4, 8192);
    x[0x331] = 3;                       /* ImmediateData, InitialR2T */
    memset(b, 0, 104);
    ql8400_st32(b + 0, 1500);
    memcpy(b + 4, gw_mac, 6);
    ql8400_st32(b + 12, ql8400_ldbe32(slirp_net_guest_ip));
    ql8400_st32(b + 28, ql8400_ldbe32(slirp_net_host_ip));
    ql8400_st16(b + 52, local_port);
    ql8400_st16(b + 54, port);
    ql8400_st16(b + 62, 0xffff);
    ql8400_st32(b + 64, 262144);
    ql8400_st64(b + 72, CTX);
    b[88] = 1;
    b[89] = 3;
    ql8400_st32(b + 92, 10000);
    ql8400_st32(b + 96, 300000);
    ql8400_st32(b + 100, 0xffffffff);
    wr(0x428086, 0, 2);                 /* no VLAN */
    spq_post(3, 0x83, CID, CONN_BUF);
    k = expect_event(QL8400_KCQE_L5CM_TCP_CONNECT, 0);
    ck_assert_uint_eq(k->status, 0);
    k = expect_event(QL8400_KCQE_L4_CONNECT_COMPLETE, STEP_MS);
    ck_assert_msg(k->status == 0, "connect to 10.0.2.2:%d failed: 0x%x",
                  port, k->status);
}

/* bnx2i_update_iscsi_conn: the negotiated values, ramrod 0x12. */
static void offload_update(const Session *s)
{
    uint8_t *u = mem(CONN_BUF);
    const Kcqe *k;

    memset(u, 0, 32);
    u[2] = 0x02;
    u[3] = 0x60;
    u[4] = (s->hd ? 0x01 : 0) | (s->dd ? 0x02 : 0) |
           (s->initial_r2t ? 0x04 : 0) | (s->immediate ? 0x08 : 0);
    u[6] = s->max_r2t;
    ql8400_st32(u + 8, CID);
    ql8400_st32(u + 12, s->max_xmit);
    ql8400_st32(u + 16, OUR_MAX_RECV);
    ql8400_st32(u + 20, s->first_burst);
    ql8400_st32(u + 24, s->max_burst);
    ql8400_st32(u + 28, s->exp_statsn);
    spq_post(3, 0x12, CID, CONN_BUF);
    k = expect_event(QL8400_KCQE_ISCSI_UPDATE_CONN, 0);
    ck_assert_uint_eq(k->layer, QL8400_KCQE_LAYER_ISCSI);
    ck_assert_uint_eq(k->w4, 0);
}

/*
 * After a logout: the target's FIN usually comes first (KCQE 58); CLOSE
 * (0x8c) then ends in CLOSE_COMP (53) once our FIN is acknowledged.
 */
static void offload_close(void)
{
    const Kcqe *k;

    k = peek_event(1000);
    if (k && k->op == QL8400_KCQE_L4_CLOSE_RECEIVED) {
        ev_cursor++;
    }
    spq_post(3, 0x8c, CID, 0);
    k = expect_event(QL8400_KCQE_L5CM_CLOSE, 0);
    ck_assert_uint_eq(k->w4, 0);
    ck_assert_uint_eq(k->status, 0);
    k = peek_event(STEP_MS);
    if (k && k->op == QL8400_KCQE_L4_CLOSE_RECEIVED) {
        ev_cursor++;
    }
    k = expect_event(QL8400_KCQE_L4_CLOSE_COMP, STEP_MS);
    ck_assert_uint_eq(k->status, 0);
}

static void offload_abort(void)
{
    const Kcqe *k;

    spq_post(3, 0x8d, CID, 0);
    expect_event(QL8400_KCQE_L5CM_ABORT, 0);
    k = expect_event(QL8400_KCQE_L4_RESET_COMP, STEP_MS);
    ck_assert_uint_eq(k->status, 0);
}

static uint64_t mem_hash(void)
{
    uint64_t x = 0xcbf29ce484222325ull;
    size_t i;

    for (i = 0; i < FAKE_MEM_SIZE; i++) {
        x = (x ^ h->mem[i]) * 0x100000001b3ull;
    }
    return x;
}

/*
 * SEARCHER_DELETE, TERMINATE_OFFLOAD: after those the chip leaves host
 * memory alone, whatever the network and the timers do; then CFC_DEL.
 */
static void offload_terminate(void)
{
    const uint8_t *eqe = mem(EQ_PAGE + 16);     /* after FUNCTION_START */
    uint64_t before;
    unsigned kcqes_before;

    spq_post(3, 0x8e, CID, 0);
    expect_event(QL8400_KCQE_L5CM_SEARCHER_DELETE, 0);
    spq_post(3, 0x8f, CID, 0);
    expect_event(QL8400_KCQE_L5CM_TERMINATE_OFFLOAD, 0);
    cq_arm();
    before = mem_hash();
    kcqes_before = n_kcqes;
    run_for(500);
    ck_assert_msg(mem_hash() == before,
                  "host memory written after TERMINATE_OFFLOAD");
    ck_assert_uint_eq(n_kcqes, kcqes_before);
    spq_post(8, 4, CID, 0);                     /* CFC_DEL */
    ck_assert_uint_eq(eqe[0], 3);
    ck_assert_uint_eq(eqe[1], 0);
    ck_assert_uint_eq(ql8400_ld32(eqe + 4), CID);
    ck_assert_uint_eq(n_kcqes, kcqes_before);
}

/* --- iSCSI through the offload ----------------------------------------- */

static void session_init(Session *s, uint8_t id)
{
    static const uint8_t isid[6] = { 0x00, 0x02, 0x3d, 0x00, 0x00, 0x00 };

    memset(s, 0, sizeof(*s));
    memcpy(s->isid, isid, 6);
    s->isid[5] = id;
    s->cmdsn = 1;
}

static bool text_value(const uint8_t *t, uint32_t len, const char *key,
                       char *val, size_t size)
{
    return ql8400_iscsi_text_get(t, len, key, 0, val, size);
}

/* One Login exchange through the SQ; returns the response's flags. */
static uint8_t login_step(Session *s, uint8_t flags, const char *text,
                          size_t len, uint8_t *rsp, uint32_t *rsp_len)
{
    uint16_t task = new_task();
    uint8_t w[64], cqe[64];

    memset(mem(LOGIN_RESP), 0, MP_BUF_LEN);
    memcpy(mem(LOGIN_REQ), text, len);
    wqe_login(w, s, task, flags, len);
    post_wqe(w);
    ck_assert_msg(wait_cqe(cqe, STEP_MS), "no Login Response");
    ck_assert_uint_eq(cqe[3], QL8400_ISCSI_OP_LOGIN_RSP);
    ck_assert_uint_eq(ql8400_ld16(cqe + 56), task | 2 << 14);
    ck_assert_msg(cqe[43] == 0 && cqe[42] == 0,
                  "login refused: class %u detail %u", cqe[43], cqe[42]);
    ck_assert_mem_eq(cqe + 32, s->isid, 4);
    ck_assert_mem_eq(cqe + 38, s->isid + 4, 2);
    *rsp_len = ql8400_ld32(cqe + 4);
    ck_assert_uint_le(*rsp_len, MP_BUF_LEN);
    memcpy(rsp, mem(LOGIN_RESP), *rsp_len);
    s->exp_statsn = ql8400_ld32(cqe + 28) + 1;
    s->tsih = ql8400_ld16(cqe + 36);
    s->cmdsn = ql8400_ld32(cqe + 8);            /* ExpCmdSN */
    return cqe[2];
}

/*
 * iscsid's login: the security stage, then the operational stage with the
 * keys iscsid sends, to full feature; the session's values from the
 * target's answers.
 */
static void login(Session *s, const char *iqn, bool digests, bool immediate)
{
    static char text[MP_BUF_LEN];
    static uint8_t rsp[MP_BUF_LEN];
    const char *digest = digests ? "CRC32C" : "None";
    char val[64];
    uint32_t rsp_len;
    size_t n = 0;
    uint8_t flags;
    int round;
    bool answered_hd = false;

    n = ql8400_iscsi_text_add(text, sizeof(text), n, "InitiatorName",
                              INITIATOR_IQN);
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "InitiatorAlias",
                              "ql8400-offload-net");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "TargetName", iqn);
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "SessionType",
                              "Normal");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "AuthMethod", "None");
    ck_assert_uint_gt(n, 0);
    flags = login_step(s, QL8400_ISCSI_LOGIN_TRANSIT |
                       QL8400_ISCSI_STAGE_SECURITY << 2 |
                       QL8400_ISCSI_STAGE_OPERATIONAL, text, n, rsp,
                       &rsp_len);
    ck_assert_msg(flags & QL8400_ISCSI_LOGIN_TRANSIT,
                  "the target stays in the security stage");
    ck_assert(text_value(rsp, rsp_len, "AuthMethod", val, sizeof(val)));
    ck_assert_str_eq(val, "None");
    ck_assert(text_value(rsp, rsp_len, "TargetPortalGroupTag", val,
                         sizeof(val)));

    n = 0;
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "HeaderDigest", digest);
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "DataDigest", digest);
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "DefaultTime2Wait", "2");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "DefaultTime2Retain",
                              "0");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "IFMarker", "No");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "OFMarker", "No");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "ErrorRecoveryLevel",
                              "0");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "InitialR2T", "No");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "ImmediateData",
                              immediate ? "Yes" : "No");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "MaxBurstLength",
                              "16776192");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "FirstBurstLength",
                              "262144");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "MaxOutstandingR2T",
                              "1");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "MaxConnections", "1");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "DataPDUInOrder",
                              "Yes");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "DataSequenceInOrder",
                              "Yes");
    snprintf(val, sizeof(val), "%u", OUR_MAX_RECV);
    n = ql8400_iscsi_text_add(text, sizeof(text), n,
                              "MaxRecvDataSegmentLength", val);
    ck_assert_uint_gt(n, 0);

    /* RFC 7143 defaults for what the target does not answer */
    s->max_xmit = 8192;
    s->initial_r2t = true;
    s->immediate = immediate;
    s->first_burst = 65536;
    s->max_burst = 262144;
    s->max_r2t = 1;
    for (round = 0; round < 4; round++) {
        flags = login_step(s, QL8400_ISCSI_LOGIN_TRANSIT |
                           QL8400_ISCSI_STAGE_OPERATIONAL << 2 |
                           QL8400_ISCSI_STAGE_FULL_FEATURE, text, n, rsp,
                           &rsp_len);
        if (text_value(rsp, rsp_len, "HeaderDigest", val, sizeof(val))) {
            s->hd = !strcmp(val, "CRC32C");
            answered_hd = true;
        }
        if (text_value(rsp, rsp_len, "DataDigest", val, sizeof(val))) {
            s->dd = !strcmp(val, "CRC32C");
        }
        if (text_value(rsp, rsp_len, "MaxRecvDataSegmentLength", val,
                       sizeof(val))) {
            s->max_xmit = atoi(val);
        }
        if (text_value(rsp, rsp_len, "InitialR2T", val, sizeof(val))) {
            s->initial_r2t = !strcmp(val, "Yes");
        }
        if (text_value(rsp, rsp_len, "ImmediateData", val, sizeof(val))) {
            s->immediate = !strcmp(val, "Yes");
        }
        if (text_value(rsp, rsp_len, "FirstBurstLength", val, sizeof(val))) {
            s->first_burst = atoi(val);
        }
        if (text_value(rsp, rsp_len, "MaxBurstLength", val, sizeof(val))) {
            s->max_burst = atoi(val);
        }
        if (text_value(rsp, rsp_len, "MaxOutstandingR2T", val,
                       sizeof(val))) {
            s->max_r2t = atoi(val);
        }
        if (getenv("QL8400_NET_VERBOSE")) {
            uint32_t q;

            for (q = 0; q < rsp_len; q++) {
                fputc(rsp[q] ? rsp[q] : '|', stderr);
            }
            fputc('\n', stderr);
        }
        if ((flags & QL8400_ISCSI_LOGIN_TRANSIT) &&
            (flags & 3) == QL8400_ISCSI_STAGE_FULL_FEATURE) {
            break;
        }
        n = 0;
    }
    ck_assert_msg(round < 4, "no full feature phase after 4 rounds");
    /* the response data went to the response buffer */
    ck_assert(answered_hd);
    ck_assert_uint_ne(s->tsih, 0);
    ck_assert_uint_ge(s->max_xmit, 512);
    ck_assert_uint_eq(s->hd, digests);
    ck_assert_uint_eq(s->dd, digests);
    /* the login responses came through CQ notifications */
    ck_assert_uint_gt(notifications, 0);
}

static unsigned last_sense_key;

/*
 * A SCSI command through the SQ; the buffer g (NULL: no data). Returns
 * the SCSI status, the CQE in cqe.
 */
static int scsi_command(Session *s, const uint8_t *cdb, bool write,
                        const Sgl *g, uint8_t *cqe)
{
    uint16_t task = new_task();
    uint16_t itt = task | (write ? 1 : 0) << 14;
    uint64_t tbl = MP_DUMMY_BD;
    unsigned num = 1;
    uint32_t len = g ? g->len : 0;
    uint8_t w[64];

    if (g) {
        tbl = bd_table(task, g);
        num = sgl_bds(g);
    }
    wqe_scsi_cmd(w, itt, write, len, s->cmdsn++, cdb, tbl, num);
    post_wqe(w);
    ck_assert_msg(wait_cqe(cqe, STEP_MS), "no CQE for SCSI command 0x%02x",
                  cdb[0]);
    ck_assert_msg(cqe[3] == QL8400_ISCSI_OP_SCSI_RSP ||
                  (cqe[3] == QL8400_ISCSI_OP_DATA_IN && !write),
                  "CQE opcode 0x%02x for SCSI command 0x%02x", cqe[3],
                  cdb[0]);
    ck_assert_uint_eq(ql8400_ld16(cqe + 56), itt);
    ck_assert_uint_eq(cqe[1], 0);               /* iSCSI response */
    last_sense_key = 0;
    if (cqe[3] == QL8400_ISCSI_OP_SCSI_RSP &&
        cqe[0] == SCSI_CHECK_CONDITION && ql8400_ld32(cqe + 4) >= 5) {
        /* bnx2i_get_rq_buf: the sense data, then the entry back */
        const uint8_t *sense = mem(RQ_PAGE + RQ_BUF_SIZE *
                                   (rq_cons % RQ_SIZE));

        ck_assert_uint_eq(ql8400_ldbe16(sense) + 2, ql8400_ld32(cqe + 4));
        last_sense_key = sense[4] & 0x0f;
        rq_cons++;
        rq_put(1);
    }
    return cqe[0];
}

/* ... issued again after the UNIT ATTENTION of a new I_T nexus. */
static int scsi_command_ua(Session *s, const uint8_t *cdb, bool write,
                           const Sgl *g, uint8_t *cqe)
{
    int status = -1, n;

    for (n = 0; n < 3; n++) {
        status = scsi_command(s, cdb, write, g, cqe);
        if (status != SCSI_CHECK_CONDITION ||
            last_sense_key != SENSE_UNIT_ATTENTION) {
            break;
        }
    }
    return status;
}

static void rw10(uint8_t *cdb, uint8_t op, uint32_t lba, uint16_t blocks)
{
    memset(cdb, 0, 16);
    cdb[0] = op;
    ql8400_stbe32(cdb + 2, lba);
    ql8400_stbe16(cdb + 7, blocks);
}

static void read_blocks(Session *s, uint32_t lba, const Sgl *g,
                        uint8_t *cqe)
{
    uint8_t cdb[16];

    rw10(cdb, 0x28, lba, g->len / BLOCK);
    ck_assert_int_eq(scsi_command_ua(s, cdb, false, g, cqe), 0);
    ck_assert_uint_ge(ql8400_ld16(cqe + 48), 1);    /* Data-In PDUs */
}

static void write_blocks(Session *s, uint32_t lba, const Sgl *g,
                         uint8_t *cqe)
{
    uint8_t cdb[16];

    rw10(cdb, 0x2a, lba, g->len / BLOCK);
    ck_assert_int_eq(scsi_command_ua(s, cdb, true, g, cqe), 0);
}

static void logout(Session *s)
{
    uint16_t task = new_task();
    uint8_t w[64], cqe[64];

    wqe_logout(w, task, s->cmdsn);
    post_wqe(w);
    ck_assert_msg(wait_cqe(cqe, STEP_MS), "no Logout Response");
    ck_assert_uint_eq(cqe[3], QL8400_ISCSI_OP_LOGOUT_RSP);
    ck_assert_uint_eq(ql8400_ld16(cqe + 56), task | 2 << 14);
    ck_assert_uint_eq(cqe[1], 0);               /* closed successfully */
}

/* Connect, log in, UPDATE, and take the new nexus' UNIT ATTENTION. */
static void start_session(Session *s, uint8_t id, const char *iqn,
                          bool digests, bool immediate)
{
    uint8_t cdb[16] = { 0 }, cqe[64];

    offload_connect(60100 + id, tgtd.iscsi_port);
    session_init(s, id);
    login(s, iqn, digests, immediate);
    offload_update(s);
    ck_assert_int_eq(scsi_command_ua(s, cdb, false, NULL, cqe), 0);
}

/* --- the LUN's backing files -------------------------------------------- */

static void random_bytes(uint8_t *buf, size_t len, uint32_t seed)
{
    size_t i;

    for (i = 0; i < len; i++) {
        seed = seed * 1664525u + 1013904223u;
        buf[i] = seed >> 24;
    }
}

static void lun_io(int tid, bool write, uint64_t off, void *buf, size_t len)
{
    char path[256];
    ssize_t n;
    int fd;

    tgtd_fixture_lun_path(&tgtd, tid, path, sizeof(path));
    fd = open(path, write ? O_WRONLY : O_RDONLY);
    ck_assert_int_ge(fd, 0);
    n = write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);
    ck_assert_int_eq(n, (ssize_t)len);
    if (write) {
        ck_assert_int_eq(fdatasync(fd), 0);
    }
    close(fd);
}

static void check_pattern(const uint8_t *buf, uint64_t off, size_t len)
{
    uint8_t *want = malloc(len);
    size_t i;

    ck_assert_ptr_nonnull(want);
    tgtd_pattern(off, want, len);
    for (i = 0; i < len && buf[i] == want[i]; i++) {
        continue;
    }
    free(want);
    ck_assert_msg(i == len, "LUN byte 0x%" PRIx64 " differs",
                  off + (uint64_t)i);
}

/* --- the tests ---------------------------------------------------------- */

START_TEST(login_read_logout_teardown)
{
    static const uint8_t want[] = {
        QL8400_KCQE_L5CM_TCP_CONNECT, QL8400_KCQE_L4_CONNECT_COMPLETE,
        QL8400_KCQE_ISCSI_UPDATE_CONN, QL8400_KCQE_L5CM_CLOSE,
        QL8400_KCQE_L4_CLOSE_COMP, QL8400_KCQE_L5CM_SEARCHER_DELETE,
        QL8400_KCQE_L5CM_TERMINATE_OFFLOAD,
    };
    static uint8_t disk[64 * 1024], got[64 * 1024];
    const uint32_t lba = 2048;
    const Sgl small = { SMALL_BUF, 96, 4096, 0 };
    const Sgl cap = { SMALL_BUF, 8, 4096, 0 };
    const Sgl data = { DATA_IN + 8, sizeof(got), 4096, 512 };
    uint8_t cdb[16] = { 0 }, cqe[64];
    Session s;
    uint32_t k;

    random_bytes(disk, sizeof(disk), 1);
    lun_io(PLAIN_TID, true, (uint64_t)lba * BLOCK, disk, sizeof(disk));
    start_session(&s, 1, PLAIN_IQN, false, true);
    ck_assert(s.immediate);

    cdb[0] = 0x12;                              /* INQUIRY, 96 bytes */
    cdb[4] = 96;
    memset(mem(SMALL_BUF), 0xee, 4096);
    ck_assert_int_eq(scsi_command(&s, cdb, false, &small, cqe), 0);
    ck_assert_uint_eq(mem(SMALL_BUF)[0] & 0x1f, 0);     /* a disk */
    ck_assert_uint_ge(mem(SMALL_BUF)[4] + 5u, 36);
    ck_assert_uint_eq(mem(SMALL_BUF)[96], 0xee);

    memset(cdb, 0, sizeof(cdb));
    cdb[0] = 0x25;                              /* READ CAPACITY(10) */
    ck_assert_int_eq(scsi_command_ua(&s, cdb, false, &cap, cqe), 0);
    ck_assert_uint_eq(ql8400_ldbe32(mem(SMALL_BUF)), LUN_BYTES / BLOCK - 1);
    ck_assert_uint_eq(ql8400_ldbe32(mem(SMALL_BUF) + 4), BLOCK);

    /* READ(10) of what the host wrote into the file, into 16 BDs */
    memset(mem(DATA_IN), 0xa5, 1 << 20);
    read_blocks(&s, lba, &data, cqe);
    sgl_gather(&data, got);
    ck_assert(memcmp(got, disk, sizeof(got)) == 0);
    for (k = 0; k < 8; k++) {
        ck_assert_uint_eq(mem(DATA_IN)[k], 0xa5);
    }
    for (k = 0; k < 512; k++) {                 /* the gaps untouched */
        ck_assert_uint_eq(*mem(DATA_IN + 8 + 4096 + k), 0xa5);
    }
    /* and a pattern block the host left alone */
    read_blocks(&s, 100, &(Sgl){ DATA_IN, 4096, 4096, 0 }, cqe);
    check_pattern(mem(DATA_IN), 100 * BLOCK, 4096);

    logout(&s);
    offload_close();
    offload_terminate();
    check_sequence(want, sizeof(want));
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(write_through_r2t_then_read_back)
{
    static const uint8_t want[] = {
        QL8400_KCQE_L5CM_TCP_CONNECT, QL8400_KCQE_L4_CONNECT_COMPLETE,
        QL8400_KCQE_ISCSI_UPDATE_CONN, QL8400_KCQE_L5CM_CLOSE,
        QL8400_KCQE_L4_CLOSE_COMP, QL8400_KCQE_L5CM_SEARCHER_DELETE,
        QL8400_KCQE_L5CM_TERMINATE_OFFLOAD,
    };
    static uint8_t out[256 * 1024], in[256 * 1024], disk[256 * 1024];
    const uint32_t lba = 4096;
    const Sgl src = { DATA_OUT, sizeof(out), 16384, 4096 };
    const Sgl dst = { DATA_IN + 100, sizeof(in), 8192, 1000 };
    uint8_t cqe[64];
    Session s;

    random_bytes(out, sizeof(out), 2);
    start_session(&s, 2, PLAIN_IQN, false, false);
    ck_assert(!s.immediate);
    ck_assert(s.initial_r2t);
    sgl_fill(&src, out);
    write_blocks(&s, lba, &src, cqe);
    /* every byte went as Data-Out for R2Ts, in PDUs of MaxXmitDSL */
    ck_assert_uint_ge(ql8400_ld16(cqe + 50), 1);
    ck_assert_uint_ge(ql8400_ld16(cqe + 48),
                      (sizeof(out) + s.max_xmit - 1) / s.max_xmit);

    read_blocks(&s, lba, &dst, cqe);
    sgl_gather(&dst, in);
    ck_assert(memcmp(in, out, sizeof(in)) == 0);
    lun_io(PLAIN_TID, false, (uint64_t)lba * BLOCK, disk, sizeof(disk));
    ck_assert(memcmp(disk, out, sizeof(disk)) == 0);
    /* the blocks around are untouched */
    read_blocks(&s, lba - 8, &(Sgl){ DATA_IN, 4096, 4096, 0 }, cqe);
    check_pattern(mem(DATA_IN), (uint64_t)(lba - 8) * BLOCK, 4096);

    logout(&s);
    offload_close();
    offload_terminate();
    check_sequence(want, sizeof(want));
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(digests_read_and_write)
{
    static uint8_t out[128 * 1024], in[128 * 1024], disk[128 * 1024];
    const uint32_t lba = 6000;
    const Sgl src = { DATA_OUT + 4, sizeof(out), 4096, 60 };
    const Sgl dst = { DATA_IN, sizeof(in), 32768, 4096 };
    uint8_t cqe[64];
    Session s;

    random_bytes(out, sizeof(out), 3);
    start_session(&s, 3, DIGEST_IQN, true, true);
    ck_assert(s.hd && s.dd);

    /* a pattern region: Data-In with both digests checked */
    read_blocks(&s, 300, &dst, cqe);
    sgl_gather(&dst, in);
    check_pattern(in, 300 * BLOCK, sizeof(in));

    /* immediate data, then Data-Out for the R2Ts, digests on each */
    sgl_fill(&src, out);
    write_blocks(&s, lba, &src, cqe);
    ck_assert_uint_ge(ql8400_ld16(cqe + 48), 1);    /* Data-Out PDUs */
    ck_assert_uint_ge(ql8400_ld16(cqe + 50), 1);    /* R2Ts */
    read_blocks(&s, lba, &dst, cqe);
    sgl_gather(&dst, in);
    ck_assert(memcmp(in, out, sizeof(in)) == 0);
    lun_io(DIGEST_TID, false, (uint64_t)lba * BLOCK, disk, sizeof(disk));
    ck_assert(memcmp(disk, out, sizeof(disk)) == 0);

    logout(&s);
    offload_close();
    offload_terminate();
    ck_assert(!kcqe_seen(QL8400_KCQE_ISCSI_ERROR));
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(data_digest_error_then_abort)
{
    static const uint8_t want[] = {
        QL8400_KCQE_L5CM_TCP_CONNECT, QL8400_KCQE_L4_CONNECT_COMPLETE,
        QL8400_KCQE_ISCSI_UPDATE_CONN, QL8400_KCQE_ISCSI_ERROR,
        QL8400_KCQE_L5CM_ABORT, QL8400_KCQE_L4_RESET_COMP,
        QL8400_KCQE_L5CM_SEARCHER_DELETE,
        QL8400_KCQE_L5CM_TERMINATE_OFFLOAD,
    };
    const Sgl dst = { DATA_IN, 256 * 1024, 16384, 0 };
    uint8_t cdb[16], w[64];
    const Kcqe *k;
    uint16_t task;
    Session s;

    start_session(&s, 4, DIGEST_IQN, true, true);
    ck_assert(s.hd && s.dd);

    /* the stream is at a PDU boundary: follow it from here */
    tap.hd = s.hd;
    tap.dd = s.dd;
    tap.seq = tap.peer_next;
    tap.hdr_got = 0;
    task = new_task();
    tap.itt = task;
    tap.armed = true;
    rw10(cdb, 0x28, 0, dst.len / BLOCK);
    wqe_scsi_cmd(w, task, false, dst.len, s.cmdsn++, cdb,
                 bd_table(task, &dst), sgl_bds(&dst));
    cq_arm();
    post_wqe(w);
    k = expect_event(QL8400_KCQE_ISCSI_ERROR, STEP_MS);
    ck_assert(tap.done);
    ck_assert_msg(k->w4 == 0x06, "ISCSI_ERROR code 0x%x, not 0x06 (data"
                  " digest)", k->w4);
    /* fatal: the command does not complete */
    run_for(200);
    ck_assert(!cqe_ready());

    /* bnx2i: iscsi_conn_failure, then the endpoint is aborted */
    offload_abort();
    offload_terminate();
    check_sequence(want, sizeof(want));
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(target_deleted_under_the_session)
{
    const Sgl dst = { DATA_IN, 4096, 4096, 0 };
    uint8_t cqe[64], ops[64];
    const Kcqe *k;
    Session s;
    unsigned n;

    start_session(&s, 5, DOOMED_IQN, false, true);
    read_blocks(&s, 0, &dst, cqe);
    check_pattern(mem(DATA_IN), 0, 4096);
    ck_assert(tgtd_fixture_delete_target(&tgtd, DOOMED_TID));
    k = peek_event(STEP_MS);
    ck_assert_msg(k, "no KCQE after the target went away");
    fprintf(stderr, "offload-net: target deleted: KCQE %u\n", k->op);
    if (k->op == QL8400_KCQE_L4_CLOSE_RECEIVED) {
        /* bnx2i: remote close; the endpoint is closed gracefully */
        ev_cursor++;
        spq_post(3, 0x8c, CID, 0);
        expect_event(QL8400_KCQE_L5CM_CLOSE, 0);
        k = peek_event(STEP_MS);
        ck_assert_msg(k && (k->op == QL8400_KCQE_L4_CLOSE_COMP ||
                            k->op == QL8400_KCQE_L4_RESET_RECEIVED),
                      "no end of the close: KCQE 0x%02x", k ? k->op : 0);
        ev_cursor++;
    } else {
        /* cnic: remote abort, the searcher and context go at once */
        ck_assert_uint_eq(k->op, QL8400_KCQE_L4_RESET_RECEIVED);
        ev_cursor++;
    }
    offload_terminate();
    n = event_ops(ops, sizeof(ops));
    ck_assert_uint_ge(n, 6);
    ck_assert_uint_eq(ops[n - 2], QL8400_KCQE_L5CM_SEARCHER_DELETE);
    ck_assert_uint_eq(ops[n - 1], QL8400_KCQE_L5CM_TERMINATE_OFFLOAD);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

/* --- fixtures, suite ---------------------------------------------------- */

static void chip_setup(void)
{
    memset(&tap, 0, sizeof(tap));
    spq_prod = 0;
    kcq_cons = 0;
    n_kcqes = 0;
    ev_cursor = 0;
    notifications = 0;
    notifications_handled = 0;
    sq_prod = 0;
    cq_cons = 0;
    cq_exp_sn = 1;
    rq_cons = 0;
    cqe_head = cqe_count = 0;
    next_task = 0;
    n_held = 0;
    ql8400_log_guest_errors = 0;

    h = fake_host_new();
    ck_assert_ptr_nonnull(h);
    c = &h->chip;
    sync_clock();
    test_link_bring_up(c);
    cnic_start();
    queues_init();
    net = slirp_net_new(iscsi_mac);
    ck_assert_msg(net, "libslirp did not start");
    slirp_net_set_rx(net, net_rx, NULL);
    h->on_frame_out = frame_to_slirp;
    /* iscsiuio's job: the target's next hop */
    ck_assert_msg(slirp_net_resolve(net, slirp_net_host_ip, gw_mac,
                                    2000 * MS), "no ARP reply for 10.0.2.2");
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}

static void chip_teardown(void)
{
    if (h) {
        h->on_frame_out = NULL;
    }
    slirp_net_free(net);
    net = NULL;
    if (h) {
        fake_host_free(h);
        h = NULL;
    }
}

static bool allow_digests(int tid)
{
    char tids[16];

    snprintf(tids, sizeof(tids), "%d", tid);
    return tgtd_fixture_tgtadm(&tgtd, NULL, 0, "--lld", "iscsi", "--mode",
                               "target", "--op", "update", "--tid", tids,
                               "-n", "HeaderDigest", "-v", "CRC32C,None",
                               NULL) &&
           tgtd_fixture_tgtadm(&tgtd, NULL, 0, "--lld", "iscsi", "--mode",
                               "target", "--op", "update", "--tid", tids,
                               "-n", "DataDigest", "-v", "CRC32C,None",
                               NULL);
}

static void tgtd_setup(void)
{
    ck_assert_msg(tgtd_fixture_start(&tgtd), "tgtd did not start");
    ck_assert(tgtd_fixture_add_target(&tgtd, PLAIN_TID, PLAIN_IQN,
                                      LUN_BYTES));
    ck_assert(tgtd_fixture_add_target(&tgtd, DIGEST_TID, DIGEST_IQN,
                                      LUN_BYTES));
    ck_assert(tgtd_fixture_add_target(&tgtd, DOOMED_TID, DOOMED_IQN,
                                      1 << 20));
    ck_assert_msg(allow_digests(DIGEST_TID), "tgtadm refused the digests");
}

static void tgtd_teardown(void)
{
    tgtd_fixture_stop(&tgtd);
}

Suite *offload_net_suite(void)
{
    Suite *s = suite_create("offload_net");
    TCase *tc = tcase_create("cnic_bnx2i");

    tcase_add_unchecked_fixture(tc, tgtd_setup, tgtd_teardown);
    tcase_add_checked_fixture(tc, chip_setup, chip_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, login_read_logout_teardown);
    tcase_add_test(tc, write_through_r2t_then_read_back);
    tcase_add_test(tc, digests_read_and_write);
    tcase_add_test(tc, data_digest_error_then_abort);
    tcase_add_test(tc, target_deleted_under_the_session);
    suite_add_tcase(s, tc);
    return s;
}
