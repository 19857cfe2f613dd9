/*
 * ql8400 firmware model: CRC32C (Castagnoli), as the chip computes it for
 * multicast hash bins and iSCSI digests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_CRC32C_H
#define QL8400_FW_CRC32C_H

#include "host.h"

/* Reflected CRC32C update with no pre- or post-inversion. */
uint32_t ql8400_crc32c(uint32_t crc, const void *buf, size_t len);

#endif
