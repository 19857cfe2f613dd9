/*
 * Unit tests: the DMAE engine — copies between host memory and GRC, the
 * ENDIANITY modes, completions to host memory and to GRC, the statistics
 * loader chain, errors, runaway chains and reset.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include "fake-host.h"
#include "grc.h"
#include "regs.h"
#include "tests.h"

/* the driver's completion value (upper bit: error) */
#define COMP_VAL        0x60d0d0aeu

/* opcodes the driver builds for port 0, vn 0 on a little-endian host */
#define OP_PCI_TO_GRC   0x00106414u
#define OP_GRC_TO_PCI   0x00106413u

/* storage for the tests: XSEM PRAM, where the init code loads firmware */
#define PRAM            0x2c0000u
#define PRAM_SIZE       0x40000u

/* host memory the tests use */
#define H_SRC           (FAKE_MEM_BASE + 0x10000)
#define H_DST           (FAKE_MEM_BASE + 0x80000)
#define H_COMP          (FAKE_MEM_BASE + 0x1000)
#define H_CMDS          (FAKE_MEM_BASE + 0x2000)
#define UNMAPPED        0xfffff00000000000ull

static const Ql8400GrcRange test_ranges[] = {
    { PRAM, PRAM_SIZE, QL8400_GRC_RW, "XSEM_PRAM" },
};

static FakeHost *h;
static Ql8400Chip *c;

static void setup(void)
{
    h = fake_host_new();
    c = &h->chip;
    ql8400_grc_add_ranges(c, test_ranges, QL8400_ARRAY_LEN(test_ranges));
    ql8400_log_guest_errors = 0;
    ql8400_log_unimp = 0;
}

static void teardown(void)
{
    fake_host_free(h);
}

static uint8_t *hptr(uint64_t addr)
{
    ck_assert(addr >= FAKE_MEM_BASE && addr < FAKE_MEM_BASE + FAKE_MEM_SIZE);
    return h->mem + (addr - FAKE_MEM_BASE);
}

/* host memory holds little-endian dwords */
static void hput(uint64_t addr, uint32_t v)
{
    uint8_t *p = hptr(addr);

    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static uint32_t hget(uint64_t addr)
{
    const uint8_t *p = hptr(addr);

    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t pattern(unsigned i)
{
    return (0x01020304u * (i + 1)) ^ 0xa5000000u ^ (i << 8);
}

/*
 * A command: addresses as the command holds them (PCI: byte address,
 * GRC: dword address).
 */
static void cmd_set(uint32_t *cmd, uint32_t opcode, uint64_t src,
                    uint64_t dst, uint32_t len, uint64_t comp,
                    uint32_t comp_val)
{
    memset(cmd, 0, QL8400_DMAE_CMD_BYTES);
    cmd[0] = opcode;
    cmd[1] = src;
    cmd[2] = src >> 32;
    cmd[3] = dst;
    cmd[4] = dst >> 32;
    cmd[5] = len;
    cmd[6] = comp;
    cmd[7] = comp >> 32;
    cmd[8] = comp_val;
}

static void write_cmd(unsigned ch, const uint32_t *cmd)
{
    unsigned i;

    for (i = 0; i < QL8400_DMAE_CMD_DWORDS; i++) {
        ql8400_grc_write(c, DMAE_REG_CMD_MEM + ch * 0x38 + i * 4, cmd[i], 4);
    }
}

/* as the driver posts a command: 14 register writes, then GO */
static void post(unsigned ch, const uint32_t *cmd)
{
    write_cmd(ch, cmd);
    ql8400_grc_write(c, ql8400_dmae_go_reg(ch), 1, 4);
}

static void run(unsigned ch, uint32_t opcode, uint64_t src, uint64_t dst,
                uint32_t len, uint64_t comp)
{
    uint32_t cmd[QL8400_DMAE_CMD_DWORDS];

    cmd_set(cmd, opcode, src, dst, len, comp, COMP_VAL);
    post(ch, cmd);
}

static uint32_t opcode(unsigned src, unsigned dst, bool comp_grc,
                       unsigned endianity)
{
    return src | (dst << DMAE_COMMAND_DST_SHIFT) |
           (comp_grc ? DMAE_COMMAND_C_DST : 0) | DMAE_COMMAND_C_TYPE_ENABLE |
           (endianity << DMAE_COMMAND_ENDIANITY_SHIFT) |
           DMAE_COMMAND_SRC_RESET | DMAE_COMMAND_DST_RESET |
           (DMAE_ERR_POLICY_SET_ERR << DMAE_COMMAND_ERR_POLICY_SHIFT);
}

START_TEST(opcodes_and_go_registers)
{
    static const uint32_t go[16] = {
        0x102080, 0x102084, 0x1020a0, 0x1020a4, 0x1020a8, 0x1020ac,
        0x1020b0, 0x1020b4, 0x1020b8, 0x1020bc, 0x102088, 0x10208c,
        0x102090, 0x102094, 0x102098, 0x10209c,
    };
    unsigned ch;

    ck_assert_uint_eq(opcode(DMAE_SRC_PCI, DMAE_DST_GRC, false,
                             DMAE_ENDIANITY_DW_SWAP), OP_PCI_TO_GRC);
    ck_assert_uint_eq(opcode(DMAE_SRC_GRC, DMAE_DST_PCI, false,
                             DMAE_ENDIANITY_DW_SWAP), OP_GRC_TO_PCI);
    for (ch = 0; ch < 16; ch++) {
        ck_assert_uint_eq(ql8400_dmae_go_reg(ch), go[ch]);
    }
}
END_TEST

START_TEST(pci_to_grc_completes_in_host_memory)
{
    unsigned i;

    for (i = 0; i < 64; i++) {
        hput(H_SRC + i * 4, pattern(i));
    }
    run(0, OP_PCI_TO_GRC, H_SRC, (PRAM + 0x100) >> 2, 64, H_COMP);
    for (i = 0; i < 64; i++) {
        ck_assert_uint_eq(ql8400_grc_read(c, PRAM + 0x100 + i * 4, 4),
                          pattern(i));
    }
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM + 0xfc, 4), 0);
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM + 0x200, 4), 0);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
    ck_assert_uint_eq(c->dmae.commands, 1);
}
END_TEST

START_TEST(largest_write_across_pages)
{
    const uint32_t len = 0x2000;        /* DMAE_LEN32_WR_MAX on E2 and on */
    const uint64_t src = H_SRC + 0xffc; /* not page aligned */
    unsigned i;

    for (i = 0; i < len; i++) {
        hput(src + i * 4, pattern(i));
    }
    run(0, OP_PCI_TO_GRC, src, PRAM >> 2, len, H_COMP);
    for (i = 0; i < len; i++) {
        ck_assert_uint_eq(c->grc[PRAM / 4 + i], pattern(i));
    }
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM + len * 4, 4), 0);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(grc_to_pci)
{
    unsigned i;

    for (i = 0; i < 20; i++) {
        ql8400_grc_write(c, PRAM + 0x40 + i * 4, pattern(i), 4);
    }
    memset(hptr(H_DST), 0xee, 0x100);
    run(0, OP_GRC_TO_PCI, (PRAM + 0x40) >> 2, H_DST, 20, H_COMP);
    for (i = 0; i < 20; i++) {
        ck_assert_uint_eq(hget(H_DST + i * 4), pattern(i));
    }
    ck_assert_uint_eq(hget(H_DST + 80), 0xeeeeeeee);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);

    /* registers with their read semantics: the chip number */
    run(0, OP_GRC_TO_PCI, MISC_REG_CHIP_NUM >> 2, H_DST, 2, H_COMP);
    ck_assert_uint_eq(hget(H_DST), 0x168e);
    ck_assert_uint_eq(hget(H_DST + 4), QL8400_CHIP_REV_B);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(grc_to_grc_and_pci_to_pci)
{
    unsigned i;

    for (i = 0; i < 10; i++) {
        ql8400_grc_write(c, PRAM + i * 4, pattern(i), 4);
        hput(H_SRC + i * 4, ~pattern(i));
    }
    run(3, opcode(DMAE_SRC_GRC, DMAE_DST_GRC, false, DMAE_ENDIANITY_DW_SWAP),
        PRAM >> 2, (PRAM + 0x1000) >> 2, 10, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
    hput(H_COMP, 0);
    run(3, opcode(DMAE_SRC_PCI, DMAE_DST_PCI, false, DMAE_ENDIANITY_DW_SWAP),
        H_SRC, H_DST, 10, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
    for (i = 0; i < 10; i++) {
        ck_assert_uint_eq(ql8400_grc_read(c, PRAM + 0x1000 + i * 4, 4),
                          pattern(i));
        ck_assert_uint_eq(hget(H_DST + i * 4), ~pattern(i));
    }
}
END_TEST

START_TEST(endianity_modes)
{
    static const uint32_t mem[5] = {
        0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00, 0x01234567,
    };
    /* register values per mode, from the same host memory */
    static const uint32_t want[4][5] = {
        /* NO_SWAP: 64-bit words, dwords of each pair swapped */
        { 0x55667788, 0x11223344, 0xddeeff00, 0x99aabbcc, 0x01234567 },
        /* B_SWAP: 64-bit words byte-reversed */
        { 0x88776655, 0x44332211, 0x00ffeedd, 0xccbbaa99, 0x67452301 },
        /* DW_SWAP: little-endian dwords as they are */
        { 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00, 0x01234567 },
        /* B_DW_SWAP: big-endian dwords */
        { 0x44332211, 0x88776655, 0xccbbaa99, 0x00ffeedd, 0x67452301 },
    };
    unsigned mode, i;

    for (i = 0; i < 5; i++) {
        hput(H_SRC + i * 4, mem[i]);
    }
    for (mode = 0; mode < 4; mode++) {
        hput(H_COMP, 0);
        run(0, opcode(DMAE_SRC_PCI, DMAE_DST_GRC, false, mode), H_SRC,
            PRAM >> 2, 5, H_COMP);
        for (i = 0; i < 5; i++) {
            ck_assert_uint_eq(ql8400_grc_read(c, PRAM + i * 4, 4),
                              want[mode][i]);
        }
        /* the completion dword is byte-swapped with the data */
        ck_assert_uint_eq(hget(H_COMP),
                          mode & 1 ? __builtin_bswap32(COMP_VAL) : COMP_VAL);
        /* and back out: every mode is its own inverse */
        memset(hptr(H_DST), 0, 20);
        run(0, opcode(DMAE_SRC_GRC, DMAE_DST_PCI, false, mode), PRAM >> 2,
            H_DST, 5, H_COMP);
        for (i = 0; i < 5; i++) {
            ck_assert_uint_eq(hget(H_DST + i * 4), mem[i]);
        }
    }
}
END_TEST

START_TEST(completion_to_grc)
{
    hput(H_SRC, 0xcafe);
    run(0, opcode(DMAE_SRC_PCI, DMAE_DST_GRC, true, DMAE_ENDIANITY_DW_SWAP),
        H_SRC, PRAM >> 2, 1, (PRAM + 0x800) >> 2);
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM, 4), 0xcafe);
    /* a register value: no byte swap */
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM + 0x800, 4), COMP_VAL);
    ck_assert_uint_eq(hget(H_COMP), 0);
}
END_TEST

START_TEST(completion_into_go_runs_that_channel)
{
    uint32_t cmd[QL8400_DMAE_CMD_DWORDS];

    /* channel 7 waits with a GRC->PCI copy */
    cmd_set(cmd, OP_GRC_TO_PCI, PRAM >> 2, H_DST, 1, H_COMP, COMP_VAL);
    write_cmd(7, cmd);
    /* channel 2 copies into PRAM and completes into GO of channel 7 */
    hput(H_SRC, 0x1234);
    cmd_set(cmd, opcode(DMAE_SRC_PCI, DMAE_DST_GRC, true,
                        DMAE_ENDIANITY_DW_SWAP),
            H_SRC, PRAM >> 2, 1, 0x1020b4 >> 2, 1);
    post(2, cmd);
    ck_assert_uint_eq(hget(H_DST), 0x1234);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
    ck_assert_uint_eq(c->dmae.ch[2].runs, 1);
    ck_assert_uint_eq(c->dmae.ch[7].runs, 1);
    ck_assert_uint_eq(ql8400_grc_read(c, 0x1020b4, 4), 0);
}
END_TEST

/*
 * The statistics loader (bnx2x_hw_stats_post): channel 4 copies the next
 * command from host memory into channel 5 and completes into GO 5; each
 * command completes into GO 4, and channel 4, SRC_RESET clear, goes on
 * with the next command; the last one completes to host memory.
 */
static void post_loader(void)
{
    uint32_t cmd[QL8400_DMAE_CMD_DWORDS];

    cmd_set(cmd, opcode(DMAE_SRC_PCI, DMAE_DST_GRC, true,
                        DMAE_ENDIANITY_DW_SWAP) & ~DMAE_COMMAND_SRC_RESET,
            H_CMDS, (DMAE_REG_CMD_MEM + 5 * 0x38) >> 2, 14,
            DMAE_REG_GO_C5 >> 2, 1);
    hput(H_COMP, 0);
    post(4, cmd);
}

static void host_cmd(unsigned idx, const uint32_t *cmd)
{
    unsigned i;

    for (i = 0; i < QL8400_DMAE_CMD_DWORDS; i++) {
        hput(H_CMDS + idx * 0x38 + i * 4, cmd[i]);
    }
}

START_TEST(statistics_loader_chain)
{
    uint32_t cmd[QL8400_DMAE_CMD_DWORDS];
    unsigned i;

    for (i = 0; i < 8; i++) {
        hput(H_SRC + i * 4, pattern(i));
        ql8400_grc_write(c, PRAM + 0x400 + i * 4, ~pattern(i), 4);
    }
    /* dmae[0]: host -> PRAM, then back to the loader */
    cmd_set(cmd, opcode(DMAE_SRC_PCI, DMAE_DST_GRC, true,
                        DMAE_ENDIANITY_DW_SWAP),
            H_SRC, PRAM >> 2, 8, DMAE_REG_GO_C4 >> 2, 1);
    host_cmd(0, cmd);
    /* dmae[1]: statistics registers -> host, completion to host */
    cmd_set(cmd, OP_GRC_TO_PCI, (PRAM + 0x400) >> 2, H_DST, 8, H_COMP,
            COMP_VAL);
    host_cmd(1, cmd);

    post_loader();
    for (i = 0; i < 8; i++) {
        ck_assert_uint_eq(ql8400_grc_read(c, PRAM + i * 4, 4), pattern(i));
        ck_assert_uint_eq(hget(H_DST + i * 4), ~pattern(i));
    }
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
    ck_assert_uint_eq(c->dmae.ch[4].runs, 2);
    ck_assert_uint_eq(c->dmae.ch[5].runs, 2);
    /* channel 5 holds the last command */
    ck_assert_uint_eq(ql8400_grc_read(c, DMAE_REG_CMD_MEM + 5 * 0x38 + 4, 4),
                      (PRAM + 0x400) >> 2);

    /* the next statistics round posts the loader again: from dmae[0] */
    for (i = 0; i < 8; i++) {
        hput(H_SRC + i * 4, pattern(i + 100));
        ql8400_grc_write(c, PRAM + 0x400 + i * 4, pattern(i + 200), 4);
    }
    post_loader();
    for (i = 0; i < 8; i++) {
        ck_assert_uint_eq(ql8400_grc_read(c, PRAM + i * 4, 4),
                          pattern(i + 100));
        ck_assert_uint_eq(hget(H_DST + i * 4), pattern(i + 200));
    }
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
    ck_assert_uint_eq(c->dmae.ch[4].runs, 4);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(src_and_dst_continue_without_reset)
{
    uint32_t op = OP_PCI_TO_GRC & ~(DMAE_COMMAND_SRC_RESET |
                                    DMAE_COMMAND_DST_RESET);
    unsigned i;

    for (i = 0; i < 8; i++) {
        hput(H_SRC + i * 4, pattern(i));
    }
    run(1, op, H_SRC, PRAM >> 2, 4, H_COMP);
    ql8400_grc_write(c, DMAE_REG_GO_C1, 1, 4);
    for (i = 0; i < 8; i++) {
        ck_assert_uint_eq(ql8400_grc_read(c, PRAM + i * 4, 4), pattern(i));
    }
    /* rewriting the command starts over */
    run(1, op, H_SRC + 16, (PRAM + 0x100) >> 2, 4, H_COMP);
    for (i = 0; i < 4; i++) {
        ck_assert_uint_eq(ql8400_grc_read(c, PRAM + 0x100 + i * 4, 4),
                          pattern(i + 4));
    }
    /* with the reset bits, each GO copies the same again */
    run(1, OP_PCI_TO_GRC, H_SRC, (PRAM + 0x200) >> 2, 4, H_COMP);
    ql8400_grc_write(c, DMAE_REG_GO_C1, 1, 4);
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM + 0x200, 4), pattern(0));
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM + 0x210, 4), 0);
}
END_TEST

START_TEST(go_reads_zero)
{
    unsigned ch;

    for (ch = 0; ch < 16; ch++) {
        ck_assert_uint_eq(ql8400_grc_read(c, ql8400_dmae_go_reg(ch), 4), 0);
    }
    run(0, OP_PCI_TO_GRC, H_SRC, PRAM >> 2, 1, H_COMP);
    ck_assert_uint_eq(ql8400_grc_read(c, DMAE_REG_GO_C0, 4), 0);
    /* writing 0 runs nothing */
    ql8400_grc_write(c, DMAE_REG_GO_C0, 0, 4);
    ck_assert_uint_eq(c->dmae.commands, 1);
    /* command memory is storage */
    ck_assert_uint_eq(ql8400_grc_read(c, DMAE_REG_CMD_MEM + 8 * 4, 4),
                      COMP_VAL);
}
END_TEST

START_TEST(zero_length_and_no_destination_only_complete)
{
    hput(H_SRC, 0x5555);
    run(0, OP_PCI_TO_GRC, H_SRC, PRAM >> 2, 0, H_COMP);
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM, 4), 0);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
    hput(H_COMP, 0);
    run(0, opcode(DMAE_SRC_PCI, DMAE_DST_NONE, false, DMAE_ENDIANITY_DW_SWAP),
        UNMAPPED, 0, 16, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(pci_faults_complete_with_error)
{
    const uint64_t mem_end = FAKE_MEM_BASE + FAKE_MEM_SIZE;
    unsigned i;

    /* the source maps nothing */
    run(0, OP_PCI_TO_GRC, UNMAPPED, PRAM >> 2, 4, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL | DMAE_PCI_ERR_FLAG);
    ck_assert_uint_eq(ql8400_log_guest_errors, 1);
    ck_assert_uint_eq(c->dmae.errors, 1);

    /* without the error policy the completion looks normal */
    run(0, OP_PCI_TO_GRC & ~DMAE_COMMAND_ERR_POLICY_MASK, UNMAPPED,
        PRAM >> 2, 4, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
    ck_assert_uint_eq(ql8400_log_guest_errors, 2);

    /* a source running off the end of memory: the mapped part arrives */
    for (i = 0; i < 0x400; i++) {
        hput(mem_end - 0x1000 + i * 4, pattern(i));
    }
    run(0, OP_PCI_TO_GRC, mem_end - 0x1000, PRAM >> 2, 0x800, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL | DMAE_PCI_ERR_FLAG);
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM + 0xffc, 4), pattern(0x3ff));
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM + 0x1000, 4), 0);
    /* the same when the fault is inside a 4 KiB step */
    run(0, OP_PCI_TO_GRC, mem_end - 0x800, (PRAM + 0x2000) >> 2, 0x400,
        H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL | DMAE_PCI_ERR_FLAG);
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM + 0x27fc, 4), pattern(0x3ff));
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM + 0x2800, 4), 0);

    /* the destination maps nothing */
    run(0, OP_GRC_TO_PCI, PRAM >> 2, UNMAPPED, 4, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL | DMAE_PCI_ERR_FLAG);

    /* the completion address maps nothing: reported, nothing else */
    run(0, OP_PCI_TO_GRC, H_SRC, PRAM >> 2, 4, UNMAPPED);
    ck_assert_uint_eq(ql8400_log_guest_errors, 6);

    /* and the engine still works */
    run(0, OP_PCI_TO_GRC, H_SRC, PRAM >> 2, 4, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
    ck_assert_uint_eq(ql8400_log_guest_errors, 6);
}
END_TEST

START_TEST(grc_beyond_window_completes_with_error)
{
    /* a destination that ends past the 8 MiB window */
    run(0, OP_PCI_TO_GRC, H_SRC, (QL8400_GRC_BYTES - 8) >> 2, 4, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL | DMAE_PCI_ERR_FLAG);
    ck_assert_uint_eq(ql8400_log_guest_errors, 1);
    /* a source far beyond it */
    run(0, OP_GRC_TO_PCI, 0x3fffffff, H_DST, 4, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL | DMAE_PCI_ERR_FLAG);
    ck_assert_uint_eq(ql8400_log_guest_errors, 2);
    /* an invalid destination type */
    run(0, opcode(DMAE_SRC_PCI, 3, false, DMAE_ENDIANITY_DW_SWAP), H_SRC,
        PRAM >> 2, 4, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL | DMAE_PCI_ERR_FLAG);
    ck_assert_uint_eq(ql8400_log_guest_errors, 3);
    /* a GRC completion beyond the window */
    run(0, opcode(DMAE_SRC_PCI, DMAE_DST_GRC, true, DMAE_ENDIANITY_DW_SWAP),
        H_SRC, PRAM >> 2, 4, QL8400_GRC_BYTES >> 2);
    ck_assert_uint_eq(ql8400_log_guest_errors, 4);
}
END_TEST

START_TEST(self_retriggering_chain_terminates)
{
    uint32_t cmd[QL8400_DMAE_CMD_DWORDS];

    /* channel 6 completes into its own GO, forever */
    cmd_set(cmd, opcode(DMAE_SRC_PCI, DMAE_DST_GRC, true,
                        DMAE_ENDIANITY_DW_SWAP),
            H_SRC, PRAM >> 2, 16, DMAE_REG_GO_C6 >> 2, 1);
    post(6, cmd);
    ck_assert_uint_eq(c->dmae.ch[6].runs, QL8400_DMAE_MAX_CHAIN);
    ck_assert_uint_eq(ql8400_log_guest_errors, 1);
    ck_assert(!c->dmae.running);
    ck_assert_uint_eq(c->dmae.pending, 0);

    /* two channels triggering each other stop the same way */
    cmd_set(cmd, opcode(DMAE_SRC_PCI, DMAE_DST_GRC, true,
                        DMAE_ENDIANITY_DW_SWAP),
            H_SRC, PRAM >> 2, 1, DMAE_REG_GO_C9 >> 2, 1);
    write_cmd(8, cmd);          /* 8 waits for 9 */
    cmd_set(cmd, opcode(DMAE_SRC_PCI, DMAE_DST_GRC, true,
                        DMAE_ENDIANITY_DW_SWAP),
            H_SRC, PRAM >> 2, 1, DMAE_REG_GO_C8 >> 2, 1);
    post(9, cmd);
    ck_assert_uint_eq(ql8400_log_guest_errors, 2);
    ck_assert_uint_eq(c->dmae.ch[8].runs + c->dmae.ch[9].runs,
                      QL8400_DMAE_MAX_CHAIN);

    /* afterwards a plain command runs */
    run(0, OP_PCI_TO_GRC, H_SRC, PRAM >> 2, 1, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
    ck_assert_uint_eq(ql8400_log_guest_errors, 2);
}
END_TEST

START_TEST(reset_clears_channels)
{
    uint32_t op = OP_PCI_TO_GRC & ~DMAE_COMMAND_SRC_RESET;

    hput(H_SRC, 0x11);
    hput(H_SRC + 4, 0x22);
    run(1, op, H_SRC, PRAM >> 2, 1, H_COMP);
    ck_assert(c->dmae.ch[1].src_cont);
    ql8400_chip_reset(c, QL8400_RESET_POWER_ON);
    ck_assert(!c->dmae.ch[1].src_cont);
    ck_assert_uint_eq(c->dmae.ch[1].runs, 0);
    ck_assert_uint_eq(c->dmae.commands, 0);
    ck_assert_uint_eq(ql8400_grc_read(c, DMAE_REG_CMD_MEM + 0x38, 4), 0);
    ck_assert_uint_eq(ql8400_grc_read(c, DMAE_REG_CMD_MEM + 0x38 + 4, 4), 0);
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM, 4), 0);
    /* a GO after the reset runs the zeroed command: copies nothing */
    ql8400_grc_write(c, DMAE_REG_GO_C1, 1, 4);
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM, 4), 0);
    ck_assert_uint_eq(c->dmae.commands, 1);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

#define MASTER_ENABLE   PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER

/*
 * A function-level reset keeps the common DMAE (its command memory) and
 * the storms' memories, and stops the channels. It takes the bus from the
 * function's firmware until the driver sets the master enable again - for
 * its own function, not while it pretends to be another; the driver's
 * DMAE commands pass meanwhile (pglue.c).
 */
START_TEST(function_reset_takes_the_bus_from_the_firmware)
{
    uint8_t buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

    hput(H_SRC, 0x11);
    run(1, OP_PCI_TO_GRC & ~DMAE_COMMAND_SRC_RESET, H_SRC, PRAM >> 2, 1,
        H_COMP);
    ck_assert(c->dmae.ch[1].src_cont);
    ck_assert(ql8400_dma_write(c, H_DST, buf, sizeof(buf)));
    ck_assert_uint_eq(hget(H_DST), 0x04030201);

    ql8400_chip_reset(c, QL8400_RESET_FUNCTION);
    ck_assert(!c->dmae.ch[1].src_cont);
    ck_assert_uint_eq(c->dmae.ch[1].runs, 0);
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM, 4), 0x11);
    ck_assert_uint_eq(ql8400_grc_read(c, DMAE_REG_CMD_MEM + 0x38 + 4, 4),
                      (uint32_t)H_SRC);
    ck_assert_uint_eq(ql8400_grc_read(c, MASTER_ENABLE, 4), 0);

    /* the firmware's accesses are dropped: nothing written, zeroes read */
    hput(H_DST, 0);
    hput(H_SRC, 0x33);
    ck_assert(!ql8400_dma_write(c, H_DST, buf, sizeof(buf)));
    ck_assert_uint_eq(hget(H_DST), 0);
    ck_assert(!ql8400_dma_read(c, H_SRC, buf, 4));
    ck_assert_uint_eq(buf[0], 0);
    ck_assert_uint_eq(c->pglue_blocked, 2);
    /* the driver's DMAE runs */
    hput(H_COMP, 0);
    run(1, OP_PCI_TO_GRC, H_SRC, PRAM >> 2, 1, H_COMP);
    ck_assert_uint_eq(ql8400_grc_read(c, PRAM, 4), 0x33);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);

    /* the common init's workaround, for function 2: not this one */
    ql8400_grc_write(c, PXP2_REG_PGL_PRETEND_FUNC_F0, 2, 4);
    ql8400_grc_write(c, MASTER_ENABLE, 1, 4);
    ql8400_grc_write(c, PXP2_REG_PGL_PRETEND_FUNC_F0, 0, 4);
    ck_assert(!ql8400_dma_write(c, H_DST, buf, sizeof(buf)));

    ql8400_grc_write(c, MASTER_ENABLE, 1, 4);
    ck_assert_uint_eq(c->pglue_blocked, 0);
    memcpy(buf, "\x09\x0a\x0b\x0c", 4);
    ck_assert(ql8400_dma_write(c, H_DST, buf, sizeof(buf)));
    ck_assert_uint_eq(hget(H_DST), 0x0c0b0a09);

    /* bnx2x_pf_disable at the end of an unload takes it away again */
    ql8400_grc_write(c, MASTER_ENABLE, 0, 4);
    ck_assert(!ql8400_dma_read(c, H_SRC, buf, 4));
    /* and a power cycle gives it back */
    ql8400_chip_reset(c, QL8400_RESET_POWER_ON);
    ck_assert_uint_eq(ql8400_grc_read(c, MASTER_ENABLE, 4), 1);
    ck_assert(ql8400_dma_read(c, H_SRC, buf, 4));
    ck_assert_uint_eq(buf[0], 0x33);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(block_registers)
{
    ql8400_grc_write(c, DMAE_REG_DMAE_INT_MASK, 0, 4);
    ql8400_grc_write(c, DMAE_REG_DMAE_PRTY_MASK, 0xf, 4);
    ck_assert_uint_eq(ql8400_grc_read(c, DMAE_REG_DMAE_PRTY_MASK, 4), 0xf);
    ck_assert_uint_eq(ql8400_grc_read(c, DMAE_REG_DMAE_PRTY_STS_CLR, 4), 0);
    ck_assert_uint_eq(ql8400_log_unimp, 0);
    /* backward-compatible mode has no error reporting */
    ql8400_grc_write(c, DMAE_REG_BACKWARD_COMP_EN, 1, 4);
    run(0, OP_PCI_TO_GRC, UNMAPPED, PRAM >> 2, 4, H_COMP);
    ck_assert_uint_eq(hget(H_COMP), COMP_VAL);
}
END_TEST

Suite *dmae_suite(void)
{
    Suite *s = suite_create("dmae");
    TCase *tc = tcase_create("engine");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, opcodes_and_go_registers);
    tcase_add_test(tc, pci_to_grc_completes_in_host_memory);
    tcase_add_test(tc, largest_write_across_pages);
    tcase_add_test(tc, grc_to_pci);
    tcase_add_test(tc, grc_to_grc_and_pci_to_pci);
    tcase_add_test(tc, endianity_modes);
    tcase_add_test(tc, completion_to_grc);
    tcase_add_test(tc, completion_into_go_runs_that_channel);
    tcase_add_test(tc, statistics_loader_chain);
    tcase_add_test(tc, src_and_dst_continue_without_reset);
    tcase_add_test(tc, go_reads_zero);
    tcase_add_test(tc, zero_length_and_no_destination_only_complete);
    tcase_add_test(tc, pci_faults_complete_with_error);
    tcase_add_test(tc, grc_beyond_window_completes_with_error);
    tcase_add_test(tc, self_retriggering_chain_terminates);
    tcase_add_test(tc, reset_clears_channels);
    tcase_add_test(tc, function_reset_takes_the_bus_from_the_firmware);
    tcase_add_test(tc, block_registers);
    suite_add_tcase(s, tc);
    return s;
}
