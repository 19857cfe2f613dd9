/*
 * ql8400 firmware model: GRC register addresses of the BCM57810 (E3 B0),
 * named as the hardware names them. GRC addresses equal BAR0 offsets.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_REGS_H
#define QL8400_FW_REGS_H

#include "chip.h"

/* Size of the register window (BAR0) and of the doorbell window (BAR2). */
#define QL8400_GRC_SIZE                 QL8400_GRC_BYTES
#define QL8400_DOORBELL_SIZE            0x800000u

/* PCI configuration space, mirrored into GRC by the PCIe core. */
#define PCICFG_OFFSET                   0x2000u
#define PCICFG_SIZE                     0x1000u
#define PCI_ID_VAL3                     0x43cu  /* metal revision: bits 24-27 */

/* Vendor registers in PCI configuration space. */
#define PCICFG_GRC_ADDRESS              0x78u   /* indirect window: address */
#define PCICFG_GRC_DATA                 0x80u   /* indirect GRC window: data */
#define PCICFG_ME_REGISTER              0x98u   /* abs PF number: bits 16-18 */

/* MISC block: chip identity and strapping. */
#define MISC_REG_BOND_ID                0xa400u
#define MISC_REG_CHIP_NUM               0xa408u
#define MISC_REG_CHIP_REV               0xa40cu
#define MISC_REG_PORT4MODE_EN_OVWR      0xa720u
#define MISC_REG_PORT4MODE_EN           0xa750u
#define MISC_REG_CHIP_TYPE              0xac60u

/* BCM57810 B0 identity. */
#define QL8400_CHIP_NUM_57810           0x168eu
#define QL8400_CHIP_REV_B               0x1u

#endif
