/*
 * ql8400 firmware model: the TCP offload engine (see tcp.h for the API).
 *
 * RFC 793/9293 state machine, active open only. Sender: a ring buffer of
 * snd_buf bytes holds everything from snd_una on; segments are cut from it
 * when sent and again when retransmitted. RFC 6298 RTO with Karn's rule
 * (or timestamp echoes) and exponential back-off, RFC 5681/6582 slow
 * start, congestion avoidance, fast retransmit and NewReno recovery,
 * sender SWS avoidance, zero-window probing. Receiver: a ring buffer of
 * rcv_buf bytes; its free space is the advertised window, so every byte in
 * the window has its place, and out-of-order data are written there at
 * once and only their sequence ranges are remembered (a bounded list).
 * RFC 5961 RST and SYN handling, delayed ACK, keepalive.
 *
 * All timers are absolute times in one array; the earliest is what
 * ops->timer_arm gets.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcp.h"
#include "tcp-seg.h"
#include "fw-trace.h"

#define SEQ_LT(a, b)    ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_LEQ(a, b)   ((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define SEQ_GT(a, b)    ((int32_t)((uint32_t)(a) - (uint32_t)(b)) > 0)
#define SEQ_GEQ(a, b)   ((int32_t)((uint32_t)(a) - (uint32_t)(b)) >= 0)

#define NS_PER_US       1000ll
#define NS_PER_MS       1000000ll
#define TS_OPT_LEN      12          /* NOP NOP timestamps */
#define MIN_SND_MSS     48
#define DEFAULT_MSS_V4  536
#define DEFAULT_MSS_V6  1220
#define MAX_BACKOFF     16
#define MAX_CWND        (2 * QL8400_TCP_MAX_BUF)
#define EVQ_SIZE        16
#define OUTPUT_BURST    4096        /* segments per output() call, a bound */

typedef enum TcpTimer {
    T_REXMIT,
    T_PERSIST,
    T_DELACK,
    T_KEEPALIVE,
    T_CONNECT,
    T_CLOSE,
    T_TIME_WAIT,
    T_COUNT
} TcpTimer;

typedef struct OooRange {
    uint32_t start;
    uint32_t end;
} OooRange;

struct Ql8400TcpConn {
    Ql8400TcpParams p;
    const Ql8400TcpOps *ops;
    void *opaque;
    Ql8400TcpState state;
    Ql8400IpHdr iph;            /* template of our frames' headers */
    uint8_t *frame;
    size_t frame_size;
    uint16_t ip_id;

    /* send side: sbuf holds sbuf_len bytes from snd_una on */
    uint32_t iss;
    uint32_t snd_una;
    uint32_t snd_nxt;
    uint32_t snd_max;
    uint32_t snd_wnd;
    uint32_t max_sndwnd;
    uint32_t snd_wl1;
    uint32_t snd_wl2;
    uint32_t cwnd;
    uint32_t ssthresh;
    uint32_t recover;
    unsigned dupacks;
    bool in_recovery;
    uint8_t *sbuf;
    uint32_t sbuf_size;
    uint32_t sbuf_head;
    uint32_t sbuf_len;
    bool fin_queued;
    uint32_t fin_seq;           /* sequence number of our FIN */
    bool persisting;            /* zero window: probes instead of data */
    unsigned persist_backoff;
    unsigned probes_unanswered;
    uint16_t mss;
    uint16_t mss_offered;
    uint16_t peer_mss;
    int8_t snd_wscale;
    int8_t rcv_wscale;
    bool ts_on;
    uint32_t ts_recent;
    uint32_t ts_offset;
    uint32_t last_ack_sent;

    /* round-trip time and retransmission timeout, in ns */
    bool rtt_timing;
    uint32_t rtt_seq;
    int64_t rtt_start;
    bool have_rtt;
    int64_t srtt;
    int64_t rttvar;
    int64_t rto;
    unsigned backoff;
    unsigned rexmits;           /* consecutive timeouts of snd_una */
    int64_t rexmit_start;
    int64_t syn_time;

    /* receive side: rbuf holds rbuf_len in-order bytes from rbuf_head */
    uint32_t irs;
    uint32_t rcv_nxt;
    uint32_t rcv_adv;           /* right edge of the window advertised */
    uint8_t *rbuf;
    uint32_t rbuf_size;
    uint32_t rbuf_head;
    uint32_t rbuf_len;
    OooRange ooo[QL8400_TCP_OOO_MAX];
    unsigned n_ooo;
    unsigned ooo_limit;
    bool fin_pending;           /* the peer's FIN came out of order */
    uint32_t fin_seq_in;
    bool peer_fin;
    unsigned segs_unacked;
    bool ack_now;

    int64_t timer[T_COUNT];
    int64_t armed;
    unsigned ka_sent;

    /* what the caller asked, and how it ended */
    bool connect_called;
    bool close_called;
    bool abort_called;
    bool ended;
    Ql8400TcpError end_status;
    unsigned anomalies_reported;

    /* events, delivered when the outermost call returns */
    struct {
        Ql8400TcpEvent ev;
        uint32_t status;
    } evq[EVQ_SIZE];
    unsigned evq_len;
    unsigned depth;

    Ql8400TcpStats stats;
};

static const char *const state_names[] = {
    [QL8400_TCP_CLOSED] = "CLOSED",
    [QL8400_TCP_SYN_SENT] = "SYN_SENT",
    [QL8400_TCP_ESTABLISHED] = "ESTABLISHED",
    [QL8400_TCP_FIN_WAIT_1] = "FIN_WAIT_1",
    [QL8400_TCP_FIN_WAIT_2] = "FIN_WAIT_2",
    [QL8400_TCP_CLOSING] = "CLOSING",
    [QL8400_TCP_TIME_WAIT] = "TIME_WAIT",
    [QL8400_TCP_CLOSE_WAIT] = "CLOSE_WAIT",
    [QL8400_TCP_LAST_ACK] = "LAST_ACK",
};

static const char *const event_names[] = {
    [QL8400_TCP_EV_CONNECTED] = "CONNECTED",
    [QL8400_TCP_EV_CONNECT_FAILED] = "CONNECT_FAILED",
    [QL8400_TCP_EV_RX_READY] = "RX_READY",
    [QL8400_TCP_EV_TX_SPACE] = "TX_SPACE",
    [QL8400_TCP_EV_PEER_FIN] = "PEER_FIN",
    [QL8400_TCP_EV_PEER_RESET] = "PEER_RESET",
    [QL8400_TCP_EV_FAILED] = "FAILED",
    [QL8400_TCP_EV_CLOSED] = "CLOSED",
    [QL8400_TCP_EV_ABORTED] = "ABORTED",
    [QL8400_TCP_EV_ANOMALY] = "ANOMALY",
};

static const char *const error_names[] = {
    [QL8400_TCP_OK] = "ok",
    [QL8400_TCP_ERR_TIMEOUT] = "timeout",
    [QL8400_TCP_ERR_REFUSED] = "refused",
    [QL8400_TCP_ERR_RESET] = "reset",
    [QL8400_TCP_ERR_RETRANSMIT] = "retransmissions exhausted",
    [QL8400_TCP_ERR_KEEPALIVE] = "keepalive",
    [QL8400_TCP_ERR_ABORTED] = "aborted",
};

#define NAME(table, i) \
    ((unsigned)(i) < sizeof(table) / sizeof(table[0]) && table[i] ? \
     table[i] : "?")

const char *ql8400_tcp_state_name(Ql8400TcpState s)
{
    return NAME(state_names, s);
}

const char *ql8400_tcp_event_name(Ql8400TcpEvent ev)
{
    return NAME(event_names, ev);
}

const char *ql8400_tcp_error_name(Ql8400TcpError err)
{
    return NAME(error_names, err);
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

static uint32_t max_u32(uint32_t a, uint32_t b)
{
    return a > b ? a : b;
}

static uint32_t clamp_u32(uint32_t v, uint32_t lo, uint32_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void ql8400_tcp_params_init(Ql8400TcpParams *p)
{
    memset(p, 0, sizeof(*p));
    p->pmtu = 1500;
    p->mss_clamp = 0xffff;
    p->ttl = 0xfe;
    p->tos = 0;
    p->ip_id = 0x8000;
    p->wscale = 2;
    p->timestamps = false;
    p->delayed_ack = true;
    p->delayed_ack_ms = 40;
    p->rcv_buf = 256 * 1024;
    p->snd_buf = 256 * 1024;
    p->init_cwnd = 0;
    p->ooo_ranges = 8;
    p->keepalive = true;
    p->ka_idle_ms = 300000;
    p->ka_interval_ms = 10000;
    p->ka_probes = 3;
    p->rto_initial_ms = 1000;
    p->rto_min_ms = 200;
    p->rto_max_ms = 30000;
    p->connect_timeout_ms = 8000;
    p->max_retransmits = 15;
    p->max_rt_time_ms = 120000;
    p->close_timeout_ms = 10000;
    p->time_wait_ms = 1000;
}

/* --- time, timers, events ------------------------------------------------- */

static int64_t now_ns(Ql8400TcpConn *c)
{
    return c->ops->now_ns(c->opaque);
}

static void timer_set(Ql8400TcpConn *c, TcpTimer t, int64_t delay_ns)
{
    c->timer[t] = now_ns(c) + delay_ns;
}

static void timer_off(Ql8400TcpConn *c, TcpTimer t)
{
    c->timer[t] = QL8400_TCP_NO_TIMER;
}

static bool timer_on(Ql8400TcpConn *c, TcpTimer t)
{
    return c->timer[t] != QL8400_TCP_NO_TIMER;
}

static void timers_off(Ql8400TcpConn *c)
{
    unsigned t;

    for (t = 0; t < T_COUNT; t++) {
        c->timer[t] = QL8400_TCP_NO_TIMER;
    }
}

int64_t ql8400_tcp_next_deadline(const Ql8400TcpConn *c)
{
    int64_t next = QL8400_TCP_NO_TIMER;
    unsigned t;

    for (t = 0; t < T_COUNT; t++) {
        if (c->timer[t] < next) {
            next = c->timer[t];
        }
    }
    return next;
}

static void update_timer(Ql8400TcpConn *c)
{
    int64_t next = ql8400_tcp_next_deadline(c);

    if (next != c->armed) {
        c->armed = next;
        if (c->ops->timer_arm) {
            c->ops->timer_arm(c->opaque, next);
        }
    }
}

static void push_event(Ql8400TcpConn *c, Ql8400TcpEvent ev, uint32_t status)
{
    unsigned i;

    if (ev == QL8400_TCP_EV_RX_READY || ev == QL8400_TCP_EV_TX_SPACE) {
        if (c->ended) {
            return;
        }
        for (i = 0; i < c->evq_len; i++) {
            if (c->evq[i].ev == ev) {
                return;
            }
        }
    }
    if (c->evq_len == EVQ_SIZE) {
        /* cannot happen: a call queues a handful at most */
        QL8400_LOG_GUEST_ERROR("ql8400: tcp conn %u: event queue full, "
                               "%s lost\n", c->p.id,
                               ql8400_tcp_event_name(ev));
        return;
    }
    c->evq[c->evq_len].ev = ev;
    c->evq[c->evq_len].status = status;
    c->evq_len++;
}

static void enter(Ql8400TcpConn *c)
{
    c->depth++;
}

static void leave(Ql8400TcpConn *c)
{
    Ql8400TcpEvent ev;
    uint32_t status;

    if (c->depth == 1) {
        while (c->evq_len) {
            ev = c->evq[0].ev;
            status = c->evq[0].status;
            c->evq_len--;
            memmove(&c->evq[0], &c->evq[1], c->evq_len * sizeof(c->evq[0]));
            trace_ql8400_fw_tcp_event(c->p.id, ql8400_tcp_event_name(ev),
                                      status);
            c->ops->event(c->opaque, ev, status);
        }
    }
    c->depth--;
    update_timer(c);
}

static void set_state(Ql8400TcpConn *c, Ql8400TcpState s)
{
    if (c->state != s) {
        trace_ql8400_fw_tcp_state(c->p.id, ql8400_tcp_state_name(c->state),
                                  ql8400_tcp_state_name(s));
        c->state = s;
    }
}

/* The terminal event: the connection is over for its user. */
static void end_conn(Ql8400TcpConn *c, Ql8400TcpEvent ev, Ql8400TcpError err)
{
    c->ended = true;
    c->end_status = err;
    timers_off(c);
    c->persisting = false;
    set_state(c, QL8400_TCP_CLOSED);
    push_event(c, ev, err);
}

static void anomaly(Ql8400TcpConn *c, Ql8400TcpAnomaly a)
{
    unsigned bit = 1u << (a & 0xf);

    /* once per kind: a flood of bad segments is counted, not reported */
    if (!c->ended && !(c->anomalies_reported & bit)) {
        c->anomalies_reported |= bit;
        push_event(c, QL8400_TCP_EV_ANOMALY, a);
    }
}

/* --- RTT and RTO (RFC 6298) ----------------------------------------------- */

static int64_t rto_backed_off(Ql8400TcpConn *c, unsigned shift)
{
    int64_t rto = c->rto;
    int64_t max = (int64_t)c->p.rto_max_ms * NS_PER_MS;

    while (shift-- && rto < max) {
        rto *= 2;
    }
    return rto < max ? rto : max;
}

static int64_t cur_rto(Ql8400TcpConn *c)
{
    return rto_backed_off(c, c->backoff);
}

static void rtt_sample(Ql8400TcpConn *c, int64_t r)
{
    int64_t delta, rto;
    int64_t min = (int64_t)c->p.rto_min_ms * NS_PER_MS;
    int64_t max = (int64_t)c->p.rto_max_ms * NS_PER_MS;

    if (r < 0) {
        return;
    }
    if (!c->have_rtt) {
        c->srtt = r;
        c->rttvar = r / 2;
        c->have_rtt = true;
    } else {
        delta = c->srtt > r ? c->srtt - r : r - c->srtt;
        c->rttvar = (3 * c->rttvar + delta) / 4;
        c->srtt = (7 * c->srtt + r) / 8;
    }
    rto = c->srtt + (4 * c->rttvar > NS_PER_MS ? 4 * c->rttvar : NS_PER_MS);
    c->rto = rto < min ? min : rto > max ? max : rto;
    c->backoff = 0;
    trace_ql8400_fw_tcp_rtt(c->p.id, r / NS_PER_US, c->srtt / NS_PER_US,
                            c->rto / NS_PER_US);
}

static uint32_t ts_now(Ql8400TcpConn *c)
{
    return (uint32_t)(now_ns(c) / NS_PER_MS) + c->ts_offset;
}

/* --- frames out ----------------------------------------------------------- */

static bool synchronized(Ql8400TcpConn *c)
{
    return c->state != QL8400_TCP_CLOSED && c->state != QL8400_TCP_SYN_SENT;
}

static uint32_t rcv_space(Ql8400TcpConn *c)
{
    return c->rbuf_size - c->rbuf_len;
}

static uint16_t window_field(Ql8400TcpConn *c, bool syn)
{
    uint32_t w = rcv_space(c);

    if (!syn && c->rcv_wscale > 0) {
        w >>= c->rcv_wscale;
    }
    return min_u32(w, 0xffff);
}

/*
 * Sends one segment: seq, ack and flags as given, len bytes of the send
 * buffer from sequence number seq (which must lie in it).
 */
static void xmit(Ql8400TcpConn *c, uint32_t seq, uint32_t ack, uint8_t flags,
                 uint32_t len)
{
    Ql8400TcpSeg seg = { 0 };
    Ql8400TcpOpts o = { 0 };
    uint8_t opts[QL8400_TCP_MAX_OPTS];
    uint32_t pos, first;
    size_t n;

    seg.sport = c->p.local_port;
    seg.dport = c->p.remote_port;
    seg.seq = seq;
    seg.ack = (flags & QL8400_TCP_ACK) ? ack : 0;
    seg.flags = flags;
    if (flags & QL8400_TCP_SYN) {
        o.mss_ok = true;
        o.mss = c->mss_offered;
        if (c->p.wscale >= 0) {
            o.ws_ok = true;
            o.ws = c->p.wscale;
        }
        o.ts_ok = c->p.timestamps;
    } else {
        o.ts_ok = c->ts_on && !(flags & QL8400_TCP_RST);
    }
    if (o.ts_ok) {
        o.tsval = ts_now(c);
        o.tsecr = (flags & QL8400_TCP_ACK) ? c->ts_recent : 0;
    }
    seg.opts = opts;
    seg.opts_len = ql8400_tcp_opts_build(opts, &o);
    if (!(flags & QL8400_TCP_RST)) {
        seg.window = window_field(c, flags & QL8400_TCP_SYN);
    }
    if (len) {
        pos = (c->sbuf_head + (seq - c->snd_una)) % c->sbuf_size;
        first = min_u32(len, c->sbuf_size - pos);
        seg.data = c->sbuf + pos;
        seg.data_len = first;
        seg.data2 = c->sbuf;
        seg.data2_len = len - first;
    }
    c->iph.ip_id = c->ip_id++;
    n = ql8400_tcp_frame_build(c->frame, c->frame_size, &c->iph, &seg);
    if (!n) {
        QL8400_LOG_GUEST_ERROR("ql8400: tcp conn %u: segment of %u bytes "
                               "does not fit a frame\n", c->p.id, len);
        return;
    }
    if ((flags & QL8400_TCP_ACK) && !(flags & QL8400_TCP_RST)) {
        uint32_t edge;

        c->last_ack_sent = ack;
        c->segs_unacked = 0;
        c->ack_now = false;
        timer_off(c, T_DELACK);
        edge = c->rcv_nxt + ((uint32_t)seg.window <<
                             (c->rcv_wscale > 0 ? c->rcv_wscale : 0));
        if (SEQ_GT(edge, c->rcv_adv)) {
            c->rcv_adv = edge;
        }
    }
    c->stats.frames_out++;
    if (flags & QL8400_TCP_RST) {
        c->stats.rst_out++;
    }
    trace_ql8400_fw_tcp_tx(c->p.id, flags, seq, seg.ack, len, seg.window);
    c->ops->frame_out(c->opaque, c->frame, n);
}

static void send_ack(Ql8400TcpConn *c)
{
    xmit(c, c->snd_nxt, c->rcv_nxt, QL8400_TCP_ACK, 0);
}

static void send_rst(Ql8400TcpConn *c)
{
    xmit(c, c->snd_max, c->rcv_nxt, QL8400_TCP_RST | QL8400_TCP_ACK, 0);
}

static void send_syn(Ql8400TcpConn *c)
{
    c->syn_time = now_ns(c);
    xmit(c, c->iss, 0, QL8400_TCP_SYN, 0);
}

/*
 * Sends (or sends again) the segment starting at seq: up to len bytes of
 * data, the FIN when it follows them. Moves snd_nxt/snd_max past it and
 * starts the retransmission timer.
 */
static void send_data(Ql8400TcpConn *c, uint32_t seq, uint32_t len,
                      bool arm_rexmit)
{
    uint32_t end = c->snd_una + c->sbuf_len;
    uint8_t flags = QL8400_TCP_ACK;
    uint32_t next;

    if (len && seq + len == end) {
        flags |= QL8400_TCP_PSH;
    }
    if (c->fin_queued && seq + len == c->fin_seq) {
        flags |= QL8400_TCP_FIN;
    }
    next = seq + len + ((flags & QL8400_TCP_FIN) ? 1 : 0);
    if (SEQ_LT(seq, c->snd_max)) {
        c->stats.retransmits++;
        c->stats.bytes_retransmitted += len;
        if (c->rtt_timing && SEQ_LEQ(seq, c->rtt_seq)) {
            c->rtt_timing = false;      /* Karn */
        }
    } else {
        c->stats.bytes_out += len;
        if (!c->rtt_timing && len) {
            c->rtt_timing = true;
            c->rtt_seq = seq;
            c->rtt_start = now_ns(c);
        }
    }
    xmit(c, seq, c->rcv_nxt, flags, len);
    if (SEQ_GT(next, c->snd_nxt)) {
        c->snd_nxt = next;
    }
    if (SEQ_GT(next, c->snd_max)) {
        c->snd_max = next;
    }
    if (arm_rexmit && !timer_on(c, T_REXMIT)) {
        timer_set(c, T_REXMIT, cur_rto(c));
    }
}

static bool can_output(Ql8400TcpConn *c)
{
    switch (c->state) {
    case QL8400_TCP_ESTABLISHED:
    case QL8400_TCP_CLOSE_WAIT:
    case QL8400_TCP_FIN_WAIT_1:
    case QL8400_TCP_CLOSING:
    case QL8400_TCP_LAST_ACK:
        return !c->ended;
    default:
        return false;
    }
}

/* Sends what the windows allow, then the FIN; sets up zero-window probing. */
static void output(Ql8400TcpConn *c)
{
    uint32_t end, flight, wnd, unsent, avail, len;
    unsigned n;

    if (!can_output(c)) {
        return;
    }
    if (c->snd_wnd == 0) {
        if (c->persisting && SEQ_LT(c->snd_una, c->snd_nxt)) {
            c->snd_nxt = c->snd_una;    /* the probe byte is not in flight */
        }
    } else if (c->persisting) {
        c->persisting = false;
        c->persist_backoff = 0;
        timer_off(c, T_PERSIST);
        if (SEQ_LT(c->snd_una, c->snd_nxt)) {
            c->snd_nxt = c->snd_una;
        }
    }
    end = c->snd_una + c->sbuf_len;
    for (n = 0; n < OUTPUT_BURST; n++) {
        flight = c->snd_nxt - c->snd_una;
        wnd = min_u32(c->snd_wnd, c->cwnd);
        if (SEQ_LT(c->snd_nxt, end)) {
            unsent = end - c->snd_nxt;
            avail = wnd > flight ? wnd - flight : 0;
            len = min_u32(min_u32(unsent, c->mss), avail);
            if (len == 0) {
                break;
            }
            /* sender SWS avoidance: no runt while the peer's window is big */
            if (len < min_u32(unsent, c->mss) && len < c->max_sndwnd / 2) {
                break;
            }
            send_data(c, c->snd_nxt, len, true);
        } else if (c->fin_queued && c->snd_nxt == c->fin_seq) {
            send_data(c, c->snd_nxt, 0, true);
            break;
        } else {
            break;
        }
    }
    if (SEQ_LT(c->snd_nxt, end) && c->snd_nxt == c->snd_una &&
        !timer_on(c, T_REXMIT)) {
        /* nothing in flight and nothing sent: probe, or beat SWS, later */
        if (!timer_on(c, T_PERSIST)) {
            timer_set(c, T_PERSIST, rto_backed_off(c, c->persist_backoff));
        }
        c->persisting = c->snd_wnd == 0;
    } else if (!c->persisting) {
        timer_off(c, T_PERSIST);
    }
    if (c->ack_now) {
        send_ack(c);
    }
}

/* Retransmits the first unacknowledged segment, outside the windows. */
static void retransmit_una(Ql8400TcpConn *c)
{
    uint32_t end = c->snd_una + c->sbuf_len;
    uint32_t len = SEQ_LT(c->snd_una, end) ? min_u32(end - c->snd_una, c->mss)
                                           : 0;

    if (!len && !(c->fin_queued && c->snd_una == c->fin_seq)) {
        return;
    }
    send_data(c, c->snd_una, len, true);
}

/* --- ending --------------------------------------------------------------- */

/* Retransmissions or keepalive gave up: RST, then the terminal event. */
static void give_up(Ql8400TcpConn *c, Ql8400TcpError err)
{
    send_rst(c);
    end_conn(c, c->close_called ? QL8400_TCP_EV_CLOSED : QL8400_TCP_EV_FAILED,
             err);
}

static void enter_time_wait(Ql8400TcpConn *c)
{
    end_conn(c, QL8400_TCP_EV_CLOSED, QL8400_TCP_OK);
    set_state(c, QL8400_TCP_TIME_WAIT);
    timer_set(c, T_TIME_WAIT, (int64_t)c->p.time_wait_ms * NS_PER_MS);
}

static void connect_failed(Ql8400TcpConn *c, Ql8400TcpError err)
{
    end_conn(c, QL8400_TCP_EV_CONNECT_FAILED, err);
}

/* --- receive buffer ------------------------------------------------------- */

/* Copies payload for sequence number seq (in the window) into rbuf. */
static void rbuf_write(Ql8400TcpConn *c, uint32_t seq, const uint8_t *data,
                       uint32_t len)
{
    uint32_t pos = (c->rbuf_head + c->rbuf_len + (seq - c->rcv_nxt)) %
                   c->rbuf_size;
    uint32_t first = min_u32(len, c->rbuf_size - pos);

    memcpy(c->rbuf + pos, data, first);
    memcpy(c->rbuf, data + first, len - first);
}

/* Moves rcv_nxt over the out-of-order ranges it reached; true if any. */
static bool ooo_advance(Ql8400TcpConn *c)
{
    bool moved = false;
    uint32_t delta;

    while (c->n_ooo && SEQ_LEQ(c->ooo[0].start, c->rcv_nxt)) {
        if (SEQ_GT(c->ooo[0].end, c->rcv_nxt)) {
            delta = c->ooo[0].end - c->rcv_nxt;
            c->rcv_nxt += delta;
            c->rbuf_len += delta;
            c->stats.bytes_in += delta;
        }
        c->n_ooo--;
        memmove(&c->ooo[0], &c->ooo[1], c->n_ooo * sizeof(c->ooo[0]));
        moved = true;
    }
    return moved;
}

/* Keeps an out-of-order segment [seq, seq + len); false if dropped. */
static bool ooo_insert(Ql8400TcpConn *c, uint32_t seq, const uint8_t *data,
                       uint32_t len)
{
    uint32_t end = seq + len;
    unsigned i, j;

    /* the first range ending at or after seq */
    for (i = 0; i < c->n_ooo && SEQ_LT(c->ooo[i].end, seq); i++) {
        continue;
    }
    if (i == c->n_ooo || SEQ_LT(end, c->ooo[i].start)) {
        /* touches none: a new range at i */
        if (c->n_ooo >= c->ooo_limit) {
            c->stats.ooo_dropped++;
            return false;
        }
        memmove(&c->ooo[i + 1], &c->ooo[i],
                (c->n_ooo - i) * sizeof(c->ooo[0]));
        c->ooo[i].start = seq;
        c->ooo[i].end = end;
        c->n_ooo++;
    } else {
        /* merge with range i and every later one it reaches */
        if (SEQ_LT(seq, c->ooo[i].start)) {
            c->ooo[i].start = seq;
        }
        for (j = i + 1; j < c->n_ooo && SEQ_LEQ(c->ooo[j].start, end); j++) {
            continue;
        }
        if (SEQ_GT(c->ooo[j - 1].end, end)) {
            end = c->ooo[j - 1].end;
        }
        c->ooo[i].end = SEQ_GT(end, c->ooo[i].end) ? end : c->ooo[i].end;
        memmove(&c->ooo[i + 1], &c->ooo[j], (c->n_ooo - j) * sizeof(c->ooo[0]));
        c->n_ooo -= j - i - 1;
    }
    rbuf_write(c, seq, data, len);
    c->stats.ooo_segments++;
    trace_ql8400_fw_tcp_ooo(c->p.id, seq, len, c->n_ooo);
    return true;
}

/* --- segment arrival ------------------------------------------------------ */

static void drop(Ql8400TcpConn *c, const char *why)
{
    c->stats.dropped++;
    trace_ql8400_fw_tcp_drop(c->p.id, why);
}

/* A segment for a connection that is not there (RFC 793 "CLOSED"). */
static void reply_rst(Ql8400TcpConn *c, const Ql8400TcpSeg *seg)
{
    uint32_t len = seg->data_len + !!(seg->flags & QL8400_TCP_SYN) +
                   !!(seg->flags & QL8400_TCP_FIN);

    if (seg->flags & QL8400_TCP_ACK) {
        xmit(c, seg->ack, 0, QL8400_TCP_RST, 0);
    } else {
        xmit(c, 0, seg->seq + len, QL8400_TCP_RST | QL8400_TCP_ACK, 0);
    }
}

static void syn_sent_input(Ql8400TcpConn *c, const Ql8400TcpSeg *seg,
                           const Ql8400TcpOpts *o)
{
    uint8_t flags = seg->flags;
    uint32_t limit, iw;

    if ((flags & QL8400_TCP_ACK) &&
        (SEQ_LEQ(seg->ack, c->iss) || SEQ_GT(seg->ack, c->snd_max))) {
        c->stats.bad_ack++;
        if (!(flags & QL8400_TCP_RST)) {
            xmit(c, seg->ack, 0, QL8400_TCP_RST, 0);
        }
        drop(c, "SYN_SENT: unacceptable ACK");
        return;
    }
    if (flags & QL8400_TCP_RST) {
        c->stats.rst_in++;
        if (flags & QL8400_TCP_ACK) {
            connect_failed(c, QL8400_TCP_ERR_REFUSED);
        } else {
            drop(c, "SYN_SENT: RST without ACK");
        }
        return;
    }
    if (!(flags & QL8400_TCP_SYN) || !(flags & QL8400_TCP_ACK)) {
        if (flags & QL8400_TCP_SYN) {
            QL8400_LOG_UNIMP("ql8400: tcp conn %u: simultaneous open\n",
                             c->p.id);
        }
        drop(c, "SYN_SENT: not a SYN-ACK");
        return;
    }

    c->irs = seg->seq;
    c->rcv_nxt = seg->seq + 1;
    c->rcv_adv = c->rcv_nxt;
    c->peer_mss = o->mss_ok ? o->mss :
                  (c->p.ipv6 ? DEFAULT_MSS_V6 : DEFAULT_MSS_V4);
    if (o->ws_ok && c->p.wscale >= 0) {
        c->snd_wscale = o->ws > QL8400_TCP_MAX_WSCALE ? QL8400_TCP_MAX_WSCALE
                                                      : o->ws;
        c->rcv_wscale = c->p.wscale;
    }
    if (o->ts_ok && c->p.timestamps) {
        c->ts_on = true;
        c->ts_recent = o->tsval;
    }
    limit = min_u32(c->peer_mss, c->mss_offered);
    if (c->ts_on) {
        limit -= min_u32(limit, TS_OPT_LEN);
    }
    c->mss = max_u32(limit, MIN_SND_MSS);

    c->snd_una = seg->ack;
    c->snd_wnd = seg->window;           /* never scaled in a SYN */
    c->max_sndwnd = c->snd_wnd;
    c->snd_wl1 = seg->seq;
    c->snd_wl2 = seg->ack;
    if (c->rexmits == 0) {
        rtt_sample(c, now_ns(c) - c->syn_time);
    }
    if (c->p.init_cwnd) {
        iw = c->p.init_cwnd;
    } else if (c->rexmits) {
        iw = c->mss;                    /* RFC 6298 5.7 */
    } else {
        iw = c->mss > 2190 ? 2 * c->mss : c->mss > 1095 ? 3 * c->mss
                                                         : 4 * c->mss;
    }
    c->cwnd = max_u32(iw, c->mss);
    c->ssthresh = MAX_CWND;
    c->rexmits = 0;
    c->backoff = 0;
    c->rtt_timing = false;
    timer_off(c, T_REXMIT);
    timer_off(c, T_CONNECT);
    if (c->p.keepalive) {
        timer_set(c, T_KEEPALIVE, (int64_t)c->p.ka_idle_ms * NS_PER_MS);
    }
    set_state(c, QL8400_TCP_ESTABLISHED);
    push_event(c, QL8400_TCP_EV_CONNECTED, QL8400_TCP_OK);
    if (seg->data_len || (flags & QL8400_TCP_FIN)) {
        /* not taken: the peer sends it again after our ACK */
        drop(c, "data on the SYN-ACK");
    }
    send_ack(c);
}

/* The peer's FIN is reached in sequence. */
static void fin_reached(Ql8400TcpConn *c)
{
    c->rcv_nxt++;
    c->peer_fin = true;
    c->fin_pending = false;
    c->ack_now = true;
    switch (c->state) {
    case QL8400_TCP_ESTABLISHED:
        set_state(c, QL8400_TCP_CLOSE_WAIT);
        push_event(c, QL8400_TCP_EV_PEER_FIN, QL8400_TCP_OK);
        break;
    case QL8400_TCP_FIN_WAIT_1:
        set_state(c, QL8400_TCP_CLOSING);
        break;
    case QL8400_TCP_FIN_WAIT_2:
        send_ack(c);
        enter_time_wait(c);
        break;
    default:
        break;
    }
}

/* Our FIN was acknowledged. */
static void fin_acked(Ql8400TcpConn *c)
{
    switch (c->state) {
    case QL8400_TCP_FIN_WAIT_1:
        set_state(c, QL8400_TCP_FIN_WAIT_2);
        break;
    case QL8400_TCP_CLOSING:
        enter_time_wait(c);
        break;
    case QL8400_TCP_LAST_ACK:
        end_conn(c, QL8400_TCP_EV_CLOSED, QL8400_TCP_OK);
        break;
    default:
        break;
    }
}

static void new_ack(Ql8400TcpConn *c, const Ql8400TcpSeg *seg,
                    const Ql8400TcpOpts *o)
{
    uint32_t ack = seg->ack;
    uint32_t acked = ack - c->snd_una;
    uint32_t data_acked = min_u32(acked, c->sbuf_len);
    bool fin_now_acked = c->fin_queued && SEQ_GT(ack, c->fin_seq);

    if (c->ts_on && o->ts_ok && o->tsecr) {
        rtt_sample(c, (int64_t)(uint32_t)(ts_now(c) - o->tsecr) * NS_PER_MS);
        c->rtt_timing = false;
    } else if (c->rtt_timing && SEQ_GT(ack, c->rtt_seq)) {
        rtt_sample(c, now_ns(c) - c->rtt_start);
        c->rtt_timing = false;
    }
    c->backoff = 0;
    c->rexmits = 0;

    c->sbuf_head = (c->sbuf_head + data_acked) % c->sbuf_size;
    c->sbuf_len -= data_acked;
    if (data_acked) {
        push_event(c, QL8400_TCP_EV_TX_SPACE, 0);
    }

    if (c->in_recovery) {
        if (SEQ_GEQ(ack, c->recover)) {
            /* RFC 6582: full acknowledgment */
            c->cwnd = min_u32(c->ssthresh,
                              max_u32(c->snd_max - ack, c->mss) + c->mss);
            c->in_recovery = false;
        } else {
            /* partial: the next hole goes at once, deflate the window */
            c->snd_una = ack;
            retransmit_una(c);
            c->cwnd = c->cwnd > acked ? c->cwnd - acked : 0;
            if (acked >= c->mss) {
                c->cwnd += c->mss;
            }
            c->cwnd = max_u32(c->cwnd, c->mss);
        }
    } else if (c->cwnd < c->ssthresh) {
        c->cwnd += min_u32(acked, c->mss);
    } else {
        c->cwnd += max_u32(1, (uint32_t)((uint64_t)c->mss * c->mss / c->cwnd));
    }
    c->cwnd = min_u32(c->cwnd, MAX_CWND);
    c->dupacks = 0;

    c->snd_una = ack;
    if (SEQ_LT(c->snd_nxt, c->snd_una)) {
        c->snd_nxt = c->snd_una;
    }
    if (c->snd_una == c->snd_max) {
        timer_off(c, T_REXMIT);
    } else {
        timer_set(c, T_REXMIT, cur_rto(c));
    }
    if (fin_now_acked) {
        fin_acked(c);
    }
}

static void dup_ack(Ql8400TcpConn *c)
{
    uint32_t flight = c->snd_max - c->snd_una;

    c->stats.dup_acks++;
    c->dupacks++;
    if (c->in_recovery) {
        c->cwnd = min_u32(c->cwnd + c->mss, MAX_CWND);
    } else if (c->dupacks == 3 && SEQ_GEQ(c->snd_una, c->recover)) {
        c->ssthresh = max_u32(flight / 2, 2 * c->mss);
        c->recover = c->snd_max;
        c->in_recovery = true;
        c->stats.fast_retransmits++;
        trace_ql8400_fw_tcp_fast_retransmit(c->p.id, c->snd_una, c->cwnd,
                                            c->ssthresh);
        retransmit_una(c);
        c->cwnd = c->ssthresh + 3 * c->mss;
    }
}

/* ACK field processing; false when the segment is to be dropped. */
static bool process_ack(Ql8400TcpConn *c, const Ql8400TcpSeg *seg,
                        const Ql8400TcpOpts *o, uint32_t seq, uint32_t dlen,
                        bool fin)
{
    uint32_t ack = seg->ack;
    uint32_t wnd = (uint32_t)seg->window <<
                   (c->snd_wscale > 0 ? c->snd_wscale : 0);

    if (SEQ_GT(ack, c->snd_max)) {
        c->stats.bad_ack++;
        send_ack(c);
        drop(c, "ACK of unsent data");
        return false;
    }
    if (SEQ_LT(ack, c->snd_una)) {
        return true;                    /* old: ignored */
    }
    if (ack == c->snd_una) {
        if (!dlen && !fin && wnd == c->snd_wnd && c->snd_max != c->snd_una &&
            !c->persisting) {
            dup_ack(c);
        } else {
            c->dupacks = 0;
        }
    } else {
        new_ack(c, seg, o);
        if (c->ended) {
            return false;
        }
    }
    if (SEQ_LT(c->snd_wl1, seq) ||
        (c->snd_wl1 == seq && SEQ_LEQ(c->snd_wl2, ack))) {
        c->snd_wnd = wnd;
        c->snd_wl1 = seq;
        c->snd_wl2 = ack;
        c->max_sndwnd = max_u32(c->max_sndwnd, wnd);
    }
    return true;
}

static bool peer_may_send(Ql8400TcpConn *c)
{
    return c->state == QL8400_TCP_ESTABLISHED ||
           c->state == QL8400_TCP_FIN_WAIT_1 ||
           c->state == QL8400_TCP_FIN_WAIT_2;
}

static void take_data(Ql8400TcpConn *c, uint32_t seq, const uint8_t *data,
                      uint32_t dlen, bool fin)
{
    if (seq == c->rcv_nxt) {
        if (dlen) {
            rbuf_write(c, seq, data, dlen);
            c->rcv_nxt += dlen;
            c->rbuf_len += dlen;
            c->stats.bytes_in += dlen;
            push_event(c, QL8400_TCP_EV_RX_READY, 0);
            if (ooo_advance(c) || c->n_ooo) {
                c->ack_now = true;      /* a hole filled, or one remains */
            } else if (rcv_space(c) < c->mss_offered) {
                c->ack_now = true;      /* the window is closing: say so */
            } else if (!c->p.delayed_ack || ++c->segs_unacked >= 2) {
                c->ack_now = true;
            } else if (!timer_on(c, T_DELACK)) {
                timer_set(c, T_DELACK,
                          (int64_t)c->p.delayed_ack_ms * NS_PER_MS);
            }
        }
        if (c->fin_pending && c->fin_seq_in == c->rcv_nxt) {
            fin_reached(c);
        } else if (fin) {
            fin_reached(c);
        }
        return;
    }
    /* seq is past rcv_nxt: out of order */
    if (!dlen && !fin) {
        return;
    }
    c->ack_now = true;                  /* a duplicate ACK for the peer */
    if (dlen && !ooo_insert(c, seq, data, dlen)) {
        drop(c, "out of order, no room");
        return;
    }
    if (fin) {
        c->fin_pending = true;
        c->fin_seq_in = seq + dlen;
    }
}

static void segment_arrives(Ql8400TcpConn *c, const Ql8400TcpSeg *seg,
                            const Ql8400TcpOpts *o)
{
    uint8_t flags = seg->flags;
    uint32_t seq = seg->seq;
    const uint8_t *data = seg->data;
    uint32_t dlen = seg->data_len;
    bool fin = flags & QL8400_TCP_FIN;
    uint32_t wnd, todrop, excess;

    if (c->state == QL8400_TCP_CLOSED) {
        if (c->connect_called && !(flags & QL8400_TCP_RST)) {
            reply_rst(c, seg);
        }
        drop(c, "connection closed");
        return;
    }
    if (c->state == QL8400_TCP_SYN_SENT) {
        syn_sent_input(c, seg, o);
        return;
    }

    wnd = rcv_space(c);
    if (flags & QL8400_TCP_RST) {
        /* RFC 5961 3.2: only the exact sequence number resets */
        c->stats.rst_in++;
        if (seq == c->rcv_nxt) {
            if (c->state == QL8400_TCP_TIME_WAIT) {
                timers_off(c);
                set_state(c, QL8400_TCP_CLOSED);
            } else {
                end_conn(c, c->close_called ? QL8400_TCP_EV_CLOSED
                                            : QL8400_TCP_EV_PEER_RESET,
                         QL8400_TCP_ERR_RESET);
            }
        } else if (SEQ_GT(seq, c->rcv_nxt) &&
                   SEQ_LT(seq, c->rcv_nxt + max_u32(wnd, 1))) {
            c->stats.challenge_acks++;
            send_ack(c);
            drop(c, "RST in window, not exact: challenge ACK");
        } else {
            c->stats.out_of_window++;
            drop(c, "RST out of window");
        }
        return;
    }
    if (flags & QL8400_TCP_SYN) {
        /* RFC 5961 4.2 (a retransmitted SYN-ACK gets the same ACK) */
        c->stats.challenge_acks++;
        send_ack(c);
        drop(c, "SYN on a synchronized connection");
        return;
    }
    if (!(flags & QL8400_TCP_ACK)) {
        drop(c, "no ACK");
        return;
    }

    /* trim to the receive window (RFC 793 acceptability, BSD style) */
    if (SEQ_LT(seq, c->rcv_nxt)) {
        todrop = c->rcv_nxt - seq;
        if (todrop > dlen || (todrop == dlen && !fin)) {
            if (dlen || fin) {
                c->ack_now = true;      /* a duplicate: tell where we are */
            }
            fin = false;
            dlen = 0;
        } else {
            data += todrop;
            dlen -= todrop;
        }
        seq = c->rcv_nxt;
    }
    if (SEQ_GT(seq + dlen, c->rcv_nxt + wnd)) {
        excess = seq + dlen - (c->rcv_nxt + wnd);
        if (excess >= dlen && !(wnd == 0 && seq == c->rcv_nxt)) {
            c->stats.out_of_window++;
            send_ack(c);
            drop(c, "beyond the window");
            return;
        }
        dlen -= excess < dlen ? excess : dlen;
        fin = false;
        if (!dlen) {
            c->ack_now = true;          /* a probe of our zero window */
        }
    }

    c->ka_sent = 0;
    c->probes_unanswered = 0;
    if (c->p.keepalive && !c->ended) {
        timer_set(c, T_KEEPALIVE, (int64_t)c->p.ka_idle_ms * NS_PER_MS);
    }
    if (c->ts_on && o->ts_ok && SEQ_LEQ(seq, c->last_ack_sent) &&
        (int32_t)(o->tsval - c->ts_recent) >= 0) {
        c->ts_recent = o->tsval;
    }

    if (!process_ack(c, seg, o, seg->seq, dlen, fin)) {
        return;
    }
    if (c->state == QL8400_TCP_TIME_WAIT) {
        if (fin || c->ack_now) {
            send_ack(c);
            timer_set(c, T_TIME_WAIT, (int64_t)c->p.time_wait_ms * NS_PER_MS);
        }
        return;
    }
    if (c->state == QL8400_TCP_CLOSED) {
        return;
    }
    if (peer_may_send(c) && !c->peer_fin) {
        take_data(c, seq, data, dlen, fin);
    }
    output(c);
    if (c->ack_now && !c->ended) {
        send_ack(c);
    }
}

/* --- the API -------------------------------------------------------------- */

Ql8400TcpConn *ql8400_tcp_new(const Ql8400TcpParams *params,
                              const Ql8400TcpOps *ops, void *opaque)
{
    Ql8400TcpConn *c = calloc(1, sizeof(*c));
    Ql8400TcpParams *p;
    uint32_t hdrs;

    if (!c) {
        return NULL;
    }
    c->p = *params;
    p = &c->p;
    p->pmtu = clamp_u32(p->pmtu ? p->pmtu : 1500,
                        p->ipv6 ? QL8400_TCP_MIN_PMTU_V6
                                : QL8400_TCP_MIN_PMTU_V4,
                        QL8400_TCP_MAX_PMTU);
    p->rcv_buf = clamp_u32(p->rcv_buf, QL8400_TCP_MIN_BUF,
                           QL8400_TCP_MAX_BUF);
    p->snd_buf = clamp_u32(p->snd_buf, QL8400_TCP_MIN_BUF,
                           QL8400_TCP_MAX_BUF);
    if (p->wscale > QL8400_TCP_MAX_WSCALE) {
        p->wscale = QL8400_TCP_MAX_WSCALE;
    }
    p->rto_min_ms = max_u32(p->rto_min_ms, 1);
    p->rto_max_ms = max_u32(p->rto_max_ms, p->rto_min_ms);
    p->rto_initial_ms = clamp_u32(p->rto_initial_ms, p->rto_min_ms,
                                  p->rto_max_ms);
    p->ka_interval_ms = max_u32(p->ka_interval_ms, 1);
    p->ka_idle_ms = max_u32(p->ka_idle_ms, 1);
    p->delayed_ack_ms = clamp_u32(p->delayed_ack_ms, 1, 500);
    c->ops = ops;
    c->opaque = opaque;
    c->state = QL8400_TCP_CLOSED;
    c->frame_size = QL8400_ETH_HLEN + QL8400_VLAN_HLEN + p->pmtu +
                    QL8400_TCP_MAX_OPTS;
    c->sbuf_size = p->snd_buf;
    c->rbuf_size = p->rcv_buf;
    c->frame = malloc(c->frame_size);
    c->sbuf = malloc(c->sbuf_size);
    c->rbuf = malloc(c->rbuf_size);
    if (!c->frame || !c->sbuf || !c->rbuf) {
        ql8400_tcp_free(c);
        return NULL;
    }

    memcpy(c->iph.dst_mac, p->remote_mac, 6);
    memcpy(c->iph.src_mac, p->local_mac, 6);
    c->iph.vlan_tci = p->vlan_tci;
    c->iph.ipv6 = p->ipv6;
    memcpy(c->iph.src_ip, p->local_ip, 16);
    memcpy(c->iph.dst_ip, p->remote_ip, 16);
    c->iph.ttl = p->ttl;
    c->iph.tos = p->tos;
    c->iph.dont_fragment = true;
    c->iph.flow_label = p->flow_label;
    c->iph.proto = QL8400_IPPROTO_TCP;
    c->ip_id = p->ip_id;

    hdrs = (p->ipv6 ? QL8400_IPV6_HLEN : QL8400_IPV4_HLEN) + QL8400_TCP_HLEN;
    c->mss_offered = min_u32(p->pmtu - hdrs, p->mss_clamp ? p->mss_clamp
                                                          : 0xffff);
    c->mss_offered = max_u32(c->mss_offered, MIN_SND_MSS);
    c->mss = min_u32(c->mss_offered,
                     p->ipv6 ? DEFAULT_MSS_V6 : DEFAULT_MSS_V4);
    c->snd_wscale = -1;
    c->rcv_wscale = -1;
    c->ooo_limit = min_u32(p->ooo_ranges, QL8400_TCP_OOO_MAX);
    c->iss = p->iss;
    c->snd_una = c->snd_nxt = c->snd_max = c->iss;
    c->recover = c->iss;
    c->ts_offset = p->iss * 2654435761u;
    c->rto = (int64_t)p->rto_initial_ms * NS_PER_MS;
    timers_off(c);
    c->armed = QL8400_TCP_NO_TIMER;
    return c;
}

void ql8400_tcp_free(Ql8400TcpConn *c)
{
    if (!c) {
        return;
    }
    if (c->armed != QL8400_TCP_NO_TIMER && c->ops && c->ops->timer_arm) {
        c->ops->timer_arm(c->opaque, QL8400_TCP_NO_TIMER);
    }
    free(c->frame);
    free(c->sbuf);
    free(c->rbuf);
    free(c);
}

void ql8400_tcp_connect(Ql8400TcpConn *c)
{
    enter(c);
    if (c->connect_called || c->state != QL8400_TCP_CLOSED) {
        QL8400_LOG_GUEST_ERROR("ql8400: tcp conn %u: connect in state %s\n",
                               c->p.id, ql8400_tcp_state_name(c->state));
        leave(c);
        return;
    }
    c->connect_called = true;
    set_state(c, QL8400_TCP_SYN_SENT);
    send_syn(c);
    c->snd_nxt = c->snd_max = c->iss + 1;
    timer_set(c, T_REXMIT, cur_rto(c));
    timer_set(c, T_CONNECT, (int64_t)c->p.connect_timeout_ms * NS_PER_MS);
    leave(c);
}

size_t ql8400_tcp_send_space(const Ql8400TcpConn *c)
{
    if (c->ended || c->close_called || c->abort_called ||
        (c->state != QL8400_TCP_ESTABLISHED &&
         c->state != QL8400_TCP_CLOSE_WAIT)) {
        return 0;
    }
    return c->sbuf_size - c->sbuf_len;
}

size_t ql8400_tcp_send(Ql8400TcpConn *c, const void *data, size_t len)
{
    size_t n = ql8400_tcp_send_space(c);
    uint32_t pos, first;

    if (!n || !len) {
        return 0;
    }
    enter(c);
    n = n < len ? n : len;
    pos = (c->sbuf_head + c->sbuf_len) % c->sbuf_size;
    first = min_u32(n, c->sbuf_size - pos);
    memcpy(c->sbuf + pos, data, first);
    memcpy(c->sbuf, (const uint8_t *)data + first, n - first);
    c->sbuf_len += n;
    output(c);
    leave(c);
    return n;
}

void ql8400_tcp_close(Ql8400TcpConn *c)
{
    enter(c);
    if (c->ended) {
        push_event(c, QL8400_TCP_EV_CLOSED, c->end_status);
    } else if (!c->close_called && !c->abort_called) {
        c->close_called = true;
        switch (c->state) {
        case QL8400_TCP_SYN_SENT:
            connect_failed(c, QL8400_TCP_ERR_ABORTED);
            push_event(c, QL8400_TCP_EV_CLOSED, QL8400_TCP_ERR_ABORTED);
            break;
        case QL8400_TCP_ESTABLISHED:
        case QL8400_TCP_CLOSE_WAIT:
            c->fin_queued = true;
            c->fin_seq = c->snd_una + c->sbuf_len;
            set_state(c, c->state == QL8400_TCP_ESTABLISHED ?
                         QL8400_TCP_FIN_WAIT_1 : QL8400_TCP_LAST_ACK);
            timer_set(c, T_CLOSE, (int64_t)c->p.close_timeout_ms * NS_PER_MS);
            output(c);
            break;
        default:                        /* never connected */
            end_conn(c, QL8400_TCP_EV_CLOSED, QL8400_TCP_ERR_ABORTED);
            break;
        }
    }
    leave(c);
}

void ql8400_tcp_abort(Ql8400TcpConn *c)
{
    enter(c);
    if (c->ended) {
        push_event(c, QL8400_TCP_EV_ABORTED, QL8400_TCP_OK);
    } else if (!c->abort_called) {
        c->abort_called = true;
        if (c->state == QL8400_TCP_SYN_SENT) {
            connect_failed(c, QL8400_TCP_ERR_ABORTED);
            push_event(c, QL8400_TCP_EV_ABORTED, QL8400_TCP_OK);
        } else {
            if (synchronized(c)) {
                send_rst(c);
            }
            c->sbuf_len = 0;
            end_conn(c, QL8400_TCP_EV_ABORTED, QL8400_TCP_OK);
        }
    }
    leave(c);
}

size_t ql8400_tcp_rx_avail(const Ql8400TcpConn *c)
{
    return c->rbuf_len;
}

size_t ql8400_tcp_rx_peek(const Ql8400TcpConn *c, size_t offset, void *buf,
                          size_t len)
{
    uint32_t pos, first;

    if (offset >= c->rbuf_len) {
        return 0;
    }
    len = len < c->rbuf_len - offset ? len : c->rbuf_len - offset;
    pos = (c->rbuf_head + offset) % c->rbuf_size;
    first = min_u32(len, c->rbuf_size - pos);
    memcpy(buf, c->rbuf + pos, first);
    memcpy((uint8_t *)buf + first, c->rbuf, len - first);
    return len;
}

void ql8400_tcp_rx_consume(Ql8400TcpConn *c, size_t n)
{
    uint32_t old_wnd, new_wnd, edge, inc;

    enter(c);
    n = n < c->rbuf_len ? n : c->rbuf_len;
    c->rbuf_head = (c->rbuf_head + n) % c->rbuf_size;
    c->rbuf_len -= n;
    if (n && peer_may_send(c) && !c->ended && !c->peer_fin) {
        /* receiver SWS avoidance: announce only a worthwhile opening */
        old_wnd = SEQ_GT(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt
                                                 : 0;
        edge = c->rcv_nxt + ((uint32_t)window_field(c, false) <<
                             (c->rcv_wscale > 0 ? c->rcv_wscale : 0));
        new_wnd = edge - c->rcv_nxt;
        inc = SEQ_GT(edge, c->rcv_adv) ? edge - c->rcv_adv : 0;
        if (inc && (inc >= 2u * c->mss_offered || 2 * inc >= c->rbuf_size ||
                    (old_wnd < c->mss_offered &&
                     new_wnd >= c->mss_offered))) {
            send_ack(c);
        }
    }
    leave(c);
}

static bool tuple_match(const Ql8400TcpConn *c, const Ql8400IpPacket *pkt,
                        Ql8400IpError err)
{
    unsigned alen = c->p.ipv6 ? 16 : 4;

    if (pkt->ipv6 != c->p.ipv6 || memcmp(pkt->src_ip, c->p.remote_ip, alen) ||
        memcmp(pkt->dst_ip, c->p.local_ip, alen)) {
        return false;
    }
    if (err == QL8400_IP_FRAGMENT && !pkt->sport && !pkt->dport) {
        return true;        /* a later fragment: the addresses must do */
    }
    return pkt->sport == c->p.remote_port && pkt->dport == c->p.local_port;
}

bool ql8400_tcp_match(const Ql8400TcpConn *c, const uint8_t *frame,
                      size_t len)
{
    Ql8400IpPacket pkt;
    Ql8400IpError err = ql8400_ip_parse_tcp(frame, len, false, &pkt);

    if (err != QL8400_IP_OK && err != QL8400_IP_FRAGMENT &&
        err != QL8400_IP_BAD_TCP_OFFSET) {
        return false;
    }
    return tuple_match(c, &pkt, err);
}

void ql8400_tcp_input(Ql8400TcpConn *c, const uint8_t *frame, size_t len)
{
    Ql8400IpPacket pkt;
    Ql8400TcpSeg seg;
    Ql8400TcpOpts opts;
    Ql8400IpError err;

    enter(c);
    c->stats.frames_in++;
    err = ql8400_ip_parse_tcp(frame, len, true, &pkt);
    switch (err) {
    case QL8400_IP_OK:
        break;
    case QL8400_IP_BAD_IP_CSUM:
    case QL8400_IP_BAD_TCP_CSUM:
        c->stats.bad_csum++;
        drop(c, ql8400_ip_error_name(err));
        leave(c);
        return;
    case QL8400_IP_FRAGMENT:
        c->stats.ip_fragments++;
        anomaly(c, QL8400_TCP_ANOMALY_IP_FRAGMENT);
        drop(c, ql8400_ip_error_name(err));
        leave(c);
        return;
    case QL8400_IP_NOT_IP:
    case QL8400_IP_NOT_TCP:
        c->stats.not_mine++;
        drop(c, ql8400_ip_error_name(err));
        leave(c);
        return;
    default:
        c->stats.bad_header++;
        drop(c, ql8400_ip_error_name(err));
        leave(c);
        return;
    }
    if (!tuple_match(c, &pkt, err)) {
        c->stats.not_mine++;
        drop(c, "another connection");
        leave(c);
        return;
    }
    if (pkt.ip_options) {
        c->stats.ip_options++;
        anomaly(c, QL8400_TCP_ANOMALY_IP_OPTIONS);
    }
    ql8400_tcp_seg_parse(&pkt, &seg, &opts);
    trace_ql8400_fw_tcp_rx(c->p.id, seg.flags, seg.seq, seg.ack,
                           seg.data_len, seg.window);
    if (seg.flags & QL8400_TCP_URG) {
        c->stats.urgent++;
        anomaly(c, QL8400_TCP_ANOMALY_URGENT);
    }
    segment_arrives(c, &seg, &opts);
    leave(c);
}

/* --- timers --------------------------------------------------------------- */

static void rexmit_timeout(Ql8400TcpConn *c, int64_t now)
{
    uint32_t flight = c->snd_max - c->snd_una;

    c->stats.timeouts++;
    if (c->state == QL8400_TCP_SYN_SENT) {
        c->rexmits++;
        c->backoff = c->backoff < MAX_BACKOFF ? c->backoff + 1 : MAX_BACKOFF;
        trace_ql8400_fw_tcp_timeout(c->p.id, c->iss, c->rexmits,
                                    cur_rto(c) / NS_PER_MS);
        c->stats.retransmits++;
        send_syn(c);
        timer_set(c, T_REXMIT, cur_rto(c));
        return;
    }
    if (!can_output(c) || c->snd_una == c->snd_max) {
        return;
    }
    if (c->rexmits++ == 0) {
        c->rexmit_start = now;
    }
    if (c->rexmits > c->p.max_retransmits ||
        (c->p.max_rt_time_ms &&
         now - c->rexmit_start >= (int64_t)c->p.max_rt_time_ms * NS_PER_MS)) {
        give_up(c, QL8400_TCP_ERR_RETRANSMIT);
        return;
    }
    c->backoff = c->backoff < MAX_BACKOFF ? c->backoff + 1 : MAX_BACKOFF;
    trace_ql8400_fw_tcp_timeout(c->p.id, c->snd_una, c->rexmits,
                                cur_rto(c) / NS_PER_MS);
    /* RFC 5681 3.1: one segment, then slow start again (go-back-N) */
    c->ssthresh = max_u32(flight / 2, 2 * c->mss);
    c->cwnd = c->mss;
    c->in_recovery = false;
    c->dupacks = 0;
    c->recover = c->snd_max;
    c->rtt_timing = false;
    c->snd_nxt = c->snd_una;
    timer_off(c, T_REXMIT);
    retransmit_una(c);
    if (!timer_on(c, T_REXMIT)) {
        timer_set(c, T_REXMIT, cur_rto(c));
    }
}

static void persist_timeout(Ql8400TcpConn *c)
{
    uint32_t end = c->snd_una + c->sbuf_len;
    uint32_t unsent, avail;

    if (!can_output(c) || !SEQ_LT(c->snd_nxt, end) || timer_on(c, T_REXMIT)) {
        return;
    }
    unsent = end - c->snd_nxt;
    avail = min_u32(c->snd_wnd, c->cwnd);
    if (c->snd_wnd == 0) {
        if (++c->probes_unanswered > c->p.max_retransmits) {
            give_up(c, QL8400_TCP_ERR_RETRANSMIT);
            return;
        }
        c->persisting = true;
        c->stats.window_probes++;
        trace_ql8400_fw_tcp_probe(c->p.id, "window", c->probes_unanswered);
        send_data(c, c->snd_una, 1, false);
        if (c->persist_backoff < MAX_BACKOFF) {
            c->persist_backoff++;
        }
        timer_set(c, T_PERSIST, rto_backed_off(c, c->persist_backoff));
        return;
    }
    /* a small window that SWS avoidance waited on: use it now */
    send_data(c, c->snd_nxt, min_u32(min_u32(unsent, c->mss), avail), true);
    output(c);
}

static void keepalive_timeout(Ql8400TcpConn *c)
{
    if (c->state != QL8400_TCP_ESTABLISHED &&
        c->state != QL8400_TCP_CLOSE_WAIT) {
        return;
    }
    if (c->snd_una != c->snd_max) {
        /* data in flight: retransmissions watch the peer */
        timer_set(c, T_KEEPALIVE, (int64_t)c->p.ka_idle_ms * NS_PER_MS);
        return;
    }
    if (c->ka_sent >= c->p.ka_probes) {
        give_up(c, QL8400_TCP_ERR_KEEPALIVE);
        return;
    }
    c->ka_sent++;
    c->stats.keepalive_probes++;
    trace_ql8400_fw_tcp_probe(c->p.id, "keepalive", c->ka_sent);
    xmit(c, c->snd_una - 1, c->rcv_nxt, QL8400_TCP_ACK, 0);
    timer_set(c, T_KEEPALIVE, (int64_t)c->p.ka_interval_ms * NS_PER_MS);
}

void ql8400_tcp_timer_expired(Ql8400TcpConn *c)
{
    int64_t now;
    unsigned t;

    enter(c);
    c->armed = INT64_MIN;       /* fired: whatever is due next is re-armed */
    now = now_ns(c);
    for (t = 0; t < T_COUNT; t++) {
        if (c->timer[t] > now) {
            continue;
        }
        c->timer[t] = QL8400_TCP_NO_TIMER;
        switch ((TcpTimer)t) {
        case T_CONNECT:
            if (c->state == QL8400_TCP_SYN_SENT) {
                connect_failed(c, QL8400_TCP_ERR_TIMEOUT);
            }
            break;
        case T_REXMIT:
            rexmit_timeout(c, now);
            break;
        case T_PERSIST:
            persist_timeout(c);
            break;
        case T_DELACK:
            if (synchronized(c) && !c->ended) {
                send_ack(c);
            }
            break;
        case T_KEEPALIVE:
            keepalive_timeout(c);
            break;
        case T_CLOSE:
            if (!c->ended) {
                if (synchronized(c)) {
                    send_rst(c);
                }
                end_conn(c, QL8400_TCP_EV_CLOSED, QL8400_TCP_ERR_TIMEOUT);
            }
            break;
        case T_TIME_WAIT:
            if (c->state == QL8400_TCP_TIME_WAIT) {
                set_state(c, QL8400_TCP_CLOSED);
            }
            break;
        default:
            break;
        }
    }
    leave(c);
}

/* --- inspection ----------------------------------------------------------- */

Ql8400TcpState ql8400_tcp_state(const Ql8400TcpConn *c)
{
    return c->state;
}

const Ql8400TcpStats *ql8400_tcp_stats(const Ql8400TcpConn *c)
{
    return &c->stats;
}

void ql8400_tcp_info(const Ql8400TcpConn *c, Ql8400TcpInfo *info)
{
    memset(info, 0, sizeof(*info));
    info->state = c->state;
    info->snd_una = c->snd_una;
    info->snd_nxt = c->snd_nxt;
    info->snd_wnd = c->snd_wnd;
    info->cwnd = c->cwnd;
    info->ssthresh = c->ssthresh;
    info->rcv_nxt = c->rcv_nxt;
    info->rcv_wnd = c->rbuf_size - c->rbuf_len;
    info->mss = c->mss;
    info->mss_offered = c->mss_offered;
    info->peer_mss = c->peer_mss;
    info->snd_wscale = c->snd_wscale;
    info->rcv_wscale = c->rcv_wscale;
    info->timestamps = c->ts_on;
    info->srtt_us = c->srtt / NS_PER_US;
    info->rttvar_us = c->rttvar / NS_PER_US;
    info->rto_us = c->rto / NS_PER_US;
    info->send_queued = c->sbuf_len;
    info->rx_avail = c->rbuf_len;
    info->ooo_ranges = c->n_ooo;
}
