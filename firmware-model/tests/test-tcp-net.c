/*
 * Network tests (fw-net): the TCP offload engine against a real iSCSI
 * target. tgtd listens on 127.0.0.1; libslirp, linked in, is the network
 * between it and the engine, which plays the adapter at 10.0.2.15 and
 * reaches the target as 10.0.2.2. On top of the engine a minimal iSCSI
 * initiator logs in, discovers, reads and writes the LUN and logs out;
 * other tests lose frames on purpose, and let the target drop or die.
 *
 * Every wait is bounded (a few seconds per step); tgtd is stopped in the
 * fixture teardown, killed by the kernel if this process dies, and killed
 * from the handler of a terminating signal.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "ip.h"
#include "iscsi-pdu.h"
#include "tcp.h"
#include "slirp-net.h"
#include "tgtd-fixture.h"
#include "tests.h"

#define MS              1000000ll
#define STEP_MS         5000        /* the bound of one protocol step */
#define LUN_BYTES       (8u << 20)
#define BLOCK           512u
#define TARGET_IQN      "iqn.2026-11.org.ql8400:fw-net"
#define DROP_IQN        "iqn.2026-11.org.ql8400:fw-net-drop"
#define INITIATOR_IQN   "iqn.2026-11.org.ql8400:fw-net-initiator"
#define MAX_RECV_DSL    65536u
#define TEXT_MAX        8192

static const uint8_t our_mac[6] = { 0x00, 0x0e, 0x1e, 0x84, 0x00, 0x03 };

/* --- the engine on the slirp network ---------------------------------- */

typedef struct Net {
    SlirpNet *slirp;
    Ql8400TcpConn *conn;
    uint8_t gw_mac[6];
    int64_t timer;
    unsigned events[QL8400_TCP_EV_ANOMALY + 1];
    uint32_t status[QL8400_TCP_EV_ANOMALY + 1];
    unsigned other_frames;
} Net;

static Net net;
static TgtdFixture tgtd;
static TgtdFixture tgtd_doomed;

static void net_frame_out(void *opaque, const uint8_t *frame, size_t len)
{
    slirp_net_send(net.slirp, frame, len);
}

static void net_event(void *opaque, Ql8400TcpEvent ev, uint32_t status)
{
    net.events[ev]++;
    net.status[ev] = status;
    if (getenv("QL8400_NET_VERBOSE")) {
        fprintf(stderr, "fw-net: event %s %s\n", ql8400_tcp_event_name(ev),
                ql8400_tcp_error_name(status));
    }
}

static int64_t net_now(void *opaque)
{
    return slirp_net_now();
}

static void net_timer_arm(void *opaque, int64_t expire_ns)
{
    net.timer = expire_ns;
}

static const Ql8400TcpOps net_ops = {
    .frame_out = net_frame_out,
    .event = net_event,
    .now_ns = net_now,
    .timer_arm = net_timer_arm,
};

/* the demux: frames for the connection's 4-tuple go to the engine */
static void net_rx(void *opaque, const uint8_t *frame, size_t len)
{
    if (net.conn && ql8400_tcp_match(net.conn, frame, len)) {
        ql8400_tcp_input(net.conn, frame, len);
    } else {
        net.other_frames++;
    }
}

/* One round of the loop: the engine's timer, then slirp for <= wait. */
static void net_step(int64_t wait_ns)
{
    int64_t now = slirp_net_now();

    if (net.conn && net.timer <= now) {
        ql8400_tcp_timer_expired(net.conn);
    }
    if (net.conn && net.timer - now < wait_ns) {
        wait_ns = net.timer - now;
    }
    slirp_net_poll(net.slirp, wait_ns < 0 ? 0 : wait_ns);
}

typedef bool (*NetCond)(void *arg);

/* Runs the network until cond holds; false after timeout_ms. */
static bool net_run_until(NetCond cond, void *arg, int timeout_ms)
{
    int64_t deadline = slirp_net_now() + timeout_ms * MS;

    while (!cond(arg)) {
        if (slirp_net_now() >= deadline) {
            return false;
        }
        net_step(10 * MS);
    }
    return true;
}

static bool event_seen(void *arg)
{
    const Ql8400TcpEvent *ev = arg;

    return net.events[*ev] > 0;
}

static bool wait_event(Ql8400TcpEvent ev, int timeout_ms)
{
    return net_run_until(event_seen, &ev, timeout_ms);
}

static void net_open(void)
{
    memset(&net, 0, sizeof(net));
    net.timer = QL8400_TCP_NO_TIMER;
    net.slirp = slirp_net_new(our_mac);
    ck_assert_msg(net.slirp, "libslirp did not start");
    slirp_net_set_rx(net.slirp, net_rx, NULL);
    ck_assert_msg(slirp_net_resolve(net.slirp, slirp_net_host_ip, net.gw_mac,
                                    2000 * MS),
                  "no ARP reply for 10.0.2.2");
}

static void net_close(void)
{
    ql8400_tcp_free(net.conn);
    net.conn = NULL;
    slirp_net_free(net.slirp);
    net.slirp = NULL;
}

static void conn_open(int port)
{
    Ql8400TcpParams p;

    ql8400_tcp_params_init(&p);
    p.id = 1;
    memcpy(p.local_ip, slirp_net_guest_ip, 4);
    memcpy(p.remote_ip, slirp_net_host_ip, 4);
    p.local_port = 60000 + getpid() % 1000;
    p.remote_port = port;
    memcpy(p.local_mac, our_mac, 6);
    memcpy(p.remote_mac, net.gw_mac, 6);
    p.iss = (uint32_t)slirp_net_now() * 2654435761u;
    net.conn = ql8400_tcp_new(&p, &net_ops, NULL);
    ck_assert_ptr_nonnull(net.conn);
    ql8400_tcp_connect(net.conn);
}

static void print_stats(const char *test)
{
    const Ql8400TcpStats *st = ql8400_tcp_stats(net.conn);
    const SlirpNetStats *ss = slirp_net_stats(net.slirp);
    Ql8400TcpInfo info;

    ql8400_tcp_info(net.conn, &info);
    fprintf(stderr, "fw-net: %s: %" PRIu64 " frames in, %" PRIu64 " out, "
            "%" PRIu64 " bytes in, %" PRIu64 " out; %" PRIu64 " timeouts, "
            "%" PRIu64 " fast retransmits, %" PRIu64 " segments again, "
            "%" PRIu64 " out of order; dropped %" PRIu64 " by us, %" PRIu64
            "/%" PRIu64 " by the net; mss %u, srtt %u us\n", test,
            st->frames_in, st->frames_out, st->bytes_in, st->bytes_out,
            st->timeouts, st->fast_retransmits, st->retransmits,
            st->ooo_segments, st->dropped, ss->dropped_tx, ss->dropped_rx,
            info.mss, info.srtt_us);
}

/* --- byte stream helpers ------------------------------------------------ */

typedef struct SendState {
    const uint8_t *data;
    size_t len;
} SendState;

static bool send_progress(void *arg)
{
    SendState *s = arg;
    size_t n;

    if (ql8400_tcp_state(net.conn) != QL8400_TCP_ESTABLISHED &&
        ql8400_tcp_state(net.conn) != QL8400_TCP_CLOSE_WAIT) {
        return true;                    /* give up: the caller checks */
    }
    n = ql8400_tcp_send(net.conn, s->data, s->len);
    s->data += n;
    s->len -= n;
    return s->len == 0;
}

static bool send_all(const void *data, size_t len)
{
    SendState s = { data, len };

    return net_run_until(send_progress, &s, STEP_MS) && s.len == 0;
}

static bool rx_has(void *arg)
{
    const size_t *want = arg;

    return ql8400_tcp_rx_avail(net.conn) >= *want ||
           net.events[QL8400_TCP_EV_PEER_FIN] ||
           net.events[QL8400_TCP_EV_PEER_RESET];
}

/* Takes exactly len received bytes (buf may be NULL to skip them). */
static bool recv_exact(void *buf, size_t len)
{
    size_t want, n;

    while (len) {
        want = 1;
        if (!net_run_until(rx_has, &want, STEP_MS) ||
            !ql8400_tcp_rx_avail(net.conn)) {
            return false;
        }
        n = ql8400_tcp_rx_avail(net.conn);
        n = n < len ? n : len;
        if (buf) {
            ck_assert_uint_eq(ql8400_tcp_rx_peek(net.conn, 0, buf, n), n);
            buf = (uint8_t *)buf + n;
        }
        ql8400_tcp_rx_consume(net.conn, n);
        len -= n;
    }
    return true;
}

/* --- a minimal iSCSI initiator ----------------------------------------- */

#define SCSI_CHECK_CONDITION    2
#define SENSE_UNIT_ATTENTION    6

static unsigned last_sense_key;

typedef struct Session {
    uint8_t isid[6];
    uint16_t tsih;
    uint32_t itt;
    uint32_t cmdsn;
    uint32_t expstatsn;
    uint32_t max_xmit_dsl;      /* the target's MaxRecvDataSegmentLength */
    char target_name[256];
} Session;

typedef struct Pdu {
    uint8_t bhs[QL8400_ISCSI_BHS_LEN];
    uint8_t *data;              /* caller's buffer, or NULL */
    size_t data_size;
    uint32_t dlen;
} Pdu;

static bool send_pdu(const uint8_t *bhs, const void *data, uint32_t dlen)
{
    static const uint8_t pad[4];

    return send_all(bhs, QL8400_ISCSI_BHS_LEN) &&
           (!dlen || send_all(data, dlen)) &&
           send_all(pad, ql8400_iscsi_pad(dlen));
}

/* A PDU: its BHS, its data segment into p->data (bounded). */
static bool recv_pdu(Pdu *p)
{
    uint32_t ahs;

    if (!recv_exact(p->bhs, QL8400_ISCSI_BHS_LEN)) {
        return false;
    }
    ahs = p->bhs[QL8400_ISCSI_BHS_AHS_LEN] * 4u;
    p->dlen = ql8400_iscsi_dlength(p->bhs);
    ck_assert_msg(p->dlen <= p->data_size || !p->dlen,
                  "PDU 0x%02x with %u data bytes, room for %zu",
                  ql8400_iscsi_opcode(p->bhs), p->dlen, p->data_size);
    return recv_exact(NULL, ahs) &&
           recv_exact(p->dlen ? p->data : NULL, p->dlen) &&
           recv_exact(NULL, ql8400_iscsi_pad(p->dlen));
}

static void session_init(Session *s)
{
    static const uint8_t isid[6] = { 0x80, 0x84, 0x00, 0x00, 0x12, 0x34 };

    memset(s, 0, sizeof(*s));
    memcpy(s->isid, isid, 6);
    s->itt = 0x100;
    s->cmdsn = 1;
    s->max_xmit_dsl = 8192;
}

static void note_response(Session *s, const uint8_t *bhs)
{
    s->expstatsn = ql8400_ldbe32(bhs + QL8400_ISCSI_BHS_STATSN) + 1;
}

/* One login exchange; returns the response's flags, or -1. */
static int login_step(Session *s, uint8_t csg, uint8_t nsg, const char *text,
                      size_t text_len, uint8_t *rsp_text, uint32_t *rsp_len)
{
    Ql8400IscsiLogin l = { 0 };
    uint8_t bhs[QL8400_ISCSI_BHS_LEN];
    Pdu rsp = { .data = rsp_text, .data_size = TEXT_MAX };

    l.csg = csg;
    l.nsg = nsg;
    l.transit = true;
    memcpy(l.isid, s->isid, 6);
    l.tsih = s->tsih;
    l.itt = s->itt;
    l.cmdsn = s->cmdsn;
    l.expstatsn = s->expstatsn;
    ql8400_iscsi_login_req(bhs, &l, text_len);
    if (!send_pdu(bhs, text, text_len) || !recv_pdu(&rsp)) {
        return -1;
    }
    ck_assert_uint_eq(ql8400_iscsi_opcode(rsp.bhs),
                      QL8400_ISCSI_OP_LOGIN_RSP);
    ck_assert_msg(rsp.bhs[QL8400_ISCSI_BHS_LOGIN_CLASS] == 0,
                  "login refused: class %u detail %u",
                  rsp.bhs[QL8400_ISCSI_BHS_LOGIN_CLASS],
                  rsp.bhs[QL8400_ISCSI_BHS_LOGIN_DETAIL]);
    ck_assert_uint_eq(ql8400_ldbe32(rsp.bhs + QL8400_ISCSI_BHS_ITT), s->itt);
    note_response(s, rsp.bhs);
    s->cmdsn = ql8400_ldbe32(rsp.bhs + QL8400_ISCSI_BHS_EXPCMDSN);
    s->tsih = ql8400_ldbe16(rsp.bhs + QL8400_ISCSI_BHS_LOGIN_TSIH);
    *rsp_len = rsp.dlen;
    return rsp.bhs[QL8400_ISCSI_BHS_FLAGS];
}

/* Security (AuthMethod=None), operational negotiation, full feature. */
static void login(Session *s, bool discovery)
{
    static char text[TEXT_MAX];
    static uint8_t rsp[TEXT_MAX];
    char val[64];
    uint32_t rsp_len;
    size_t n = 0;
    int flags, round;

    n = ql8400_iscsi_text_add(text, sizeof(text), n, "InitiatorName",
                              INITIATOR_IQN);
    if (!discovery) {
        n = ql8400_iscsi_text_add(text, sizeof(text), n, "TargetName",
                                  s->target_name);
    }
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "SessionType",
                              discovery ? "Discovery" : "Normal");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "AuthMethod", "None");
    ck_assert_uint_gt(n, 0);
    flags = login_step(s, QL8400_ISCSI_STAGE_SECURITY,
                       QL8400_ISCSI_STAGE_OPERATIONAL, text, n, rsp,
                       &rsp_len);
    ck_assert_msg(flags >= 0, "no answer to the security stage");
    ck_assert_msg(flags & QL8400_ISCSI_LOGIN_TRANSIT,
                  "the target stays in the security stage");
    ck_assert(ql8400_iscsi_text_get(rsp, rsp_len, "AuthMethod", 0, val,
                                    sizeof(val)));
    ck_assert_str_eq(val, "None");

    n = 0;
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "HeaderDigest", "None");
    n = ql8400_iscsi_text_add(text, sizeof(text), n, "DataDigest", "None");
    snprintf(val, sizeof(val), "%u", MAX_RECV_DSL);
    n = ql8400_iscsi_text_add(text, sizeof(text), n,
                              "MaxRecvDataSegmentLength", val);
    if (!discovery) {
        n = ql8400_iscsi_text_add(text, sizeof(text), n, "InitialR2T", "Yes");
        n = ql8400_iscsi_text_add(text, sizeof(text), n, "ImmediateData",
                                  "No");
        n = ql8400_iscsi_text_add(text, sizeof(text), n, "MaxBurstLength",
                                  "262144");
        n = ql8400_iscsi_text_add(text, sizeof(text), n, "FirstBurstLength",
                                  "65536");
        n = ql8400_iscsi_text_add(text, sizeof(text), n, "MaxOutstandingR2T",
                                  "1");
        n = ql8400_iscsi_text_add(text, sizeof(text), n, "DataPDUInOrder",
                                  "Yes");
        n = ql8400_iscsi_text_add(text, sizeof(text), n,
                                  "DataSequenceInOrder", "Yes");
        n = ql8400_iscsi_text_add(text, sizeof(text), n, "ErrorRecoveryLevel",
                                  "0");
        n = ql8400_iscsi_text_add(text, sizeof(text), n, "MaxConnections",
                                  "1");
    }
    ck_assert_uint_gt(n, 0);
    /* a target may want more rounds (T=0): answer with no new keys */
    for (round = 0; round < 4; round++) {
        flags = login_step(s, QL8400_ISCSI_STAGE_OPERATIONAL,
                           QL8400_ISCSI_STAGE_FULL_FEATURE, text, n, rsp,
                           &rsp_len);
        ck_assert_msg(flags >= 0, "no answer to the operational stage");
        if (ql8400_iscsi_text_get(rsp, rsp_len, "MaxRecvDataSegmentLength", 0,
                                  val, sizeof(val))) {
            s->max_xmit_dsl = atoi(val);
        }
        if ((flags & QL8400_ISCSI_LOGIN_TRANSIT) &&
            (flags & 3) == QL8400_ISCSI_STAGE_FULL_FEATURE) {
            break;
        }
        n = 0;
    }
    ck_assert_msg(round < 4, "no full feature phase after 4 rounds");
    ck_assert_uint_ne(s->tsih, 0);
    ck_assert_uint_ge(s->max_xmit_dsl, 512);
    s->itt++;
}

static void logout(Session *s)
{
    uint8_t bhs[QL8400_ISCSI_BHS_LEN];
    Pdu rsp = { 0 };

    ql8400_iscsi_logout_req(bhs, 0, s->itt, 0, s->cmdsn, s->expstatsn);
    ck_assert(send_pdu(bhs, NULL, 0));
    ck_assert_msg(recv_pdu(&rsp), "no logout response");
    ck_assert_uint_eq(ql8400_iscsi_opcode(rsp.bhs),
                      QL8400_ISCSI_OP_LOGOUT_RSP);
    ck_assert_uint_eq(rsp.bhs[QL8400_ISCSI_BHS_RSP_RESPONSE], 0);
    note_response(s, rsp.bhs);
    s->itt++;
}

/*
 * A SCSI command: READ-direction data placed at their buffer offsets in
 * in (in_len bytes), WRITE data sent from out as the target asks (R2T).
 * Returns the SCSI status.
 */
static int scsi_command(Session *s, const uint8_t *cdb, uint8_t *in,
                        uint32_t in_len, const uint8_t *out, uint32_t out_len)
{
    uint8_t bhs[QL8400_ISCSI_BHS_LEN], dout[QL8400_ISCSI_BHS_LEN];
    static uint8_t sense[4096];
    uint32_t itt = s->itt++, off, len, ttt, datasn, chunk, got = 0;
    uint8_t flags = QL8400_ISCSI_CMD_ATTR_SIMPLE;
    Pdu rsp;
    unsigned n;

    if (in_len) {
        flags |= QL8400_ISCSI_CMD_READ;
    }
    if (out_len) {
        flags |= QL8400_ISCSI_CMD_WRITE;
    }
    ql8400_iscsi_scsi_cmd(bhs, flags, 1, itt, in_len ? in_len : out_len,
                          s->cmdsn++, s->expstatsn, cdb, 16);
    ck_assert(send_pdu(bhs, NULL, 0));
    for (n = 0; n < 100000; n++) {
        memset(&rsp, 0, sizeof(rsp));
        rsp.data = sense;
        rsp.data_size = sizeof(sense);
        /* Data-In goes straight to its place in the buffer */
        if (!recv_exact(rsp.bhs, QL8400_ISCSI_BHS_LEN)) {
            ck_abort_msg("no response to SCSI command 0x%02x", cdb[0]);
        }
        rsp.dlen = ql8400_iscsi_dlength(rsp.bhs);
        switch (ql8400_iscsi_opcode(rsp.bhs)) {
        case QL8400_ISCSI_OP_DATA_IN:
            off = ql8400_ldbe32(rsp.bhs + QL8400_ISCSI_BHS_BUF_OFFSET);
            ck_assert_uint_le((uint64_t)off + rsp.dlen, in_len);
            ck_assert_uint_le(rsp.dlen, MAX_RECV_DSL);
            ck_assert(recv_exact(in + off, rsp.dlen) &&
                      recv_exact(NULL, ql8400_iscsi_pad(rsp.dlen)));
            got += rsp.dlen;
            if (rsp.bhs[QL8400_ISCSI_BHS_FLAGS] & QL8400_ISCSI_DATA_STATUS) {
                note_response(s, rsp.bhs);
                ck_assert_uint_le(got, in_len);
                if (!(rsp.bhs[QL8400_ISCSI_BHS_FLAGS] &
                      QL8400_ISCSI_DATA_UNDERFLOW)) {
                    ck_assert_uint_eq(got, in_len);
                }
                return rsp.bhs[QL8400_ISCSI_BHS_RSP_STATUS];
            }
            break;
        case QL8400_ISCSI_OP_R2T:
            ck_assert_uint_gt(out_len, 0);
            ttt = ql8400_ldbe32(rsp.bhs + QL8400_ISCSI_BHS_TTT);
            off = ql8400_ldbe32(rsp.bhs + QL8400_ISCSI_BHS_BUF_OFFSET);
            len = ql8400_ldbe32(rsp.bhs + QL8400_ISCSI_BHS_R2T_LENGTH);
            ck_assert_uint_le((uint64_t)off + len, out_len);
            for (datasn = 0; len; datasn++) {
                chunk = len < s->max_xmit_dsl ? len : s->max_xmit_dsl;
                ql8400_iscsi_data_out(dout, chunk == len, 1, itt, ttt,
                                      s->expstatsn, datasn, off, chunk);
                ck_assert(send_pdu(dout, out + off, chunk));
                off += chunk;
                len -= chunk;
            }
            break;
        case QL8400_ISCSI_OP_SCSI_RSP:
            ck_assert_uint_le(rsp.dlen, sizeof(sense));
            ck_assert(recv_exact(sense, rsp.dlen) &&
                      recv_exact(NULL, ql8400_iscsi_pad(rsp.dlen)));
            note_response(s, rsp.bhs);
            ck_assert_uint_eq(rsp.bhs[QL8400_ISCSI_BHS_RSP_RESPONSE], 0);
            /* sense data: a 2-byte length, then fixed-format sense */
            last_sense_key = rsp.dlen >= 5 ? sense[4] & 0x0f : 0;
            return rsp.bhs[QL8400_ISCSI_BHS_RSP_STATUS];
        case QL8400_ISCSI_OP_NOP_IN:
            ck_assert(recv_exact(NULL, rsp.dlen + ql8400_iscsi_pad(rsp.dlen)));
            if (ql8400_ldbe32(rsp.bhs + QL8400_ISCSI_BHS_TTT) != 0xffffffff) {
                ql8400_iscsi_nop_out(dout, 0xffffffff,
                                     ql8400_ldbe32(rsp.bhs +
                                                   QL8400_ISCSI_BHS_TTT),
                                     s->cmdsn, s->expstatsn);
                ck_assert(send_pdu(dout, NULL, 0));
            }
            break;
        default:
            ck_abort_msg("unexpected PDU 0x%02x during SCSI command 0x%02x",
                         ql8400_iscsi_opcode(rsp.bhs), cdb[0]);
        }
    }
    ck_abort_msg("SCSI command 0x%02x did not end", cdb[0]);
    return -1;
}

/*
 * A command that may first meet the UNIT ATTENTION of a new I_T nexus
 * (tgtd: POWER ON, RESET OR BUS DEVICE RESET OCCURRED): issued again.
 */
static int scsi_command_ua(Session *s, const uint8_t *cdb, uint8_t *in,
                           uint32_t in_len, const uint8_t *out,
                           uint32_t out_len)
{
    int status, n;

    for (n = 0; n < 3; n++) {
        status = scsi_command(s, cdb, in, in_len, out, out_len);
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

static void read_blocks(Session *s, uint32_t lba, uint32_t blocks,
                        uint8_t *buf)
{
    uint8_t cdb[16];
    uint32_t n;

    while (blocks) {
        n = blocks < 2048 ? blocks : 2048;     /* 1 MiB per command */
        rw10(cdb, 0x28, lba, n);
        ck_assert_int_eq(scsi_command_ua(s, cdb, buf, n * BLOCK, NULL, 0),
                         0);
        lba += n;
        blocks -= n;
        buf += n * BLOCK;
    }
}

static void write_blocks(Session *s, uint32_t lba, uint32_t blocks,
                         const uint8_t *buf)
{
    uint8_t cdb[16];
    uint32_t n;

    while (blocks) {
        n = blocks < 2048 ? blocks : 2048;
        rw10(cdb, 0x2a, lba, n);
        ck_assert_int_eq(scsi_command_ua(s, cdb, NULL, 0, buf, n * BLOCK),
                         0);
        lba += n;
        blocks -= n;
        buf += n * BLOCK;
    }
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

/* Connect, log in: the start of every session test. */
static void start_session(Session *s, int port, const char *iqn,
                          bool discovery)
{
    uint8_t tur[16] = { 0 };    /* TEST UNIT READY */

    net_open();
    conn_open(port);
    ck_assert_msg(wait_event(QL8400_TCP_EV_CONNECTED, STEP_MS),
                  "no connection to 10.0.2.2:%d", port);
    session_init(s);
    snprintf(s->target_name, sizeof(s->target_name), "%s", iqn);
    login(s, discovery);
    if (!discovery) {
        /* takes the new nexus' UNIT ATTENTION, a no-data command */
        ck_assert_int_eq(scsi_command_ua(s, tur, NULL, 0, NULL, 0), 0);
    }
}

/*
 * Logout, then a clean TCP close both ways: the target's FIN first
 * (passive close) when it sends one soon, else ours first (active).
 */
static void end_session(Session *s)
{
    logout(s);
    wait_event(QL8400_TCP_EV_PEER_FIN, 1000);
    if (getenv("QL8400_NET_VERBOSE")) {
        fprintf(stderr, "fw-net: after the logout: %s close\n",
                net.events[QL8400_TCP_EV_PEER_FIN] ? "passive" : "active");
    }
    ql8400_tcp_close(net.conn);
    ck_assert_msg(wait_event(QL8400_TCP_EV_CLOSED, STEP_MS),
                  "our close did not complete");
    ck_assert_uint_eq(net.status[QL8400_TCP_EV_CLOSED], QL8400_TCP_OK);
    ck_assert_uint_eq(net.events[QL8400_TCP_EV_PEER_RESET], 0);
    ck_assert_uint_eq(net.events[QL8400_TCP_EV_FAILED], 0);
}

/* --- the tests ---------------------------------------------------------- */

START_TEST(login_inquiry_read_logout)
{
    Session s;
    uint8_t cdb[16] = { 0 }, inq[96], cap[8];
    static uint8_t buf[64 * 1024];

    start_session(&s, tgtd.iscsi_port, TARGET_IQN, false);

    cdb[0] = 0x12;                      /* INQUIRY, 96 bytes */
    cdb[4] = sizeof(inq);
    memset(inq, 0xee, sizeof(inq));
    ck_assert_int_eq(scsi_command(&s, cdb, inq, sizeof(inq), NULL, 0), 0);
    ck_assert_uint_eq(inq[0] & 0x1f, 0);    /* direct-access block device */
    ck_assert_uint_ge(inq[4] + 5u, 36);

    memset(cdb, 0, sizeof(cdb));
    cdb[0] = 0x25;                      /* READ CAPACITY(10) */
    ck_assert_int_eq(scsi_command_ua(&s, cdb, cap, sizeof(cap), NULL, 0),
                     0);
    ck_assert_uint_eq(ql8400_ldbe32(cap), LUN_BYTES / BLOCK - 1);
    ck_assert_uint_eq(ql8400_ldbe32(cap + 4), BLOCK);

    read_blocks(&s, 0, 1, buf);
    check_pattern(buf, 0, BLOCK);
    read_blocks(&s, 1000, sizeof(buf) / BLOCK, buf);
    check_pattern(buf, 1000ull * BLOCK, sizeof(buf));

    end_session(&s);
    print_stats("login_inquiry_read_logout");
    net_close();
}
END_TEST

START_TEST(discovery_sendtargets)
{
    Session s;
    uint8_t bhs[QL8400_ISCSI_BHS_LEN];
    static char text[256];
    static uint8_t rsp_text[TEXT_MAX];
    Pdu rsp = { .data = rsp_text, .data_size = sizeof(rsp_text) };
    char val[256], want[64];
    size_t n;

    start_session(&s, tgtd.iscsi_port, "", true);
    n = ql8400_iscsi_text_add(text, sizeof(text), 0, "SendTargets", "All");
    ql8400_iscsi_text_req(bhs, s.itt, s.cmdsn, s.expstatsn, n);
    ck_assert(send_pdu(bhs, text, n));
    ck_assert(recv_pdu(&rsp));
    ck_assert_uint_eq(ql8400_iscsi_opcode(rsp.bhs), QL8400_ISCSI_OP_TEXT_RSP);
    ck_assert(rsp.bhs[QL8400_ISCSI_BHS_FLAGS] & QL8400_ISCSI_FLAG_FINAL);
    note_response(&s, rsp.bhs);
    s.itt++;
    ck_assert(ql8400_iscsi_text_get(rsp_text, rsp.dlen, "TargetName", 0, val,
                                    sizeof(val)));
    ck_assert_str_eq(val, TARGET_IQN);
    ck_assert(ql8400_iscsi_text_get(rsp_text, rsp.dlen, "TargetAddress", 0,
                                    val, sizeof(val)));
    snprintf(want, sizeof(want), ":%d,", tgtd.iscsi_port);
    ck_assert_msg(strstr(val, want), "TargetAddress=%s", val);
    end_session(&s);
    net_close();
}
END_TEST

START_TEST(write_then_read_back)
{
    Session s;
    const uint32_t lba = 4096, blocks = 1024;       /* 512 KiB */
    static uint8_t out[1024 * BLOCK], in[1024 * BLOCK], disk[1024 * BLOCK];
    char path[256];
    uint32_t i;
    int fd;

    for (i = 0; i < sizeof(out); i++) {
        out[i] = (uint8_t)(i * 151 + (i >> 12));
    }
    start_session(&s, tgtd.iscsi_port, TARGET_IQN, false);
    write_blocks(&s, lba, blocks, out);
    read_blocks(&s, lba, blocks, in);
    ck_assert(memcmp(in, out, sizeof(out)) == 0);
    /* the blocks around are untouched */
    read_blocks(&s, lba - 8, 8, in);
    check_pattern(in, (uint64_t)(lba - 8) * BLOCK, 8 * BLOCK);
    read_blocks(&s, lba + blocks, 8, in);
    check_pattern(in, (uint64_t)(lba + blocks) * BLOCK, 8 * BLOCK);
    end_session(&s);

    /* and the backing file has them */
    tgtd_fixture_lun_path(&tgtd, 1, path, sizeof(path));
    fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pread(fd, disk, sizeof(disk), (off_t)lba * BLOCK),
                     sizeof(disk));
    close(fd);
    ck_assert(memcmp(disk, out, sizeof(out)) == 0);
    print_stats("write_then_read_back");
    net_close();
}
END_TEST

START_TEST(lossy_network_read_and_write)
{
    Session s;
    const uint32_t lba = 8192, blocks = 2048;       /* 1 MiB */
    static uint8_t in[2048 * BLOCK], out[256 * BLOCK];
    const Ql8400TcpStats *st;
    uint32_t i;

    start_session(&s, tgtd.iscsi_port, TARGET_IQN, false);
    /* from now on every 23rd TCP frame out and every 29th in is lost */
    slirp_net_set_loss(net.slirp, 23, 29);
    read_blocks(&s, lba, blocks, in);
    check_pattern(in, (uint64_t)lba * BLOCK, sizeof(in));
    for (i = 0; i < sizeof(out); i++) {
        out[i] = (uint8_t)(i * 29 + 3);
    }
    write_blocks(&s, 12000, 256, out);
    read_blocks(&s, 12000, 256, in);
    ck_assert(memcmp(in, out, sizeof(out)) == 0);
    slirp_net_set_loss(net.slirp, 0, 0);
    end_session(&s);
    print_stats("lossy_network_read_and_write");
    st = ql8400_tcp_stats(net.conn);
    ck_assert_uint_gt(slirp_net_stats(net.slirp)->dropped_tx, 0);
    ck_assert_uint_gt(slirp_net_stats(net.slirp)->dropped_rx, 0);
    ck_assert_uint_gt(st->retransmits, 0);      /* we repaired our losses */
    ck_assert_uint_gt(st->ooo_segments + st->dup_acks, 0);
    net_close();
}
END_TEST

START_TEST(target_deletion_closes_the_connection)
{
    Session s;
    static uint8_t buf[4096];

    start_session(&s, tgtd.iscsi_port, DROP_IQN, false);
    read_blocks(&s, 0, 8, buf);
    check_pattern(buf, 0, sizeof(buf));
    ck_assert(tgtd_fixture_delete_target(&tgtd, 2));
    ck_assert_msg(net_run_until(rx_has, &(size_t){ SIZE_MAX }, STEP_MS),
                  "no FIN or RST after the target went away");
    fprintf(stderr, "fw-net: target deleted: %s\n",
            net.events[QL8400_TCP_EV_PEER_FIN] ? "FIN" : "RST");
    /* the user ends it; the answer comes whatever the peer did */
    ql8400_tcp_abort(net.conn);
    ck_assert_uint_eq(net.events[QL8400_TCP_EV_ABORTED], 1);
    net_close();
}
END_TEST

START_TEST(killed_target_is_reported)
{
    Session s;
    static uint8_t buf[4096];

    start_session(&s, tgtd_doomed.iscsi_port, TARGET_IQN, false);
    read_blocks(&s, 0, 8, buf);
    tgtd_fixture_kill(&tgtd_doomed);
    ck_assert_msg(net_run_until(rx_has, &(size_t){ SIZE_MAX }, STEP_MS),
                  "no FIN or RST after tgtd died");
    fprintf(stderr, "fw-net: tgtd killed: %s\n",
            net.events[QL8400_TCP_EV_PEER_FIN] ? "FIN" : "RST");
    if (net.events[QL8400_TCP_EV_PEER_FIN]) {
        /* our close is answered with a RST: slirp's socket is gone */
        ql8400_tcp_close(net.conn);
        ck_assert(wait_event(QL8400_TCP_EV_CLOSED, STEP_MS));
    }
    net_close();
}
END_TEST

/* A TCP port of 127.0.0.1 nobody listens on. */
static int closed_port(void)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0), port;

    ck_assert_int_ge(fd, 0);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    port = ntohs(sa.sin_port);
    close(fd);
    return port;
}

START_TEST(connect_to_a_closed_port_fails)
{
    int port = closed_port();

    net_open();
    conn_open(port);
    ck_assert(wait_event(QL8400_TCP_EV_CONNECT_FAILED, 10000));
    ck_assert_uint_eq(net.status[QL8400_TCP_EV_CONNECT_FAILED],
                      QL8400_TCP_ERR_REFUSED);
    ck_assert_uint_eq(net.events[QL8400_TCP_EV_CONNECTED], 0);
    net_close();
}
END_TEST

/* --- fixtures, suite, main ---------------------------------------------- */

static void tgtd_setup(void)
{
    ck_assert_msg(tgtd_fixture_start(&tgtd), "tgtd did not start");
    ck_assert(tgtd_fixture_add_target(&tgtd, 1, TARGET_IQN, LUN_BYTES));
    ck_assert(tgtd_fixture_add_target(&tgtd, 2, DROP_IQN, 1 << 20));
}

static void tgtd_teardown(void)
{
    tgtd_fixture_stop(&tgtd);
}

static void doomed_setup(void)
{
    ck_assert_msg(tgtd_fixture_start(&tgtd_doomed), "tgtd did not start");
    ck_assert(tgtd_fixture_add_target(&tgtd_doomed, 1, TARGET_IQN, 1 << 20));
}

static void doomed_teardown(void)
{
    tgtd_fixture_stop(&tgtd_doomed);
}

static Suite *tcp_net_suite(void)
{
    Suite *s = suite_create("tcp_net");
    TCase *iscsi = tcase_create("iscsi");
    TCase *dead = tcase_create("dead_target");
    TCase *refused = tcase_create("refused");

    tcase_add_unchecked_fixture(iscsi, tgtd_setup, tgtd_teardown);
    tcase_set_timeout(iscsi, 90);
    tcase_add_test(iscsi, login_inquiry_read_logout);
    tcase_add_test(iscsi, discovery_sendtargets);
    tcase_add_test(iscsi, write_then_read_back);
    tcase_add_test(iscsi, lossy_network_read_and_write);
    tcase_add_test(iscsi, target_deletion_closes_the_connection);
    suite_add_tcase(s, iscsi);

    tcase_add_unchecked_fixture(dead, doomed_setup, doomed_teardown);
    tcase_set_timeout(dead, 60);
    tcase_add_test(dead, killed_target_is_reported);
    suite_add_tcase(s, dead);

    tcase_set_timeout(refused, 30);
    tcase_add_test(refused, connect_to_a_closed_port_fails);
    suite_add_tcase(s, refused);
    return s;
}

static void on_signal(int sig)
{
    tgtd_fixture_cleanup_all();
    signal(sig, SIG_DFL);
    raise(sig);
}

int main(void)
{
    SRunner *sr;
    int failed;

    if (!tgtd_available()) {
        printf("fw-net: skipped, no tgtd\n");
        return 77;                      /* meson's "skipped" */
    }
    struct sigaction sa = { .sa_handler = on_signal };
    struct sigaction ign = { .sa_handler = SIG_IGN };

    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGPIPE, &ign, NULL);
    sr = srunner_create(tcp_net_suite());
    srunner_add_suite(sr, offload_net_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    tgtd_fixture_cleanup_all();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
