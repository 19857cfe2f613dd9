/*
 * ql8400 firmware model: the GRC register map.
 *
 * Every GRC dword is either unknown (reads 0, reported once), storage
 * (reads back what was written), read-only (writes dropped) or hooked: its
 * reads and writes go to the block that owns it. Each block registers its
 * registers, storage ranges and hooks at chip init.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_GRC_H
#define QL8400_FW_GRC_H

#include "chip.h"

typedef enum Ql8400GrcAttr {
    QL8400_GRC_UNKNOWN = 0,
    QL8400_GRC_RW,              /* plain storage */
    QL8400_GRC_RO,              /* constant after reset */
    QL8400_GRC_HOOK_FIRST,      /* hooks[attr - QL8400_GRC_HOOK_FIRST] */
} Ql8400GrcAttr;

#define QL8400_GRC_MAX_HOOKS    (256 - QL8400_GRC_HOOK_FIRST)
#define QL8400_GRC_MAX_TABLES   32

/* A register with its power-on value. */
typedef struct Ql8400GrcReg {
    uint32_t addr;
    Ql8400GrcAttr attr;         /* QL8400_GRC_RW or QL8400_GRC_RO */
    uint32_t reset;
    const char *name;
} Ql8400GrcReg;

/* A block of storage: internal memories, scratchpads, tables. Resets to 0. */
typedef struct Ql8400GrcRange {
    uint32_t start;
    uint32_t size;              /* bytes, a multiple of 4 */
    Ql8400GrcAttr attr;
    const char *name;
} Ql8400GrcRange;

/*
 * Registers with side effects. read: NULL returns the stored dword.
 * write: gets the whole new dword (a byte or word write is merged with the
 * stored value first); NULL stores it. A hook stores with ql8400_grc_poke.
 */
typedef struct Ql8400GrcHook {
    uint32_t start;
    uint32_t size;              /* bytes, a multiple of 4 */
    const char *name;
    uint32_t (*read)(Ql8400Chip *c, uint32_t addr);
    void (*write)(Ql8400Chip *c, uint32_t addr, uint32_t val);
} Ql8400GrcHook;

void ql8400_grc_map_init(Ql8400Chip *c);
void ql8400_grc_map_destroy(Ql8400Chip *c);
/* Zero all storage, then put every registered register's reset value. */
void ql8400_grc_map_reset(Ql8400Chip *c);

/* Registration; the tables must outlive the chip (static const). */
void ql8400_grc_add_regs(Ql8400Chip *c, const Ql8400GrcReg *regs, size_t n);
void ql8400_grc_add_ranges(Ql8400Chip *c, const Ql8400GrcRange *ranges,
                           size_t n);
void ql8400_grc_add_hooks(Ql8400Chip *c, const Ql8400GrcHook *hooks,
                          size_t n);

Ql8400GrcAttr ql8400_grc_attr(const Ql8400Chip *c, uint32_t addr);
const Ql8400GrcHook *ql8400_grc_hook(const Ql8400Chip *c, uint32_t addr);

/* The stored dword, bypassing hooks: for the blocks' own bookkeeping. */
static inline uint32_t ql8400_grc_peek(const Ql8400Chip *c, uint32_t addr)
{
    return c->grc[(addr % QL8400_GRC_BYTES) / 4];
}

/*
 * Fields of the firmware's internal RAM as the firmware reads them: bytes,
 * words and regpairs (lo, hi) at any address the layout puts them.
 */
static inline uint8_t ql8400_grc_peek8(const Ql8400Chip *c, uint32_t addr)
{
    return ql8400_grc_peek(c, addr & ~3u) >> ((addr & 3) * 8);
}

static inline uint16_t ql8400_grc_peek16(const Ql8400Chip *c, uint32_t addr)
{
    return ql8400_grc_peek(c, addr & ~3u) >> ((addr & 2) * 8);
}

static inline uint64_t ql8400_grc_peek64(const Ql8400Chip *c, uint32_t addr)
{
    return ql8400_grc_peek(c, addr) |
           (uint64_t)ql8400_grc_peek(c, addr + 4) << 32;
}

static inline void ql8400_grc_poke(Ql8400Chip *c, uint32_t addr, uint32_t v)
{
    c->grc[(addr % QL8400_GRC_BYTES) / 4] = v;
}

/* Name of the register or block at addr, for traces and logs. */
const char *ql8400_grc_name(const Ql8400Chip *c, uint32_t addr);

#define QL8400_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
