/*
 * ql8400 firmware model: little-endian fields of host memory structures.
 * The chip's host interface structures are little-endian whatever the
 * host QEMU runs on.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_LE_H
#define QL8400_FW_LE_H

#include "host.h"

static inline uint16_t ql8400_ld16(const void *p)
{
    const uint8_t *b = p;

    return b[0] | b[1] << 8;
}

static inline uint32_t ql8400_ld32(const void *p)
{
    const uint8_t *b = p;

    return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

/* A regpair {lo, hi}: a 64-bit DMA address or counter. */
static inline uint64_t ql8400_ld64(const void *p)
{
    return ql8400_ld32(p) | (uint64_t)ql8400_ld32((const uint8_t *)p + 4)
                            << 32;
}

static inline void ql8400_st16(void *p, uint16_t v)
{
    uint8_t *b = p;

    b[0] = v;
    b[1] = v >> 8;
}

static inline void ql8400_st32(void *p, uint32_t v)
{
    uint8_t *b = p;

    b[0] = v;
    b[1] = v >> 8;
    b[2] = v >> 16;
    b[3] = v >> 24;
}

static inline void ql8400_st64(void *p, uint64_t v)
{
    ql8400_st32(p, v);
    ql8400_st32((uint8_t *)p + 4, v >> 32);
}

#endif
