/*
 * The L2 fast path's test fixture (see l2-fixture.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_L2_FIXTURE_H
#define QL8400_L2_FIXTURE_H

#include "fake-host.h"

/* where the driver's structures are in the fake host's memory */
#define DEF_SB      (FAKE_MEM_BASE + 0x0000)
#define FP_SB       (FAKE_MEM_BASE + 0x1000)
#define SPQ_PAGE    (FAKE_MEM_BASE + 0x2000)
#define EQ_PAGE     (FAKE_MEM_BASE + 0x3000)
#define DATA        (FAKE_MEM_BASE + 0x4000)
#define TX_RING     (FAKE_MEM_BASE + 0x10000)   /* 2 pages */
#define RX_BD_RING  (FAKE_MEM_BASE + 0x20000)   /* 2 pages */
#define RCQ_RING    (FAKE_MEM_BASE + 0x30000)   /* 2 pages */
#define BUFS        (FAKE_MEM_BASE + 0x100000)  /* 2 KiB buffers */
#define FP_SB_ID    1
#define CL_ID       0
#define RX_BUF_SIZE 0x800

typedef struct L2Fixture {
    FakeHost *h;
    Ql8400Chip *c;
    unsigned spq_prod;
    uint16_t tx_prod;           /* the driver's TX BD producer */
} L2Fixture;

extern const uint8_t l2_port_mac[6];

/* A loaded driver with one queue (cid 0, client 0): bnx2x_nic_load's work */
void l2_setup(L2Fixture *f);
void l2_teardown(L2Fixture *f);
uint8_t *l2_mem(L2Fixture *f, uint64_t addr);
void l2_wr(L2Fixture *f, uint32_t addr, uint32_t val);
/* the driver's RX producers: CQEs and BDs it gave the firmware */
void l2_rx_prods(L2Fixture *f, uint16_t cqe_prod, uint16_t bd_prod);
uint16_t l2_tx_next(uint16_t i);
void l2_tx_bd(L2Fixture *f, uint16_t idx, const void *bd);
/* One packet: start BD, parse BD, data BDs for each buffer after the 1st. */
void l2_tx_packet(L2Fixture *f, const uint64_t *buf, const uint16_t *len,
                  unsigned n, uint8_t flags, uint32_t parsing);
/* the TX doorbell with the producer so far */
void l2_doorbell(L2Fixture *f, uint32_t cid);
/* the i-th fast-path CQE (after the CLIENT_SETUP one) */
uint8_t *l2_rcq(L2Fixture *f, unsigned i);

#endif
