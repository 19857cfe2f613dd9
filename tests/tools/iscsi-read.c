/*
 * iscsi-read: reads a byte range of a LUN through libiscsi, an initiator
 * independent of the guest's, and writes it to stdout. The guest tests use
 * it to check what reached the target's disk.
 *
 *   iscsi-read iscsi://127.0.0.1:3260/IQN/LUN OFFSET LENGTH > out
 *
 * OFFSET and LENGTH are bytes, multiples of the LUN's block size.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

#define CHUNK (1024 * 1024)

static int fail(struct iscsi_context *iscsi, const char *what)
{
    fprintf(stderr, "iscsi-read: %s: %s\n", what,
            iscsi ? iscsi_get_error(iscsi) : "");
    return 1;
}

int main(int argc, char **argv)
{
    struct iscsi_context *iscsi;
    struct iscsi_url *url;
    struct scsi_task *task;
    struct scsi_readcapacity16 *cap;
    uint64_t offset, length, lba;
    uint32_t block;

    if (argc != 4) {
        fprintf(stderr, "usage: iscsi-read URL OFFSET LENGTH\n");
        return 2;
    }
    offset = strtoull(argv[2], NULL, 0);
    length = strtoull(argv[3], NULL, 0);
    iscsi = iscsi_create_context("iqn.2026-12.org.ql8400:iscsi-read");
    if (!iscsi) {
        return fail(NULL, "no context");
    }
    url = iscsi_parse_full_url(iscsi, argv[1]);
    if (!url) {
        return fail(iscsi, "bad URL");
    }
    iscsi_set_session_type(iscsi, ISCSI_SESSION_NORMAL);
    iscsi_set_header_digest(iscsi, ISCSI_HEADER_DIGEST_NONE);
    if (iscsi_full_connect_sync(iscsi, url->portal, url->lun) != 0) {
        return fail(iscsi, "login");
    }
    task = iscsi_readcapacity16_sync(iscsi, url->lun);
    if (!task || task->status != SCSI_STATUS_GOOD) {
        return fail(iscsi, "READ CAPACITY(16)");
    }
    cap = scsi_datain_unmarshall(task);
    if (!cap) {
        return fail(iscsi, "READ CAPACITY(16) data");
    }
    block = cap->block_length;
    scsi_free_scsi_task(task);
    if (!block || offset % block || length % block) {
        fprintf(stderr, "iscsi-read: offset and length must be multiples"
                " of %u\n", block);
        return 2;
    }
    for (lba = offset / block; length; ) {
        uint32_t n = length < CHUNK ? length : CHUNK;

        task = iscsi_read16_sync(iscsi, url->lun, lba, n, block, 0, 0, 0, 0,
                                 0);
        if (!task || task->status != SCSI_STATUS_GOOD ||
            task->datain.size != (int)n) {
            return fail(iscsi, "READ(16)");
        }
        if (fwrite(task->datain.data, 1, n, stdout) != n) {
            return fail(NULL, "write to stdout");
        }
        scsi_free_scsi_task(task);
        lba += n / block;
        length -= n;
    }
    iscsi_logout_sync(iscsi);
    iscsi_destroy_url(url);
    iscsi_destroy_context(iscsi);
    return 0;
}
