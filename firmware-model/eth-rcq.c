/*
 * ql8400 firmware model: a client's RX completion queue. 64-byte CQEs,
 * 64 to a page, the last slot of each page pointing at the next page; the
 * driver's CQE producer (in USTORM RAM) says how far the firmware may go.
 * The firmware reports its own producer in the client's status block.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "grc.h"
#include "le.h"
#include "regs.h"
#include "storm-ram.h"
#include "fw-trace.h"

#define RCQE_SIZE               64
#define RCQ_PER_PAGE            64
#define RCQ_MARKER              0x3c

static uint16_t rcq_next(uint16_t idx)
{
    return (idx & (RCQ_PER_PAGE - 1)) == RCQ_PER_PAGE - 2 ? idx + 2
                                                           : idx + 1;
}

bool ql8400_rcq_post(Ql8400Chip *c, unsigned client, const uint8_t *cqe)
{
    Ql8400EthClient *cl;
    uint16_t driver_prod;
    uint64_t addr;
    uint8_t next[8];

    if (client >= QL8400_MAX_CLIENTS || !c->storm.clients[client].rcq_page) {
        return false;
    }
    cl = &c->storm.clients[client];
    driver_prod = ql8400_grc_peek(c, USTORM_RX_PRODS(cl->qzone_id)) & 0xffff;
    if (cl->rcq_prod == driver_prod) {
        QL8400_LOG_GUEST_ERROR("ql8400: RCQ of client %u full at %u\n",
                               client, cl->rcq_prod);
        return false;
    }
    addr = cl->rcq_page + RCQE_SIZE * (cl->rcq_prod & (RCQ_PER_PAGE - 1));
    /* the marker last: the driver polls it to see a CQE is complete */
    if (!ql8400_dma_write(c, addr, cqe, RCQ_MARKER) ||
        !ql8400_dma_write(c, addr + RCQ_MARKER, cqe + RCQ_MARKER,
                          RCQE_SIZE - RCQ_MARKER)) {
        return false;
    }
    trace_ql8400_fw_rcq_post(client, cl->rcq_prod, cqe[0]);
    if ((cl->rcq_prod & (RCQ_PER_PAGE - 1)) == RCQ_PER_PAGE - 2) {
        if (ql8400_dma_read(c, cl->rcq_page + RCQE_SIZE * (RCQ_PER_PAGE - 1),
                            next, sizeof(next))) {
            cl->rcq_page = ql8400_ld64(next);
        }
    }
    cl->rcq_prod = rcq_next(cl->rcq_prod);
    ql8400_sb_update(c, cl->fw_sb_id, cl->rx_sb_index, cl->rcq_prod);
    return true;
}
