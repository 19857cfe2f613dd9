/*
 * qtests of ql8400: a QEMU with the device on a PC's PCI bus, its BARs
 * mapped, and guest memory to give it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FIXTURE_H
#define QL8400_FIXTURE_H

#include "libqtest.h"
#include "libqos/libqos-pc.h"
#include "libqos/pci.h"

#define QL8400_DEVFN            QPCI_DEVFN(4, 0)

typedef struct Fixture {
    QOSState *qs;
    QPCIDevice *dev;
    QPCIBar regs;               /* BAR0: GRC */
    QPCIBar doorbells;          /* BAR2 */
} Fixture;

void fixture_start(Fixture *f, const char *extra);
void fixture_stop(Fixture *f);

uint32_t grc_rd(Fixture *f, uint32_t addr);
void grc_wr(Fixture *f, uint32_t addr, uint32_t val);
void grc_wr16(Fixture *f, uint32_t addr, uint16_t val);

/* Registers more than one test needs (bnx2x_reg.h). */
#define PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER 0x942c
#define IGU_REG_PF_CONFIGURATION        0x130154

/*
 * The slow path of PF 0 as bnx2x programs it (storm RAM addresses from the
 * firmware file's IRO table), and the ramrods the tests post.
 */
#define XSEM_FAST_SPQ_DATA      0x2ac000    /* SPQ page, first producer */
#define XSTORM_SPQ_PROD         0x42c008
#define CSTORM_EVENT_RING_DATA  0x415900
#define CSTORM_SP_SB_DATA       0x41f640
#define DSB_ID                  16          /* the default SB's IGU id */
#define CONN_TYPE_ETH           0
#define CONN_TYPE_NONE          8
#define RAMROD_FUNCTION_START   1
#define RAMROD_ETH_CLIENT_SETUP 1

void grc_wr64(Fixture *f, uint32_t addr, uint64_t val);

/*
 * A slow-path element at *prod of the SPQ page at spq, then the producer
 * to XSTORM, as bnx2x_sp_post does.
 */
void fixture_spq_post(Fixture *f, uint64_t spq, unsigned *prod,
                      unsigned conn_type, unsigned cmd, uint32_t cid,
                      uint64_t data);

/*
 * The port's Warpcore through the EMAC0 MDIO master (clause 45), and its
 * lane 0 forced to 10G XFI as bnx2x_warpcore_config_init does (with the
 * cable in, the PHY then reports link).
 */
#define WC_DEVAD                3
uint16_t fixture_cl45_read(Fixture *f, unsigned devad, uint16_t reg);
void fixture_cl45_write(Fixture *f, unsigned devad, uint16_t reg,
                        uint16_t val);
void fixture_warpcore_xfi(Fixture *f);

/*
 * The port up as bnx2x brings it up on the XFI path: the Warpcore as
 * above, then bnx2x_xmac_enable and the NIG's MAC paths. Frames then go
 * to and come from the netdev.
 */
void fixture_port_up(Fixture *f);

/* Guest memory, zeroed. */
uint64_t guest_mem(Fixture *f, size_t size);

/* The slow-path tests (ql8400-slowpath-test.c). */
void ql8400_slowpath_tests_register(void);

/* The iSCSI offload tests against tgtd (ql8400-offload-test.c). */
void ql8400_offload_tests_register(void);

/* The link tests (ql8400-link-test.c). */
void ql8400_link_tests_register(void);

/* The L2 fast path tests on a datagram netdev (ql8400-l2-test.c). */
void ql8400_l2_tests_register(void);

#endif
