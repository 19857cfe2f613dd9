/*
 * A host for the firmware model in unit tests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake-host.h"

static bool in_mem(uint64_t addr, size_t len)
{
    return addr >= FAKE_MEM_BASE && len <= FAKE_MEM_SIZE &&
           addr - FAKE_MEM_BASE <= FAKE_MEM_SIZE - len;
}

static Ql8400DmaResult fake_dma_read(void *opaque, uint64_t addr, void *buf,
                                     size_t len)
{
    FakeHost *h = opaque;

    if (!in_mem(addr, len)) {
        return QL8400_DMA_FAULT;
    }
    memcpy(buf, h->mem + (addr - FAKE_MEM_BASE), len);
    return QL8400_DMA_OK;
}

static Ql8400DmaResult fake_dma_write(void *opaque, uint64_t addr,
                                      const void *buf, size_t len)
{
    FakeHost *h = opaque;

    if (!in_mem(addr, len)) {
        return QL8400_DMA_FAULT;
    }
    memcpy(h->mem + (addr - FAKE_MEM_BASE), buf, len);
    return QL8400_DMA_OK;
}

static void fake_msix_notify(void *opaque, unsigned vector)
{
    FakeHost *h = opaque;

    if (vector < 64) {
        h->msix_count[vector]++;
    }
}

static void fake_set_intx(void *opaque, bool level)
{
    ((FakeHost *)opaque)->intx = level;
}

static void fake_frame_out(void *opaque, const uint8_t *frame, size_t len,
                           const Ql8400TxOffload *offload)
{
    FakeHost *h = opaque;

    if (h->frames_out < FAKE_MAX_FRAMES && len <= FAKE_FRAME_MAX) {
        memcpy(h->frame[h->frames_out], frame, len);
        h->frame_len[h->frames_out] = len;
        h->offload[h->frames_out] = *offload;
    }
    h->frames_out++;
    if (h->on_frame_out) {
        h->on_frame_out(h, frame, len);
    }
}

static void fake_rx_resume(void *opaque)
{
    ((FakeHost *)opaque)->rx_resumes++;
}

static int64_t fake_now_ns(void *opaque)
{
    return ((FakeHost *)opaque)->now;
}

static void fake_timer_arm(void *opaque, unsigned id, int64_t expire)
{
    FakeHost *h = opaque;

    if (id < 16) {
        h->timer_expire[id] = expire;
    }
}

static void fake_timer_cancel(void *opaque, unsigned id)
{
    FakeHost *h = opaque;

    if (id < 16) {
        h->timer_expire[id] = -1;
    }
}

const Ql8400HostOps fake_host_ops = {
    .dma_read = fake_dma_read,
    .dma_write = fake_dma_write,
    .msix_notify = fake_msix_notify,
    .set_intx = fake_set_intx,
    .frame_out = fake_frame_out,
    .rx_resume = fake_rx_resume,
    .now_ns = fake_now_ns,
    .timer_arm = fake_timer_arm,
    .timer_cancel = fake_timer_cancel,
};

FakeHost *fake_host_new(void)
{
    static const Ql8400Config cfg = {
        .mac = { 0x00, 0x0e, 0x1e, 0x84, 0x00, 0x01 },
        .iscsi_offload = true,
    };
    FakeHost *h = calloc(1, sizeof(*h));
    unsigned i;

    for (i = 0; i < 16; i++) {
        h->timer_expire[i] = -1;
    }
    ql8400_chip_init(&h->chip, &cfg, &fake_host_ops, h);
    return h;
}

void fake_host_free(FakeHost *h)
{
    ql8400_chip_destroy(&h->chip);
    free(h);
}
