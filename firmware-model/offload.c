/*
 * ql8400 firmware model: TCP and iSCSI offload, the connection manager
 * (see offload.h). The connection's life, as cnic drives it:
 *
 *   TCP_CONNECT   context read, TCP engine made, 4-tuple in the demux,
 *                 SYN out; KCQE 0x83 now, CONNECT_COMPLETE (56) later
 *   UPDATE        full-feature parameters to the iSCSI engine; KCQE 0x12
 *   CLOSE/ABORT   FIN or RST; KCQE 0x8c/0x8d now, 53/54 when done
 *   SEARCHER_DEL  4-tuple out of the demux; KCQE 0x8e
 *   TERMINATE     engines freed: no more DMA for it; KCQE 0x8f
 *   CFC_DEL       the CID is free (its EQ completion is ramrods.c's)
 *
 * The peer's FIN and RST are KCQEs 58 and 57. Every connect ends in one
 * CONNECT_COMPLETE, success or not, since cnic waits for it forever.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "grc.h"
#include "iscsi-conn.h"
#include "kcq.h"
#include "le.h"
#include "offload.h"
#include "regs.h"
#include "tcp.h"
#include "fw-trace.h"

/* L5CM ramrods of the iSCSI connection type */
enum {
    L5CM_RAMROD_TCP_CONNECT = 0x83,
    L5CM_RAMROD_CLOSE = 0x8c,
    L5CM_RAMROD_ABORT = 0x8d,
    L5CM_RAMROD_SEARCHER_DELETE = 0x8e,
    L5CM_RAMROD_TERMINATE_OFFLOAD = 0x8f,
    ISCSI_RAMROD_UPDATE_CONN = 0x12,
};

/* storm RAM of PF0 that cnic writes for the offload (IROs 271..312) */
#define TSTORM_ISCSI_TCP_VARS_FLAGS     (BAR_TSTRORM_INTMEM + 0x6040)
#define TSTORM_FLAGS_DELAYED_ACK        (1u << 12)
#define TSTORM_ISCSI_NUM_OF_TASKS       (BAR_TSTRORM_INTMEM + 0x6004)
#define TSTORM_ISCSI_ERROR_BITMAP       (BAR_TSTRORM_INTMEM + 0x60c0)
#define USTORM_ISCSI_CQ_SIZE            (BAR_USTRORM_INTMEM + 0x3044)
#define USTORM_ISCSI_RQ_BUFFER_SIZE     (BAR_USTRORM_INTMEM + 0x3080)
#define USTORM_ISCSI_RQ_SIZE            (BAR_USTRORM_INTMEM + 0x3084)
#define XSTORM_ISCSI_TCP_VARS_TTL       (BAR_XSTRORM_INTMEM + 0x8040)
#define XSTORM_ISCSI_TCP_VARS_TOS       (BAR_XSTRORM_INTMEM + 0x8041)
#define XSTORM_ISCSI_TCP_VARS_FLAGS     (BAR_XSTRORM_INTMEM + 0x8042)
#define XSTORM_FLAGS_TS_ENABLED         (1u << 1)
#define XSTORM_FLAGS_WND_SCL_EN         (1u << 2)
#define XSTORM_ISCSI_TCP_VARS_ADV_WND_SCL (BAR_XSTRORM_INTMEM + 0x8043)
#define XSTORM_ISCSI_LOCAL_MAC_ADDR     (BAR_XSTRORM_INTMEM + 0x8080)
#define XSTORM_ISCSI_LOCAL_VLAN         (BAR_XSTRORM_INTMEM + 0x8086)
#define XSTORM_ISCSI_SQ_SIZE            (BAR_XSTRORM_INTMEM + 0x80c2)

/* struct l5cm_active_conn_buffer: the TCP_CONNECT ramrod's data */
#define CONN_BUF_SIZE           104
#define CONN_PMTU               0
#define CONN_REMOTE_MAC         4
#define CONN_PARAMS             10
#define CONN_PARAMS_IPV6        (1u << 0)
#define CONN_LOCAL_IP           12
#define CONN_REMOTE_IP          28
#define CONN_LOCAL_PORT         52
#define CONN_REMOTE_PORT        54
#define CONN_MSS                62
#define CONN_RCV_BUF            64
#define CONN_CONTEXT_ADDR       72
#define CONN_KA_ENABLE          88
#define CONN_KA_MAX_PROBES      89
#define CONN_KA_TIMEOUT         92
#define CONN_KA_INTERVAL        96

/* The iSCSI connection context cnic wrote (1 KB; regpairs lo, hi). */
#define CTX_SIZE                1024
#define CTX_RQ_PBL              0x008
#define CTX_CQ_PBL              0x08c
#define CTX_NEGOTIATED_RX       0x0f8   /* MaxRecvDSL | MaxOutR2T << 24 */
#define CTX_NEGOTIATED_RX_FLAGS 0x0fc   /* MaxBurstLength */
#define CTX_RQ_DB               0x170
#define CTX_TSTORM_CONN_ID      0x178
#define CTX_FIRST_BURST         0x2f0
#define CTX_MAX_SEND_PDU        0x2f4
#define CTX_SQ_PBL              0x2f8
#define CTX_XSTORM_FLAGS        0x331
#define CTX_XSTORM_IMMEDIATE    (1u << 0)
#define CTX_XSTORM_INITIAL_R2T  (1u << 1)
#define CTX_CQ_DB               0x3d8

/* the SQ doorbell record sits in front of the SQ's page table entries */
#define ISCSI_SQ_DB_SIZE        16

#define UPDATE_DATA_SIZE        32

struct Ql8400L5Conn {
    Ql8400Chip *chip;
    uint32_t cid;
    uint16_t l5_cid;
    bool hashed;                /* in the receive demux */
    bool connected;             /* CONNECT_COMPLETE reported */
    Ql8400TcpConn *tcp;
    Ql8400IscsiConn *iscsi;
    Ql8400IscsiParams iscsi_params;
    int64_t tcp_deadline;
};

static Ql8400L5Conn **conn_slot(Ql8400Chip *c, uint32_t cid)
{
    return &c->offload.conns[cid % QL8400_OFFLOAD_MAX_CONNS];
}

static Ql8400L5Conn *conn_find(Ql8400Chip *c, uint32_t cid)
{
    Ql8400L5Conn *conn = *conn_slot(c, cid);

    return conn && conn->cid == cid ? conn : NULL;
}

/* Frees the engines: nothing of the connection reaches the host after. */
static void conn_quiesce(Ql8400L5Conn *conn)
{
    if (conn->iscsi) {
        ql8400_iscsi_free(conn->iscsi);
        conn->iscsi = NULL;
    }
    if (conn->tcp) {
        ql8400_tcp_free(conn->tcp);
        conn->tcp = NULL;
    }
    conn->hashed = false;
    conn->tcp_deadline = INT64_MAX;
}

static void conn_free(Ql8400Chip *c, Ql8400L5Conn *conn)
{
    conn_quiesce(conn);
    *conn_slot(c, conn->cid) = NULL;
    c->offload.nconns--;
    free(conn);
}

/* --- the one host timer, for every engine's deadline ------------------ */

static void offload_reschedule(Ql8400Chip *c)
{
    int64_t next = INT64_MAX;
    unsigned i;

    for (i = 0; i < QL8400_OFFLOAD_MAX_CONNS; i++) {
        Ql8400L5Conn *conn = c->offload.conns[i];

        if (!conn) {
            continue;
        }
        if (conn->tcp_deadline < next) {
            next = conn->tcp_deadline;
        }
        if (conn->iscsi) {
            int64_t d = ql8400_iscsi_next_deadline(conn->iscsi);

            if (d < next) {
                next = d;
            }
        }
    }
    if (next == c->offload.timer_expire) {
        return;
    }
    c->offload.timer_expire = next;
    if (next == INT64_MAX) {
        c->host->timer_cancel(c->host_opaque, QL8400_TIMER_OFFLOAD);
    } else {
        c->host->timer_arm(c->host_opaque, QL8400_TIMER_OFFLOAD, next);
    }
}

void ql8400_offload_timer(Ql8400Chip *c)
{
    int64_t now = c->host->now_ns(c->host_opaque);
    unsigned i;

    c->offload.timer_expire = INT64_MAX;
    for (i = 0; i < QL8400_OFFLOAD_MAX_CONNS; i++) {
        Ql8400L5Conn *conn = c->offload.conns[i];

        if (conn && conn->tcp && conn->tcp_deadline <= now) {
            conn->tcp_deadline = INT64_MAX;
            ql8400_tcp_timer_expired(conn->tcp);
        }
        if (conn && conn->iscsi &&
            ql8400_iscsi_next_deadline(conn->iscsi) <= now) {
            ql8400_iscsi_timer(conn->iscsi);
        }
    }
    offload_reschedule(c);
}

/* --- the TCP engine's host side ---------------------------------------- */

static void tcp_frame_out(void *opaque, const uint8_t *frame, size_t len)
{
    Ql8400L5Conn *conn = opaque;
    static const Ql8400TxOffload none;

    /* the engine computed every checksum: the MAC sends it as it is */
    ql8400_port_transmit(conn->chip, frame, len, &none);
}

static int64_t tcp_now(void *opaque)
{
    Ql8400Chip *c = ((Ql8400L5Conn *)opaque)->chip;

    return c->host->now_ns(c->host_opaque);
}

static void tcp_timer_arm(void *opaque, int64_t expire_ns)
{
    /* taken up by offload_reschedule() when the entry point returns */
    ((Ql8400L5Conn *)opaque)->tcp_deadline = expire_ns;
}

static size_t stream_send(void *opaque, const void *buf, size_t len)
{
    Ql8400L5Conn *conn = opaque;

    return conn->tcp ? ql8400_tcp_send(conn->tcp, buf, len) : 0;
}

static size_t stream_rx_avail(void *opaque)
{
    Ql8400L5Conn *conn = opaque;

    return conn->tcp ? ql8400_tcp_rx_avail(conn->tcp) : 0;
}

static size_t stream_rx_peek(void *opaque, size_t offset, void *buf,
                             size_t len)
{
    Ql8400L5Conn *conn = opaque;

    return conn->tcp ? ql8400_tcp_rx_peek(conn->tcp, offset, buf, len) : 0;
}

static void stream_rx_consume(void *opaque, size_t n)
{
    Ql8400L5Conn *conn = opaque;

    if (conn->tcp) {
        ql8400_tcp_rx_consume(conn->tcp, n);
    }
}

static const Ql8400IscsiStream conn_stream = {
    .send = stream_send,
    .rx_avail = stream_rx_avail,
    .rx_peek = stream_rx_peek,
    .rx_consume = stream_rx_consume,
};

static void l4_event(Ql8400L5Conn *conn, uint8_t opcode, uint16_t status)
{
    trace_ql8400_fw_offload_event(conn->cid, conn->l5_cid, opcode, status);
    ql8400_kcq_l4(conn->chip, opcode, conn->l5_cid, conn->cid, status, false);
}

static void conn_established(Ql8400L5Conn *conn)
{
    conn->iscsi = ql8400_iscsi_new(conn->chip, &conn->iscsi_params,
                                   &conn_stream, conn);
    if (!conn->iscsi) {
        QL8400_LOG_GUEST_ERROR("ql8400: no memory for the iSCSI engine of"
                               " cid %u\n", conn->cid);
        ql8400_tcp_abort(conn->tcp);
        return;
    }
    conn->connected = true;
    l4_event(conn, QL8400_KCQE_L4_CONNECT_COMPLETE, QL8400_L4_STATUS_OK);
}

static void tcp_event(void *opaque, Ql8400TcpEvent ev, uint32_t status)
{
    Ql8400L5Conn *conn = opaque;

    switch (ev) {
    case QL8400_TCP_EV_CONNECTED:
        conn_established(conn);
        break;
    case QL8400_TCP_EV_CONNECT_FAILED:
        l4_event(conn, QL8400_KCQE_L4_CONNECT_COMPLETE,
                 status == QL8400_TCP_ERR_TIMEOUT ? QL8400_L4_STATUS_TIMEOUT
                                                  : QL8400_L4_STATUS_NIC_ERROR);
        break;
    case QL8400_TCP_EV_RX_READY:
        if (conn->iscsi) {
            ql8400_iscsi_rx_ready(conn->iscsi);
        }
        break;
    case QL8400_TCP_EV_TX_SPACE:
        if (conn->iscsi) {
            ql8400_iscsi_tx_space(conn->iscsi);
        }
        break;
    case QL8400_TCP_EV_PEER_FIN:
        l4_event(conn, QL8400_KCQE_L4_CLOSE_RECEIVED, 0);
        break;
    case QL8400_TCP_EV_PEER_RESET:
    case QL8400_TCP_EV_FAILED:
        l4_event(conn, QL8400_KCQE_L4_RESET_RECEIVED, 0);
        break;
    case QL8400_TCP_EV_CLOSED:
        l4_event(conn, QL8400_KCQE_L4_CLOSE_COMP, 0);
        break;
    case QL8400_TCP_EV_ABORTED:
        l4_event(conn, QL8400_KCQE_L4_RESET_COMP, 0);
        break;
    case QL8400_TCP_EV_ANOMALY:
        /* a segment the chip flags: an iSCSI error with its code */
        ql8400_kcq_iscsi(conn->chip, QL8400_KCQE_ISCSI_ERROR, conn->l5_cid,
                         conn->cid, status, false);
        break;
    }
}

static const Ql8400TcpOps conn_tcp_ops = {
    .frame_out = tcp_frame_out,
    .event = tcp_event,
    .now_ns = tcp_now,
    .timer_arm = tcp_timer_arm,
};

/* --- TCP_CONNECT ----------------------------------------------------- */

/* An address word of the buffer: a host-order number of 4 wire bytes. */
static void conn_buf_ip(const uint8_t *buf, bool ipv6, uint8_t *ip)
{
    unsigned k;

    memset(ip, 0, 16);
    for (k = 0; k < (ipv6 ? 4u : 1u); k++) {
        uint32_t w = ql8400_ld32(buf + 4 * k);

        ip[4 * k] = w >> 24;
        ip[4 * k + 1] = w >> 16;
        ip[4 * k + 2] = w >> 8;
        ip[4 * k + 3] = w;
    }
}

/* The values cnic's INIT1/INIT2 put in storm RAM for all connections. */
static void iscsi_function_params(Ql8400Chip *c, Ql8400IscsiParams *p)
{
    p->num_tasks = ql8400_grc_peek16(c, TSTORM_ISCSI_NUM_OF_TASKS);
    p->sq_size = ql8400_grc_peek16(c, XSTORM_ISCSI_SQ_SIZE);
    p->cq_size = ql8400_grc_peek16(c, USTORM_ISCSI_CQ_SIZE);
    p->rq_size = ql8400_grc_peek16(c, USTORM_ISCSI_RQ_SIZE);
    p->rq_buf_size = ql8400_grc_peek16(c, USTORM_ISCSI_RQ_BUFFER_SIZE);
    p->error_mask = ql8400_grc_peek64(c, TSTORM_ISCSI_ERROR_BITMAP);
}

static void iscsi_context_params(const uint8_t *ctx, Ql8400IscsiParams *p)
{
    uint32_t rx = ql8400_ld32(ctx + CTX_NEGOTIATED_RX);

    p->sq_pbl = ql8400_ld64(ctx + CTX_SQ_PBL);
    p->sq_db = p->sq_pbl - ISCSI_SQ_DB_SIZE;
    p->cq_pbl = ql8400_ld64(ctx + CTX_CQ_PBL);
    p->cq_db = ql8400_ld64(ctx + CTX_CQ_DB);
    p->rq_pbl = ql8400_ld64(ctx + CTX_RQ_PBL);
    p->rq_db = ql8400_ld64(ctx + CTX_RQ_DB);
    p->max_send_pdu = ql8400_ld32(ctx + CTX_MAX_SEND_PDU);
    p->max_recv_pdu = rx & 0xffffff;
    p->max_r2t = rx >> 24;
    p->first_burst = ql8400_ld32(ctx + CTX_FIRST_BURST);
    p->max_burst = ql8400_ld32(ctx + CTX_NEGOTIATED_RX_FLAGS) & 0xffffff;
    p->immediate_data = ctx[CTX_XSTORM_FLAGS] & CTX_XSTORM_IMMEDIATE;
    p->initial_r2t = ctx[CTX_XSTORM_FLAGS] & CTX_XSTORM_INITIAL_R2T;
}

static void tcp_params(Ql8400Chip *c, const uint8_t *buf, uint16_t l5_cid,
                       Ql8400TcpParams *t)
{
    uint8_t flags = ql8400_grc_peek8(c, XSTORM_ISCSI_TCP_VARS_FLAGS);
    uint8_t wscl;
    unsigned i;

    ql8400_tcp_params_init(t);
    t->id = l5_cid;
    t->ipv6 = ql8400_ld16(buf + CONN_PARAMS) & CONN_PARAMS_IPV6;
    conn_buf_ip(buf + CONN_LOCAL_IP, t->ipv6, t->local_ip);
    conn_buf_ip(buf + CONN_REMOTE_IP, t->ipv6, t->remote_ip);
    t->local_port = ql8400_ld16(buf + CONN_LOCAL_PORT);
    t->remote_port = ql8400_ld16(buf + CONN_REMOTE_PORT);
    memcpy(t->remote_mac, buf + CONN_REMOTE_MAC, 6);
    for (i = 0; i < 6; i++) {
        t->local_mac[i] = ql8400_grc_peek8(c,
                                           XSTORM_ISCSI_LOCAL_MAC_ADDR + i);
    }
    /* latched now: cnic rewrites it before the next connect */
    t->vlan_tci = ql8400_grc_peek16(c, XSTORM_ISCSI_LOCAL_VLAN);
    t->pmtu = ql8400_ld32(buf + CONN_PMTU);
    t->mss_clamp = ql8400_ld16(buf + CONN_MSS);
    t->ttl = ql8400_grc_peek8(c, XSTORM_ISCSI_TCP_VARS_TTL);
    t->tos = ql8400_grc_peek8(c, XSTORM_ISCSI_TCP_VARS_TOS);
    wscl = ql8400_grc_peek8(c, XSTORM_ISCSI_TCP_VARS_ADV_WND_SCL) & 0xf;
    t->wscale = flags & XSTORM_FLAGS_WND_SCL_EN ? (int8_t)wscl : -1;
    t->timestamps = flags & XSTORM_FLAGS_TS_ENABLED;
    t->delayed_ack = ql8400_grc_peek16(c, TSTORM_ISCSI_TCP_VARS_FLAGS) &
                     TSTORM_FLAGS_DELAYED_ACK;
    if (ql8400_ld32(buf + CONN_RCV_BUF)) {
        t->rcv_buf = ql8400_ld32(buf + CONN_RCV_BUF);
    }
    /* the units are the firmware's: milliseconds here */
    t->keepalive = buf[CONN_KA_ENABLE];
    if (t->keepalive) {
        t->ka_idle_ms = ql8400_ld32(buf + CONN_KA_INTERVAL);
        t->ka_interval_ms = ql8400_ld32(buf + CONN_KA_TIMEOUT);
        t->ka_probes = buf[CONN_KA_MAX_PROBES];
    }
    c->offload.iss_seed = c->offload.iss_seed * 1103515245u + 12345u +
                          (uint32_t)c->host->now_ns(c->host_opaque);
    t->iss = c->offload.iss_seed;
    t->ip_id = c->offload.iss_seed >> 16;
}

static void tcp_connect(Ql8400Chip *c, uint32_t cid, uint64_t data)
{
    uint8_t buf[CONN_BUF_SIZE];
    uint8_t ctx[CTX_SIZE];
    Ql8400TcpParams t;
    Ql8400L5Conn *conn;
    uint16_t l5_cid;

    if (!ql8400_dma_read(c, data, buf, sizeof(buf)) ||
        !ql8400_dma_read(c, ql8400_ld64(buf + CONN_CONTEXT_ADDR), ctx,
                         sizeof(ctx))) {
        /* no connection index to report: cnic's credit is all we owe */
        ql8400_kcq_l4(c, QL8400_KCQE_L5CM_TCP_CONNECT, 0, cid,
                      QL8400_L4_STATUS_NIC_ERROR, true);
        return;
    }
    l5_cid = ql8400_ld16(ctx + CTX_TSTORM_CONN_ID);
    conn = *conn_slot(c, cid);
    if (conn) {
        QL8400_LOG_GUEST_ERROR("ql8400: TCP_CONNECT on cid %u, still in"
                               " use by cid %u: that one is dropped\n",
                               cid, conn->cid);
        conn_free(c, conn);
    }
    conn = calloc(1, sizeof(*conn));
    if (!conn) {
        ql8400_kcq_l4(c, QL8400_KCQE_L4_CONNECT_COMPLETE, l5_cid, cid,
                      QL8400_L4_STATUS_NIC_ERROR, true);
        return;
    }
    conn->chip = c;
    conn->cid = cid;
    conn->l5_cid = l5_cid;
    conn->tcp_deadline = INT64_MAX;
    conn->iscsi_params.cid = cid;
    conn->iscsi_params.l5_cid = l5_cid;
    iscsi_function_params(c, &conn->iscsi_params);
    iscsi_context_params(ctx, &conn->iscsi_params);
    tcp_params(c, buf, l5_cid, &t);
    *conn_slot(c, cid) = conn;
    c->offload.nconns++;
    trace_ql8400_fw_offload_connect(cid, l5_cid, t.remote_ip[0],
                                    t.remote_ip[1], t.remote_ip[2],
                                    t.remote_ip[3], t.remote_port,
                                    t.local_port, t.vlan_tci, t.pmtu);
    conn->tcp = ql8400_tcp_new(&t, &conn_tcp_ops, conn);
    if (!conn->tcp) {
        ql8400_kcq_l4(c, QL8400_KCQE_L4_CONNECT_COMPLETE, l5_cid, cid,
                      QL8400_L4_STATUS_NIC_ERROR, true);
        return;
    }
    conn->hashed = true;
    ql8400_kcq_l4(c, QL8400_KCQE_L5CM_TCP_CONNECT, l5_cid, cid, 0, true);
    ql8400_tcp_connect(conn->tcp);
}

/* --- the other ramrods ------------------------------------------------ */

static void update_conn(Ql8400Chip *c, uint32_t cid, uint64_t data)
{
    Ql8400L5Conn *conn = conn_find(c, cid);
    uint8_t d[UPDATE_DATA_SIZE];
    uint32_t status = 0;

    if (!ql8400_dma_read(c, data, d, sizeof(d))) {
        status = QL8400_L4_STATUS_NIC_ERROR;
    } else if (!conn || !conn->iscsi) {
        QL8400_LOG_GUEST_ERROR("ql8400: UPDATE of cid %u, which is not"
                               " connected\n", cid);
        status = QL8400_L4_STATUS_NIC_ERROR;
    } else {
        ql8400_iscsi_update(conn->iscsi, d);
    }
    ql8400_kcq_iscsi(c, QL8400_KCQE_ISCSI_UPDATE_CONN,
                     conn ? conn->l5_cid : 0, cid, status, true);
}

void ql8400_offload_ramrod(Ql8400Chip *c, uint8_t cmd, uint32_t cid,
                           uint64_t data_addr)
{
    Ql8400L5Conn *conn;
    uint16_t l5_cid;

    if (cmd == L5CM_RAMROD_TCP_CONNECT) {
        tcp_connect(c, cid, data_addr);
        offload_reschedule(c);
        return;
    }
    if (cmd == ISCSI_RAMROD_UPDATE_CONN) {
        update_conn(c, cid, data_addr);
        offload_reschedule(c);
        return;
    }
    conn = conn_find(c, cid);
    l5_cid = conn ? conn->l5_cid : 0;
    switch (cmd) {
    case L5CM_RAMROD_CLOSE:
        ql8400_kcq_l4(c, cmd, l5_cid, cid, 0, true);
        if (conn && conn->tcp) {
            ql8400_tcp_close(conn->tcp);
        } else if (conn) {
            l4_event(conn, QL8400_KCQE_L4_CLOSE_COMP, 0);
        }
        break;
    case L5CM_RAMROD_ABORT:
        ql8400_kcq_l4(c, cmd, l5_cid, cid, 0, true);
        if (conn && conn->tcp) {
            ql8400_tcp_abort(conn->tcp);
        } else if (conn) {
            l4_event(conn, QL8400_KCQE_L4_RESET_COMP, 0);
        }
        break;
    case L5CM_RAMROD_SEARCHER_DELETE:
        if (conn) {
            conn->hashed = false;
        }
        ql8400_kcq_l4(c, cmd, l5_cid, cid, 0, true);
        break;
    case L5CM_RAMROD_TERMINATE_OFFLOAD:
        if (conn) {
            conn_quiesce(conn);
        }
        ql8400_kcq_l4(c, cmd, l5_cid, cid, 0, true);
        break;
    default:
        QL8400_LOG_GUEST_ERROR("ql8400: unknown iSCSI ramrod 0x%x on cid %u"
                               "\n", cmd, cid);
        /* an error completion still returns cnic's credit */
        ql8400_kcq_iscsi(c, cmd, l5_cid, cid, QL8400_L4_STATUS_NIC_ERROR,
                         true);
        break;
    }
    trace_ql8400_fw_offload_ramrod(cmd, cid, conn != NULL);
    offload_reschedule(c);
}

void ql8400_offload_cfc_del(Ql8400Chip *c, uint32_t cid)
{
    Ql8400L5Conn *conn = conn_find(c, cid);

    if (conn) {
        conn_free(c, conn);
        offload_reschedule(c);
    }
}

void ql8400_offload_doorbell(Ql8400Chip *c, uint32_t cid, uint32_t val)
{
    Ql8400L5Conn *conn = conn_find(c, cid);

    if (!conn || !conn->iscsi) {
        QL8400_LOG_GUEST_ERROR("ql8400: iSCSI doorbell 0x%x on cid %u with"
                               " no connection\n", val, cid);
        return;
    }
    ql8400_iscsi_sq_doorbell(conn->iscsi);
    offload_reschedule(c);
}

/* The receive demux: the offloaded connection a frame belongs to. */
static Ql8400L5Conn *offload_demux(Ql8400Chip *c, const uint8_t *frame,
                                   size_t len)
{
    unsigned i;

    if (!c->offload.nconns) {
        return NULL;            /* L2 traffic only: no demux to do */
    }
    for (i = 0; i < QL8400_OFFLOAD_MAX_CONNS; i++) {
        Ql8400L5Conn *conn = c->offload.conns[i];

        if (conn && conn->hashed && conn->tcp &&
            ql8400_tcp_match(conn->tcp, frame, len)) {
            return conn;
        }
    }
    return NULL;
}

bool ql8400_offload_claims(Ql8400Chip *c, const uint8_t *frame, size_t len)
{
    return offload_demux(c, frame, len) != NULL;
}

bool ql8400_offload_receive(Ql8400Chip *c, const uint8_t *frame, size_t len)
{
    Ql8400L5Conn *conn = offload_demux(c, frame, len);

    if (!conn) {
        return false;
    }
    ql8400_tcp_input(conn->tcp, frame, len);
    offload_reschedule(c);
    return true;
}

void ql8400_offload_init(Ql8400Chip *c)
{
    c->offload.timer_expire = INT64_MAX;
}

void ql8400_offload_reset(Ql8400Chip *c)
{
    unsigned i;

    for (i = 0; i < QL8400_OFFLOAD_MAX_CONNS; i++) {
        if (c->offload.conns[i]) {
            conn_free(c, c->offload.conns[i]);
        }
    }
    c->offload.timer_expire = INT64_MAX;
    c->host->timer_cancel(c->host_opaque, QL8400_TIMER_OFFLOAD);
}
