/*
 * ql8400 firmware model: the IGU (interrupt generation unit) of the E3
 * chip in normal mode — its CAM of status blocks, the producer/consumer
 * state of every status block, interrupt delivery (MSI-X, or one MSI/INTx
 * line with the SISR bitmap), and the attention messages.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_IGU_H
#define QL8400_FW_IGU_H

#include "host.h"

typedef struct Ql8400Chip Ql8400Chip;

/* Status blocks of PF0 in the CAM: 16 fast-path ones, then the default. */
#define QL8400_IGU_PF0_FP_SBS   16
#define QL8400_IGU_PF0_DSB      QL8400_IGU_PF0_FP_SBS
#define QL8400_IGU_NUM_SBS      136

/* Segments of a status block: NORM for fast-path, DEF/ATTN for the DSB. */
enum {
    QL8400_IGU_SEG_NORM = 0,
    QL8400_IGU_SEG_DEF = 1,
    QL8400_IGU_SEG_ATTN = 2,
    QL8400_IGU_NUM_SEGS = 3,
};

typedef struct Ql8400IguSb {
    uint32_t prod[QL8400_IGU_NUM_SEGS];
    uint32_t cons[QL8400_IGU_NUM_SEGS];
    bool enabled;
    bool pending;
} Ql8400IguSb;

typedef struct Ql8400Igu {
    Ql8400IguSb sb[QL8400_IGU_NUM_SBS];
    /* single-ISR modes (MSI, INTx): pending vectors, bit v = CAM vector v */
    uint32_t sisr;
    bool intx_level;
    /* attentions: source lines, acks the driver gave, message state */
    uint32_t attn_lines;
    uint32_t attn_ack;
    uint32_t attn_sent_bits;
    uint32_t attn_sent_ack;
    uint16_t attn_index;
} Ql8400Igu;

void ql8400_igu_init(Ql8400Chip *c);
void ql8400_igu_reset(Ql8400Chip *c, int kind);

/*
 * The storm firmware wrote a status block to host memory: its producer in
 * a segment is now prod. Raises the SB's interrupt when the IGU lets it.
 */
void ql8400_igu_sb_produce(Ql8400Chip *c, unsigned igu_sb, unsigned seg,
                           uint32_t prod);

/* An attention source line (bit of attn_bits) changes level. */
void ql8400_attn_set_line(Ql8400Chip *c, unsigned bit, bool level);

#endif
