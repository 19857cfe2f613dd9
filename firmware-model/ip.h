/*
 * ql8400 firmware model: Ethernet, IPv4 and IPv6 framing for the offload
 * engines. Builds the L2/L3 headers of the frames the firmware sends on its
 * own (offloaded TCP), parses received frames down to the TCP header with
 * every length and checksum checked, and the one's-complement checksums
 * both need.
 *
 * Addresses are kept as wire bytes: an IPv4 address is the first 4 bytes
 * of a 16-byte array, ports are host-order numbers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_IP_H
#define QL8400_FW_IP_H

#include "host.h"

#define QL8400_ETH_ALEN         6
#define QL8400_ETH_HLEN         14
#define QL8400_VLAN_HLEN        4
#define QL8400_ETHERTYPE_IPV4   0x0800
#define QL8400_ETHERTYPE_ARP    0x0806
#define QL8400_ETHERTYPE_VLAN   0x8100
#define QL8400_ETHERTYPE_IPV6   0x86dd
#define QL8400_IPV4_HLEN        20
#define QL8400_IPV6_HLEN        40
#define QL8400_IPPROTO_TCP      6
#define QL8400_TCP_HLEN         20
#define QL8400_TCP_MAX_HLEN     60

/* Big-endian (network order) fields of frames. */
static inline uint16_t ql8400_ldbe16(const void *p)
{
    const uint8_t *b = p;

    return b[0] << 8 | b[1];
}

static inline uint32_t ql8400_ldbe32(const void *p)
{
    const uint8_t *b = p;

    return (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

static inline void ql8400_stbe16(void *p, uint16_t v)
{
    uint8_t *b = p;

    b[0] = v >> 8;
    b[1] = v;
}

static inline void ql8400_stbe32(void *p, uint32_t v)
{
    uint8_t *b = p;

    b[0] = v >> 24;
    b[1] = v >> 16;
    b[2] = v >> 8;
    b[3] = v;
}

/*
 * One's-complement sums (RFC 1071). ql8400_csum_add() adds bytes to a
 * 32-bit accumulator as big-endian 16-bit words; only the last piece of a
 * sum may have an odd length. ql8400_csum_fold() folds the accumulator and
 * returns its complement: the value for a checksum field, or 0 when the
 * summed data already held a valid checksum.
 */
/*
 * Where a frame's L3 header starts (after one 802.1Q tag, if any) and its
 * ethertype in *type; 0 when the frame is shorter than its L2 header.
 */
size_t ql8400_eth_l3(const uint8_t *frame, size_t len, uint16_t *type);
uint32_t ql8400_csum_add(uint32_t sum, const void *data, size_t len);
uint16_t ql8400_csum_fold(uint32_t sum);
/* the sum of the IPv4 or IPv6 pseudo header of an L4 segment */
uint32_t ql8400_csum_pseudo(bool ipv6, const uint8_t *src, const uint8_t *dst,
                            uint8_t proto, uint32_t l4_len);
/* the checksum field of an L4 segment whose own checksum field is zero */
uint16_t ql8400_l4_csum(bool ipv6, const uint8_t *src, const uint8_t *dst,
                        uint8_t proto, const uint8_t *l4, size_t len);

/* What the L2 and L3 headers of an outgoing frame carry. */
typedef struct Ql8400IpHdr {
    uint8_t dst_mac[QL8400_ETH_ALEN];
    uint8_t src_mac[QL8400_ETH_ALEN];
    uint16_t vlan_tci;          /* 0: untagged, else an 802.1Q TCI */
    bool ipv6;
    uint8_t src_ip[16];
    uint8_t dst_ip[16];
    uint8_t ttl;                /* TTL, or the IPv6 hop limit */
    uint8_t tos;                /* TOS, or the IPv6 traffic class */
    uint16_t ip_id;             /* IPv4 identification */
    bool dont_fragment;         /* IPv4 DF */
    uint32_t flow_label;        /* IPv6, 20 bits */
    uint8_t proto;
} Ql8400IpHdr;

/* Bytes ql8400_ip_build() writes before the L4 header. */
size_t ql8400_ip_hdr_len(const Ql8400IpHdr *h);
/*
 * Writes the Ethernet (and 802.1Q) header and the IP header of a frame
 * whose L4 part is l4_len bytes, IPv4 header checksum included. Returns
 * the header length (ql8400_ip_hdr_len()).
 */
size_t ql8400_ip_build(uint8_t *buf, const Ql8400IpHdr *h, size_t l4_len);

/* Why a received frame is not a usable TCP segment. */
typedef enum Ql8400IpError {
    QL8400_IP_OK = 0,
    QL8400_IP_TRUNCATED,        /* shorter than its headers say */
    QL8400_IP_NOT_IP,           /* neither IPv4 nor IPv6 */
    QL8400_IP_BAD_HEADER,       /* version, IHL or length fields wrong */
    QL8400_IP_BAD_IP_CSUM,      /* IPv4 header checksum */
    QL8400_IP_FRAGMENT,         /* an IPv4 fragment or IPv6 fragment header */
    QL8400_IP_EXT_HEADER,       /* an IPv6 extension header */
    QL8400_IP_NOT_TCP,
    QL8400_IP_BAD_TCP_OFFSET,   /* data offset < 5 or past the segment */
    QL8400_IP_BAD_TCP_CSUM,
} Ql8400IpError;

/* A received TCP segment: pointers into the frame. */
typedef struct Ql8400IpPacket {
    const uint8_t *dst_mac;
    const uint8_t *src_mac;
    bool vlan;
    uint16_t vlan_tci;
    bool ipv6;
    uint8_t src_ip[16];         /* IPv4: the first 4 bytes, the rest 0 */
    uint8_t dst_ip[16];
    uint8_t ttl;
    uint8_t tos;
    bool ip_options;            /* IPv4 header longer than 20 bytes */
    uint8_t proto;
    const uint8_t *l4;          /* the TCP header */
    size_t l4_len;              /* TCP header and payload */
    size_t tcp_hlen;            /* TCP header with its options */
    uint16_t sport;
    uint16_t dport;
} Ql8400IpPacket;

/*
 * Parses an Ethernet frame (optionally 802.1Q-tagged) down to its TCP
 * segment. Ethernet padding beyond the IP length is ignored. With
 * verify_csum the IPv4 header and TCP checksums are checked. The fields of
 * pkt are filled as far as parsing got, also on error (for the demux of
 * fragments and for counting).
 */
Ql8400IpError ql8400_ip_parse_tcp(const uint8_t *frame, size_t len,
                                  bool verify_csum, Ql8400IpPacket *pkt);
const char *ql8400_ip_error_name(Ql8400IpError err);

#endif
