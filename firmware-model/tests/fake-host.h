/*
 * A host for the firmware model in unit tests: a flat guest memory,
 * interrupt and frame counters, a manual clock.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FAKE_HOST_H
#define QL8400_FAKE_HOST_H

#include "chip.h"

#define FAKE_MEM_BASE 0x100000ull
#define FAKE_MEM_SIZE (4u << 20)
#define FAKE_MAX_FRAMES 64
#define FAKE_FRAME_MAX 65600

typedef struct FakeHost {
    uint8_t mem[FAKE_MEM_SIZE];     /* guest memory at FAKE_MEM_BASE */
    unsigned msix_count[64];
    bool intx;
    unsigned frames_out;        /* frames sent; the first ones kept: */
    uint8_t frame[FAKE_MAX_FRAMES][FAKE_FRAME_MAX];
    size_t frame_len[FAKE_MAX_FRAMES];
    Ql8400TxOffload offload[FAKE_MAX_FRAMES];
    unsigned rx_resumes;
    int64_t now;
    int64_t timer_expire[16];       /* -1: not armed */
    /* the network's answer within the send, as QEMU's slirp gives one */
    void (*on_frame_out)(struct FakeHost *h, const uint8_t *frame,
                         size_t len);
    Ql8400Chip chip;
} FakeHost;

extern const Ql8400HostOps fake_host_ops;

/* A chip on a fresh fake host with a default board config. */
FakeHost *fake_host_new(void);
void fake_host_free(FakeHost *h);

#endif
