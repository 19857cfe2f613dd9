/*
 * ql8400 firmware model: receive-side scaling.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rss.h"

#define ETH_HLEN        14
#define ETH_P_IP        0x0800
#define ETH_P_IPV6      0x86dd
#define IPPROTO_TCP_    6
#define IPPROTO_UDP_    17

uint32_t ql8400_toeplitz(const uint8_t *key, const uint8_t *input,
                         size_t len)
{
    /* a 32-bit window of the key slides one bit per input bit */
    uint32_t window = (uint32_t)key[0] << 24 | key[1] << 16 | key[2] << 8 |
                      key[3];
    uint32_t hash = 0;
    size_t i;
    int b;

    for (i = 0; i < len && i + 4 < QL8400_RSS_KEY_SIZE; i++) {
        for (b = 7; b >= 0; b--) {
            if (input[i] & (1u << b)) {
                hash ^= window;
            }
            window = window << 1 | ((key[i + 4] >> b) & 1);
        }
    }
    return hash;
}

static unsigned rss_l4(const Ql8400Rss *rss, uint8_t proto, uint16_t tcp_cap,
                       uint16_t udp_cap, bool *with_ports)
{
    *with_ports = (proto == IPPROTO_TCP_ && (rss->caps & tcp_cap)) ||
                  (proto == IPPROTO_UDP_ && (rss->caps & udp_cap));
    return proto == IPPROTO_TCP_ && *with_ports;
}

unsigned ql8400_rss_hash(const Ql8400Rss *rss, const uint8_t *frame,
                         size_t len, uint32_t *hash)
{
    uint8_t input[36];
    const uint8_t *ip = frame + ETH_HLEN;
    uint16_t type;
    bool ports;
    size_t n, l4;

    if (!rss->enabled || len < ETH_HLEN + 20) {
        return QL8400_RSS_HASH_NONE;
    }
    type = frame[12] << 8 | frame[13];
    if (type == ETH_P_IP && (ip[0] >> 4) == 4 &&
        (rss->caps & QL8400_RSS_CAP_IPV4)) {
        bool fragment = (ip[6] & 0x3f) || ip[7];
        bool tcp;

        l4 = ETH_HLEN + 4 * (ip[0] & 0xf);
        memcpy(input, ip + 12, 8);
        n = 8;
        tcp = rss_l4(rss, ip[9], QL8400_RSS_CAP_IPV4_TCP,
                     QL8400_RSS_CAP_IPV4_UDP, &ports);
        if (ports && !fragment && len >= l4 + 4) {
            memcpy(input + n, frame + l4, 4);
            n += 4;
        } else {
            tcp = false;
        }
        *hash = ql8400_toeplitz(rss->key, input, n);
        return tcp ? QL8400_RSS_HASH_TCP_IPV4 : QL8400_RSS_HASH_IPV4;
    }
    if (type == ETH_P_IPV6 && len >= ETH_HLEN + 40 && (ip[0] >> 4) == 6 &&
        (rss->caps & QL8400_RSS_CAP_IPV6)) {
        bool tcp;

        l4 = ETH_HLEN + 40;
        memcpy(input, ip + 8, 32);
        n = 32;
        tcp = rss_l4(rss, ip[6], QL8400_RSS_CAP_IPV6_TCP,
                     QL8400_RSS_CAP_IPV6_UDP, &ports);
        if (ports && len >= l4 + 4) {
            memcpy(input + n, frame + l4, 4);
            n += 4;
        } else {
            tcp = false;
        }
        *hash = ql8400_toeplitz(rss->key, input, n);
        return tcp ? QL8400_RSS_HASH_TCP_IPV6 : QL8400_RSS_HASH_IPV6;
    }
    return QL8400_RSS_HASH_NONE;
}
