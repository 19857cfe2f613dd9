/*
 * ql8400 firmware model: where the storm firmware (7.13.21.0) keeps what
 * the driver reads and writes in the storms' internal RAM. These are the
 * firmware's own layout, the offsets its IRO table gives the driver.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_STORM_RAM_H
#define QL8400_FW_STORM_RAM_H

/* CSTORM: FW final cleanup completion word, per function (IRO 163). */
#define CSTORM_FINAL_CLEANUP_COMPLETE(func) \
    (BAR_CSTRORM_INTMEM + 0x11ac + (func) * 8)

/* XSTORM aggregated-interrupt index and type of FINAL_CLEANUP (IRO 66/67). */
#define XSTORM_AGG_INT_FINAL_CLEANUP_INDEX      9
#define XSTORM_AGG_INT_FINAL_CLEANUP_COMP_TYPE  2

#endif
