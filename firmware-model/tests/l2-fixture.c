/*
 * The L2 fast path's test fixture: a chip with one queue as bnx2x_nic_load
 * leaves it, and the driver's side of the rings (BDs, doorbells,
 * producers), for the unit tests and the packet-cost benchmark.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "l2-fixture.h"
#include "le.h"
#include "tests.h"

const uint8_t l2_port_mac[6] = { 0x00, 0x0e, 0x1e, 0x84, 0x00, 0x01 };

uint8_t *l2_mem(L2Fixture *f, uint64_t addr)
{
    return f->h->mem + (addr - FAKE_MEM_BASE);
}

void l2_wr(L2Fixture *f, uint32_t addr, uint32_t val)
{
    ql8400_grc_write(f->c, addr, val, 4);
}

static void l2_spq_post(L2Fixture *f, unsigned conn_type, unsigned cmd,
                        uint32_t cid, uint64_t data)
{
    uint8_t *spe = l2_mem(f, SPQ_PAGE + 16 * f->spq_prod);

    ql8400_st32(spe, cmd << 24 | cid);
    ql8400_st16(spe + 4, conn_type);
    ql8400_st64(spe + 8, data);
    f->spq_prod = (f->spq_prod + 1) % 256;
    ql8400_grc_write(f->c, 0x42c008, f->spq_prod, 2);
}

void l2_rx_prods(L2Fixture *f, uint16_t cqe_prod, uint16_t bd_prod)
{
    l2_wr(f, 0x406000 + 0x20 * CL_ID, cqe_prod | (uint32_t)bd_prod << 16);
}

void l2_setup(L2Fixture *f)
{
    uint8_t *d;
    unsigned i;

    f->h = fake_host_new();
    f->c = &f->h->chip;
    d = l2_mem(f, DATA);
    test_link_bring_up(f->c);
    ql8400_log_guest_errors = 0;
    ql8400_log_unimp = 0;
    f->spq_prod = 0;
    f->tx_prod = 0;
    l2_wr(f, 0x41f640, (uint32_t)(DEF_SB + 0x10));
    l2_wr(f, 0x41f648, 16 | 1 << 8 | 1 << 16);
    l2_wr(f, 0x2ac000, (uint32_t)SPQ_PAGE);
    l2_wr(f, 0x2ac008, 0);
    l2_wr(f, 0x415900, (uint32_t)EQ_PAGE);
    l2_wr(f, 0x415908, 256);
    l2_wr(f, 0x130154, 0x0b);
    l2_wr(f, 0x442000 + 8 * 16, 0);               /* DSB enable */
    l2_wr(f, 0x41c000 + 0x40 * FP_SB_ID + 0x10, (uint32_t)FP_SB);
    l2_wr(f, 0x41c000 + 0x40 * FP_SB_ID + 0x18, FP_SB_ID << 16);
    l2_wr(f, 0x41c000 + 0x40 * FP_SB_ID + 0x2c, 1 << 16);
    l2_wr(f, 0x442000 + 8 * FP_SB_ID, 0);         /* fp SB enable */
    /* rings: next-page links (CQEs not written yet all-ones), RX buffers */
    memset(l2_mem(f, RCQ_RING), 0xff, 0x2000);
    ql8400_st64(l2_mem(f, TX_RING + 16 * 255), TX_RING + 0x1000);
    ql8400_st64(l2_mem(f, TX_RING + 0x1000 + 16 * 255), TX_RING);
    ql8400_st64(l2_mem(f, RX_BD_RING + 8 * 510), RX_BD_RING + 0x1000);
    ql8400_st64(l2_mem(f, RX_BD_RING + 0x1000 + 8 * 510), RX_BD_RING);
    ql8400_st64(l2_mem(f, RCQ_RING + 64 * 63), RCQ_RING + 0x1000);
    ql8400_st64(l2_mem(f, RCQ_RING + 0x1000 + 64 * 63), RCQ_RING);
    for (i = 0; i < 8; i++) {
        ql8400_st64(l2_mem(f, RX_BD_RING + 8 * i), BUFS + RX_BUF_SIZE * i + 64);
    }
    l2_rx_prods(f, 8, 8);
    l2_spq_post(f, 8, 1, 0, DATA);                /* FUNCTION_START */
    memset(d, 0, 0x78);
    d[0x00] = CL_ID;
    d[0x04] = 1;
    ql8400_st16(d + 0x06, 1500);
    d[0x13] = 6;                            /* 64-byte cache lines */
    d[0x16] = CL_ID;
    d[0x1b] = 1;                            /* strip VLAN tags */
    d[0x1d] = FP_SB_ID;
    d[0x1e] = 1;
    ql8400_st16(d + 0x22, 1534);
    ql8400_st64(d + 0x28, RX_BD_RING);
    ql8400_st64(d + 0x38, RCQ_RING);
    d[0x40] = 1;                            /* leading RSS client */
    d[0x61] = FP_SB_ID;
    d[0x62] = 5;
    ql8400_st64(d + 0x68, TX_RING);
    l2_spq_post(f, 0, 1, 0, DATA);                /* CLIENT_SETUP, cid 0 */
    /* the port MAC, and broadcasts: CLASSIFICATION + FILTER rules */
    memset(d, 0, 0x108);
    d[0] = 1;
    d[8] = 1 | 1 << 4;                      /* RX, MAC, add */
    d[8 + 2] = CL_ID;
    ql8400_st16(d + 8 + 0xc, l2_port_mac[0] << 8 | l2_port_mac[1]);
    ql8400_st16(d + 8 + 0xa, l2_port_mac[2] << 8 | l2_port_mac[3]);
    ql8400_st16(d + 8 + 0x8, l2_port_mac[4] << 8 | l2_port_mac[5]);
    l2_spq_post(f, 0, 9, 0, DATA);
    memset(d, 0, 0x108);
    d[0] = 1;
    d[8] = 1;                               /* RX */
    d[8 + 2] = CL_ID;
    ql8400_st16(d + 8 + 4, 0x20);           /* BCAST_ACCEPT_ALL */
    l2_spq_post(f, 0, 10, 0, DATA);
}

void l2_teardown(L2Fixture *f)
{
    fake_host_free(f->h);
}

uint16_t l2_tx_next(uint16_t i)
{
    return (i & 255) == 254 ? i + 2 : i + 1;
}

void l2_tx_bd(L2Fixture *f, uint16_t idx, const void *bd)
{
    memcpy(l2_mem(f, TX_RING + 0x1000 * ((idx >> 8) & 1) + 16 * (idx & 255)),
           bd, 16);
}

void l2_tx_packet(L2Fixture *f, const uint64_t *buf, const uint16_t *len,
                  unsigned n, uint8_t flags, uint32_t parsing)
{
    uint8_t bd[16];
    unsigned i;

    memset(bd, 0, 16);
    ql8400_st64(bd, buf[0]);
    ql8400_st16(bd + 8, n + 1);
    ql8400_st16(bd + 0xa, len[0]);
    bd[0xe] = flags | 1 << 4;
    bd[0xf] = 1;
    l2_tx_bd(f, f->tx_prod, bd);
    f->tx_prod = l2_tx_next(f->tx_prod);
    memset(bd, 0, 16);
    ql8400_st32(bd + 0xc, parsing);
    l2_tx_bd(f, f->tx_prod, bd);
    f->tx_prod = l2_tx_next(f->tx_prod);
    for (i = 1; i < n; i++) {
        memset(bd, 0, 16);
        ql8400_st64(bd, buf[i]);
        ql8400_st16(bd + 0xa, len[i]);
        l2_tx_bd(f, f->tx_prod, bd);
        f->tx_prod = l2_tx_next(f->tx_prod);
    }
}

void l2_doorbell(L2Fixture *f, uint32_t cid)
{
    ql8400_doorbell_write(f->c, cid * 8, (uint32_t)f->tx_prod << 16 | 2, 4);
}

uint8_t *l2_rcq(L2Fixture *f, unsigned i)
{
    return l2_mem(f, RCQ_RING + 64 * (1 + i));  /* slot 0: CLIENT_SETUP */
}
