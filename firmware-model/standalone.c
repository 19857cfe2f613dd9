/*
 * ql8400 firmware model: what QEMU provides when the model runs inside it,
 * provided for the standalone build (unit tests, tools).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <fnmatch.h>
#include "host.h"

unsigned ql8400_log_guest_errors;
unsigned ql8400_log_unimp;

void ql8400_log(unsigned *counter, const char *fmt, ...)
{
    va_list ap;

    (*counter)++;
    if (getenv("QL8400_LOG")) {
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
    }
}

/*
 * QL8400_TRACE holds a glob of event names, as QEMU's -trace does; read
 * once, so a disabled event costs about what it does in QEMU.
 */
bool ql8400_trace_enabled(const char *event)
{
    static const char *pattern;
    static bool read;

    if (!read) {
        pattern = getenv("QL8400_TRACE");
        read = true;
    }
    return pattern && fnmatch(pattern, event, 0) == 0;
}
