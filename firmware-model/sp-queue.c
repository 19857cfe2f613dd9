/*
 * ql8400 firmware model: the slow path. The driver posts 16-byte elements
 * (SPEs) on a one-page ring and writes the producer into XSTORM RAM; the
 * firmware consumes them in order and reports on the event queue: 16-byte
 * EQEs on a one-page ring whose last slot points back to its start, with
 * the producer in the default status block.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "grc.h"
#include "le.h"
#include "regs.h"
#include "storm-ram.h"
#include "fw-trace.h"

#define SPQ_ELEMS               256
#define SPE_SIZE                16
#define EQE_SIZE                16
#define EQ_NEXT_PAGE_SLOT       255
#define HC_SP_INDEX_EQ_CONS     7

static uint64_t spq_base(Ql8400Chip *c)
{
    uint32_t d = XSTORM_SPQ_DATA(0);

    return ql8400_grc_peek(c, d + SPQ_DATA_PAGE_BASE) |
           (uint64_t)ql8400_grc_peek(c, d + SPQ_DATA_PAGE_BASE + 4) << 32;
}

static void spq_consume(Ql8400Chip *c)
{
    uint8_t prod = ql8400_grc_peek(c, XSTORM_SPQ_DATA(0) + SPQ_DATA_PROD);
    uint64_t base = spq_base(c);
    uint8_t spe[SPE_SIZE];

    while (c->storm.spq_cons != prod) {
        uint64_t addr = base + SPE_SIZE * c->storm.spq_cons;

        c->storm.spq_cons++;    /* wraps at SPQ_ELEMS */
        if (!ql8400_dma_read(c, addr, spe, sizeof(spe))) {
            continue;           /* nothing to act on; the driver times out */
        }
        ql8400_ramrod_dispatch(c, spe);
    }
}

/*
 * XSTORM_SPQ_DATA through BAR0: the driver's producer updates. The page
 * base and the first producer come through the XSEM fast-memory alias at
 * function init; both views hold the same words.
 */
static void spq_data_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    bool alias = addr < BAR_USTRORM_INTMEM;
    uint32_t off = addr - (alias ? XSEM_FAST_SPQ_DATA(0) : XSTORM_SPQ_DATA(0));

    ql8400_grc_poke(c, XSTORM_SPQ_DATA(0) + off, val);
    ql8400_grc_poke(c, XSEM_FAST_SPQ_DATA(0) + off, val);
    if (alias) {
        /* (re)initialisation: nothing before this producer is pending */
        c->storm.spq_cons = ql8400_grc_peek(c, XSTORM_SPQ_DATA(0) +
                                            SPQ_DATA_PROD) & 0xff;
        trace_ql8400_fw_spq_init(spq_base(c), c->storm.spq_cons);
        return;
    }
    if (off == SPQ_DATA_PROD) {
        if ((val & 0xffff) >= SPQ_ELEMS) {
            QL8400_LOG_GUEST_ERROR("ql8400: SPQ producer %u beyond the ring"
                                   "\n", val & 0xffff);
            return;
        }
        spq_consume(c);
    }
}

/* A new event ring: the firmware's producer starts again at 0. */
static void eq_data_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    ql8400_grc_poke(c, addr, val);
    if (addr - CSTORM_EVENT_RING_DATA(0) < 8) {
        c->storm.eq_prod = 0;
    }
}

void ql8400_eq_post(Ql8400Chip *c, uint8_t opcode, uint8_t error,
                    uint32_t data)
{
    uint32_t d = CSTORM_EVENT_RING_DATA(0);
    uint64_t base = ql8400_grc_peek(c, d) |
                    (uint64_t)ql8400_grc_peek(c, d + 4) << 32;
    uint16_t credit = ql8400_grc_peek(c, CSTORM_EVENT_RING_PROD(0)) & 0xffff;
    uint8_t eqe[EQE_SIZE] = { opcode, error };
    uint16_t prod = c->storm.eq_prod;

    if ((prod & 0xff) == EQ_NEXT_PAGE_SLOT) {
        prod++;                 /* the next-page element: same page again */
    }
    if (prod == credit) {
        QL8400_LOG_GUEST_ERROR("ql8400: event queue full (producer %u),"
                               " event %u lost\n", prod, opcode);
        return;
    }
    ql8400_st32(eqe + 4, data);
    trace_ql8400_fw_eq_post(opcode, error, data, prod);
    if (!ql8400_dma_write(c, base + EQE_SIZE * (prod & 0xff), eqe,
                          sizeof(eqe))) {
        return;
    }
    c->storm.eq_prod = prod + 1;
    ql8400_sb_sp_update(c, HC_SP_INDEX_EQ_CONS, c->storm.eq_prod);
}

static const Ql8400GrcHook spq_hooks[] = {
    { XSTORM_SPQ_DATA(0), 0x10, "XSTORM_SPQ_DATA", NULL, spq_data_write },
    { XSEM_FAST_SPQ_DATA(0), 0x10, "XSEM_FAST_MEMORY SPQ_DATA",
      NULL, spq_data_write },
    { CSTORM_EVENT_RING_DATA(0), 0x10, "CSTORM_EVENT_RING_DATA",
      NULL, eq_data_write },
};

void ql8400_spq_init(Ql8400Chip *c)
{
    ql8400_grc_add_hooks(c, spq_hooks, QL8400_ARRAY_LEN(spq_hooks));
}
