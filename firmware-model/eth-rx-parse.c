/*
 * ql8400 firmware model: the receive parser. The chip validates the IPv4
 * header checksum and the TCP/UDP checksum of every frame it can parse,
 * so the driver can hand the stack CHECKSUM_UNNECESSARY; fragments, other
 * protocols and truncated frames are left unvalidated, and bad checksums
 * are flagged for the stack to drop.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "eth-rx-parse.h"
#include "ip.h"

#define IPPROTO_UDP_            17
#define UDP_HLEN                8
#define IPV4_MF_AND_OFFSET      0x3fff

static void parse_l4(const uint8_t *l4, size_t l4_len, bool ipv6,
                     const uint8_t *src, const uint8_t *dst, uint8_t proto,
                     Ql8400RxParse *p)
{
    size_t min = proto == QL8400_IPPROTO_TCP ? QL8400_TCP_HLEN : UDP_HLEN;
    uint32_t sum;

    p->pars_flags |= (proto == QL8400_IPPROTO_TCP ? QL8400_PARS_OVER_IP_TCP
                                                  : QL8400_PARS_OVER_IP_UDP)
                     << QL8400_PARS_OVER_IP_SHIFT;
    if (l4_len < min ||
        (proto == IPPROTO_UDP_ && !ipv6 && !ql8400_ldbe16(l4 + 6))) {
        return;                 /* short, or an IPv4 UDP without checksum */
    }
    sum = ql8400_csum_pseudo(ipv6, src, dst, proto, l4_len);
    if (ql8400_csum_fold(ql8400_csum_add(sum, l4, l4_len))) {
        p->error_flags |= QL8400_CQE_L4_BAD_XSUM;
    }
    p->status_flags &= ~QL8400_CQE_L4_XSUM_NO_VALIDATION;
}

static void parse_ipv4(const uint8_t *ip, size_t len, Ql8400RxParse *p)
{
    size_t ihl, total;

    if (len < QL8400_IPV4_HLEN || (ip[0] >> 4) != 4) {
        return;
    }
    ihl = (ip[0] & 0xf) * 4;
    total = ql8400_ldbe16(ip + 2);
    if (ihl < QL8400_IPV4_HLEN || total < ihl || total > len) {
        return;
    }
    p->pars_flags |= QL8400_PARS_OVER_ETH_IPV4 << QL8400_PARS_OVER_ETH_SHIFT;
    if (ihl > QL8400_IPV4_HLEN) {
        p->pars_flags |= QL8400_PARS_IP_OPTIONS;
    }
    if (ql8400_csum_fold(ql8400_csum_add(0, ip, ihl))) {
        p->error_flags |= QL8400_CQE_IP_BAD_XSUM;
    }
    p->status_flags &= ~QL8400_CQE_IP_XSUM_NO_VALIDATION;
    if (ql8400_ldbe16(ip + 6) & IPV4_MF_AND_OFFSET) {
        p->pars_flags |= QL8400_PARS_FRAGMENT;
        return;
    }
    if (ip[9] == QL8400_IPPROTO_TCP || ip[9] == IPPROTO_UDP_) {
        parse_l4(ip + ihl, total - ihl, false, ip + 12, ip + 16, ip[9], p);
    }
}

/* IPv6 without extension headers: those the parser leaves alone. */
static void parse_ipv6(const uint8_t *ip, size_t len, Ql8400RxParse *p)
{
    size_t payload;

    if (len < QL8400_IPV6_HLEN || (ip[0] >> 4) != 6) {
        return;
    }
    payload = ql8400_ldbe16(ip + 4);
    if (QL8400_IPV6_HLEN + payload > len) {
        return;
    }
    p->pars_flags |= QL8400_PARS_OVER_ETH_IPV6 << QL8400_PARS_OVER_ETH_SHIFT;
    if (ip[6] == QL8400_IPPROTO_TCP || ip[6] == IPPROTO_UDP_) {
        parse_l4(ip + QL8400_IPV6_HLEN, payload, true, ip + 8, ip + 24,
                 ip[6], p);
    }
}

void ql8400_rx_parse(const uint8_t *frame, size_t len, Ql8400RxParse *p)
{
    uint16_t type = 0;
    size_t l3 = ql8400_eth_l3(frame, len, &type);

    p->error_flags = 0;
    p->status_flags = QL8400_CQE_IP_XSUM_NO_VALIDATION |
                      QL8400_CQE_L4_XSUM_NO_VALIDATION;
    p->pars_flags = 0;
    if (!l3) {
        return;
    }
    if (type == QL8400_ETHERTYPE_IPV4) {
        parse_ipv4(frame + l3, len - l3, p);
    } else if (type == QL8400_ETHERTYPE_IPV6) {
        parse_ipv6(frame + l3, len - l3, p);
    }
}
