/*
 * ql8400 firmware model: host status blocks. The driver tells the CSTORM
 * firmware where each block lives and which IGU status block it belongs
 * to (the SB data in CSTORM RAM); the firmware writes an index there,
 * bumps the block's running index and hands that to the IGU as producer.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "grc.h"
#include "le.h"
#include "regs.h"
#include "storm-ram.h"
#include "fw-trace.h"

/* struct hc_status_block_data_e2 in CSTORM RAM */
#define SB_DATA_HOST_ADDR       0x10
#define SB_DATA_SM0_IGU_SB_ID   0x1a
#define SB_DATA_STATE           0x2e
/* struct hc_sp_status_block_data */
#define SP_DATA_HOST_ADDR       0x0
#define SP_DATA_IGU_SB_ID       0x8
#define SP_DATA_IGU_SEG_ID      0x9
#define SP_DATA_STATE           0xa
#define SB_ENABLED              1

/* host_hc_status_block_e2: index_values[8], then running_index[2] */
#define HOST_SB_RUNNING_INDEX   0x10
/* host_sp_status_block from sp_sb: index_values[16], then running_index */
#define HOST_SP_RUNNING_INDEX   0x20

void ql8400_sb_fp_update(Ql8400Chip *c, unsigned fw_sb, unsigned index,
                         uint16_t value)
{
    uint32_t data = CSTORM_STATUS_BLOCK_DATA(fw_sb);
    uint64_t host;
    uint8_t buf[2];
    uint16_t running;

    if (fw_sb >= QL8400_NUM_FW_SBS || index >= 8) {
        QL8400_LOG_GUEST_ERROR("ql8400: status block %u index %u\n",
                               fw_sb, index);
        return;
    }
    if (ql8400_grc_peek8(c, data + SB_DATA_STATE) != SB_ENABLED) {
        QL8400_LOG_GUEST_ERROR("ql8400: update of disabled status block %u"
                               "\n", fw_sb);
        return;
    }
    host = ql8400_grc_peek64(c, data + SB_DATA_HOST_ADDR);
    ql8400_st16(buf, value);
    if (!ql8400_dma_write(c, host + 2 * index, buf, 2)) {
        return;
    }
    running = ++c->storm.sb_running_index[fw_sb];
    ql8400_st16(buf, running);
    ql8400_dma_write(c, host + HOST_SB_RUNNING_INDEX, buf, 2);
    ql8400_dma_write(c, host + HOST_SB_RUNNING_INDEX + 2, buf, 2);
    trace_ql8400_fw_sb_update(fw_sb, index, value, running);
    ql8400_igu_sb_produce(c, ql8400_grc_peek8(c, data + SB_DATA_SM0_IGU_SB_ID),
                          QL8400_IGU_SEG_NORM, running);
}

void ql8400_sb_sp_update(Ql8400Chip *c, unsigned index, uint16_t value)
{
    uint32_t data = CSTORM_SP_STATUS_BLOCK_DATA(0);
    uint64_t host;
    uint8_t buf[2];
    uint16_t running;

    if (ql8400_grc_peek8(c, data + SP_DATA_STATE) != SB_ENABLED) {
        QL8400_LOG_GUEST_ERROR("ql8400: update of the disabled default"
                               " status block\n");
        return;
    }
    host = ql8400_grc_peek64(c, data + SP_DATA_HOST_ADDR);
    ql8400_st16(buf, value);
    if (!ql8400_dma_write(c, host + 2 * index, buf, 2)) {
        return;
    }
    running = ++c->storm.sp_running_index;
    ql8400_st16(buf, running);
    ql8400_dma_write(c, host + HOST_SP_RUNNING_INDEX, buf, 2);
    trace_ql8400_fw_sb_update(0xff, index, value, running);
    ql8400_igu_sb_produce(c, ql8400_grc_peek8(c, data + SP_DATA_IGU_SB_ID),
                          ql8400_grc_peek8(c, data + SP_DATA_IGU_SEG_ID),
                          running);
}

/*
 * A queue names its status block by FW id; the default status block's id
 * (HC_SP_SB_ID) stands for the slow-path block, whose spare indices serve
 * cnic's iSCSI L2 ring.
 */
void ql8400_sb_update(Ql8400Chip *c, unsigned sb_id, unsigned index,
                      uint16_t value)
{
    if (sb_id == QL8400_HC_SP_SB_ID) {
        ql8400_sb_sp_update(c, index, value);
    } else {
        ql8400_sb_fp_update(c, sb_id, index, value);
    }
}

/*
 * The driver zeroes a host status block and (re)enables its SB data:
 * counting starts again from 0, as the driver expects.
 */
static void sb_data_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    uint32_t old = ql8400_grc_peek(c, addr);
    unsigned shift;

    ql8400_grc_poke(c, addr, val);
    if (addr >= CSTORM_SP_STATUS_BLOCK_DATA(0)) {
        uint32_t state_dword = CSTORM_SP_STATUS_BLOCK_DATA(0) +
                               (SP_DATA_STATE & ~3u);

        shift = (SP_DATA_STATE & 3) * 8;
        if (addr == state_dword && ((val >> shift) & 0xff) == SB_ENABLED &&
            ((old >> shift) & 0xff) != SB_ENABLED) {
            c->storm.sp_running_index = 0;
            trace_ql8400_fw_sb_enable(0xff);
        }
        return;
    }
    shift = (SB_DATA_STATE & 3) * 8;
    if ((addr & 0x3f) == (SB_DATA_STATE & ~3u) &&
        ((val >> shift) & 0xff) == SB_ENABLED &&
        ((old >> shift) & 0xff) != SB_ENABLED) {
        unsigned sb = (addr - CSTORM_STATUS_BLOCK_DATA(0)) / 0x40;

        c->storm.sb_running_index[sb] = 0;
        trace_ql8400_fw_sb_enable(sb);
    }
}

static const Ql8400GrcHook sb_hooks[] = {
    { CSTORM_STATUS_BLOCK_DATA(0), QL8400_NUM_FW_SBS * 0x40,
      "CSTORM_STATUS_BLOCK_DATA", NULL, sb_data_write },
    { CSTORM_SP_STATUS_BLOCK_DATA(0), 0x10,
      "CSTORM_SP_STATUS_BLOCK_DATA", NULL, sb_data_write },
};

void ql8400_sb_init(Ql8400Chip *c)
{
    ql8400_grc_add_hooks(c, sb_hooks, QL8400_ARRAY_LEN(sb_hooks));
}
