/*
 * Unit tests: the TCP offload engine without a network. The test plays the
 * peer (an iSCSI target that listens): it reads the frames the engine
 * sends, answers with frames it builds, and moves a fake clock.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include "tcp.h"
#include "tcp-seg.h"
#include "tests.h"

#define MAX_FRAMES  256
#define FRAME_MAX   4096
#define MAX_EVENTS  64
#define MS          1000000ll
#define PEER_ISS    0x10000000u
#define OUR_ISS     0x20000000u

static const uint8_t our_mac[6] = { 0x00, 0x0e, 0x1e, 0x84, 0x00, 0x02 };
static const uint8_t peer_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };

static struct {
    int64_t now;
    int64_t timer;
    unsigned timer_arms;
    uint8_t frame[MAX_FRAMES][FRAME_MAX];
    size_t frame_len[MAX_FRAMES];
    unsigned n_frames;          /* sent since the last clear_out() */
    Ql8400TcpEvent ev[MAX_EVENTS];
    uint32_t ev_status[MAX_EVENTS];
    unsigned n_ev;
    unsigned consume_on_ready;  /* the event callback consumes this much */
} t;

static Ql8400TcpParams params;
static Ql8400TcpConn *c;
static uint32_t peer_nxt;      /* the peer's next sequence number */

static void frame_out(void *opaque, const uint8_t *frame, size_t len)
{
    ck_assert_uint_lt(t.n_frames, MAX_FRAMES);
    ck_assert_uint_le(len, FRAME_MAX);
    memcpy(t.frame[t.n_frames], frame, len);
    t.frame_len[t.n_frames++] = len;
}

static void event(void *opaque, Ql8400TcpEvent ev, uint32_t status)
{
    ck_assert_uint_lt(t.n_ev, MAX_EVENTS);
    t.ev[t.n_ev] = ev;
    t.ev_status[t.n_ev++] = status;
    if (ev == QL8400_TCP_EV_RX_READY && t.consume_on_ready) {
        ql8400_tcp_rx_consume(c, t.consume_on_ready);
    }
}

static int64_t now_ns(void *opaque)
{
    return t.now;
}

static void timer_arm(void *opaque, int64_t expire_ns)
{
    t.timer = expire_ns;
    t.timer_arms++;
}

static const Ql8400TcpOps ops = {
    .frame_out = frame_out,
    .event = event,
    .now_ns = now_ns,
    .timer_arm = timer_arm,
};

static void default_params(void)
{
    ql8400_tcp_params_init(&params);
    params.id = 7;
    memcpy(params.local_ip, (uint8_t[]){ 10, 0, 2, 15 }, 4);
    memcpy(params.remote_ip, (uint8_t[]){ 10, 0, 2, 2 }, 4);
    params.local_port = 60000;
    params.remote_port = 3260;
    memcpy(params.local_mac, our_mac, 6);
    memcpy(params.remote_mac, peer_mac, 6);
    params.iss = OUR_ISS;
}

static void setup(void)
{
    memset(&t, 0, sizeof(t));
    t.now = 1000 * MS;
    t.timer = QL8400_TCP_NO_TIMER;
    default_params();
    c = NULL;
}

static void teardown(void)
{
    ql8400_tcp_free(c);
    c = NULL;
}

static void open_conn(void)
{
    c = ql8400_tcp_new(&params, &ops, NULL);
    ck_assert_ptr_nonnull(c);
}

static void clear_out(void)
{
    t.n_frames = 0;
}

/* Moves the fake clock, running the engine's timer whenever it is due. */
static void advance(int64_t ns)
{
    int64_t end = t.now + ns;

    while (t.timer <= end) {
        if (t.timer > t.now) {
            t.now = t.timer;
        }
        ql8400_tcp_timer_expired(c);
    }
    t.now = end;
}

/* Frame i the engine sent, parsed; its checksums must be right. */
static void out_seg(unsigned i, Ql8400IpPacket *pkt, Ql8400TcpSeg *seg,
                    Ql8400TcpOpts *o)
{
    ck_assert_uint_lt(i, t.n_frames);
    ck_assert_int_eq(ql8400_ip_parse_tcp(t.frame[i], t.frame_len[i], true,
                                         pkt), QL8400_IP_OK);
    ql8400_tcp_seg_parse(pkt, seg, o);
}

static Ql8400TcpSeg last_seg(void)
{
    Ql8400IpPacket pkt;
    Ql8400TcpSeg seg;
    Ql8400TcpOpts o;

    ck_assert_uint_gt(t.n_frames, 0);
    out_seg(t.n_frames - 1, &pkt, &seg, &o);
    return seg;
}

static size_t peer_frame(uint8_t *buf, uint8_t flags, uint32_t seq,
                         uint32_t ack, uint16_t win, const void *data,
                         size_t len, const Ql8400TcpOpts *o)
{
    Ql8400IpHdr ip = { 0 };
    Ql8400TcpSeg seg = { 0 };
    uint8_t opts[QL8400_TCP_MAX_OPTS];

    memcpy(ip.dst_mac, our_mac, 6);
    memcpy(ip.src_mac, peer_mac, 6);
    ip.ipv6 = params.ipv6;
    memcpy(ip.src_ip, params.remote_ip, 16);
    memcpy(ip.dst_ip, params.local_ip, 16);
    ip.ttl = 64;
    ip.proto = QL8400_IPPROTO_TCP;
    ip.vlan_tci = params.vlan_tci;
    seg.sport = params.remote_port;
    seg.dport = params.local_port;
    seg.seq = seq;
    seg.ack = ack;
    seg.flags = flags;
    seg.window = win;
    seg.data = data;
    seg.data_len = len;
    if (o) {
        seg.opts = opts;
        seg.opts_len = ql8400_tcp_opts_build(opts, o);
    }
    return ql8400_tcp_frame_build(buf, FRAME_MAX, &ip, &seg);
}

static void peer_send(uint8_t flags, uint32_t seq, uint32_t ack, uint16_t win,
                      const void *data, size_t len)
{
    uint8_t buf[FRAME_MAX];
    size_t n = peer_frame(buf, flags, seq, ack, win, data, len, NULL);

    ck_assert_uint_gt(n, 0);
    ql8400_tcp_input(c, buf, n);
}

static unsigned count_events(Ql8400TcpEvent ev)
{
    unsigned i, n = 0;

    for (i = 0; i < t.n_ev; i++) {
        n += t.ev[i] == ev;
    }
    return n;
}

static uint32_t event_status(Ql8400TcpEvent ev)
{
    unsigned i;

    for (i = 0; i < t.n_ev; i++) {
        if (t.ev[i] == ev) {
            return t.ev_status[i];
        }
    }
    ck_abort_msg("event %s not delivered", ql8400_tcp_event_name(ev));
    return 0;
}

/* connect, SYN-ACK with opts (window win), our ACK */
static void handshake_opts(uint16_t win, const Ql8400TcpOpts *o)
{
    uint8_t buf[FRAME_MAX];
    size_t n;

    open_conn();
    ql8400_tcp_connect(c);
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert_uint_eq(last_seg().flags, QL8400_TCP_SYN);
    clear_out();
    n = peer_frame(buf, QL8400_TCP_SYN | QL8400_TCP_ACK, PEER_ISS,
                   OUR_ISS + 1, win, NULL, 0, o);
    ql8400_tcp_input(c, buf, n);
    peer_nxt = PEER_ISS + 1;
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_ESTABLISHED);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_CONNECTED), 1);
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert_uint_eq(last_seg().flags, QL8400_TCP_ACK);
    ck_assert_uint_eq(last_seg().ack, PEER_ISS + 1);
    clear_out();
    t.n_ev = 0;
}

/* A handshake with MSS 1460, no scaling, no timestamps. */
static void handshake(uint16_t win)
{
    Ql8400TcpOpts o = { .mss_ok = true, .mss = 1460 };

    handshake_opts(win, &o);
}

/* The payload of sent frames [from, t.n_frames) in order, into buf. */
static size_t gather(unsigned from, uint8_t *buf, size_t size)
{
    Ql8400IpPacket pkt;
    Ql8400TcpSeg seg;
    Ql8400TcpOpts o;
    size_t n = 0;
    unsigned i;

    for (i = from; i < t.n_frames; i++) {
        out_seg(i, &pkt, &seg, &o);
        ck_assert_uint_le(n + seg.data_len, size);
        memcpy(buf + n, seg.data, seg.data_len);
        n += seg.data_len;
    }
    return n;
}

static void fill_pattern(uint8_t *buf, size_t len, unsigned seed)
{
    size_t i;

    for (i = 0; i < len; i++) {
        buf[i] = (uint8_t)(i * 7 + seed + (i >> 8));
    }
}

/* --- checksums and wire format -------------------------------------------- */

START_TEST(checksum_vectors)
{
    static const uint8_t ip[20] = {
        0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
        0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
    };
    static const uint8_t rfc1071[9] = {
        0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    };
    static const uint8_t src4[4] = { 10, 0, 2, 15 }, dst4[4] = { 10, 0, 2, 2 };
    uint8_t src6[16] = { 0xfe, 0x80 }, dst6[16] = { 0xfe, 0x80 };
    uint8_t tcp[25] = { 0 };

    ck_assert_uint_eq(ql8400_csum_fold(ql8400_csum_add(0, ip, 20)), 0xb861);
    ck_assert_uint_eq(ql8400_csum_fold(ql8400_csum_add(0, rfc1071, 8)),
                      0x220d);
    ck_assert_uint_eq(ql8400_csum_fold(ql8400_csum_add(0, rfc1071, 9)),
                      0x2a0c);
    /* a SYN with "hello": 60000 -> 3260, seq 0x01020304, window 65535 */
    ql8400_stbe16(tcp, 60000);
    ql8400_stbe16(tcp + 2, 3260);
    ql8400_stbe32(tcp + 4, 0x01020304);
    tcp[12] = 5 << 4;
    tcp[13] = QL8400_TCP_SYN;
    ql8400_stbe16(tcp + 14, 65535);
    memcpy(tcp + 20, "hello", 5);
    ck_assert_uint_eq(ql8400_l4_csum(false, src4, dst4, 6, tcp, 25), 0x58d8);
    src6[15] = 1;
    dst6[15] = 2;
    ck_assert_uint_eq(ql8400_l4_csum(true, src6, dst6, 6, tcp, 25), 0x73e4);
}
END_TEST

START_TEST(options_build_and_parse)
{
    Ql8400TcpOpts o = {
        .mss_ok = true, .mss = 8960, .ws_ok = true, .ws = 7,
        .ts_ok = true, .tsval = 0x11223344, .tsecr = 0x55667788,
        .sack_perm = true,
    }, back;
    uint8_t buf[QL8400_TCP_MAX_OPTS];
    size_t n = ql8400_tcp_opts_build(buf, &o);
    static const uint8_t bad[] = { 1, 2, 4, 5, 0xb4, 3, 0 };

    ck_assert_uint_eq(n, 20);
    ql8400_tcp_opts_parse(buf, n, &back);
    ck_assert(back.mss_ok && back.mss == 8960);
    ck_assert(back.ws_ok && back.ws == 7);
    ck_assert(back.ts_ok && back.tsval == 0x11223344 &&
              back.tsecr == 0x55667788);
    ck_assert(back.sack_perm && !back.malformed);
    /* NOP, MSS, then a window scale whose length runs past the end */
    ql8400_tcp_opts_parse(bad, sizeof(bad), &back);
    ck_assert(back.mss_ok && back.mss == 0x5b4);
    ck_assert(!back.ws_ok && back.malformed);
}
END_TEST

/* --- handshake ------------------------------------------------------------ */

START_TEST(syn_carries_the_requested_options)
{
    Ql8400IpPacket pkt;
    Ql8400TcpSeg seg;
    Ql8400TcpOpts o;
    const uint8_t *ip;

    params.tos = 0x10;
    params.ttl = 0xfe;
    params.ip_id = 0x1234;
    open_conn();
    ql8400_tcp_connect(c);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_SYN_SENT);
    ck_assert_uint_eq(t.n_frames, 1);
    out_seg(0, &pkt, &seg, &o);
    ck_assert_mem_eq(pkt.dst_mac, peer_mac, 6);
    ck_assert_mem_eq(pkt.src_mac, our_mac, 6);
    ck_assert_uint_eq(seg.flags, QL8400_TCP_SYN);
    ck_assert_uint_eq(seg.seq, OUR_ISS);
    ck_assert_uint_eq(seg.sport, 60000);
    ck_assert_uint_eq(seg.dport, 3260);
    ck_assert(o.mss_ok && o.mss == 1460);
    ck_assert(o.ws_ok && o.ws == 2);
    ck_assert(!o.ts_ok && !o.sack_perm);
    ck_assert_uint_eq(seg.window, 65535);      /* never scaled in a SYN */
    ip = t.frame[0] + QL8400_ETH_HLEN;
    ck_assert_uint_eq(ip[1], 0x10);             /* TOS */
    ck_assert_uint_eq(ip[8], 0xfe);             /* TTL */
    ck_assert_uint_eq(ql8400_ldbe16(ip + 4), 0x1234);
    ck_assert_uint_eq(ql8400_ldbe16(ip + 6), 0x4000);   /* DF */
    /* the next frame has the next IP ID */
    clear_out();
    advance(1000 * MS);
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert_uint_eq(ql8400_ldbe16(t.frame[0] + QL8400_ETH_HLEN + 4),
                      0x1235);
}
END_TEST

START_TEST(handshake_negotiates_scaling_and_timestamps)
{
    Ql8400TcpOpts o = {
        .mss_ok = true, .mss = 1000, .ws_ok = true, .ws = 7,
        .ts_ok = true, .tsval = 4242, .tsecr = 0,
    };
    Ql8400TcpInfo info;
    Ql8400IpPacket pkt;
    Ql8400TcpSeg seg;
    Ql8400TcpOpts so;
    uint8_t data[3000];
    unsigned n0;

    params.timestamps = true;
    open_conn();
    ql8400_tcp_connect(c);
    out_seg(0, &pkt, &seg, &so);
    ck_assert(so.ts_ok && so.tsecr == 0);
    ql8400_tcp_free(c);
    c = NULL;
    clear_out();

    handshake_opts(100, &o);
    ql8400_tcp_info(c, &info);
    ck_assert_uint_eq(info.peer_mss, 1000);
    ck_assert_uint_eq(info.mss, 1000 - 12);
    ck_assert_int_eq(info.snd_wscale, 7);
    ck_assert_int_eq(info.rcv_wscale, 2);
    ck_assert(info.timestamps);
    ck_assert_uint_eq(info.snd_wnd, 100);       /* the SYN's is unscaled */

    /* a scaled window update: 100 << 7 = 12800 bytes */
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 100, NULL, 0);
    ql8400_tcp_info(c, &info);
    ck_assert_uint_eq(info.snd_wnd, 12800);

    fill_pattern(data, sizeof(data), 1);
    n0 = t.n_frames;
    ck_assert_uint_eq(ql8400_tcp_send(c, data, sizeof(data)), sizeof(data));
    ck_assert_uint_eq(t.n_frames - n0, 4);      /* 3 * 988 + 36 */
    out_seg(n0, &pkt, &seg, &so);
    ck_assert_uint_eq(seg.data_len, 988);
    ck_assert(so.ts_ok);
    ck_assert_uint_eq(so.tsecr, 4242);          /* echoes TS.Recent */
    /* our window is scaled by 2: 256 KiB >> 2 = 65536 -> 65535 at most */
    ck_assert_uint_eq(seg.window, 65535);
}
END_TEST

START_TEST(syn_ack_without_options)
{
    Ql8400TcpInfo info;

    handshake_opts(8192, NULL);
    ql8400_tcp_info(c, &info);
    ck_assert_uint_eq(info.peer_mss, 536);
    ck_assert_uint_eq(info.mss, 536);
    ck_assert_int_eq(info.snd_wscale, -1);
    ck_assert_int_eq(info.rcv_wscale, -1);
    ck_assert(!info.timestamps);
    /* no scaling: our window is the free buffer, capped at 64 KiB - 1 */
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 8192, "x", 1);
    advance(100 * MS);
    ck_assert_uint_eq(last_seg().window, 65535);
}
END_TEST

START_TEST(lost_syn_is_retransmitted_after_rto)
{
    int64_t start = t.now;

    open_conn();
    ql8400_tcp_connect(c);
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert_int_eq(t.timer, start + 1000 * MS);   /* initial RTO 1 s */
    advance(999 * MS);
    ck_assert_uint_eq(t.n_frames, 1);
    advance(1 * MS);
    ck_assert_uint_eq(t.n_frames, 2);
    ck_assert_uint_eq(last_seg().flags, QL8400_TCP_SYN);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS);
    /* backed off: the next one 2 s later */
    advance(1999 * MS);
    ck_assert_uint_eq(t.n_frames, 2);
    advance(1 * MS);
    ck_assert_uint_eq(t.n_frames, 3);
    ck_assert_uint_eq(ql8400_tcp_stats(c)->retransmits, 2);
    /* the SYN-ACK to the retransmission completes the handshake */
    peer_send(QL8400_TCP_SYN | QL8400_TCP_ACK, PEER_ISS, OUR_ISS + 1, 65535,
              NULL, 0);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_ESTABLISHED);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_CONNECTED), 1);
}
END_TEST

START_TEST(connect_times_out)
{
    open_conn();
    ql8400_tcp_connect(c);
    advance(7999 * MS);
    ck_assert_uint_eq(t.n_ev, 0);
    ck_assert_uint_eq(t.n_frames, 4);            /* 0, 1, 3, 7 s */
    advance(1 * MS);
    ck_assert_uint_eq(t.n_ev, 1);
    ck_assert_int_eq(t.ev[0], QL8400_TCP_EV_CONNECT_FAILED);
    ck_assert_uint_eq(t.ev_status[0], QL8400_TCP_ERR_TIMEOUT);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_CLOSED);
    ck_assert_int_eq(t.timer, QL8400_TCP_NO_TIMER);
    advance(60000 * MS);
    ck_assert_uint_eq(t.n_frames, 4);
    /* a late SYN-ACK is refused */
    peer_send(QL8400_TCP_SYN | QL8400_TCP_ACK, PEER_ISS, OUR_ISS + 1, 65535,
              NULL, 0);
    ck_assert_uint_eq(last_seg().flags, QL8400_TCP_RST);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS + 1);
    /* close() after the end is answered at once */
    ql8400_tcp_close(c);
    ck_assert_int_eq(t.ev[t.n_ev - 1], QL8400_TCP_EV_CLOSED);
}
END_TEST

START_TEST(rst_answers_the_syn)
{
    open_conn();
    ql8400_tcp_connect(c);
    clear_out();
    /* a RST without ACK, and one with a wrong ACK, change nothing */
    peer_send(QL8400_TCP_RST, 0, 0, 0, NULL, 0);
    peer_send(QL8400_TCP_RST | QL8400_TCP_ACK, 0, OUR_ISS + 5, 0, NULL, 0);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_SYN_SENT);
    ck_assert_uint_eq(t.n_ev, 0);
    /* an unacceptable SYN-ACK gets a RST */
    peer_send(QL8400_TCP_SYN | QL8400_TCP_ACK, PEER_ISS, OUR_ISS + 9, 100,
              NULL, 0);
    ck_assert_uint_eq(last_seg().flags, QL8400_TCP_RST);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS + 9);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_SYN_SENT);
    peer_send(QL8400_TCP_RST | QL8400_TCP_ACK, 0, OUR_ISS + 1, 0, NULL, 0);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_CLOSED);
    ck_assert_uint_eq(t.n_ev, 1);
    ck_assert_int_eq(t.ev[0], QL8400_TCP_EV_CONNECT_FAILED);
    ck_assert_uint_eq(t.ev_status[0], QL8400_TCP_ERR_REFUSED);
}
END_TEST

START_TEST(abort_while_connecting_completes_the_connect)
{
    open_conn();
    ql8400_tcp_connect(c);
    clear_out();
    ql8400_tcp_abort(c);
    ck_assert_uint_eq(t.n_ev, 2);
    ck_assert_int_eq(t.ev[0], QL8400_TCP_EV_CONNECT_FAILED);
    ck_assert_uint_eq(t.ev_status[0], QL8400_TCP_ERR_ABORTED);
    ck_assert_int_eq(t.ev[1], QL8400_TCP_EV_ABORTED);
    ck_assert_uint_eq(t.n_frames, 0);           /* no RST from SYN_SENT */
    ck_assert_int_eq(t.timer, QL8400_TCP_NO_TIMER);
}
END_TEST

/* --- data ----------------------------------------------------------------- */

START_TEST(data_both_ways_in_order)
{
    uint8_t data[6000], got[6000];
    unsigned n0;
    size_t n;

    handshake(65535);
    fill_pattern(data, sizeof(data), 3);
    ck_assert_uint_eq(ql8400_tcp_send(c, data, sizeof(data)), sizeof(data));
    /* initial window 3 * 1460 */
    ck_assert_uint_eq(t.n_frames, 3);
    ck_assert_uint_eq(last_seg().flags, QL8400_TCP_ACK);
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1 + 2920, 65535, NULL, 0);
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1 + 4380, 65535, NULL, 0);
    ck_assert_uint_eq(t.n_frames, 5);
    ck_assert(last_seg().flags & QL8400_TCP_PSH);   /* the end of the data */
    ck_assert_uint_eq(gather(0, got, sizeof(got)), sizeof(data));
    ck_assert_mem_eq(got, data, sizeof(data));
    ck_assert_uint_ge(count_events(QL8400_TCP_EV_TX_SPACE), 1);
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1 + 6000, 65535, NULL, 0);
    ck_assert_int_eq(t.timer == QL8400_TCP_NO_TIMER ||
                     t.timer > t.now + 1000 * MS, 1);  /* only keepalive */

    /* receiving: two segments, one ACK (delayed ACK every 2nd) */
    n0 = t.n_frames;
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 6001, 65535, data, 1000);
    ck_assert_uint_eq(t.n_frames, n0);
    peer_send(QL8400_TCP_ACK | QL8400_TCP_PSH, peer_nxt + 1000,
              OUR_ISS + 6001, 65535, data + 1000, 500);
    ck_assert_uint_eq(t.n_frames, n0 + 1);
    ck_assert_uint_eq(last_seg().ack, peer_nxt + 1500);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_RX_READY), 2);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 1500);
    n = ql8400_tcp_rx_peek(c, 100, got, sizeof(got));
    ck_assert_uint_eq(n, 1400);
    ck_assert_mem_eq(got, data + 100, 1400);
    ql8400_tcp_rx_consume(c, 1500);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 0);
    ck_assert_uint_eq(ql8400_tcp_stats(c)->bytes_in, 1500);
    ck_assert_uint_eq(ql8400_tcp_stats(c)->bytes_out, 6000);
}
END_TEST

START_TEST(delayed_ack_fires)
{
    handshake(65535);
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535, "abc", 3);
    ck_assert_uint_eq(t.n_frames, 0);
    advance(39 * MS);
    ck_assert_uint_eq(t.n_frames, 0);
    advance(1 * MS);
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert_uint_eq(last_seg().ack, peer_nxt + 3);
}
END_TEST

START_TEST(sequence_numbers_wrap)
{
    uint8_t data[2000], got[2000];

    params.iss = 0xfffffc00u;
    open_conn();
    ql8400_tcp_connect(c);
    peer_send(QL8400_TCP_SYN | QL8400_TCP_ACK, 0xfffffe00u, 0xfffffc01u,
              65535, NULL, 0);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_ESTABLISHED);
    clear_out();
    fill_pattern(data, sizeof(data), 9);
    ql8400_tcp_send(c, data, sizeof(data));
    ck_assert_uint_eq(gather(0, got, sizeof(got)), sizeof(data));
    ck_assert_mem_eq(got, data, sizeof(data));
    peer_send(QL8400_TCP_ACK, 0xfffffe01u, 0xfffffc01u + 2000, 65535,
              data, 1000);
    peer_send(QL8400_TCP_ACK, 0xfffffe01u + 1000, 0xfffffc01u + 2000, 65535,
              data + 1000, 1000);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 2000);
    ck_assert_uint_eq(last_seg().ack, 0xfffffe01u + 2000);
    ck_assert_uint_eq(ql8400_tcp_send_space(c), params.snd_buf);
}
END_TEST

START_TEST(peer_window_is_honoured)
{
    uint8_t data[4000];
    Ql8400TcpInfo info;

    handshake(2000);
    fill_pattern(data, sizeof(data), 5);
    ql8400_tcp_send(c, data, sizeof(data));
    /* 1460 fits; a 540-byte runt waits (SWS avoidance, window 2000) */
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS + 1);
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1 + 1460, 2000, NULL, 0);
    ck_assert_uint_eq(t.n_frames, 2);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS + 1 + 1460);
    ck_assert_uint_eq(last_seg().data_len, 1460);
    ql8400_tcp_info(c, &info);
    ck_assert_uint_le(info.snd_nxt - info.snd_una, 2000);
}
END_TEST

START_TEST(zero_window_is_probed)
{
    uint8_t data[100];
    unsigned n0;

    handshake(0);
    fill_pattern(data, sizeof(data), 6);
    ck_assert_uint_eq(ql8400_tcp_send(c, data, sizeof(data)), 100);
    ck_assert_uint_eq(t.n_frames, 0);
    ck_assert_int_ne(t.timer, QL8400_TCP_NO_TIMER);
    /* RTT 0 in fake time: RTO = rto_min 200 ms */
    advance(199 * MS);
    ck_assert_uint_eq(t.n_frames, 0);
    advance(1 * MS);
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS + 1);
    ck_assert_uint_eq(last_seg().data_len, 1);
    ck_assert_uint_eq(ql8400_tcp_stats(c)->window_probes, 1);
    /* still closed: probe again, backed off */
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 0, NULL, 0);
    advance(399 * MS);
    ck_assert_uint_eq(t.n_frames, 1);
    advance(1 * MS);
    ck_assert_uint_eq(t.n_frames, 2);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS + 1);
    /* opens: everything goes */
    n0 = t.n_frames;
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 1000, NULL, 0);
    ck_assert_uint_eq(t.n_frames, n0 + 1);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS + 1);
    ck_assert_uint_eq(last_seg().data_len, 100);
    ck_assert_uint_eq(ql8400_tcp_stats(c)->dup_acks, 0);
}
END_TEST

START_TEST(our_window_closes_and_reopens)
{
    uint8_t data[1000];
    unsigned i;

    params.rcv_buf = 4096;
    handshake(65535);
    fill_pattern(data, sizeof(data), 2);
    for (i = 0; i < 4; i++) {
        peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535, data, 1000);
        peer_nxt += 1000;
    }
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535, data, 96);
    peer_nxt += 96;
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 4096);
    ck_assert_uint_eq(last_seg().window, 0);
    /* a byte beyond the closed window: not taken, ACK with window 0 */
    clear_out();
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535, data, 1);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 4096);
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert_uint_eq(last_seg().ack, peer_nxt);
    ck_assert_uint_eq(last_seg().window, 0);
    /* a small read does not announce a silly window, a big one does */
    clear_out();
    ql8400_tcp_rx_consume(c, 100);
    ck_assert_uint_eq(t.n_frames, 0);
    ql8400_tcp_rx_consume(c, 3996);
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert_uint_eq(last_seg().window, 4096);
}
END_TEST

START_TEST(rto_retransmits_with_backoff_then_gives_up)
{
    uint8_t data[100];

    params.max_retransmits = 3;
    handshake(65535);
    /* an RTT of 100 ms on the next sample */
    fill_pattern(data, sizeof(data), 4);
    ql8400_tcp_send(c, data, sizeof(data));
    ck_assert_uint_eq(t.n_frames, 1);
    advance(199 * MS);
    ck_assert_uint_eq(t.n_frames, 1);
    advance(1 * MS);
    ck_assert_uint_eq(t.n_frames, 2);          /* after the RTO, 200 ms */
    ck_assert_uint_eq(last_seg().seq, OUR_ISS + 1);
    ck_assert_uint_eq(last_seg().data_len, 100);
    advance(399 * MS);
    ck_assert_uint_eq(t.n_frames, 2);
    advance(1 * MS);
    ck_assert_uint_eq(t.n_frames, 3);          /* doubled: 400 ms */
    advance(800 * MS);
    ck_assert_uint_eq(t.n_frames, 4);          /* 800 ms */
    ck_assert_uint_eq(ql8400_tcp_stats(c)->timeouts, 3);
    ck_assert_uint_eq(t.n_ev, 0);
    advance(1600 * MS);
    /* the 4th timeout is one too many: RST, FAILED */
    ck_assert_uint_eq(t.n_frames, 5);
    ck_assert(last_seg().flags & QL8400_TCP_RST);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS + 101);
    ck_assert_uint_eq(t.n_ev, 1);
    ck_assert_int_eq(t.ev[0], QL8400_TCP_EV_FAILED);
    ck_assert_uint_eq(t.ev_status[0], QL8400_TCP_ERR_RETRANSMIT);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_CLOSED);
}
END_TEST

START_TEST(rto_follows_the_measured_rtt)
{
    Ql8400TcpInfo info;
    uint8_t data[100] = { 0 };

    open_conn();
    ql8400_tcp_connect(c);
    t.now += 100 * MS;
    peer_send(QL8400_TCP_SYN | QL8400_TCP_ACK, PEER_ISS, OUR_ISS + 1, 65535,
              NULL, 0);
    /* RFC 6298 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR */
    ql8400_tcp_info(c, &info);
    ck_assert_uint_eq(info.srtt_us, 100000);
    ck_assert_uint_eq(info.rttvar_us, 50000);
    ck_assert_uint_eq(info.rto_us, 300000);
    /* 2.3 with R' = 200 ms: RTTVAR 62.5 ms, SRTT 112.5 ms, RTO 362.5 */
    ql8400_tcp_send(c, data, sizeof(data));
    t.now += 200 * MS;
    peer_send(QL8400_TCP_ACK, PEER_ISS + 1, OUR_ISS + 101, 65535, NULL, 0);
    ql8400_tcp_info(c, &info);
    ck_assert_uint_eq(info.rttvar_us, 62500);
    ck_assert_uint_eq(info.srtt_us, 112500);
    ck_assert_uint_eq(info.rto_us, 362500);
    /* the retransmission timer uses it */
    clear_out();
    ql8400_tcp_send(c, data, sizeof(data));
    ck_assert_int_eq(t.timer, t.now + 362500000ll);
}
END_TEST

START_TEST(three_dup_acks_fast_retransmit)
{
    uint8_t data[5 * 1460], got[1460];
    Ql8400TcpInfo info;
    unsigned n0;

    params.init_cwnd = 10 * 1460;
    handshake(65535);
    fill_pattern(data, sizeof(data), 8);
    ql8400_tcp_send(c, data, sizeof(data));
    ck_assert_uint_eq(t.n_frames, 5);
    /* segment 2 is lost: segments 3, 4, 5 each bring a duplicate ACK */
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1 + 1460, 65535, NULL, 0);
    n0 = t.n_frames;
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1 + 1460, 65535, NULL, 0);
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1 + 1460, 65535, NULL, 0);
    ck_assert_uint_eq(t.n_frames, n0);
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1 + 1460, 65535, NULL, 0);
    ck_assert_uint_eq(t.n_frames, n0 + 1);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS + 1 + 1460);
    ck_assert_uint_eq(gather(n0, got, sizeof(got)), 1460);
    ck_assert_mem_eq(got, data + 1460, 1460);
    ck_assert_uint_eq(ql8400_tcp_stats(c)->fast_retransmits, 1);
    ck_assert_uint_eq(ql8400_tcp_stats(c)->timeouts, 0);
    ql8400_tcp_info(c, &info);
    ck_assert_uint_eq(info.ssthresh, 2 * 1460);     /* flight 4 * 1460 / 2 */
    /* everything acknowledged: recovery over, cwnd = ssthresh */
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1 + 5 * 1460, 65535,
              NULL, 0);
    ql8400_tcp_info(c, &info);
    ck_assert_uint_eq(info.cwnd, 2 * 1460);
    ck_assert_uint_eq(info.snd_una, OUR_ISS + 1 + 5 * 1460);
}
END_TEST

START_TEST(out_of_order_segments_are_reassembled)
{
    uint8_t data[4000], got[4000];

    handshake(65535);
    fill_pattern(data, sizeof(data), 11);
    /* 1000-2000 and 3000-4000 first: held, a duplicate ACK each */
    peer_send(QL8400_TCP_ACK, peer_nxt + 1000, OUR_ISS + 1, 65535,
              data + 1000, 1000);
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert_uint_eq(last_seg().ack, peer_nxt);
    peer_send(QL8400_TCP_ACK, peer_nxt + 3000, OUR_ISS + 1, 65535,
              data + 3000, 1000);
    ck_assert_uint_eq(t.n_frames, 2);
    ck_assert_uint_eq(last_seg().ack, peer_nxt);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 0);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_RX_READY), 0);
    /* 0-1000 fills the first hole: 2000 bytes readable, ACK at once */
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535, data, 1000);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 2000);
    ck_assert_uint_eq(last_seg().ack, peer_nxt + 2000);
    /* 1500-3500 overlaps both sides and fills the second */
    peer_send(QL8400_TCP_ACK, peer_nxt + 1500, OUR_ISS + 1, 65535,
              data + 1500, 2000);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 4000);
    ck_assert_uint_eq(last_seg().ack, peer_nxt + 4000);
    ck_assert_uint_eq(ql8400_tcp_rx_peek(c, 0, got, sizeof(got)), 4000);
    ck_assert_mem_eq(got, data, sizeof(data));
    ck_assert_uint_eq(ql8400_tcp_stats(c)->ooo_segments, 2);
}
END_TEST

START_TEST(out_of_order_limit_drops)
{
    uint8_t data[100] = { 0 };

    params.ooo_ranges = 1;
    handshake(65535);
    peer_send(QL8400_TCP_ACK, peer_nxt + 1000, OUR_ISS + 1, 65535, data, 100);
    peer_send(QL8400_TCP_ACK, peer_nxt + 1100, OUR_ISS + 1, 65535, data, 100);
    peer_send(QL8400_TCP_ACK, peer_nxt + 3000, OUR_ISS + 1, 65535, data, 100);
    ck_assert_uint_eq(ql8400_tcp_stats(c)->ooo_segments, 2);  /* merged */
    ck_assert_uint_eq(ql8400_tcp_stats(c)->ooo_dropped, 1);
    /* what was dropped comes again later; the held range still counts */
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535, data, 100);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 100);
    peer_send(QL8400_TCP_ACK, peer_nxt + 100, OUR_ISS + 1, 65535, data, 900);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 1200);
}
END_TEST

/* --- reset, close --------------------------------------------------------- */

START_TEST(rst_handling)
{
    handshake(65535);
    /* out of the window: ignored */
    peer_send(QL8400_TCP_RST, peer_nxt + 0x40000000u, 0, 0, NULL, 0);
    ck_assert_uint_eq(t.n_frames, 0);
    /* in the window but not exact: a challenge ACK (RFC 5961) */
    peer_send(QL8400_TCP_RST, peer_nxt + 10, 0, 0, NULL, 0);
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert_uint_eq(last_seg().flags, QL8400_TCP_ACK);
    ck_assert_uint_eq(last_seg().ack, peer_nxt);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_ESTABLISHED);
    ck_assert_uint_eq(ql8400_tcp_stats(c)->challenge_acks, 1);
    /* a SYN on the connection: also a challenge ACK */
    peer_send(QL8400_TCP_SYN, peer_nxt + 99, 0, 0, NULL, 0);
    ck_assert_uint_eq(t.n_frames, 2);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_ESTABLISHED);
    ck_assert_uint_eq(t.n_ev, 0);
    /* exact: the connection is reset */
    peer_send(QL8400_TCP_RST, peer_nxt, 0, 0, NULL, 0);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_CLOSED);
    ck_assert_uint_eq(t.n_ev, 1);
    ck_assert_int_eq(t.ev[0], QL8400_TCP_EV_PEER_RESET);
    ck_assert_int_eq(t.timer, QL8400_TCP_NO_TIMER);
    /* the user's abort afterwards is still answered */
    ql8400_tcp_abort(c);
    ck_assert_int_eq(t.ev[t.n_ev - 1], QL8400_TCP_EV_ABORTED);
}
END_TEST

START_TEST(abort_sends_rst)
{
    uint8_t data[100] = { 0 };

    handshake(65535);
    ql8400_tcp_send(c, data, sizeof(data));
    clear_out();
    ql8400_tcp_abort(c);
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert(last_seg().flags & QL8400_TCP_RST);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS + 101);
    ck_assert_uint_eq(t.n_ev, 1);
    ck_assert_int_eq(t.ev[0], QL8400_TCP_EV_ABORTED);
    ck_assert_int_eq(t.timer, QL8400_TCP_NO_TIMER);
    /* anything later from the peer gets a RST */
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 101, 65535, "x", 1);
    ck_assert_uint_eq(last_seg().flags, QL8400_TCP_RST);
    ck_assert_uint_eq(t.n_ev, 1);
}
END_TEST

START_TEST(passive_close)
{
    uint8_t data[10] = "0123456789";

    handshake(65535);
    peer_send(QL8400_TCP_ACK | QL8400_TCP_FIN, peer_nxt, OUR_ISS + 1, 65535,
              data, 10);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_CLOSE_WAIT);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_PEER_FIN), 1);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_RX_READY), 1);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 10);
    ck_assert_uint_eq(last_seg().ack, peer_nxt + 11);  /* data + FIN, at once */
    /* we can still send, then close */
    ck_assert_uint_eq(ql8400_tcp_send(c, data, 5), 5);
    ck_assert_uint_eq(last_seg().data_len, 5);
    ql8400_tcp_close(c);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_LAST_ACK);
    ck_assert(last_seg().flags & QL8400_TCP_FIN);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS + 6);
    ck_assert_uint_eq(ql8400_tcp_send(c, data, 5), 0);
    peer_send(QL8400_TCP_ACK, peer_nxt + 11, OUR_ISS + 7, 65535, NULL, 0);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_CLOSED);
    ck_assert_int_eq(t.ev[t.n_ev - 1], QL8400_TCP_EV_CLOSED);
    ck_assert_uint_eq(t.ev_status[t.n_ev - 1], QL8400_TCP_OK);
    ck_assert_int_eq(t.timer, QL8400_TCP_NO_TIMER);
}
END_TEST

START_TEST(active_close_and_time_wait)
{
    uint8_t data[2000] = { 0 };
    unsigned n0;

    params.time_wait_ms = 500;
    handshake(65535);
    ql8400_tcp_send(c, data, sizeof(data));
    ql8400_tcp_close(c);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_FIN_WAIT_1);
    /* the FIN follows the data */
    ck_assert(last_seg().flags & QL8400_TCP_FIN);
    ck_assert_uint_eq(last_seg().seq + last_seg().data_len, OUR_ISS + 2001);
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 2002, 65535, NULL, 0);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_FIN_WAIT_2);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_CLOSED), 0);
    /* the peer's FIN: ACK, TIME_WAIT, CLOSED reported */
    n0 = t.n_frames;
    peer_send(QL8400_TCP_ACK | QL8400_TCP_FIN, peer_nxt, OUR_ISS + 2002,
              65535, NULL, 0);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_TIME_WAIT);
    ck_assert_uint_eq(t.n_frames, n0 + 1);
    ck_assert_uint_eq(last_seg().ack, peer_nxt + 1);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_CLOSED), 1);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_PEER_FIN), 0);
    /* a retransmitted FIN is acknowledged again */
    peer_send(QL8400_TCP_ACK | QL8400_TCP_FIN, peer_nxt, OUR_ISS + 2002,
              65535, NULL, 0);
    ck_assert_uint_eq(t.n_frames, n0 + 2);
    ck_assert_uint_eq(last_seg().ack, peer_nxt + 1);
    advance(500 * MS);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_CLOSED);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_CLOSED), 1);
}
END_TEST

START_TEST(simultaneous_close)
{
    handshake(65535);
    ql8400_tcp_close(c);
    ck_assert_uint_eq(last_seg().flags, QL8400_TCP_ACK | QL8400_TCP_FIN);
    /* their FIN crosses ours: CLOSING, then their ACK: TIME_WAIT */
    peer_send(QL8400_TCP_ACK | QL8400_TCP_FIN, peer_nxt, OUR_ISS + 1, 65535,
              NULL, 0);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_CLOSING);
    peer_send(QL8400_TCP_ACK, peer_nxt + 1, OUR_ISS + 2, 65535, NULL, 0);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_TIME_WAIT);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_CLOSED), 1);
}
END_TEST

START_TEST(close_times_out_in_fin_wait_2)
{
    params.close_timeout_ms = 3000;
    handshake(65535);
    ql8400_tcp_close(c);
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 2, 65535, NULL, 0);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_FIN_WAIT_2);
    clear_out();
    advance(2999 * MS);
    ck_assert_uint_eq(t.n_ev, 0);
    advance(1 * MS);
    ck_assert_uint_eq(t.n_ev, 1);
    ck_assert_int_eq(t.ev[0], QL8400_TCP_EV_CLOSED);
    ck_assert_uint_eq(t.ev_status[0], QL8400_TCP_ERR_TIMEOUT);
    ck_assert(last_seg().flags & QL8400_TCP_RST);
}
END_TEST

START_TEST(rst_after_close_completes_it)
{
    handshake(65535);
    ql8400_tcp_close(c);
    peer_send(QL8400_TCP_RST, peer_nxt, 0, 0, NULL, 0);
    ck_assert_uint_eq(t.n_ev, 1);
    ck_assert_int_eq(t.ev[0], QL8400_TCP_EV_CLOSED);
    ck_assert_uint_eq(t.ev_status[0], QL8400_TCP_ERR_RESET);
}
END_TEST

START_TEST(keepalive_probes_then_gives_up)
{
    params.ka_idle_ms = 1000;
    params.ka_interval_ms = 100;
    params.ka_probes = 2;
    handshake(65535);
    advance(999 * MS);
    ck_assert_uint_eq(t.n_frames, 0);
    advance(1 * MS);
    ck_assert_uint_eq(t.n_frames, 1);
    ck_assert_uint_eq(last_seg().seq, OUR_ISS);    /* snd_una - 1 */
    ck_assert_uint_eq(last_seg().data_len, 0);
    /* answered: idle again */
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535, NULL, 0);
    advance(999 * MS);
    ck_assert_uint_eq(t.n_frames, 1);
    advance(1 * MS);
    ck_assert_uint_eq(t.n_frames, 2);
    advance(100 * MS);
    ck_assert_uint_eq(t.n_frames, 3);
    ck_assert_uint_eq(ql8400_tcp_stats(c)->keepalive_probes, 3);
    advance(100 * MS);
    ck_assert_uint_eq(t.n_frames, 4);
    ck_assert(last_seg().flags & QL8400_TCP_RST);
    ck_assert_uint_eq(t.n_ev, 1);
    ck_assert_int_eq(t.ev[0], QL8400_TCP_EV_FAILED);
    ck_assert_uint_eq(t.ev_status[0], QL8400_TCP_ERR_KEEPALIVE);
}
END_TEST

/* --- bad input ------------------------------------------------------------ */

START_TEST(malformed_segments_are_dropped_and_counted)
{
    uint8_t buf[FRAME_MAX];
    size_t n, l4 = QL8400_ETH_HLEN + QL8400_IPV4_HLEN;
    const Ql8400TcpStats *st;
    Ql8400TcpInfo before, after;

    handshake(65535);
    ql8400_tcp_info(c, &before);
    st = ql8400_tcp_stats(c);

    /* bad TCP checksum */
    n = peer_frame(buf, QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535,
                   "data", 4, NULL);
    buf[l4 + 16] ^= 0x55;
    ql8400_tcp_input(c, buf, n);
    ck_assert_uint_eq(st->bad_csum, 1);
    /* bad IPv4 header checksum */
    n = peer_frame(buf, QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535,
                   "data", 4, NULL);
    buf[QL8400_ETH_HLEN + 10] ^= 1;
    ql8400_tcp_input(c, buf, n);
    ck_assert_uint_eq(st->bad_csum, 2);
    /* data offset 3 (below the header) */
    n = peer_frame(buf, QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535,
                   "data", 4, NULL);
    buf[l4 + 12] = 3 << 4;
    ql8400_tcp_input(c, buf, n);
    ck_assert_uint_eq(st->bad_header, 1);
    /* data offset 15: past the segment's end */
    buf[l4 + 12] = 15 << 4;
    ql8400_tcp_input(c, buf, n);
    ck_assert_uint_eq(st->bad_header, 2);
    /* truncated: shorter than the IP length */
    n = peer_frame(buf, QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535,
                   "data", 4, NULL);
    ql8400_tcp_input(c, buf, n - 3);
    ck_assert_uint_eq(st->bad_header, 3);
    ql8400_tcp_input(c, buf, 10);
    ck_assert_uint_eq(st->bad_header, 4);
    /* IP version 5 */
    n = peer_frame(buf, QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535,
                   "data", 4, NULL);
    buf[QL8400_ETH_HLEN] = 0x55;
    ql8400_tcp_input(c, buf, n);
    ck_assert_uint_eq(st->bad_header, 5);
    /* another port */
    params.remote_port = 3261;
    n = peer_frame(buf, QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535,
                   "data", 4, NULL);
    params.remote_port = 3260;
    ck_assert(!ql8400_tcp_match(c, buf, n));
    ql8400_tcp_input(c, buf, n);
    ck_assert_uint_eq(st->not_mine, 1);
    /* an ACK of data never sent */
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 500, 65535, NULL, 0);
    ck_assert_uint_eq(st->bad_ack, 1);

    ck_assert_uint_eq(st->dropped, 9);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 0);
    ck_assert_uint_eq(t.n_ev, 0);
    ql8400_tcp_info(c, &after);
    ck_assert_uint_eq(after.rcv_nxt, before.rcv_nxt);
    ck_assert_uint_eq(after.snd_una, before.snd_una);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_ESTABLISHED);
    /* and a good one still goes through */
    n = peer_frame(buf, QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535,
                   "data", 4, NULL);
    ck_assert(ql8400_tcp_match(c, buf, n));
    ql8400_tcp_input(c, buf, n);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 4);
}
END_TEST

START_TEST(fragments_options_urgent_are_reported)
{
    uint8_t buf[FRAME_MAX], opt[FRAME_MAX];
    size_t n, ip = QL8400_ETH_HLEN;
    const Ql8400TcpStats *st;

    handshake(65535);
    st = ql8400_tcp_stats(c);
    /* a first fragment (MF) */
    n = peer_frame(buf, QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535,
                   "data", 4, NULL);
    ql8400_stbe16(buf + ip + 6, 0x2000);
    buf[ip + 10] = buf[ip + 11] = 0;
    ql8400_stbe16(buf + ip + 10, ql8400_csum_fold(
                      ql8400_csum_add(0, buf + ip, 20)));
    ck_assert(ql8400_tcp_match(c, buf, n));
    ql8400_tcp_input(c, buf, n);
    ck_assert_uint_eq(st->ip_fragments, 1);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 0);
    ck_assert_uint_eq(event_status(QL8400_TCP_EV_ANOMALY), 0x40);

    /* IPv4 options (4 bytes of NOPs + EOL): processed, reported */
    n = peer_frame(buf, QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535,
                   "data", 4, NULL);
    memcpy(opt, buf, ip + 20);
    memcpy(opt + ip + 20, (uint8_t[]){ 1, 1, 1, 0 }, 4);
    memcpy(opt + ip + 24, buf + ip + 20, n - ip - 20);
    opt[ip] = 0x46;
    ql8400_stbe16(opt + ip + 2, ql8400_ldbe16(buf + ip + 2) + 4);
    opt[ip + 10] = opt[ip + 11] = 0;
    ql8400_stbe16(opt + ip + 10, ql8400_csum_fold(
                      ql8400_csum_add(0, opt + ip, 24)));
    ql8400_tcp_input(c, opt, n + 4);
    ck_assert_uint_eq(st->ip_options, 1);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 4);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_ANOMALY), 2);

    /* URG: the data are taken, the pointer ignored, reported once */
    peer_send(QL8400_TCP_ACK | QL8400_TCP_URG, peer_nxt + 4, OUR_ISS + 1,
              65535, "more", 4);
    peer_send(QL8400_TCP_ACK | QL8400_TCP_URG, peer_nxt + 8, OUR_ISS + 1,
              65535, "more", 4);
    ck_assert_uint_eq(st->urgent, 2);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 12);
    ck_assert_uint_eq(count_events(QL8400_TCP_EV_ANOMALY), 3);
    ck_assert_int_eq(ql8400_tcp_state(c), QL8400_TCP_ESTABLISHED);
}
END_TEST

START_TEST(ipv6_with_vlan)
{
    static const uint8_t l6[16] = { 0xfe, 0x80, [15] = 0x0f };
    static const uint8_t r6[16] = { 0xfe, 0x80, [15] = 0x02 };
    Ql8400IpPacket pkt;
    Ql8400TcpSeg seg;
    Ql8400TcpOpts o;
    uint8_t data[3000], got[3000];

    params.ipv6 = true;
    memcpy(params.local_ip, l6, 16);
    memcpy(params.remote_ip, r6, 16);
    params.vlan_tci = 0x2005;
    params.ttl = 0x40;
    params.tos = 0x20;
    handshake(65535);
    /* the ACK of the handshake, IPv6 in an 802.1Q tag */
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535, "abcd", 4);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 4);
    fill_pattern(data, sizeof(data), 12);
    clear_out();
    ql8400_tcp_send(c, data, sizeof(data));
    out_seg(0, &pkt, &seg, &o);
    ck_assert(pkt.vlan && pkt.vlan_tci == 0x2005 && pkt.ipv6);
    ck_assert_uint_eq(ql8400_ldbe16(t.frame[0] + 12), QL8400_ETHERTYPE_VLAN);
    ck_assert_uint_eq(ql8400_ldbe16(t.frame[0] + 16), QL8400_ETHERTYPE_IPV6);
    ck_assert_uint_eq(pkt.ttl, 0x40);
    ck_assert_uint_eq(pkt.tos, 0x20);
    ck_assert_mem_eq(pkt.src_ip, l6, 16);
    ck_assert_mem_eq(pkt.dst_ip, r6, 16);
    /* the MSS offered over IPv6 was 1440; the peer said 1460 */
    ck_assert_uint_eq(seg.data_len, 1440);
    ck_assert_uint_eq(gather(0, got, sizeof(got)), sizeof(data));
    ck_assert_mem_eq(got, data, sizeof(data));
}
END_TEST

START_TEST(events_may_call_back_into_the_engine)
{
    uint8_t data[3000] = { 0 };

    t.consume_on_ready = 100000;
    params.rcv_buf = 4096;
    handshake(65535);
    /* the RX_READY callback consumes everything: the window stays open */
    peer_send(QL8400_TCP_ACK, peer_nxt, OUR_ISS + 1, 65535, data, 1400);
    peer_send(QL8400_TCP_ACK, peer_nxt + 1400, OUR_ISS + 1, 65535, data,
              1400);
    peer_send(QL8400_TCP_ACK, peer_nxt + 2800, OUR_ISS + 1, 65535, data,
              1400);
    ck_assert_uint_eq(ql8400_tcp_rx_avail(c), 0);
    ck_assert_uint_eq(ql8400_tcp_stats(c)->bytes_in, 4200);
    ck_assert_uint_ge(last_seg().window, 4096 - 1400);
}
END_TEST

Suite *tcp_suite(void)
{
    Suite *s = suite_create("tcp");
    TCase *tc = tcase_create("wire");
    TCase *hs = tcase_create("handshake");
    TCase *data = tcase_create("data");
    TCase *close = tcase_create("close");
    TCase *bad = tcase_create("bad_input");

    tcase_add_test(tc, checksum_vectors);
    tcase_add_test(tc, options_build_and_parse);
    suite_add_tcase(s, tc);

    tcase_add_checked_fixture(hs, setup, teardown);
    tcase_add_test(hs, syn_carries_the_requested_options);
    tcase_add_test(hs, handshake_negotiates_scaling_and_timestamps);
    tcase_add_test(hs, syn_ack_without_options);
    tcase_add_test(hs, lost_syn_is_retransmitted_after_rto);
    tcase_add_test(hs, connect_times_out);
    tcase_add_test(hs, rst_answers_the_syn);
    tcase_add_test(hs, abort_while_connecting_completes_the_connect);
    suite_add_tcase(s, hs);

    tcase_add_checked_fixture(data, setup, teardown);
    tcase_add_test(data, data_both_ways_in_order);
    tcase_add_test(data, delayed_ack_fires);
    tcase_add_test(data, sequence_numbers_wrap);
    tcase_add_test(data, peer_window_is_honoured);
    tcase_add_test(data, zero_window_is_probed);
    tcase_add_test(data, our_window_closes_and_reopens);
    tcase_add_test(data, rto_retransmits_with_backoff_then_gives_up);
    tcase_add_test(data, rto_follows_the_measured_rtt);
    tcase_add_test(data, three_dup_acks_fast_retransmit);
    tcase_add_test(data, out_of_order_segments_are_reassembled);
    tcase_add_test(data, out_of_order_limit_drops);
    tcase_add_test(data, ipv6_with_vlan);
    tcase_add_test(data, events_may_call_back_into_the_engine);
    suite_add_tcase(s, data);

    tcase_add_checked_fixture(close, setup, teardown);
    tcase_add_test(close, rst_handling);
    tcase_add_test(close, abort_sends_rst);
    tcase_add_test(close, passive_close);
    tcase_add_test(close, active_close_and_time_wait);
    tcase_add_test(close, simultaneous_close);
    tcase_add_test(close, close_times_out_in_fin_wait_2);
    tcase_add_test(close, rst_after_close_completes_it);
    tcase_add_test(close, keepalive_probes_then_gives_up);
    suite_add_tcase(s, close);

    tcase_add_checked_fixture(bad, setup, teardown);
    tcase_add_test(bad, malformed_segments_are_dropped_and_counted);
    tcase_add_test(bad, fragments_options_urgent_are_reported);
    suite_add_tcase(s, bad);
    return s;
}
