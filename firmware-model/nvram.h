/*
 * ql8400 firmware model: the board's NVRAM (a serial flash behind the MCP's
 * NVM interface) and the registers the driver reaches it through.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_NVRAM_H
#define QL8400_FW_NVRAM_H

#include "host.h"

/* 1 MiB (8 Mbit) of flash: MCPR_NVM_CFG4 reads 3, 128 KiB << 3. */
#define QL8400_NVRAM_SIZE       0x100000u
#define QL8400_NVRAM_CFG4       3u

typedef struct Ql8400Nvram {
    /*
     * The flash itself. It is programmed at the factory (when the chip is
     * created) and keeps what the driver writes for the device's lifetime:
     * neither a function reset nor a power cycle erases it.
     */
    uint8_t flash[QL8400_NVRAM_SIZE];

    /* The NVM interface, part of the MCP: it survives a function reset. */
    uint32_t command;           /* WR/FIRST/LAST of the last command, DONE */
    uint32_t addr;
    uint32_t write_data;
    uint32_t read_data;
    uint32_t access_enable;
    uint8_t arb_req;            /* SW_ARB: pending requests, per client */
    uint8_t arb_grant;          /* SW_ARB: the client that owns the flash */
} Ql8400Nvram;

struct Ql8400Chip;
struct Ql8400Config;

void ql8400_nvram_init(struct Ql8400Chip *c);
void ql8400_nvram_reset(struct Ql8400Chip *c, int kind);

/* The factory image: layout, board configuration and CRCs. */
void ql8400_nvram_format(Ql8400Nvram *n, const struct Ql8400Config *cfg);

/* A flash dword as the NVM interface returns it (big-endian bytes). */
uint32_t ql8400_nvram_get32(const Ql8400Nvram *n, uint32_t offset);

#endif
