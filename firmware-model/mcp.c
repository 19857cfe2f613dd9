/*
 * ql8400 firmware model: the management CPU (MCP) and its firmware.
 *
 * The MCP's scratchpad (GRC 0xa0000, 128 KiB) holds shmem and shmem2 (see
 * mcp-shmem.c); MISC_REG_SHARED_MEM_ADDR and MISC_REG_GENERIC_CR_0 point
 * the driver at them. The firmware answers the driver mailbox at once: a
 * write of drv_mb_header (command | sequence) puts reply | sequence in
 * fw_mb_header. It also echoes the driver pulse, and this file models the
 * MISC hardware locks, the MCP access lock and the driver's recovery
 * register, which belong to the chip's common part.
 *
 * Resets: a power cycle clears everything but the flash. A function reset
 * clears the register file, but not the MCP: its memory, its load
 * bookkeeping, the locks and the NVM interface survive, and the scratchpad
 * is put back from the MCP's own copy.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "grc.h"
#include "mcp-hsi.h"
#include "fw-trace.h"

/* Where the MCP's CPU appears to run: inside its scratchpad. */
#define MCP_PC_START            (MCP_SCRATCH_MCP_VIEW + 0x400u)
#define MCP_PC_SPAN             0x4000u

static Ql8400Mcp *mcp(Ql8400Chip *c)
{
    return &c->mcp;
}

/* ---- scratchpad ---- */

void ql8400_mcp_scratch_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    ql8400_grc_poke(c, addr, val);
}

uint32_t ql8400_mcp_scratch_read(Ql8400Chip *c, uint32_t addr)
{
    return ql8400_grc_peek(c, addr);
}

static uint32_t func_mb(unsigned func, uint32_t field)
{
    return QL8400_SHMEM_BASE + SHMEM_FUNC_MB(func) + field;
}

/* ---- the driver mailbox ---- */

static const char *const func_state_name[] = {
    [QL8400_MCP_FUNC_UNLOADED] = "unloaded",
    [QL8400_MCP_FUNC_LOADING] = "loading",
    [QL8400_MCP_FUNC_LOADED] = "loaded",
    [QL8400_MCP_FUNC_UNLOADING] = "unloading",
};

static void set_func_state(Ql8400Chip *c, unsigned func,
                           Ql8400McpFuncState state)
{
    Ql8400Mcp *m = mcp(c);

    trace_ql8400_fw_mcp_load_state(func, func_state_name[m->func_state[func]],
                                   func_state_name[state]);
    m->func_state[func] = state;
}

static bool func_has_driver(const Ql8400Mcp *m, unsigned func)
{
    return m->func_state[func] == QL8400_MCP_FUNC_LOADING ||
           m->func_state[func] == QL8400_MCP_FUNC_LOADED;
}

/* Does another function of the chip have a driver loaded? */
static bool others_loaded(const Ql8400Mcp *m, unsigned func)
{
    unsigned i;

    for (i = 0; i < QL8400_MCP_FUNCS; i++) {
        if (i != func && func_has_driver(m, i)) {
            return true;
        }
    }
    return false;
}

/*
 * LOAD_REQ. The firmware counts the drivers loaded per path and port, and
 * tells each new driver how much of the chip it must initialise: the first
 * on the chip COMMON_CHIP (common blocks and the common PHY init), the
 * first on a path when the other path runs COMMON, the first on a port
 * PORT, any other FUNCTION. In two-port mode a path has one port, so PORT
 * does not occur, and no function of this board sits on path 1: the first
 * driver always gets COMMON_CHIP. The bookkeeping is per function, not a
 * counter: a function that loads again without having unloaded (its driver
 * died) replaces its old load, it does not add one, so the driver still
 * gets COMMON_CHIP and initialises the chip it finds.
 */
static uint32_t load_req(Ql8400Chip *c, unsigned func)
{
    Ql8400Mcp *m = mcp(c);
    uint32_t reply = others_loaded(m, func) ?
                     FW_MSG_CODE_DRV_LOAD_FUNCTION :
                     FW_MSG_CODE_DRV_LOAD_COMMON_CHIP;

    set_func_state(c, func, QL8400_MCP_FUNC_LOADING);
    return reply;
}

static uint32_t load_done(Ql8400Chip *c, unsigned func)
{
    if (mcp(c)->func_state[func] == QL8400_MCP_FUNC_LOADING) {
        set_func_state(c, func, QL8400_MCP_FUNC_LOADED);
    }
    return FW_MSG_CODE_DRV_LOAD_DONE;
}

/*
 * UNLOAD_REQ (with any WoL choice): the last driver of the chip gets
 * UNLOAD_COMMON and resets the common blocks. That includes the request
 * bnx2x_prev_unload sends at probe, whatever the MCP remembers: after a
 * power cycle nothing is loaded, after a driver reload the old driver has
 * unloaded, and after a reboot without reset (or a crash) the function is
 * still marked loaded — in each case no other function holds the chip, so
 * the answer is UNLOAD_COMMON and probe takes the common clean-up path.
 */
static uint32_t unload_req(Ql8400Chip *c, unsigned func)
{
    Ql8400Mcp *m = mcp(c);
    uint32_t reply = others_loaded(m, func) ?
                     FW_MSG_CODE_DRV_UNLOAD_FUNCTION :
                     FW_MSG_CODE_DRV_UNLOAD_COMMON;

    set_func_state(c, func, QL8400_MCP_FUNC_UNLOADING);
    return reply;
}

static uint32_t unload_done(Ql8400Chip *c, unsigned func)
{
    set_func_state(c, func, QL8400_MCP_FUNC_UNLOADED);
    return FW_MSG_CODE_DRV_UNLOAD_DONE;
}

/*
 * INITIATE_FLR: the firmware would reset the function and finish its
 * pending unload (the driver sends no UNLOAD_DONE after it). The model
 * finishes the unload; resetting the PCI function is the host's business.
 */
static uint32_t initiate_flr(Ql8400Chip *c, unsigned func)
{
    QL8400_LOG_UNIMP("ql8400: MCP: INITIATE_FLR of function %u: the function "
                     "is not reset\n", func);
    set_func_state(c, func, QL8400_MCP_FUNC_UNLOADED);
    return DRV_MSG_CODE_INITIATE_FLR | FW_MSG_CODE_ACK;
}

typedef struct McpCommand {
    uint32_t code;
    const char *name;
    uint32_t reply;             /* for an acknowledgement */
    uint32_t (*handle)(Ql8400Chip *c, unsigned func);
} McpCommand;

/*
 * Every command the 6.1 driver sends. The acknowledgements of events the
 * firmware raises (DCC, OEM, AFEX, DRV_INFO, EEE, SET_MF_BW) come only after
 * such an event, which this firmware never raises; they still get their
 * codes. Optic modules pass the verification: the driver wants exactly
 * VRFY_OPT_MDL_SUCCESS, for either request.
 */
static const McpCommand mcp_commands[] = {
    { DRV_MSG_CODE_LOAD_REQ, "LOAD_REQ", 0, load_req },
    { DRV_MSG_CODE_LOAD_DONE, "LOAD_DONE", 0, load_done },
    { DRV_MSG_CODE_UNLOAD_REQ_WOL_EN, "UNLOAD_REQ_WOL_EN", 0, unload_req },
    { DRV_MSG_CODE_UNLOAD_REQ_WOL_DIS, "UNLOAD_REQ_WOL_DIS", 0, unload_req },
    { DRV_MSG_CODE_UNLOAD_REQ_WOL_MCP, "UNLOAD_REQ_WOL_MCP", 0, unload_req },
    { DRV_MSG_CODE_UNLOAD_DONE, "UNLOAD_DONE", 0, unload_done },
    { DRV_MSG_CODE_INITIATE_FLR, "INITIATE_FLR", 0, initiate_flr },
    { DRV_MSG_CODE_LINK_STATUS_CHANGED, "LINK_STATUS_CHANGED",
      FW_MSG_CODE_LINK_CHANGED_ACK, NULL },
    { DRV_MSG_CODE_VRFY_FIRST_PHY_OPT_MDL, "VRFY_FIRST_PHY_OPT_MDL",
      FW_MSG_CODE_VRFY_OPT_MDL_SUCCESS, NULL },
    { DRV_MSG_CODE_VRFY_SPECIFIC_PHY_OPT_MDL, "VRFY_SPECIFIC_PHY_OPT_MDL",
      FW_MSG_CODE_VRFY_OPT_MDL_SUCCESS, NULL },
    { DRV_MSG_CODE_DCC_OK, "DCC_OK", FW_MSG_CODE_DCC_DONE, NULL },
    { DRV_MSG_CODE_DCC_FAILURE, "DCC_FAILURE", FW_MSG_CODE_DCC_DONE, NULL },
    { DRV_MSG_CODE_OEM_OK, "OEM_OK",
      DRV_MSG_CODE_OEM_OK | FW_MSG_CODE_ACK, NULL },
    { DRV_MSG_CODE_OEM_FAILURE, "OEM_FAILURE",
      DRV_MSG_CODE_OEM_FAILURE | FW_MSG_CODE_ACK, NULL },
    { DRV_MSG_CODE_OEM_UPDATE_SVID_OK, "OEM_UPDATE_SVID_OK",
      DRV_MSG_CODE_OEM_UPDATE_SVID_OK | FW_MSG_CODE_ACK, NULL },
    { DRV_MSG_CODE_OEM_UPDATE_SVID_FAILURE, "OEM_UPDATE_SVID_FAILURE",
      DRV_MSG_CODE_OEM_UPDATE_SVID_FAILURE | FW_MSG_CODE_ACK, NULL },
    { DRV_MSG_CODE_DCBX_ADMIN_PMF_MSG, "DCBX_ADMIN_PMF_MSG",
      DRV_MSG_CODE_DCBX_ADMIN_PMF_MSG | FW_MSG_CODE_ACK, NULL },
    { DRV_MSG_CODE_DCBX_PMF_DRV_OK, "DCBX_PMF_DRV_OK",
      DRV_MSG_CODE_DCBX_PMF_DRV_OK | FW_MSG_CODE_ACK, NULL },
    { DRV_MSG_CODE_VF_DISABLED_DONE, "VF_DISABLED_DONE",
      FW_MSG_CODE_VF_DISABLED_DONE, NULL },
    { DRV_MSG_CODE_AFEX_DRIVER_SETMAC, "AFEX_DRIVER_SETMAC",
      FW_MSG_CODE_AFEX_DRIVER_SETMAC_DONE, NULL },
    { DRV_MSG_CODE_AFEX_LISTGET_ACK, "AFEX_LISTGET_ACK",
      FW_MSG_CODE_AFEX_LISTGET_ACK, NULL },
    { DRV_MSG_CODE_AFEX_LISTSET_ACK, "AFEX_LISTSET_ACK",
      FW_MSG_CODE_AFEX_LISTSET_ACK, NULL },
    { DRV_MSG_CODE_AFEX_STATSGET_ACK, "AFEX_STATSGET_ACK",
      FW_MSG_CODE_AFEX_STATSGET_ACK, NULL },
    { DRV_MSG_CODE_AFEX_VIFSET_ACK, "AFEX_VIFSET_ACK",
      FW_MSG_CODE_AFEX_VIFSET_ACK, NULL },
    { DRV_MSG_CODE_DRV_INFO_ACK, "DRV_INFO_ACK",
      FW_MSG_CODE_DRV_INFO_ACK, NULL },
    { DRV_MSG_CODE_DRV_INFO_NACK, "DRV_INFO_NACK",
      FW_MSG_CODE_DRV_INFO_NACK, NULL },
    { DRV_MSG_CODE_EEE_RESULTS_ACK, "EEE_RESULTS_ACK",
      FW_MSG_CODE_EEE_RESULS_ACK, NULL },
    { DRV_MSG_CODE_RMMOD, "RMMOD", FW_MSG_CODE_RMMOD_ACK, NULL },
    { DRV_MSG_CODE_SET_MF_BW, "SET_MF_BW", FW_MSG_CODE_SET_MF_BW_SENT, NULL },
    { DRV_MSG_CODE_SET_MF_BW_ACK, "SET_MF_BW_ACK",
      FW_MSG_CODE_SET_MF_BW_DONE, NULL },
    /* no diagnostic mode here */
    { DRV_MSG_CODE_DIAG_ENTER_REQ, "DIAG_ENTER_REQ",
      FW_MSG_CODE_DIAG_REFUSE, NULL },
    { DRV_MSG_CODE_DIAG_EXIT_REQ, "DIAG_EXIT_REQ",
      FW_MSG_CODE_DIAG_EXIT_DONE, NULL },
};

static uint32_t mcp_command(Ql8400Chip *c, unsigned func, uint32_t header,
                            uint32_t param)
{
    uint32_t code = header & DRV_MSG_CODE_MASK;
    size_t i;

    for (i = 0; i < QL8400_ARRAY_LEN(mcp_commands); i++) {
        const McpCommand *cmd = &mcp_commands[i];

        if (cmd->code == code) {
            trace_ql8400_fw_mcp_command(func, cmd->name, header, param);
            return cmd->handle ? cmd->handle(c, func) : cmd->reply;
        }
    }
    trace_ql8400_fw_mcp_command(func, "unknown", header, param);
    QL8400_LOG_UNIMP("ql8400: MCP: unknown mailbox command 0x%08x (param "
                     "0x%08x), acknowledged\n", code, param);
    return code | FW_MSG_CODE_ACK;
}

/*
 * A new sequence number in drv_mb_header is a command; the firmware
 * answers it in fw_mb_header with the same sequence number. A header that
 * repeats the sequence already answered is no new command.
 */
static void mailbox_header_write(Ql8400Chip *c, unsigned func,
                                 uint32_t header)
{
    uint32_t seq = header & DRV_MSG_SEQ_NUMBER_MASK;
    uint32_t fw = ql8400_mcp_scratch_read(c, func_mb(func,
                                          DRV_FUNC_MB_FW_MB_HEADER));
    uint32_t param, reply;

    if ((fw & DRV_MSG_SEQ_NUMBER_MASK) == seq) {
        trace_ql8400_fw_mcp_stale_command(func, header);
        return;
    }
    param = ql8400_mcp_scratch_read(c, func_mb(func,
                                    DRV_FUNC_MB_DRV_MB_PARAM));
    reply = mcp_command(c, func, header, param) & DRV_MSG_CODE_MASK;
    trace_ql8400_fw_mcp_reply(func, reply | seq);
    ql8400_mcp_scratch_write(c, func_mb(func, DRV_FUNC_MB_FW_MB_HEADER),
                             reply | seq);
}

/* The driver's keep-alive: the firmware answers with the same number. */
static void mailbox_pulse_write(Ql8400Chip *c, unsigned func, uint32_t pulse)
{
    uint32_t addr = func_mb(func, DRV_FUNC_MB_MCP_PULSE_MB);
    uint32_t val = (ql8400_mcp_scratch_read(c, addr) & ~MCP_PULSE_SEQ_MASK) |
                   (pulse & DRV_PULSE_SEQ_MASK);

    trace_ql8400_fw_mcp_pulse(func, pulse, val);
    ql8400_mcp_scratch_write(c, addr, val);
}

static void scratch_hook_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    uint32_t first = func_mb(0, 0);
    unsigned func;

    ql8400_mcp_scratch_write(c, addr, val);
    if (addr < first || addr >= func_mb(QL8400_MCP_FUNCS, 0)) {
        return;
    }
    func = (addr - first) / DRV_FUNC_MB_SIZE;
    switch ((addr - first) % DRV_FUNC_MB_SIZE) {
    case DRV_FUNC_MB_DRV_MB_HEADER:
        mailbox_header_write(c, func, val);
        break;
    case DRV_FUNC_MB_DRV_PULSE_MB:
        mailbox_pulse_write(c, func, val);
        break;
    }
}

/* ---- hardware locks (MISC_REG_DRIVER_CONTROL_x) ---- */

/*
 * Each function has a lock register: reading it shows the resources it
 * holds, writing bits to it (+0) releases them, writing bits to +4 asks
 * for them, granted for each resource no other function holds.
 */
static unsigned lock_client(uint32_t addr, uint32_t *offset)
{
    uint32_t base = addr >= MISC_REG_DRIVER_CONTROL_1 ?
                    MISC_REG_DRIVER_CONTROL_1 : MISC_REG_DRIVER_CONTROL_7;
    unsigned first = base == MISC_REG_DRIVER_CONTROL_1 ? 0 : 6;

    *offset = (addr - base) % MISC_DRIVER_CONTROL_STRIDE;
    return first + (addr - base) / MISC_DRIVER_CONTROL_STRIDE;
}

static uint32_t hw_lock_read(Ql8400Chip *c, uint32_t addr)
{
    uint32_t offset;

    return mcp(c)->hw_lock[lock_client(addr, &offset)];
}

static void hw_lock_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    Ql8400Mcp *m = mcp(c);
    uint32_t offset, others = 0;
    unsigned client = lock_client(addr, &offset), i;

    if (offset == MISC_DRIVER_CONTROL_SET) {
        for (i = 0; i < QL8400_MCP_LOCK_CLIENTS; i++) {
            others |= i == client ? 0 : m->hw_lock[i];
        }
        m->hw_lock[client] |= val & ~others;
        trace_ql8400_fw_mcp_hw_lock(client, "set", val, m->hw_lock[client]);
    } else {
        m->hw_lock[client] &= ~val;
        trace_ql8400_fw_mcp_hw_lock(client, "clear", val, m->hw_lock[client]);
    }
}

/* ---- MCP access lock, recovery register, CPU ---- */

/* The driver is the only other party: its lock request always sticks. */
static uint32_t access_lock_read(Ql8400Chip *c, uint32_t addr)
{
    return mcp(c)->access_lock;
}

static void access_lock_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    mcp(c)->access_lock = val & MCPR_ACCESS_LOCK_LOCK;
    trace_ql8400_fw_mcp_access_lock(val, mcp(c)->access_lock);
}

/*
 * MISC_REG_GENERIC_POR_1: plain storage the driver keeps its load and
 * recovery state in (per-path load bitmaps, reset-in-progress bits). A
 * power-on-reset register: a function reset leaves it alone.
 */
static uint32_t generic_por1_read(Ql8400Chip *c, uint32_t addr)
{
    return mcp(c)->generic_por1;
}

static void generic_por1_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    trace_ql8400_fw_mcp_generic_por(mcp(c)->generic_por1, val);
    mcp(c)->generic_por1 = val;
}

/* A running CPU: two reads never see the same program counter. */
static uint32_t cpu_pc_read(Ql8400Chip *c, uint32_t addr)
{
    Ql8400Mcp *m = mcp(c);
    uint32_t pc = m->cpu_pc;

    m->cpu_pc = MCP_PC_START + (pc - MCP_PC_START + 0x14) % MCP_PC_SPAN;
    return pc;
}

static void cpu_pc_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    QL8400_LOG_GUEST_ERROR("ql8400: write 0x%x to the MCP program counter "
                           "ignored\n", val);
}

/* ---- registration and reset ---- */

static const Ql8400GrcReg mcp_regs[] = {
    { MISC_REG_SHARED_MEM_ADDR, QL8400_GRC_RO, QL8400_SHMEM_BASE,
      "MISC_REG_SHARED_MEM_ADDR" },
    { MISC_REG_GENERIC_CR_0, QL8400_GRC_RO, QL8400_SHMEM2_BASE,
      "MISC_REG_GENERIC_CR_0" },
    /* no function on path 1: no shmem2 for it */
    { MISC_REG_GENERIC_CR_1, QL8400_GRC_RO, 0, "MISC_REG_GENERIC_CR_1" },
};

static const Ql8400GrcHook mcp_hooks[] = {
    { MCP_REG_MCPR_SCRATCH, MCPR_SCRATCH_SIZE, "MCP_REG_MCPR_SCRATCH",
      NULL, scratch_hook_write },
    { MISC_REG_DRIVER_CONTROL_1, 6 * MISC_DRIVER_CONTROL_STRIDE,
      "MISC_REG_DRIVER_CONTROL_1", hw_lock_read, hw_lock_write },
    { MISC_REG_DRIVER_CONTROL_7, 2 * MISC_DRIVER_CONTROL_STRIDE,
      "MISC_REG_DRIVER_CONTROL_7", hw_lock_read, hw_lock_write },
    { MISC_REG_GENERIC_POR_1, 4, "MISC_REG_GENERIC_POR_1",
      generic_por1_read, generic_por1_write },
    { MCP_REG_MCPR_ACCESS_LOCK, 4, "MCP_REG_MCPR_ACCESS_LOCK",
      access_lock_read, access_lock_write },
    { MCP_REG_MCPR_CPU_PROGRAM_COUNTER, 4, "MCP_REG_MCPR_CPU_PROGRAM_COUNTER",
      cpu_pc_read, cpu_pc_write },
};

void ql8400_mcp_init(Ql8400Chip *c)
{
    ql8400_grc_add_regs(c, mcp_regs, QL8400_ARRAY_LEN(mcp_regs));
    ql8400_grc_add_hooks(c, mcp_hooks, QL8400_ARRAY_LEN(mcp_hooks));
    ql8400_nvram_init(c);
}

/*
 * The MCP's CPU boots: the firmware rebuilds its scratchpad from NVRAM and
 * forgets every load. The locks, the recovery register and the NVM
 * interface are hardware around the CPU: they keep their state.
 */
void ql8400_mcp_restart(Ql8400Chip *c)
{
    Ql8400Mcp *m = mcp(c);
    uint32_t i;

    for (i = 0; i < QL8400_MCP_SCRATCH_DWORDS; i++) {
        ql8400_mcp_scratch_write(c, MCP_REG_MCPR_SCRATCH + i * 4, 0);
    }
    memset(m->func_state, QL8400_MCP_FUNC_UNLOADED, sizeof(m->func_state));
    m->cpu_pc = MCP_PC_START;
    ql8400_mcp_shmem_boot(c);
}

void ql8400_mcp_reset(Ql8400Chip *c, int kind)
{
    Ql8400Mcp *m = mcp(c);

    trace_ql8400_fw_mcp_reset(kind == QL8400_RESET_FUNCTION ?
                              "function" : "power-on",
                              func_state_name[m->func_state[0]]);
    ql8400_nvram_reset(c, kind);
    if (kind == QL8400_RESET_FUNCTION) {
        return;                 /* the MCP is not the function's */
    }
    memset(m->hw_lock, 0, sizeof(m->hw_lock));
    m->access_lock = 0;
    m->generic_por1 = 0;
    ql8400_mcp_restart(c);
}
