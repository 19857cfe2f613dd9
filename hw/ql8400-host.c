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
#include "net/net.h"
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

/*
 * Frames with offloads go through net_tx_pkt: it hands a virtio-net header
 * to a backend that takes one (tap) and does the work in software for the
 * others.
 */
static void ql8400_frame_out(void *opaque, const uint8_t *frame, size_t len,
                             const Ql8400TxOffload *off)
{
    Ql8400State *s = opaque;
    NetClientState *nc = qemu_get_queue(s->nic);

    trace_ql8400_tx_frame(len, off->l4_csum, off->lso, off->mss,
                          off->vlan_insert);
    if (!off->l4_csum && !off->lso && !off->vlan_insert) {
        qemu_send_packet(nc, frame, len);
        return;
    }
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
    if (!net_tx_pkt_build_vheader(s->tx_pkt, off->lso, off->l4_csum,
                                  off->mss)) {
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
