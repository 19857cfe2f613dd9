/*
 * ql8400 firmware model: the TCP wire format. Segment headers and options
 * built into complete Ethernet frames (with ip.h) and parsed back; no
 * connection state here, that is tcp.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_TCP_SEG_H
#define QL8400_FW_TCP_SEG_H

#include "ip.h"

#define QL8400_TCP_FIN      0x01
#define QL8400_TCP_SYN      0x02
#define QL8400_TCP_RST      0x04
#define QL8400_TCP_PSH      0x08
#define QL8400_TCP_ACK      0x10
#define QL8400_TCP_URG      0x20

#define QL8400_TCPOPT_EOL           0
#define QL8400_TCPOPT_NOP           1
#define QL8400_TCPOPT_MSS           2
#define QL8400_TCPOPT_WSCALE        3
#define QL8400_TCPOPT_SACK_PERM     4
#define QL8400_TCPOPT_SACK          5
#define QL8400_TCPOPT_TIMESTAMP     8
#define QL8400_TCP_MAX_WSCALE       14
#define QL8400_TCP_MAX_OPTS         40

/* The options of a segment that the engine knows. */
typedef struct Ql8400TcpOpts {
    bool mss_ok;
    uint16_t mss;
    bool ws_ok;
    uint8_t ws;
    bool ts_ok;
    uint32_t tsval;
    uint32_t tsecr;
    bool sack_perm;
    bool malformed;     /* parsing stopped at an option with a bad length */
} Ql8400TcpOpts;

/* Parses the option bytes after the 20-byte header; unknown kinds skipped. */
void ql8400_tcp_opts_parse(const uint8_t *opt, size_t len, Ql8400TcpOpts *o);
/*
 * Writes the options that are _ok (MSS, window scale, SACK-permitted,
 * timestamps) NOP-padded as Linux lays them out; returns their length, a
 * multiple of 4, at most QL8400_TCP_MAX_OPTS.
 */
size_t ql8400_tcp_opts_build(uint8_t *buf, const Ql8400TcpOpts *o);

/* A segment to build, or the header fields of one parsed. */
typedef struct Ql8400TcpSeg {
    uint16_t sport;
    uint16_t dport;
    uint32_t seq;
    uint32_t ack;
    uint8_t flags;
    uint16_t window;    /* the raw 16-bit field */
    uint16_t urg_ptr;
    const uint8_t *opts;        /* built options, a multiple of 4 bytes */
    size_t opts_len;
    /* the payload, in up to two pieces (a wrapped ring buffer) */
    const uint8_t *data;
    size_t data_len;
    const uint8_t *data2;
    size_t data2_len;
} Ql8400TcpSeg;

/*
 * Builds a complete frame: L2/L3 headers from ip, the TCP header with its
 * options and checksum, the payload. Returns its length, or 0 when it does
 * not fit in size bytes.
 */
size_t ql8400_tcp_frame_build(uint8_t *buf, size_t size, const Ql8400IpHdr *ip,
                              const Ql8400TcpSeg *seg);
/*
 * The header fields and options of a parsed segment (pkt from
 * ql8400_ip_parse_tcp() returning QL8400_IP_OK). seg->data points at the
 * payload.
 */
void ql8400_tcp_seg_parse(const Ql8400IpPacket *pkt, Ql8400TcpSeg *seg,
                          Ql8400TcpOpts *opts);

#endif
