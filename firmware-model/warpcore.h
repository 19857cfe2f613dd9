/*
 * ql8400 firmware model: the Warpcore, the 57810's internal 4-lane
 * multi-rate serdes, as an MDIO device.
 *
 * The Warpcore answers Clause 45 frames in its MMDs 1 (PMA/PMD), 3 (PCS)
 * and 7 (AN), whose IEEE registers (below 0x8000) are per MMD while the
 * vendor blocks (0x8000 and up) are the same whichever MMD addresses them;
 * and Clause 22 frames, where register 0x1f selects the block the other
 * registers map. The address extension register (AER, 0xffde) selects the
 * lane: lane registers are kept per lane, the port is wired to lane 0.
 *
 * Registers are storage, except the status registers, which show the lane's
 * link as the chip computes it: signal from the cable (the carrier), the
 * lane out of reset and a speed it can run (a forced 10G XFI/SFI mode, KR
 * autonegotiation or the 1G combo block), or a loopback.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_WARPCORE_H
#define QL8400_FW_WARPCORE_H

#include "host.h"

/* MDIO manageable devices of the Warpcore. */
#define WC_DEVAD_PMA                    1
#define WC_DEVAD_PCS                    3
#define WC_DEVAD_AN                     7

#define QL8400_WC_LANES                 4
/* The lane the port is wired to (two-port mode, no path swap). */
#define QL8400_WC_PORT_LANE             0
/* Capacity for the registers the model names (warpcore.c). */
#define QL8400_WC_KNOWN_REGS            128
/* Registers the model does not name, kept as storage once touched. */
#define QL8400_WC_SPARE_REGS            128

/* Speed codes of GP2_STATUS_GP_2_2/3 (actual speed of a lane). */
#define WC_SPEED_10M                    0x00
#define WC_SPEED_100M                   0x01
#define WC_SPEED_1G                     0x02
#define WC_SPEED_10G_KR                 0x0f
#define WC_SPEED_10G_XFI                0x1b
#define WC_SPEED_10G_SFI                0x1f
/* The lane is set to a speed the model does not run: no link. */
#define WC_SPEED_NONE                   0xff

typedef struct Ql8400WcSpare {
    bool used;
    uint8_t lane;
    uint8_t devad;              /* 0 for the vendor blocks */
    uint16_t reg;
    uint16_t val;
} Ql8400WcSpare;

typedef struct Ql8400Warpcore {
    /* the named registers, per lane (one copy in lane 0 if global) */
    uint16_t regs[QL8400_WC_KNOWN_REGS][QL8400_WC_LANES];
    Ql8400WcSpare spare[QL8400_WC_SPARE_REGS];
    bool spare_full_reported;
    /* Clause 45: the register each MMD's last address frame selected */
    uint16_t cl45_addr[32];
    /* Clause 22: the block register 0x1f selects */
    uint16_t cl22_block;
    /* the cable: light (a peer) on the lane's receiver */
    bool carrier;
    /* IEEE status registers latch a link loss until read */
    bool link_was_up;
    bool pma_link_lost;
    bool pcs_link_lost;
    bool combo_link_lost;
    bool aer_reported;
    bool speed_reported;
} Ql8400Warpcore;

void ql8400_wc_reset(Ql8400Warpcore *wc);

/*
 * MDIO frames addressed to the Warpcore. Clause 45: an address frame
 * selects the register of an MMD, a read or write frame accesses it (a
 * post-read-increment read then selects the next one). Clause 22: reg is
 * the 5-bit register number.
 */
void ql8400_wc_cl45_address(Ql8400Warpcore *wc, unsigned devad,
                            uint16_t reg);
uint16_t ql8400_wc_cl45_read(Ql8400Warpcore *wc, unsigned devad,
                             bool increment);
void ql8400_wc_cl45_write(Ql8400Warpcore *wc, unsigned devad, uint16_t val);
uint16_t ql8400_wc_cl22_read(Ql8400Warpcore *wc, unsigned reg);
void ql8400_wc_cl22_write(Ql8400Warpcore *wc, unsigned reg, uint16_t val);

/* A register access after the MDIO decode: devad is the MMD. */
uint16_t ql8400_wc_read(Ql8400Warpcore *wc, unsigned devad, unsigned reg);
void ql8400_wc_write(Ql8400Warpcore *wc, unsigned devad, unsigned reg,
                     uint16_t val);
/* The hardware's name of a register, "unknown" if the model has none. */
const char *ql8400_wc_reg_name(unsigned devad, unsigned reg);

/* Cable plugged (and a peer sending) or not. */
void ql8400_wc_set_carrier(Ql8400Warpcore *wc, bool carrier);
/*
 * The port lane's link as the chip sees it now, and its speed code
 * (WC_SPEED_*). ql8400_wc_sample also latches a loss of link into the
 * IEEE status registers: call it whenever the link may have changed.
 */
bool ql8400_wc_link_up(const Ql8400Warpcore *wc);
unsigned ql8400_wc_speed_code(const Ql8400Warpcore *wc);
bool ql8400_wc_sample(Ql8400Warpcore *wc);
/* Mb/s of a speed code, 0 if unknown. */
unsigned ql8400_wc_speed_mbps(unsigned code);

#endif
