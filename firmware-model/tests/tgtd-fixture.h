/*
 * Test harness: a private tgtd (Linux SCSI target framework daemon) on
 * 127.0.0.1, as tests/guest-ladder runs one: a free iSCSI port, its own
 * control port, a temporary directory with file-backed LUNs whose bytes
 * are a known pattern (tgtd_pattern()). Whatever happens, the daemon and
 * its files go away: tgtd_fixture_stop(), a SIGKILL from the kernel when
 * the process that started it dies (PR_SET_PDEATHSIG), and
 * tgtd_fixture_cleanup_all() for signal handlers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_TEST_TGTD_FIXTURE_H
#define QL8400_TEST_TGTD_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct TgtdFixture {
    pid_t pid;                  /* tgtd; 0 when not running */
    pid_t owner;                /* the process that started it */
    int control_port;
    int iscsi_port;
    char dir[128];              /* temporary directory */
    char log[192];              /* tgtd's output */
} TgtdFixture;

/* false (with a message on stderr) when tgtd or tgtadm is missing */
bool tgtd_available(void);
/* Starts tgtd; false with a message on stderr when it does not come up. */
bool tgtd_fixture_start(TgtdFixture *f);
/*
 * A target tid named iqn with LUN 1 backed by a file of lun_bytes filled
 * with tgtd_pattern(), open to every initiator.
 */
bool tgtd_fixture_add_target(TgtdFixture *f, int tid, const char *iqn,
                             size_t lun_bytes);
/* Removes target tid and every connection to it. */
bool tgtd_fixture_delete_target(TgtdFixture *f, int tid);
/* The path of target tid's LUN file. */
void tgtd_fixture_lun_path(const TgtdFixture *f, int tid, char *path,
                           size_t size);
/*
 * Runs tgtadm -C <control port> --lld iscsi ARGS... (NULL-terminated),
 * at most 10 s; its stdout into out (may be NULL). True if it exited 0.
 */
bool tgtd_fixture_tgtadm(TgtdFixture *f, char *out, size_t out_size, ...)
    __attribute__((sentinel));
/* SIGKILL to tgtd at once (its files stay until tgtd_fixture_stop()). */
void tgtd_fixture_kill(TgtdFixture *f);
/* Stops tgtd (politely, then SIGKILL) and removes its files. */
void tgtd_fixture_stop(TgtdFixture *f);
/* For signal handlers: SIGKILL and file removal of every fixture. */
void tgtd_fixture_cleanup_all(void);
/* Prints tgtd's log to stderr (after a failure). */
void tgtd_fixture_dump_log(const TgtdFixture *f);

/* The byte pattern of every LUN: the content at byte offset off. */
void tgtd_pattern(uint64_t off, uint8_t *buf, size_t len);

#endif
