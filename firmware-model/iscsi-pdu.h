/*
 * ql8400 firmware model: iSCSI PDUs on the wire (RFC 7143). Basic header
 * segment (BHS) field offsets, PDU lengths with padding and digests, the
 * text key=value format, and builders for the initiator's requests: enough
 * for the firmware's middle-path PDUs and for tests that log in to a real
 * target over the TCP engine.
 *
 * All multi-byte BHS fields are big-endian (ip.h's ql8400_ldbe*).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_ISCSI_PDU_H
#define QL8400_FW_ISCSI_PDU_H

#include "host.h"

#define QL8400_ISCSI_BHS_LEN        48
#define QL8400_ISCSI_DIGEST_LEN     4

/* opcodes (byte 0, bits 0-5); bit 6 of byte 0 is Immediate */
#define QL8400_ISCSI_OP_NOP_OUT     0x00
#define QL8400_ISCSI_OP_SCSI_CMD    0x01
#define QL8400_ISCSI_OP_TMF_REQ     0x02
#define QL8400_ISCSI_OP_LOGIN_REQ   0x03
#define QL8400_ISCSI_OP_TEXT_REQ    0x04
#define QL8400_ISCSI_OP_DATA_OUT    0x05
#define QL8400_ISCSI_OP_LOGOUT_REQ  0x06
#define QL8400_ISCSI_OP_NOP_IN      0x20
#define QL8400_ISCSI_OP_SCSI_RSP    0x21
#define QL8400_ISCSI_OP_TMF_RSP     0x22
#define QL8400_ISCSI_OP_LOGIN_RSP   0x23
#define QL8400_ISCSI_OP_TEXT_RSP    0x24
#define QL8400_ISCSI_OP_DATA_IN     0x25
#define QL8400_ISCSI_OP_LOGOUT_RSP  0x26
#define QL8400_ISCSI_OP_R2T         0x31
#define QL8400_ISCSI_OP_ASYNC       0x32
#define QL8400_ISCSI_OP_REJECT      0x3f
#define QL8400_ISCSI_OP_MASK        0x3f
#define QL8400_ISCSI_IMMEDIATE      0x40

/* byte 1 */
#define QL8400_ISCSI_FLAG_FINAL     0x80
#define QL8400_ISCSI_LOGIN_TRANSIT  0x80
#define QL8400_ISCSI_LOGIN_CONTINUE 0x40
#define QL8400_ISCSI_CMD_READ       0x40
#define QL8400_ISCSI_CMD_WRITE      0x20
#define QL8400_ISCSI_CMD_ATTR_SIMPLE 0x01
#define QL8400_ISCSI_DATA_STATUS    0x01    /* Data-In S bit */
#define QL8400_ISCSI_DATA_UNDERFLOW 0x02
#define QL8400_ISCSI_DATA_OVERFLOW  0x04

/* login stages */
#define QL8400_ISCSI_STAGE_SECURITY     0
#define QL8400_ISCSI_STAGE_OPERATIONAL  1
#define QL8400_ISCSI_STAGE_FULL_FEATURE 3

/* BHS offsets */
#define QL8400_ISCSI_BHS_OPCODE     0
#define QL8400_ISCSI_BHS_FLAGS      1
#define QL8400_ISCSI_BHS_AHS_LEN    4
#define QL8400_ISCSI_BHS_DLENGTH    5       /* 3 bytes */
#define QL8400_ISCSI_BHS_LUN        8
#define QL8400_ISCSI_BHS_ITT        16
#define QL8400_ISCSI_BHS_TTT        20
#define QL8400_ISCSI_BHS_EDTL       20      /* SCSI Command */
#define QL8400_ISCSI_BHS_CMDSN      24      /* requests */
#define QL8400_ISCSI_BHS_STATSN     24      /* responses */
#define QL8400_ISCSI_BHS_EXPSTATSN  28      /* requests */
#define QL8400_ISCSI_BHS_EXPCMDSN   28      /* responses */
#define QL8400_ISCSI_BHS_MAXCMDSN   32
#define QL8400_ISCSI_BHS_CDB        32
#define QL8400_ISCSI_BHS_DATASN     36      /* Data-In/Out, R2TSN */
#define QL8400_ISCSI_BHS_BUF_OFFSET 40
#define QL8400_ISCSI_BHS_RESIDUAL   44      /* Data-In, SCSI Response */
#define QL8400_ISCSI_BHS_R2T_LENGTH 44
#define QL8400_ISCSI_BHS_RSP_STATUS 3       /* SCSI Response, Data-In+S */
#define QL8400_ISCSI_BHS_RSP_RESPONSE 2
#define QL8400_ISCSI_BHS_LOGIN_ISID 8
#define QL8400_ISCSI_BHS_LOGIN_TSIH 14
#define QL8400_ISCSI_BHS_LOGIN_CID  20
#define QL8400_ISCSI_BHS_LOGIN_CLASS 36
#define QL8400_ISCSI_BHS_LOGIN_DETAIL 37

uint8_t ql8400_iscsi_opcode(const uint8_t *bhs);
uint32_t ql8400_iscsi_dlength(const uint8_t *bhs);
void ql8400_iscsi_set_dlength(uint8_t *bhs, uint32_t len);
/* pad bytes after a data segment of len bytes */
uint32_t ql8400_iscsi_pad(uint32_t len);
/* bytes of the whole PDU on the wire: BHS, AHS, digests, padded data */
size_t ql8400_iscsi_pdu_len(const uint8_t *bhs, bool header_digest,
                            bool data_digest);
/* the 8-byte LUN field for a LUN number (SAM peripheral / flat space) */
void ql8400_iscsi_encode_lun(uint8_t *field, uint16_t lun);

/* What a Login Request carries besides its text. */
typedef struct Ql8400IscsiLogin {
    uint8_t csg;
    uint8_t nsg;
    bool transit;
    uint8_t isid[6];
    uint16_t tsih;
    uint16_t cid;
    uint32_t itt;
    uint32_t cmdsn;
    uint32_t expstatsn;
} Ql8400IscsiLogin;

void ql8400_iscsi_login_req(uint8_t *bhs, const Ql8400IscsiLogin *l,
                            uint32_t dlen);
void ql8400_iscsi_text_req(uint8_t *bhs, uint32_t itt, uint32_t cmdsn,
                           uint32_t expstatsn, uint32_t dlen);
void ql8400_iscsi_scsi_cmd(uint8_t *bhs, uint8_t flags, uint16_t lun,
                           uint32_t itt, uint32_t edtl, uint32_t cmdsn,
                           uint32_t expstatsn, const uint8_t *cdb,
                           size_t cdb_len);
void ql8400_iscsi_data_out(uint8_t *bhs, bool final, uint16_t lun,
                           uint32_t itt, uint32_t ttt, uint32_t expstatsn,
                           uint32_t datasn, uint32_t offset, uint32_t dlen);
void ql8400_iscsi_logout_req(uint8_t *bhs, uint8_t reason, uint32_t itt,
                             uint16_t cid, uint32_t cmdsn,
                             uint32_t expstatsn);
void ql8400_iscsi_nop_out(uint8_t *bhs, uint32_t itt, uint32_t ttt,
                          uint32_t cmdsn, uint32_t expstatsn);

/*
 * Appends "key=value\0" to a text data segment of size bytes holding len;
 * returns the new length, or 0 when it does not fit.
 */
size_t ql8400_iscsi_text_add(char *buf, size_t size, size_t len,
                             const char *key, const char *value);
/*
 * Finds the n-th (from 0) value of key in a text data segment; copies it,
 * NUL-terminated, to val. False if absent or val is too small.
 */
bool ql8400_iscsi_text_get(const uint8_t *data, size_t len, const char *key,
                           unsigned n, char *val, size_t val_size);

#endif
