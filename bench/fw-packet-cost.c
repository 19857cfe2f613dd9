/*
 * The host CPU cost of the firmware model per packet, without QEMU or a
 * guest: the L2 fast path on the unit tests' fake host, driven as bnx2x
 * drives it (TX BD chains and doorbells, RX buffers reposted as they are
 * used). Prints nanoseconds per packet for each workload; bench/net-
 * throughput also runs it under callgrind for instructions per packet
 * (only bench_loop counts: --toggle-collect=bench_loop). It runs as a
 * Check test in the process (no fork) because the fixture's link bring-up
 * asserts the way the unit tests do.
 *
 *   fw-packet-cost [--packets N] [--only WORKLOAD]
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ip.h"
#include "l2-fixture.h"
#include "le.h"

#define TSO_HDR_LEN     66              /* Ethernet, IPv4, TCP + timestamps */
#define TSO_FRAGS       16
#define TSO_FRAG_LEN    4000            /* 16 pages' worth of payload */
#define TSO_MSS         1448
#define MTU_FRAME       1514
#define ACK_FRAME       66

typedef struct Workload {
    const char *name;
    const char *what;
    void (*one)(L2Fixture *f, unsigned i);
} Workload;

static uint16_t rx_bd_prod = 8, rx_cqe_prod = 8;
static unsigned rx_not_placed;
static uint8_t rx_frame_mtu[MTU_FRAME], rx_frame_ack[ACK_FRAME];

/* TCP/IPv4 from the host to the port, `len` bytes, checksums right */
static void build_rx_frame(uint8_t *f, size_t len)
{
    Ql8400IpHdr ip = { .ttl = 64, .proto = QL8400_IPPROTO_TCP,
                       .dont_fragment = true };
    size_t hl, l4_len, i;
    uint8_t *l4;

    memcpy(ip.dst_mac, l2_port_mac, 6);
    memcpy(ip.src_mac, "\x52\x55\x0a\x00\x02\x02", 6);
    memcpy(ip.src_ip, "\x0a\x00\x02\x02", 4);
    memcpy(ip.dst_ip, "\x0a\x00\x02\x0f", 4);
    hl = ql8400_ip_hdr_len(&ip);
    l4_len = len - hl;
    ql8400_ip_build(f, &ip, l4_len);
    l4 = f + hl;
    memset(l4, 0, l4_len);
    ql8400_stbe16(l4, 5201);
    ql8400_stbe16(l4 + 2, 40000);
    l4[12] = 8 << 4;                    /* 32 bytes: timestamps */
    l4[13] = 0x10;                      /* ACK */
    for (i = 32; i < l4_len; i++) {
        l4[i] = i;
    }
    ql8400_stbe16(l4 + 16, ql8400_l4_csum(false, ip.src_ip, ip.dst_ip,
                                          QL8400_IPPROTO_TCP, l4, l4_len));
}

/* guest->host: a 64 KiB TSO send as bnx2x posts it, headers in the first BD */
static void tx_tso(L2Fixture *f, unsigned i)
{
    uint64_t buf[1 + TSO_FRAGS];
    uint16_t len[1 + TSO_FRAGS];
    unsigned k;

    buf[0] = DATA;
    len[0] = TSO_HDR_LEN;
    for (k = 1; k <= TSO_FRAGS; k++) {
        buf[k] = BUFS + (uint64_t)k * 0x1000;
        len[k] = TSO_FRAG_LEN;
    }
    /* L4 checksum + LSO; L4 at 34 bytes (17 words), 8-dword TCP header */
    l2_tx_packet(f, buf, len, 1 + TSO_FRAGS, 1 << 1 | 1 << 6,
                 17 | 8 << 11 | (uint32_t)TSO_MSS << 16);
    l2_doorbell(f, 0);
}

/* a full-size frame with checksum offload, one doorbell each */
static void tx_mtu(L2Fixture *f, unsigned i)
{
    uint64_t buf[2] = { DATA, BUFS + 0x1000 };
    uint16_t len[2] = { TSO_HDR_LEN, MTU_FRAME - TSO_HDR_LEN };

    l2_tx_packet(f, buf, len, 2, 1 << 1, 17 | 8 << 11);
    l2_doorbell(f, 0);
}

static uint16_t rx_bd_next(uint16_t i)
{
    return (i & 511) == 509 ? i + 3 : i + 1;
}

static uint16_t rcq_next(uint16_t i)
{
    return (i & 63) == 62 ? i + 2 : i + 1;
}

/* host->guest: a frame placed, its CQE written, the buffer reposted */
static void rx_one(L2Fixture *f, const uint8_t *frame, size_t len)
{
    if (ql8400_port_receive(f->c, frame, len) != QL8400_RX_DONE) {
        rx_not_placed++;        /* checked after the loop: asserts cost */
    }
    rx_bd_prod = rx_bd_next(rx_bd_prod);
    rx_cqe_prod = rcq_next(rx_cqe_prod);
    l2_rx_prods(f, rx_cqe_prod, rx_bd_prod);
}

static void rx_mtu(L2Fixture *f, unsigned i)
{
    rx_one(f, rx_frame_mtu, sizeof(rx_frame_mtu));
}

static void rx_ack(L2Fixture *f, unsigned i)
{
    rx_one(f, rx_frame_ack, sizeof(rx_frame_ack));
}

static const Workload workloads[] = {
    { "tx-tso-64k", "TSO send of 64 KiB in 17 BDs", tx_tso },
    { "tx-1514", "1514-byte frame, checksum offload", tx_mtu },
    { "rx-1514", "1514-byte TCP frame, checksums validated", rx_mtu },
    { "rx-ack-66", "66-byte TCP ACK", rx_ack },
};

/* every BD slot of the RX ring points at one of 8 buffers */
static void rx_ring_fill(L2Fixture *f)
{
    unsigned i;

    for (i = 0; i < 1024; i++) {
        if ((i & 511) < 510) {
            ql8400_st64(l2_mem(f, RX_BD_RING + 8 * i),
                        BUFS + RX_BUF_SIZE * (i % 8) + 64);
        }
    }
}

/* the measured part: callgrind counts this function only */
__attribute__((noinline)) void bench_loop(L2Fixture *f, const Workload *w,
                                          unsigned n)
{
    unsigned i;

    for (i = 0; i < n; i++) {
        w->one(f, i);
    }
}

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static unsigned n_packets = 20000;
static const char *only;

START_TEST(run_workloads)
{
    unsigned k;

    build_rx_frame(rx_frame_mtu, sizeof(rx_frame_mtu));
    build_rx_frame(rx_frame_ack, sizeof(rx_frame_ack));
    for (k = 0; k < sizeof(workloads) / sizeof(workloads[0]); k++) {
        const Workload *w = &workloads[k];
        L2Fixture f;
        double t;

        if (only && strcmp(only, w->name)) {
            continue;
        }
        l2_setup(&f);
        rx_ring_fill(&f);
        rx_bd_prod = rx_cqe_prod = 8;
        t = now_ns();
        bench_loop(&f, w, n_packets);
        t = now_ns() - t;
        ck_assert_msg(!ql8400_log_guest_errors, "%s: the model reported"
                      " guest errors", w->name);
        ck_assert_msg(!rx_not_placed, "%s: %u frames not placed", w->name,
                      rx_not_placed);
        printf("%-12s %8.0f ns/packet  (%s; %u packets, %u frames out)\n",
               w->name, t / n_packets, w->what, n_packets, f.h->frames_out);
        l2_teardown(&f);
    }
}
END_TEST

int main(int argc, char **argv)
{
    Suite *s = suite_create("fw-packet-cost");
    TCase *tc = tcase_create("workloads");
    SRunner *sr;
    int k, failed;

    for (k = 1; k < argc; k++) {
        if (!strcmp(argv[k], "--packets") && k + 1 < argc) {
            n_packets = strtoul(argv[++k], NULL, 0);
        } else if (!strcmp(argv[k], "--only") && k + 1 < argc) {
            only = argv[++k];
        } else {
            fprintf(stderr, "usage: fw-packet-cost [--packets N] "
                    "[--only WORKLOAD]\n");
            return 2;
        }
    }
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, run_workloads);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_SILENT);
    failed = srunner_ntests_failed(sr);
    if (failed) {
        srunner_print(sr, CK_NORMAL);
    }
    srunner_free(sr);
    return failed ? 1 : 0;
}
