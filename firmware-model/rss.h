/*
 * ql8400 firmware model: receive-side scaling — the Toeplitz hash over
 * the headers the RSS configuration names, and the indirection table
 * that turns it into a client.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_RSS_H
#define QL8400_FW_RSS_H

#include "host.h"

#define QL8400_RSS_KEY_SIZE     40
#define QL8400_RSS_TABLE_SIZE   128

/* enum eth_rss_hash_type as the CQE reports it */
enum {
    QL8400_RSS_HASH_NONE = 0,
    QL8400_RSS_HASH_IPV4 = 1,
    QL8400_RSS_HASH_TCP_IPV4 = 2,
    QL8400_RSS_HASH_IPV6 = 3,
    QL8400_RSS_HASH_TCP_IPV6 = 4,
};

/* capabilities of the RSS_UPDATE ramrod */
#define QL8400_RSS_CAP_IPV4     (1u << 0)
#define QL8400_RSS_CAP_IPV4_TCP (1u << 1)
#define QL8400_RSS_CAP_IPV4_UDP (1u << 2)
#define QL8400_RSS_CAP_IPV6     (1u << 4)
#define QL8400_RSS_CAP_IPV6_TCP (1u << 5)
#define QL8400_RSS_CAP_IPV6_UDP (1u << 6)
#define QL8400_RSS_CAP_UPDATE_KEY (1u << 9)

typedef struct Ql8400Rss {
    bool enabled;
    uint16_t caps;
    uint8_t result_mask;
    uint8_t table[QL8400_RSS_TABLE_SIZE];       /* absolute client ids */
    uint8_t key[QL8400_RSS_KEY_SIZE];           /* in wire order */
} Ql8400Rss;

/* The Toeplitz hash of input under a 40-byte key (Microsoft RSS). */
uint32_t ql8400_toeplitz(const uint8_t *key, const uint8_t *input,
                         size_t len);

/*
 * Hash an Ethernet frame (its tag already stripped) as the configuration
 * asks. Returns the hash type (QL8400_RSS_HASH_NONE when nothing hashable)
 * and the hash in *hash.
 */
unsigned ql8400_rss_hash(const Ql8400Rss *rss, const uint8_t *frame,
                         size_t len, uint32_t *hash);

#endif
