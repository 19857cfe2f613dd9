/*
 * ql8400 firmware model: PGLUE_B, the chip's side of the PCIe link.
 *
 * The storm firmware's and the IGU's requests to host memory leave through
 * PGLUE_B, and pass only while the function's master enable is set. A
 * function-level reset clears it: from then on nothing of the function's
 * old life (rings, status blocks, the slow path, offloaded connections)
 * reaches host memory. The driver sets it again as it initialises the
 * function (bnx2x_pf_flr_clnup, the port and function init phases) and
 * clears it at the end of an unload (bnx2x_pf_disable).
 *
 * The model lets the DMAE engine's copies pass regardless. On the card
 * they need the master enable too (bnx2x_pf_flr_clnup sets it first "due
 * to WB DMAE writes"), and the stock bnx2x, which is not
 * told of an FLR from sysfs, finds out by a transmit timeout and unloads:
 * its unload clears the function's ILT one DMAE command per line, each
 * timing out after 200 ms, for over a minute of busy-waiting before the
 * reload. Every DMAE command is the driver's own request, made after the
 * reset; none belongs to the function's old life.
 *
 * The driver also writes other functions' registers through its pretend
 * register (the timers workaround of the common init phase disables every
 * other function's master enable). The adapter model has one function:
 * per-function writes made while pretending reach no function of it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "grc.h"
#include "pglue.h"
#include "regs.h"
#include "fw-trace.h"

static uint32_t own_function(void)
{
    return 0;                   /* PCICFG_ME_REGISTER: absolute PF 0 */
}

bool ql8400_pglue_pretending(const Ql8400Chip *c)
{
    return ql8400_grc_peek(c, PXP2_REG_PGL_PRETEND_FUNC_F0) != own_function();
}

static bool master_enabled(const Ql8400Chip *c)
{
    return ql8400_grc_peek(c, PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER) & 1;
}

static void enable_master_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    uint32_t pretend = ql8400_grc_peek(c, PXP2_REG_PGL_PRETEND_FUNC_F0);

    trace_ql8400_fw_pglue_master(val, pretend);
    if (ql8400_pglue_pretending(c)) {
        return;
    }
    if ((val & 1) && !master_enabled(c) && c->pglue_blocked) {
        trace_ql8400_fw_pglue_blocked_total(c->pglue_blocked);
        c->pglue_blocked = 0;
    }
    ql8400_grc_poke(c, addr, val & 1);
}

static const Ql8400GrcReg pglue_regs[] = {
    /* out of power-on the function may master the bus */
    { PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER, QL8400_GRC_RW, 1,
      "PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER" },
    { PXP2_REG_PGL_PRETEND_FUNC_F0, QL8400_GRC_RW, 0,
      "PXP2_REG_PGL_PRETEND_FUNC_F0" },
};

static const Ql8400GrcHook pglue_hooks[] = {
    { PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER, 4,
      "PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER", NULL, enable_master_write },
};

void ql8400_pglue_init(Ql8400Chip *c)
{
    ql8400_grc_add_regs(c, pglue_regs, QL8400_ARRAY_LEN(pglue_regs));
    ql8400_grc_add_hooks(c, pglue_hooks, QL8400_ARRAY_LEN(pglue_hooks));
}

void ql8400_pglue_function_reset(Ql8400Chip *c)
{
    ql8400_grc_poke(c, PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER, 0);
    ql8400_grc_poke(c, PXP2_REG_PGL_PRETEND_FUNC_F0, own_function());
    c->pglue_blocked = 0;
}

static bool pass(Ql8400Chip *c, const char *dir, uint64_t addr, size_t len)
{
    if (master_enabled(c)) {
        return true;
    }
    /* the chip drops it without a word to the host: count and trace */
    c->pglue_blocked++;
    trace_ql8400_fw_pglue_dma_blocked(dir, len, addr);
    return false;
}

Ql8400DmaResult ql8400_pglue_dma_read(Ql8400Chip *c, uint64_t addr,
                                      void *buf, size_t len)
{
    if (!pass(c, "read", addr, len)) {
        memset(buf, 0, len);
        return QL8400_DMA_BLOCKED;
    }
    return c->host->dma_read(c->host_opaque, addr, buf, len);
}

Ql8400DmaResult ql8400_pglue_dma_write(Ql8400Chip *c, uint64_t addr,
                                       const void *buf, size_t len)
{
    if (!pass(c, "write", addr, len)) {
        return QL8400_DMA_BLOCKED;
    }
    return c->host->dma_write(c->host_opaque, addr, buf, len);
}
