/*
 * ql8400 firmware model: the TCP wire format (see tcp-seg.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcp-seg.h"

void ql8400_tcp_opts_parse(const uint8_t *opt, size_t len, Ql8400TcpOpts *o)
{
    size_t i = 0, olen;
    uint8_t kind;

    memset(o, 0, sizeof(*o));
    while (i < len) {
        kind = opt[i];
        if (kind == QL8400_TCPOPT_EOL) {
            break;
        }
        if (kind == QL8400_TCPOPT_NOP) {
            i++;
            continue;
        }
        if (i + 1 >= len || opt[i + 1] < 2 || i + opt[i + 1] > len) {
            o->malformed = true;
            break;
        }
        olen = opt[i + 1];
        switch (kind) {
        case QL8400_TCPOPT_MSS:
            if (olen == 4) {
                o->mss_ok = true;
                o->mss = ql8400_ldbe16(opt + i + 2);
            }
            break;
        case QL8400_TCPOPT_WSCALE:
            if (olen == 3) {
                o->ws_ok = true;
                o->ws = opt[i + 2];
            }
            break;
        case QL8400_TCPOPT_SACK_PERM:
            if (olen == 2) {
                o->sack_perm = true;
            }
            break;
        case QL8400_TCPOPT_TIMESTAMP:
            if (olen == 10) {
                o->ts_ok = true;
                o->tsval = ql8400_ldbe32(opt + i + 2);
                o->tsecr = ql8400_ldbe32(opt + i + 6);
            }
            break;
        default:
            break;
        }
        i += olen;
    }
}

size_t ql8400_tcp_opts_build(uint8_t *buf, const Ql8400TcpOpts *o)
{
    size_t n = 0;

    if (o->mss_ok) {
        buf[n++] = QL8400_TCPOPT_MSS;
        buf[n++] = 4;
        ql8400_stbe16(buf + n, o->mss);
        n += 2;
    }
    if (o->sack_perm && o->ts_ok) {
        buf[n++] = QL8400_TCPOPT_SACK_PERM;
        buf[n++] = 2;
    } else if (o->sack_perm) {
        buf[n++] = QL8400_TCPOPT_NOP;
        buf[n++] = QL8400_TCPOPT_NOP;
        buf[n++] = QL8400_TCPOPT_SACK_PERM;
        buf[n++] = 2;
    } else if (o->ts_ok) {
        buf[n++] = QL8400_TCPOPT_NOP;
        buf[n++] = QL8400_TCPOPT_NOP;
    }
    if (o->ts_ok) {
        buf[n++] = QL8400_TCPOPT_TIMESTAMP;
        buf[n++] = 10;
        ql8400_stbe32(buf + n, o->tsval);
        ql8400_stbe32(buf + n + 4, o->tsecr);
        n += 8;
    }
    if (o->ws_ok) {
        buf[n++] = QL8400_TCPOPT_NOP;
        buf[n++] = QL8400_TCPOPT_WSCALE;
        buf[n++] = 3;
        buf[n++] = o->ws;
    }
    return n;
}

size_t ql8400_tcp_frame_build(uint8_t *buf, size_t size, const Ql8400IpHdr *ip,
                              const Ql8400TcpSeg *seg)
{
    size_t hlen = ql8400_ip_hdr_len(ip);
    size_t thlen = QL8400_TCP_HLEN + seg->opts_len;
    size_t l4_len = thlen + seg->data_len + seg->data2_len;
    uint8_t *th = buf + hlen;

    if ((seg->opts_len & 3) || seg->opts_len > QL8400_TCP_MAX_OPTS ||
        hlen + l4_len > size || (!ip->ipv6 && l4_len > 0xffff - 20) ||
        (ip->ipv6 && l4_len > 0xffff)) {
        return 0;
    }
    ql8400_ip_build(buf, ip, l4_len);
    ql8400_stbe16(th, seg->sport);
    ql8400_stbe16(th + 2, seg->dport);
    ql8400_stbe32(th + 4, seg->seq);
    ql8400_stbe32(th + 8, seg->ack);
    th[12] = (thlen / 4) << 4;
    th[13] = seg->flags;
    ql8400_stbe16(th + 14, seg->window);
    ql8400_stbe16(th + 16, 0);
    ql8400_stbe16(th + 18, seg->urg_ptr);
    if (seg->opts_len) {
        memcpy(th + QL8400_TCP_HLEN, seg->opts, seg->opts_len);
    }
    if (seg->data_len) {
        memcpy(th + thlen, seg->data, seg->data_len);
    }
    if (seg->data2_len) {
        memcpy(th + thlen + seg->data_len, seg->data2, seg->data2_len);
    }
    ql8400_stbe16(th + 16, ql8400_l4_csum(ip->ipv6, ip->src_ip, ip->dst_ip,
                                          QL8400_IPPROTO_TCP, th, l4_len));
    return hlen + l4_len;
}

void ql8400_tcp_seg_parse(const Ql8400IpPacket *pkt, Ql8400TcpSeg *seg,
                          Ql8400TcpOpts *opts)
{
    const uint8_t *th = pkt->l4;

    memset(seg, 0, sizeof(*seg));
    seg->sport = pkt->sport;
    seg->dport = pkt->dport;
    seg->seq = ql8400_ldbe32(th + 4);
    seg->ack = ql8400_ldbe32(th + 8);
    seg->flags = th[13];
    seg->window = ql8400_ldbe16(th + 14);
    seg->urg_ptr = ql8400_ldbe16(th + 18);
    seg->opts = th + QL8400_TCP_HLEN;
    seg->opts_len = pkt->tcp_hlen - QL8400_TCP_HLEN;
    seg->data = th + pkt->tcp_hlen;
    seg->data_len = pkt->l4_len - pkt->tcp_hlen;
    ql8400_tcp_opts_parse(seg->opts, seg->opts_len, opts);
}
