/*
 * Unit tests: the iSCSI engine of one connection, driven as bnx2i drives
 * it (WQEs in SQ pages, CQEs and RQ entries read back, the CQ doorbell
 * record armed) against a scripted target on an in-memory byte stream.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include "fake-host.h"
#include "iscsi-conn.h"
#include "iscsi-pdu.h"
#include "crc32c.h"
#include "ip.h"
#include "kcq.h"
#include "le.h"
#include "tests.h"

#define HOST_SB     (FAKE_MEM_BASE + 0x0000)
#define KCQ_PAGE    (FAKE_MEM_BASE + 0x1000)
#define SQ_PT       (FAKE_MEM_BASE + 0x10000)
#define SQ_PAGES    (FAKE_MEM_BASE + 0x11000)   /* 2, in reverse order */
#define CQ_PT       (FAKE_MEM_BASE + 0x20000)
#define CQ_PAGES    (FAKE_MEM_BASE + 0x21000)   /* 3, in reverse order */
#define RQ_PT       (FAKE_MEM_BASE + 0x30000)
#define RQ_PAGE     (FAKE_MEM_BASE + 0x31000)
#define BD_TABLES   (FAKE_MEM_BASE + 0x40000)   /* 512 bytes per task */
#define MP_REQ_BD   (FAKE_MEM_BASE + 0x60000)
#define MP_RESP_BD  (FAKE_MEM_BASE + 0x60010)
#define MP_DUMMY_BD (FAKE_MEM_BASE + 0x60020)
#define LOGIN_REQ   (FAKE_MEM_BASE + 0x62000)
#define LOGIN_RESP  (FAKE_MEM_BASE + 0x64000)
#define DUMMY_PAGE  (FAKE_MEM_BASE + 0x66000)
#define DATA        (FAKE_MEM_BASE + 0x100000)

#define SB_ID       1
#define CID         0x1234
#define L5_CID      3
#define SQ_SIZE     128
#define CQ_SIZE     192
#define RQ_SIZE     16
#define STREAM_MAX  (1u << 20)
#define MS          1000000ll

static FakeHost *h;
static Ql8400IscsiConn *ic;
static Ql8400IscsiParams params;
static uint16_t sq_prod;
static uint32_t cq_cons;
static uint32_t cq_exp_sn;
static unsigned kcq_seen;
static uint16_t rq_prod;

/* the stream: what the engine sent, and its receive buffer */
static struct {
    uint8_t out[STREAM_MAX];
    size_t out_len;
    size_t out_read;
    size_t send_room;           /* bytes send() still takes */
    uint8_t in[STREAM_MAX];
    size_t in_len;
    size_t rx_cap;              /* receive buffer size */
    bool hd;                    /* digests the target uses */
    bool dd;
} s;

static uint8_t *mem(uint64_t addr)
{
    return h->mem + (addr - FAKE_MEM_BASE);
}

static size_t st_send(void *opaque, const void *buf, size_t len)
{
    size_t n = len < s.send_room ? len : s.send_room;

    ck_assert_uint_le(s.out_len + n, STREAM_MAX);
    memcpy(s.out + s.out_len, buf, n);
    s.out_len += n;
    s.send_room -= n;
    return n;
}

static size_t st_rx_avail(void *opaque)
{
    return s.in_len;
}

static size_t st_rx_peek(void *opaque, size_t offset, void *buf, size_t len)
{
    if (offset >= s.in_len) {
        return 0;
    }
    if (len > s.in_len - offset) {
        len = s.in_len - offset;
    }
    memcpy(buf, s.in + offset, len);
    return len;
}

static void st_rx_consume(void *opaque, size_t n)
{
    ck_assert_uint_le(n, s.in_len);
    memmove(s.in, s.in + n, s.in_len - n);
    s.in_len -= n;
}

static const Ql8400IscsiStream stream = {
    .send = st_send,
    .rx_avail = st_rx_avail,
    .rx_peek = st_rx_peek,
    .rx_consume = st_rx_consume,
};

/* --- the host side: bnx2i's rings ------------------------------------- */

static void wr(uint32_t addr, uint32_t val)
{
    ql8400_grc_write(&h->chip, addr, val, 4);
}

static void setup(void)
{
    unsigned i;

    h = fake_host_new();
    memset(&s, 0, sizeof(s));
    s.send_room = SIZE_MAX;
    s.rx_cap = 65536;
    ql8400_log_guest_errors = 0;
    ql8400_log_unimp = 0;
    sq_prod = 0;
    cq_cons = 0;
    cq_exp_sn = 1;
    kcq_seen = 0;

    /* cnic's status block and KCQ */
    wr(0x41c000 + 0x40 * SB_ID + 0x10, (uint32_t)HOST_SB);
    wr(0x41c000 + 0x40 * SB_ID + 0x14, 0);
    wr(0x41c000 + 0x40 * SB_ID + 0x18, SB_ID << 16);
    wr(0x41c000 + 0x40 * SB_ID + 0x2c, 1 << 16);
    wr(0x416054, SB_ID | 6 << 16);
    wr(0x41604c, (uint32_t)KCQ_PAGE);
    wr(0x416050, 0);
    wr(0x416044, (uint32_t)KCQ_PAGE);
    wr(0x416048, 0);
    ck_assert(ql8400_kcq_running(&h->chip));

    /* queue page tables; the pages out of order on purpose */
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
    rq_prod = 0x8000;                       /* all entries posted */
    ql8400_st16(mem(RQ_PT), rq_prod);

    /* bnx2i's middle-path BDs */
    ql8400_st32(mem(MP_REQ_BD), LOGIN_REQ >> 32);
    ql8400_st32(mem(MP_REQ_BD + 4), (uint32_t)LOGIN_REQ);
    ql8400_st16(mem(MP_REQ_BD + 8), 8192);
    ql8400_st32(mem(MP_RESP_BD), LOGIN_RESP >> 32);
    ql8400_st32(mem(MP_RESP_BD + 4), (uint32_t)LOGIN_RESP);
    ql8400_st16(mem(MP_RESP_BD + 8), 8192);
    ql8400_st32(mem(MP_DUMMY_BD + 4), (uint32_t)DUMMY_PAGE);
    ql8400_st16(mem(MP_DUMMY_BD + 8), 4096);

    memset(&params, 0, sizeof(params));
    params.cid = CID;
    params.l5_cid = L5_CID;
    params.num_tasks = 128;
    params.sq_size = SQ_SIZE;
    params.cq_size = CQ_SIZE;
    params.rq_size = RQ_SIZE;
    params.rq_buf_size = 256;
    params.error_mask = 1ull << 0x1b | 1ull << 0x0f | 1ull << 0x20;
    params.sq_pbl = SQ_PT + 16;
    params.sq_db = SQ_PT;
    params.cq_pbl = CQ_PT + 80;
    params.cq_db = CQ_PT;
    params.rq_pbl = RQ_PT + 64;
    params.rq_db = RQ_PT;
    params.max_send_pdu = 8192;
    params.max_recv_pdu = 8192;
    params.first_burst = 65536;
    params.max_burst = 262144;
    params.max_r2t = 1;
    params.immediate_data = true;
    params.initial_r2t = true;
    ic = ql8400_iscsi_new(&h->chip, &params, &stream, NULL);
    ck_assert_ptr_nonnull(ic);
}

static void teardown(void)
{
    ql8400_iscsi_free(ic);
    fake_host_free(h);
}

static void post_wqe(const uint8_t *w)
{
    unsigned slot = sq_prod % SQ_SIZE;
    uint64_t page = ql8400_ld64(mem(SQ_PT + 16 + 8 * (slot / 64)));

    memcpy(mem(page + 64 * (slot % 64)), w, 64);
    sq_prod++;
    ql8400_st16(mem(SQ_PT), sq_prod);
    ql8400_iscsi_sq_doorbell(ic);
}

/* The next CQE if the engine wrote it (its sequence number says so). */
static bool next_cqe(uint8_t *cqe)
{
    unsigned slot = cq_cons % CQ_SIZE;
    uint64_t page = ql8400_ld64(mem(CQ_PT + 80 + 8 * (slot / 64)));
    const uint8_t *q = mem(page + 64 * (slot % 64));

    if (ql8400_ld32(q + 60) != cq_exp_sn) {
        return false;
    }
    memcpy(cqe, q, 64);
    cq_cons++;
    cq_exp_sn = cq_exp_sn == 2 * CQ_SIZE ? 1 : cq_exp_sn + 1;
    return true;
}

static void expect_cqe(uint8_t *cqe, uint8_t opcode, uint16_t itt)
{
    ck_assert_msg(next_cqe(cqe), "no CQE (expected opcode 0x%x)", opcode);
    ck_assert_uint_eq(cqe[3], opcode);
    ck_assert_uint_eq(ql8400_ld16(cqe + 56), itt);
}

/* KCQEs with this opcode posted since the last call (others skipped). */
static unsigned kcqes(uint8_t opcode, uint32_t *status)
{
    unsigned n = 0;

    for (; kcq_seen < 127; kcq_seen++) {
        const uint8_t *k = mem(KCQ_PAGE + 32 * kcq_seen);
        uint32_t op_flag = ql8400_ld32(k + 28);

        if (!op_flag) {
            break;
        }
        if ((op_flag >> 16 & 0xff) == opcode) {
            ck_assert_uint_eq(op_flag >> 28, QL8400_KCQE_LAYER_ISCSI);
            ck_assert_uint_eq(ql8400_ld32(k), L5_CID);
            ck_assert_uint_eq(ql8400_ld32(k + 8), CID);
            if (status) {
                *status = ql8400_ld32(k + 4);
            }
            n++;
        }
    }
    return n;
}

static void arm(uint16_t sqn)
{
    ql8400_st16(mem(CQ_PT + 48), sqn);
}

static uint16_t sqn0(void)
{
    return ql8400_ld16(mem(CQ_PT + 48));
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

static const uint8_t *rq_entry(unsigned k)
{
    return mem(RQ_PAGE + 256 * (k % RQ_SIZE));
}

/* A command's BD table: n buffers of the given lengths, from addr on. */
static uint64_t bd_table(unsigned task, const uint32_t *lens, unsigned n,
                         uint64_t addr, uint64_t gap)
{
    uint64_t tbl = BD_TABLES + 512 * task;
    unsigned i;

    for (i = 0; i < n; i++) {
        uint8_t *bd = mem(tbl + 16 * i);

        ql8400_st32(bd, addr >> 32);
        ql8400_st32(bd + 4, (uint32_t)addr);
        ql8400_st16(bd + 8, lens[i]);
        ql8400_st16(bd + 12, (i == 0 ? 0x80 : 0) | (i == n - 1 ? 0x40 : 0));
        addr += lens[i] + gap;
    }
    return tbl;
}

/* Byte k of a command's buffer through its BD table. */
static uint8_t *buf_byte(uint64_t tbl, uint32_t k)
{
    for (;;) {
        const uint8_t *bd = mem(tbl);
        uint32_t len = ql8400_ld16(bd + 8);

        if (k < len) {
            return mem((uint64_t)ql8400_ld32(bd) << 32 |
                       ql8400_ld32(bd + 4)) + k;
        }
        k -= len;
        tbl += 16;
    }
}

static uint8_t pattern(uint32_t k, uint8_t seed)
{
    return (uint8_t)(k * 7 + (k >> 8) + seed);
}

/* --- WQEs as bnx2i_hwi.c builds them ---------------------------------- */

static const uint8_t isid[6] = { 0x00, 0x02, 0x3d, 0x11, 0x22, 0x33 };

static void wqe_login(uint8_t *w, uint16_t itt, uint32_t cmdsn,
                      uint32_t expstatsn, uint32_t dlen)
{
    memset(w, 0, 64);
    w[0] = 0;                               /* version min */
    w[1] = 0;                               /* version max */
    w[2] = 0x87;                            /* T, CSG 1, NSG 3 */
    w[3] = 0x43;
    ql8400_st32(w + 4, dlen);
    memcpy(w + 8, isid, 4);                 /* raw */
    w[12] = 0x00;                           /* TSIH 0x0007, raw */
    w[13] = 0x07;
    memcpy(w + 14, isid + 4, 2);
    ql8400_st16(w + 16, itt | 2 << 14);
    w[22] = 0x00;                           /* CID 0x0005, raw */
    w[23] = 0x05;
    ql8400_st32(w + 24, cmdsn);
    ql8400_st32(w + 28, expstatsn);
    ql8400_st64(w + 36, MP_RESP_BD);
    ql8400_st32(w + 44, 1u << 24 | 8192);
    w[48] = 0x04;                           /* UPDATE_EXP_STAT_SN */
    ql8400_st64(w + 52, MP_REQ_BD);
    w[60] = 1;
}

static void wqe_text(uint8_t *w, uint16_t itt, uint32_t cmdsn, uint32_t dlen)
{
    memset(w, 0, 64);
    w[2] = 0x80;
    w[3] = 0x04;
    ql8400_st32(w + 4, dlen);
    ql8400_st16(w + 16, itt | 2 << 14);
    ql8400_st32(w + 20, 0xffffffff);
    ql8400_st32(w + 24, cmdsn);
    ql8400_st64(w + 36, MP_RESP_BD);
    ql8400_st32(w + 44, 1u << 24 | 8192);
    ql8400_st64(w + 52, MP_REQ_BD);
    w[60] = 1;
}

static void wqe_nop(uint8_t *w, uint16_t itt, uint32_t ttt, uint32_t cmdsn,
                    bool local)
{
    memset(w, 0, 64);
    w[2] = 0x80;
    w[3] = 0x40;
    ql8400_st16(w + 16, itt | 2 << 14);
    ql8400_st32(w + 20, ttt);
    ql8400_st32(w + 24, cmdsn);
    w[48] = local ? 0x02 : 0;
    ql8400_st64(w + 52, MP_DUMMY_BD);
    w[60] = 1;
}

static void wqe_logout(uint8_t *w, uint16_t itt, uint32_t cmdsn)
{
    memset(w, 0, 64);
    w[2] = 0x80;                            /* close the session */
    w[3] = 0x46;
    ql8400_st16(w + 16, itt | 2 << 14);
    ql8400_st32(w + 24, cmdsn);
    ql8400_st64(w + 52, MP_DUMMY_BD);
    w[60] = 1;
}

static const uint8_t cdb_read10[10] = {
    0x28, 0, 0x00, 0x00, 0x10, 0x00, 0, 0x00, 0x18, 0
};
static const uint8_t cdb_write10[10] = {
    0x2a, 0, 0x00, 0x00, 0x20, 0x00, 0, 0x00, 0x28, 0
};

/* bnx2i_cpy_scsi_cdb: CDB dwords (and a 2-byte tail) byte-reversed */
static void wqe_cmd(uint8_t *w, uint16_t task, bool write, uint16_t lun,
                    uint32_t edtl, uint32_t cmdsn, const uint8_t *cdb,
                    uint64_t bd_tbl, unsigned num_bds)
{
    uint8_t wire_lun[8];
    unsigned i;

    memset(w, 0, 64);
    w[2] = 0x01 | (write ? 0x20 : (edtl ? 0x40 : 0));
    w[3] = 0x01;
    ql8400_iscsi_encode_lun(wire_lun, lun);
    ql8400_st32(w + 8, ql8400_ldbe32(wire_lun));
    ql8400_st32(w + 12, ql8400_ldbe32(wire_lun + 4));
    ql8400_st16(w + 16, task | (write ? 1 : 0) << 14);
    ql8400_st32(w + 20, edtl);
    ql8400_st32(w + 24, cmdsn);
    for (i = 0; i < 2; i++) {
        ql8400_st32(w + 32 + 4 * i, ql8400_ldbe32(cdb + 4 * i));
    }
    ql8400_st32(w + 40, (uint32_t)cdb[8] << 24 | (uint32_t)cdb[9] << 16);
    ql8400_st64(w + 52, bd_tbl);
    w[60] = num_bds;
}

/* --- the target side -------------------------------------------------- */

typedef struct Pdu {
    uint8_t bhs[48];
    uint32_t dlen;
    const uint8_t *data;
} Pdu;

static uint32_t crc(const void *buf, size_t len)
{
    return ~ql8400_crc32c(~0u, buf, len);
}

/* The next PDU the engine sent, its digests checked if the target uses them */
static bool next_pdu(Pdu *p)
{
    const uint8_t *b = s.out + s.out_read;
    size_t avail = s.out_len - s.out_read;
    size_t need = 48 + (s.hd ? 4 : 0);
    size_t seg;

    if (avail < need) {
        return false;
    }
    memcpy(p->bhs, b, 48);
    p->dlen = ql8400_iscsi_dlength(b);
    seg = p->dlen ? p->dlen + ql8400_iscsi_pad(p->dlen) +
                    (s.dd ? 4 : 0) : 0;
    if (avail < need + seg) {
        return false;
    }
    if (s.hd) {
        ck_assert_uint_eq(ql8400_ld32(b + 48), crc(b, 48));
    }
    p->data = b + need;
    if (p->dlen && s.dd) {
        size_t padded = p->dlen + ql8400_iscsi_pad(p->dlen);

        ck_assert_uint_eq(ql8400_ld32(p->data + padded),
                          crc(p->data, padded));
    }
    s.out_read += need + seg;
    return true;
}

static void expect_pdu(Pdu *p, uint8_t opcode)
{
    ck_assert_msg(next_pdu(p), "no PDU (expected opcode 0x%x)", opcode);
    ck_assert_uint_eq(p->bhs[0] & 0x3f, opcode);
}

/*
 * Puts bytes into the engine's receive buffer as room appears; returns how
 * many it could not take (the engine stopped reading).
 */
static size_t target_bytes(const uint8_t *b, size_t len)
{
    while (len) {
        size_t room = s.rx_cap - s.in_len;
        size_t before = s.in_len;
        size_t n = len < room ? len : room;

        memcpy(s.in + s.in_len, b, n);
        s.in_len += n;
        b += n;
        len -= n;
        ql8400_iscsi_rx_ready(ic);
        if (len && s.in_len == before + n && s.in_len == s.rx_cap) {
            break;
        }
    }
    return len;
}

static uint8_t wire[STREAM_MAX];

/* Sends a PDU from the target (BHS plus data segment). */
static size_t target_pdu(const uint8_t *bhs, const uint8_t *data,
                         uint32_t dlen)
{
    size_t n = 48;
    uint32_t pad = ql8400_iscsi_pad(dlen);

    memcpy(wire, bhs, 48);
    ql8400_iscsi_set_dlength(wire, dlen);
    if (s.hd) {
        ql8400_st32(wire + n, crc(wire, 48));
        n += 4;
    }
    if (dlen) {
        memcpy(wire + n, data, dlen);
        memset(wire + n + dlen, 0, pad);
        n += dlen + pad;
        if (s.dd) {
            ql8400_st32(wire + n, crc(wire + n - dlen - pad, dlen + pad));
            n += 4;
        }
    }
    return target_bytes(wire, n);
}

static void rsp_bhs(uint8_t *b, uint8_t op, uint8_t flags, uint32_t itt,
                    uint32_t statsn)
{
    memset(b, 0, 48);
    b[0] = op;
    b[1] = flags;
    ql8400_stbe32(b + 16, itt);
    ql8400_stbe32(b + 20, 0xffffffff);
    ql8400_stbe32(b + 24, statsn);
    ql8400_stbe32(b + 28, 0x101);           /* ExpCmdSN */
    ql8400_stbe32(b + 32, 0x140);           /* MaxCmdSN */
}

static void update(uint8_t flags, uint32_t max_send, uint32_t max_recv,
                   uint32_t first_burst, uint32_t max_burst, uint8_t max_r2t,
                   uint32_t expstatsn)
{
    uint8_t u[32] = { 0 };

    u[2] = 0x02;
    u[3] = 0x60;
    u[4] = flags;
    u[6] = max_r2t;
    ql8400_st32(u + 8, CID);
    ql8400_st32(u + 12, max_send);
    ql8400_st32(u + 16, max_recv);
    ql8400_st32(u + 20, first_burst);
    ql8400_st32(u + 24, max_burst);
    ql8400_st32(u + 28, expstatsn);
    ql8400_iscsi_update(ic, u);
}

/* --- login, text, logout, NOP ------------------------------------------ */

static const char login_text[] = "InitiatorName=iqn.1994-05.com.redhat:x\0"
                                 "AuthMethod=None";
static const char login_rsp_text[] = "TargetPortalGroupTag=1\0"
                                     "AuthMethod=None\0HeaderDigest=None";

/* A login exchange: the request on the wire, the response back. */
static void do_login(uint16_t task)
{
    uint8_t w[64], b[48], cqe[64];
    Pdu p;

    memcpy(mem(LOGIN_REQ), login_text, sizeof(login_text));
    wqe_login(w, task, 0x100, 0x77, sizeof(login_text));
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_LOGIN_REQ);
    rsp_bhs(b, QL8400_ISCSI_OP_LOGIN_RSP, 0x87, task | 2 << 14, 0x3000);
    b[2] = 0;
    b[3] = 0;
    memcpy(b + 8, isid, 6);
    ql8400_stbe16(b + 14, 0x0107);
    target_pdu(b, (const uint8_t *)login_rsp_text, sizeof(login_rsp_text));
    expect_cqe(cqe, 0x23, task | 2 << 14);
}

START_TEST(login_request_and_response)
{
    uint8_t w[64], b[48], cqe[64];
    Pdu p;
    uint32_t st;

    arm(1);
    memcpy(mem(LOGIN_REQ), login_text, sizeof(login_text));
    wqe_login(w, 5, 0x100, 0x77, sizeof(login_text));
    post_wqe(w);

    expect_pdu(&p, QL8400_ISCSI_OP_LOGIN_REQ);
    ck_assert_uint_eq(p.bhs[0], 0x43);
    ck_assert_uint_eq(p.bhs[1], 0x87);
    ck_assert_uint_eq(p.dlen, sizeof(login_text));
    ck_assert_mem_eq(p.bhs + 8, isid, 6);
    ck_assert_uint_eq(ql8400_ldbe16(p.bhs + 14), 0x0007);   /* TSIH */
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 16), 5 | 2 << 14);
    ck_assert_uint_eq(ql8400_ldbe16(p.bhs + 20), 0x0005);   /* CID */
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 24), 0x100);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 28), 0x77);
    ck_assert_mem_eq(p.data, login_text, sizeof(login_text));
    ck_assert_uint_eq(s.out_read, s.out_len);   /* padding included */
    ck_assert(!next_cqe(cqe));

    rsp_bhs(b, QL8400_ISCSI_OP_LOGIN_RSP, 0x87, 5 | 2 << 14, 0x3000);
    b[2] = 0x00;
    b[3] = 0x00;
    memcpy(b + 8, isid, 6);
    ql8400_stbe16(b + 14, 0x0107);
    b[36] = 0;
    b[37] = 0;
    ck_assert_uint_eq(target_pdu(b, (const uint8_t *)login_rsp_text,
                                 sizeof(login_rsp_text)), 0);
    ck_assert_uint_eq(s.in_len, 0);
    ck_assert_mem_eq(mem(LOGIN_RESP), login_rsp_text,
                     sizeof(login_rsp_text));

    expect_cqe(cqe, 0x23, 5 | 2 << 14);
    ck_assert_uint_eq(ql8400_ld32(cqe + 60), 1);
    ck_assert_uint_eq(cqe[2], 0x87);
    ck_assert_uint_eq(ql8400_ld32(cqe + 4), sizeof(login_rsp_text));
    ck_assert_uint_eq(ql8400_ld32(cqe + 8), 0x101);
    ck_assert_uint_eq(ql8400_ld32(cqe + 12), 0x140);
    ck_assert_uint_eq(ql8400_ld32(cqe + 28), 0x3000);
    ck_assert_mem_eq(cqe + 32, isid, 4);
    ck_assert_uint_eq(ql8400_ld16(cqe + 36), 0x0107);       /* numeric */
    ck_assert_mem_eq(cqe + 38, isid + 4, 2);
    ck_assert(!next_cqe(cqe));

    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_CQ_NOTIFICATION, &st), 1);
    ck_assert_uint_eq(sqn0(), 0xffff);
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_ERROR, NULL), 0);
}
END_TEST

START_TEST(notification_when_disarmed_comes_from_the_timer)
{
    uint8_t w[64], b[48], cqe[64];
    Pdu p;

    wqe_nop(w, 9, 0xffffffff, 0x200, false);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_NOP_OUT);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 16), 9 | 2 << 14);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 20), 0xffffffff);
    ck_assert_uint_eq(p.bhs[1], 0x80);
    rsp_bhs(b, QL8400_ISCSI_OP_NOP_IN, 0x80, 9 | 2 << 14, 0x10);
    target_pdu(b, NULL, 0);
    expect_cqe(cqe, 0x20, 9 | 2 << 14);
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_CQ_NOTIFICATION, NULL), 0);

    /* bnx2i arms for a later CQE; the timer reports the one waiting */
    ck_assert_int_lt(ql8400_iscsi_next_deadline(ic), INT64_MAX);
    ck_assert_int_le(ql8400_iscsi_next_deadline(ic), h->now + MS);
    arm(5);
    h->now = ql8400_iscsi_next_deadline(ic);
    ql8400_iscsi_timer(ic);
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_CQ_NOTIFICATION, NULL), 1);
    ck_assert_uint_eq(sqn0(), 0xffff);
    ck_assert_int_eq(ql8400_iscsi_next_deadline(ic), INT64_MAX);

    /* disarmed when the timer runs: bnx2i will drain anyway */
    wqe_nop(w, 10, 0xffffffff, 0x201, false);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_NOP_OUT);
    rsp_bhs(b, QL8400_ISCSI_OP_NOP_IN, 0x80, 10 | 2 << 14, 0x11);
    target_pdu(b, NULL, 0);
    expect_cqe(cqe, 0x20, 10 | 2 << 14);
    h->now = ql8400_iscsi_next_deadline(ic);
    ql8400_iscsi_timer(ic);
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_CQ_NOTIFICATION, NULL), 0);
    ck_assert_int_eq(ql8400_iscsi_next_deadline(ic), INT64_MAX);

    /* armed for exactly the next CQE: at once */
    arm(3);
    wqe_nop(w, 11, 0xffffffff, 0x202, false);
    post_wqe(w);
    rsp_bhs(b, QL8400_ISCSI_OP_NOP_IN, 0x80, 11 | 2 << 14, 0x12);
    target_pdu(b, NULL, 0);
    expect_cqe(cqe, 0x20, 11 | 2 << 14);
    ck_assert_uint_eq(ql8400_ld32(cqe + 60), 3);
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_CQ_NOTIFICATION, NULL), 1);
}
END_TEST

START_TEST(text_send_targets)
{
    static const char req[] = "SendTargets=All";
    static const char rsp[] = "TargetName=iqn.2001-04.com.example:disk\0"
                              "TargetAddress=10.0.2.2:3260,1";
    uint8_t w[64], b[48], cqe[64];
    Pdu p;

    do_login(1);
    memcpy(mem(LOGIN_REQ), req, sizeof(req));
    wqe_text(w, 2, 0x101, sizeof(req));
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_TEXT_REQ);
    ck_assert_uint_eq(p.bhs[1], 0x80);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 16), 2 | 2 << 14);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 20), 0xffffffff);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 24), 0x101);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 28), 0x3001);  /* StatSN + 1 */
    ck_assert_uint_eq(p.dlen, sizeof(req));
    ck_assert_mem_eq(p.data, req, sizeof(req));

    rsp_bhs(b, QL8400_ISCSI_OP_TEXT_RSP, 0x80, 2 | 2 << 14, 0x3001);
    target_pdu(b, (const uint8_t *)rsp, sizeof(rsp));
    expect_cqe(cqe, 0x24, 2 | 2 << 14);
    ck_assert_uint_eq(cqe[2], 0x80);
    ck_assert_uint_eq(ql8400_ld32(cqe + 4), sizeof(rsp));
    ck_assert_uint_eq(ql8400_ld32(cqe + 16), 0xffffffff);
    ck_assert_mem_eq(mem(LOGIN_RESP), rsp, sizeof(rsp));
}
END_TEST

START_TEST(target_nop_in_and_local_completion)
{
    static const uint8_t ping[5] = { 1, 2, 3, 4, 5 };
    uint8_t w[64], b[48], cqe[64];
    Pdu p;

    rsp_bhs(b, QL8400_ISCSI_OP_NOP_IN, 0x80, 0xffffffff, 0x50);
    ql8400_stbe32(b + 20, 0x55);
    target_pdu(b, ping, sizeof(ping));
    expect_cqe(cqe, 0x20, 0xffff);
    ck_assert_uint_eq(ql8400_ld32(cqe + 16), 0x55);
    ck_assert_uint_eq(ql8400_ld32(cqe + 4), sizeof(ping));
    ck_assert_mem_eq(rq_entry(0), ping, sizeof(ping));

    /* libiscsi answers with a local-completion NOP-Out */
    wqe_nop(w, 7, 0x55, 0x300, true);
    post_wqe(w);
    expect_cqe(cqe, 0x00, 7 | 2 << 14);
    expect_pdu(&p, QL8400_ISCSI_OP_NOP_OUT);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 16), 0xffffffff);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 20), 0x55);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 24), 0x300);
    /* an unsolicited NOP-In does not advance ExpStatSN */
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 28), 0);
    ck_assert(!next_cqe(cqe));
}
END_TEST

START_TEST(logout_and_response)
{
    uint8_t w[64], b[48], cqe[64];
    Pdu p;

    do_login(1);
    wqe_logout(w, 4, 0x120);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_LOGOUT_REQ);
    ck_assert_uint_eq(p.bhs[0], 0x46);
    ck_assert_uint_eq(p.bhs[1], 0x80);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 16), 4 | 2 << 14);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 24), 0x120);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 28), 0x3001);
    ck_assert_uint_eq(p.dlen, 0);

    rsp_bhs(b, QL8400_ISCSI_OP_LOGOUT_RSP, 0x80, 4 | 2 << 14, 0x3001);
    b[2] = 0;
    ql8400_stbe16(b + 40, 2);               /* Time2Wait */
    ql8400_stbe16(b + 42, 20);              /* Time2Retain */
    target_pdu(b, NULL, 0);
    expect_cqe(cqe, 0x26, 4 | 2 << 14);
    ck_assert_uint_eq(cqe[1], 0);
    ck_assert_uint_eq(ql8400_ld16(cqe + 40), 20);
    ck_assert_uint_eq(ql8400_ld16(cqe + 42), 2);
    ck_assert_uint_eq(ql8400_ld32(cqe + 8), 0x101);
}
END_TEST

/* --- SCSI commands -------------------------------------------------- */

static void data_in(uint16_t itt, uint32_t datasn, uint32_t off,
                    uint32_t len, uint8_t flags, uint8_t seed)
{
    static uint8_t d[262144];
    uint8_t b[48];
    uint32_t k;

    for (k = 0; k < len; k++) {
        d[k] = pattern(off + k, seed);
    }
    rsp_bhs(b, QL8400_ISCSI_OP_DATA_IN, flags, itt, 0x40);
    ql8400_stbe32(b + 36, datasn);
    ql8400_stbe32(b + 40, off);
    ck_assert_uint_eq(target_pdu(b, d, len), 0);
}

static void scsi_rsp(uint16_t itt, uint32_t statsn, uint8_t status,
                     const uint8_t *data, uint32_t dlen)
{
    uint8_t b[48];

    rsp_bhs(b, QL8400_ISCSI_OP_SCSI_RSP, 0x80, itt, statsn);
    b[3] = status;
    target_pdu(b, data, dlen);
}

START_TEST(async_and_reject_use_the_rq)
{
    static const uint32_t lens[1] = { 512 };
    uint64_t tbl = bd_table(4, lens, 1, DATA, 0);
    uint8_t w[64], b[48], cqe[64];
    Pdu p;

    rsp_bhs(b, QL8400_ISCSI_OP_ASYNC, 0x80, 0xffffffff, 0x90);
    b[36] = 1;                                      /* logout request */
    b[37] = 0;
    ql8400_stbe16(b + 38, 0x11);
    ql8400_stbe16(b + 40, 0x22);
    ql8400_stbe16(b + 42, 0x33);
    target_pdu(b, NULL, 0);
    ck_assert(next_cqe(cqe));
    ck_assert_uint_eq(cqe[3], 0x32);
    ck_assert_uint_eq(cqe[43], 1);
    ck_assert_uint_eq(ql8400_ld16(cqe + 40), 0x11);
    ck_assert_uint_eq(ql8400_ld16(cqe + 46), 0x22);
    ck_assert_uint_eq(ql8400_ld16(cqe + 44), 0x33);

    /* a rejected command: its header in the next RQ entry, task ended */
    wqe_cmd(w, 4, false, 0, 512, 0x40, cdb_read10, tbl, 1);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    rsp_bhs(b, QL8400_ISCSI_OP_REJECT, 0x80, 0xffffffff, 0x91);
    b[2] = 0x04;                                    /* protocol error */
    target_pdu(b, p.bhs, 48);
    ck_assert(next_cqe(cqe));
    ck_assert_uint_eq(cqe[3], 0x3f);
    ck_assert_uint_eq(cqe[1], 0x04);
    ck_assert_uint_eq(ql8400_ld32(cqe + 4), 48);
    ck_assert_mem_eq(rq_entry(1), p.bhs, 48);
    scsi_rsp(4, 0x92, 0, NULL, 0);                  /* no task any more */
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_ERROR, NULL), 1);
}
END_TEST

START_TEST(read_data_in_across_bds)
{
    static const uint32_t lens[3] = { 1000, 5000, 6288 };
    uint64_t tbl = bd_table(3, lens, 3, DATA + 8, 24);
    uint8_t w[64], cqe[64], lun[8];
    uint32_t k;
    Pdu p;

    wqe_cmd(w, 3, false, 2, 12288, 0x500, cdb_read10, tbl, 3);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    ck_assert_uint_eq(p.bhs[1], 0xc1);              /* F, R, SIMPLE */
    ql8400_iscsi_encode_lun(lun, 2);
    ck_assert_mem_eq(p.bhs + 8, lun, 8);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 16), 3);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 20), 12288);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 24), 0x500);
    ck_assert_mem_eq(p.bhs + 32, cdb_read10, 10);
    ck_assert_uint_eq(p.bhs[42], 0);
    ck_assert_uint_eq(p.dlen, 0);

    data_in(3, 0, 0, 6144, 0, 0x11);
    data_in(3, 1, 6144, 6144, 0x80, 0x11);
    ck_assert(!next_cqe(cqe));
    for (k = 0; k < 12288; k++) {
        ck_assert_uint_eq(*buf_byte(tbl, k), pattern(k, 0x11));
    }
    ck_assert_uint_eq(*mem(DATA + 8 + 1000), 0);    /* the gaps untouched */

    scsi_rsp(3, 0x41, 0, NULL, 0);
    expect_cqe(cqe, 0x21, 3);
    ck_assert_uint_eq(cqe[0], 0);
    ck_assert_uint_eq(cqe[2], 0x80);
    ck_assert_uint_eq(ql8400_ld16(cqe + 48), 2);    /* num_data_ins */
    ck_assert_uint_eq(ql8400_ld32(cqe + 8), 0x101);
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_ERROR, NULL), 0);
}
END_TEST

START_TEST(read_data_in_with_status)
{
    static const uint32_t lens[1] = { 4096 };
    uint64_t tbl = bd_table(8, lens, 1, DATA, 0);
    uint8_t w[64], b[48], cqe[64];
    Pdu p;

    wqe_cmd(w, 8, false, 0, 4096, 0x10, cdb_read10, tbl, 1);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    rsp_bhs(b, QL8400_ISCSI_OP_DATA_IN, 0x83, 8, 0x77);     /* F U S */
    ql8400_stbe32(b + 40, 0);
    ql8400_stbe32(b + 44, 1096);
    target_pdu(b, mem(DUMMY_PAGE), 3000);
    expect_cqe(cqe, 0x25, 8);
    ck_assert_uint_eq(cqe[0], 0);
    ck_assert_uint_eq(cqe[2], 0x83);
    ck_assert_uint_eq(ql8400_ld32(cqe + 20), 1096);
    ck_assert_uint_eq(ql8400_ld16(cqe + 48), 1);

    /* StatSN advanced by the S bit */
    wqe_nop(w, 9, 0xffffffff, 0x11, false);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_NOP_OUT);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 28), 0x78);
}
END_TEST

/* Checks a Data-Out PDU against the command's buffer. */
static void expect_data_out(uint64_t tbl, uint16_t itt, uint32_t ttt,
                            uint32_t datasn, uint32_t off, uint32_t len,
                            bool final, uint8_t seed)
{
    Pdu p;
    uint32_t k;

    expect_pdu(&p, QL8400_ISCSI_OP_DATA_OUT);
    ck_assert_uint_eq(p.bhs[1], final ? 0x80 : 0);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 16), itt);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 20), ttt);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 36), datasn);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 40), off);
    ck_assert_uint_eq(p.dlen, len);
    for (k = 0; k < len; k++) {
        ck_assert_uint_eq(p.data[k], pattern(off + k, seed));
    }
}

static void fill_buf(uint64_t tbl, uint32_t len, uint8_t seed)
{
    uint32_t k;

    for (k = 0; k < len; k++) {
        *buf_byte(tbl, k) = pattern(k, seed);
    }
}

static void r2t(uint16_t itt, uint32_t ttt, uint32_t r2tsn, uint32_t off,
                uint32_t len)
{
    uint8_t b[48];

    rsp_bhs(b, QL8400_ISCSI_OP_R2T, 0x80, itt, 0x40);
    ql8400_stbe32(b + 20, ttt);
    ql8400_stbe32(b + 36, r2tsn);
    ql8400_stbe32(b + 40, off);
    ql8400_stbe32(b + 44, len);
    target_pdu(b, NULL, 0);
}

START_TEST(write_immediate_data_and_r2ts)
{
    static const uint32_t lens[3] = { 3000, 9000, 8000 };
    uint64_t tbl = bd_table(6, lens, 3, DATA, 100);
    uint16_t itt = 6 | 1 << 14;
    uint8_t w[64], cqe[64];
    uint32_t k;
    Pdu p;

    update(0x0c, 4096, 8192, 8192, 65536, 2, 0x20);
    fill_buf(tbl, 20000, 0x33);
    wqe_cmd(w, 6, true, 0, 20000, 0x30, cdb_write10, tbl, 3);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    ck_assert_uint_eq(p.bhs[1], 0xa1);              /* F, W, SIMPLE */
    ck_assert_uint_eq(p.dlen, 4096);                /* MaxXmitDSL */
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 28), 0x20);
    for (k = 0; k < 4096; k++) {
        ck_assert_uint_eq(p.data[k], pattern(k, 0x33));
    }
    ck_assert(!next_pdu(&p));

    /* two R2Ts outstanding: DataSN restarts, the last PDU has F */
    r2t(itt, 0x1000, 0, 4096, 8192);
    r2t(itt, 0x1001, 1, 12288, 7712);
    expect_data_out(tbl, itt, 0x1000, 0, 4096, 4096, false, 0x33);
    expect_data_out(tbl, itt, 0x1000, 1, 8192, 4096, true, 0x33);
    expect_data_out(tbl, itt, 0x1001, 0, 12288, 4096, false, 0x33);
    expect_data_out(tbl, itt, 0x1001, 1, 16384, 3616, true, 0x33);
    ck_assert(!next_pdu(&p));

    scsi_rsp(itt, 0x20, 0, NULL, 0);
    expect_cqe(cqe, 0x21, itt);
    ck_assert_uint_eq(ql8400_ld16(cqe + 48), 4);    /* num_data_outs */
    ck_assert_uint_eq(ql8400_ld16(cqe + 50), 2);    /* num_r2ts */
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_ERROR, NULL), 0);
}
END_TEST

START_TEST(write_unsolicited_data_out)
{
    static const uint32_t lens[1] = { 10000 };
    uint64_t tbl = bd_table(2, lens, 1, DATA, 0);
    uint16_t itt = 2 | 1 << 14;
    uint8_t w[64], cqe[64];
    Pdu p;

    /* InitialR2T=No, ImmediateData=Yes */
    update(0x08, 2048, 8192, 8192, 65536, 1, 0x20);
    fill_buf(tbl, 10000, 0x44);
    wqe_cmd(w, 2, true, 0, 10000, 0x30, cdb_write10, tbl, 1);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    ck_assert_uint_eq(p.bhs[1], 0x21);              /* no F: data follow */
    ck_assert_uint_eq(p.dlen, 2048);
    expect_data_out(tbl, itt, 0xffffffff, 0, 2048, 2048, false, 0x44);
    expect_data_out(tbl, itt, 0xffffffff, 1, 4096, 2048, false, 0x44);
    expect_data_out(tbl, itt, 0xffffffff, 2, 6144, 2048, true, 0x44);
    ck_assert(!next_pdu(&p));

    r2t(itt, 0x99, 0, 8192, 1808);
    expect_data_out(tbl, itt, 0x99, 0, 8192, 1808, true, 0x44);
    scsi_rsp(itt, 0x20, 0, NULL, 0);
    expect_cqe(cqe, 0x21, itt);
    ck_assert_uint_eq(ql8400_ld16(cqe + 48), 4);
    ck_assert_uint_eq(ql8400_ld16(cqe + 50), 1);
}
END_TEST

START_TEST(check_condition_sense_in_rq)
{
    static const uint32_t lens[1] = { 512 };
    static uint8_t sense[300];
    uint64_t tbl = bd_table(4, lens, 1, DATA, 0);
    uint8_t w[64], cqe[64];
    unsigned i;
    Pdu p;

    for (i = 0; i < sizeof(sense); i++) {
        sense[i] = i + 1;
    }
    ql8400_stbe16(sense, 298);
    wqe_cmd(w, 4, false, 0, 512, 0x40, cdb_read10, tbl, 1);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    scsi_rsp(4, 0x50, 0x02, sense, sizeof(sense));
    expect_cqe(cqe, 0x21, 4);
    ck_assert_uint_eq(cqe[0], 0x02);
    ck_assert_uint_eq(ql8400_ld32(cqe + 4), sizeof(sense));
    ck_assert_mem_eq(rq_entry(0), sense, 256);      /* truncated */
    ck_assert_uint_eq(*rq_entry(1), 0);

    /* a second one goes to the next entry */
    wqe_cmd(w, 5, false, 0, 512, 0x41, cdb_read10, tbl, 1);
    post_wqe(w);
    scsi_rsp(5, 0x51, 0x02, sense, 20);
    expect_cqe(cqe, 0x21, 5);
    ck_assert_mem_eq(rq_entry(1), sense, 20);
}
END_TEST

START_TEST(rq_exhausted_stops_reading)
{
    static const uint8_t ping[4] = { 9, 8, 7, 6 };
    uint8_t b[48], cqe[64];
    unsigned i;

    /* the 16 entries bnx2i posted are used, none given back */
    for (i = 0; i < RQ_SIZE; i++) {
        rsp_bhs(b, QL8400_ISCSI_OP_NOP_IN, 0x80, 0xffffffff, 0x50);
        target_pdu(b, ping, sizeof(ping));
        expect_cqe(cqe, 0x20, 0xffff);
    }
    rsp_bhs(b, QL8400_ISCSI_OP_NOP_IN, 0x80, 0xffffffff, 0x50);
    ql8400_stbe32(b + 20, 0x1717);
    target_pdu(b, ping, sizeof(ping));
    ck_assert(!next_cqe(cqe));
    ck_assert_uint_eq(s.in_len, 48 + 4);            /* left in the stream */
    ck_assert_int_lt(ql8400_iscsi_next_deadline(ic), INT64_MAX);

    /* bnx2i consumes one entry and gives it back: the poll finds it */
    rq_put(1);
    h->now = ql8400_iscsi_next_deadline(ic);
    ql8400_iscsi_timer(ic);
    expect_cqe(cqe, 0x20, 0xffff);
    ck_assert_uint_eq(ql8400_ld32(cqe + 16), 0x1717);
    ck_assert_uint_eq(s.in_len, 0);
    ck_assert_mem_eq(rq_entry(RQ_SIZE), ping, sizeof(ping));
}
END_TEST

START_TEST(cleanup_purges_a_task)
{
    static const uint32_t lens[1] = { 8192 };
    uint64_t tbl = bd_table(12, lens, 1, DATA, 0);
    uint8_t w[64], cqe[64];
    Pdu p;

    wqe_cmd(w, 12, false, 0, 8192, 0x60, cdb_read10, tbl, 1);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    data_in(12, 0, 0, 4096, 0, 0x55);

    memset(w, 0, 64);
    w[3] = 0x07;
    ql8400_st16(w + 16, 12);
    post_wqe(w);
    expect_cqe(cqe, 0x27, 12);
    ck_assert(!next_pdu(&p));                       /* no PDU for it */

    /* late PDUs for the purged ITT are dropped quietly */
    memset(mem(DATA + 4096), 0xee, 4096);
    data_in(12, 1, 4096, 4096, 0, 0x55);
    scsi_rsp(12, 0x61, 0, NULL, 0);
    ck_assert(!next_cqe(cqe));
    ck_assert_uint_eq(*mem(DATA + 4096), 0xee);
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_ERROR, NULL), 0);
    ck_assert(!ql8400_iscsi_stopped(ic));
}
END_TEST

START_TEST(tmf_abort)
{
    uint8_t w[64], b[48], cqe[64];
    Pdu p;

    memset(w, 0, 64);
    w[2] = 0x01;                                    /* ABORT TASK */
    w[3] = 0x42;
    ql8400_st32(w + 8, 0x00010000);                 /* LUN 1 */
    ql8400_st16(w + 16, 20 | 2 << 14);
    ql8400_st32(w + 20, 12 | 1 << 14);
    ql8400_st32(w + 24, 0x70);
    ql8400_st32(w + 32, 0x66);
    ql8400_st64(w + 52, MP_DUMMY_BD);
    w[60] = 1;
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_TMF_REQ);
    ck_assert_uint_eq(p.bhs[0], 0x42);
    ck_assert_uint_eq(p.bhs[1], 0x81);
    ck_assert_uint_eq(p.bhs[9], 0x01);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 16), 20 | 2 << 14);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 20), 12 | 1 << 14);
    ck_assert_uint_eq(ql8400_ldbe32(p.bhs + 32), 0x66);

    rsp_bhs(b, QL8400_ISCSI_OP_TMF_RSP, 0x80, 20 | 2 << 14, 0x90);
    b[2] = 0x00;
    target_pdu(b, NULL, 0);
    expect_cqe(cqe, 0x22, 20 | 2 << 14);
    ck_assert_uint_eq(cqe[1], 0);
}
END_TEST

/* --- digests, errors and flow ------------------------------------------ */

START_TEST(digests_after_update)
{
    static const uint32_t lens[1] = { 1001 };
    uint64_t tbl = bd_table(6, lens, 1, DATA, 0);
    uint8_t w[64], b[48], cqe[64];
    uint32_t st;
    Pdu p;

    update(0x0f, 8192, 8192, 65536, 262144, 1, 0x20);
    s.hd = s.dd = true;
    fill_buf(tbl, 1001, 0x66);
    wqe_cmd(w, 6, true, 0, 1001, 0x30, cdb_write10, tbl, 1);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);       /* digests checked */
    ck_assert_uint_eq(p.dlen, 1001);
    ck_assert_uint_eq(s.out_len, 48 + 4 + 1004 + 4);
    scsi_rsp(6 | 1 << 14, 0x20, 0, NULL, 0);
    expect_cqe(cqe, 0x21, 6 | 1 << 14);

    /* the digest of 32 zero bytes (RFC 3720 B.4) */
    memset(mem(DATA), 0, 32);
    wqe_cmd(w, 7, false, 0, 32, 0x31, cdb_read10, tbl, 1);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    rsp_bhs(b, QL8400_ISCSI_OP_DATA_IN, 0x81, 7, 0x21);
    memcpy(wire, b, 48);
    ql8400_iscsi_set_dlength(wire, 32);
    ql8400_st32(wire + 48, crc(wire, 48));
    memset(wire + 52, 0, 32);
    memcpy(wire + 84, "\xaa\x36\x91\x8a", 4);
    target_bytes(wire, 88);
    expect_cqe(cqe, 0x25, 7);

    /* a bad header digest stops the connection */
    wqe_nop(w, 9, 0xffffffff, 0x32, false);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_NOP_OUT);
    rsp_bhs(b, QL8400_ISCSI_OP_NOP_IN, 0x80, 9 | 2 << 14, 0x22);
    memcpy(wire, b, 48);
    ql8400_st32(wire + 48, crc(wire, 48) ^ 1);
    target_bytes(wire, 52);
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_ERROR, &st), 1);
    ck_assert_uint_eq(st, 0x05);
    ck_assert(ql8400_iscsi_stopped(ic));
    ck_assert(!next_cqe(cqe));

    /* stopped: no more WQEs read, no DMA, no timer */
    wqe_nop(w, 10, 0xffffffff, 0x33, false);
    post_wqe(w);
    ck_assert(!next_pdu(&p));
    ck_assert_int_eq(ql8400_iscsi_next_deadline(ic), INT64_MAX);
}
END_TEST

START_TEST(data_digest_error_is_fatal)
{
    static const uint32_t lens[1] = { 4096 };
    uint64_t tbl = bd_table(6, lens, 1, DATA, 0);
    uint8_t w[64], b[48], cqe[64];
    uint32_t st;
    Pdu p;

    update(0x02, 8192, 8192, 65536, 262144, 1, 0x20);
    s.dd = true;
    wqe_cmd(w, 6, false, 0, 4096, 0x30, cdb_read10, tbl, 1);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    rsp_bhs(b, QL8400_ISCSI_OP_DATA_IN, 0x81, 6, 0x21);
    memcpy(wire, b, 48);
    ql8400_iscsi_set_dlength(wire, 100);
    memset(wire + 48, 0x5a, 100);
    ql8400_st32(wire + 148, crc(wire + 48, 100) + 1);
    target_bytes(wire, 152);
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_ERROR, &st), 1);
    ck_assert_uint_eq(st, 0x06);
    ck_assert(ql8400_iscsi_stopped(ic));
    ck_assert(!next_cqe(cqe));
}
END_TEST

START_TEST(masked_error_only_warns)
{
    static const uint32_t lens[1] = { 8192 };
    uint64_t tbl = bd_table(6, lens, 1, DATA, 0);
    uint8_t w[64], cqe[64];
    uint32_t st;
    Pdu p;

    ql8400_iscsi_free(ic);
    params.error_mask |= 1ull << 0x1c;              /* DataSN */
    ic = ql8400_iscsi_new(&h->chip, &params, &stream, NULL);
    wqe_cmd(w, 6, false, 0, 8192, 0x30, cdb_read10, tbl, 1);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    data_in(6, 1, 4096, 4096, 0, 0x12);             /* DataSN 1 first */
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_ERROR, &st), 1);
    ck_assert_uint_eq(st, 0x1c);
    ck_assert(!ql8400_iscsi_stopped(ic));
    data_in(6, 2, 0, 4096, 0x81, 0x12);
    expect_cqe(cqe, 0x25, 6);

    /* an unknown ITT is fatal with bnx2i's mask */
    scsi_rsp(40, 0x22, 0, NULL, 0);
    ck_assert_uint_eq(kcqes(QL8400_KCQE_ISCSI_ERROR, &st), 1);
    ck_assert_uint_eq(st, 0x0d);
    ck_assert(ql8400_iscsi_stopped(ic));
}
END_TEST

START_TEST(partial_sends_resume)
{
    static const uint32_t lens[4] = { 65535, 65535, 65535, 65431 };
    uint64_t tbl = bd_table(9, lens, 4, DATA, 0);
    uint16_t itt = 9 | 1 << 14;
    uint8_t w[64], cqe[64];
    uint32_t off, datasn = 0;
    unsigned rounds = 0;
    Pdu p;

    update(0x0c, 8192, 8192, 65536, 262144, 1, 0x20);
    fill_buf(tbl, 261936, 0x21);
    s.send_room = 100;
    wqe_cmd(w, 9, true, 0, 261936, 0x30, cdb_write10, tbl, 4);
    post_wqe(w);
    wqe_nop(w, 10, 0xffffffff, 0x31, false);
    post_wqe(w);
    ck_assert_uint_eq(s.out_len, 100);
    r2t(itt, 0x5, 0, 8192, 261936 - 8192);
    /* the target's window opens by odd amounts */
    while (s.out_len < 33 * 48 + 8192 + (261936 - 8192)) {
        size_t before = s.out_len;

        s.send_room = 777;
        ql8400_iscsi_tx_space(ic);
        ck_assert_uint_gt(s.out_len, before);
        ck_assert_uint_lt(++rounds, 2000);
    }
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    ck_assert_uint_eq(p.dlen, 8192);
    for (off = 8192; off < 261936; off += 8192) {
        uint32_t n = 261936 - off < 8192 ? 261936 - off : 8192;

        expect_data_out(tbl, itt, 0x5, datasn++, off, n, off + n == 261936,
                        0x21);
    }
    expect_pdu(&p, QL8400_ISCSI_OP_NOP_OUT);
    ck_assert(!next_pdu(&p));
    scsi_rsp(itt, 0x20, 0, NULL, 0);
    expect_cqe(cqe, 0x21, itt);
    ck_assert_uint_eq(ql8400_ld16(cqe + 48), 31);
}
END_TEST

START_TEST(large_data_in_through_small_buffer)
{
    static const uint32_t lens[5] = { 65535, 65535, 65535, 65535, 4 };
    uint64_t tbl = bd_table(3, lens, 5, DATA, 0);
    uint8_t w[64], cqe[64];
    uint32_t k;
    Pdu p;

    update(0x0c, 8192, 262144, 65536, 262144, 1, 0x20);
    s.rx_cap = 1500;
    wqe_cmd(w, 3, false, 0, 262144, 0x30, cdb_read10, tbl, 5);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    data_in(3, 0, 0, 262144, 0x81, 0x3c);
    for (k = 0; k < 262144; k++) {
        ck_assert_uint_eq(*buf_byte(tbl, k), pattern(k, 0x3c));
    }
    expect_cqe(cqe, 0x25, 3);
}
END_TEST

START_TEST(unknown_wqe_opcode_is_reported)
{
    uint8_t w[64], b[48], cqe[64];
    unsigned before = ql8400_log_guest_errors;
    Pdu p;

    memset(w, 0, 64);
    w[3] = 0x1c;                                    /* SNACK: not a WQE */
    ql8400_st16(w + 16, 33);
    post_wqe(w);
    ck_assert_uint_gt(ql8400_log_guest_errors, before);
    expect_cqe(cqe, 0x27, 33);
    ck_assert(!next_pdu(&p));

    /* a command whose BDs point nowhere completes all the same */
    memset(mem(BD_TABLES), 0, 16);
    ql8400_st32(mem(BD_TABLES), 0x7f);              /* far above memory */
    ql8400_st16(mem(BD_TABLES + 8), 512);
    wqe_cmd(w, 0, false, 0, 512, 0x80, cdb_read10, BD_TABLES, 1);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_SCSI_CMD);
    before = ql8400_log_guest_errors;
    rsp_bhs(b, QL8400_ISCSI_OP_DATA_IN, 0x81, 0, 0x30);
    target_pdu(b, mem(DUMMY_PAGE), 512);
    ck_assert_uint_gt(ql8400_log_guest_errors, before);
    expect_cqe(cqe, 0x25, 0);

    /* and the engine still works */
    wqe_nop(w, 1, 0xffffffff, 0x81, false);
    post_wqe(w);
    expect_pdu(&p, QL8400_ISCSI_OP_NOP_OUT);
    ck_assert(!ql8400_iscsi_stopped(ic));
}
END_TEST

START_TEST(every_wqe_gets_one_cqe_across_cq_wrap)
{
    uint8_t w[64], b[48], cqe[64];
    unsigned i, n = 2 * CQ_SIZE + 10;
    Pdu p;

    for (i = 0; i < n; i++) {
        wqe_nop(w, i % 100, 0xffffffff, i, false);
        post_wqe(w);
        expect_pdu(&p, QL8400_ISCSI_OP_NOP_OUT);
        rsp_bhs(b, QL8400_ISCSI_OP_NOP_IN, 0x80, i % 100 | 2 << 14, i);
        target_pdu(b, NULL, 0);
        expect_cqe(cqe, 0x20, i % 100 | 2 << 14);
    }
    ck_assert(!next_cqe(cqe));
    ck_assert_uint_eq(cq_exp_sn, n % (2 * CQ_SIZE) + 1);
}
END_TEST

Suite *iscsi_suite(void)
{
    Suite *su = suite_create("iscsi");
    TCase *mp = tcase_create("middle_path");
    TCase *io = tcase_create("scsi");
    TCase *flow = tcase_create("errors_and_flow");

    tcase_add_checked_fixture(mp, setup, teardown);
    tcase_add_test(mp, login_request_and_response);
    tcase_add_test(mp, notification_when_disarmed_comes_from_the_timer);
    tcase_add_test(mp, text_send_targets);
    tcase_add_test(mp, target_nop_in_and_local_completion);
    tcase_add_test(mp, logout_and_response);
    tcase_add_test(mp, tmf_abort);
    suite_add_tcase(su, mp);

    tcase_add_checked_fixture(io, setup, teardown);
    tcase_add_test(io, read_data_in_across_bds);
    tcase_add_test(io, read_data_in_with_status);
    tcase_add_test(io, write_immediate_data_and_r2ts);
    tcase_add_test(io, write_unsolicited_data_out);
    tcase_add_test(io, check_condition_sense_in_rq);
    tcase_add_test(io, cleanup_purges_a_task);
    tcase_add_test(io, async_and_reject_use_the_rq);
    suite_add_tcase(su, io);

    tcase_add_checked_fixture(flow, setup, teardown);
    tcase_add_test(flow, digests_after_update);
    tcase_add_test(flow, data_digest_error_is_fatal);
    tcase_add_test(flow, masked_error_only_warns);
    tcase_add_test(flow, rq_exhausted_stops_reading);
    tcase_add_test(flow, partial_sends_resume);
    tcase_add_test(flow, large_data_in_through_small_buffer);
    tcase_add_test(flow, unknown_wqe_opcode_is_reported);
    tcase_add_test(flow, every_wqe_gets_one_cqe_across_cq_wrap);
    suite_add_tcase(su, flow);
    return su;
}
