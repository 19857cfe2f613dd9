/*
 * QLogic 8400 Series (BCM57810) converged network adapter: QEMU glue.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_NET_QL8400_H
#define HW_NET_QL8400_H

#include "hw/pci/pci_device.h"
#include "net/net.h"
#include "qemu/queue.h"
#include "qemu/timer.h"
#include "qom/object.h"
#include "firmware-model/chip.h"
#include "firmware-model/regs.h"

#define TYPE_QL8400 "ql8400"
OBJECT_DECLARE_SIMPLE_TYPE(Ql8400State, QL8400)

/* BARs of the real 57810: registers, doorbells, MSI-X. All 64-bit. */
#define QL8400_BAR_REGS         0
#define QL8400_BAR_DOORBELLS    2
#define QL8400_BAR_MSIX         4
#define QL8400_MSIX_BAR_SIZE    0x10000
#define QL8400_MSIX_TABLE_OFF   0x0
#define QL8400_MSIX_PBA_OFF     0x1000
#define QL8400_MSIX_VECTORS     32

/* Configuration space layout of the real part. */
#define QL8400_CAP_PM           0x48
#define QL8400_CAP_VPD          0x50
#define QL8400_CAP_MSI          0x58
#define QL8400_CAP_MSIX         0xa0
#define QL8400_CAP_EXP          0xac
#define QL8400_ECAP_AER         0x100
#define QL8400_ECAP_DSN         0x148

/* QLogic-branded 8400 Series board (see docs/usage.md). */
#define QL8400_SUBSYS_VENDOR    0x1077
#define QL8400_SUBSYS_ID        0x1931
#define QL8400_REVISION         0x10    /* B0 */

/* A timer of the firmware model, and whom it belongs to. */
typedef struct Ql8400Timer {
    struct Ql8400State *dev;
    unsigned id;
    QEMUTimer *timer;
} Ql8400Timer;

struct Ql8400State {
    PCIDevice parent_obj;

    MemoryRegion regs;
    MemoryRegion doorbells;
    MemoryRegion msix;

    NICState *nic;
    NICConf conf;
    bool iscsi_offload;
    bool flr_in_progress;

    /* VPD capability: the address/flag register's pending read */
    uint8_t vpd[256];

    struct NetTxPkt *tx_pkt;    /* offloads of the frame being sent */
    bool vnet_hdr;              /* frames to and from the netdev carry one */
    Ql8400Timer timers[QL8400_NUM_TIMERS];
    QEMUBH *rx_bh;              /* delivers frames the model held */
    /* frames the model sent while the netdev was delivering one to it */
    QSIMPLEQ_HEAD(, Ql8400TxHeld) tx_held;
    QEMUBH *tx_bh;
    unsigned in_net_receive;

    Ql8400Chip chip;
};

/* ql8400-vpd.c */
void ql8400_vpd_build(Ql8400State *s);
void ql8400_vpd_config_write(Ql8400State *s, uint32_t addr, int len);

/* ql8400-bars.c */
void ql8400_bars_init(Ql8400State *s);

/* ql8400-host.c */
extern const Ql8400HostOps ql8400_host_ops;
/* the model's timers and the held-frame bottom halves */
void ql8400_timers_init(Ql8400State *s);
void ql8400_timers_free(Ql8400State *s);
/* frames held for the TX bottom half are dropped (device reset) */
void ql8400_tx_held_drop(Ql8400State *s);

/* ql8400-net.c */
void ql8400_net_init(Ql8400State *s);
void ql8400_net_cleanup(Ql8400State *s);

#endif
