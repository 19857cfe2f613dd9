/*
 * Test harness: an in-process libslirp network. The code under test plays
 * the guest at 10.0.2.15 on slirp's virtual network 10.0.2.0/24; the host
 * (127.0.0.1, where tgtd listens) is reachable as 10.0.2.2. slirp's ARP
 * requests for the guest are answered here; frames for the guest are
 * queued while slirp runs and handed to the receive callback afterwards,
 * so the callback may send at once.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_TEST_SLIRP_NET_H
#define QL8400_TEST_SLIRP_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct SlirpNet SlirpNet;
typedef void (*SlirpNetRx)(void *opaque, const uint8_t *frame, size_t len);

extern const uint8_t slirp_net_guest_ip[4];    /* 10.0.2.15 */
extern const uint8_t slirp_net_host_ip[4];     /* 10.0.2.2 */

typedef struct SlirpNetStats {
    uint64_t to_slirp;          /* frames the guest sent */
    uint64_t from_slirp;        /* frames slirp sent the guest */
    uint64_t arp_answered;      /* slirp's requests for the guest */
    uint64_t dropped_tx;        /* by the loss setting */
    uint64_t dropped_rx;
    uint64_t queue_full;
} SlirpNetStats;

/* A network whose guest has mac; NULL if slirp cannot start. */
SlirpNet *slirp_net_new(const uint8_t mac[6]);
void slirp_net_free(SlirpNet *n);
void slirp_net_set_rx(SlirpNet *n, SlirpNetRx rx, void *opaque);
/* A frame from the guest. */
void slirp_net_send(SlirpNet *n, const uint8_t *frame, size_t len);
/*
 * Drops every tx_every-th TCP frame the guest sends and every rx_every-th
 * one slirp sends it (0: none).
 */
void slirp_net_set_loss(SlirpNet *n, unsigned tx_every, unsigned rx_every);
/*
 * Runs slirp: waits at most max_wait_ns for its sockets and timers, then
 * delivers the frames it produced.
 */
void slirp_net_poll(SlirpNet *n, int64_t max_wait_ns);
/* ARP for ip (the gateway): true with its MAC within timeout_ns. */
bool slirp_net_resolve(SlirpNet *n, const uint8_t ip[4], uint8_t mac[6],
                       int64_t timeout_ns);
const SlirpNetStats *slirp_net_stats(const SlirpNet *n);
/* CLOCK_MONOTONIC, in nanoseconds: slirp's clock and the tests' */
int64_t slirp_net_now(void);

#endif
