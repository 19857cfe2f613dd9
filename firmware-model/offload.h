/*
 * ql8400 firmware model: TCP and iSCSI offload, the connection manager.
 *
 * cnic turns bnx2i's requests into ramrods of the iSCSI connection type
 * on the slow-path queue: TCP_CONNECT (0x83), UPDATE (0x12), CLOSE
 * (0x8c), ABORT (0x8d), SEARCHER_DELETE (0x8e), TERMINATE_OFFLOAD (0x8f),
 * then the common CFC_DEL. Each offloaded connection is a TCP engine
 * (tcp.c) with the iSCSI engine (iscsi-conn.c) on top of it; frames of
 * its 4-tuple are taken from the port before L2 classification, and its
 * events reach cnic as KCQEs (kcq.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_OFFLOAD_H
#define QL8400_FW_OFFLOAD_H

#include "host.h"

typedef struct Ql8400Chip Ql8400Chip;
typedef struct Ql8400L5Conn Ql8400L5Conn;

/* cnic's CID table has 256 entries; bnx2i uses at most 128 of them */
#define QL8400_OFFLOAD_MAX_CONNS    256

typedef struct Ql8400Offload {
    Ql8400L5Conn *conns[QL8400_OFFLOAD_MAX_CONNS];
    unsigned nconns;            /* entries of conns in use */
    int64_t timer_expire;       /* armed host timer; INT64_MAX: none */
    uint32_t iss_seed;          /* initial sequence numbers */
} Ql8400Offload;

void ql8400_offload_init(Ql8400Chip *c);
/* Drops every connection silently: no frame, no KCQE, no DMA. */
void ql8400_offload_reset(Ql8400Chip *c);

/* A ramrod of the iSCSI connection type (SPE type 3). */
void ql8400_offload_ramrod(Ql8400Chip *c, uint8_t cmd, uint32_t cid,
                           uint64_t data_addr);
/* CFC_DEL of a CID: forgets what is left of its connection. */
void ql8400_offload_cfc_del(Ql8400Chip *c, uint32_t cid);
/* A doorbell of the iSCSI connection type: the SQ has new WQEs. */
void ql8400_offload_doorbell(Ql8400Chip *c, uint32_t cid, uint32_t val);
/* A frame from the wire: true when an offloaded connection took it. */
bool ql8400_offload_receive(Ql8400Chip *c, const uint8_t *frame, size_t len);
/* Whether a frame is for an offloaded connection (the demux alone). */
bool ql8400_offload_claims(Ql8400Chip *c, const uint8_t *frame, size_t len);
/* QL8400_TIMER_OFFLOAD expired. */
void ql8400_offload_timer(Ql8400Chip *c);

#endif
