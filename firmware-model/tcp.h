/*
 * ql8400 firmware model: the TCP offload engine.
 *
 * One Ql8400TcpConn is one offloaded TCP connection, opened actively (the
 * initiator side; the adapter never listens). The engine is a pure state
 * machine with bounded memory: the caller gives it received Ethernet
 * frames, the bytes to send and the passing of time; it gives back frames
 * to put on the wire and events. It calls no clock and no allocator after
 * ql8400_tcp_new().
 *
 * How the iSCSI offload layer (the TCP_CONNECT / CLOSE / ABORT ramrods and
 * the SQ/CQ/RQ rings) sits on top of it:
 *
 *  - TCP_CONNECT (0x83): fill Ql8400TcpParams from the connect buffer and
 *    storm RAM (ql8400_tcp_params_init() gives what bnx2i asks for), then
 *    ql8400_tcp_new() + ql8400_tcp_connect(). Install the 4-tuple in the
 *    receive demux (ql8400_tcp_match() decides for one connection).
 *  - Every received frame the demux picks goes to ql8400_tcp_input().
 *  - The connection's timer: ops->timer_arm() tells the earliest time the
 *    engine wants to run (one one-shot timer per connection, re-armed on
 *    every change; QL8400_TCP_NO_TIMER cancels). When it fires, call
 *    ql8400_tcp_timer_expired(). ql8400_tcp_next_deadline() gives the same
 *    value for a caller that multiplexes many connections on one timer.
 *  - SQ doorbell: build the PDU bytes (header, digests, data) and
 *    ql8400_tcp_send() them; it takes what fits in the send buffer and
 *    QL8400_TCP_EV_TX_SPACE says when more fits. Segmentation, Nagle off
 *    (every send is pushed at once), retransmission are the engine's.
 *  - Receive: in-order payload collects in the receive buffer, whose free
 *    space is the advertised window. QL8400_TCP_EV_RX_READY says bytes
 *    arrived; ql8400_tcp_rx_peek() reads them in place (a BHS, then the
 *    data segment) and ql8400_tcp_rx_consume() frees them, which opens the
 *    window again. Not consuming (RQ or CQ full) stops the peer by flow
 *    control; no acknowledged byte is ever dropped.
 *  - CLOSE (0x8C): ql8400_tcp_close(); ABORT (0x8D): ql8400_tcp_abort().
 *  - SEARCHER_DELETE (0x8E): take the tuple out of the demux.
 *    TERMINATE_OFFLOAD (0x8F): ql8400_tcp_free() (silent: no frame, no
 *    event, the timer is cancelled).
 *
 * Events (ops->event), with the KCQE each maps to:
 *  - every ql8400_tcp_connect() ends in exactly one QL8400_TCP_EV_CONNECTED
 *    (KCQE 56 status 0) or QL8400_TCP_EV_CONNECT_FAILED (KCQE 56 with status
 *    0x93 for QL8400_TCP_ERR_TIMEOUT, else 0x04), also when the caller
 *    closes or aborts before the handshake is over (ERR_ABORTED);
 *  - QL8400_TCP_EV_PEER_FIN (KCQE 58) at most once, when the peer's FIN is
 *    reached in sequence; the connection stays open for sending;
 *  - then exactly one terminal event: QL8400_TCP_EV_PEER_RESET (KCQE 57),
 *    QL8400_TCP_EV_FAILED (retransmissions or keepalive gave up, a RST was
 *    sent: KCQE 57, or ISCSI_ERROR 0x43), QL8400_TCP_EV_CLOSED (the answer
 *    to ql8400_tcp_close(): KCQE 53), QL8400_TCP_EV_ABORTED (the answer to
 *    ql8400_tcp_abort(): KCQE 54). After ql8400_tcp_close() whatever ends
 *    the connection (FIN handshake, peer RST, close timeout) is reported as
 *    EV_CLOSED, its status telling which; ql8400_tcp_abort() always ends in
 *    EV_ABORTED, also after a close(). close() or abort() on a connection
 *    already ended still gets its EV_CLOSED / EV_ABORTED, at once.
 *  - QL8400_TCP_EV_RX_READY, QL8400_TCP_EV_TX_SPACE: level hints, any time
 *    before the terminal event;
 *  - QL8400_TCP_EV_ANOMALY: a segment the real chip reports as an iSCSI
 *    error (status: Ql8400TcpAnomaly, numerically the ISCSI_ERROR code);
 *    the engine itself drops fragments and ignores IP options and URG.
 *
 * Events are delivered after the engine's state is consistent, at the end
 * of the call that caused them (input, timer, connect, send, consume,
 * close, abort). The callback may call any function of the connection
 * except ql8400_tcp_free().
 *
 * Not implemented: passive open, SACK (never offered; a peer's SACK blocks
 * are ignored), PAWS, urgent data (the urgent pointer is ignored), path
 * MTU discovery, ECN.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_TCP_H
#define QL8400_FW_TCP_H

#include "host.h"

typedef struct Ql8400TcpConn Ql8400TcpConn;

#define QL8400_TCP_NO_TIMER         INT64_MAX
#define QL8400_TCP_MAX_BUF          (4u << 20)  /* send / receive buffer */
#define QL8400_TCP_MIN_BUF          4096u
#define QL8400_TCP_MAX_PMTU         9216u
#define QL8400_TCP_MIN_PMTU_V4      576u
#define QL8400_TCP_MIN_PMTU_V6      1280u
#define QL8400_TCP_OOO_MAX          16u         /* out-of-order ranges */

typedef enum Ql8400TcpState {
    QL8400_TCP_CLOSED,          /* not connected, or ended */
    QL8400_TCP_SYN_SENT,
    QL8400_TCP_ESTABLISHED,
    QL8400_TCP_FIN_WAIT_1,
    QL8400_TCP_FIN_WAIT_2,
    QL8400_TCP_CLOSING,
    QL8400_TCP_TIME_WAIT,
    QL8400_TCP_CLOSE_WAIT,
    QL8400_TCP_LAST_ACK,
} Ql8400TcpState;

typedef enum Ql8400TcpEvent {
    QL8400_TCP_EV_CONNECTED,
    QL8400_TCP_EV_CONNECT_FAILED,   /* status: Ql8400TcpError */
    QL8400_TCP_EV_RX_READY,
    QL8400_TCP_EV_TX_SPACE,
    QL8400_TCP_EV_PEER_FIN,
    QL8400_TCP_EV_PEER_RESET,
    QL8400_TCP_EV_FAILED,           /* status: Ql8400TcpError */
    QL8400_TCP_EV_CLOSED,           /* status: Ql8400TcpError, 0 = clean */
    QL8400_TCP_EV_ABORTED,
    QL8400_TCP_EV_ANOMALY,          /* status: Ql8400TcpAnomaly */
} Ql8400TcpEvent;

typedef enum Ql8400TcpError {
    QL8400_TCP_OK = 0,
    QL8400_TCP_ERR_TIMEOUT,     /* connect or close took too long */
    QL8400_TCP_ERR_REFUSED,     /* RST answered the SYN */
    QL8400_TCP_ERR_RESET,       /* the peer reset the connection */
    QL8400_TCP_ERR_RETRANSMIT,  /* retransmissions exhausted */
    QL8400_TCP_ERR_KEEPALIVE,   /* keepalive probes unanswered */
    QL8400_TCP_ERR_ABORTED,     /* closed or aborted by the caller */
} Ql8400TcpError;

/* Numerically the chip's ISCSI_ERROR completion codes. */
typedef enum Ql8400TcpAnomaly {
    QL8400_TCP_ANOMALY_IP_FRAGMENT = 0x40,
    QL8400_TCP_ANOMALY_IP_OPTIONS = 0x41,
    QL8400_TCP_ANOMALY_URGENT = 0x42,
} Ql8400TcpAnomaly;

/*
 * What a connection is opened with. ql8400_tcp_params_init() fills the
 * values bnx2i/cnic ask for; the caller sets addresses, ports, MACs and
 * what its connect request says.
 */
typedef struct Ql8400TcpParams {
    uint32_t id;                /* for traces (the l5_cid) */
    bool ipv6;
    uint8_t local_ip[16];       /* wire order; IPv4 in the first 4 bytes */
    uint8_t remote_ip[16];
    uint16_t local_port;
    uint16_t remote_port;
    uint8_t local_mac[6];
    uint8_t remote_mac[6];      /* next hop, resolved by the host */
    uint16_t vlan_tci;          /* 0: untagged, else inserted verbatim */
    uint32_t pmtu;              /* path MTU: the MSS we offer is pmtu - 40/60 */
    uint16_t mss_clamp;         /* upper bound on both MSSs; 0xffff: none */
    uint8_t ttl;                /* or the IPv6 hop limit */
    uint8_t tos;                /* or the IPv6 traffic class */
    uint32_t flow_label;        /* IPv6 */
    uint16_t ip_id;             /* first IPv4 identification */
    uint32_t iss;               /* initial send sequence number */
    int8_t wscale;              /* window scale shift to offer; -1: none */
    bool timestamps;            /* offer RFC 7323 timestamps */
    bool delayed_ack;           /* ACK every 2nd segment or after delack */
    uint32_t delayed_ack_ms;
    uint32_t rcv_buf;           /* receive buffer = maximum window, bytes */
    uint32_t snd_buf;           /* send buffer (unacknowledged + unsent) */
    uint32_t init_cwnd;         /* bytes; 0: RFC 5681 (2-4 MSS) */
    uint32_t ooo_ranges;        /* out-of-order ranges held; 0: drop them */
    bool keepalive;
    uint32_t ka_idle_ms;        /* idle time before the first probe */
    uint32_t ka_interval_ms;    /* between unanswered probes */
    uint32_t ka_probes;         /* unanswered probes before giving up */
    uint32_t rto_initial_ms;    /* RFC 6298 (1 s) */
    uint32_t rto_min_ms;
    uint32_t rto_max_ms;
    uint32_t connect_timeout_ms;    /* SYN_SENT limit */
    uint32_t max_retransmits;   /* consecutive timeouts of one segment */
    uint32_t max_rt_time_ms;    /* time limit for them; 0: none */
    uint32_t close_timeout_ms;  /* close() to EV_CLOSED at the latest */
    uint32_t time_wait_ms;      /* TIME_WAIT length (short: ~2 MSL) */
} Ql8400TcpParams;

typedef struct Ql8400TcpOps {
    /* a complete Ethernet frame for the wire */
    void (*frame_out)(void *opaque, const uint8_t *frame, size_t len);
    void (*event)(void *opaque, Ql8400TcpEvent ev, uint32_t status);
    /* the current time: monotonic nanoseconds */
    int64_t (*now_ns)(void *opaque);
    /*
     * Run ql8400_tcp_timer_expired() at expire_ns (absolute, now_ns()
     * time); QL8400_TCP_NO_TIMER: no timer needed. Replaces the previous
     * request. Optional: a caller may poll ql8400_tcp_next_deadline().
     */
    void (*timer_arm)(void *opaque, int64_t expire_ns);
} Ql8400TcpOps;

/* Counters: what arrived, what left, what was dropped and why. */
typedef struct Ql8400TcpStats {
    uint64_t frames_in;
    uint64_t frames_out;
    uint64_t bytes_in;          /* in-order payload taken */
    uint64_t bytes_out;         /* payload sent (first transmissions) */
    uint64_t bytes_retransmitted;
    uint64_t timeouts;          /* retransmission timer expiries */
    uint64_t retransmits;       /* segments sent again */
    uint64_t fast_retransmits;
    uint64_t dup_acks;
    uint64_t ooo_segments;      /* held out of order */
    uint64_t ooo_dropped;       /* beyond the OOO limit */
    uint64_t bad_csum;          /* IPv4 header or TCP checksum */
    uint64_t bad_header;        /* truncated, bad lengths or data offset */
    uint64_t not_mine;          /* another 4-tuple, not TCP, not IP */
    uint64_t out_of_window;     /* sequence not acceptable */
    uint64_t bad_ack;           /* acknowledges what was never sent */
    uint64_t dropped;           /* all segments dropped, any reason */
    uint64_t rst_in;
    uint64_t rst_out;
    uint64_t challenge_acks;    /* RFC 5961 */
    uint64_t window_probes;
    uint64_t keepalive_probes;
    uint64_t ip_fragments;
    uint64_t ip_options;
    uint64_t urgent;
} Ql8400TcpStats;

/* A snapshot of the connection, for tests and traces. */
typedef struct Ql8400TcpInfo {
    Ql8400TcpState state;
    uint32_t snd_una;
    uint32_t snd_nxt;
    uint32_t snd_wnd;           /* scaled */
    uint32_t cwnd;
    uint32_t ssthresh;
    uint32_t rcv_nxt;
    uint32_t rcv_wnd;           /* free receive buffer */
    uint16_t mss;               /* effective send MSS (payload) */
    uint16_t mss_offered;
    uint16_t peer_mss;
    int8_t snd_wscale;          /* applied to the peer's window; -1: off */
    int8_t rcv_wscale;          /* applied to ours; -1: off */
    bool timestamps;
    uint32_t srtt_us;
    uint32_t rttvar_us;
    uint32_t rto_us;
    uint32_t send_queued;       /* unacknowledged and unsent bytes */
    uint32_t rx_avail;
    uint32_t ooo_ranges;
} Ql8400TcpInfo;

/* Defaults of a bnx2i connection (see iscsi-offload.md section 4.1). */
void ql8400_tcp_params_init(Ql8400TcpParams *p);

/*
 * A new connection in QL8400_TCP_CLOSED with its buffers (sizes clamped to
 * the limits above). NULL if memory is short. ops is kept, not copied.
 */
Ql8400TcpConn *ql8400_tcp_new(const Ql8400TcpParams *p,
                              const Ql8400TcpOps *ops, void *opaque);
/* Forgets the connection at once: no frame, no event; cancels the timer. */
void ql8400_tcp_free(Ql8400TcpConn *c);

/* Sends the SYN. Only from QL8400_TCP_CLOSED of a new connection. */
void ql8400_tcp_connect(Ql8400TcpConn *c);
/*
 * Queues bytes to send (from ESTABLISHED or CLOSE_WAIT); returns how many
 * were taken (the free send buffer; 0 in other states).
 */
size_t ql8400_tcp_send(Ql8400TcpConn *c, const void *data, size_t len);
size_t ql8400_tcp_send_space(const Ql8400TcpConn *c);
/* Graceful close: FIN after the queued bytes. Ends in EV_CLOSED. */
void ql8400_tcp_close(Ql8400TcpConn *c);
/* Abortive close: RST, everything queued dropped. Ends in EV_ABORTED. */
void ql8400_tcp_abort(Ql8400TcpConn *c);

/* In-order received bytes not consumed yet. */
size_t ql8400_tcp_rx_avail(const Ql8400TcpConn *c);
/* Copies up to len of them, starting offset bytes in; returns the count. */
size_t ql8400_tcp_rx_peek(const Ql8400TcpConn *c, size_t offset, void *buf,
                          size_t len);
/* Frees n received bytes (at most rx_avail), opening the window. */
void ql8400_tcp_rx_consume(Ql8400TcpConn *c, size_t n);

/* Whether a frame belongs to the connection (its 4-tuple, IPv4 or IPv6). */
bool ql8400_tcp_match(const Ql8400TcpConn *c, const uint8_t *frame,
                      size_t len);
/* A received frame for the connection. Bad ones are counted and dropped. */
void ql8400_tcp_input(Ql8400TcpConn *c, const uint8_t *frame, size_t len);

/* The time (now_ns clock) the engine next needs to run. */
int64_t ql8400_tcp_next_deadline(const Ql8400TcpConn *c);
/* Runs the timers due at now_ns(); harmless when none is. */
void ql8400_tcp_timer_expired(Ql8400TcpConn *c);

Ql8400TcpState ql8400_tcp_state(const Ql8400TcpConn *c);
const Ql8400TcpStats *ql8400_tcp_stats(const Ql8400TcpConn *c);
void ql8400_tcp_info(const Ql8400TcpConn *c, Ql8400TcpInfo *info);
const char *ql8400_tcp_state_name(Ql8400TcpState s);
const char *ql8400_tcp_event_name(Ql8400TcpEvent ev);
const char *ql8400_tcp_error_name(Ql8400TcpError err);

#endif
