/*
 * Unit tests: the L2 fast path as the bnx2x driver drives it — TX BD
 * chains and doorbells, TX completions in the status block, RX placement,
 * fast-path CQEs, filtering and running out of buffers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include "l2-fixture.h"
#include "eth-rx-parse.h"
#include "ip.h"
#include "le.h"
#include "tests.h"

static L2Fixture fx;
static FakeHost *h;
static Ql8400Chip *c;

static uint8_t *mem(uint64_t addr)
{
    return l2_mem(&fx, addr);
}

static void rx_prods(uint16_t cqe_prod, uint16_t bd_prod)
{
    l2_rx_prods(&fx, cqe_prod, bd_prod);
}

static void tx_bd(uint16_t idx, const void *bd)
{
    l2_tx_bd(&fx, idx, bd);
}

static void tx_packet(const uint64_t *buf, const uint16_t *len, unsigned n,
                      uint8_t flags, uint32_t parsing)
{
    l2_tx_packet(&fx, buf, len, n, flags, parsing);
}

static void doorbell(uint32_t cid)
{
    l2_doorbell(&fx, cid);
}

static uint8_t *rcq(unsigned i)
{
    return l2_rcq(&fx, i);
}

static void setup(void)
{
    l2_setup(&fx);
    h = fx.h;
    c = fx.c;
}

static void teardown(void)
{
    l2_teardown(&fx);
}

START_TEST(tx_gathers_bds_and_completes_packets)
{
    uint64_t buf[3] = { DATA + 0x1000, DATA + 0x2000, DATA + 0x3000 };
    uint16_t len[3] = { 54, 100, 46 };
    unsigned i;

    for (i = 0; i < 3; i++) {
        memset(mem(buf[i]), 'a' + i, len[i]);
    }
    /* TCP over IPv4 with checksum offload: L4 at 34 bytes (17 words) */
    tx_packet(buf, len, 3, 1 << 1, 17 | 5 << 11);
    doorbell(0);
    ck_assert_uint_eq(h->frames_out, 1);
    ck_assert_uint_eq(h->frame_len[0], 200);
    ck_assert_uint_eq(h->frame[0][0], 'a');
    ck_assert_uint_eq(h->frame[0][54], 'b');
    ck_assert_uint_eq(h->frame[0][199], 'c');
    ck_assert(h->offload[0].l4_csum);
    ck_assert(!h->offload[0].lso);
    ck_assert_uint_eq(h->offload[0].l4_offset, 34);
    /* TX packet consumer of CoS 0 in SB index 5 */
    ck_assert_uint_eq(ql8400_ld16(mem(FP_SB + 2 * 5)), 1);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(tx_lso_and_vlan_requests_reach_the_host)
{
    uint64_t buf[1] = { DATA + 0x1000 };
    uint16_t len[1] = { 3000 };
    uint8_t bd[16];

    tx_packet(buf, len, 1, 1 << 1 | 1 << 6 | 1 << 2, 17 | 8 << 11 |
              1448u << 16);
    /* the start BD's TCI field for the outband VLAN */
    memcpy(bd, mem(TX_RING), 16);
    ql8400_st16(bd + 0xc, 42);
    tx_bd(0, bd);
    doorbell(0);
    ck_assert_uint_eq(h->frames_out, 1);
    ck_assert(h->offload[0].lso);
    ck_assert_uint_eq(h->offload[0].mss, 1448);
    ck_assert_uint_eq(h->offload[0].hdr_len, 34 + 32);
    ck_assert(h->offload[0].vlan_insert);
    ck_assert_uint_eq(h->offload[0].vlan_tci, 42);
}
END_TEST

START_TEST(tx_crosses_pages)
{
    uint64_t buf[2] = { DATA + 0x1000, DATA + 0x2000 };
    uint16_t len[2] = { 60, 4 };
    unsigned i;

    /* 100 packets of 3 BDs: 300 BDs, over the first page's link */
    for (i = 0; i < 100; i++) {
        tx_packet(buf, len, 2, 0, 0);
    }
    doorbell(0);
    ck_assert_uint_eq(h->frames_out, 100);
    ck_assert_uint_eq(ql8400_ld16(mem(FP_SB + 2 * 5)), 100);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(tx_broken_chain_stops_the_queue)
{
    uint8_t bd[16] = { 0 };

    /* no START_BD flag: the firmware cannot follow this ring */
    tx_bd(0, bd);
    fx.tx_prod = 2;
    doorbell(0);
    ck_assert_uint_eq(h->frames_out, 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 1);
    /* a doorbell on a cid nobody set up */
    ql8400_doorbell_write(c, 77 * 8, 2 << 16 | 2, 4);
    ck_assert_uint_eq(ql8400_log_guest_errors, 2);
}
END_TEST

static size_t frame(uint8_t *f, const uint8_t *da, bool tagged)
{
    size_t n = 0;

    memcpy(f, da, 6);
    memcpy(f + 6, "\x52\x54\x00\x12\x34\x56", 6);
    n = 12;
    if (tagged) {
        memcpy(f + n, "\x81\x00\x00\x2a", 4);
        n += 4;
    }
    memcpy(f + n, "\x08\x00", 2);
    n += 2;
    memset(f + n, 0x5a, 46);
    return n + 46;
}

START_TEST(rx_places_and_reports_frames)
{
    uint8_t f[64];
    size_t n = frame(f, l2_port_mac, false);
    uint8_t *cqe = rcq(0);

    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DONE);
    ck_assert_uint_eq(cqe[0] & 3, 0);                  /* fast path */
    ck_assert_uint_eq(ql8400_ld16(cqe + 0xa), n);      /* pkt_len */
    ck_assert_uint_eq(cqe[3], 2);                      /* placement */
    ck_assert_uint_eq(ql8400_ld32(cqe + 0x3c), 0);     /* marker */
    ck_assert(!memcmp(mem(BUFS + 64 + 2), f, n));
    ck_assert_uint_eq(ql8400_ld16(mem(FP_SB + 2)), 2); /* RCQ producer */
}
END_TEST

START_TEST(rx_filters_by_mac_and_strips_vlan)
{
    uint8_t f[64], *cqe;
    size_t n;

    n = frame(f, (const uint8_t *)"\x00\x0e\x1e\x99\x99\x99", false);
    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DROPPED);
    n = frame(f, (const uint8_t *)"\x01\x00\x5e\x00\x00\x01", false);
    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DROPPED);
    n = frame(f, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", true);
    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DONE);
    cqe = rcq(0);
    ck_assert_uint_eq(ql8400_ld16(cqe + 0xa), n - 4);  /* tag stripped */
    ck_assert_uint_eq(ql8400_ld16(cqe + 8), 42);       /* its TCI */
    ck_assert(ql8400_ld16(cqe + 0xe) & 2);             /* VLAN flag */
    ck_assert(cqe[1] & 0x10);                          /* broadcast */
}
END_TEST

/*
 * An IPv4 or IPv6 frame to the port with a TCP or UDP segment of `data`
 * bytes, every checksum right.
 */
static size_t ip_frame(uint8_t *f, bool ipv6, uint8_t proto, size_t data)
{
    Ql8400IpHdr ip = { .ipv6 = ipv6, .ttl = 64, .proto = proto,
                       .ip_id = 7 };
    size_t l4_len = (proto == QL8400_IPPROTO_TCP ? 20 : 8) + data, hl, i;
    uint8_t *l4;

    memcpy(ip.dst_mac, l2_port_mac, 6);
    memcpy(ip.src_mac, "\x52\x54\x00\x12\x34\x56", 6);
    memcpy(ip.src_ip, ipv6 ? "\xfe\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\x02"
                           : "\x0a\x00\x02\x02", ipv6 ? 16 : 4);
    memcpy(ip.dst_ip, ipv6 ? "\xfe\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\x0f"
                           : "\x0a\x00\x02\x0f", ipv6 ? 16 : 4);
    hl = ql8400_ip_build(f, &ip, l4_len);
    l4 = f + hl;
    memset(l4, 0, l4_len);
    ql8400_stbe16(l4, 3260);
    ql8400_stbe16(l4 + 2, 40000);
    if (proto == QL8400_IPPROTO_TCP) {
        l4[12] = 5 << 4;
        l4[13] = 0x18;
    } else {
        ql8400_stbe16(l4 + 4, l4_len);
    }
    for (i = l4_len - data; i < l4_len; i++) {
        l4[i] = i * 7;
    }
    ql8400_stbe16(l4 + (proto == QL8400_IPPROTO_TCP ? 16 : 6),
                  ql8400_l4_csum(ipv6, ip.src_ip, ip.dst_ip, proto, l4,
                                 l4_len));
    return hl + l4_len;
}

/* type_error_flags, status_flags and parsing flags of the i-th CQE */
#define CQE_ERR(i)      (rcq(i)[0] & (QL8400_CQE_IP_BAD_XSUM | \
                                       QL8400_CQE_L4_BAD_XSUM))
#define CQE_NO_VAL(i)   (rcq(i)[1] & (QL8400_CQE_IP_XSUM_NO_VALIDATION | \
                                       QL8400_CQE_L4_XSUM_NO_VALIDATION))
#define CQE_PARS(i)     ql8400_ld16(rcq(i) + 0xe)

START_TEST(rx_validates_checksums)
{
    uint8_t f[1600], t[1600];
    size_t n;

    /* good TCP/IPv4: both validated, no error; IPv4 and TCP parsed */
    n = ip_frame(f, false, QL8400_IPPROTO_TCP, 1000);
    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DONE);
    ck_assert_uint_eq(CQE_ERR(0), 0);
    ck_assert_uint_eq(CQE_NO_VAL(0), 0);
    ck_assert_uint_eq((CQE_PARS(0) >> 3) & 3, 1);
    ck_assert_uint_eq((CQE_PARS(0) >> 7) & 3, 1);
    /* one payload bit flipped: L4 bad, IP still good */
    f[n - 1] ^= 1;
    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DONE);
    ck_assert_uint_eq(CQE_ERR(1), QL8400_CQE_L4_BAD_XSUM);
    ck_assert_uint_eq(CQE_NO_VAL(1), 0);
    /* the IP header's TTL changed: IP bad */
    f[n - 1] ^= 1;
    f[14 + 8]--;
    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DONE);
    ck_assert(CQE_ERR(2) & QL8400_CQE_IP_BAD_XSUM);
    /* a fragment: IP checked, L4 left to the stack */
    n = ip_frame(f, false, QL8400_IPPROTO_TCP, 100);
    f[14 + 6] |= 0x20;                              /* MF */
    ql8400_stbe16(f + 14 + 10, 0);
    ql8400_stbe16(f + 14 + 10, ql8400_csum_fold(ql8400_csum_add(0, f + 14,
                                                                20)));
    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DONE);
    ck_assert_uint_eq(CQE_ERR(3), 0);
    ck_assert_uint_eq(CQE_NO_VAL(3), QL8400_CQE_L4_XSUM_NO_VALIDATION);
    ck_assert(CQE_PARS(3) & QL8400_PARS_FRAGMENT);
    /* UDP/IPv6: no IP checksum to validate, L4 validated */
    n = ip_frame(f, true, 17, 300);
    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DONE);
    ck_assert_uint_eq(CQE_ERR(4), 0);
    ck_assert_uint_eq(CQE_NO_VAL(4), QL8400_CQE_IP_XSUM_NO_VALIDATION);
    ck_assert_uint_eq((CQE_PARS(4) >> 3) & 3, 2);
    ck_assert_uint_eq((CQE_PARS(4) >> 7) & 3, 2);
    /* tagged TCP/IPv4 with a bad checksum: validated after the strip */
    n = ip_frame(f, false, QL8400_IPPROTO_TCP, 200);
    memcpy(t, f, 12);
    memcpy(t + 12, "\x81\x00\x00\x2a", 4);
    memcpy(t + 16, f + 12, n - 12);
    t[n + 4 - 1] ^= 0x80;
    ck_assert_int_eq(ql8400_port_receive(c, t, n + 4), QL8400_RX_DONE);
    ck_assert_uint_eq(CQE_ERR(5), QL8400_CQE_L4_BAD_XSUM);
    ck_assert(CQE_PARS(5) & 2);                     /* VLAN stripped */
    ck_assert(!memcmp(mem(BUFS + 5 * 0x800 + 64 + 2), f, 12));
    /* not IP: nothing validated */
    n = frame(f, l2_port_mac, false);
    f[12] = 0x08;
    f[13] = 0x06;
    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DONE);
    ck_assert_uint_eq(CQE_ERR(6), 0);
    ck_assert_uint_eq(CQE_NO_VAL(6), QL8400_CQE_IP_XSUM_NO_VALIDATION |
                                     QL8400_CQE_L4_XSUM_NO_VALIDATION);
}
END_TEST

/* A network that answers each frame within its send, as QEMU's slirp. */
static Ql8400RxResult answer_result;

static void answer_at_once(FakeHost *fh, const uint8_t *sent, size_t len)
{
    uint8_t f[64];

    answer_result = ql8400_port_receive(c, f, frame(f, l2_port_mac, false));
}

/*
 * An L2 frame arriving while the model sends is placed at once: nothing
 * of the transmit path is re-entered, and the guest's TCP gets its ACKs
 * without waiting for the host to flush a queue.
 */
START_TEST(rx_within_a_send_is_placed_at_once)
{
    uint64_t buf[1] = { DATA + 0x1000 };
    uint16_t len[1] = { 60 };
    unsigned resumes = h->rx_resumes;

    h->on_frame_out = answer_at_once;
    tx_packet(buf, len, 1, 0, 0);
    tx_packet(buf, len, 1, 0, 0);
    doorbell(0);
    h->on_frame_out = NULL;
    ck_assert_uint_eq(h->frames_out, 2);
    ck_assert_int_eq(answer_result, QL8400_RX_DONE);
    ck_assert_uint_eq(h->rx_resumes, resumes);      /* nothing held */
    ck_assert_uint_eq(ql8400_ld16(l2_rcq(&fx, 1) + 0xa), 60);  /* 2 CQEs */
    ck_assert_uint_eq(ql8400_ld16(mem(FP_SB + 2 * 5)), 2);     /* TX done */
    ck_assert_uint_eq(ql8400_ld16(mem(FP_SB + 2)), 3);         /* RCQ */
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

/* IP_CSUM in the start BD: the chip fills in the IPv4 header checksum. */
START_TEST(tx_ip_csum_flag_fills_the_header_checksum)
{
    uint64_t buf[1] = { DATA + 0x1000 };
    uint16_t len[1];
    uint8_t *f = mem(buf[0]);
    uint16_t good;

    len[0] = ip_frame(f, false, QL8400_IPPROTO_TCP, 100);
    good = ql8400_ldbe16(f + 14 + 10);
    ql8400_stbe16(f + 14 + 10, 0x1234);             /* wrong */
    tx_packet(buf, len, 1, 1 << 0, 0);              /* IP_CSUM */
    tx_packet(buf, len, 1, 0, 0);                   /* no flag */
    doorbell(0);
    ck_assert_uint_eq(h->frames_out, 2);
    ck_assert_uint_eq(ql8400_ldbe16(h->frame[0] + 14 + 10), good);
    ck_assert_uint_eq(ql8400_ldbe16(h->frame[1] + 14 + 10), 0x1234);
}
END_TEST

START_TEST(no_link_no_traffic)
{
    uint64_t buf[1] = { DATA + 0x1000 };
    uint16_t len[1] = { 60 };
    uint8_t f[64];
    size_t n = frame(f, l2_port_mac, false);

    ql8400_link_set_carrier(c, false);
    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DROPPED);
    /* TX drains: nothing leaves, but the packet still completes */
    tx_packet(buf, len, 1, 0, 0);
    doorbell(0);
    ck_assert_uint_eq(h->frames_out, 0);
    ck_assert_uint_eq(ql8400_ld16(mem(FP_SB + 2 * 5)), 1);
}
END_TEST

START_TEST(rx_without_buffers_holds_frames)
{
    uint8_t f[64];
    size_t n = frame(f, l2_port_mac, false);
    unsigned i;

    /* 8 CQEs of credit, one taken by the CLIENT_SETUP completion */
    for (i = 0; i < 7; i++) {
        ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DONE);
    }
    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_NO_BUFFER);
    /* the driver posts more buffers: the host is told to retry */
    rx_prods(16, 16);
    ck_assert_uint_gt(h->rx_resumes, 0);
    ck_assert_int_eq(ql8400_port_receive(c, f, n), QL8400_RX_DONE);
}
END_TEST

Suite *l2_suite(void)
{
    Suite *s = suite_create("l2");
    TCase *tc = tcase_create("tx_rx");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, tx_gathers_bds_and_completes_packets);
    tcase_add_test(tc, tx_lso_and_vlan_requests_reach_the_host);
    tcase_add_test(tc, tx_crosses_pages);
    tcase_add_test(tc, tx_broken_chain_stops_the_queue);
    tcase_add_test(tc, rx_places_and_reports_frames);
    tcase_add_test(tc, rx_filters_by_mac_and_strips_vlan);
    tcase_add_test(tc, rx_without_buffers_holds_frames);
    tcase_add_test(tc, rx_validates_checksums);
    tcase_add_test(tc, rx_within_a_send_is_placed_at_once);
    tcase_add_test(tc, tx_ip_csum_flag_fills_the_header_checksum);
    tcase_add_test(tc, no_link_no_traffic);
    suite_add_tcase(s, tc);
    return s;
}
