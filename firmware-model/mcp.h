/*
 * ql8400 firmware model: the management CPU (MCP) and its firmware —
 * shared memory, the driver mailbox, hardware locks and NVRAM.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_MCP_H
#define QL8400_FW_MCP_H

#include "host.h"
#include "nvram.h"

/* The MCP scratchpad: GRC 0xa0000, 128 KiB; shmem and shmem2 live in it. */
#define QL8400_MCP_SCRATCH_DWORDS   (0x20000u / 4)

/* PCI functions with a mailbox on this board: PF0 only (func_mb[0]). */
#define QL8400_MCP_FUNCS            1

/* The hardware lock clients: the eight functions of a two-path chip. */
#define QL8400_MCP_LOCK_CLIENTS     8

/* Where the MCP stands with a function's driver. */
typedef enum Ql8400McpFuncState {
    QL8400_MCP_FUNC_UNLOADED,   /* no driver, or it finished unloading */
    QL8400_MCP_FUNC_LOADING,    /* LOAD_REQ answered, LOAD_DONE pending */
    QL8400_MCP_FUNC_LOADED,     /* LOAD_DONE received */
    QL8400_MCP_FUNC_UNLOADING,  /* UNLOAD_REQ answered, UNLOAD_DONE pending */
} Ql8400McpFuncState;

typedef struct Ql8400Mcp {
    /* The firmware's load bookkeeping: survives a function reset. */
    uint8_t func_state[QL8400_MCP_FUNCS];     /* Ql8400McpFuncState */

    /* MISC and MCP registers that only a power cycle clears. */
    uint32_t hw_lock[QL8400_MCP_LOCK_CLIENTS]; /* DRIVER_CONTROL_x held */
    uint32_t access_lock;       /* MCPR_ACCESS_LOCK */
    uint32_t generic_por1;      /* MISC_REG_GENERIC_POR_1 */
    uint32_t cpu_pc;            /* what MCPR_CPU_PROGRAM_COUNTER shows */

    Ql8400Nvram nvram;
} Ql8400Mcp;

struct Ql8400Chip;

void ql8400_mcp_init(struct Ql8400Chip *c);
void ql8400_mcp_reset(struct Ql8400Chip *c, int kind);

/*
 * The MCP's CPU alone was reset (MISC_REG_RESET_REG_2's MCP bits, as the
 * driver's recovery does in a global chip reset): its firmware boots again.
 */
void ql8400_mcp_restart(struct Ql8400Chip *c);

/* The scratchpad as the firmware itself writes and reads it (mcp.c). */
void ql8400_mcp_scratch_write(struct Ql8400Chip *c, uint32_t addr,
                              uint32_t val);
uint32_t ql8400_mcp_scratch_read(struct Ql8400Chip *c, uint32_t addr);

/* What the bootcode puts in the scratchpad at power-on (mcp-shmem.c). */
void ql8400_mcp_shmem_boot(struct Ql8400Chip *c);

#endif
