/*
 * ql8400 firmware model: the storm processors' firmware. The model does
 * not run the storm microcode the driver loads into PRAM; it does what
 * that microcode does for the driver: the final cleanup of a function the
 * driver asks for through the SDM operation generator, and (in the files
 * named in storm.h) the slow path, status blocks and queues.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "grc.h"
#include "regs.h"
#include "storm-ram.h"
#include "kcq.h"
#include "fw-trace.h"

#define SDM_OP_GEN_COMP_PARAM(v)    ((v) & 0x1fu)
#define SDM_OP_GEN_COMP_TYPE(v)     (((v) >> 5) & 0x7u)
#define SDM_OP_GEN_AGG_VECT_IDX(v)  (((v) >> 8) & 0xffu)
#define SDM_OP_GEN_AGG_VECT_VALID   (1u << 16)

#define QL8400_MAX_FUNCS            8

/*
 * An aggregated interrupt to XSTORM. FINAL_CLEANUP for a function: the
 * firmware flushes what it holds for it (nothing, in the model) and
 * reports completion in CSTORM RAM, where the driver polls for 1.
 */
static void xsdm_operation_gen_write(Ql8400Chip *c, uint32_t addr,
                                     uint32_t val)
{
    unsigned func = SDM_OP_GEN_AGG_VECT_IDX(val);

    ql8400_grc_poke(c, addr, val);
    trace_ql8400_fw_sdm_op_gen("XSDM", SDM_OP_GEN_COMP_PARAM(val),
                               SDM_OP_GEN_COMP_TYPE(val), func);
    if (!(val & SDM_OP_GEN_AGG_VECT_VALID) ||
        SDM_OP_GEN_COMP_PARAM(val) != XSTORM_AGG_INT_FINAL_CLEANUP_INDEX ||
        SDM_OP_GEN_COMP_TYPE(val) != XSTORM_AGG_INT_FINAL_CLEANUP_COMP_TYPE) {
        QL8400_LOG_UNIMP("ql8400: XSDM operation 0x%x not modelled\n", val);
        return;
    }
    if (func >= QL8400_MAX_FUNCS) {
        QL8400_LOG_GUEST_ERROR("ql8400: final cleanup of function %u\n", func);
        return;
    }
    ql8400_grc_write(c, CSTORM_FINAL_CLEANUP_COMPLETE(func), 1, 4);
}

static const Ql8400GrcHook storm_hooks[] = {
    { XSDM_REG_OPERATION_GEN, 4, "XSDM_REG_OPERATION_GEN",
      NULL, xsdm_operation_gen_write },
};

void ql8400_storm_init(Ql8400Chip *c)
{
    ql8400_grc_add_hooks(c, storm_hooks, QL8400_ARRAY_LEN(storm_hooks));
    ql8400_sb_init(c);
    ql8400_spq_init(c);
    ql8400_eth_rx_init(c);
    ql8400_mac_stats_init(c);
    ql8400_kcq_init(c);
}

void ql8400_storm_reset(Ql8400Chip *c, int kind)
{
    uint8_t *tx_frame = c->storm.tx_frame;

    memset(&c->storm, 0, sizeof(c->storm));
    c->storm.tx_frame = tx_frame;
}

void ql8400_storm_destroy(Ql8400Chip *c)
{
    free(c->storm.tx_frame);
    c->storm.tx_frame = NULL;
}
