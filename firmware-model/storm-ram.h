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

/* CSTORM: fast-path status block data (IRO 137), SP SB data (IRO 146). */
#define CSTORM_STATUS_BLOCK_DATA(sb) \
    (BAR_CSTRORM_INTMEM + 0xc000 + (sb) * 0x40)
#define CSTORM_SP_STATUS_BLOCK_DATA(pf) \
    (BAR_CSTRORM_INTMEM + 0xf640 + (pf) * 0x10)

/* CSTORM: event ring data and the driver's EQ producer (IRO 157/158). */
#define CSTORM_EVENT_RING_DATA(pf) \
    (BAR_CSTRORM_INTMEM + 0x5900 + (pf) * 0x30)
#define CSTORM_EVENT_RING_PROD(pf) \
    (BAR_CSTRORM_INTMEM + 0x5908 + (pf) * 0x30)

/* XSTORM: SPQ page base and producer (IRO 30/31), and their alias. */
#define XSTORM_SPQ_DATA(pf) \
    (BAR_XSTRORM_INTMEM + 0xc000 + (pf) * 0x10)
#define XSEM_FAST_SPQ_DATA(pf)          (0x2a0000 + 0xc000 + (pf) * 0x10)
#define SPQ_DATA_PAGE_BASE              0x0
#define SPQ_DATA_PROD                   0x8

/* USTORM: RX producers of a queue zone (IRO 217). */
#define USTORM_RX_PRODS(qzone) \
    (BAR_USTRORM_INTMEM + 0x6000 + (qzone) * 0x20)

/* XSTORM aggregated-interrupt index and type of FINAL_CLEANUP (IRO 66/67). */
#define XSTORM_AGG_INT_FINAL_CLEANUP_INDEX      9
#define XSTORM_AGG_INT_FINAL_CLEANUP_COMP_TYPE  2

#endif
