/*
 * ql8400 firmware model: the status registers init_hw and the FLR cleanup
 * poll — memory init-done flags and per-function usage counters — as an
 * idle chip shows them. The model's memories are ready at once and it
 * holds no hidden work, so these read as done and empty.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "grc.h"
#include "idle-status.h"
#include "regs.h"

static const Ql8400GrcReg idle_status_regs[] = {
    { PXP2_REG_RQ_CFG_DONE, QL8400_GRC_RO, 1, "PXP2_REG_RQ_CFG_DONE" },
    { PXP2_REG_RD_INIT_DONE, QL8400_GRC_RO, 1, "PXP2_REG_RD_INIT_DONE" },
    { PXP2_REG_PXP2_INT_STS_CLR_0, QL8400_GRC_RO, 0,
      "PXP2_REG_PXP2_INT_STS_CLR_0" },
    { ATC_REG_ATC_INIT_DONE, QL8400_GRC_RO, 1, "ATC_REG_ATC_INIT_DONE" },
    { CFC_REG_LL_INIT_DONE, QL8400_GRC_RO, 1, "CFC_REG_LL_INIT_DONE" },
    { CFC_REG_AC_INIT_DONE, QL8400_GRC_RO, 1, "CFC_REG_AC_INIT_DONE" },
    { CFC_REG_CAM_INIT_DONE, QL8400_GRC_RO, 1, "CFC_REG_CAM_INIT_DONE" },
    { CFC_REG_NUM_LCIDS_INSIDE_PF, QL8400_GRC_RO, 0,
      "CFC_REG_NUM_LCIDS_INSIDE_PF" },
    { DORQ_REG_PF_USAGE_CNT, QL8400_GRC_RO, 0, "DORQ_REG_PF_USAGE_CNT" },
    { QM_REG_PF_USG_CNT_0, QL8400_GRC_RO, 0, "QM_REG_PF_USG_CNT_0" },
    { TM_REG_LIN0_VNIC_UC, QL8400_GRC_RO, 0, "TM_REG_LIN0_VNIC_UC" },
    { TM_REG_LIN0_NUM_SCANS, QL8400_GRC_RO, 0, "TM_REG_LIN0_NUM_SCANS" },
};

void ql8400_idle_status_init(Ql8400Chip *c)
{
    ql8400_grc_add_regs(c, idle_status_regs,
                        QL8400_ARRAY_LEN(idle_status_regs));
}
