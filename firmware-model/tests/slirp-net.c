/*
 * Test harness: an in-process libslirp network (see slirp-net.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <slirp/libslirp.h>
#include "ip.h"
#include "slirp-net.h"

#define QUEUE_FRAMES    2048
#define FRAME_MAX       2048
#define MAX_TIMERS      4
#define ARP_LEN         42

const uint8_t slirp_net_guest_ip[4] = { 10, 0, 2, 15 };
const uint8_t slirp_net_host_ip[4] = { 10, 0, 2, 2 };

typedef struct SlirpNetTimer {
    bool used;
    SlirpTimerId id;
    void *cb_opaque;
    int64_t expire_ms;          /* -1: not armed */
} SlirpNetTimer;

struct SlirpNet {
    Slirp *slirp;
    uint8_t mac[6];
    SlirpNetRx rx;
    void *rx_opaque;
    /* frames from slirp, delivered after it returns */
    uint8_t (*queue)[FRAME_MAX];
    size_t *queue_len;
    unsigned queue_n;
    struct pollfd *fds;
    unsigned n_fds;
    unsigned fds_size;
    SlirpNetTimer timers[MAX_TIMERS];
    unsigned tx_every;
    unsigned rx_every;
    unsigned tx_tcp;
    unsigned rx_tcp;
    /* ARP resolution in progress */
    uint8_t arp_ip[4];
    bool arp_done;
    uint8_t arp_mac[6];
    SlirpNetStats stats;
};

int64_t slirp_net_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static bool is_tcp(const uint8_t *frame, size_t len)
{
    return len >= 34 && ql8400_ldbe16(frame + 12) == QL8400_ETHERTYPE_IPV4 &&
           frame[23] == QL8400_IPPROTO_TCP;
}

static void build_arp(uint8_t *f, uint16_t op, const uint8_t *dst_mac,
                      const uint8_t *src_mac, const uint8_t *sender_ip,
                      const uint8_t *target_mac, const uint8_t *target_ip)
{
    memcpy(f, dst_mac, 6);
    memcpy(f + 6, src_mac, 6);
    ql8400_stbe16(f + 12, QL8400_ETHERTYPE_ARP);
    ql8400_stbe16(f + 14, 1);           /* Ethernet */
    ql8400_stbe16(f + 16, QL8400_ETHERTYPE_IPV4);
    f[18] = 6;
    f[19] = 4;
    ql8400_stbe16(f + 20, op);
    memcpy(f + 22, src_mac, 6);
    memcpy(f + 28, sender_ip, 4);
    memcpy(f + 32, target_mac, 6);
    memcpy(f + 38, target_ip, 4);
}

/* ARP from slirp: answer requests for the guest, note replies. */
static bool handle_arp(SlirpNet *n, const uint8_t *f, size_t len)
{
    uint8_t reply[ARP_LEN];
    uint16_t op;

    if (len < ARP_LEN || ql8400_ldbe16(f + 12) != QL8400_ETHERTYPE_ARP) {
        return false;
    }
    op = ql8400_ldbe16(f + 20);
    if (op == 1 && !memcmp(f + 38, slirp_net_guest_ip, 4)) {
        build_arp(reply, 2, f + 22, n->mac, slirp_net_guest_ip, f + 22,
                  f + 28);
        n->stats.arp_answered++;
        slirp_input(n->slirp, reply, sizeof(reply));
    } else if (op == 2 && !memcmp(f + 28, n->arp_ip, 4)) {
        memcpy(n->arp_mac, f + 22, 6);
        n->arp_done = true;
    }
    return true;
}

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
    SlirpNet *n = opaque;

    if (len > FRAME_MAX) {
        return len;
    }
    if (n->queue_n == QUEUE_FRAMES) {
        n->stats.queue_full++;
        return len;
    }
    memcpy(n->queue[n->queue_n], buf, len);
    n->queue_len[n->queue_n++] = len;
    return len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
    fprintf(stderr, "slirp-net: guest error: %s\n", msg);
}

static int64_t cb_clock_get_ns(void *opaque)
{
    return slirp_net_now();
}

static void *cb_timer_new_opaque(SlirpTimerId id, void *cb_opaque,
                                 void *opaque)
{
    SlirpNet *n = opaque;
    unsigned i;

    for (i = 0; i < MAX_TIMERS; i++) {
        if (!n->timers[i].used) {
            n->timers[i].used = true;
            n->timers[i].id = id;
            n->timers[i].cb_opaque = cb_opaque;
            n->timers[i].expire_ms = -1;
            return &n->timers[i];
        }
    }
    fprintf(stderr, "slirp-net: out of timers\n");
    abort();
}

static void cb_timer_free(void *timer, void *opaque)
{
    SlirpNetTimer *t = timer;

    t->used = false;
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    SlirpNetTimer *t = timer;

    t->expire_ms = expire_ms;
}

static void cb_register_poll_fd(int fd, void *opaque)
{
}

static void cb_unregister_poll_fd(int fd, void *opaque)
{
}

static void cb_notify(void *opaque)
{
}

static const SlirpCb callbacks = {
    .send_packet = cb_send_packet,
    .guest_error = cb_guest_error,
    .clock_get_ns = cb_clock_get_ns,
    .timer_free = cb_timer_free,
    .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_register_poll_fd,
    .unregister_poll_fd = cb_unregister_poll_fd,
    .notify = cb_notify,
    .timer_new_opaque = cb_timer_new_opaque,
};

SlirpNet *slirp_net_new(const uint8_t mac[6])
{
    SlirpNet *n = calloc(1, sizeof(*n));
    SlirpConfig cfg = { 0 };

    if (!n) {
        return NULL;
    }
    memcpy(n->mac, mac, 6);
    n->queue = calloc(QUEUE_FRAMES, FRAME_MAX);
    n->queue_len = calloc(QUEUE_FRAMES, sizeof(size_t));
    if (!n->queue || !n->queue_len) {
        slirp_net_free(n);
        return NULL;
    }
    cfg.version = 4;
    cfg.restricted = 0;
    cfg.in_enabled = true;
    inet_pton(AF_INET, "10.0.2.0", &cfg.vnetwork);
    inet_pton(AF_INET, "255.255.255.0", &cfg.vnetmask);
    inet_pton(AF_INET, "10.0.2.2", &cfg.vhost);
    inet_pton(AF_INET, "10.0.2.15", &cfg.vdhcp_start);
    inet_pton(AF_INET, "10.0.2.3", &cfg.vnameserver);
    cfg.in6_enabled = false;
    cfg.vhostname = "ql8400-test";
    cfg.disable_dns = true;
    cfg.disable_dhcp = true;
    n->slirp = slirp_new(&cfg, &callbacks, n);
    if (!n->slirp) {
        slirp_net_free(n);
        return NULL;
    }
    return n;
}

void slirp_net_free(SlirpNet *n)
{
    if (!n) {
        return;
    }
    if (n->slirp) {
        slirp_cleanup(n->slirp);
    }
    free(n->queue);
    free(n->queue_len);
    free(n->fds);
    free(n);
}

void slirp_net_set_rx(SlirpNet *n, SlirpNetRx rx, void *opaque)
{
    n->rx = rx;
    n->rx_opaque = opaque;
}

void slirp_net_set_loss(SlirpNet *n, unsigned tx_every, unsigned rx_every)
{
    n->tx_every = tx_every;
    n->rx_every = rx_every;
}

const SlirpNetStats *slirp_net_stats(const SlirpNet *n)
{
    return &n->stats;
}

void slirp_net_send(SlirpNet *n, const uint8_t *frame, size_t len)
{
    if (is_tcp(frame, len) && n->tx_every &&
        ++n->tx_tcp % n->tx_every == 0) {
        n->stats.dropped_tx++;
        return;
    }
    n->stats.to_slirp++;
    slirp_input(n->slirp, frame, len);
}

static int cb_add_poll(int fd, int events, void *opaque)
{
    SlirpNet *n = opaque;
    short ev = 0;

    if (n->n_fds == n->fds_size) {
        unsigned size = n->fds_size ? n->fds_size * 2 : 16;
        struct pollfd *fds = realloc(n->fds, size * sizeof(*fds));

        if (!fds) {
            abort();
        }
        n->fds = fds;
        n->fds_size = size;
    }
    if (events & SLIRP_POLL_IN) {
        ev |= POLLIN;
    }
    if (events & SLIRP_POLL_OUT) {
        ev |= POLLOUT;
    }
    if (events & SLIRP_POLL_PRI) {
        ev |= POLLPRI;
    }
    n->fds[n->n_fds].fd = fd;
    n->fds[n->n_fds].events = ev;
    n->fds[n->n_fds].revents = 0;
    return n->n_fds++;
}

static int cb_get_revents(int idx, void *opaque)
{
    SlirpNet *n = opaque;
    short re;
    int ev = 0;

    if (idx < 0 || (unsigned)idx >= n->n_fds) {
        return 0;
    }
    re = n->fds[idx].revents;
    if (re & POLLIN) {
        ev |= SLIRP_POLL_IN;
    }
    if (re & POLLOUT) {
        ev |= SLIRP_POLL_OUT;
    }
    if (re & POLLPRI) {
        ev |= SLIRP_POLL_PRI;
    }
    if (re & POLLERR) {
        ev |= SLIRP_POLL_ERR;
    }
    if (re & POLLHUP) {
        ev |= SLIRP_POLL_HUP;
    }
    return ev;
}

static void run_timers(SlirpNet *n)
{
    int64_t now_ms = slirp_net_now() / 1000000;
    unsigned i;

    for (i = 0; i < MAX_TIMERS; i++) {
        SlirpNetTimer *t = &n->timers[i];

        if (t->used && t->expire_ms >= 0 && t->expire_ms <= now_ms) {
            t->expire_ms = -1;
            slirp_handle_timer(n->slirp, t->id, t->cb_opaque);
        }
    }
}

static void deliver(SlirpNet *n)
{
    unsigned i, count;
    static uint8_t frame[FRAME_MAX];
    size_t len;

    /* frames slirp sends while we deliver wait for the next round */
    while (n->queue_n) {
        count = n->queue_n;
        for (i = 0; i < count; i++) {
            len = n->queue_len[i];
            memcpy(frame, n->queue[i], len);
            n->stats.from_slirp++;
            if (handle_arp(n, frame, len)) {
                continue;
            }
            if (is_tcp(frame, len) && n->rx_every &&
                ++n->rx_tcp % n->rx_every == 0) {
                n->stats.dropped_rx++;
                continue;
            }
            if (n->rx) {
                n->rx(n->rx_opaque, frame, len);
            }
        }
        memmove(n->queue[0], n->queue[count],
                (size_t)(n->queue_n - count) * FRAME_MAX);
        memmove(n->queue_len, n->queue_len + count,
                (n->queue_n - count) * sizeof(size_t));
        n->queue_n -= count;
    }
}

void slirp_net_poll(SlirpNet *n, int64_t max_wait_ns)
{
    uint32_t timeout = UINT32_MAX;
    int64_t wait_ms = max_wait_ns > 0 ? (max_wait_ns + 999999) / 1000000 : 0;
    int64_t now_ms = slirp_net_now() / 1000000;
    unsigned i;
    int rc;

    deliver(n);
    for (i = 0; i < MAX_TIMERS; i++) {
        if (n->timers[i].used && n->timers[i].expire_ms >= 0) {
            int64_t d = n->timers[i].expire_ms - now_ms;

            if (d < wait_ms) {
                wait_ms = d < 0 ? 0 : d;
            }
        }
    }
    n->n_fds = 0;
    slirp_pollfds_fill(n->slirp, &timeout, cb_add_poll, n);
    if (timeout < wait_ms) {
        wait_ms = timeout;
    }
    rc = poll(n->fds, n->n_fds, (int)wait_ms);
    if (rc < 0 && errno != EINTR) {
        perror("slirp-net: poll");
    }
    slirp_pollfds_poll(n->slirp, rc < 0, cb_get_revents, n);
    run_timers(n);
    deliver(n);
}

bool slirp_net_resolve(SlirpNet *n, const uint8_t ip[4], uint8_t mac[6],
                       int64_t timeout_ns)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    static const uint8_t zero[6];
    int64_t deadline = slirp_net_now() + timeout_ns, next = 0;
    uint8_t req[ARP_LEN];

    memcpy(n->arp_ip, ip, 4);
    n->arp_done = false;
    while (!n->arp_done && slirp_net_now() < deadline) {
        if (slirp_net_now() >= next) {
            build_arp(req, 1, bcast, n->mac, slirp_net_guest_ip, zero, ip);
            slirp_input(n->slirp, req, sizeof(req));
            next = slirp_net_now() + 200000000ll;
        }
        slirp_net_poll(n, 20000000ll);
    }
    if (n->arp_done) {
        memcpy(mac, n->arp_mac, 6);
    }
    return n->arp_done;
}
