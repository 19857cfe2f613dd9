/*
 * ql8400 firmware model: one PCI function of a QLogic 8400 (BCM57810) port.
 *
 * The chip is reached through its windows only: the GRC register window
 * (BAR0), the doorbell window (BAR2) and the vendor registers of PCI
 * configuration space. Everything else it does goes through the host
 * interface (host.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_CHIP_H
#define QL8400_FW_CHIP_H

#include "host.h"

/* Bytes of GRC space the chip decodes (BAR0). */
#define QL8400_GRC_BYTES        0x800000u

typedef struct Ql8400Chip Ql8400Chip;

/*
 * What a reset reaches. A power cycle (QEMU system reset) clears the whole
 * adapter, management firmware included; a function-level reset clears the
 * PCI function, while the chip's common state and the MCP's bookkeeping
 * (which functions have loaded) survive, as on the real card.
 */
typedef enum Ql8400ResetKind {
    QL8400_RESET_POWER_ON,
    QL8400_RESET_FUNCTION,
} Ql8400ResetKind;

#include "mcp.h"
#include "dmae.h"
#include "igu.h"
#include "storm.h"
#include "link.h"
#include "offload.h"

struct Ql8400GrcReg;
struct Ql8400GrcRange;
struct Ql8400GrcHook;

/* What the board was built with: the QEMU properties end up here. */
typedef struct Ql8400Config {
    uint8_t mac[6];             /* port MAC, as programmed in NVRAM */
    bool iscsi_offload;         /* iSCSI offload licence present */
} Ql8400Config;

struct Ql8400Chip {
    const Ql8400HostOps *host;
    void *host_opaque;
    Ql8400Config cfg;

    /* Backing store of the GRC space, one dword per register. */
    uint32_t *grc;
    /* Ql8400GrcAttr of every GRC dword. */
    uint8_t *grc_attr;
    /* One bit per GRC dword: unknown offset already reported. */
    uint8_t *unknown_reported;
    /* What the blocks registered (grc.c). */
    const struct Ql8400GrcHook *grc_hooks[256];
    unsigned grc_nhooks;
    struct {
        const struct Ql8400GrcReg *regs;
        size_t n;
    } grc_reg_tables[32];
    unsigned grc_nreg_tables;
    struct {
        const struct Ql8400GrcRange *ranges;
        size_t n;
    } grc_range_tables[32];
    unsigned grc_nrange_tables;

    /* PCICFG_GRC_ADDRESS: the indirect window's current address. */
    uint32_t pcicfg_grc_address;
    /* requests PGLUE_B dropped since the master enable was cleared */
    uint64_t pglue_blocked;

    Ql8400Mcp mcp;              /* management firmware (mcp.c) */
    Ql8400Dmae dmae;            /* DMA engine (dmae.c) */
    Ql8400Igu igu;              /* interrupts (igu.c) */
    Ql8400Storm storm;          /* storm firmware (storm.c and friends) */
    Ql8400Link link;
    Ql8400Offload offload;      /* TCP/iSCSI connections (offload.c) */

    /*
     * The host may hand the port a frame while the model is still busy
     * with the one that caused it (QEMU's slirp answers a frame within
     * the send). A frame for an offloaded connection is then held, as
     * its engine may be the one running: the port keeps it (port.c, as
     * the chip's receive buffer does) and takes it in when the model is
     * done, before returning to the host; when that buffer is full the
     * host queues it and gets rx_resume. L2 frames are placed at once
     * (the receive path shares nothing with the sends under way). Either
     * way no frame waits for the host's main loop.
     */
    unsigned busy;
    bool rx_deferred;
    struct Ql8400HeldFrame *held;       /* FIFO: first, ... */
    struct Ql8400HeldFrame *held_tail;  /* ... and last */
    unsigned nheld;
};

void ql8400_chip_init(Ql8400Chip *c, const Ql8400Config *cfg,
                      const Ql8400HostOps *host, void *host_opaque);
void ql8400_chip_destroy(Ql8400Chip *c);
void ql8400_chip_reset(Ql8400Chip *c, Ql8400ResetKind kind);

/* BAR0: the GRC window. size is 1, 2 or 4. */
uint32_t ql8400_grc_read(Ql8400Chip *c, uint32_t addr, unsigned size);
void ql8400_grc_write(Ql8400Chip *c, uint32_t addr, uint32_t val,
                      unsigned size);

/*
 * Host memory through the chip's PCIe core: false (and a guest-error
 * line) when the address maps nothing.
 */
bool ql8400_dma_read(Ql8400Chip *c, uint64_t addr, void *buf, size_t len);
bool ql8400_dma_write(Ql8400Chip *c, uint64_t addr, const void *buf,
                      size_t len);

/* Around every entry from the host: see busy above. */
void ql8400_chip_enter(Ql8400Chip *c);
void ql8400_chip_leave(Ql8400Chip *c);

/* The host: a timer the model armed (QL8400_TIMER_*) expired. */
void ql8400_chip_timer(Ql8400Chip *c, unsigned timer_id);

/* BAR2: doorbells. */
uint32_t ql8400_doorbell_read(Ql8400Chip *c, uint32_t addr, unsigned size);
void ql8400_doorbell_write(Ql8400Chip *c, uint32_t addr, uint32_t val,
                           unsigned size);

/* The vendor dwords of PCI configuration space (PCICFG_*). */
bool ql8400_pcicfg_is_vendor(uint32_t offset);
uint32_t ql8400_pcicfg_read(Ql8400Chip *c, uint32_t offset);
void ql8400_pcicfg_write(Ql8400Chip *c, uint32_t offset, uint32_t val);

#endif
