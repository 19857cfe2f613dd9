/*
 * ql8400 firmware model: the iSCSI engine of one offloaded connection.
 *
 * It sits between bnx2i's queues in host memory and the connection's TCP
 * byte stream (the TCP offload engine, tcp.h, reached through
 * Ql8400IscsiStream so tests can put a scripted target there instead):
 *
 *  - SQ: bnx2i writes 64-byte WQEs, then the producer (u16, free running)
 *    into the SQ doorbell record, then rings BAR2 + 8 * cid. The engine
 *    reads the producer from host memory and turns each WQE into PDUs on
 *    the stream: Login, Text, Logout, NOP-Out, task management, SCSI
 *    commands with their immediate and unsolicited data, and Data-Out for
 *    each R2T. A cleanup WQE purges a task with no PDU.
 *  - Received PDUs: Data-In is placed into the task's BD list; responses
 *    become 64-byte CQEs with sequence numbers; unsolicited data (sense,
 *    target NOP-In, async, reject) goes to the next RQ entry.
 *  - CQ notification: when the CQ reaches the sequence number bnx2i armed
 *    in the CQ doorbell record (sqn[0]), the engine writes 0xffff there and
 *    posts KCQE 0x20; a short timer does the same for CQEs that wait.
 *  - Digests (CRC32C) once UPDATE turned them on; protocol errors become
 *    KCQE 0x21 with the chip's completion code (warning or fatal by the
 *    error mask cnic programmed).
 *
 * Layouts and rules: ../shared/reference/iscsi-offload.md sections 3 and
 * 5 (the driver source wins where they differ).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_ISCSI_CONN_H
#define QL8400_FW_ISCSI_CONN_H

#include "host.h"

typedef struct Ql8400Chip Ql8400Chip;
typedef struct Ql8400IscsiConn Ql8400IscsiConn;

/* The connection's byte stream (TCP), as the engine uses it. */
typedef struct Ql8400IscsiStream {
    /* queues up to len bytes for sending; returns how many were taken */
    size_t (*send)(void *opaque, const void *buf, size_t len);
    /* in-order received bytes not consumed yet */
    size_t (*rx_avail)(void *opaque);
    /* copies up to len of them from offset on; returns the count */
    size_t (*rx_peek)(void *opaque, size_t offset, void *buf, size_t len);
    /* frees n received bytes (opens the TCP window) */
    void (*rx_consume)(void *opaque, size_t n);
} Ql8400IscsiStream;

typedef struct Ql8400IscsiParams {
    uint32_t cid;               /* HW CID: in KCQEs */
    uint16_t l5_cid;            /* bnx2i's connection index: in KCQEs */

    /* per function, from the storm RAM values of cnic's INIT1/INIT2 */
    uint16_t num_tasks;         /* ITT index space (128) */
    uint16_t sq_size;           /* SQ WQEs (128) */
    uint16_t cq_size;           /* CQEs (192) */
    uint16_t rq_size;           /* RQ entries (16) */
    uint16_t rq_buf_size;       /* bytes per RQ entry (256) */
    uint64_t error_mask;        /* bit n: completion code n only warns */

    /* per connection, from the context cnic wrote */
    uint64_t sq_pbl;            /* SQ page table: u64 page addresses */
    uint64_t sq_db;             /* SQ doorbell record: u16 producer at +0 */
    uint64_t cq_pbl;
    uint64_t cq_db;             /* CQ doorbell record: sqn[0] at +48 */
    uint64_t rq_pbl;
    uint64_t rq_db;             /* RQ doorbell record: u16 producer at +0 */

    /* login-phase values, until UPDATE replaces them */
    uint32_t max_send_pdu;      /* MaxXmitDataSegmentLength (8192) */
    uint32_t max_recv_pdu;      /* our MaxRecvDataSegmentLength (8192) */
    uint32_t first_burst;       /* 65536 */
    uint32_t max_burst;         /* 262144 */
    uint8_t max_r2t;            /* 1 */
    bool immediate_data;        /* true */
    bool initial_r2t;           /* true */
} Ql8400IscsiParams;

/*
 * A new engine for an established connection. It reads nothing yet; it
 * processes WQEs already posted when the first doorbell (or
 * ql8400_iscsi_sq_doorbell) comes. NULL if memory is short.
 */
Ql8400IscsiConn *ql8400_iscsi_new(Ql8400Chip *c, const Ql8400IscsiParams *p,
                                  const Ql8400IscsiStream *stream,
                                  void *stream_opaque);
/* Forgets the connection at once: no more DMA, no more KCQE. */
void ql8400_iscsi_free(Ql8400IscsiConn *ic);

/*
 * The UPDATE ramrod's data (struct iscsi_kwqe_conn_update, 32 bytes):
 * digests, burst and PDU lengths, R2T, ExpStatSN. Takes effect for the
 * next PDU each way. The caller posts the KCQE 0x12.
 */
void ql8400_iscsi_update(Ql8400IscsiConn *ic, const uint8_t *update);

/* The SQ doorbell: new WQEs may be posted. */
void ql8400_iscsi_sq_doorbell(Ql8400IscsiConn *ic);
/* The stream has new received bytes / room for more to send. */
void ql8400_iscsi_rx_ready(Ql8400IscsiConn *ic);
void ql8400_iscsi_tx_space(Ql8400IscsiConn *ic);

/*
 * The CQ notification timer: the host clock time (c->host->now_ns) at
 * which ql8400_iscsi_timer() should run; INT64_MAX for none.
 */
int64_t ql8400_iscsi_next_deadline(const Ql8400IscsiConn *ic);
void ql8400_iscsi_timer(Ql8400IscsiConn *ic);

/* A fatal protocol error stopped the engine (KCQE 0x21 was posted). */
bool ql8400_iscsi_stopped(const Ql8400IscsiConn *ic);

#endif
