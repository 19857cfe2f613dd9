/*
 * ql8400 firmware model: the DMAE engine — command memory, GO registers,
 * copies between host memory and GRC, completions.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_DMAE_H
#define QL8400_FW_DMAE_H

#include "host.h"

/* DMAE block registers (GRC addresses). */
#define DMAE_REG_PCI_IFEN               0x102004u
#define DMAE_REG_GRC_IFEN               0x102008u
#define DMAE_REG_CRC16C_INIT            0x10201cu
#define DMAE_REG_CRC16T10_INIT          0x102020u
#define DMAE_REG_DMAE_INT_MASK          0x102054u
#define DMAE_REG_DMAE_PRTY_STS          0x102058u
#define DMAE_REG_DMAE_PRTY_STS_CLR      0x10205cu
#define DMAE_REG_DMAE_PRTY_MASK         0x102064u
#define DMAE_REG_BACKWARD_COMP_EN       0x10207cu
#define DMAE_REG_PXP_REQ_INIT_CRD       0x1020c0u
/*
 * The sixteen GO registers fill 0x102080-0x1020bf, but not in channel
 * order: C0, C1, C10-C15, then C2-C9.
 */
#define DMAE_REG_GO_C0                  0x102080u
#define DMAE_REG_GO_C1                  0x102084u
#define DMAE_REG_GO_C10                 0x102088u
#define DMAE_REG_GO_C11                 0x10208cu
#define DMAE_REG_GO_C12                 0x102090u
#define DMAE_REG_GO_C13                 0x102094u
#define DMAE_REG_GO_C14                 0x102098u
#define DMAE_REG_GO_C15                 0x10209cu
#define DMAE_REG_GO_C2                  0x1020a0u
#define DMAE_REG_GO_C3                  0x1020a4u
#define DMAE_REG_GO_C4                  0x1020a8u
#define DMAE_REG_GO_C5                  0x1020acu
#define DMAE_REG_GO_C6                  0x1020b0u
#define DMAE_REG_GO_C7                  0x1020b4u
#define DMAE_REG_GO_C8                  0x1020b8u
#define DMAE_REG_GO_C9                  0x1020bcu
#define DMAE_REG_GO_FIRST               DMAE_REG_GO_C0
#define DMAE_REG_GO_SIZE                0x40u
/* Command memory: channel X, dword Y at DMAE_REG_CMD_MEM + (14 * X + Y) * 4 */
#define DMAE_REG_CMD_MEM                0x102400u

#define QL8400_DMAE_CHANNELS            16
#define QL8400_DMAE_CMD_DWORDS          14
#define QL8400_DMAE_CMD_BYTES           (QL8400_DMAE_CMD_DWORDS * 4)

/* The dwords of a command (struct dmae_command of the hardware). */
enum {
    DMAE_CMD_OPCODE = 0,
    DMAE_CMD_SRC_ADDR_LO,       /* PCI: byte address; GRC: dword address */
    DMAE_CMD_SRC_ADDR_HI,
    DMAE_CMD_DST_ADDR_LO,
    DMAE_CMD_DST_ADDR_HI,
    DMAE_CMD_LEN,               /* bits 0-15 length in dwords, 16-31 IOV */
    DMAE_CMD_COMP_ADDR_LO,
    DMAE_CMD_COMP_ADDR_HI,
    DMAE_CMD_COMP_VAL,
    /* dwords 9-13: CRC and checksum results, not modelled */
};

/* Opcode fields. */
#define DMAE_COMMAND_SRC                (1u << 0)   /* 0 PCI, 1 GRC */
#define DMAE_COMMAND_DST_SHIFT          1           /* 0 none, 1 PCI, 2 GRC */
#define DMAE_COMMAND_DST_MASK           (3u << DMAE_COMMAND_DST_SHIFT)
#define DMAE_COMMAND_C_DST              (1u << 3)   /* 0 PCI, 1 GRC */
#define DMAE_COMMAND_C_TYPE_ENABLE      (1u << 4)
#define DMAE_COMMAND_C_TYPE_CRC_ENABLE  (1u << 5)
#define DMAE_COMMAND_ENDIANITY_SHIFT    9
#define DMAE_COMMAND_ENDIANITY_MASK     (3u << DMAE_COMMAND_ENDIANITY_SHIFT)
#define DMAE_COMMAND_PORT               (1u << 11)
#define DMAE_COMMAND_CRC_RESET          (1u << 12)
#define DMAE_COMMAND_SRC_RESET          (1u << 13)
#define DMAE_COMMAND_DST_RESET          (1u << 14)
#define DMAE_COMMAND_ERR_POLICY_SHIFT   20
#define DMAE_COMMAND_ERR_POLICY_MASK    (3u << DMAE_COMMAND_ERR_POLICY_SHIFT)

#define DMAE_SRC_PCI                    0u
#define DMAE_SRC_GRC                    1u
#define DMAE_DST_NONE                   0u
#define DMAE_DST_PCI                    1u
#define DMAE_DST_GRC                    2u
/* ENDIANITY values */
#define DMAE_ENDIANITY_NO_SWAP          0u
#define DMAE_ENDIANITY_B_SWAP           1u
#define DMAE_ENDIANITY_DW_SWAP          2u
#define DMAE_ENDIANITY_B_DW_SWAP        3u
/* ERR_POLICY: 1 reports a PCI error in bit 31 of the completion value */
#define DMAE_ERR_POLICY_SET_ERR         1u
#define DMAE_PCI_ERR_FLAG               0x80000000u

/* Commands one GO write may run, loader chains included. */
#define QL8400_DMAE_MAX_CHAIN           256

typedef struct Ql8400DmaeChannel {
    /*
     * Where the next transfer continues when its opcode has SRC_RESET
     * (DST_RESET) clear: the PCI byte address or GRC dword address right
     * after the previous transfer. Forgotten when the channel's command
     * memory is written.
     */
    bool src_cont, dst_cont;
    uint64_t src_next, dst_next;
    uint32_t runs;              /* commands executed since reset */
} Ql8400DmaeChannel;

typedef struct Ql8400Dmae {
    Ql8400DmaeChannel ch[QL8400_DMAE_CHANNELS];
    /* GO registers written and not yet run, in order */
    uint16_t pending;
    uint8_t queue[QL8400_DMAE_CHANNELS];
    unsigned qhead, qlen;
    bool running;               /* inside a GO write: queue, do not recurse */
    uint64_t commands;          /* executed since reset */
    uint64_t errors;            /* commands that completed with an error */
} Ql8400Dmae;

struct Ql8400Chip;

void ql8400_dmae_init(struct Ql8400Chip *c);
void ql8400_dmae_reset(struct Ql8400Chip *c, int kind);

/* GRC address of channel ch's GO register. */
uint32_t ql8400_dmae_go_reg(unsigned ch);

#endif
