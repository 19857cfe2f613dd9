/*
 * ql8400 firmware model: cnic's kernel completion queue (see kcq.h).
 *
 * The ring: 16 pages of 128 KCQE slots, slot 127 of each page a chain
 * element {addr lo, addr hi} to the next page. The producer is a free
 * running u16 that never rests on a chain slot (126 is followed by 128),
 * and it goes to the host as index 6 (as cnic programmed) of cnic's
 * status block, whose running index cnic acknowledges to the IGU.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "grc.h"
#include "kcq.h"
#include "le.h"
#include "regs.h"
#include "fw-trace.h"

/* CSTORM RAM of PF0, EQ 0 (IRO 316..322 of the 7.13.21.0 firmware) */
#define CSTORM_ISCSI_EQ_DATA        (BAR_CSTRORM_INTMEM + 0x6040)
#define EQ_CONS                     0x0     /* u16; PROD is the upper half */
#define EQ_NEXT_EQE_ADDR            0x4     /* regpair: the first KCQE */
#define EQ_NEXT_PAGE_ADDR           0xc     /* regpair: the second page */
#define EQ_SB_NUM                   0x14    /* u16: FW status block id */
#define EQ_SB_INDEX                 0x16    /* u8 */
#define EQ_NEXT_PAGE_ADDR_VALID     0x17    /* u8 */
#define EQ_REG(off)                 (CSTORM_ISCSI_EQ_DATA + (off))

#define KCQ_SLOTS_PER_PAGE          128
#define KCQ_CHAIN_SLOT              127

/*
 * cnic writes the first KCQE's address at every start (after resetting
 * its own consumer): the ring starts again from its first slot.
 */
static void eq_data_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    unsigned off = addr - CSTORM_ISCSI_EQ_DATA;

    ql8400_grc_poke(c, addr, val);
    if (off == EQ_NEXT_EQE_ADDR || off == EQ_NEXT_EQE_ADDR + 4) {
        c->storm.kcq_prod = 0;
        c->storm.kcq_page = ql8400_grc_peek64(c, EQ_REG(EQ_NEXT_EQE_ADDR));
        c->storm.kcq_running = c->storm.kcq_page != 0;
        if (off == EQ_NEXT_EQE_ADDR + 4) {
            trace_ql8400_fw_kcq_start(c->storm.kcq_page,
                                      ql8400_grc_peek16(c, EQ_REG(EQ_SB_NUM)));
        }
    }
}

static const Ql8400GrcHook kcq_hooks[] = {
    { CSTORM_ISCSI_EQ_DATA, 0x18, "CSTORM_ISCSI_EQ", NULL, eq_data_write },
};

void ql8400_kcq_init(Ql8400Chip *c)
{
    ql8400_grc_add_hooks(c, kcq_hooks, QL8400_ARRAY_LEN(kcq_hooks));
}

void ql8400_kcq_reset(Ql8400Chip *c)
{
    c->storm.kcq_running = false;
    c->storm.kcq_prod = 0;
    c->storm.kcq_page = 0;
}

bool ql8400_kcq_running(Ql8400Chip *c)
{
    return c->storm.kcq_running;
}

bool ql8400_kcq_post(Ql8400Chip *c, const uint8_t *kcqe)
{
    Ql8400Storm *s = &c->storm;
    uint32_t op_flag = ql8400_ld32(kcqe + 28);
    uint8_t chain[8];
    unsigned slot;

    if (!s->kcq_running) {
        QL8400_LOG_GUEST_ERROR("ql8400: KCQE opcode 0x%x with no KCQ"
                               " programmed: dropped\n",
                               (op_flag >> QL8400_KCQE_OPCODE_SHIFT) & 0xff);
        return false;
    }
    slot = s->kcq_prod % KCQ_SLOTS_PER_PAGE;
    trace_ql8400_fw_kcqe((op_flag >> QL8400_KCQE_OPCODE_SHIFT) & 0xff,
                         (op_flag >> QL8400_KCQE_LAYER_SHIFT) & 7,
                         ql8400_ld32(kcqe), ql8400_ld32(kcqe + 4),
                         ql8400_ld32(kcqe + 8), s->kcq_prod);
    if (!ql8400_dma_write(c, s->kcq_page + slot * QL8400_KCQE_SIZE, kcqe,
                          QL8400_KCQE_SIZE)) {
        return false;
    }
    s->kcq_prod++;
    if (s->kcq_prod % KCQ_SLOTS_PER_PAGE == KCQ_CHAIN_SLOT) {
        /* the chain element: the next page, and the producer skips it */
        if (!ql8400_dma_read(c, s->kcq_page +
                             KCQ_CHAIN_SLOT * QL8400_KCQE_SIZE,
                             chain, sizeof(chain))) {
            s->kcq_running = false;
            return false;
        }
        s->kcq_page = ql8400_ld64(chain);
        s->kcq_prod++;
    }
    ql8400_sb_fp_update(c, ql8400_grc_peek16(c, EQ_REG(EQ_SB_NUM)),
                        ql8400_grc_peek8(c, EQ_REG(EQ_SB_INDEX)), s->kcq_prod);
    return true;
}

static uint32_t op_flag(uint8_t opcode, unsigned layer, bool ramrod)
{
    return (uint32_t)opcode << QL8400_KCQE_OPCODE_SHIFT |
           (uint32_t)layer << QL8400_KCQE_LAYER_SHIFT |
           (ramrod ? QL8400_KCQE_RAMROD_COMPLETION : 0);
}

bool ql8400_kcq_l4(Ql8400Chip *c, uint8_t opcode, uint16_t l5_cid,
                   uint32_t cid, uint16_t status, bool ramrod)
{
    uint8_t k[QL8400_KCQE_SIZE] = { 0 };

    /* struct l4_kcq: cid, pg_cid, conn_id, pg_host_opaque, status */
    ql8400_st32(k + 0, opcode & 0x80 ? l5_cid : cid);
    ql8400_st32(k + 4, opcode == QL8400_KCQE_L5CM_CLOSE ? status : 0);
    ql8400_st32(k + 8, l5_cid);
    ql8400_st16(k + 18, status);
    ql8400_st32(k + 28, op_flag(opcode, QL8400_KCQE_LAYER_L4, ramrod));
    return ql8400_kcq_post(c, k);
}

bool ql8400_kcq_iscsi(Ql8400Chip *c, uint8_t opcode, uint16_t l5_cid,
                      uint32_t cid, uint32_t status, bool ramrod)
{
    uint8_t k[QL8400_KCQE_SIZE] = { 0 };

    /* struct iscsi_kcqe */
    ql8400_st32(k + 0, l5_cid);
    ql8400_st32(k + 4, status);
    ql8400_st32(k + 8, cid);
    ql8400_st32(k + 28, op_flag(opcode, QL8400_KCQE_LAYER_ISCSI, ramrod));
    return ql8400_kcq_post(c, k);
}
