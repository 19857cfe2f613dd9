/*
 * ql8400 firmware model: the management firmware's host interface — the
 * layout of shared memory (shmem, shmem2), of the NVRAM configuration
 * areas, the driver mailbox codes and the registers of the MCP block, named
 * as the hardware and its firmware name them. Offsets are in bytes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_MCP_HSI_H
#define QL8400_FW_MCP_HSI_H

/* GRC registers of the MISC block that belong to the MCP's world. */
#define MISC_REG_SHARED_MEM_ADDR        0xa2b4u /* shmem base (GRC addr) */
#define MISC_REG_DRIVER_CONTROL_7       0xa3c8u /* hw locks, func 6-7 */
#define MISC_REG_GENERIC_CR_0           0xa460u /* shmem2 base, path 0 */
#define MISC_REG_GENERIC_CR_1           0xa464u /* shmem2 base, path 1 */
#define MISC_REG_GENERIC_POR_1          0xa474u /* driver recovery state */
#define MISC_REG_DRIVER_CONTROL_1       0xa510u /* hw locks, func 0-5 */
#define MISC_DRIVER_CONTROL_STRIDE      8u      /* status/clear, +4 set */
#define MISC_DRIVER_CONTROL_SET         4u

/* The MCP block: access lock, CPU, NVRAM interface, scratchpad. */
#define MCP_REG_MCPR_ACCESS_LOCK        0x8009cu
#define MCPR_ACCESS_LOCK_LOCK           0x80000000u
#define MCP_REG_MCPR_CPU_PROGRAM_COUNTER 0x8501cu
#define MCP_REG_MCPR_NVM_COMMAND        0x86400u
#define MCP_REG_MCPR_NVM_WRITE          0x86408u
#define MCP_REG_MCPR_NVM_ADDR           0x8640cu
#define MCP_REG_MCPR_NVM_READ           0x86410u
#define MCP_REG_MCPR_NVM_SW_ARB         0x86420u
#define MCP_REG_MCPR_NVM_ACCESS_ENABLE  0x86424u
#define MCP_REG_MCPR_NVM_CFG4           0x8642cu
#define MCP_REG_MCPR_SCRATCH            0xa0000u
#define MCPR_SCRATCH_SIZE               0x20000u

#define MCPR_NVM_COMMAND_DONE           0x00000008u
#define MCPR_NVM_COMMAND_DOIT           0x00000010u
#define MCPR_NVM_COMMAND_WR             0x00000020u
#define MCPR_NVM_COMMAND_FIRST          0x00000080u
#define MCPR_NVM_COMMAND_LAST           0x00000100u
#define MCPR_NVM_ADDR_NVM_ADDR_VALUE    0x00ffffffu
/*
 * SW_ARB: one bit per client in each nibble (client 0 = the MCP, 1 + port
 * = the driver of that port): request set and clear (write), grant and
 * pending request (read).
 */
#define MCPR_NVM_SW_ARB_REQ_SET_SHIFT   0
#define MCPR_NVM_SW_ARB_REQ_CLR_SHIFT   4
#define MCPR_NVM_SW_ARB_ARB_SHIFT       8
#define MCPR_NVM_SW_ARB_REQ_SHIFT       12
#define MCPR_NVM_SW_ARB_CLIENTS_MASK    0xfu
#define MCPR_NVM_ACCESS_ENABLE_EN       0x00000001u
#define MCPR_NVM_ACCESS_ENABLE_WR_EN    0x00000002u
#define MCPR_NVM_CFG4_FLASH_SIZE        0x00000007u     /* 128 KiB << n */

/*
 * Where this firmware puts things in its scratchpad. The trace buffer sits
 * just below shmem, where the driver's firmware dump looks for it.
 */
#define QL8400_MCP_TRACE_BASE           0xbd800u
#define QL8400_MCP_TRACE_SIZE           0x800u
#define QL8400_SHMEM_BASE               0xbe000u
#define QL8400_SHMEM2_BASE              0xbf000u
#define QL8400_EXT_DEV_INFO_BASE        0xbf400u

#define MFW_TRACE_SIGNATURE             0x54524342u     /* "TRCB" */
#define MCP_SCRATCH_MCP_VIEW            0x08000000u     /* the MCP's address */

/* struct shmem_region */
#define SHMEM_VALIDITY_MAP(port)        (0x000u + (port) * 4u)
#define SHR_MEM_VALIDITY_PCI_CFG        0x00100000u
#define SHR_MEM_VALIDITY_MB             0x00200000u
#define SHR_MEM_VALIDITY_DEV_INFO       0x00400000u
#define SHMEM_DEV_INFO_BC_REV           0x008u  /* major.minor.build << 8 */
#define SHMEM_SHARED_HW_CFG             0x00cu
#define SHMEM_PORT_HW_CFG(port)         (0x034u + (port) * PORT_HW_CFG_SIZE)
#define SHMEM_SHARED_FEAT_CFG           0x354u
#define SHMEM_PORT_FEAT_CFG(port)       (0x358u + (port) * PORT_FEAT_CFG_SIZE)
#define SHMEM_DRV_LIC_KEY(port)         (0x440u + (port) * LICENSE_KEY_SIZE)
#define SHMEM_PORT_MB(port)             (0x664u + (port) * 0x10u)
#define SHMEM_FUNC_MB(mb)               (0x684u + (mb) * DRV_FUNC_MB_SIZE)
#define SHMEM_FUNC_MB_MAX               8u
#define SHMEM_SIZE                      (SHMEM_FUNC_MB(SHMEM_FUNC_MB_MAX))

/*
 * struct mf_cfg: the multi-function configuration. This board is single
 * function, but the firmware keeps the area (the driver reads it on every
 * link report); it sits where the driver looks without shmem2.
 */
#define QL8400_MF_CFG_BASE              (QL8400_SHMEM_BASE + SHMEM_SIZE)
#define MF_CFG_SHARED_CLP_MB            0x000u
#define MF_CFG_PORT_MF_CONFIG(path, port) (0x004u + ((path) * 2 + (port)) * 8)
#define MF_CFG_FUNC_MF_CONFIG(func)     (0x024u + (func) * 0x18u)
#define MF_CFG_FUNC_EXT_CONFIG(func)    (0x0e4u + (func) * 0x28u)
#define MF_CFG_SIZE                     0x224u
#define MF_CFG_FUNCS                    8u
#define PORT_MF_CFG_DYNAMIC_CFG         0x00u
#define PORT_MF_CFG_E1HOV_TAG_DEFAULT   0x0000ffffu
#define FUNC_MF_CFG_CONFIG              0x00u
#define FUNC_MF_CFG_MAC_UPPER           0x04u
#define FUNC_MF_CFG_MAC_LOWER           0x08u
#define FUNC_MF_CFG_E1HOV_TAG           0x0cu
#define FUNC_MF_CFG_FUNC_HIDE           0x00000001u
#define FUNC_MF_CFG_PROTOCOL_ETHERNET   0x00000002u
#define FUNC_MF_CFG_FUNC_DISABLED       0x00000008u
#define FUNC_MF_CFG_MAX_BW_DEFAULT      0x64000000u
#define FUNC_MF_CFG_UPPERMAC_DEFAULT    0x0000ffffu
#define FUNC_MF_CFG_LOWERMAC_DEFAULT    0xffffffffu
#define FUNC_MF_CFG_E1HOV_TAG_DEFAULT   0x0000ffffu

/* struct shared_hw_cfg (shmem dev_info, NVRAM manuf_info) */
#define SHARED_HW_CFG_PART_NUM          0x00u   /* 16 bytes, a string */
#define SHARED_HW_CFG_PART_NUM_LEN      16u
#define SHARED_HW_CFG_CONFIG            0x10u
#define SHARED_HW_CFG_CONFIG2           0x14u
#define SHARED_HW_CFG_BOARD             0x20u
#define SHARED_HW_CFG_WC_LANE_CONFIG    0x24u
#define SHARED_HW_CFG_SIZE              0x28u

/* struct port_hw_cfg */
#define PORT_HW_CFG_PCI_ID              0x000u  /* vendor << 16 | device */
#define PORT_HW_CFG_PCI_SUB_ID          0x004u  /* subsys dev << 16 | ven */
#define PORT_HW_CFG_MAC_UPPER           0x010u  /* MAC bytes 0-1 */
#define PORT_HW_CFG_MAC_LOWER           0x014u  /* MAC bytes 2-5 */
#define PORT_HW_CFG_ISCSI_MAC_UPPER     0x018u
#define PORT_HW_CFG_ISCSI_MAC_LOWER     0x01cu
#define PORT_HW_CFG_E3_SFP_CTRL         0x03cu
#define PORT_HW_CFG_E3_CMN_PIN_CFG      0x040u
#define PORT_HW_CFG_E3_CMN_PIN_CFG1     0x044u
#define PORT_HW_CFG_FCOE_FIP_MAC_UPPER  0x07cu
#define PORT_HW_CFG_FCOE_FIP_MAC_LOWER  0x080u
#define PORT_HW_CFG_DEFAULT_CFG         0x15cu
#define PORT_HW_CFG_SPEED_CAP_MASK2     0x160u
#define PORT_HW_CFG_MULTI_PHY_CONFIG    0x164u
#define PORT_HW_CFG_EXT_PHY_CONFIG2     0x168u
#define PORT_HW_CFG_LANE_CONFIG         0x17cu
#define PORT_HW_CFG_EXT_PHY_CONFIG      0x180u
#define PORT_HW_CFG_SPEED_CAP_MASK      0x184u
#define PORT_HW_CFG_SIZE                0x190u

#define PORT_HW_CFG_NET_SERDES_IF_XFI           0x01000000u
#define PORT_HW_CFG_SPEED_CAPABILITY_D0_1G      0x00100000u
#define PORT_HW_CFG_SPEED_CAPABILITY_D0_10G     0x00400000u
#define PORT_HW_CFG_XGXS_EXT_PHY_TYPE_DIRECT    0x00000000u

/* struct shared_feat_cfg */
#define SHARED_FEAT_CFG_CONFIG          0x00u
#define SHARED_FEAT_CFG_SIZE            0x04u
#define SHARED_FEAT_CFG_FORCE_SF_MODE_FORCED_SF 0x00000100u

/* struct port_feat_cfg */
#define PORT_FEAT_CFG_CONFIG            0x00u
#define PORT_FEAT_CFG_WOL_CONFIG        0x04u
#define PORT_FEAT_CFG_MBA_CONFIG        0x08u
#define PORT_FEAT_CFG_LINK_CONFIG       0x20u
#define PORT_FEAT_CFG_LINK_CONFIG2      0x28u
#define PORT_FEAT_CFG_EEE_POWER_MODE    0x30u
#define PORT_FEAT_CFG_SIZE              0x74u

#define PORT_FEATURE_MBA_BOOT_AGENT_TYPE_NONE   0x00000007u
#define PORT_FEATURE_CON_SWITCH_10G_SWITCH      0x01000000u
#define PORT_FEATURE_LINK_SPEED_AUTO            0x00000000u
#define PORT_FEATURE_FLOW_CONTROL_AUTO          0x00000000u

/* struct license_key: counts are XORed with FW_ENCODE_32BIT_PATTERN */
#define LICENSE_KEY_MAX_ISCSI_CONN      0x18u   /* initiator count << 16 */
#define LICENSE_KEY_MAX_FCOE_CONN       0x20u
#define LICENSE_KEY_SIZE                0x34u
#define LICENSE_KEY_INIT_CONN_SHIFT     16
#define FW_ENCODE_32BIT_PATTERN         0x1e1e1e1eu

/* struct drv_port_mb */
#define DRV_PORT_MB_LINK_STATUS         0x00u
#define DRV_PORT_MB_PORT_STX            0x04u
#define DRV_PORT_MB_EXT_PHY_FW_VERSION  0x0cu

/* struct drv_func_mb */
#define DRV_FUNC_MB_DRV_MB_HEADER       0x00u
#define DRV_FUNC_MB_DRV_MB_PARAM        0x04u
#define DRV_FUNC_MB_FW_MB_HEADER        0x08u
#define DRV_FUNC_MB_FW_MB_PARAM         0x0cu
#define DRV_FUNC_MB_DRV_PULSE_MB        0x10u
#define DRV_FUNC_MB_MCP_PULSE_MB        0x14u
#define DRV_FUNC_MB_DRV_STATUS          0x20u
#define DRV_FUNC_MB_SIZE                0x2cu

#define DRV_MSG_SEQ_NUMBER_MASK         0x0000ffffu
#define DRV_PULSE_SEQ_MASK              0x00007fffu
#define MCP_PULSE_SEQ_MASK              0x00007fffu

/* Driver mailbox commands (drv_mb_header bits 16-31). */
#define DRV_MSG_CODE_MASK                       0xffff0000u
#define DRV_MSG_CODE_OEM_OK                     0x00010000u
#define DRV_MSG_CODE_OEM_FAILURE                0x00020000u
#define DRV_MSG_CODE_OEM_UPDATE_SVID_OK         0x00030000u
#define DRV_MSG_CODE_OEM_UPDATE_SVID_FAILURE    0x00040000u
#define DRV_MSG_CODE_LINK_STATUS_CHANGED        0x01000000u
#define DRV_MSG_CODE_INITIATE_FLR               0x02000000u
#define DRV_MSG_CODE_LOAD_REQ                   0x10000000u
#define DRV_MSG_CODE_LOAD_DONE                  0x11000000u
#define DRV_MSG_CODE_UNLOAD_REQ_WOL_EN          0x20000000u
#define DRV_MSG_CODE_UNLOAD_REQ_WOL_DIS         0x20010000u
#define DRV_MSG_CODE_UNLOAD_REQ_WOL_MCP         0x20020000u
#define DRV_MSG_CODE_UNLOAD_DONE                0x21000000u
#define DRV_MSG_CODE_DCC_OK                     0x30000000u
#define DRV_MSG_CODE_DCC_FAILURE                0x31000000u
#define DRV_MSG_CODE_DIAG_ENTER_REQ             0x50000000u
#define DRV_MSG_CODE_DIAG_EXIT_REQ              0x60000000u
#define DRV_MSG_CODE_VRFY_FIRST_PHY_OPT_MDL     0xa0000000u
#define DRV_MSG_CODE_VRFY_SPECIFIC_PHY_OPT_MDL  0xa1000000u
#define DRV_MSG_CODE_DCBX_ADMIN_PMF_MSG         0xb0000000u
#define DRV_MSG_CODE_DCBX_PMF_DRV_OK            0xb2000000u
#define DRV_MSG_CODE_VF_DISABLED_DONE           0xc0000000u
#define DRV_MSG_CODE_AFEX_DRIVER_SETMAC         0xd0000000u
#define DRV_MSG_CODE_AFEX_LISTGET_ACK           0xd1000000u
#define DRV_MSG_CODE_AFEX_LISTSET_ACK           0xd2000000u
#define DRV_MSG_CODE_AFEX_STATSGET_ACK          0xd3000000u
#define DRV_MSG_CODE_AFEX_VIFSET_ACK            0xd4000000u
#define DRV_MSG_CODE_DRV_INFO_ACK               0xd8000000u
#define DRV_MSG_CODE_DRV_INFO_NACK              0xd9000000u
#define DRV_MSG_CODE_EEE_RESULTS_ACK            0xda000000u
#define DRV_MSG_CODE_RMMOD                      0xdb000000u
#define DRV_MSG_CODE_SET_MF_BW                  0xe0000000u
#define DRV_MSG_CODE_SET_MF_BW_ACK              0xe1000000u

/* Firmware replies (fw_mb_header bits 16-31). */
#define FW_MSG_CODE_DRV_LOAD_COMMON             0x10100000u
#define FW_MSG_CODE_DRV_LOAD_PORT               0x10110000u
#define FW_MSG_CODE_DRV_LOAD_FUNCTION           0x10120000u
#define FW_MSG_CODE_DRV_LOAD_COMMON_CHIP        0x10130000u
#define FW_MSG_CODE_DRV_LOAD_DONE               0x11100000u
#define FW_MSG_CODE_DRV_UNLOAD_COMMON           0x20100000u
#define FW_MSG_CODE_DRV_UNLOAD_PORT             0x20110000u
#define FW_MSG_CODE_DRV_UNLOAD_FUNCTION         0x20120000u
#define FW_MSG_CODE_DRV_UNLOAD_DONE             0x21100000u
#define FW_MSG_CODE_DCC_DONE                    0x30100000u
#define FW_MSG_CODE_DIAG_REFUSE                 0x50200000u
#define FW_MSG_CODE_DIAG_EXIT_DONE              0x60100000u
#define FW_MSG_CODE_VRFY_OPT_MDL_SUCCESS        0xa0100000u
#define FW_MSG_CODE_VF_DISABLED_DONE            0xb0000000u
#define FW_MSG_CODE_AFEX_DRIVER_SETMAC_DONE     0xd0100000u
#define FW_MSG_CODE_AFEX_LISTGET_ACK            0xd1100000u
#define FW_MSG_CODE_AFEX_LISTSET_ACK            0xd2100000u
#define FW_MSG_CODE_AFEX_STATSGET_ACK           0xd3100000u
#define FW_MSG_CODE_AFEX_VIFSET_ACK             0xd4100000u
#define FW_MSG_CODE_DRV_INFO_ACK                0xd8100000u
#define FW_MSG_CODE_DRV_INFO_NACK               0xd9100000u
#define FW_MSG_CODE_EEE_RESULS_ACK              0xda100000u
#define FW_MSG_CODE_RMMOD_ACK                   0xdb100000u
#define FW_MSG_CODE_SET_MF_BW_SENT              0xe0000000u
#define FW_MSG_CODE_SET_MF_BW_DONE              0xe1000000u
#define FW_MSG_CODE_LINK_CHANGED_ACK            0x01100000u
/* what a command's acknowledgement looks like when it has no own code */
#define FW_MSG_CODE_ACK                         0x00100000u

/* struct shmem2_region (the 6.1 driver knows 0x22c bytes of it) */
#define SHMEM2_SIZE                     0x000u
#define SHMEM2_DCC_SUPPORT              0x004u
#define SHMEM2_MF_CFG_ADDR              0x010u
#define SHMEM2_DCBX_LLDP_PARAMS_OFFSET  0x028u
#define SHMEM2_OTHER_SHMEM_BASE_ADDR    0x034u
#define SHMEM2_OTHER_SHMEM2_BASE_ADDR   0x038u
#define SHMEM2_DCBX_LLDP_DCBX_STAT_OFFSET 0x064u
#define SHMEM2_AFEX_DRIVER_SUPPORT      0x074u
#define SHMEM2_EXTENDED_DEV_INFO_SHARED_ADDR 0x0c0u
#define SHMEM2_NCSI_OEM_DATA_ADDR       0x0c4u
#define SHMEM2_DRV_CAPABILITIES_FLAG    0x0e0u
#define SHMEM2_DCBX_EN                  0x0f4u
#define SHMEM2_LFA_HOST_ADDR            0x13cu
#define SHMEM2_REGION_SIZE              0x22cu

/* struct extended_dev_info_shared_cfg */
#define EXT_DEV_INFO_MBI_VERSION        0x48u
#define EXT_DEV_INFO_SIZE               0x50u

/*
 * NVRAM: the regions the driver's self-test checks, each closed by a CRC32
 * (the crc32_le of the region then reads CRC32_RESIDUAL), and where the
 * configuration areas live in them (same layout as shmem's dev_info).
 */
#define NVM_BOOTSTRAP                   0x000u
#define NVM_BOOTSTRAP_SIZE              0x014u
#define NVM_BOOTSTRAP_MAGIC             0x669955aau
#define NVM_DIR                         0x014u
#define NVM_DIR_SIZE                    0x0ecu
#define NVM_MANUF_INFO                  0x100u
#define NVM_MANUF_INFO_SIZE             0x350u
#define NVM_FEATURE_INFO                0x450u
#define NVM_FEATURE_INFO_SIZE           0x0f0u
#define NVM_UPGRADE_KEY_INFO            0x640u
#define NVM_UPGRADE_KEY_INFO_SIZE       0x064u
#define NVM_MANUF_KEY_INFO              0x708u
#define NVM_MANUF_KEY_INFO_SIZE         0x070u
#define NVM_MANUF_INFO2                 0x7e8u  /* path 1's copies */
#define NVM_FEATURE_INFO2               0xb38u

#define NVM_SHARED_HW_CFG               0x104u
#define NVM_PORT_HW_CFG(port)           (0x12cu + (port) * PORT_HW_CFG_SIZE)
#define NVM_SHARED_FEAT_CFG             0x450u
#define NVM_PORT_FEAT_CFG(port)         (0x454u + (port) * PORT_FEAT_CFG_SIZE)

/* NVRAM directory: struct code_entry, 16 of them, the last one extended */
#define NVM_CODE_ENTRY_SIZE             12u
#define NVM_CODE_ENTRY_SRAM_START_ADDR  0u
#define NVM_CODE_ENTRY_CODE_ATTRIBUTE   4u
#define NVM_CODE_ENTRY_NVM_START_ADDR   8u
#define NVM_CODE_IMAGE_LENGTH_MASK      0x007ffffcu
#define NVM_CODE_ENTRY_MAX              16u

#define CRC32_RESIDUAL                  0xdebb20e3u

#endif
