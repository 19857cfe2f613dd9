/*
 * ql8400 firmware model: Ethernet, IPv4 and IPv6 framing and checksums for
 * the offload engines (see ip.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ip.h"

#define IPV4_FLAG_DF        0x4000
#define IPV4_FLAG_MF        0x2000
#define IPV4_FRAG_OFFSET    0x1fff
#define IPV6_HOP_BY_HOP     0
#define IPV6_ROUTING        43
#define IPV6_FRAGMENT       44
#define IPV6_DEST_OPTS      60
#define IPV6_MAX_EXT        8       /* extension headers walked at most */

size_t ql8400_eth_l3(const uint8_t *frame, size_t len, uint16_t *type)
{
    if (len < QL8400_ETH_HLEN) {
        return 0;
    }
    *type = ql8400_ldbe16(frame + 12);
    if (*type == QL8400_ETHERTYPE_VLAN &&
        len >= QL8400_ETH_HLEN + QL8400_VLAN_HLEN) {
        *type = ql8400_ldbe16(frame + 16);
        return QL8400_ETH_HLEN + QL8400_VLAN_HLEN;
    }
    return QL8400_ETH_HLEN;
}

uint32_t ql8400_csum_add(uint32_t sum, const void *data, size_t len)
{
    const uint8_t *p = data;
    uint64_t acc = sum;
    size_t i;

    /* 32-bit words at a time: 2^16 = 1 in the ones' complement sum */
    for (i = 0; i + 4 <= len; i += 4) {
        acc += ql8400_ldbe32(p + i);
    }
    for (; i + 1 < len; i += 2) {
        acc += (uint32_t)p[i] << 8 | p[i + 1];
    }
    if (len & 1) {
        acc += (uint32_t)p[len - 1] << 8;
    }
    while (acc >> 32) {
        acc = (acc & 0xffffffffu) + (acc >> 32);
    }
    return acc;
}

uint16_t ql8400_csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

uint32_t ql8400_csum_pseudo(bool ipv6, const uint8_t *src, const uint8_t *dst,
                            uint8_t proto, uint32_t l4_len)
{
    unsigned alen = ipv6 ? 16 : 4;
    uint8_t tail[8] = { 0 };
    uint32_t sum;

    sum = ql8400_csum_add(0, src, alen);
    sum = ql8400_csum_add(sum, dst, alen);
    if (ipv6) {
        /* upper-layer length (32 bits), 3 zero bytes, next header */
        ql8400_stbe32(tail, l4_len);
        tail[7] = proto;
        return ql8400_csum_add(sum, tail, 8);
    }
    /* zero, protocol, TCP length (16 bits) */
    tail[1] = proto;
    ql8400_stbe16(tail + 2, l4_len);
    return ql8400_csum_add(sum, tail, 4);
}

uint16_t ql8400_l4_csum(bool ipv6, const uint8_t *src, const uint8_t *dst,
                        uint8_t proto, const uint8_t *l4, size_t len)
{
    uint32_t sum = ql8400_csum_pseudo(ipv6, src, dst, proto, len);

    return ql8400_csum_fold(ql8400_csum_add(sum, l4, len));
}

size_t ql8400_ip_hdr_len(const Ql8400IpHdr *h)
{
    return QL8400_ETH_HLEN + (h->vlan_tci ? QL8400_VLAN_HLEN : 0) +
           (h->ipv6 ? QL8400_IPV6_HLEN : QL8400_IPV4_HLEN);
}

size_t ql8400_ip_build(uint8_t *buf, const Ql8400IpHdr *h, size_t l4_len)
{
    uint8_t *ip;

    memcpy(buf, h->dst_mac, QL8400_ETH_ALEN);
    memcpy(buf + 6, h->src_mac, QL8400_ETH_ALEN);
    ip = buf + 12;
    if (h->vlan_tci) {
        ql8400_stbe16(ip, QL8400_ETHERTYPE_VLAN);
        ql8400_stbe16(ip + 2, h->vlan_tci);
        ip += QL8400_VLAN_HLEN;
    }
    ql8400_stbe16(ip, h->ipv6 ? QL8400_ETHERTYPE_IPV6 : QL8400_ETHERTYPE_IPV4);
    ip += 2;
    if (h->ipv6) {
        ql8400_stbe32(ip, 6u << 28 | (uint32_t)h->tos << 20 |
                          (h->flow_label & 0xfffff));
        ql8400_stbe16(ip + 4, l4_len);
        ip[6] = h->proto;
        ip[7] = h->ttl;
        memcpy(ip + 8, h->src_ip, 16);
        memcpy(ip + 24, h->dst_ip, 16);
    } else {
        ip[0] = 0x45;
        ip[1] = h->tos;
        ql8400_stbe16(ip + 2, QL8400_IPV4_HLEN + l4_len);
        ql8400_stbe16(ip + 4, h->ip_id);
        ql8400_stbe16(ip + 6, h->dont_fragment ? IPV4_FLAG_DF : 0);
        ip[8] = h->ttl;
        ip[9] = h->proto;
        ql8400_stbe16(ip + 10, 0);
        memcpy(ip + 12, h->src_ip, 4);
        memcpy(ip + 16, h->dst_ip, 4);
        ql8400_stbe16(ip + 10, ql8400_csum_fold(
                          ql8400_csum_add(0, ip, QL8400_IPV4_HLEN)));
    }
    return ql8400_ip_hdr_len(h);
}

static Ql8400IpError parse_ipv4(const uint8_t *ip, size_t len,
                                bool verify_csum, Ql8400IpPacket *pkt,
                                const uint8_t **l4, size_t *l4_len)
{
    unsigned ihl;
    size_t total;
    uint16_t frag;

    if (len < QL8400_IPV4_HLEN) {
        return QL8400_IP_TRUNCATED;
    }
    ihl = (ip[0] & 0xf) * 4;
    total = ql8400_ldbe16(ip + 2);
    if ((ip[0] >> 4) != 4 || ihl < QL8400_IPV4_HLEN || total < ihl) {
        return QL8400_IP_BAD_HEADER;
    }
    if (total > len) {
        return QL8400_IP_TRUNCATED;
    }
    pkt->tos = ip[1];
    pkt->ttl = ip[8];
    pkt->proto = ip[9];
    memcpy(pkt->src_ip, ip + 12, 4);
    memcpy(pkt->dst_ip, ip + 16, 4);
    pkt->ip_options = ihl > QL8400_IPV4_HLEN;
    if (verify_csum &&
        ql8400_csum_fold(ql8400_csum_add(0, ip, ihl)) != 0) {
        return QL8400_IP_BAD_IP_CSUM;
    }
    *l4 = ip + ihl;
    *l4_len = total - ihl;
    frag = ql8400_ldbe16(ip + 6);
    if (frag & (IPV4_FLAG_MF | IPV4_FRAG_OFFSET)) {
        if (!(frag & IPV4_FRAG_OFFSET) && *l4_len >= 4) {
            /* the first fragment still tells the ports, for the demux */
            pkt->sport = ql8400_ldbe16(*l4);
            pkt->dport = ql8400_ldbe16(*l4 + 2);
        }
        return QL8400_IP_FRAGMENT;
    }
    return QL8400_IP_OK;
}

static Ql8400IpError parse_ipv6(const uint8_t *ip, size_t len,
                                Ql8400IpPacket *pkt,
                                const uint8_t **l4, size_t *l4_len)
{
    size_t payload, off, hlen;
    uint8_t next;
    unsigned n;

    if (len < QL8400_IPV6_HLEN) {
        return QL8400_IP_TRUNCATED;
    }
    if ((ip[0] >> 4) != 6) {
        return QL8400_IP_BAD_HEADER;
    }
    payload = ql8400_ldbe16(ip + 4);
    if (QL8400_IPV6_HLEN + payload > len) {
        return QL8400_IP_TRUNCATED;
    }
    pkt->tos = (ql8400_ldbe32(ip) >> 20) & 0xff;
    pkt->ttl = ip[7];
    memcpy(pkt->src_ip, ip + 8, 16);
    memcpy(pkt->dst_ip, ip + 24, 16);
    next = ip[6];
    off = QL8400_IPV6_HLEN;
    for (n = 0; n < IPV6_MAX_EXT; n++) {
        if (next == IPV6_FRAGMENT) {
            pkt->proto = next;
            return QL8400_IP_FRAGMENT;
        }
        if (next != IPV6_HOP_BY_HOP && next != IPV6_ROUTING &&
            next != IPV6_DEST_OPTS) {
            break;
        }
        if (off + 8 > QL8400_IPV6_HLEN + payload) {
            return QL8400_IP_TRUNCATED;
        }
        hlen = (ip[off + 1] + 1) * 8;
        if (off + hlen > QL8400_IPV6_HLEN + payload) {
            return QL8400_IP_TRUNCATED;
        }
        pkt->ip_options = true;
        next = ip[off];
        off += hlen;
    }
    if (n == IPV6_MAX_EXT) {
        return QL8400_IP_EXT_HEADER;
    }
    pkt->proto = next;
    *l4 = ip + off;
    *l4_len = QL8400_IPV6_HLEN + payload - off;
    return QL8400_IP_OK;
}

Ql8400IpError ql8400_ip_parse_tcp(const uint8_t *frame, size_t len,
                                  bool verify_csum, Ql8400IpPacket *pkt)
{
    const uint8_t *ip, *l4 = NULL;
    size_t l4_len = 0, doff;
    uint16_t type;
    Ql8400IpError err;

    memset(pkt, 0, sizeof(*pkt));
    if (len < QL8400_ETH_HLEN) {
        return QL8400_IP_TRUNCATED;
    }
    pkt->dst_mac = frame;
    pkt->src_mac = frame + 6;
    type = ql8400_ldbe16(frame + 12);
    ip = frame + QL8400_ETH_HLEN;
    if (type == QL8400_ETHERTYPE_VLAN) {
        if (len < QL8400_ETH_HLEN + QL8400_VLAN_HLEN) {
            return QL8400_IP_TRUNCATED;
        }
        pkt->vlan = true;
        pkt->vlan_tci = ql8400_ldbe16(frame + 14);
        type = ql8400_ldbe16(frame + 16);
        ip += QL8400_VLAN_HLEN;
    }
    len -= ip - frame;
    if (type == QL8400_ETHERTYPE_IPV4) {
        err = parse_ipv4(ip, len, verify_csum, pkt, &l4, &l4_len);
    } else if (type == QL8400_ETHERTYPE_IPV6) {
        pkt->ipv6 = true;
        err = parse_ipv6(ip, len, pkt, &l4, &l4_len);
    } else {
        return QL8400_IP_NOT_IP;
    }
    if (err != QL8400_IP_OK) {
        return err;
    }
    if (pkt->proto != QL8400_IPPROTO_TCP) {
        return QL8400_IP_NOT_TCP;
    }
    if (l4_len < QL8400_TCP_HLEN) {
        return QL8400_IP_TRUNCATED;
    }
    pkt->l4 = l4;
    pkt->l4_len = l4_len;
    pkt->sport = ql8400_ldbe16(l4);
    pkt->dport = ql8400_ldbe16(l4 + 2);
    doff = (l4[12] >> 4) * 4;
    if (doff < QL8400_TCP_HLEN || doff > l4_len) {
        return QL8400_IP_BAD_TCP_OFFSET;
    }
    pkt->tcp_hlen = doff;
    if (verify_csum &&
        ql8400_csum_fold(ql8400_csum_add(
            ql8400_csum_pseudo(pkt->ipv6, pkt->src_ip, pkt->dst_ip,
                               QL8400_IPPROTO_TCP, l4_len),
            l4, l4_len)) != 0) {
        return QL8400_IP_BAD_TCP_CSUM;
    }
    return QL8400_IP_OK;
}

const char *ql8400_ip_error_name(Ql8400IpError err)
{
    static const char *const names[] = {
        [QL8400_IP_OK] = "ok",
        [QL8400_IP_TRUNCATED] = "truncated",
        [QL8400_IP_NOT_IP] = "not IP",
        [QL8400_IP_BAD_HEADER] = "bad IP header",
        [QL8400_IP_BAD_IP_CSUM] = "bad IPv4 header checksum",
        [QL8400_IP_FRAGMENT] = "IP fragment",
        [QL8400_IP_EXT_HEADER] = "IPv6 extension headers",
        [QL8400_IP_NOT_TCP] = "not TCP",
        [QL8400_IP_BAD_TCP_OFFSET] = "bad TCP data offset",
        [QL8400_IP_BAD_TCP_CSUM] = "bad TCP checksum",
    };

    return (unsigned)err < sizeof(names) / sizeof(names[0]) && names[err] ?
           names[err] : "?";
}
