/*
 * ql8400 firmware model: the storm statistics the driver asks for with
 * the STAT_QUERY ramrod: per port, per function and per queue counters
 * written where each query entry points, then the four storms' sequence
 * counters, which tell the driver the answer is complete.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "le.h"
#include "fw-trace.h"

#define STATS_HDR_SIZE          16
#define STATS_ENTRY_SIZE        16
#define STATS_MAX_ENTRIES       32

enum { STATS_QUEUE = 0, STATS_PORT = 1, STATS_PF = 2 };

#define PER_PORT_STATS_SIZE     24
#define PER_PF_STATS_SIZE       8
#define PER_QUEUE_STATS_SIZE    152
#define STATS_COUNTER_SIZE      32

void ql8400_stats_query(Ql8400Chip *c, uint64_t req)
{
    uint8_t hdr[STATS_HDR_SIZE], entry[STATS_ENTRY_SIZE];
    uint8_t result[PER_QUEUE_STATS_SIZE], counter[STATS_COUNTER_SIZE];
    unsigned i, n, size;
    uint16_t seq;

    if (!ql8400_dma_read(c, req, hdr, sizeof(hdr))) {
        return;
    }
    n = hdr[0];
    seq = ql8400_ld16(hdr + 2);
    if (n > STATS_MAX_ENTRIES) {
        QL8400_LOG_GUEST_ERROR("ql8400: STAT_QUERY with %u entries\n", n);
        n = STATS_MAX_ENTRIES;
    }
    trace_ql8400_fw_stats_query(n, seq);
    for (i = 0; i < n; i++) {
        if (!ql8400_dma_read(c, req + STATS_HDR_SIZE + i * STATS_ENTRY_SIZE,
                             entry, sizeof(entry))) {
            return;
        }
        switch (entry[0]) {
        case STATS_QUEUE:
            size = PER_QUEUE_STATS_SIZE;
            break;
        case STATS_PORT:
            size = PER_PORT_STATS_SIZE;
            break;
        case STATS_PF:
            size = PER_PF_STATS_SIZE;
            break;
        default:
            QL8400_LOG_UNIMP("ql8400: statistics of kind %u\n", entry[0]);
            continue;
        }
        /* no traffic counted yet: cumulative counters of an idle port */
        memset(result, 0, sizeof(result));
        ql8400_dma_write(c, ql8400_ld64(entry + 8), result, size);
    }
    memset(counter, 0, sizeof(counter));
    for (i = 0; i < 4; i++) {
        ql8400_st16(counter + 8 * i, seq);
    }
    ql8400_dma_write(c, ql8400_ld64(hdr + 8), counter, sizeof(counter));
}
