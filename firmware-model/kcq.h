/*
 * ql8400 firmware model: cnic's kernel completion queue (KCQ), the "iSCSI
 * event queue" of the CSTORM firmware. Offload completions (TCP and iSCSI
 * events, L5CM ramrod completions) are 32-byte KCQEs on a chain of pages
 * in host memory; the producer goes into index 6 of cnic's status block.
 *
 * cnic programs the ring in CSTORM RAM at every start (first KCQE page,
 * next page, status block number and index) and stops it by zeroing the
 * consumer; the model posts only while the ring is programmed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_KCQ_H
#define QL8400_FW_KCQ_H

#include "host.h"

typedef struct Ql8400Chip Ql8400Chip;

#define QL8400_KCQE_SIZE            32

/* kcqe_op_flag, the last dword: opcode, layer, flags */
#define QL8400_KCQE_OPCODE_SHIFT    16
#define QL8400_KCQE_RAMROD_COMPLETION (1u << 27)
#define QL8400_KCQE_LAYER_SHIFT     28
#define QL8400_KCQE_LAYER_L4        4
#define QL8400_KCQE_LAYER_ISCSI     6

/* L4 (TCP) events and L5CM ramrod completions */
enum {
    QL8400_KCQE_L4_CLOSE_COMP = 53,
    QL8400_KCQE_L4_RESET_COMP = 54,
    QL8400_KCQE_L4_CONNECT_COMPLETE = 56,
    QL8400_KCQE_L4_RESET_RECEIVED = 57,
    QL8400_KCQE_L4_CLOSE_RECEIVED = 58,
    QL8400_KCQE_L5CM_TCP_CONNECT = 0x83,
    QL8400_KCQE_L5CM_CLOSE = 0x8c,
    QL8400_KCQE_L5CM_ABORT = 0x8d,
    QL8400_KCQE_L5CM_SEARCHER_DELETE = 0x8e,
    QL8400_KCQE_L5CM_TERMINATE_OFFLOAD = 0x8f,
};

/* iSCSI-layer KCQEs the firmware raises */
enum {
    QL8400_KCQE_ISCSI_UPDATE_CONN = 0x12,
    QL8400_KCQE_ISCSI_TCP_ERROR = 0x19,
    QL8400_KCQE_ISCSI_CQ_NOTIFICATION = 0x20,
    QL8400_KCQE_ISCSI_ERROR = 0x21,
};

/* L4 completion status values cnic knows */
#define QL8400_L4_STATUS_OK         0
#define QL8400_L4_STATUS_NIC_ERROR  0x04
#define QL8400_L4_STATUS_TIMEOUT    0x93

void ql8400_kcq_init(Ql8400Chip *c);
void ql8400_kcq_reset(Ql8400Chip *c);

/* Whether cnic has a ring programmed (between its start and stop). */
bool ql8400_kcq_running(Ql8400Chip *c);

/*
 * Posts one KCQE (32 bytes, last dword included) and tells the host:
 * producer into the cnic status block, running index, interrupt. False
 * when there is no ring (dropped, with a guest-error line) or the DMA
 * failed.
 */
bool ql8400_kcq_post(Ql8400Chip *c, const uint8_t *kcqe);

/*
 * An L4-layer KCQE: TCP events (connection index at +8) and L5CM ramrod
 * completions (at +0); both are written, the status goes at +18 (and at
 * +4, which cnic also checks for CLOSE).
 */
bool ql8400_kcq_l4(Ql8400Chip *c, uint8_t opcode, uint16_t l5_cid,
                   uint32_t cid, uint16_t status, bool ramrod);
/* An iSCSI-layer KCQE: +0 l5_cid, +4 status, +8 HW CID. */
bool ql8400_kcq_iscsi(Ql8400Chip *c, uint8_t opcode, uint16_t l5_cid,
                      uint32_t cid, uint32_t status, bool ramrod);

#endif
