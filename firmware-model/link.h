/*
 * ql8400 firmware model: the port's link — the EMAC MDIO masters that
 * reach the internal Warpcore serdes, the NIG link signals and their
 * interrupt (attention bit 8, ATTN_NIG_FOR_FUNC), and the 10G MAC (XMAC)
 * status the driver checks; the UMAC as far as the driver uses it.
 *
 * The cable is QEMU's netdev link state (ql8400_link_set_carrier): with
 * the Warpcore configured and its lane out of reset, light on the lane is
 * link. A change of the lane's link moves the NIG's XGXS0 link signals;
 * where they differ from what the driver last acknowledged in
 * NIG_REG_STATUS_INTERRUPT_PORT0 and the mask lets them through, the NIG
 * raises attention bit 8. The driver then reads the Warpcore, writes the
 * new state into the status register (which lowers the line again) and
 * enables or disables the XMAC. Nothing here resets the chip.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_LINK_H
#define QL8400_FW_LINK_H

#include "host.h"
#include "warpcore.h"

typedef struct Ql8400Chip Ql8400Chip;

/* MDIO port address of the Warpcore at power-on (MISC_REG_WC0_CTRL_PHY_ADDR) */
#define QL8400_WC_PHY_ADDR      1

/* The attention bit the NIG of port 0 drives. */
#define QL8400_ATTN_NIG_FOR_FUNC 8

typedef struct Ql8400Link {
    Ql8400Warpcore wc;          /* the serdes, with the carrier */
    bool phy_up;                /* the Warpcore lane has link */
    bool nig_line;              /* attention bit 8 as given to the IGU */
    unsigned nig_line_changes;  /* edges of that line, for tests */
    uint32_t lss_sticky;        /* XMAC RX_LSS_STATUS sticky fault bits */
    bool mdio_autopoll_reported;
} Ql8400Link;

void ql8400_link_init(Ql8400Chip *c);
/* kind: a Ql8400ResetKind. The cable stays as it is. */
void ql8400_link_reset(Ql8400Chip *c, int kind);

/* Cable (and peer) present: QEMU's netdev link state. */
void ql8400_link_set_carrier(Ql8400Chip *c, bool up);
bool ql8400_link_carrier(const Ql8400Chip *c);
/*
 * MAC link up: the Warpcore lane has link (or the MAC loops back) and the
 * MAC the NIG uses (XMAC, or UMAC below 10G) is out of reset with its
 * receiver and transmitter enabled. Frames flow only then.
 */
bool ql8400_link_is_up(const Ql8400Chip *c);

#endif
