/*
 * QLogic 8400 Series adapter: the host interface of the firmware model,
 * implemented with QEMU's PCI DMA (so it works behind a vIOMMU), MSI-X,
 * INTx and the NIC backend.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/pci/pci_device.h"
#include "net/eth.h"
#include "net/net.h"
#include "standard-headers/linux/virtio_net.h"
#include "../net_tx_pkt.h"
#include "ql8400.h"
#include "trace.h"

static Ql8400DmaResult ql8400_host_dma_read(void *opaque, uint64_t addr,
                                       void *buf, size_t len)
{
    Ql8400State *s = opaque;

    if (pci_dma_read(PCI_DEVICE(s), addr, buf, len) != MEMTX_OK) {
        trace_ql8400_dma_fault("read", addr, len);
        return QL8400_DMA_FAULT;
    }
    return QL8400_DMA_OK;
}

static Ql8400DmaResult ql8400_host_dma_write(void *opaque, uint64_t addr,
                                        const void *buf, size_t len)
{
    Ql8400State *s = opaque;

    if (pci_dma_write(PCI_DEVICE(s), addr, buf, len) != MEMTX_OK) {
        trace_ql8400_dma_fault("write", addr, len);
        return QL8400_DMA_FAULT;
    }
    return QL8400_DMA_OK;
}

static void ql8400_msix_notify(void *opaque, unsigned vector)
{
    PCIDevice *pdev = PCI_DEVICE(opaque);

    trace_ql8400_msix(vector);
    if (msix_enabled(pdev)) {
        msix_notify(pdev, vector);
    } else if (msi_enabled(pdev)) {
        msi_notify(pdev, 0);    /* single-ISR mode: one MSI for all */
    }
}

static void ql8400_set_intx(void *opaque, bool level)
{
    pci_set_irq(PCI_DEVICE(opaque), level);
}

/* The frame belongs to the firmware model: nothing to give back. */
static void ql8400_tx_frag_done(void *context, void *base, size_t len)
{
}

/* A frame as it is; a backend taking virtio-net headers gets an empty one */
static void ql8400_send_plain(Ql8400State *s, NetClientState *nc,
                              const uint8_t *frame, size_t len)
{
    struct virtio_net_hdr vh = { .gso_type = VIRTIO_NET_HDR_GSO_NONE };
    struct iovec iov[2] = {
        { .iov_base = &vh, .iov_len = sizeof(vh) },
        { .iov_base = (void *)frame, .iov_len = len },
    };

    if (s->vnet_hdr) {
        qemu_sendv_packet(nc, iov, 2);
    } else {
        qemu_send_packet(nc, frame, len);
    }
}

/*
 * Frames with offloads go through net_tx_pkt: it hands a virtio-net header
 * to a backend that takes one (tap) and does the work in software for the
 * others. The chip computes the checksums of the segments it cuts, so LSO
 * asks for them whether or not the BD says so.
 */
static void ql8400_send_offloaded(Ql8400State *s, NetClientState *nc,
                                  const uint8_t *frame, size_t len,
                                  const Ql8400TxOffload *off)
{
    net_tx_pkt_reset(s->tx_pkt, ql8400_tx_frag_done, NULL);
    if (!net_tx_pkt_add_raw_fragment(s->tx_pkt, (void *)frame, len) ||
        !net_tx_pkt_parse(s->tx_pkt)) {
        qemu_log_mask(LOG_GUEST_ERROR, "ql8400: TX frame of %zu bytes with"
                      " offloads cannot be parsed: dropped\n", len);
        return;
    }
    if (off->vlan_insert) {
        net_tx_pkt_setup_vlan_header(s->tx_pkt, off->vlan_tci);
    }
    if (!net_tx_pkt_build_vheader(s->tx_pkt, off->lso,
                                  off->l4_csum || off->lso, off->mss)) {
        qemu_log_mask(LOG_GUEST_ERROR, "ql8400: TX offload request (csum %d"
                      " lso %d mss %u) does not fit the frame: dropped\n",
                      off->l4_csum, off->lso, off->mss);
        return;
    }
    if (off->lso) {
        net_tx_pkt_update_ip_checksums(s->tx_pkt);
    }
    net_tx_pkt_send(s->tx_pkt, nc);
}

#define TCP_FLAG_FIN    0x01
#define TCP_FLAG_PSH    0x08
#define TCP_FLAG_CWR    0x80

/*
 * Where the TCP header of an untagged or tagged IPv4/IPv6 TCP frame is, and
 * the length of all headers; false for anything else.
 */
static bool ql8400_tcp_offsets(const uint8_t *f, size_t len, size_t *l3,
                               size_t *l4, size_t *hdr)
{
    size_t o = 12;
    uint16_t type;

    for (;;) {
        if (len < o + 2) {
            return false;
        }
        type = lduw_be_p(f + o);
        if (type != ETH_P_VLAN && type != ETH_P_DVLAN) {
            break;
        }
        o += 4;
    }
    *l3 = o + 2;
    if (type == ETH_P_IP && len >= *l3 + 20 && f[*l3 + 9] == IP_PROTO_TCP) {
        *l4 = *l3 + (f[*l3] & 0xf) * 4;
    } else if (type == ETH_P_IPV6 && len >= *l3 + 40 &&
               f[*l3 + 6] == IP_PROTO_TCP) {
        *l4 = *l3 + 40;
    } else {
        return false;
    }
    if (len < *l4 + 20) {
        return false;
    }
    *hdr = *l4 + (f[*l4 + 12] >> 4) * 4;
    return *hdr <= len;
}

/*
 * QEMU's software segmentation (backends without a virtio-net header)
 * clears FIN and PSH in every segment it cuts; the chip keeps them on the
 * last one. Such a frame goes out as two sends: the segments before the
 * last, flags cleared, and the last one with its flags, sequence number,
 * IP id and length moved on.
 */
static bool ql8400_lso_last_apart(Ql8400State *s, NetClientState *nc,
                                  const uint8_t *frame, size_t len,
                                  const Ql8400TxOffload *off)
{
    size_t l3, l4, hdr, payload, head, tail_len;
    Ql8400TxOffload last = *off;
    uint8_t *buf;
    unsigned n;

    if (!off->lso || !off->mss || qemu_get_vnet_hdr_len(nc->peer) ||
        !ql8400_tcp_offsets(frame, len, &l3, &l4, &hdr) ||
        !(frame[l4 + 13] & (TCP_FLAG_FIN | TCP_FLAG_PSH))) {
        return false;
    }
    payload = len - hdr;
    if (payload <= off->mss) {
        return false;
    }
    n = DIV_ROUND_UP(payload, off->mss);
    head = (size_t)(n - 1) * off->mss;

    buf = g_malloc(len);
    memcpy(buf, frame, hdr + head);
    buf[l4 + 13] &= ~(TCP_FLAG_FIN | TCP_FLAG_PSH);
    ql8400_send_offloaded(s, nc, buf, hdr + head, off);

    tail_len = len - head;
    memcpy(buf, frame, hdr);
    memcpy(buf + hdr, frame + hdr + head, payload - head);
    buf[l4 + 13] &= ~TCP_FLAG_CWR;
    stl_be_p(buf + l4 + 4, ldl_be_p(frame + l4 + 4) + head);
    if (l4 - l3 == 40) {
        stw_be_p(buf + l3 + 4, tail_len - l4);
    } else {
        stw_be_p(buf + l3 + 2, tail_len - l3);
        stw_be_p(buf + l3 + 4, lduw_be_p(frame + l3 + 4) + n - 1);
        eth_fix_ip4_checksum(buf + l3, l4 - l3);
    }
    last.lso = false;
    last.l4_csum = true;
    ql8400_send_offloaded(s, nc, buf, tail_len, &last);
    g_free(buf);
    return true;
}

static void ql8400_frame_send(Ql8400State *s, const uint8_t *frame,
                              size_t len, const Ql8400TxOffload *off)
{
    NetClientState *nc = qemu_get_queue(s->nic);

    trace_ql8400_tx_frame(len, off->l4_csum, off->lso, off->mss,
                          off->vlan_insert);
    if (!off->l4_csum && !off->lso && !off->vlan_insert) {
        ql8400_send_plain(s, nc, frame, len);
        return;
    }
    if (!ql8400_lso_last_apart(s, nc, frame, len, off)) {
        ql8400_send_offloaded(s, nc, frame, len, off);
    }
}

typedef struct Ql8400TxHeld {
    QSIMPLEQ_ENTRY(Ql8400TxHeld) next;
    Ql8400TxOffload off;
    size_t len;
    uint8_t data[];
} Ql8400TxHeld;

static void ql8400_tx_flush(void *opaque)
{
    Ql8400State *s = opaque;
    Ql8400TxHeld *h;

    /* frames the sends cause are queued behind and go out in this loop */
    while ((h = QSIMPLEQ_FIRST(&s->tx_held))) {
        QSIMPLEQ_REMOVE_HEAD(&s->tx_held, next);
        ql8400_frame_send(s, h->data, h->len, &h->off);
        g_free(h);
    }
}

/*
 * What the model sends while the netdev is delivering a frame to it (the
 * offload engine's ACKs) is held for a bottom half. Sent at once, it
 * would enter slirp from within slirp's own output loop, which then
 * leaves the segments that frame let it send for its next main-loop
 * round: one segment per round. A frame sent from anywhere else goes out
 * at once, behind whatever is held, so nothing is reordered and a
 * doorbell never waits for the main loop.
 */
static void ql8400_frame_out(void *opaque, const uint8_t *frame, size_t len,
                             const Ql8400TxOffload *off)
{
    Ql8400State *s = opaque;
    Ql8400TxHeld *h;

    if (!s->in_net_receive && QSIMPLEQ_EMPTY(&s->tx_held)) {
        ql8400_frame_send(s, frame, len, off);
        return;
    }
    h = g_malloc(sizeof(*h) + len);
    h->off = *off;
    h->len = len;
    memcpy(h->data, frame, len);
    QSIMPLEQ_INSERT_TAIL(&s->tx_held, h, next);
    if (s->in_net_receive) {
        qemu_bh_schedule(s->tx_bh);
    } else {
        ql8400_tx_flush(s);
    }
}

void ql8400_tx_held_drop(Ql8400State *s)
{
    Ql8400TxHeld *h;

    while ((h = QSIMPLEQ_FIRST(&s->tx_held))) {
        QSIMPLEQ_REMOVE_HEAD(&s->tx_held, next);
        g_free(h);
    }
}

/*
 * Held frames are delivered from a bottom half: the model asks while it
 * is still busy, and a flush from there would nest one receive per frame.
 */
static void ql8400_rx_resume(void *opaque)
{
    Ql8400State *s = opaque;

    qemu_bh_schedule(s->rx_bh);
}

static void ql8400_rx_flush(void *opaque)
{
    Ql8400State *s = opaque;

    qemu_flush_queued_packets(qemu_get_queue(s->nic));
}

static int64_t ql8400_now_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void ql8400_timer_arm(void *opaque, unsigned timer_id, int64_t expire)
{
    Ql8400State *s = opaque;

    if (timer_id < QL8400_NUM_TIMERS) {
        timer_mod(s->timers[timer_id].timer, expire);
    }
}

static void ql8400_timer_cancel(void *opaque, unsigned timer_id)
{
    Ql8400State *s = opaque;

    if (timer_id < QL8400_NUM_TIMERS) {
        timer_del(s->timers[timer_id].timer);
    }
}

static void ql8400_timer_expired(void *opaque)
{
    Ql8400Timer *t = opaque;

    ql8400_chip_timer(&t->dev->chip, t->id);
}

void ql8400_timers_init(Ql8400State *s)
{
    unsigned i;

    s->rx_bh = qemu_bh_new_guarded(ql8400_rx_flush, s,
                                   &DEVICE(s)->mem_reentrancy_guard);
    QSIMPLEQ_INIT(&s->tx_held);
    s->tx_bh = qemu_bh_new_guarded(ql8400_tx_flush, s,
                                   &DEVICE(s)->mem_reentrancy_guard);
    for (i = 0; i < QL8400_NUM_TIMERS; i++) {
        s->timers[i].dev = s;
        s->timers[i].id = i;
        s->timers[i].timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                          ql8400_timer_expired,
                                          &s->timers[i]);
    }
}

void ql8400_timers_free(Ql8400State *s)
{
    unsigned i;

    qemu_bh_delete(s->rx_bh);
    s->rx_bh = NULL;
    ql8400_tx_held_drop(s);
    qemu_bh_delete(s->tx_bh);
    s->tx_bh = NULL;
    for (i = 0; i < QL8400_NUM_TIMERS; i++) {
        timer_free(s->timers[i].timer);
        s->timers[i].timer = NULL;
    }
}

const Ql8400HostOps ql8400_host_ops = {
    .dma_read = ql8400_host_dma_read,
    .dma_write = ql8400_host_dma_write,
    .msix_notify = ql8400_msix_notify,
    .set_intx = ql8400_set_intx,
    .frame_out = ql8400_frame_out,
    .rx_resume = ql8400_rx_resume,
    .now_ns = ql8400_now_ns,
    .timer_arm = ql8400_timer_arm,
    .timer_cancel = ql8400_timer_cancel,
};
