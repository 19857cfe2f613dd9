/*
 * ql8400 firmware model: the iSCSI engine of one offloaded connection (see
 * iscsi-conn.h for the API).
 *
 * Transmit: one PDU at a time goes through a staging buffer: its header
 * (with the header digest) first, then its data segment read from host
 * memory in pieces of at most TX_STAGE bytes, then padding and the data
 * digest. A piece the stream does not take stays staged until
 * ql8400_iscsi_tx_space(). Only when nothing is staged does the engine
 * pick the next PDU: a Data-Out of the oldest pending data sequence (an
 * R2T or the unsolicited burst of a write), else the next SQ WQE. So a
 * WQE is read only when it can be sent, and an R2T of any length costs
 * one sequence record.
 *
 * Receive: the BHS is taken when it is complete in the stream; the data
 * segment is then consumed as it arrives and written where it belongs
 * (the task's BDs, a response buffer or an RQ entry) with a running CRC32C;
 * the CQE is written when the PDU is complete and its digest checked. A
 * PDU that needs an RQ entry while none is free stays in the stream.
 *
 * Task state lives here, indexed by the ITT's low 14 bits; the host's task
 * array, R2TQ and HQ are not used.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "iscsi-conn.h"
#include "iscsi-pdu.h"
#include "crc32c.h"
#include "ip.h"
#include "kcq.h"
#include "le.h"
#include "fw-trace.h"

#define HOST_PAGE           4096u
#define WQE_SIZE            64u
#define CQE_SIZE            64u
#define BD_SIZE             16u
#define TX_STAGE            4096u
#define RX_CHUNK            4096u
#define MAX_R2T_PER_TASK    4u          /* the chip's R2TQ: 4 per task */
#define MAX_TASKS           4096u
#define RESERVED_ITT        0xffffffffu
#define ITT_INDEX(itt)      ((itt) & 0x3fffu)

/* CQ notification coalescing, and polling an empty RQ (host time) */
#define NOTIFY_DELAY_NS     200000ll
#define RQ_POLL_NS          500000ll

/* SQ WQE fields (bnx2i's 57xx_iscsi_hsi.h request layouts) */
#define WQE_OP_ATTR         2
#define WQE_OPCODE          3
#define WQE_DATA_LEN        4
#define WQE_LUN             8
#define WQE_ITT             16
#define WQE_TTT             20       /* also EDTL, TMF ref_itt */
#define WQE_CMDSN           24
#define WQE_EXP_STATSN      28       /* login */
#define WQE_CDB             32       /* also TMF ref_cmd_sn */
#define WQE_RESP_BD_LIST    36
#define WQE_RESP_BUFFER     44
#define WQE_FLAGS           48
#define WQE_BD_LIST         52
#define WQE_NUM_BDS         60
#define WQE_OP_CLEANUP      0x07
#define WQE_LOCAL_COMPLETION 0x02
#define WQE_UPDATE_EXP_STAT_SN 0x04

/* CQE fields (host-order numbers) */
#define CQE_DATA_LEN        4
#define CQE_EXP_CMDSN       8
#define CQE_MAX_CMDSN       12
#define CQE_ITT             56
#define CQE_SN              60
#define CQE_OP_NOP_LOCAL    0x00
#define CQE_OP_CLEANUP      0x27

/* the CQ doorbell record: sqn[0], the sequence number to notify at */
#define CQ_DB_SQN           48
#define SQN_DISARMED        0xffffu

/* struct iscsi_bd: the high address dword first */
#define BD_ADDR_HI          0
#define BD_ADDR_LO          4
#define BD_LEN              8

/* struct iscsi_kwqe_conn_update */
#define UPD_CONN_FLAGS      4
#define UPD_MAX_R2T         6
#define UPD_MAX_SEND        12
#define UPD_MAX_RECV        16
#define UPD_FIRST_BURST     20
#define UPD_MAX_BURST       24
#define UPD_EXP_STATSN      28
#define UPD_HEADER_DIGEST   0x01
#define UPD_DATA_DIGEST     0x02
#define UPD_INITIAL_R2T     0x04
#define UPD_IMMEDIATE_DATA  0x08

/* completion codes of KCQE 0x21 (57xx_iscsi_constants.h) */
enum {
    ERR_HDR_DIGEST = 0x05,
    ERR_DATA_DIGEST = 0x06,
    ERR_UNEXPECTED_OPCODE = 0x0a,
    ERR_OPCODE = 0x0b,
    ERR_AHS_LEN = 0x0c,
    ERR_ITT = 0x0d,
    ERR_REMAIN_RCV_LEN = 0x18,
    ERR_MAX_RCV_PDU_LEN = 0x19,
    ERR_F_BIT_ZERO = 0x1a,
    ERR_DATASN = 0x1c,
    ERR_R2TSN = 0x21,
    ERR_DESIRED_LEN_0 = 0x22,
    ERR_DESIRED_LEN_BIG = 0x23,
    ERR_PEND_R2T_EXCEED = 0x24,
    ERR_TTT_IS_RSRV = 0x25,
    ERR_MAX_BURST_LEN = 0x26,
    ERR_DATA_SEG_LEN_NOT_ZERO = 0x27,
};

typedef enum TaskKind {
    TASK_FREE,
    TASK_CMD,
    TASK_LOGIN,
    TASK_TEXT,
    TASK_LOGOUT,
    TASK_NOP,
    TASK_TMF,
} TaskKind;

/*
 * A walk over a BD list in host memory by buffer offset. One BD is held;
 * moving forward reads the following ones, moving back starts over.
 */
typedef struct BdCursor {
    uint64_t list;
    unsigned num;
    unsigned idx;               /* the BD held, valid when loaded */
    bool loaded;
    uint32_t base;              /* buffer offset of its first byte */
    uint64_t addr;
    uint32_t len;
} BdCursor;

typedef struct IscsiTask {
    TaskKind kind;
    bool purged;                /* cleaned up: late PDUs are dropped */
    uint32_t gen;               /* changes when the task ends */
    uint16_t itt;               /* the WQE's: type << 14 | index */
    bool read;
    bool write;
    uint8_t lun[8];             /* wire bytes */
    uint32_t edtl;
    uint64_t bd_list;
    uint8_t num_bds;
    uint64_t resp_bd_list;      /* login / text response buffer */
    uint8_t resp_num_bds;
    uint32_t resp_len;
    uint32_t exp_datasn;
    uint32_t exp_r2tsn;
    uint32_t data_ins;
    uint32_t data_outs;
    uint32_t r2ts;
    unsigned r2ts_pending;
} IscsiTask;

/* Data-Out to send for a task: an R2T, or the unsolicited burst. */
typedef struct DataSeq {
    uint16_t task;
    bool r2t;
    uint32_t gen;
    uint32_t ttt;
    uint32_t offset;            /* of the next PDU */
    uint32_t left;
    uint32_t datasn;
} DataSeq;

typedef enum TxPhase {
    TX_IDLE,                    /* the staged bytes end the PDU */
    TX_DATA,
    TX_TRAILER,
} TxPhase;

typedef enum RxPhase {
    RX_BHS,
    RX_DATA,
    RX_DIGEST,
} RxPhase;

typedef enum RxDst {
    DST_NONE,                   /* discarded */
    DST_BDS,
    DST_RQ,
} RxDst;

typedef enum RxHeader {
    HDR_OK,
    HDR_WAIT,                   /* an RQ entry is needed and none is free */
    HDR_STOPPED,
} RxHeader;

struct Ql8400IscsiConn {
    Ql8400Chip *c;
    Ql8400IscsiParams p;
    const Ql8400IscsiStream *stream;
    void *opaque;
    bool stopped;
    bool busy;                  /* in run(): entries from callbacks defer */
    bool again;

    /* negotiated, UPDATE replaces the login-phase values */
    bool header_digest;
    bool data_digest;
    uint32_t exp_statsn;

    IscsiTask *tasks;
    unsigned num_tasks;

    /* SQ */
    bool doorbell_seen;
    uint16_t sq_cons;
    uint16_t sq_prod;

    /* CQ: cq_sn runs 1..2 * cq_size */
    uint32_t cq_prod;
    uint32_t cq_sn;
    bool notify_pending;        /* CQEs since the last notification */
    int64_t notify_deadline;

    /* RQ: the consumer counts modulo 2 * rq_size */
    uint32_t rq_cons;
    bool rq_wait;
    int64_t rq_deadline;

    /* pending Data-Out sequences, oldest first */
    DataSeq *seq;
    unsigned seq_cap;
    unsigned seq_head;
    unsigned seq_count;

    /* transmit */
    struct {
        TxPhase phase;
        bool dd;
        uint32_t dlen;
        uint32_t done;
        uint32_t crc;
        BdCursor src;
        uint32_t src_off;
        int task;               /* whose buffer, -1 for none */
        uint32_t gen;
        bool short_logged;
    } tx;
    uint8_t stage[TX_STAGE + 64];
    size_t stage_len;
    size_t stage_off;

    /* receive */
    struct {
        RxPhase phase;
        uint8_t bhs[QL8400_ISCSI_BHS_LEN];
        uint8_t op;
        bool dd;
        uint32_t dlen;
        uint32_t total;         /* data and padding */
        uint32_t got;
        uint32_t crc;
        RxDst dst;
        BdCursor bd;
        uint32_t bd_off;
        uint32_t limit;         /* bytes of the segment to keep */
        uint64_t rq_addr;
        int task;               /* -1: none, or dropped */
        uint32_t gen;
        bool drop;              /* for a purged task: no CQE */
        uint8_t head[QL8400_ISCSI_BHS_LEN]; /* first segment bytes */
        uint32_t head_len;
    } rx;
    uint8_t rxbuf[RX_CHUNK];
};

static void run(Ql8400IscsiConn *ic);

/* every count here fits 32 bits once bounded by one that does */
static uint32_t min32(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* --- host memory --------------------------------------------------------- */

static uint64_t pte(Ql8400IscsiConn *ic, uint64_t pbl, unsigned page)
{
    uint8_t b[8];

    if (!ql8400_dma_read(ic->c, pbl + 8ull * page, b, sizeof(b))) {
        return 0;
    }
    return ql8400_ld64(b);
}

/* Entry i of a ring of fixed-size entries on the pages of a page table. */
static uint64_t ring_entry(Ql8400IscsiConn *ic, uint64_t pbl, uint32_t i,
                           uint32_t size)
{
    uint32_t per_page = HOST_PAGE / size;
    uint64_t page = pte(ic, pbl, i / per_page);

    return page ? page + (uint64_t)(i % per_page) * size : 0;
}

static void bd_init(BdCursor *b, uint64_t list, unsigned num)
{
    memset(b, 0, sizeof(*b));
    b->list = list;
    b->num = num;
}

static bool bd_load(Ql8400IscsiConn *ic, BdCursor *b, unsigned idx)
{
    uint8_t bd[BD_SIZE];

    b->loaded = false;
    if (idx >= b->num ||
        !ql8400_dma_read(ic->c, b->list + (uint64_t)idx * BD_SIZE, bd,
                         sizeof(bd))) {
        return false;
    }
    b->idx = idx;
    b->addr = (uint64_t)ql8400_ld32(bd + BD_ADDR_HI) << 32 |
              ql8400_ld32(bd + BD_ADDR_LO);
    b->len = ql8400_ld16(bd + BD_LEN);
    b->loaded = true;
    return true;
}

/*
 * The host address of buffer offset off and how many bytes follow it in
 * the same BD; 0 when the BD list ends before off.
 */
static uint32_t bd_map(Ql8400IscsiConn *ic, BdCursor *b, uint32_t off,
                       uint64_t *addr)
{
    if (!b->loaded || off < b->base) {
        b->base = 0;
        if (!bd_load(ic, b, 0)) {
            return 0;
        }
    }
    while (off - b->base >= b->len) {
        uint32_t next = b->base + b->len;

        if (!bd_load(ic, b, b->idx + 1)) {
            return 0;
        }
        b->base = next;
    }
    *addr = b->addr + (off - b->base);
    return b->len - (off - b->base);
}

/* Copies from the buffer; false if the BDs end first (the rest zeroed). */
static bool bd_read(Ql8400IscsiConn *ic, BdCursor *b, uint32_t off,
                    uint8_t *buf, uint32_t len)
{
    while (len) {
        uint64_t addr;
        uint32_t n = bd_map(ic, b, off, &addr);

        if (!n) {
            memset(buf, 0, len);
            return false;
        }
        n = min32(n, len);
        if (!ql8400_dma_read(ic->c, addr, buf, n)) {
            memset(buf, 0, n);
        }
        buf += n;
        off += n;
        len -= n;
    }
    return true;
}

/* Copies into the buffer; false if the BDs end first (the rest dropped). */
static bool bd_write(Ql8400IscsiConn *ic, BdCursor *b, uint32_t off,
                     const uint8_t *buf, uint32_t len)
{
    while (len) {
        uint64_t addr;
        uint32_t n = bd_map(ic, b, off, &addr);

        if (!n) {
            return false;
        }
        n = min32(n, len);
        ql8400_dma_write(ic->c, addr, buf, n);
        buf += n;
        off += n;
        len -= n;
    }
    return true;
}

static uint32_t digest_final(uint32_t crc)
{
    return ~crc;
}

/* The digest of bytes, as the wire carries it (little-endian). */
static uint32_t digest(const void *buf, size_t len)
{
    return digest_final(ql8400_crc32c(~0u, buf, len));
}

/* --- errors, CQEs and notifications -------------------------------------- */

/* Reports a protocol error; true when it stopped the engine. */
static bool conn_error(Ql8400IscsiConn *ic, uint32_t code)
{
    bool warn = code < 64 && (ic->p.error_mask >> code & 1);

    trace_ql8400_fw_iscsi_error(ic->p.cid, code, !warn);
    ql8400_kcq_iscsi(ic->c, QL8400_KCQE_ISCSI_ERROR, ic->p.l5_cid, ic->p.cid,
                     code, false);
    if (!warn) {
        ic->stopped = true;
    }
    return !warn;
}

static int64_t now_ns(Ql8400IscsiConn *ic)
{
    return ic->c->host->now_ns(ic->c->host_opaque);
}

static void cq_notify(Ql8400IscsiConn *ic, uint16_t sqn, bool timer)
{
    uint8_t b[2];

    /* disarm first: bnx2i re-arms only once it sees 0xffff */
    ql8400_st16(b, SQN_DISARMED);
    ql8400_dma_write(ic->c, ic->p.cq_db + CQ_DB_SQN, b, sizeof(b));
    trace_ql8400_fw_iscsi_notify(ic->p.cid, ic->cq_sn, sqn, timer);
    ql8400_kcq_iscsi(ic->c, QL8400_KCQE_ISCSI_CQ_NOTIFICATION, ic->p.l5_cid,
                     ic->p.cid, 0, false);
    ic->notify_pending = false;
}

/* sqn[0], or SQN_DISARMED (0 also means not armed to bnx2i) */
static uint16_t cq_armed_sqn(Ql8400IscsiConn *ic)
{
    uint8_t b[2];
    uint16_t sqn;

    if (!ql8400_dma_read(ic->c, ic->p.cq_db + CQ_DB_SQN, b, sizeof(b))) {
        return SQN_DISARMED;
    }
    sqn = ql8400_ld16(b);
    return sqn ? sqn : SQN_DISARMED;
}

/* Whether sequence number sn has reached sqn, both in 1..2N (window N). */
static bool sn_reached(Ql8400IscsiConn *ic, uint32_t sn, uint32_t sqn)
{
    uint32_t n2 = 2u * ic->p.cq_size;

    return (sn + n2 - sqn % n2) % n2 < ic->p.cq_size;
}

/* Writes a CQE (its sequence number last) and notifies if armed for it. */
static void cqe_post(Ql8400IscsiConn *ic, uint8_t *cqe)
{
    uint64_t addr = ring_entry(ic, ic->p.cq_pbl,
                               ic->cq_prod % ic->p.cq_size, CQE_SIZE);
    uint32_t sn = ic->cq_sn;
    uint16_t sqn;

    if (!addr) {
        QL8400_LOG_GUEST_ERROR("ql8400: iSCSI cid %u: no CQ page for CQE %u"
                               "\n", ic->p.cid, ic->cq_prod);
        return;
    }
    ql8400_st32(cqe + CQE_SN, sn);
    trace_ql8400_fw_iscsi_cqe(ic->p.cid, cqe[3], ql8400_ld16(cqe + CQE_ITT),
                              sn);
    ql8400_dma_write(ic->c, addr, cqe, CQE_SN);
    ql8400_dma_write(ic->c, addr + CQE_SN, cqe + CQE_SN, 4);
    ic->cq_prod++;
    ic->cq_sn = sn == 2u * ic->p.cq_size ? 1 : sn + 1;
    if (!ic->notify_pending) {
        ic->notify_pending = true;
        ic->notify_deadline = now_ns(ic) + NOTIFY_DELAY_NS;
    }
    sqn = cq_armed_sqn(ic);
    if (sqn != SQN_DISARMED && sn_reached(ic, sn, sqn)) {
        cq_notify(ic, sqn, false);
    }
}

static void cqe_init(uint8_t *cqe, uint8_t opcode, const uint8_t *bhs)
{
    memset(cqe, 0, CQE_SIZE);
    cqe[3] = opcode;
    if (bhs) {
        ql8400_st32(cqe + CQE_EXP_CMDSN,
                    ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_EXPCMDSN));
        ql8400_st32(cqe + CQE_MAX_CMDSN,
                    ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_MAXCMDSN));
    }
}

/* The completion of a WQE the engine cannot carry out: a cleanup CQE. */
static void wqe_fail(Ql8400IscsiConn *ic, uint16_t itt, uint8_t status)
{
    uint8_t cqe[CQE_SIZE];

    cqe_init(cqe, CQE_OP_CLEANUP, NULL);
    cqe[2] = status;
    cqe[25] = status;
    ql8400_st16(cqe + CQE_ITT, itt);
    cqe_post(ic, cqe);
}

/* --- RQ ------------------------------------------------------------------ */

static uint32_t rq_entries_free(Ql8400IscsiConn *ic)
{
    uint32_t n = ic->p.rq_size;
    uint8_t b[2];
    uint16_t v;
    uint32_t prod;

    if (!ql8400_dma_read(ic->c, ic->p.rq_db, b, sizeof(b))) {
        return 0;
    }
    /* bnx2i: low 15 bits count 1..N, bit 15 toggles at each wrap */
    v = ql8400_ld16(b);
    prod = ((v >> 15) * n + (v & 0x7fff)) % (2 * n);
    return min32((prod + 2 * n - ic->rq_cons) % (2 * n), n);
}

static uint64_t rq_claim(Ql8400IscsiConn *ic)
{
    uint64_t addr = ring_entry(ic, ic->p.rq_pbl, ic->rq_cons % ic->p.rq_size,
                               ic->p.rq_buf_size);

    ic->rq_cons = (ic->rq_cons + 1) % (2u * ic->p.rq_size);
    return addr;
}

/* --- tasks --------------------------------------------------------------- */

static void task_end(Ql8400IscsiConn *ic, IscsiTask *t, bool purged)
{
    t->kind = TASK_FREE;
    t->gen++;
    t->r2ts_pending = 0;
    t->purged = purged;
}

/* The task of a new WQE; NULL (logged) if its ITT index is out of range. */
static IscsiTask *task_claim(Ql8400IscsiConn *ic, uint16_t itt, TaskKind kind)
{
    unsigned idx = ITT_INDEX(itt);
    IscsiTask *t;
    uint32_t gen;

    if (idx >= ic->num_tasks) {
        QL8400_LOG_GUEST_ERROR("ql8400: iSCSI cid %u: WQE ITT 0x%x beyond"
                               " %u tasks\n", ic->p.cid, itt, ic->num_tasks);
        return NULL;
    }
    t = &ic->tasks[idx];
    if (t->kind != TASK_FREE) {
        QL8400_LOG_GUEST_ERROR("ql8400: iSCSI cid %u: WQE ITT 0x%x reuses an"
                               " active task\n", ic->p.cid, itt);
        task_end(ic, t, false);
    }
    gen = t->gen;
    memset(t, 0, sizeof(*t));
    t->gen = gen;
    t->kind = kind;
    t->itt = itt;
    return t;
}

static bool seq_push(Ql8400IscsiConn *ic, unsigned task, bool r2t,
                     uint32_t ttt, uint32_t offset, uint32_t len)
{
    DataSeq *s;

    if (ic->seq_count == ic->seq_cap) {
        return false;
    }
    s = &ic->seq[(ic->seq_head + ic->seq_count++) % ic->seq_cap];
    s->task = task;
    s->r2t = r2t;
    s->gen = ic->tasks[task].gen;
    s->ttt = ttt;
    s->offset = offset;
    s->left = len;
    s->datasn = 0;
    if (r2t) {
        ic->tasks[task].r2ts_pending++;
    }
    return true;
}

static void seq_pop(Ql8400IscsiConn *ic)
{
    DataSeq *s = &ic->seq[ic->seq_head];
    IscsiTask *t = &ic->tasks[s->task];

    if (s->r2t && t->gen == s->gen && t->r2ts_pending) {
        t->r2ts_pending--;
    }
    ic->seq_head = (ic->seq_head + 1) % ic->seq_cap;
    ic->seq_count--;
}

/* --- transmit ------------------------------------------------------------ */

/*
 * Stages a PDU's header; its data segment (dlen bytes of the BD list from
 * buffer offset off) follows as the stream takes the bytes.
 */
static void tx_start(Ql8400IscsiConn *ic, uint8_t *bhs, uint32_t dlen,
                     uint64_t bd_list, unsigned num_bds, uint32_t off,
                     int task)
{
    size_t len = QL8400_ISCSI_BHS_LEN;

    ql8400_iscsi_set_dlength(bhs, dlen);
    trace_ql8400_fw_iscsi_pdu_out(ic->p.cid, bhs[0] & QL8400_ISCSI_OP_MASK,
                                  ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_ITT),
                                  dlen);
    memcpy(ic->stage, bhs, len);
    if (ic->header_digest) {
        ql8400_st32(ic->stage + len, digest(bhs, len));
        len += QL8400_ISCSI_DIGEST_LEN;
    }
    ic->stage_len = len;
    ic->stage_off = 0;
    ic->tx.phase = dlen ? TX_DATA : TX_IDLE;
    ic->tx.dd = ic->data_digest;
    ic->tx.dlen = dlen;
    ic->tx.done = 0;
    ic->tx.crc = ~0u;
    bd_init(&ic->tx.src, bd_list, num_bds);
    ic->tx.src_off = off;
    ic->tx.task = task;
    ic->tx.gen = task >= 0 ? ic->tasks[task].gen : 0;
    ic->tx.short_logged = false;
}

/* Stages the next piece of the current PDU. */
static void tx_fill(Ql8400IscsiConn *ic)
{
    uint32_t n;

    ic->stage_off = 0;
    if (ic->tx.phase == TX_DATA) {
        n = min32(ic->tx.dlen - ic->tx.done, TX_STAGE);
        if (ic->tx.task >= 0 && ic->tasks[ic->tx.task].gen != ic->tx.gen) {
            /* cleaned up meanwhile: its buffers may be gone */
            memset(ic->stage, 0, n);
        } else if (!bd_read(ic, &ic->tx.src, ic->tx.src_off + ic->tx.done,
                            ic->stage, n) && !ic->tx.short_logged) {
            QL8400_LOG_GUEST_ERROR("ql8400: iSCSI cid %u: BD list shorter"
                                   " than the data to send\n", ic->p.cid);
            ic->tx.short_logged = true;
        }
        if (ic->tx.dd) {
            ic->tx.crc = ql8400_crc32c(ic->tx.crc, ic->stage, n);
        }
        ic->tx.done += n;
        ic->stage_len = n;
        if (ic->tx.done == ic->tx.dlen) {
            ic->tx.phase = TX_TRAILER;
        }
        return;
    }
    n = ql8400_iscsi_pad(ic->tx.dlen);
    memset(ic->stage, 0, n);
    if (ic->tx.dd) {
        ic->tx.crc = ql8400_crc32c(ic->tx.crc, ic->stage, n);
        ql8400_st32(ic->stage + n, digest_final(ic->tx.crc));
        n += QL8400_ISCSI_DIGEST_LEN;
    }
    ic->stage_len = n;
    ic->tx.phase = TX_IDLE;
}

static void bhs_lun_be(uint8_t *bhs, const uint8_t *w)
{
    /* each WQE dword is the number the 4 wire bytes form */
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_LUN, ql8400_ld32(w + WQE_LUN));
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_LUN + 4,
                  ql8400_ld32(w + WQE_LUN + 4));
}

static void bhs_sn(Ql8400IscsiConn *ic, uint8_t *bhs, const uint8_t *w)
{
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_CMDSN, ql8400_ld32(w + WQE_CMDSN));
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_EXPSTATSN, ic->exp_statsn);
}

static void task_resp_buffer(IscsiTask *t, const uint8_t *w)
{
    uint32_t rb = ql8400_ld32(w + WQE_RESP_BUFFER);

    t->resp_bd_list = ql8400_ld64(w + WQE_RESP_BD_LIST);
    t->resp_len = rb & 0xffffff;
    t->resp_num_bds = rb >> 24;
}

static void wqe_login(Ql8400IscsiConn *ic, const uint8_t *w, uint16_t itt)
{
    IscsiTask *t = task_claim(ic, itt, TASK_LOGIN);
    uint8_t bhs[QL8400_ISCSI_BHS_LEN] = { 0 };
    uint32_t exp = ql8400_ld32(w + WQE_EXP_STATSN);

    if (!t) {
        wqe_fail(ic, itt, ERR_ITT);
        return;
    }
    task_resp_buffer(t, w);
    bhs[0] = w[WQE_OPCODE];
    bhs[1] = w[WQE_OP_ATTR];
    bhs[2] = w[1];                              /* version max */
    bhs[3] = w[0];                              /* version min */
    /* ISID, TSIH and CID are raw copies of iscsid's wire bytes */
    memcpy(bhs + QL8400_ISCSI_BHS_LOGIN_ISID, w + 8, 4);
    memcpy(bhs + QL8400_ISCSI_BHS_LOGIN_ISID + 4, w + 14, 2);
    memcpy(bhs + QL8400_ISCSI_BHS_LOGIN_TSIH, w + 12, 2);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, itt);
    memcpy(bhs + QL8400_ISCSI_BHS_LOGIN_CID, w + 22, 2);
    if (w[WQE_FLAGS] & WQE_UPDATE_EXP_STAT_SN) {
        ic->exp_statsn = exp;
    }
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_CMDSN, ql8400_ld32(w + WQE_CMDSN));
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_EXPSTATSN, exp);
    tx_start(ic, bhs, ql8400_ld32(w + WQE_DATA_LEN) & 0xffffff,
             ql8400_ld64(w + WQE_BD_LIST), w[WQE_NUM_BDS], 0, ITT_INDEX(itt));
}

static void wqe_text(Ql8400IscsiConn *ic, const uint8_t *w, uint16_t itt)
{
    IscsiTask *t = task_claim(ic, itt, TASK_TEXT);
    uint8_t bhs[QL8400_ISCSI_BHS_LEN] = { 0 };

    if (!t) {
        wqe_fail(ic, itt, ERR_ITT);
        return;
    }
    task_resp_buffer(t, w);
    bhs[0] = w[WQE_OPCODE];
    bhs[1] = w[WQE_OP_ATTR];
    bhs_lun_be(bhs, w);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, itt);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_TTT, ql8400_ld32(w + WQE_TTT));
    bhs_sn(ic, bhs, w);
    tx_start(ic, bhs, ql8400_ld32(w + WQE_DATA_LEN) & 0xffffff,
             ql8400_ld64(w + WQE_BD_LIST), w[WQE_NUM_BDS], 0, ITT_INDEX(itt));
}

static void wqe_logout(Ql8400IscsiConn *ic, const uint8_t *w, uint16_t itt)
{
    uint8_t bhs[QL8400_ISCSI_BHS_LEN] = { 0 };

    if (!task_claim(ic, itt, TASK_LOGOUT)) {
        wqe_fail(ic, itt, ERR_ITT);
        return;
    }
    bhs[0] = w[WQE_OPCODE];
    bhs[1] = w[WQE_OP_ATTR] | QL8400_ISCSI_FLAG_FINAL;
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, itt);
    memcpy(bhs + QL8400_ISCSI_BHS_LOGIN_CID, w + 22, 2);
    bhs_sn(ic, bhs, w);
    tx_start(ic, bhs, 0, 0, 0, 0, -1);
}

static void wqe_nop_out(Ql8400IscsiConn *ic, const uint8_t *w, uint16_t itt)
{
    uint8_t bhs[QL8400_ISCSI_BHS_LEN] = { 0 };
    bool local = w[WQE_FLAGS] & WQE_LOCAL_COMPLETION;
    int task = -1;

    if (!local) {
        if (!task_claim(ic, itt, TASK_NOP)) {
            wqe_fail(ic, itt, ERR_ITT);
            return;
        }
        task = ITT_INDEX(itt);
    }
    bhs[0] = w[WQE_OPCODE];
    bhs[1] = QL8400_ISCSI_FLAG_FINAL;
    /* bnx2i copies the LUN raw with its two dwords swapped */
    memcpy(bhs + QL8400_ISCSI_BHS_LUN, w + WQE_LUN + 4, 4);
    memcpy(bhs + QL8400_ISCSI_BHS_LUN + 4, w + WQE_LUN, 4);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, local ? RESERVED_ITT : itt);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_TTT, ql8400_ld32(w + WQE_TTT));
    bhs_sn(ic, bhs, w);
    tx_start(ic, bhs, ql8400_ld32(w + WQE_DATA_LEN) & 0xffffff,
             ql8400_ld64(w + WQE_BD_LIST), w[WQE_NUM_BDS], 0, task);
    if (local) {
        /* the answer to a target ping: nothing comes back for it */
        uint8_t cqe[CQE_SIZE];

        cqe_init(cqe, CQE_OP_NOP_LOCAL, NULL);
        ql8400_st16(cqe + CQE_ITT, itt);
        cqe_post(ic, cqe);
    }
}

static void wqe_tmf(Ql8400IscsiConn *ic, const uint8_t *w, uint16_t itt)
{
    uint8_t bhs[QL8400_ISCSI_BHS_LEN] = { 0 };

    if (!task_claim(ic, itt, TASK_TMF)) {
        wqe_fail(ic, itt, ERR_ITT);
        return;
    }
    bhs[0] = w[WQE_OPCODE];
    bhs[1] = w[WQE_OP_ATTR] | QL8400_ISCSI_FLAG_FINAL;
    bhs_lun_be(bhs, w);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, itt);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_TTT, ql8400_ld32(w + WQE_TTT));
    bhs_sn(ic, bhs, w);
    ql8400_stbe32(bhs + 32, ql8400_ld32(w + WQE_CDB));  /* RefCmdSN */
    tx_start(ic, bhs, 0, 0, 0, 0, -1);
}

static void wqe_scsi_cmd(Ql8400IscsiConn *ic, const uint8_t *w, uint16_t itt)
{
    IscsiTask *t = task_claim(ic, itt, TASK_CMD);
    uint8_t bhs[QL8400_ISCSI_BHS_LEN] = { 0 };
    uint32_t imm = 0, unsol = 0;
    unsigned i;

    if (!t) {
        wqe_fail(ic, itt, ERR_ITT);
        return;
    }
    t->read = w[WQE_OP_ATTR] & QL8400_ISCSI_CMD_READ;
    t->write = w[WQE_OP_ATTR] & QL8400_ISCSI_CMD_WRITE;
    t->edtl = ql8400_ld32(w + WQE_TTT);
    t->bd_list = ql8400_ld64(w + WQE_BD_LIST);
    t->num_bds = w[WQE_NUM_BDS];
    bhs_lun_be(bhs, w);
    memcpy(t->lun, bhs + QL8400_ISCSI_BHS_LUN, 8);
    if (t->write) {
        /* what libiscsi computed for imm_count and the unsolicited burst */
        uint32_t burst = min32(t->edtl, ic->p.first_burst);

        if (ic->p.immediate_data) {
            imm = min32(burst, ic->p.max_send_pdu);
        }
        if (!ic->p.initial_r2t) {
            unsol = burst - imm;
        }
    }
    bhs[0] = w[WQE_OPCODE];
    bhs[1] = w[WQE_OP_ATTR] | (unsol ? 0 : QL8400_ISCSI_FLAG_FINAL);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, itt);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_EDTL, t->edtl);
    bhs_sn(ic, bhs, w);
    for (i = 0; i < 4; i++) {
        ql8400_stbe32(bhs + QL8400_ISCSI_BHS_CDB + 4 * i,
                      ql8400_ld32(w + WQE_CDB + 4 * i));
    }
    if (unsol) {
        /* the ring has room for every task's: it cannot fail */
        seq_push(ic, ITT_INDEX(itt), false, RESERVED_ITT, imm, unsol);
    }
    tx_start(ic, bhs, imm, t->bd_list, t->num_bds, 0, ITT_INDEX(itt));
}

static void wqe_cleanup(Ql8400IscsiConn *ic, uint16_t itt)
{
    unsigned idx = ITT_INDEX(itt);
    uint8_t cqe[CQE_SIZE];

    if (idx < ic->num_tasks && ic->tasks[idx].kind != TASK_FREE) {
        /* its pending R2Ts and Data-In are dropped from now on */
        task_end(ic, &ic->tasks[idx], true);
    }
    cqe_init(cqe, CQE_OP_CLEANUP, NULL);
    ql8400_st16(cqe + CQE_ITT, itt);
    cqe_post(ic, cqe);
}

/* Reads and carries out the next WQE; false if there is none. */
static bool sq_next(Ql8400IscsiConn *ic)
{
    uint8_t w[WQE_SIZE];
    uint64_t addr;
    uint16_t itt;

    if (ic->sq_cons == ic->sq_prod) {
        uint8_t b[2];

        if (!ic->doorbell_seen ||
            !ql8400_dma_read(ic->c, ic->p.sq_db, b, sizeof(b))) {
            return false;
        }
        ic->sq_prod = ql8400_ld16(b);
        if (ic->sq_cons == ic->sq_prod) {
            return false;
        }
        if ((uint16_t)(ic->sq_prod - ic->sq_cons) > ic->p.sq_size) {
            QL8400_LOG_GUEST_ERROR("ql8400: iSCSI cid %u: SQ producer %u is"
                                   " more than %u WQEs ahead of %u\n",
                                   ic->p.cid, ic->sq_prod, ic->p.sq_size,
                                   ic->sq_cons);
        }
    }
    addr = ring_entry(ic, ic->p.sq_pbl, ic->sq_cons % ic->p.sq_size,
                      WQE_SIZE);
    if (!addr || !ql8400_dma_read(ic->c, addr, w, sizeof(w))) {
        memset(w, 0xff, sizeof(w));     /* an invalid opcode: completed */
        ql8400_st16(w + WQE_ITT, 0);
    }
    itt = ql8400_ld16(w + WQE_ITT);
    trace_ql8400_fw_iscsi_wqe(ic->p.cid, ic->sq_cons, w[WQE_OPCODE], itt);
    ic->sq_cons++;
    switch (w[WQE_OPCODE] == WQE_OP_CLEANUP ? WQE_OP_CLEANUP :
            w[WQE_OPCODE] & (QL8400_ISCSI_OP_MASK | 0x80)) {
    case QL8400_ISCSI_OP_NOP_OUT:
        wqe_nop_out(ic, w, itt);
        break;
    case QL8400_ISCSI_OP_SCSI_CMD:
        wqe_scsi_cmd(ic, w, itt);
        break;
    case QL8400_ISCSI_OP_TMF_REQ:
        wqe_tmf(ic, w, itt);
        break;
    case QL8400_ISCSI_OP_LOGIN_REQ:
        wqe_login(ic, w, itt);
        break;
    case QL8400_ISCSI_OP_TEXT_REQ:
        wqe_text(ic, w, itt);
        break;
    case QL8400_ISCSI_OP_LOGOUT_REQ:
        wqe_logout(ic, w, itt);
        break;
    case WQE_OP_CLEANUP:
        wqe_cleanup(ic, itt);
        break;
    default:
        QL8400_LOG_GUEST_ERROR("ql8400: iSCSI cid %u: WQE %u has opcode 0x%x"
                               "\n", ic->p.cid, (uint16_t)(ic->sq_cons - 1),
                               w[WQE_OPCODE]);
        /* bnx2i counts one CQE per WQE: an error completion */
        wqe_fail(ic, itt, 0x01);
        break;
    }
    return true;
}

/* Stages the next Data-Out PDU; false if no data is waiting. */
static bool tx_data_out(Ql8400IscsiConn *ic)
{
    while (ic->seq_count) {
        DataSeq *s = &ic->seq[ic->seq_head];
        IscsiTask *t = &ic->tasks[s->task];
        uint8_t bhs[QL8400_ISCSI_BHS_LEN] = { 0 };
        uint32_t n;

        if (t->gen != s->gen || !s->left) {
            seq_pop(ic);
            continue;
        }
        n = min32(s->left, ic->p.max_send_pdu);
        bhs[0] = QL8400_ISCSI_OP_DATA_OUT;
        bhs[1] = n == s->left ? QL8400_ISCSI_FLAG_FINAL : 0;
        memcpy(bhs + QL8400_ISCSI_BHS_LUN, t->lun, 8);
        ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, t->itt);
        ql8400_stbe32(bhs + QL8400_ISCSI_BHS_TTT, s->ttt);
        ql8400_stbe32(bhs + QL8400_ISCSI_BHS_EXPSTATSN, ic->exp_statsn);
        ql8400_stbe32(bhs + QL8400_ISCSI_BHS_DATASN, s->datasn++);
        ql8400_stbe32(bhs + QL8400_ISCSI_BHS_BUF_OFFSET, s->offset);
        t->data_outs++;
        tx_start(ic, bhs, n, t->bd_list, t->num_bds, s->offset, s->task);
        s->offset += n;
        s->left -= n;
        if (!s->left) {
            seq_pop(ic);
        }
        return true;
    }
    return false;
}

/* Sends what can be sent; true if anything moved. */
static bool tx_run(Ql8400IscsiConn *ic)
{
    bool progress = false;

    while (!ic->stopped) {
        if (ic->stage_off < ic->stage_len) {
            size_t n = ic->stream->send(ic->opaque,
                                        ic->stage + ic->stage_off,
                                        ic->stage_len - ic->stage_off);

            ic->stage_off += min32(n, ic->stage_len - ic->stage_off);
            progress |= n != 0;
            if (ic->stage_off < ic->stage_len) {
                break;
            }
        }
        ic->stage_len = ic->stage_off = 0;
        if (ic->tx.phase != TX_IDLE) {
            tx_fill(ic);
        } else if (!tx_data_out(ic) && !sq_next(ic)) {
            break;
        } else {
            progress = true;
        }
    }
    return progress;
}

/* --- receive ------------------------------------------------------------- */

/*
 * The task a response is for, by the ITT's low 14 bits. NULL when there
 * is none: a late PDU for a task cleaned up is dropped quietly, anything
 * else is an ITT error (*stopped tells whether it was fatal).
 */
static IscsiTask *rx_task(Ql8400IscsiConn *ic, uint32_t itt, TaskKind kind,
                          bool *stopped)
{
    unsigned idx = ITT_INDEX(itt);
    IscsiTask *t = idx < ic->num_tasks ? &ic->tasks[idx] : NULL;

    *stopped = false;
    if (t && t->kind == kind) {
        ic->rx.task = idx;
        ic->rx.gen = t->gen;
        return t;
    }
    if (t && t->kind == TASK_FREE && t->purged) {
        ic->rx.drop = true;
        return NULL;
    }
    ic->rx.drop = true;
    *stopped = conn_error(ic, ERR_ITT);
    return NULL;
}

/* Whether a PDU's data goes to an RQ entry (bnx2i reads one for its CQE). */
static bool rx_needs_rq(Ql8400IscsiConn *ic, const uint8_t *bhs)
{
    uint32_t itt = ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_ITT);
    unsigned idx = ITT_INDEX(itt);

    switch (bhs[0] & QL8400_ISCSI_OP_MASK) {
    case QL8400_ISCSI_OP_NOP_IN:
        return itt == RESERVED_ITT;
    case QL8400_ISCSI_OP_ASYNC:
    case QL8400_ISCSI_OP_REJECT:
        return true;
    case QL8400_ISCSI_OP_SCSI_RSP:
        return bhs[QL8400_ISCSI_BHS_RSP_STATUS] == 0x02 &&
               ql8400_iscsi_dlength(bhs) >= 2 && idx < ic->num_tasks &&
               ic->tasks[idx].kind == TASK_CMD;
    default:
        return false;
    }
}

static void rx_to_rq(Ql8400IscsiConn *ic)
{
    ic->rx.dst = DST_RQ;
    ic->rx.rq_addr = rq_claim(ic);
    ic->rx.limit = min32(ic->rx.dlen, ic->p.rq_buf_size);
}

static void rx_to_bds(Ql8400IscsiConn *ic, uint64_t list, unsigned num,
                      uint32_t off, uint32_t limit)
{
    ic->rx.dst = DST_BDS;
    bd_init(&ic->rx.bd, list, num);
    ic->rx.bd_off = off;
    ic->rx.limit = limit;
}

/* Data-In: placement is checked and set up from the header. */
static bool rx_data_in_hdr(Ql8400IscsiConn *ic, const uint8_t *bhs)
{
    bool stopped;
    IscsiTask *t = rx_task(ic, ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_ITT),
                           TASK_CMD, &stopped);
    uint32_t datasn = ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_DATASN);
    uint32_t off = ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_BUF_OFFSET);
    uint32_t dlen = ic->rx.dlen;

    if (!t) {
        return stopped;
    }
    if (!t->read) {
        ic->rx.drop = true;
        ic->rx.task = -1;
        return conn_error(ic, ERR_UNEXPECTED_OPCODE);
    }
    if (datasn != t->exp_datasn && conn_error(ic, ERR_DATASN)) {
        return true;
    }
    t->exp_datasn = datasn + 1;
    if ((bhs[1] & QL8400_ISCSI_DATA_STATUS) &&
        !(bhs[1] & QL8400_ISCSI_FLAG_FINAL) && conn_error(ic, ERR_F_BIT_ZERO)) {
        return true;
    }
    if ((off > t->edtl || dlen > t->edtl - off) &&
        conn_error(ic, ERR_REMAIN_RCV_LEN)) {
        return true;
    }
    t->data_ins++;
    rx_to_bds(ic, t->bd_list, t->num_bds, off,
              off > t->edtl ? 0 : min32(dlen, t->edtl - off));
    return false;
}

/* Parses a BHS and decides where its data segment goes. */
static RxHeader rx_header(Ql8400IscsiConn *ic, const uint8_t *bhs)
{
    uint8_t op = bhs[0] & QL8400_ISCSI_OP_MASK;
    uint32_t itt = ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_ITT);
    bool stopped = false;
    TaskKind kind = TASK_FREE;
    IscsiTask *t;

    if (rx_needs_rq(ic, bhs) && !rq_entries_free(ic)) {
        return HDR_WAIT;
    }
    memcpy(ic->rx.bhs, bhs, QL8400_ISCSI_BHS_LEN);
    ic->rx.op = op;
    ic->rx.dlen = ql8400_iscsi_dlength(bhs);
    ic->rx.total = ic->rx.dlen + ql8400_iscsi_pad(ic->rx.dlen);
    ic->rx.got = 0;
    ic->rx.crc = ~0u;
    ic->rx.dd = ic->data_digest;
    ic->rx.dst = DST_NONE;
    ic->rx.task = -1;
    ic->rx.drop = false;
    ic->rx.head_len = 0;
    trace_ql8400_fw_iscsi_pdu_in(ic->p.cid, op, bhs[1], itt, ic->rx.dlen);

    if (bhs[QL8400_ISCSI_BHS_AHS_LEN]) {
        /* not parsed: the stream cannot be followed past it */
        conn_error(ic, ERR_AHS_LEN);
        ic->stopped = true;
        return HDR_STOPPED;
    }
    if (ic->rx.dlen > ic->p.max_recv_pdu &&
        conn_error(ic, ERR_MAX_RCV_PDU_LEN)) {
        return HDR_STOPPED;
    }
    switch (op) {
    case QL8400_ISCSI_OP_DATA_IN:
        stopped = rx_data_in_hdr(ic, bhs);
        break;
    case QL8400_ISCSI_OP_SCSI_RSP:
        t = rx_task(ic, itt, TASK_CMD, &stopped);
        if (t && rx_needs_rq(ic, bhs)) {
            rx_to_rq(ic);
        }
        break;
    case QL8400_ISCSI_OP_NOP_IN:
        if (itt == RESERVED_ITT) {
            rx_to_rq(ic);
        } else {
            rx_task(ic, itt, TASK_NOP, &stopped);
        }
        break;
    case QL8400_ISCSI_OP_LOGIN_RSP:
    case QL8400_ISCSI_OP_TEXT_RSP:
        kind = op == QL8400_ISCSI_OP_LOGIN_RSP ? TASK_LOGIN : TASK_TEXT;
        t = rx_task(ic, itt, kind, &stopped);
        if (t) {
            if (ic->rx.dlen > t->resp_len) {
                QL8400_LOG_GUEST_ERROR("ql8400: iSCSI cid %u: %u bytes of"
                                       " response data for a buffer of %u\n",
                                       ic->p.cid, ic->rx.dlen, t->resp_len);
            }
            rx_to_bds(ic, t->resp_bd_list, t->resp_num_bds, 0,
                      min32(ic->rx.dlen, t->resp_len));
        }
        break;
    case QL8400_ISCSI_OP_LOGOUT_RSP:
        rx_task(ic, itt, TASK_LOGOUT, &stopped);
        break;
    case QL8400_ISCSI_OP_TMF_RSP:
        rx_task(ic, itt, TASK_TMF, &stopped);
        break;
    case QL8400_ISCSI_OP_R2T:
        if (ic->rx.dlen) {
            stopped = conn_error(ic, ERR_DATA_SEG_LEN_NOT_ZERO);
        }
        break;
    case QL8400_ISCSI_OP_ASYNC:
    case QL8400_ISCSI_OP_REJECT:
        rx_to_rq(ic);
        break;
    default:
        ic->rx.drop = true;
        stopped = conn_error(ic, ERR_OPCODE);
        break;
    }
    return stopped ? HDR_STOPPED : HDR_OK;
}

/* Data segment bytes [pos, pos + len) arrived. */
static void rx_deliver(Ql8400IscsiConn *ic, uint32_t pos, const uint8_t *buf,
                       uint32_t len)
{
    uint32_t n;

    if (ic->rx.head_len < sizeof(ic->rx.head) && pos == ic->rx.head_len) {
        n = min32(len, sizeof(ic->rx.head) - ic->rx.head_len);
        memcpy(ic->rx.head + ic->rx.head_len, buf, n);
        ic->rx.head_len += n;
    }
    if (pos >= ic->rx.limit) {
        return;
    }
    n = min32(len, ic->rx.limit - pos);
    if (ic->rx.dst == DST_RQ && ic->rx.rq_addr) {
        ql8400_dma_write(ic->c, ic->rx.rq_addr + pos, buf, n);
    } else if (ic->rx.dst == DST_BDS) {
        if (ic->rx.task >= 0 &&
            ic->tasks[ic->rx.task].gen != ic->rx.gen) {
            return;         /* cleaned up meanwhile */
        }
        if (!bd_write(ic, &ic->rx.bd, ic->rx.bd_off + pos, buf, n)) {
            QL8400_LOG_GUEST_ERROR("ql8400: iSCSI cid %u: BD list shorter"
                                   " than the data received\n", ic->p.cid);
            ic->rx.limit = pos;
        }
    }
}

/* The task the PDU was for, if it is still the same one. */
static IscsiTask *rx_cur_task(Ql8400IscsiConn *ic)
{
    IscsiTask *t;

    if (ic->rx.task < 0 || ic->rx.drop) {
        return NULL;
    }
    t = &ic->tasks[ic->rx.task];
    return t->gen == ic->rx.gen && t->kind != TASK_FREE ? t : NULL;
}

static void rx_r2t(Ql8400IscsiConn *ic, const uint8_t *bhs)
{
    uint32_t itt = ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_ITT);
    uint32_t ttt = ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_TTT);
    uint32_t r2tsn = ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_DATASN);
    uint32_t off = ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_BUF_OFFSET);
    uint32_t len = ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_R2T_LENGTH);
    unsigned max_r2t = min32(ic->p.max_r2t ? ic->p.max_r2t : 1,
                             MAX_R2T_PER_TASK);
    bool stopped;
    IscsiTask *t = rx_task(ic, itt, TASK_CMD, &stopped);

    if (!t) {
        return;
    }
    if (!t->write) {
        conn_error(ic, ERR_UNEXPECTED_OPCODE);
        return;
    }
    if (ttt == RESERVED_ITT && conn_error(ic, ERR_TTT_IS_RSRV)) {
        return;
    }
    if (r2tsn != t->exp_r2tsn && conn_error(ic, ERR_R2TSN)) {
        return;
    }
    t->exp_r2tsn = r2tsn + 1;
    t->r2ts++;
    if (!len) {
        conn_error(ic, ERR_DESIRED_LEN_0);
        return;
    }
    if (off > t->edtl || len > t->edtl - off) {
        conn_error(ic, ERR_DESIRED_LEN_BIG);
        return;
    }
    if (len > ic->p.max_burst && conn_error(ic, ERR_MAX_BURST_LEN)) {
        return;
    }
    if (t->r2ts_pending >= max_r2t &&
        (conn_error(ic, ERR_PEND_R2T_EXCEED) ||
         t->r2ts_pending >= MAX_R2T_PER_TASK)) {
        return;
    }
    seq_push(ic, ITT_INDEX(itt), true, ttt, off, len);
}

static void rx_scsi_rsp(Ql8400IscsiConn *ic, const uint8_t *bhs, uint8_t op)
{
    IscsiTask *t = rx_cur_task(ic);
    uint8_t cqe[CQE_SIZE];

    if (!t) {
        return;
    }
    if (op == QL8400_ISCSI_OP_DATA_IN &&
        !(bhs[1] & QL8400_ISCSI_DATA_STATUS)) {
        return;
    }
    cqe_init(cqe, op, bhs);
    cqe[0] = bhs[QL8400_ISCSI_BHS_RSP_STATUS];
    cqe[1] = op == QL8400_ISCSI_OP_SCSI_RSP ?
             bhs[QL8400_ISCSI_BHS_RSP_RESPONSE] : 0;
    cqe[2] = bhs[1];
    ql8400_st32(cqe + CQE_DATA_LEN, ic->rx.dlen);
    ql8400_st32(cqe + 20, ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_RESIDUAL));
    if (t->write) {
        ql8400_st16(cqe + 48, t->data_outs);
        ql8400_st16(cqe + 50, t->r2ts);
    } else {
        ql8400_st16(cqe + 48, t->data_ins);
    }
    ql8400_st16(cqe + CQE_ITT, t->itt);
    task_end(ic, t, false);
    cqe_post(ic, cqe);
}

/* A Reject ends the task whose PDU it rejects: that is its one CQE. */
static void rx_reject_task(Ql8400IscsiConn *ic)
{
    const uint8_t *h = ic->rx.head;
    uint32_t itt;
    IscsiTask *t;

    if (ic->rx.head_len < QL8400_ISCSI_BHS_LEN ||
        (h[0] & QL8400_ISCSI_OP_MASK) == QL8400_ISCSI_OP_DATA_OUT) {
        return;
    }
    itt = ql8400_ldbe32(h + QL8400_ISCSI_BHS_ITT);
    if (itt == RESERVED_ITT || ITT_INDEX(itt) >= ic->num_tasks) {
        return;
    }
    t = &ic->tasks[ITT_INDEX(itt)];
    if (t->kind != TASK_FREE && t->itt == (uint16_t)itt) {
        task_end(ic, t, false);
    }
}

static void rx_unsolicited(Ql8400IscsiConn *ic, const uint8_t *bhs, uint8_t op)
{
    uint8_t cqe[CQE_SIZE];

    cqe_init(cqe, op, bhs);
    if (op == QL8400_ISCSI_OP_NOP_IN) {
        ql8400_st32(cqe + CQE_DATA_LEN, ic->rx.limit);
        ql8400_st32(cqe + 16, ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_TTT));
        memcpy(cqe + 32, bhs + QL8400_ISCSI_BHS_LUN, 8);
        ql8400_st16(cqe + CQE_ITT, 0xffff);
    } else if (op == QL8400_ISCSI_OP_ASYNC) {
        memcpy(cqe + 32, bhs + QL8400_ISCSI_BHS_LUN, 8);
        ql8400_st16(cqe + 40, ql8400_ldbe16(bhs + 38));     /* param1 */
        cqe[42] = bhs[37];                                  /* vcode */
        cqe[43] = bhs[36];                                  /* event */
        ql8400_st16(cqe + 44, ql8400_ldbe16(bhs + 42));     /* param3 */
        ql8400_st16(cqe + 46, ql8400_ldbe16(bhs + 40));     /* param2 */
    } else {
        cqe[1] = bhs[2];                                    /* reason */
        ql8400_st32(cqe + CQE_DATA_LEN, ic->rx.limit);
        rx_reject_task(ic);
    }
    cqe_post(ic, cqe);
}

static void rx_mp_rsp(Ql8400IscsiConn *ic, const uint8_t *bhs, uint8_t op)
{
    IscsiTask *t = rx_cur_task(ic);
    uint8_t cqe[CQE_SIZE];

    if (!t) {
        return;
    }
    cqe_init(cqe, op, bhs);
    switch (op) {
    case QL8400_ISCSI_OP_LOGIN_RSP:
        cqe[0] = bhs[3];                        /* version active */
        cqe[1] = bhs[2];                        /* version max */
        cqe[2] = bhs[1];
        ql8400_st32(cqe + CQE_DATA_LEN, ic->rx.limit);
        ql8400_st32(cqe + 28, ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_STATSN));
        memcpy(cqe + 32, bhs + QL8400_ISCSI_BHS_LOGIN_ISID, 4);
        ql8400_st16(cqe + 36,
                    ql8400_ldbe16(bhs + QL8400_ISCSI_BHS_LOGIN_TSIH));
        memcpy(cqe + 38, bhs + QL8400_ISCSI_BHS_LOGIN_ISID + 4, 2);
        cqe[42] = bhs[QL8400_ISCSI_BHS_LOGIN_DETAIL];
        cqe[43] = bhs[QL8400_ISCSI_BHS_LOGIN_CLASS];
        break;
    case QL8400_ISCSI_OP_TEXT_RSP:
        cqe[2] = bhs[1];
        ql8400_st32(cqe + CQE_DATA_LEN, ic->rx.limit);
        ql8400_st32(cqe + 16, ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_TTT));
        memcpy(cqe + 32, bhs + QL8400_ISCSI_BHS_LUN, 8);
        break;
    case QL8400_ISCSI_OP_LOGOUT_RSP:
        cqe[1] = bhs[2];
        ql8400_st16(cqe + 40, ql8400_ldbe16(bhs + 42));     /* Time2Retain */
        ql8400_st16(cqe + 42, ql8400_ldbe16(bhs + 40));     /* Time2Wait */
        break;
    case QL8400_ISCSI_OP_TMF_RSP:
        cqe[1] = bhs[2];
        break;
    case QL8400_ISCSI_OP_NOP_IN:
        ql8400_st32(cqe + CQE_DATA_LEN, ic->rx.dlen);
        ql8400_st32(cqe + 16, ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_TTT));
        memcpy(cqe + 32, bhs + QL8400_ISCSI_BHS_LUN, 8);
        break;
    }
    ql8400_st16(cqe + CQE_ITT, t->itt);
    task_end(ic, t, false);
    cqe_post(ic, cqe);
}

/* The PDU is complete and its digests checked. */
static void rx_complete(Ql8400IscsiConn *ic)
{
    const uint8_t *bhs = ic->rx.bhs;
    uint8_t op = ic->rx.op;
    uint32_t itt = ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_ITT);
    bool statsn = true;

    ic->rx.phase = RX_BHS;
    switch (op) {
    case QL8400_ISCSI_OP_DATA_IN:
        statsn = bhs[1] & QL8400_ISCSI_DATA_STATUS;
        rx_scsi_rsp(ic, bhs, op);
        break;
    case QL8400_ISCSI_OP_SCSI_RSP:
        rx_scsi_rsp(ic, bhs, op);
        break;
    case QL8400_ISCSI_OP_R2T:
        statsn = false;
        rx_r2t(ic, bhs);
        break;
    case QL8400_ISCSI_OP_NOP_IN:
        statsn = itt != RESERVED_ITT;
        if (statsn) {
            rx_mp_rsp(ic, bhs, op);
        } else {
            rx_unsolicited(ic, bhs, op);
        }
        break;
    case QL8400_ISCSI_OP_LOGIN_RSP:
    case QL8400_ISCSI_OP_TEXT_RSP:
    case QL8400_ISCSI_OP_LOGOUT_RSP:
    case QL8400_ISCSI_OP_TMF_RSP:
        rx_mp_rsp(ic, bhs, op);
        break;
    case QL8400_ISCSI_OP_ASYNC:
    case QL8400_ISCSI_OP_REJECT:
        rx_unsolicited(ic, bhs, op);
        break;
    default:
        statsn = false;
        break;
    }
    if (statsn) {
        ic->exp_statsn = ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_STATSN) + 1;
    }
}

static void rx_check_data_digest(Ql8400IscsiConn *ic, const uint8_t *d)
{
    if (ql8400_ld32(d) != digest_final(ic->rx.crc) &&
        conn_error(ic, ERR_DATA_DIGEST)) {
        return;
    }
    rx_complete(ic);
}

/* Takes in what the stream holds; true if anything was consumed. */
static bool rx_run(Ql8400IscsiConn *ic)
{
    bool progress = false;

    while (!ic->stopped) {
        size_t avail = ic->stream->rx_avail(ic->opaque);
        uint8_t hdr[QL8400_ISCSI_BHS_LEN + QL8400_ISCSI_DIGEST_LEN];
        size_t hlen = QL8400_ISCSI_BHS_LEN +
                      (ic->header_digest ? QL8400_ISCSI_DIGEST_LEN : 0);
        uint32_t n;
        RxHeader r;

        switch (ic->rx.phase) {
        case RX_BHS:
            if (avail < hlen ||
                ic->stream->rx_peek(ic->opaque, 0, hdr, hlen) < hlen) {
                return progress;
            }
            if (ic->header_digest &&
                ql8400_ld32(hdr + QL8400_ISCSI_BHS_LEN) !=
                digest(hdr, QL8400_ISCSI_BHS_LEN) &&
                conn_error(ic, ERR_HDR_DIGEST)) {
                return progress;
            }
            r = rx_header(ic, hdr);
            if (r == HDR_WAIT) {
                /* flow control: the stream waits for an RQ entry */
                if (!ic->rq_wait) {
                    ic->rq_wait = true;
                    ic->rq_deadline = now_ns(ic) + RQ_POLL_NS;
                }
                return progress;
            }
            ic->rq_wait = false;
            if (r == HDR_STOPPED) {
                return progress;
            }
            ic->stream->rx_consume(ic->opaque, hlen);
            progress = true;
            if (ic->rx.total) {
                ic->rx.phase = RX_DATA;
            } else {
                rx_complete(ic);
            }
            break;
        case RX_DATA:
            n = min32(min32(avail, ic->rx.total - ic->rx.got), RX_CHUNK);
            if (!n) {
                return progress;
            }
            n = ic->stream->rx_peek(ic->opaque, 0, ic->rxbuf, n);
            if (!n) {
                return progress;
            }
            if (ic->rx.dd) {            /* the sum only when it is sent */
                ic->rx.crc = ql8400_crc32c(ic->rx.crc, ic->rxbuf, n);
            }
            if (ic->rx.got < ic->rx.dlen) {
                rx_deliver(ic, ic->rx.got, ic->rxbuf,
                           min32(n, ic->rx.dlen - ic->rx.got));
            }
            ic->stream->rx_consume(ic->opaque, n);
            progress = true;
            ic->rx.got += n;
            if (ic->rx.got == ic->rx.total) {
                if (ic->rx.dd) {
                    ic->rx.phase = RX_DIGEST;
                } else {
                    rx_complete(ic);
                }
            }
            break;
        case RX_DIGEST:
            if (avail < QL8400_ISCSI_DIGEST_LEN ||
                ic->stream->rx_peek(ic->opaque, 0, hdr,
                                    QL8400_ISCSI_DIGEST_LEN) <
                QL8400_ISCSI_DIGEST_LEN) {
                return progress;
            }
            ic->stream->rx_consume(ic->opaque, QL8400_ISCSI_DIGEST_LEN);
            progress = true;
            rx_check_data_digest(ic, hdr);
            break;
        }
    }
    return progress;
}

/* --- entry points -------------------------------------------------------- */

/*
 * Moves both ways until nothing moves. A call that comes back in from a
 * stream callback only asks the running loop for one more round.
 */
static void run(Ql8400IscsiConn *ic)
{
    bool progress;

    if (ic->busy) {
        ic->again = true;
        return;
    }
    ic->busy = true;
    do {
        ic->again = false;
        progress = tx_run(ic);
        progress |= rx_run(ic);
    } while ((progress || ic->again) && !ic->stopped);
    ic->busy = false;
}

static uint16_t at_least_one(uint16_t v, uint16_t dflt, const char *what,
                             uint32_t cid)
{
    if (!v) {
        QL8400_LOG_GUEST_ERROR("ql8400: iSCSI cid %u: %s is 0, using %u\n",
                               cid, what, dflt);
        return dflt;
    }
    return v;
}

static uint32_t pdu_len_param(uint32_t v, const char *what, uint32_t cid)
{
    /* bounds keep every PDU progressing and below the 24-bit field */
    if (v < 512 || v > 0xffffff) {
        QL8400_LOG_GUEST_ERROR("ql8400: iSCSI cid %u: %s %u out of range\n",
                               cid, what, v);
        return v < 512 ? 512 : 0xffffff;
    }
    return v;
}

Ql8400IscsiConn *ql8400_iscsi_new(Ql8400Chip *c, const Ql8400IscsiParams *p,
                                  const Ql8400IscsiStream *stream,
                                  void *stream_opaque)
{
    Ql8400IscsiConn *ic = calloc(1, sizeof(*ic));

    if (!ic) {
        return NULL;
    }
    ic->c = c;
    ic->p = *p;
    ic->stream = stream;
    ic->opaque = stream_opaque;
    ic->p.sq_size = at_least_one(p->sq_size, 128, "SQ size", p->cid);
    ic->p.cq_size = at_least_one(p->cq_size, 192, "CQ size", p->cid);
    ic->p.rq_size = at_least_one(p->rq_size, 16, "RQ size", p->cid);
    if (!p->rq_buf_size || p->rq_buf_size > HOST_PAGE) {
        QL8400_LOG_GUEST_ERROR("ql8400: iSCSI cid %u: RQ buffer size %u\n",
                               p->cid, p->rq_buf_size);
        ic->p.rq_buf_size = 256;
    }
    ic->p.max_send_pdu = pdu_len_param(p->max_send_pdu, "MaxXmitDSL", p->cid);
    ic->p.max_recv_pdu = pdu_len_param(p->max_recv_pdu, "MaxRecvDSL", p->cid);
    ic->num_tasks = min32(at_least_one(p->num_tasks, 128, "task count",
                                     p->cid), MAX_TASKS);
    ic->tasks = calloc(ic->num_tasks, sizeof(*ic->tasks));
    ic->seq_cap = ic->num_tasks * (MAX_R2T_PER_TASK + 1);
    ic->seq = calloc(ic->seq_cap, sizeof(*ic->seq));
    if (!ic->tasks || !ic->seq) {
        ql8400_iscsi_free(ic);
        return NULL;
    }
    ic->cq_sn = 1;
    ic->notify_deadline = INT64_MAX;
    ic->rx.phase = RX_BHS;
    ic->rx.task = -1;
    ic->tx.task = -1;
    return ic;
}

void ql8400_iscsi_free(Ql8400IscsiConn *ic)
{
    if (ic) {
        free(ic->tasks);
        free(ic->seq);
        free(ic);
    }
}

void ql8400_iscsi_update(Ql8400IscsiConn *ic, const uint8_t *update)
{
    uint8_t flags = update[UPD_CONN_FLAGS];

    ic->header_digest = flags & UPD_HEADER_DIGEST;
    ic->data_digest = flags & UPD_DATA_DIGEST;
    ic->p.initial_r2t = flags & UPD_INITIAL_R2T;
    ic->p.immediate_data = flags & UPD_IMMEDIATE_DATA;
    ic->p.max_r2t = update[UPD_MAX_R2T];
    ic->p.max_send_pdu = pdu_len_param(ql8400_ld32(update + UPD_MAX_SEND),
                                       "MaxXmitDSL", ic->p.cid);
    ic->p.max_recv_pdu = pdu_len_param(ql8400_ld32(update + UPD_MAX_RECV),
                                       "MaxRecvDSL", ic->p.cid);
    ic->p.first_burst = ql8400_ld32(update + UPD_FIRST_BURST);
    ic->p.max_burst = ql8400_ld32(update + UPD_MAX_BURST);
    ic->exp_statsn = ql8400_ld32(update + UPD_EXP_STATSN);
    if (!ic->stopped) {
        run(ic);
    }
}

void ql8400_iscsi_sq_doorbell(Ql8400IscsiConn *ic)
{
    if (ic->stopped) {
        return;
    }
    ic->doorbell_seen = true;
    ic->sq_prod = ic->sq_cons;      /* read the producer again */
    run(ic);
}

void ql8400_iscsi_rx_ready(Ql8400IscsiConn *ic)
{
    if (!ic->stopped) {
        run(ic);
    }
}

void ql8400_iscsi_tx_space(Ql8400IscsiConn *ic)
{
    if (!ic->stopped) {
        run(ic);
    }
}

int64_t ql8400_iscsi_next_deadline(const Ql8400IscsiConn *ic)
{
    int64_t d = INT64_MAX;

    if (ic->stopped) {
        return d;
    }
    if (ic->notify_pending) {
        d = ic->notify_deadline;
    }
    if (ic->rq_wait && ic->rq_deadline < d) {
        d = ic->rq_deadline;
    }
    return d;
}

void ql8400_iscsi_timer(Ql8400IscsiConn *ic)
{
    int64_t now = now_ns(ic);

    if (ic->stopped) {
        return;
    }
    if (ic->notify_pending && now >= ic->notify_deadline) {
        uint16_t sqn = cq_armed_sqn(ic);

        /*
         * Disarmed means bnx2i has a notification still to handle: it
         * drains the CQ then, and its re-arm looks for more.
         */
        if (sqn != SQN_DISARMED) {
            cq_notify(ic, sqn, true);
        }
        ic->notify_pending = false;
    }
    if (ic->rq_wait) {
        /* any timer run is a good time to look for RQ entries again */
        ic->rq_wait = false;
        run(ic);
    }
}

bool ql8400_iscsi_stopped(const Ql8400IscsiConn *ic)
{
    return ic->stopped;
}
