/*
 * QLogic 8400 Series adapter: the host interface of the firmware model,
 * implemented with QEMU's PCI DMA (so it works behind a vIOMMU), MSI-X,
 * INTx and the NIC backend.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "hw/pci/msix.h"
#include "hw/pci/pci_device.h"
#include "net/net.h"
#include "ql8400.h"
#include "trace.h"

static Ql8400DmaResult ql8400_dma_read(void *opaque, uint64_t addr,
                                       void *buf, size_t len)
{
    Ql8400State *s = opaque;

    if (pci_dma_read(PCI_DEVICE(s), addr, buf, len) != MEMTX_OK) {
        trace_ql8400_dma_fault("read", addr, len);
        return QL8400_DMA_FAULT;
    }
    return QL8400_DMA_OK;
}

static Ql8400DmaResult ql8400_dma_write(void *opaque, uint64_t addr,
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
    }
}

static void ql8400_set_intx(void *opaque, bool level)
{
    pci_set_irq(PCI_DEVICE(opaque), level);
}

static void ql8400_frame_out(void *opaque, const struct iovec *iov,
                             int iovcnt)
{
    Ql8400State *s = opaque;

    qemu_sendv_packet(qemu_get_queue(s->nic), iov, iovcnt);
}

static int64_t ql8400_now_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void ql8400_timer_arm(void *opaque, unsigned timer_id, int64_t expire)
{
    qemu_log_mask(LOG_UNIMP, "ql8400: timer %u not wired yet\n", timer_id);
}

static void ql8400_timer_cancel(void *opaque, unsigned timer_id)
{
}

const Ql8400HostOps ql8400_host_ops = {
    .dma_read = ql8400_dma_read,
    .dma_write = ql8400_dma_write,
    .msix_notify = ql8400_msix_notify,
    .set_intx = ql8400_set_intx,
    .frame_out = ql8400_frame_out,
    .now_ns = ql8400_now_ns,
    .timer_arm = ql8400_timer_arm,
    .timer_cancel = ql8400_timer_cancel,
};
