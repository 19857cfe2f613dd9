/*
 * ql8400 firmware model: the DMAE engine.
 *
 * Sixteen channels, each a 14-dword command in DMAE_REG_CMD_MEM and a GO
 * register. Writing 1 to a GO register runs the channel's command at once:
 * a copy between host memory (PCI, 64-bit byte addresses) and GRC (dword
 * addresses), then the completion, comp_val written to host memory or to a
 * GRC register. A GRC completion written to a GO register runs that
 * channel in turn, which is how the statistics loader chains commands;
 * such chains run from a queue, one command after the other, with a cap.
 *
 * Data path: a PCI dword is a little-endian dword of host memory. ENDIANITY
 * DW_SWAP (what the driver uses on little-endian hosts) moves dwords
 * unchanged, B_DW_SWAP (big-endian hosts) swaps the bytes of each dword.
 * The two native-order modes read and write host memory as 64-bit words,
 * the dwords of each pair swapped (NO_SWAP), and byte-reversed as a whole
 * (B_SWAP).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "grc.h"
#include "fw-trace.h"

/* Dwords moved per step: host memory is read and written 4 KiB at a time. */
#define CHUNK_DWORDS    1024u
#define HOST_PAGE       0x1000u

/* GO register offsets (from DMAE_REG_GO_FIRST, in dwords) to channels. */
static const uint8_t go_channel[QL8400_DMAE_CHANNELS] = {
    0, 1, 10, 11, 12, 13, 14, 15, 2, 3, 4, 5, 6, 7, 8, 9,
};

uint32_t ql8400_dmae_go_reg(unsigned ch)
{
    unsigned i;

    for (i = 0; i < QL8400_DMAE_CHANNELS; i++) {
        if (go_channel[i] == ch) {
            return DMAE_REG_GO_FIRST + i * 4;
        }
    }
    return 0;
}

static const char *const src_names[] = { "PCI", "GRC" };
static const char *const dst_names[] = { "none", "PCI", "GRC", "invalid" };

static inline uint32_t bswap32(uint32_t v)
{
    return __builtin_bswap32(v);
}

/* Host memory holds little-endian dwords. */
static inline uint32_t ld_le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void st_le32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

/* What one command is doing, for the helpers. */
typedef struct DmaeXfer {
    Ql8400Chip *c;
    unsigned ch;
    bool error;
} DmaeXfer;

static void xfer_fault(DmaeXfer *x, const char *what, uint64_t addr)
{
    trace_ql8400_fw_dmae_fault(x->ch, what, addr);
    QL8400_LOG_GUEST_ERROR("ql8400: DMAE channel %u: %s fault at 0x%" PRIx64
                           "\n", x->ch, what, addr);
    x->error = true;
}

/*
 * Host memory access split at page boundaries. A read stops at the first
 * fault and returns how many bytes arrived before it. DMAE is the driver's
 * own engine: its copies pass even while the function's master enable is
 * off (pglue.c says why).
 */
static size_t pci_read(DmaeXfer *x, uint64_t addr, void *buf, size_t len)
{
    uint8_t *p = buf;

    while (len) {
        size_t n = HOST_PAGE - (addr & (HOST_PAGE - 1));

        n = n < len ? n : len;
        if (x->c->host->dma_read(x->c->host_opaque, addr, p, n) !=
            QL8400_DMA_OK) {
            xfer_fault(x, "PCI read", addr);
            break;
        }
        addr += n;
        p += n;
        len -= n;
    }
    return p - (uint8_t *)buf;
}

static bool pci_write(DmaeXfer *x, uint64_t addr, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    while (len) {
        size_t n = HOST_PAGE - (addr & (HOST_PAGE - 1));

        n = n < len ? n : len;
        if (x->c->host->dma_write(x->c->host_opaque, addr, p, n) !=
            QL8400_DMA_OK) {
            xfer_fault(x, "PCI write", addr);
            return false;
        }
        addr += n;
        p += n;
        len -= n;
    }
    return true;
}

/* A GRC range of len dwords from dword address dw, inside the window? */
static bool grc_range_ok(DmaeXfer *x, const char *what, uint64_t dw,
                         uint32_t len)
{
    if (dw + len > QL8400_GRC_BYTES / 4) {
        xfer_fault(x, what, dw * 4);
        return false;
    }
    return true;
}

/*
 * GRC reads and writes with their side effects; plain storage is read and
 * written directly, which is what makes the big PRAM loads cheap.
 */
static void grc_read_dwords(Ql8400Chip *c, uint32_t addr, uint32_t *buf,
                            unsigned n)
{
    unsigned i;

    for (i = 0; i < n; i++, addr += 4) {
        Ql8400GrcAttr attr = ql8400_grc_attr(c, addr);

        if (attr == QL8400_GRC_RW || attr == QL8400_GRC_RO) {
            buf[i] = c->grc[addr / 4];
        } else {
            buf[i] = ql8400_grc_read(c, addr, 4);
        }
    }
}

static void grc_write_dwords(Ql8400Chip *c, uint32_t addr,
                             const uint32_t *buf, unsigned n)
{
    unsigned i;

    for (i = 0; i < n; i++, addr += 4) {
        if (ql8400_grc_attr(c, addr) == QL8400_GRC_RW) {
            c->grc[addr / 4] = buf[i];
        } else {
            ql8400_grc_write(c, addr, buf[i], 4);
        }
    }
}

/*
 * ENDIANITY, applied to n dwords starting at an even dword of the transfer
 * (the same in both directions: every mode is its own inverse).
 */
static void swap_dwords(uint32_t *buf, unsigned n, unsigned endianity)
{
    unsigned i;

    if (!(endianity & 2)) {
        for (i = 0; i + 1 < n; i += 2) {
            uint32_t t = buf[i];

            buf[i] = buf[i + 1];
            buf[i + 1] = t;
        }
    }
    if (endianity & 1) {
        for (i = 0; i < n; i++) {
            buf[i] = bswap32(buf[i]);
        }
    }
}

/* Move len dwords; addresses as in the command. false on a fault. */
static bool dmae_copy(DmaeXfer *x, unsigned src_type, uint64_t src,
                      unsigned dst_type, uint64_t dst, uint32_t len,
                      unsigned endianity)
{
    uint32_t buf[CHUNK_DWORDS];
    uint8_t raw[CHUNK_DWORDS * 4];
    uint32_t done = 0;
    unsigned i;

    if ((src_type == DMAE_SRC_GRC && !grc_range_ok(x, "GRC source", src, len))
        || (dst_type == DMAE_DST_GRC &&
            !grc_range_ok(x, "GRC destination", dst, len))) {
        return false;
    }
    while (done < len) {
        unsigned n = len - done < CHUNK_DWORDS ? len - done : CHUNK_DWORDS;

        if (src_type == DMAE_SRC_PCI) {
            /* on a fault, what was read before it still goes out */
            n = pci_read(x, src + done * 4ull, raw, n * 4) / 4;
            for (i = 0; i < n; i++) {
                buf[i] = ld_le32(raw + i * 4);
            }
        } else {
            grc_read_dwords(x->c, (uint32_t)(src + done) * 4, buf, n);
        }
        swap_dwords(buf, n, endianity);
        if (dst_type == DMAE_DST_PCI) {
            for (i = 0; i < n; i++) {
                st_le32(raw + i * 4, buf[i]);
            }
            if (!pci_write(x, dst + done * 4ull, raw, n * 4)) {
                return false;
            }
        } else {
            grc_write_dwords(x->c, (uint32_t)(dst + done) * 4, buf, n);
        }
        if (x->error) {
            return false;
        }
        done += n;
    }
    return true;
}

static void dmae_complete(DmaeXfer *x, uint32_t opcode, const uint32_t *cmd,
                          unsigned endianity)
{
    Ql8400Chip *c = x->c;
    uint32_t val = cmd[DMAE_CMD_COMP_VAL];
    unsigned policy = (opcode & DMAE_COMMAND_ERR_POLICY_MASK) >>
                      DMAE_COMMAND_ERR_POLICY_SHIFT;
    uint64_t addr;

    /* backward-compatible (E1.5) mode has no error handling */
    if (x->error && policy == DMAE_ERR_POLICY_SET_ERR &&
        !(ql8400_grc_peek(c, DMAE_REG_BACKWARD_COMP_EN) & 1)) {
        val |= DMAE_PCI_ERR_FLAG;
    }
    if (opcode & DMAE_COMMAND_C_DST) {
        addr = (uint64_t)cmd[DMAE_CMD_COMP_ADDR_LO] * 4;
        trace_ql8400_fw_dmae_comp(x->ch, "GRC", addr, val);
        if (addr >= QL8400_GRC_BYTES) {
            xfer_fault(x, "GRC completion", addr);
            return;
        }
        /* through the map: a GO register here runs its channel */
        ql8400_grc_write(c, (uint32_t)addr, val, 4);
    } else {
        uint8_t le[4];

        addr = ((uint64_t)cmd[DMAE_CMD_COMP_ADDR_HI] << 32) |
               cmd[DMAE_CMD_COMP_ADDR_LO];
        trace_ql8400_fw_dmae_comp(x->ch, "PCI", addr, val);
        /* a single dword: only the byte swap of ENDIANITY applies */
        if (endianity & 1) {
            val = bswap32(val);
        }
        st_le32(le, val);
        pci_write(x, addr, le, 4);
    }
}

static void dmae_execute(Ql8400Chip *c, unsigned ch)
{
    Ql8400Dmae *d = &c->dmae;
    Ql8400DmaeChannel *chan = &d->ch[ch];
    DmaeXfer x = { .c = c, .ch = ch };
    uint32_t cmd[QL8400_DMAE_CMD_DWORDS];
    uint32_t opcode, len;
    unsigned src_type, dst_type, endianity, i;
    uint64_t src, dst;

    for (i = 0; i < QL8400_DMAE_CMD_DWORDS; i++) {
        cmd[i] = ql8400_grc_peek(c, DMAE_REG_CMD_MEM +
                                 ch * QL8400_DMAE_CMD_BYTES + i * 4);
    }
    opcode = cmd[DMAE_CMD_OPCODE];
    src_type = opcode & DMAE_COMMAND_SRC;
    dst_type = (opcode & DMAE_COMMAND_DST_MASK) >> DMAE_COMMAND_DST_SHIFT;
    endianity = (opcode & DMAE_COMMAND_ENDIANITY_MASK) >>
                DMAE_COMMAND_ENDIANITY_SHIFT;
    len = cmd[DMAE_CMD_LEN] & 0xffff;
    /* GRC addresses are dword addresses, the high dword unused */
    src = src_type == DMAE_SRC_PCI ?
          ((uint64_t)cmd[DMAE_CMD_SRC_ADDR_HI] << 32 |
           cmd[DMAE_CMD_SRC_ADDR_LO]) : cmd[DMAE_CMD_SRC_ADDR_LO];
    dst = dst_type == DMAE_DST_PCI ?
          ((uint64_t)cmd[DMAE_CMD_DST_ADDR_HI] << 32 |
           cmd[DMAE_CMD_DST_ADDR_LO]) : cmd[DMAE_CMD_DST_ADDR_LO];
    if (!(opcode & DMAE_COMMAND_SRC_RESET) && chan->src_cont) {
        src = chan->src_next;
    }
    if (!(opcode & DMAE_COMMAND_DST_RESET) && chan->dst_cont) {
        dst = chan->dst_next;
    }

    d->commands++;
    chan->runs++;
    trace_ql8400_fw_dmae_cmd(ch, opcode, src_names[src_type], src,
                             dst_names[dst_type], dst, len);
    if (opcode & DMAE_COMMAND_C_TYPE_CRC_ENABLE) {
        QL8400_LOG_UNIMP("ql8400: DMAE channel %u: CRC completion not "
                         "implemented\n", ch);
    }
    if (dst_type > DMAE_DST_GRC) {
        QL8400_LOG_GUEST_ERROR("ql8400: DMAE channel %u: invalid destination"
                               " type in opcode 0x%08x\n", ch, opcode);
        trace_ql8400_fw_dmae_fault(ch, "opcode", opcode);
        x.error = true;
    } else if (dst_type != DMAE_DST_NONE && len) {
        dmae_copy(&x, src_type, src, dst_type, dst, len, endianity);
    }

    /* a PCI address advances in bytes, a GRC address in dwords */
    chan->src_cont = !(opcode & DMAE_COMMAND_SRC_RESET);
    chan->src_next = src + (src_type == DMAE_SRC_PCI ? len * 4ull : len);
    chan->dst_cont = !(opcode & DMAE_COMMAND_DST_RESET);
    chan->dst_next = dst + (dst_type == DMAE_DST_PCI ? len * 4ull : len);

    if (x.error) {
        d->errors++;
    }
    if (opcode & DMAE_COMMAND_C_TYPE_ENABLE) {
        dmae_complete(&x, opcode, cmd, endianity);
    }
}

/* GO: queue the channel; the outermost GO write runs the queue. */
static void dmae_go(Ql8400Chip *c, unsigned ch)
{
    Ql8400Dmae *d = &c->dmae;
    unsigned runs = 0;

    trace_ql8400_fw_dmae_go(ch);
    if (d->pending & (1u << ch)) {
        return;                 /* already set: GO is a single bit */
    }
    d->pending |= 1u << ch;
    d->queue[(d->qhead + d->qlen++) % QL8400_DMAE_CHANNELS] = ch;
    if (d->running) {
        return;
    }
    d->running = true;
    while (d->qlen) {
        ch = d->queue[d->qhead];
        d->qhead = (d->qhead + 1) % QL8400_DMAE_CHANNELS;
        d->qlen--;
        d->pending &= ~(1u << ch);
        if (++runs > QL8400_DMAE_MAX_CHAIN) {
            trace_ql8400_fw_dmae_chain_limit(ch, QL8400_DMAE_MAX_CHAIN);
            QL8400_LOG_GUEST_ERROR("ql8400: DMAE: more than %u chained "
                                   "commands, channel %u and %u more "
                                   "dropped\n", QL8400_DMAE_MAX_CHAIN, ch,
                                   d->qlen);
            d->pending = 0;
            d->qlen = 0;
            break;
        }
        dmae_execute(c, ch);
    }
    d->running = false;
}

static uint32_t go_read(Ql8400Chip *c, uint32_t addr)
{
    return 0;                   /* commands complete within the GO write */
}

static void go_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    if (val & 1) {
        dmae_go(c, go_channel[(addr - DMAE_REG_GO_FIRST) / 4]);
    }
}

/* Storage; rewriting a command restarts its running addresses. */
static void cmd_mem_write(Ql8400Chip *c, uint32_t addr, uint32_t val)
{
    Ql8400DmaeChannel *chan =
        &c->dmae.ch[(addr - DMAE_REG_CMD_MEM) / QL8400_DMAE_CMD_BYTES];

    ql8400_grc_poke(c, addr, val);
    chan->src_cont = false;
    chan->dst_cont = false;
}

static const Ql8400GrcReg dmae_regs[] = {
    { DMAE_REG_PCI_IFEN, QL8400_GRC_RW, 0, "DMAE_REG_PCI_IFEN" },
    { DMAE_REG_GRC_IFEN, QL8400_GRC_RW, 0, "DMAE_REG_GRC_IFEN" },
    { DMAE_REG_CRC16C_INIT, QL8400_GRC_RW, 0, "DMAE_REG_CRC16C_INIT" },
    { DMAE_REG_CRC16T10_INIT, QL8400_GRC_RW, 0, "DMAE_REG_CRC16T10_INIT" },
    { DMAE_REG_DMAE_INT_MASK, QL8400_GRC_RW, 0, "DMAE_REG_DMAE_INT_MASK" },
    /* no parity errors, ever */
    { DMAE_REG_DMAE_PRTY_STS, QL8400_GRC_RO, 0, "DMAE_REG_DMAE_PRTY_STS" },
    { DMAE_REG_DMAE_PRTY_STS_CLR, QL8400_GRC_RO, 0,
      "DMAE_REG_DMAE_PRTY_STS_CLR" },
    { DMAE_REG_DMAE_PRTY_MASK, QL8400_GRC_RW, 0, "DMAE_REG_DMAE_PRTY_MASK" },
    { DMAE_REG_BACKWARD_COMP_EN, QL8400_GRC_RW, 0,
      "DMAE_REG_BACKWARD_COMP_EN" },
    { DMAE_REG_PXP_REQ_INIT_CRD, QL8400_GRC_RW, 0,
      "DMAE_REG_PXP_REQ_INIT_CRD" },
};

static const Ql8400GrcHook dmae_hooks[] = {
    { DMAE_REG_GO_FIRST, DMAE_REG_GO_SIZE, "DMAE_REG_GO", go_read, go_write },
    { DMAE_REG_CMD_MEM, QL8400_DMAE_CHANNELS * QL8400_DMAE_CMD_BYTES,
      "DMAE_REG_CMD_MEM", NULL, cmd_mem_write },
};

void ql8400_dmae_init(Ql8400Chip *c)
{
    ql8400_grc_add_regs(c, dmae_regs, QL8400_ARRAY_LEN(dmae_regs));
    ql8400_grc_add_hooks(c, dmae_hooks, QL8400_ARRAY_LEN(dmae_hooks));
}

/*
 * The command memory is GRC storage: a power cycle zeroes it with the map,
 * a function reset leaves it (DMAE is common to the chip's functions).
 * The channels' running addresses and anything queued go, on either.
 */
void ql8400_dmae_reset(Ql8400Chip *c, int kind)
{
    memset(&c->dmae, 0, sizeof(c->dmae));
}
