/*
 * ql8400 firmware model: the status registers of an idle chip. init_hw and
 * the FLR cleanup poll memory init-done flags and per-function usage
 * counters; the driver's idle check (bnx2x_idle_chk, run when it dumps its
 * state) and its recovery (bnx2x_process_kill) read arbiters, outstanding
 * read tags, FIFO-empty flags and free credits. The model's memories are
 * ready at once and it holds no hidden work, so these read as done, empty,
 * idle and with every credit returned. Neither the driver nor the init
 * values of its firmware file write them: they are read-only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "grc.h"
#include "idle-status.h"
#include "regs.h"

#define IDLE_REG(reg, val) { reg, QL8400_GRC_RO, val, #reg }

/* The PSWRD read buffer's size, in SRs and in blocks. */
#define PXP2_RD_SR_NUM          0x7fu
#define PXP2_RD_BLK_NUM         0xa0u

static const Ql8400GrcReg idle_status_regs[] = {
    IDLE_REG(PXP2_REG_RQ_CFG_DONE, 1),
    IDLE_REG(PXP2_REG_RD_INIT_DONE, 1),
    IDLE_REG(PXP2_REG_PXP2_INT_STS_CLR_0, 0),
    IDLE_REG(ATC_REG_ATC_INIT_DONE, 1),
    IDLE_REG(CFC_REG_LL_INIT_DONE, 1),
    IDLE_REG(CFC_REG_AC_INIT_DONE, 1),
    IDLE_REG(CFC_REG_CAM_INIT_DONE, 1),
    IDLE_REG(CFC_REG_NUM_LCIDS_INSIDE_PF, 0),
    IDLE_REG(DORQ_REG_PF_USAGE_CNT, 0),
    IDLE_REG(QM_REG_PF_USG_CNT_0, 0),
    IDLE_REG(TM_REG_LIN0_VNIC_UC, 0),
    IDLE_REG(TM_REG_LIN0_NUM_SCANS, 0),

    /* PXP's host arbiter has no request to arbitrate */
    IDLE_REG(PXP_REG_HST_ARB_IS_IDLE, 1),
    /* PSWRQ: read credit (bits 5:3) and write credit (2:0), both 5 */
    IDLE_REG(PXP2_REG_PSWRQ_BW_CREDIT, 0x2d),
    /*
     * PSWRD's free SRs and blocks as an idle one counts them (the idle
     * check wants one SR fewer than configured, bnx2x_process_kill waits
     * for 0x7e and 0xa0); its delivery ports idle.
     */
    IDLE_REG(PXP2_REG_RD_SR_NUM_CFG, PXP2_RD_SR_NUM),
    IDLE_REG(PXP2_REG_RD_BLK_NUM_CFG, PXP2_RD_BLK_NUM),
    IDLE_REG(PXP2_REG_RD_SR_CNT, PXP2_RD_SR_NUM - 1),
    IDLE_REG(PXP2_REG_RD_BLK_CNT, PXP2_RD_BLK_NUM),
    IDLE_REG(PXP2_REG_RD_PORT_IS_IDLE_0, 1),
    IDLE_REG(PXP2_REG_RD_PORT_IS_IDLE_1, 1),
    /* read tags, a bit each, set while no completion is awaited on it */
    IDLE_REG(PXP2_REG_PGL_EXP_ROM2, 0xffffffff),
    IDLE_REG(PGLUE_B_REG_TAGS_63_32, 0xffffffff),

    /* SEMs and SDMs: nothing stored, parsed or read back from the host */
    IDLE_REG(CSEM_REG_SLOW_EXT_STORE_EMPTY, 1),
    IDLE_REG(TSEM_REG_SLOW_EXT_STORE_EMPTY, 1),
    IDLE_REG(USEM_REG_SLOW_EXT_STORE_EMPTY, 1),
    IDLE_REG(XSEM_REG_SLOW_EXT_STORE_EMPTY, 1),
    IDLE_REG(CSDM_REG_RSP_PXP_CTRL_RDATA_EMPTY, 1),
    IDLE_REG(CSDM_REG_SYNC_PARSER_EMPTY, 1),
    IDLE_REG(CSDM_REG_SYNC_SYNC_EMPTY, 1),
    IDLE_REG(TSDM_REG_RSP_PXP_CTRL_RDATA_EMPTY, 1),
    IDLE_REG(TSDM_REG_SYNC_PARSER_EMPTY, 1),
    IDLE_REG(TSDM_REG_SYNC_SYNC_EMPTY, 1),
    IDLE_REG(USDM_REG_RSP_PXP_CTRL_RDATA_EMPTY, 1),
    IDLE_REG(USDM_REG_SYNC_PARSER_EMPTY, 1),
    IDLE_REG(USDM_REG_SYNC_SYNC_EMPTY, 1),
    IDLE_REG(XSDM_REG_RSP_PXP_CTRL_RDATA_EMPTY, 1),
    IDLE_REG(XSDM_REG_SYNC_PARSER_EMPTY, 1),
    IDLE_REG(XSDM_REG_SYNC_SYNC_EMPTY, 1),

    /* DORQ's credits to XCM and UCM all back */
    IDLE_REG(DORQ_REG_RSPA_CRD_CNT, 2),
    IDLE_REG(DORQ_REG_RSPB_CRD_CNT, 2),
    /* the connection managers' free XX entries, as the idle check has E3 */
    IDLE_REG(XCM_REG_XX_FREE, 32),
    IDLE_REG(UCM_REG_XX_FREE, 27),
    IDLE_REG(TCM_REG_XX_FREE, 29),
    IDLE_REG(CCM_REG_XX_FREE, 24),

    /* NIG: every FIFO empty, the MCP's (management) ones included */
    IDLE_REG(NIG_REG_EGRESS_DEBUG_FIFO_EMPTY, 1),
    IDLE_REG(NIG_REG_EGRESS_DELAY0_EMPTY, 1),
    IDLE_REG(NIG_REG_EGRESS_DELAY1_EMPTY, 1),
    IDLE_REG(NIG_REG_EGRESS_DELAY2_EMPTY, 1),
    IDLE_REG(NIG_REG_EGRESS_DELAY3_EMPTY, 1),
    IDLE_REG(NIG_REG_EGRESS_DELAY4_EMPTY, 1),
    IDLE_REG(NIG_REG_EGRESS_DELAY5_EMPTY, 1),
    IDLE_REG(NIG_REG_EGRESS_MNG0_FIFO_EMPTY, 1),
    IDLE_REG(NIG_REG_EGRESS_MNG1_FIFO_EMPTY, 1),
    IDLE_REG(NIG_REG_INGRESS_EOP_LB_EMPTY, 1),
    IDLE_REG(NIG_REG_INGRESS_EOP_PORT0_EMPTY, 1),
    IDLE_REG(NIG_REG_INGRESS_EOP_PORT1_EMPTY, 1),
    IDLE_REG(NIG_REG_INGRESS_LB_PBF_DELAY_EMPTY, 1),
    IDLE_REG(NIG_REG_INGRESS_RMP0_DSCR_EMPTY, 1),
    IDLE_REG(NIG_REG_INGRESS_RMP1_DSCR_EMPTY, 1),
    IDLE_REG(NIG_REG_LLH0_FIFO_EMPTY, 1),
    IDLE_REG(NIG_REG_LLH1_FIFO_EMPTY, 1),
    IDLE_REG(NIG_REG_P0_TX_MNG_HOST_FIFO_EMPTY, 1),
    IDLE_REG(NIG_REG_P0_TLLH_FIFO_EMPTY, 1),
    IDLE_REG(NIG_REG_P0_HBUF_DSCR_EMPTY, 1),
    IDLE_REG(NIG_REG_P0_RX_MACFIFO_EMPTY, 1),
    IDLE_REG(NIG_REG_P0_TX_MACFIFO_EMPTY, 1),
    IDLE_REG(NIG_REG_P1_TX_MNG_HOST_FIFO_EMPTY, 1),
    IDLE_REG(NIG_REG_P1_TLLH_FIFO_EMPTY, 1),
    IDLE_REG(NIG_REG_P1_HBUF_DSCR_EMPTY, 1),
    IDLE_REG(NIG_REG_P1_RX_MACFIFO_EMPTY, 1),
    IDLE_REG(NIG_REG_P1_TX_MACFIFO_EMPTY, 1),
};

void ql8400_idle_status_init(Ql8400Chip *c)
{
    ql8400_grc_add_regs(c, idle_status_regs,
                        QL8400_ARRAY_LEN(idle_status_regs));
}
