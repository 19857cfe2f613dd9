/*
 * ql8400 firmware model: CRC32C (Castagnoli, reflected polynomial
 * 0x82f63b78), table driven.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "crc32c.h"

static uint32_t crc32c_table[256];
static bool crc32c_ready;

static void crc32c_init(void)
{
    uint32_t i, j, v;

    for (i = 0; i < 256; i++) {
        v = i;
        for (j = 0; j < 8; j++) {
            v = (v >> 1) ^ (v & 1 ? 0x82f63b78u : 0);
        }
        crc32c_table[i] = v;
    }
    crc32c_ready = true;
}

uint32_t ql8400_crc32c(uint32_t crc, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    if (!crc32c_ready) {
        crc32c_init();
    }
    while (len--) {
        crc = crc32c_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    }
    return crc;
}
