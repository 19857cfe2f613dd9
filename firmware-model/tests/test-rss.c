/*
 * Unit tests: the Toeplitz hash against the verification vectors of
 * Microsoft's RSS specification, and the header selection by capability.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include "rss.h"
#include "tests.h"

static const uint8_t ms_key[40] = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
    0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
    0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
    0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
    0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

typedef struct V4Vector {
    uint8_t dst[4], src[4];
    uint16_t dport, sport;
    uint32_t ip, tcp;
} V4Vector;

static const V4Vector v4[] = {
    { { 161, 142, 100, 80 }, { 66, 9, 149, 187 }, 1766, 2794,
      0x323e8fc2, 0x51ccc178 },
    { { 65, 69, 140, 83 }, { 199, 92, 111, 2 }, 4739, 14230,
      0xd718262a, 0xc626b0ea },
    { { 12, 22, 207, 184 }, { 24, 19, 198, 95 }, 38024, 12898,
      0xd2d0a5de, 0x5c2b394a },
    { { 209, 142, 163, 6 }, { 38, 27, 205, 30 }, 2217, 48228,
      0x82989176, 0xafc7327f },
    { { 202, 188, 127, 2 }, { 153, 39, 163, 191 }, 1303, 44251,
      0x5d1809c5, 0x10e828a2 },
};

START_TEST(toeplitz_ipv4_vectors)
{
    unsigned i;

    for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
        uint8_t in[12];

        memcpy(in, v4[i].src, 4);
        memcpy(in + 4, v4[i].dst, 4);
        in[8] = v4[i].sport >> 8;
        in[9] = v4[i].sport;
        in[10] = v4[i].dport >> 8;
        in[11] = v4[i].dport;
        ck_assert_uint_eq(ql8400_toeplitz(ms_key, in, 8), v4[i].ip);
        ck_assert_uint_eq(ql8400_toeplitz(ms_key, in, 12), v4[i].tcp);
    }
}
END_TEST

START_TEST(toeplitz_ipv6_vector)
{
    static const uint8_t src[16] = { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00,
                                     0x1f, 0xff, 0, 0, 0, 0, 0, 0, 0, 7 };
    static const uint8_t dst[16] = { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00,
                                     0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 1 };
    uint8_t in[36];

    memcpy(in, src, 16);
    memcpy(in + 16, dst, 16);
    in[32] = 2794 >> 8;
    in[33] = 2794 & 0xff;
    in[34] = 1766 >> 8;
    in[35] = 1766 & 0xff;
    ck_assert_uint_eq(ql8400_toeplitz(ms_key, in, 32), 0x2cc18cd5);
    ck_assert_uint_eq(ql8400_toeplitz(ms_key, in, 36), 0x40207d3d);
}
END_TEST

/* An Ethernet/IPv4 frame of the first vector, TCP or UDP. */
static size_t v4_frame(uint8_t *f, uint8_t proto, bool fragment)
{
    memset(f, 0, 64);
    f[12] = 0x08;
    f[14] = 0x45;
    f[14 + 6] = fragment ? 0x20 : 0;        /* MF */
    f[14 + 9] = proto;
    memcpy(f + 14 + 12, v4[0].src, 4);
    memcpy(f + 14 + 16, v4[0].dst, 4);
    f[34] = v4[0].sport >> 8;
    f[35] = v4[0].sport & 0xff;
    f[36] = v4[0].dport >> 8;
    f[37] = v4[0].dport & 0xff;
    return 64;
}

START_TEST(hash_follows_capabilities)
{
    Ql8400Rss rss = { .enabled = true };
    uint8_t f[64];
    uint32_t hash = 0;

    memcpy(rss.key, ms_key, 40);
    rss.caps = QL8400_RSS_CAP_IPV4 | QL8400_RSS_CAP_IPV4_TCP;
    ck_assert_uint_eq(ql8400_rss_hash(&rss, f, v4_frame(f, 6, false), &hash),
                      QL8400_RSS_HASH_TCP_IPV4);
    ck_assert_uint_eq(hash, v4[0].tcp);
    /* UDP without the UDP capability, and fragments: addresses only */
    ck_assert_uint_eq(ql8400_rss_hash(&rss, f, v4_frame(f, 17, false),
                                      &hash), QL8400_RSS_HASH_IPV4);
    ck_assert_uint_eq(hash, v4[0].ip);
    ck_assert_uint_eq(ql8400_rss_hash(&rss, f, v4_frame(f, 6, true), &hash),
                      QL8400_RSS_HASH_IPV4);
    /* UDP with it: ports hashed, reported with the L3 type */
    rss.caps |= QL8400_RSS_CAP_IPV4_UDP;
    ck_assert_uint_eq(ql8400_rss_hash(&rss, f, v4_frame(f, 17, false),
                                      &hash), QL8400_RSS_HASH_IPV4);
    ck_assert_uint_eq(hash, v4[0].tcp);
    /* off, or not IP: no hash */
    rss.enabled = false;
    ck_assert_uint_eq(ql8400_rss_hash(&rss, f, 64, &hash),
                      QL8400_RSS_HASH_NONE);
    rss.enabled = true;
    f[12] = 0x08;
    f[13] = 0x06;                           /* ARP */
    ck_assert_uint_eq(ql8400_rss_hash(&rss, f, 64, &hash),
                      QL8400_RSS_HASH_NONE);
}
END_TEST

Suite *rss_suite(void)
{
    Suite *s = suite_create("rss");
    TCase *tc = tcase_create("toeplitz");

    tcase_add_test(tc, toeplitz_ipv4_vectors);
    tcase_add_test(tc, toeplitz_ipv6_vector);
    tcase_add_test(tc, hash_follows_capabilities);
    suite_add_tcase(s, tc);
    return s;
}
