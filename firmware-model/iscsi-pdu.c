/*
 * ql8400 firmware model: iSCSI PDUs on the wire (see iscsi-pdu.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "iscsi-pdu.h"
#include "ip.h"

uint8_t ql8400_iscsi_opcode(const uint8_t *bhs)
{
    return bhs[QL8400_ISCSI_BHS_OPCODE] & QL8400_ISCSI_OP_MASK;
}

uint32_t ql8400_iscsi_dlength(const uint8_t *bhs)
{
    const uint8_t *p = bhs + QL8400_ISCSI_BHS_DLENGTH;

    return (uint32_t)p[0] << 16 | p[1] << 8 | p[2];
}

void ql8400_iscsi_set_dlength(uint8_t *bhs, uint32_t len)
{
    uint8_t *p = bhs + QL8400_ISCSI_BHS_DLENGTH;

    p[0] = len >> 16;
    p[1] = len >> 8;
    p[2] = len;
}

uint32_t ql8400_iscsi_pad(uint32_t len)
{
    return (4 - (len & 3)) & 3;
}

size_t ql8400_iscsi_pdu_len(const uint8_t *bhs, bool header_digest,
                            bool data_digest)
{
    uint32_t dlen = ql8400_iscsi_dlength(bhs);
    size_t n = QL8400_ISCSI_BHS_LEN + bhs[QL8400_ISCSI_BHS_AHS_LEN] * 4u;

    if (header_digest) {
        n += QL8400_ISCSI_DIGEST_LEN;
    }
    if (dlen) {
        n += dlen + ql8400_iscsi_pad(dlen);
        if (data_digest) {
            n += QL8400_ISCSI_DIGEST_LEN;
        }
    }
    return n;
}

void ql8400_iscsi_encode_lun(uint8_t *field, uint16_t lun)
{
    memset(field, 0, 8);
    if (lun < 256) {
        field[1] = lun;
    } else {
        field[0] = 0x40 | ((lun >> 8) & 0x3f);
        field[1] = lun;
    }
}

static void bhs_init(uint8_t *bhs, uint8_t opcode, uint8_t flags,
                     uint32_t dlen)
{
    memset(bhs, 0, QL8400_ISCSI_BHS_LEN);
    bhs[QL8400_ISCSI_BHS_OPCODE] = opcode;
    bhs[QL8400_ISCSI_BHS_FLAGS] = flags;
    ql8400_iscsi_set_dlength(bhs, dlen);
}

void ql8400_iscsi_login_req(uint8_t *bhs, const Ql8400IscsiLogin *l,
                            uint32_t dlen)
{
    uint8_t flags = (l->csg & 3) << 2 | (l->nsg & 3);

    if (l->transit) {
        flags |= QL8400_ISCSI_LOGIN_TRANSIT;
    }
    bhs_init(bhs, QL8400_ISCSI_IMMEDIATE | QL8400_ISCSI_OP_LOGIN_REQ, flags,
             dlen);
    /* version-max and version-min 0 */
    memcpy(bhs + QL8400_ISCSI_BHS_LOGIN_ISID, l->isid, 6);
    ql8400_stbe16(bhs + QL8400_ISCSI_BHS_LOGIN_TSIH, l->tsih);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, l->itt);
    ql8400_stbe16(bhs + QL8400_ISCSI_BHS_LOGIN_CID, l->cid);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_CMDSN, l->cmdsn);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_EXPSTATSN, l->expstatsn);
}

void ql8400_iscsi_text_req(uint8_t *bhs, uint32_t itt, uint32_t cmdsn,
                           uint32_t expstatsn, uint32_t dlen)
{
    bhs_init(bhs, QL8400_ISCSI_IMMEDIATE | QL8400_ISCSI_OP_TEXT_REQ,
             QL8400_ISCSI_FLAG_FINAL, dlen);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, itt);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_TTT, 0xffffffff);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_CMDSN, cmdsn);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_EXPSTATSN, expstatsn);
}

void ql8400_iscsi_scsi_cmd(uint8_t *bhs, uint8_t flags, uint16_t lun,
                           uint32_t itt, uint32_t edtl, uint32_t cmdsn,
                           uint32_t expstatsn, const uint8_t *cdb,
                           size_t cdb_len)
{
    bhs_init(bhs, QL8400_ISCSI_OP_SCSI_CMD, QL8400_ISCSI_FLAG_FINAL | flags,
             0);
    ql8400_iscsi_encode_lun(bhs + QL8400_ISCSI_BHS_LUN, lun);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, itt);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_EDTL, edtl);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_CMDSN, cmdsn);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_EXPSTATSN, expstatsn);
    memcpy(bhs + QL8400_ISCSI_BHS_CDB, cdb, cdb_len < 16 ? cdb_len : 16);
}

void ql8400_iscsi_data_out(uint8_t *bhs, bool final, uint16_t lun,
                           uint32_t itt, uint32_t ttt, uint32_t expstatsn,
                           uint32_t datasn, uint32_t offset, uint32_t dlen)
{
    bhs_init(bhs, QL8400_ISCSI_OP_DATA_OUT,
             final ? QL8400_ISCSI_FLAG_FINAL : 0, dlen);
    ql8400_iscsi_encode_lun(bhs + QL8400_ISCSI_BHS_LUN, lun);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, itt);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_TTT, ttt);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_EXPSTATSN, expstatsn);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_DATASN, datasn);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_BUF_OFFSET, offset);
}

void ql8400_iscsi_logout_req(uint8_t *bhs, uint8_t reason, uint32_t itt,
                             uint16_t cid, uint32_t cmdsn,
                             uint32_t expstatsn)
{
    bhs_init(bhs, QL8400_ISCSI_IMMEDIATE | QL8400_ISCSI_OP_LOGOUT_REQ,
             QL8400_ISCSI_FLAG_FINAL | (reason & 0x7f), 0);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, itt);
    ql8400_stbe16(bhs + QL8400_ISCSI_BHS_LOGIN_CID, cid);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_CMDSN, cmdsn);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_EXPSTATSN, expstatsn);
}

void ql8400_iscsi_nop_out(uint8_t *bhs, uint32_t itt, uint32_t ttt,
                          uint32_t cmdsn, uint32_t expstatsn)
{
    bhs_init(bhs, QL8400_ISCSI_IMMEDIATE | QL8400_ISCSI_OP_NOP_OUT,
             QL8400_ISCSI_FLAG_FINAL, 0);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_ITT, itt);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_TTT, ttt);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_CMDSN, cmdsn);
    ql8400_stbe32(bhs + QL8400_ISCSI_BHS_EXPSTATSN, expstatsn);
}

size_t ql8400_iscsi_text_add(char *buf, size_t size, size_t len,
                             const char *key, const char *value)
{
    size_t klen = strlen(key), vlen = strlen(value);

    if (len + klen + 1 + vlen + 1 > size) {
        return 0;
    }
    memcpy(buf + len, key, klen);
    buf[len + klen] = '=';
    memcpy(buf + len + klen + 1, value, vlen);
    buf[len + klen + 1 + vlen] = '\0';
    return len + klen + vlen + 2;
}

bool ql8400_iscsi_text_get(const uint8_t *data, size_t len, const char *key,
                           unsigned n, char *val, size_t val_size)
{
    size_t klen = strlen(key), off = 0, end, vlen;

    while (off < len) {
        for (end = off; end < len && data[end]; end++) {
            continue;
        }
        if (end - off > klen && !memcmp(data + off, key, klen) &&
            data[off + klen] == '=') {
            if (n-- == 0) {
                vlen = end - off - klen - 1;
                if (vlen + 1 > val_size) {
                    return false;
                }
                memcpy(val, data + off + klen + 1, vlen);
                val[vlen] = '\0';
                return true;
            }
        }
        off = end + 1;
    }
    return false;
}
