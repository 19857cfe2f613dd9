/*
 * ql8400 firmware model: the Warpcore serdes behind the EMAC MDIO masters.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "warpcore.h"
#include "fw-trace.h"

/*
 * The IEEE identifier of Broadcom's internal serdes cores (Warpcore
 * included): OUI 00:0a:f7, model 0x3f, revision 0.
 */
#define WC_PHY_ID1                      0x0143
#define WC_PHY_ID2                      0xbff0

/* Registers with behaviour, named as the hardware names them. */
#define WC_IEEE_CONTROL1                0x0000  /* PMA, PCS and AN MMDs */
#define WC_IEEE_STATUS1                 0x0001
#define WC_IEEE_DEVID1                  0x0002
#define WC_IEEE_DEVID2                  0x0003
#define WC_PMA_RX_SIGNAL_DETECT         0x000a
#define WC_PMD_KR_CONTROL               0x0096
#define WC_AN_LP_AUTO_NEG               0x0013
#define WC_AN_LP_AUTO_NEG2              0x0014
#define WC_XGXSBLK1_LANECTRL2           0x8017
#define WC_GP2_STATUS_GP_2_0            0x81d0
#define WC_GP2_STATUS_GP_2_1            0x81d1
#define WC_GP2_STATUS_GP_2_2            0x81d2
#define WC_GP2_STATUS_GP_2_3            0x81d3
#define WC_GP2_STATUS_GP_2_4            0x81d4
#define WC_SERDESDIGITAL_STATUS1000X1   0x8304
#define WC_SERDESDIGITAL_MISC1          0x8308
#define WC_DIGITAL4_MISC3               0x833c
#define WC_DIGITAL5_MISC6               0x8345
#define WC_DIGITAL5_LINK_STATUS         0x834d
#define WC_DIGITAL5_ACTUAL_SPEED        0x834e
#define WC_AERBLK_AER                   0xffde
#define WC_COMBO_IEEE0_MIICTRL          0xffe0
#define WC_COMBO_IEEE0_MIISTAT          0xffe1

/* IEEE control 1 and the combo block's MII control. */
#define IEEE_CONTROL1_RESET             0x8000  /* self-clearing */
#define PCS_CONTROL1_LOOPBACK_10G       0x0001  /* the driver's 10G loopback */
#define MII_CTRL_LOOPBACK               0x4000
#define MII_CTRL_SPEED_LSB              0x2000
#define MII_CTRL_AN_ENABLE              0x1000
#define MII_CTRL_RESTART_AN             0x0200  /* self-clearing */
#define MII_CTRL_SPEED_MSB              0x0040
#define AN_CTRL_ENABLE                  0x1000
#define AN_CTRL_RESTART                 0x0200  /* self-clearing */
#define PMD_KR_CONTROL_TRAINING         0x0002

/* IEEE status bits. */
#define IEEE_STATUS1_LOW_POWER_ABILITY  0x0002
#define IEEE_STATUS1_LINK               0x0004  /* latched low */
#define AN_STATUS_ABILITY               0x0008
#define AN_STATUS_COMPLETE              0x0020
#define MII_STAT_EXTENDED               0x0100
#define MII_STAT_AN_ABILITY             0x0008

/* The lane's RX and TX ASICs in reset (DIGITAL5_MISC6). */
#define MISC6_LANE_RESET                0xc000
/* Forced speed: MISC1 bits 4:0 and DIGITAL4_MISC3 bit 7 as bit 5. */
#define MISC1_FORCE_SPEED               0x001f
#define MISC3_FORCE_SPEED_B5            0x0080
#define FORCE_SPEED_NONE                0x00
#define FORCE_SPEED_10G_XFI             0x25
#define FORCE_SPEED_10G_SFI             0x29

/* AER values: a lane, or a broadcast to several. */
#define AER_BROADCAST_ALL               0x01ff
#define AER_BROADCAST_LANES_01          0x0200
#define AER_BROADCAST_LANES_23          0x0201

#define WC_VENDOR                       0       /* devad of vendor blocks */
#define WC_VENDOR_BASE                  0x8000u
#define CL22_BLOCK_ADDRESS              0x1f

typedef struct WcReg {
    uint8_t devad;              /* WC_VENDOR: reached through any MMD */
    uint16_t reg;
    uint16_t reset;
    bool status;                /* read-only: computed, or the reset value */
    const char *name;
} WcReg;

#define WC_RW(d, r, v, n)       { (d), (r), (v), false, (n) }
#define WC_RO(d, r, v, n)       { (d), (r), (v), true, (n) }

/*
 * What the bnx2x link code reaches on its Warpcore paths (XFI, SFI, KR,
 * 1G), the IEEE identity and status registers, and the combo MII block.
 * Reset values are the defaults the driver's "clear registers" step
 * restores.
 */
static const WcReg wc_regs[] = {
    /* PMA/PMD */
    WC_RW(WC_DEVAD_PMA, 0x0000, 0x2040, "PMA_CONTROL1"),
    WC_RO(WC_DEVAD_PMA, 0x0001, 0, "PMA_STATUS1"),
    WC_RO(WC_DEVAD_PMA, 0x0002, WC_PHY_ID1, "PMA_DEVID1"),
    WC_RO(WC_DEVAD_PMA, 0x0003, WC_PHY_ID2, "PMA_DEVID2"),
    WC_RW(WC_DEVAD_PMA, 0x0007, 0, "PMA_CONTROL2"),
    WC_RO(WC_DEVAD_PMA, 0x000a, 0, "PMA_RX_SIGNAL_DETECT"),
    WC_RW(WC_DEVAD_PMA, 0x0096, 0, "PMD_KR_CONTROL"),
    /* PCS: the IEEE0 block */
    WC_RW(WC_DEVAD_PCS, 0x0000, 0x2040, "IEEE0BLK_MIICNTL"),
    WC_RO(WC_DEVAD_PCS, 0x0001, 0, "PCS_STATUS1"),
    WC_RO(WC_DEVAD_PCS, 0x0002, WC_PHY_ID1, "PCS_DEVID1"),
    WC_RO(WC_DEVAD_PCS, 0x0003, WC_PHY_ID2, "PCS_DEVID2"),
    WC_RW(WC_DEVAD_PCS, 0x0007, 0, "IEEE0BLK_AUTONEGNP"),
    WC_RW(WC_DEVAD_PCS, 0x0010, 0, "AN_IEEE1BLK_AN_ADVERTISEMENT0"),
    WC_RW(WC_DEVAD_PCS, 0x0011, 0, "AN_IEEE1BLK_AN_ADVERTISEMENT1"),
    WC_RW(WC_DEVAD_PCS, 0x0012, 0, "AN_IEEE1BLK_AN_ADVERTISEMENT2"),
    /* AN: clause 73 */
    WC_RW(WC_DEVAD_AN, 0x0000, 0, "AN_CTRL"),
    WC_RO(WC_DEVAD_AN, 0x0001, 0, "AN_STATUS"),
    WC_RO(WC_DEVAD_AN, 0x0002, WC_PHY_ID1, "AN_DEVID1"),
    WC_RO(WC_DEVAD_AN, 0x0003, WC_PHY_ID2, "AN_DEVID2"),
    WC_RW(WC_DEVAD_AN, 0x0010, 0, "AN_ADV_PAUSE"),
    WC_RW(WC_DEVAD_AN, 0x0011, 0, "AN_ADV"),
    WC_RW(WC_DEVAD_AN, 0x0012, 0, "AN_ADV2"),
    WC_RO(WC_DEVAD_AN, 0x0013, 0, "AN_LP_AUTO_NEG"),
    WC_RO(WC_DEVAD_AN, 0x0014, 0, "AN_LP_AUTO_NEG2"),
    /* XGXS blocks 0-2: one copy for all lanes */
    WC_RW(WC_VENDOR, 0x8000, 0, "XGXSBLK0_XGXSCONTROL"),
    WC_RW(WC_VENDOR, 0x800e, 0, "XGXSBLK0_MISCCONTROL1"),
    WC_RW(WC_VENDOR, 0x8010, 0, "XGXSBLK1_DESKEW"),
    WC_RW(WC_VENDOR, 0x8015, 0, "XGXSBLK1_LANECTRL0"),
    WC_RW(WC_VENDOR, 0x8016, 0, "XGXSBLK1_LANECTRL1"),
    WC_RW(WC_VENDOR, 0x8017, 0, "XGXSBLK1_LANECTRL2"),
    WC_RW(WC_VENDOR, 0x8061, 0, "TX0_ANA_CTRL0"),
    WC_RW(WC_VENDOR, 0x8067, 0x0990, "TX0_TX_DRIVER"),
    WC_RW(WC_VENDOR, 0x8071, 0, "TX1_ANA_CTRL0"),
    WC_RW(WC_VENDOR, 0x8077, 0x0990, "TX1_TX_DRIVER"),
    WC_RW(WC_VENDOR, 0x8081, 0, "TX2_ANA_CTRL0"),
    WC_RW(WC_VENDOR, 0x8087, 0x0990, "TX2_TX_DRIVER"),
    WC_RW(WC_VENDOR, 0x8091, 0, "TX3_ANA_CTRL0"),
    WC_RW(WC_VENDOR, 0x8097, 0x0990, "TX3_TX_DRIVER"),
    WC_RW(WC_VENDOR, 0x80b9, 0, "RX0_ANARXCONTROL1G"),
    WC_RW(WC_VENDOR, 0x80ba, 0, "RX0_PCI_CTRL"),
    WC_RW(WC_VENDOR, 0x80ca, 0, "RX1_PCI_CTRL"),
    WC_RW(WC_VENDOR, 0x80d9, 0, "RX2_ANARXCONTROL1G"),
    WC_RW(WC_VENDOR, 0x80da, 0, "RX2_PCI_CTRL"),
    WC_RW(WC_VENDOR, 0x80ea, 0, "RX3_PCI_CTRL"),
    WC_RW(WC_VENDOR, 0x80fa, 0, "RXB_ANA_RX_CONTROL_PCI"),
    WC_RW(WC_VENDOR, 0x8104, 0, "XGXSBLK2_UNICORE_MODE_10G"),
    WC_RW(WC_VENDOR, 0x8129, 0, "XGXS_STATUS3"),
    WC_RO(WC_VENDOR, 0x8130, 0, "PAR_DET_10G_STATUS"),
    WC_RW(WC_VENDOR, 0x8131, 0, "PAR_DET_10G_CTRL"),
    WC_RW(WC_VENDOR, 0x8141, 0, "XGXS_X2_CONTROL2"),
    WC_RW(WC_VENDOR, 0x8142, 0, "XGXS_X2_CONTROL3"),
    WC_RW(WC_VENDOR, 0x8169, 0, "XGXS_TX_LN_SWAP1"),
    WC_RW(WC_VENDOR, 0x816b, 0, "XGXS_RX_LN_SWAP1"),
    WC_RO(WC_VENDOR, 0x81d0, 0, "GP2_STATUS_GP_2_0"),
    WC_RO(WC_VENDOR, 0x81d1, 0, "GP2_STATUS_GP_2_1"),
    WC_RO(WC_VENDOR, 0x81d2, 0, "GP2_STATUS_GP_2_2"),
    WC_RO(WC_VENDOR, 0x81d3, 0, "GP2_STATUS_GP_2_3"),
    WC_RO(WC_VENDOR, 0x81d4, 0, "GP2_STATUS_GP_2_4"),
    WC_RO(WC_VENDOR, 0x81ee, 0, "UC_INFO_B0_DEAD_TRAP"),
    WC_RW(WC_VENDOR, 0x81f2, 0, "UC_INFO_B1_FIRMWARE_MODE"),
    WC_RW(WC_VENDOR, 0x81fe, 0, "UC_INFO_B1_CRC"),
    /* lane blocks: one copy per lane */
    WC_RW(WC_VENDOR, 0x8213, 0, "DSC_SMC"),
    WC_RW(WC_VENDOR, 0x821e, 0, "DSC2B0_DSC_MISC_CTRL0"),
    WC_RW(WC_VENDOR, 0x82e2, 0, "TX_FIR_TAP"),
    WC_RW(WC_VENDOR, 0x82e3, 0, "CL72_USERB0_CL72_MISC1_CONTROL"),
    WC_RW(WC_VENDOR, 0x82e6, 0, "CL72_USERB0_CL72_OS_DEF_CTRL"),
    WC_RW(WC_VENDOR, 0x82e7, 0, "CL72_USERB0_CL72_BR_DEF_CTRL"),
    WC_RW(WC_VENDOR, 0x82e8, 0, "CL72_USERB0_CL72_2P5_DEF_CTRL"),
    WC_RW(WC_VENDOR, 0x82ec, 0, "CL72_USERB0_CL72_MISC4_CONTROL"),
    WC_RW(WC_VENDOR, 0x8300, 0x0195, "SERDESDIGITAL_CONTROL1000X1"),
    WC_RW(WC_VENDOR, 0x8301, 0x0007, "SERDESDIGITAL_CONTROL1000X2"),
    WC_RW(WC_VENDOR, 0x8302, 0x0002, "SERDESDIGITAL_CONTROL1000X3"),
    WC_RO(WC_VENDOR, 0x8304, 0, "SERDESDIGITAL_STATUS1000X1"),
    WC_RW(WC_VENDOR, 0x8308, 0x6000, "SERDESDIGITAL_MISC1"),
    WC_RW(WC_VENDOR, 0x8309, 0, "SERDESDIGITAL_MISC2"),
    WC_RW(WC_VENDOR, 0x8329, 0, "DIGITAL3_UP1"),
    WC_RO(WC_VENDOR, 0x832c, 0, "DIGITAL3_LP_UP1"),
    WC_RW(WC_VENDOR, 0x833c, 0x8008, "DIGITAL4_MISC3"),
    WC_RW(WC_VENDOR, 0x833e, 0, "DIGITAL4_MISC5"),
    WC_RW(WC_VENDOR, 0x8345, 0, "DIGITAL5_MISC6"),
    WC_RW(WC_VENDOR, 0x8349, 0, "DIGITAL5_MISC7"),
    WC_RO(WC_VENDOR, 0x834d, 0, "DIGITAL5_LINK_STATUS"),
    WC_RO(WC_VENDOR, 0x834e, 0, "DIGITAL5_ACTUAL_SPEED"),
    WC_RW(WC_VENDOR, 0x8350, 0, "DIGITAL6_MP5_NEXTPAGECTRL"),
    WC_RW(WC_VENDOR, 0x8368, 0, "CL49_USERB0_CTRL"),
    WC_RW(WC_VENDOR, 0x8370, 0, "CL73_USERB0_CTRL"),
    WC_RO(WC_VENDOR, 0x8371, 0, "CL73_USERB0_USTAT"),
    WC_RW(WC_VENDOR, 0x8372, 0, "CL73_BAM_CTRL1"),
    WC_RW(WC_VENDOR, 0x8373, 0, "CL73_BAM_CTRL2"),
    WC_RW(WC_VENDOR, 0x8374, 0, "CL73_BAM_CTRL3"),
    WC_RW(WC_VENDOR, 0x837b, 0, "CL73_BAM_CODE_FIELD"),
    WC_RW(WC_VENDOR, 0x8390, 0, "EEE_COMBO_CONTROL0"),
    WC_RW(WC_VENDOR, 0x83b0, 0, "TX66_CONTROL"),
    WC_RW(WC_VENDOR, 0x83c0, 0, "RX66_CONTROL"),
    WC_RW(WC_VENDOR, 0x83c2, 0, "RX66_SCW0"),
    WC_RW(WC_VENDOR, 0x83c3, 0, "RX66_SCW1"),
    WC_RW(WC_VENDOR, 0x83c4, 0, "RX66_SCW2"),
    WC_RW(WC_VENDOR, 0x83c5, 0, "RX66_SCW3"),
    WC_RW(WC_VENDOR, 0x83c6, 0, "RX66_SCW0_MASK"),
    WC_RW(WC_VENDOR, 0x83c7, 0, "RX66_SCW1_MASK"),
    WC_RW(WC_VENDOR, 0x83c8, 0, "RX66_SCW2_MASK"),
    WC_RW(WC_VENDOR, 0x83c9, 0, "RX66_SCW3_MASK"),
    WC_RW(WC_VENDOR, 0x8400, 0x014a, "FX100_CTRL1"),
    WC_RW(WC_VENDOR, 0x8402, 0x0800, "FX100_CTRL3"),
    WC_RW(WC_VENDOR, 0x8436, 0, "CL82_USERB1_TX_CTRL5"),
    WC_RW(WC_VENDOR, 0x8437, 0, "CL82_USERB1_TX_CTRL6"),
    WC_RW(WC_VENDOR, 0x8438, 0, "CL82_USERB1_TX_CTRL7"),
    WC_RW(WC_VENDOR, 0x8439, 0, "CL82_USERB1_TX_CTRL9"),
    WC_RW(WC_VENDOR, 0x843a, 0, "CL82_USERB1_RX_CTRL10"),
    WC_RW(WC_VENDOR, 0x843b, 0, "CL82_USERB1_RX_CTRL11"),
    WC_RW(WC_VENDOR, 0x8453, 0, "ETA_CL73_OUI1"),
    WC_RW(WC_VENDOR, 0x8454, 0, "ETA_CL73_OUI2"),
    WC_RW(WC_VENDOR, 0x8455, 0, "ETA_CL73_OUI3"),
    WC_RW(WC_VENDOR, 0x8456, 0, "ETA_CL73_LD_BAM_CODE"),
    WC_RW(WC_VENDOR, 0x8457, 0, "ETA_CL73_LD_UD_CODE"),
    /* microcontroller and AER: one copy */
    WC_RW(WC_VENDOR, 0xffc2, 0, "MICROBLK_CMD"),
    WC_RW(WC_VENDOR, 0xffc5, 0, "MICROBLK_DL_STATUS"),
    WC_RW(WC_VENDOR, 0xffcc, 0, "MICROBLK_CMD3"),
    WC_RW(WC_VENDOR, 0xffde, 0, "AERBLK_AER"),
    /* combo IEEE0: the lane's clause 22 MII registers */
    WC_RW(WC_VENDOR, 0xffe0, 0x0140, "COMBO_IEEE0_MIICTRL"),
    WC_RO(WC_VENDOR, 0xffe1, 0, "COMBO_IEEE0_MIISTAT"),
    WC_RO(WC_VENDOR, 0xffe2, WC_PHY_ID1, "COMBO_IEEE0_PHYID2"),
    WC_RO(WC_VENDOR, 0xffe3, WC_PHY_ID2, "COMBO_IEEE0_PHYID3"),
    WC_RW(WC_VENDOR, 0xffe4, 0, "COMBO_IEEE0_AUTO_NEG_ADV"),
    WC_RO(WC_VENDOR, 0xffe5, 0, "COMBO_IEEE0_AUTO_NEG_LINK_PARTNER_ABILITY"),
};

_Static_assert(sizeof(wc_regs) / sizeof(wc_regs[0]) <= QL8400_WC_KNOWN_REGS,
               "QL8400_WC_KNOWN_REGS too small");

#define WC_NREGS ((int)(sizeof(wc_regs) / sizeof(wc_regs[0])))

static bool wc_is_mmd(unsigned devad)
{
    return devad == WC_DEVAD_PMA || devad == WC_DEVAD_PCS ||
           devad == WC_DEVAD_AN;
}

/* Index of a named register, -1 if the model does not name it. */
static int wc_find(unsigned devad, unsigned reg)
{
    unsigned want = reg >= WC_VENDOR_BASE ? WC_VENDOR : devad;
    int i;

    if (!wc_is_mmd(devad)) {
        return -1;
    }
    for (i = 0; i < WC_NREGS; i++) {
        if (wc_regs[i].reg == reg && wc_regs[i].devad == want) {
            return i;
        }
    }
    return -1;
}

/* The XGXS blocks, the microcontroller and the AER exist once. */
static bool wc_is_global(unsigned reg)
{
    return (reg >= 0x8000 && reg < 0x8200) || (reg >= 0xffc0 && reg < 0xffe0);
}

/* A named register of the port's lane, bypassing side effects. */
static uint16_t wc_get(const Ql8400Warpcore *wc, unsigned devad,
                       unsigned reg)
{
    int i = wc_find(devad, reg);

    if (i < 0) {
        return 0;
    }
    return wc->regs[i][wc_is_global(reg) ? 0 : QL8400_WC_PORT_LANE];
}

/* The lanes the AER selects, as a bit mask. */
static unsigned wc_lane_mask(Ql8400Warpcore *wc)
{
    uint16_t aer = wc_get(wc, WC_DEVAD_PCS, WC_AERBLK_AER);

    if (aer < QL8400_WC_LANES) {
        return 1u << aer;
    }
    switch (aer) {
    case AER_BROADCAST_ALL:
        return 0xf;
    case AER_BROADCAST_LANES_01:
        return 0x3;
    case AER_BROADCAST_LANES_23:
        return 0xc;
    }
    if (!wc->aer_reported) {
        wc->aer_reported = true;
        QL8400_LOG_UNIMP("ql8400: Warpcore AER 0x%x not modelled, using lane"
                         " %u\n", aer, aer & 3);
    }
    return 1u << (aer & 3);
}

static unsigned wc_first_lane(unsigned mask)
{
    return __builtin_ctz(mask);
}

static bool wc_loopback(const Ql8400Warpcore *wc)
{
    return (wc_get(wc, WC_DEVAD_PCS, WC_IEEE_CONTROL1) &
            PCS_CONTROL1_LOOPBACK_10G) ||
           (wc_get(wc, WC_DEVAD_PCS, WC_COMBO_IEEE0_MIICTRL) &
            MII_CTRL_LOOPBACK) ||
           (wc_get(wc, WC_DEVAD_PCS, WC_XGXSBLK1_LANECTRL2) &
            (1u << QL8400_WC_PORT_LANE));
}

static unsigned wc_force_speed(const Ql8400Warpcore *wc)
{
    return (wc_get(wc, WC_DEVAD_PCS, WC_SERDESDIGITAL_MISC1) &
            MISC1_FORCE_SPEED) |
           (wc_get(wc, WC_DEVAD_PCS, WC_DIGITAL4_MISC3) &
            MISC3_FORCE_SPEED_B5 ? 0x20 : 0);
}

unsigned ql8400_wc_speed_code(const Ql8400Warpcore *wc)
{
    uint16_t mii = wc_get(wc, WC_DEVAD_PCS, WC_COMBO_IEEE0_MIICTRL);

    switch (wc_force_speed(wc)) {
    case FORCE_SPEED_10G_XFI:
        return WC_SPEED_10G_XFI;
    case FORCE_SPEED_10G_SFI:
        return WC_SPEED_10G_SFI;
    case FORCE_SPEED_NONE:
        break;
    default:
        return WC_SPEED_NONE;
    }
    /* clause 73 negotiation, or forced KR with training: 10GBASE-KR */
    if ((wc_get(wc, WC_DEVAD_AN, WC_IEEE_CONTROL1) & AN_CTRL_ENABLE) ||
        (wc_get(wc, WC_DEVAD_PMA, WC_PMD_KR_CONTROL) &
         PMD_KR_CONTROL_TRAINING)) {
        return WC_SPEED_10G_KR;
    }
    /* the combo block: clause 37 negotiation (1G fibre) or forced */
    if ((mii & MII_CTRL_AN_ENABLE) || (mii & MII_CTRL_SPEED_MSB)) {
        return WC_SPEED_1G;
    }
    return mii & MII_CTRL_SPEED_LSB ? WC_SPEED_100M : WC_SPEED_10M;
}

unsigned ql8400_wc_speed_mbps(unsigned code)
{
    switch (code) {
    case WC_SPEED_10M:
        return 10;
    case WC_SPEED_100M:
        return 100;
    case WC_SPEED_1G:
        return 1000;
    case WC_SPEED_10G_KR:
    case WC_SPEED_10G_XFI:
    case WC_SPEED_10G_SFI:
        return 10000;
    }
    return 0;
}

bool ql8400_wc_link_up(const Ql8400Warpcore *wc)
{
    if (wc_get(wc, WC_DEVAD_PCS, WC_DIGITAL5_MISC6) & MISC6_LANE_RESET) {
        return false;
    }
    if (!wc->carrier && !wc_loopback(wc)) {
        return false;
    }
    return ql8400_wc_speed_code(wc) != WC_SPEED_NONE;
}

bool ql8400_wc_sample(Ql8400Warpcore *wc)
{
    bool up = ql8400_wc_link_up(wc);

    if (wc->link_was_up && !up) {
        wc->pma_link_lost = true;
        wc->pcs_link_lost = true;
        wc->combo_link_lost = true;
    }
    wc->link_was_up = up;
    if (!(wc_get(wc, WC_DEVAD_PCS, WC_DIGITAL5_MISC6) & MISC6_LANE_RESET) &&
        ql8400_wc_speed_code(wc) == WC_SPEED_NONE && !wc->speed_reported) {
        wc->speed_reported = true;
        QL8400_LOG_UNIMP("ql8400: Warpcore forced speed 0x%x not modelled:"
                         " no link\n", wc_force_speed(wc));
    }
    return up;
}

void ql8400_wc_set_carrier(Ql8400Warpcore *wc, bool carrier)
{
    wc->carrier = carrier;
}

/* An IEEE link bit that latches low: a loss shows once, then the state. */
static uint16_t wc_latched_link(bool up, bool *lost)
{
    bool was_lost = *lost;

    *lost = false;
    return up && !was_lost ? IEEE_STATUS1_LINK : 0;
}

static uint16_t wc_status(Ql8400Warpcore *wc, const WcReg *r, unsigned lane)
{
    const unsigned pl = QL8400_WC_PORT_LANE;
    bool port = lane == pl;
    bool up = ql8400_wc_link_up(wc);
    unsigned code = ql8400_wc_speed_code(wc);
    bool ten_g = ql8400_wc_speed_mbps(code) >= 10000;
    bool an73 = wc_get(wc, WC_DEVAD_AN, WC_IEEE_CONTROL1) & AN_CTRL_ENABLE;
    bool an37 = wc_get(wc, WC_DEVAD_PCS, WC_COMBO_IEEE0_MIICTRL) &
                MII_CTRL_AN_ENABLE;
    uint16_t v;

    if (r->devad == WC_DEVAD_PMA && r->reg == WC_IEEE_STATUS1) {
        v = port ? wc_latched_link(up, &wc->pma_link_lost) : 0;
        return IEEE_STATUS1_LOW_POWER_ABILITY | v;
    }
    if (r->devad == WC_DEVAD_PMA && r->reg == WC_PMA_RX_SIGNAL_DETECT) {
        return port && wc->carrier ? 0x0001 : 0;
    }
    if (r->devad == WC_DEVAD_PCS && r->reg == WC_IEEE_STATUS1) {
        v = port ? wc_latched_link(up, &wc->pcs_link_lost) : 0;
        return IEEE_STATUS1_LOW_POWER_ABILITY | v;
    }
    if (r->devad == WC_DEVAD_AN && r->reg == WC_IEEE_STATUS1) {
        v = AN_STATUS_ABILITY;
        if (port && up && an73) {
            v |= IEEE_STATUS1_LINK | AN_STATUS_COMPLETE;
        }
        return v;
    }
    switch (r->devad == WC_VENDOR ? r->reg : 0) {
    case WC_GP2_STATUS_GP_2_0:
        /* signal detect, lanes in bits 11:8 */
        return wc->carrier ? 0x0100 << pl : 0;
    case WC_GP2_STATUS_GP_2_1:
        /* link: bits 3:0 any speed, 11:8 10G and up, 15:12 negotiated */
        if (!up) {
            return 0;
        }
        return (1u << pl) | (ten_g ? 0x0100 << pl : 0) |
               (an73 ? 0x1000 << pl : 0);
    case WC_GP2_STATUS_GP_2_2:
    case WC_GP2_STATUS_GP_2_3:
        /* actual speed: two lanes a register, even lane in bits 5:0 */
        if (!up || (r->reg == WC_GP2_STATUS_GP_2_3) != (pl >= 2)) {
            return 0;
        }
        return code << ((pl & 1) * 8);
    case WC_GP2_STATUS_GP_2_4:
        /* autonegotiation complete: clause 73 bits 15:12, 37 bits 11:8 */
        if (!up) {
            return 0;
        }
        return (an73 ? 0x1000 << pl : 0) | (an37 ? 0x0100 << pl : 0);
    case WC_SERDESDIGITAL_STATUS1000X1:
        /* below 10G: link, full duplex, speed in bits 4:3 */
        if (!port || !up || ten_g) {
            return 0;
        }
        return 0x0002 | 0x0004 | (code & 3) << 3;
    case WC_DIGITAL5_LINK_STATUS:
        return port && up ? 0x0001 : 0;
    case WC_DIGITAL5_ACTUAL_SPEED:
        return port && up ? code : 0;
    case WC_COMBO_IEEE0_MIISTAT:
        v = MII_STAT_EXTENDED | MII_STAT_AN_ABILITY;
        if (port) {
            v |= wc_latched_link(up, &wc->combo_link_lost);
            if (up && an37) {
                v |= AN_STATUS_COMPLETE;
            }
        }
        return v;
    }
    /* identity, and status the model keeps clear (link partner pages) */
    return r->reset;
}

/* Storage for a register the model does not name; NULL when full. */
static Ql8400WcSpare *wc_spare(Ql8400Warpcore *wc, unsigned lane,
                               unsigned devad, unsigned reg)
{
    unsigned key = reg >= WC_VENDOR_BASE && wc_is_mmd(devad) ?
                   WC_VENDOR : devad;
    Ql8400WcSpare *slot = NULL;
    unsigned i;

    for (i = 0; i < QL8400_WC_SPARE_REGS; i++) {
        Ql8400WcSpare *s = &wc->spare[i];

        if (!s->used) {
            slot = slot ? slot : s;
        } else if (s->lane == lane && s->devad == key && s->reg == reg) {
            return s;
        }
    }
    if (!slot) {
        if (!wc->spare_full_reported) {
            wc->spare_full_reported = true;
            QL8400_LOG_UNIMP("ql8400: Warpcore: no room for more unmodelled"
                             " registers, 0x%x.0x%04x dropped\n", devad, reg);
        }
        return NULL;
    }
    QL8400_LOG_UNIMP("ql8400: Warpcore register %u.0x%04x (lane %u) not"
                     " modelled: storage\n", devad, reg, lane);
    slot->used = true;
    slot->lane = lane;
    slot->devad = key;
    slot->reg = reg;
    slot->val = 0;
    return slot;
}

const char *ql8400_wc_reg_name(unsigned devad, unsigned reg)
{
    int i = wc_find(devad, reg);

    return i < 0 ? "unknown" : wc_regs[i].name;
}

uint16_t ql8400_wc_read(Ql8400Warpcore *wc, unsigned devad, unsigned reg)
{
    int i = wc_find(devad, reg);
    unsigned lane = wc_is_global(reg) ? 0 : wc_first_lane(wc_lane_mask(wc));
    Ql8400WcSpare *s;
    uint16_t val;

    if (i < 0) {
        s = wc_spare(wc, lane, devad, reg);
        val = s ? s->val : 0;
    } else if (wc_regs[i].status) {
        val = wc_status(wc, &wc_regs[i], lane);
    } else {
        val = wc->regs[i][lane];
    }
    trace_ql8400_fw_wc_access("read", lane, devad, reg,
                              i < 0 ? "unknown" : wc_regs[i].name, val);
    return val;
}

/* Bits that clear themselves once the action they start is done. */
static uint16_t wc_self_clear(const WcReg *r, uint16_t val)
{
    if (r->reg == WC_IEEE_CONTROL1) {
        val &= ~IEEE_CONTROL1_RESET;
        if (r->devad == WC_DEVAD_AN) {
            val &= ~AN_CTRL_RESTART;
        }
    } else if (r->reg == WC_COMBO_IEEE0_MIICTRL) {
        val &= ~(IEEE_CONTROL1_RESET | MII_CTRL_RESTART_AN);
    }
    return val;
}

void ql8400_wc_write(Ql8400Warpcore *wc, unsigned devad, unsigned reg,
                     uint16_t val)
{
    int i = wc_find(devad, reg);
    unsigned mask = wc_is_global(reg) ? 1 : wc_lane_mask(wc);
    unsigned lane;
    Ql8400WcSpare *s;

    trace_ql8400_fw_wc_access("write", wc_first_lane(mask), devad, reg,
                              i < 0 ? "unknown" : wc_regs[i].name, val);
    if (i >= 0 && wc_regs[i].status) {
        QL8400_LOG_GUEST_ERROR("ql8400: write 0x%04x to Warpcore status"
                               " register %s dropped\n", val,
                               wc_regs[i].name);
        return;
    }
    for (lane = 0; lane < QL8400_WC_LANES; lane++) {
        if (!(mask & (1u << lane))) {
            continue;
        }
        if (i >= 0) {
            wc->regs[i][lane] = wc_self_clear(&wc_regs[i], val);
        } else {
            s = wc_spare(wc, lane, devad, reg);
            if (s) {
                s->val = val;
            }
        }
    }
}

void ql8400_wc_cl45_address(Ql8400Warpcore *wc, unsigned devad,
                            uint16_t reg)
{
    wc->cl45_addr[devad & 31] = reg;
}

uint16_t ql8400_wc_cl45_read(Ql8400Warpcore *wc, unsigned devad,
                             bool increment)
{
    uint16_t val = ql8400_wc_read(wc, devad, wc->cl45_addr[devad & 31]);

    if (increment) {
        wc->cl45_addr[devad & 31]++;
    }
    return val;
}

void ql8400_wc_cl45_write(Ql8400Warpcore *wc, unsigned devad, uint16_t val)
{
    ql8400_wc_write(wc, devad, wc->cl45_addr[devad & 31], val);
}

/*
 * Clause 22: registers 0x00-0x0f reach the selected block's first half,
 * 0x10-0x1e its vendor-space twin (bit 15 set), 0x1f selects the block.
 */
static unsigned wc_cl22_reg(const Ql8400Warpcore *wc, unsigned reg)
{
    return (reg & 0x10 ? WC_VENDOR_BASE : 0) | (wc->cl22_block & 0x7ff0) |
           (reg & 0xf);
}

uint16_t ql8400_wc_cl22_read(Ql8400Warpcore *wc, unsigned reg)
{
    reg &= 0x1f;
    if (reg == CL22_BLOCK_ADDRESS) {
        trace_ql8400_fw_wc_access("read", 0, 0, reg, "BLOCK_ADDRESS",
                                  wc->cl22_block);
        return wc->cl22_block;
    }
    return ql8400_wc_read(wc, WC_DEVAD_PCS, wc_cl22_reg(wc, reg));
}

void ql8400_wc_cl22_write(Ql8400Warpcore *wc, unsigned reg, uint16_t val)
{
    reg &= 0x1f;
    if (reg == CL22_BLOCK_ADDRESS) {
        trace_ql8400_fw_wc_access("write", 0, 0, reg, "BLOCK_ADDRESS", val);
        wc->cl22_block = val;
        return;
    }
    ql8400_wc_write(wc, WC_DEVAD_PCS, wc_cl22_reg(wc, reg), val);
}

void ql8400_wc_reset(Ql8400Warpcore *wc)
{
    bool carrier = wc->carrier;
    unsigned lane;
    int i;

    memset(wc, 0, sizeof(*wc));
    wc->carrier = carrier;
    for (i = 0; i < WC_NREGS; i++) {
        for (lane = 0; lane < QL8400_WC_LANES; lane++) {
            wc->regs[i][lane] = wc_regs[i].reset;
        }
    }
    wc->link_was_up = ql8400_wc_link_up(wc);
}
