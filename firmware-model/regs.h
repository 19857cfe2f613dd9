/*
 * ql8400 firmware model: GRC register addresses of the BCM57810 (E3 B0),
 * named as the hardware names them. GRC addresses equal BAR0 offsets.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_REGS_H
#define QL8400_FW_REGS_H

#include "chip.h"

/* Size of the register window (BAR0) and of the doorbell window (BAR2). */
#define QL8400_GRC_SIZE                 QL8400_GRC_BYTES
#define QL8400_DOORBELL_SIZE            0x800000u

/* PCI configuration space, mirrored into GRC by the PCIe core. */
#define PCICFG_OFFSET                   0x2000u
#define PCICFG_SIZE                     0x1000u
#define PCI_ID_VAL3                     0x43cu  /* metal revision: bits 24-27 */

/* Vendor registers in PCI configuration space. */
#define PCICFG_GRC_ADDRESS              0x78u   /* indirect window: address */
#define PCICFG_GRC_DATA                 0x80u   /* indirect GRC window: data */
#define PCICFG_ME_REGISTER              0x98u   /* abs PF number: bits 16-18 */

/* MISC block: chip identity and strapping. */
#define MISC_REG_BOND_ID                0xa400u
#define MISC_REG_CHIP_NUM               0xa408u
#define MISC_REG_CHIP_REV               0xa40cu
#define MISC_REG_PORT4MODE_EN_OVWR      0xa720u
#define MISC_REG_PORT4MODE_EN           0xa750u
#define MISC_REG_CHIP_TYPE              0xac60u
#define MISC_REG_RESET_REG_1            0xa580u /* +4 SET, +8 CLEAR */
#define MISC_REG_RESET_REG_2            0xa590u
#define MISC_REG_RESET_REG_3            0xa5a0u
#define MISC_REG_AEU_AFTER_INVERT_1_FUNC_0 0xa42cu
#define MISC_REG_AEU_AFTER_INVERT_2_FUNC_0 0xa438u
#define MISC_REG_AEU_AFTER_INVERT_3_FUNC_0 0xa444u
#define MISC_REG_AEU_AFTER_INVERT_4_FUNC_0 0xa450u
#define MISC_REG_AEU_AFTER_INVERT_5_FUNC_0 0xa700u

/* IGU: interrupt generation unit. */
#define IGU_REG_BLOCK_CONFIGURATION     0x130000u
#define IGU_REG_COMMAND_REG_32LSB_DATA  0x130124u
#define IGU_REG_COMMAND_REG_CTRL        0x13012cu
#define IGU_REG_PF_CONFIGURATION        0x130154u
#define IGU_REG_RESET_MEMORIES          0x130158u
#define IGU_REG_CSTORM_TYPE_0_SB_CLEANUP 0x130200u
#define IGU_REG_MAPPING_MEMORY          0x131000u
#define IGU_REG_MAPPING_MEMORY_SIZE     136u
#define IGU_REG_PROD_CONS_MEMORY        0x132000u
#define IGU_REG_PROD_CONS_MEMORY_END    0x132800u
#define IGU_REG_TRAILING_EDGE_LATCH     0x130104u
#define IGU_REG_ATTENTION_ACK_BITS      0x130108u
#define IGU_REG_ATTN_MSG_ADDR_H         0x13011cu
#define IGU_REG_ATTN_MSG_ADDR_L         0x130120u
#define IGU_REG_LEADING_EDGE_LATCH      0x130134u
#define IGU_REG_SB_MASK_LSB             0x130164u  /* +4: MSB */
#define IGU_PF_CONF_FUNC_EN             0x01u
#define IGU_PF_CONF_MSI_MSIX_EN         0x02u
#define IGU_PF_CONF_INT_LINE_EN         0x04u
#define IGU_PF_CONF_ATTN_BIT_EN         0x08u
#define IGU_PF_CONF_SINGLE_ISR_EN       0x10u

/* PGLUE_B: the function's PCIe requests to host memory. */
#define PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER 0x942cu

/* PXP2, ATC, CFC: what init_hw polls. */
#define PXP2_REG_RQ_CFG_DONE            0x1201b4u
#define PXP2_REG_RD_INIT_DONE           0x120370u
#define PXP2_REG_PXP2_INT_STS_CLR_0     0x120570u
#define PXP2_REG_PGL_PRETEND_FUNC_F0    0x120674u
#define PXP2_REG_RQ_ONCHIP_AT_B0        0x128000u   /* ILT, 8 bytes a line */
#define QL8400_ILT_LINES                3072u
#define ATC_REG_ATC_INIT_DONE           0x1100bcu
#define CFC_REG_LL_INIT_DONE            0x104074u
#define CFC_REG_AC_INIT_DONE            0x104078u
#define CFC_REG_CAM_INIT_DONE           0x10407cu

/* Usage counters the FLR cleanup waits on. */
#define CFC_REG_NUM_LCIDS_INSIDE_PF     0x104120u
#define DORQ_REG_PF_USAGE_CNT           0x1701d0u
#define QM_REG_PF_USG_CNT_0             0x16e040u
#define TM_REG_LIN0_VNIC_UC             0x164128u
#define TM_REG_LIN0_NUM_SCANS           0x1640a0u

/*
 * Status of an idle chip, as the driver's idle check (bnx2x_idle_chk) and
 * its recovery (bnx2x_process_kill) read it: arbiters, read tags and
 * buffers of the PCIe side; FIFO-empty flags and free credits elsewhere.
 */
#define PXP_REG_HST_ARB_IS_IDLE         0x103004u
#define PXP2_REG_PSWRQ_BW_CREDIT        0x12032cu
#define PXP2_REG_RD_SR_NUM_CFG          0x120408u
#define PXP2_REG_RD_BLK_NUM_CFG         0x12040cu
#define PXP2_REG_RD_SR_CNT              0x120414u
#define PXP2_REG_RD_BLK_CNT             0x120418u
#define PXP2_REG_RD_PORT_IS_IDLE_0      0x12041cu
#define PXP2_REG_RD_PORT_IS_IDLE_1      0x120420u
#define PXP2_REG_PGL_EXP_ROM2           0x120808u   /* tags 0-31 free */
#define PGLUE_B_REG_TAGS_63_32          0x9244u     /* tags 32-63 free */
#define CSEM_REG_SLOW_EXT_STORE_EMPTY   0x2002a0u
#define TSEM_REG_SLOW_EXT_STORE_EMPTY   0x1802a0u
#define USEM_REG_SLOW_EXT_STORE_EMPTY   0x3002a0u
#define XSEM_REG_SLOW_EXT_STORE_EMPTY   0x2802a0u
#define CSDM_REG_RSP_PXP_CTRL_RDATA_EMPTY 0xc2548u
#define CSDM_REG_SYNC_PARSER_EMPTY      0xc2550u
#define CSDM_REG_SYNC_SYNC_EMPTY        0xc2558u
#define TSDM_REG_RSP_PXP_CTRL_RDATA_EMPTY 0x42548u
#define TSDM_REG_SYNC_PARSER_EMPTY      0x42550u
#define TSDM_REG_SYNC_SYNC_EMPTY        0x42558u
#define USDM_REG_RSP_PXP_CTRL_RDATA_EMPTY 0xc4550u
#define USDM_REG_SYNC_PARSER_EMPTY      0xc4558u
#define USDM_REG_SYNC_SYNC_EMPTY        0xc4560u
#define XSDM_REG_RSP_PXP_CTRL_RDATA_EMPTY 0x166548u
#define XSDM_REG_SYNC_PARSER_EMPTY      0x166550u
#define XSDM_REG_SYNC_SYNC_EMPTY        0x166558u
#define DORQ_REG_RSPA_CRD_CNT           0x1700acu   /* credit to XCM */
#define DORQ_REG_RSPB_CRD_CNT           0x1700b0u   /* credit to UCM */
#define XCM_REG_XX_FREE                 0x20240u
#define UCM_REG_XX_FREE                 0xe016cu
#define TCM_REG_XX_FREE                 0x50178u
#define CCM_REG_XX_FREE                 0xd0184u
#define NIG_REG_EGRESS_DEBUG_FIFO_EMPTY 0x10418u
#define NIG_REG_EGRESS_DELAY0_EMPTY     0x10420u
#define NIG_REG_EGRESS_DELAY1_EMPTY     0x10428u
#define NIG_REG_EGRESS_MNG0_FIFO_EMPTY  0x10460u
#define NIG_REG_EGRESS_MNG1_FIFO_EMPTY  0x10474u
#define NIG_REG_INGRESS_EOP_LB_EMPTY    0x104e0u
#define NIG_REG_INGRESS_EOP_PORT0_EMPTY 0x104ecu
#define NIG_REG_INGRESS_EOP_PORT1_EMPTY 0x104f8u
#define NIG_REG_INGRESS_LB_PBF_DELAY_EMPTY 0x10508u
#define NIG_REG_INGRESS_RMP0_DSCR_EMPTY 0x10530u
#define NIG_REG_INGRESS_RMP1_DSCR_EMPTY 0x10538u
#define NIG_REG_LLH0_FIFO_EMPTY         0x10548u
#define NIG_REG_LLH1_FIFO_EMPTY         0x10558u
#define NIG_REG_P0_TX_MNG_HOST_FIFO_EMPTY 0x182a8u
#define NIG_REG_P0_TLLH_FIFO_EMPTY      0x18308u
#define NIG_REG_P0_HBUF_DSCR_EMPTY      0x18318u
#define NIG_REG_P0_RX_MACFIFO_EMPTY     0x18570u
#define NIG_REG_P0_TX_MACFIFO_EMPTY     0x18578u
#define NIG_REG_P1_TX_MNG_HOST_FIFO_EMPTY 0x182b8u
#define NIG_REG_P1_TLLH_FIFO_EMPTY      0x18338u
#define NIG_REG_P1_HBUF_DSCR_EMPTY      0x18348u
#define NIG_REG_P1_RX_MACFIFO_EMPTY     0x1858cu
#define NIG_REG_P1_TX_MACFIFO_EMPTY     0x18594u
#define NIG_REG_EGRESS_DELAY2_EMPTY     0x1862cu
#define NIG_REG_EGRESS_DELAY3_EMPTY     0x18630u
#define NIG_REG_EGRESS_DELAY4_EMPTY     0x18634u
#define NIG_REG_EGRESS_DELAY5_EMPTY     0x18638u

/* SDM operation generator: messages from the driver to the storms. */
#define XSDM_REG_OPERATION_GEN          0x1664c4u

/* The storms' internal RAM through BAR0. */
#define BAR_USTRORM_INTMEM              0x400000u
#define BAR_CSTRORM_INTMEM              0x410000u
#define BAR_XSTRORM_INTMEM              0x420000u
#define BAR_TSTRORM_INTMEM              0x430000u
#define BAR_IGU_INTMEM                  0x440000u

/* BCM57810 B0 identity. */
#define QL8400_CHIP_NUM_57810           0x168eu
#define QL8400_CHIP_REV_B               0x1u

#endif
