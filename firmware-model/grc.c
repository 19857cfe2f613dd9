/*
 * ql8400 firmware model: the GRC register map.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "grc.h"

#define GRC_DWORDS (QL8400_GRC_BYTES / 4)

static void set_attr(Ql8400Chip *c, uint32_t start, uint32_t size,
                     unsigned attr)
{
    if (start >= QL8400_GRC_BYTES || size > QL8400_GRC_BYTES - start) {
        abort();                /* a block table is wrong: a model bug */
    }
    memset(c->grc_attr + start / 4, attr, size / 4);
}

void ql8400_grc_map_init(Ql8400Chip *c)
{
    c->grc = calloc(GRC_DWORDS, sizeof(uint32_t));
    c->grc_attr = calloc(GRC_DWORDS, 1);
    c->unknown_reported = calloc(GRC_DWORDS / 8, 1);
    if (!c->grc || !c->grc_attr || !c->unknown_reported) {
        abort();                /* out of host memory at realize */
    }
    c->grc_nhooks = 0;
    c->grc_nreg_tables = 0;
    c->grc_nrange_tables = 0;
}

void ql8400_grc_map_destroy(Ql8400Chip *c)
{
    free(c->grc);
    free(c->grc_attr);
    free(c->unknown_reported);
    c->grc = NULL;
    c->grc_attr = NULL;
    c->unknown_reported = NULL;
}

void ql8400_grc_add_regs(Ql8400Chip *c, const Ql8400GrcReg *regs, size_t n)
{
    size_t i;

    if (c->grc_nreg_tables == QL8400_GRC_MAX_TABLES) {
        abort();
    }
    c->grc_reg_tables[c->grc_nreg_tables].regs = regs;
    c->grc_reg_tables[c->grc_nreg_tables++].n = n;
    for (i = 0; i < n; i++) {
        set_attr(c, regs[i].addr, 4, regs[i].attr);
    }
}

void ql8400_grc_add_ranges(Ql8400Chip *c, const Ql8400GrcRange *ranges,
                           size_t n)
{
    size_t i;

    if (c->grc_nrange_tables == QL8400_GRC_MAX_TABLES) {
        abort();
    }
    c->grc_range_tables[c->grc_nrange_tables].ranges = ranges;
    c->grc_range_tables[c->grc_nrange_tables++].n = n;
    for (i = 0; i < n; i++) {
        set_attr(c, ranges[i].start, ranges[i].size, ranges[i].attr);
    }
}

void ql8400_grc_add_hooks(Ql8400Chip *c, const Ql8400GrcHook *hooks,
                          size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (c->grc_nhooks == QL8400_GRC_MAX_HOOKS) {
            abort();
        }
        c->grc_hooks[c->grc_nhooks] = &hooks[i];
        set_attr(c, hooks[i].start, hooks[i].size,
                 QL8400_GRC_HOOK_FIRST + c->grc_nhooks);
        c->grc_nhooks++;
    }
}

void ql8400_grc_map_reset(Ql8400Chip *c)
{
    unsigned t;
    size_t i;

    memset(c->grc, 0, GRC_DWORDS * sizeof(uint32_t));
    for (t = 0; t < c->grc_nreg_tables; t++) {
        for (i = 0; i < c->grc_reg_tables[t].n; i++) {
            const Ql8400GrcReg *r = &c->grc_reg_tables[t].regs[i];

            c->grc[r->addr / 4] = r->reset;
        }
    }
}

Ql8400GrcAttr ql8400_grc_attr(const Ql8400Chip *c, uint32_t addr)
{
    if (addr >= QL8400_GRC_BYTES) {
        return QL8400_GRC_UNKNOWN;
    }
    return c->grc_attr[addr / 4];
}

const Ql8400GrcHook *ql8400_grc_hook(const Ql8400Chip *c, uint32_t addr)
{
    unsigned attr = ql8400_grc_attr(c, addr);

    return attr >= QL8400_GRC_HOOK_FIRST ?
           c->grc_hooks[attr - QL8400_GRC_HOOK_FIRST] : NULL;
}

const char *ql8400_grc_name(const Ql8400Chip *c, uint32_t addr)
{
    const Ql8400GrcHook *hook = ql8400_grc_hook(c, addr);
    unsigned t;
    size_t i;

    if (hook) {
        return hook->name;
    }
    addr &= ~3u;
    for (t = 0; t < c->grc_nreg_tables; t++) {
        for (i = 0; i < c->grc_reg_tables[t].n; i++) {
            if (c->grc_reg_tables[t].regs[i].addr == addr) {
                return c->grc_reg_tables[t].regs[i].name;
            }
        }
    }
    for (t = 0; t < c->grc_nrange_tables; t++) {
        for (i = 0; i < c->grc_range_tables[t].n; i++) {
            const Ql8400GrcRange *r = &c->grc_range_tables[t].ranges[i];

            if (addr - r->start < r->size) {
                return r->name;
            }
        }
    }
    return "unknown";
}
