/*
 * ql8400 firmware model: what the adapter needs from whoever hosts it.
 *
 * The model is plain C with no QEMU types. Inside QEMU the hw/ glue fills
 * Ql8400HostOps with pci_dma_*, msix_notify, qemu_send_packet and QEMU
 * timers; a unit test fills it with a fake host memory and counters.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_HOST_H
#define QL8400_FW_HOST_H

#ifdef QL8400_STANDALONE
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <sys/uio.h>
#else
#include "qemu/osdep.h"
#include "qemu/log.h"
#endif

/* Result of a DMA transfer as the PCIe core of the chip sees it. */
typedef enum Ql8400DmaResult {
    QL8400_DMA_OK = 0,
    QL8400_DMA_FAULT = 1,       /* the address maps nothing / was refused */
    QL8400_DMA_BLOCKED = 2,     /* the function may not master the bus */
} Ql8400DmaResult;

/*
 * What the transmit firmware asks of a frame it hands out: the offloads
 * the driver requested in its BDs. The host applies them (QEMU: net_tx_pkt,
 * or a virtio-net header for a backend that takes it).
 */
typedef struct Ql8400TxOffload {
    bool l4_csum;               /* fill in the TCP/UDP checksum */
    bool udp;                   /* L4 is UDP, not TCP */
    bool ipv6;
    bool lso;                   /* segment TCP into mss-sized frames */
    uint16_t mss;
    uint16_t l4_offset;         /* bytes from the frame start */
    uint16_t hdr_len;           /* L2..L4 headers, for LSO */
    bool vlan_insert;           /* insert an 802.1Q tag with vlan_tci */
    uint16_t vlan_tci;
} Ql8400TxOffload;

/*
 * The model's one-shot timers, by id: the host calls ql8400_chip_timer()
 * when one expires.
 */
enum {
    QL8400_TIMER_OFFLOAD,       /* TCP and iSCSI engines (offload.c) */
    QL8400_NUM_TIMERS,
};

typedef struct Ql8400HostOps {
    Ql8400DmaResult (*dma_read)(void *opaque, uint64_t addr,
                                void *buf, size_t len);
    Ql8400DmaResult (*dma_write)(void *opaque, uint64_t addr,
                                 const void *buf, size_t len);
    /* MSI-X vector, or the INTx line when MSI-X is off */
    void (*msix_notify)(void *opaque, unsigned vector);
    void (*set_intx)(void *opaque, bool level);
    /* an Ethernet frame leaves the port, with the offloads to apply */
    void (*frame_out)(void *opaque, const uint8_t *frame, size_t len,
                      const Ql8400TxOffload *offload);
    /* receive buffers were posted: frames held back may come now */
    void (*rx_resume)(void *opaque);
    /* guest-visible time, and one-shot timers the model arms by id */
    int64_t (*now_ns)(void *opaque);
    void (*timer_arm)(void *opaque, unsigned timer_id, int64_t expire_ns);
    void (*timer_cancel)(void *opaque, unsigned timer_id);
} Ql8400HostOps;

/*
 * Logging of guest mistakes and of what the model does not implement. In
 * QEMU these are qemu_log_mask() lines (-d guest_errors,unimp); standalone
 * they go to stderr when QL8400_LOG is set, and are always counted so unit
 * tests can assert that a bad input was reported.
 */
#ifdef QL8400_STANDALONE
extern unsigned ql8400_log_guest_errors;
extern unsigned ql8400_log_unimp;
void ql8400_log(unsigned *counter, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#define QL8400_LOG_GUEST_ERROR(...) \
    ql8400_log(&ql8400_log_guest_errors, __VA_ARGS__)
#define QL8400_LOG_UNIMP(...) ql8400_log(&ql8400_log_unimp, __VA_ARGS__)
#else
#define QL8400_LOG_GUEST_ERROR(...) qemu_log_mask(LOG_GUEST_ERROR, __VA_ARGS__)
#define QL8400_LOG_UNIMP(...) qemu_log_mask(LOG_UNIMP, __VA_ARGS__)
#endif

#endif
