/*
 * qtests of ql8400's management firmware and slow path through the PCI
 * function, as the bnx2x driver drives them: the MCP mailbox's load and
 * unload handshake, then FUNCTION_START and a queue's CLIENT_SETUP posted
 * on the slow-path queue, checked by their completions in guest memory
 * (event queue, RX completion queue, status blocks) and by the MSI-X
 * messages the device sends. Addresses are the driver's, written out.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "ql8400-fixture.h"

/* MCP: shared memory base, driver mailbox of function 0 */
#define MISC_REG_SHARED_MEM_ADDR    0xa2b4
#define SHMEM_VALIDITY_MAP          0x000
#define SHR_MEM_VALIDITY_MB         0x00200000
#define SHMEM_DRV_MB_HEADER         0x684
#define SHMEM_DRV_MB_PARAM          0x688
#define SHMEM_FW_MB_HEADER          0x68c

#define DRV_MSG_LOAD_REQ            0x10000000
#define DRV_MSG_LOAD_DONE           0x11000000
#define DRV_MSG_UNLOAD_REQ_WOL_DIS  0x20010000
#define DRV_MSG_UNLOAD_DONE         0x21000000
#define FW_MSG_LOAD_COMMON_CHIP     0x10130000
#define FW_MSG_LOAD_DONE            0x11100000
#define FW_MSG_UNLOAD_COMMON        0x20100000
#define FW_MSG_UNLOAD_DONE          0x21100000

/* storm RAM (7.13.21.0 IRO offsets for PF0) and the IGU */
#define CSTORM_SB_DATA(sb)          (0x41c000 + 0x40 * (sb))
#define USTORM_RX_PRODS(qz)         (0x406000 + 0x20 * (qz))
#define IGU_ACK(sb)                 (0x442000 + 8 * (sb))
#define IGU_DSB                     16
#define MSIX_DATA_SP                0x5150
#define MSIX_DATA_FP                0xf0f0

static uint32_t mcp_command(Fixture *f, uint32_t shmem, uint32_t cmd,
                            uint32_t param)
{
    uint32_t seq = (grc_rd(f, shmem + SHMEM_DRV_MB_HEADER) + 1) & 0xffff;
    uint32_t reply;

    grc_wr(f, shmem + SHMEM_DRV_MB_PARAM, param);
    grc_wr(f, shmem + SHMEM_DRV_MB_HEADER, cmd | seq);
    reply = grc_rd(f, shmem + SHMEM_FW_MB_HEADER);
    g_assert_cmphex(reply & 0xffff, ==, seq);       /* answered */
    return reply & 0xffff0000;
}

static void test_mcp_load_unload(void)
{
    Fixture f;
    uint32_t shmem;

    fixture_start(&f, NULL);
    shmem = grc_rd(&f, MISC_REG_SHARED_MEM_ADDR);
    g_assert_cmphex(shmem, !=, 0);
    g_assert_cmphex(shmem, !=, 0xffffffff);
    g_assert_true(grc_rd(&f, shmem + SHMEM_VALIDITY_MAP) &
                  SHR_MEM_VALIDITY_MB);
    /* probe: the previous-unload check finds nothing loaded */
    g_assert_cmphex(mcp_command(&f, shmem, DRV_MSG_UNLOAD_REQ_WOL_DIS, 0),
                    ==, FW_MSG_UNLOAD_COMMON);
    g_assert_cmphex(mcp_command(&f, shmem, DRV_MSG_UNLOAD_DONE, 2), ==,
                    FW_MSG_UNLOAD_DONE);
    /* ip link set up: the first function on the chip */
    g_assert_cmphex(mcp_command(&f, shmem, DRV_MSG_LOAD_REQ, 0x100a), ==,
                    FW_MSG_LOAD_COMMON_CHIP);
    g_assert_cmphex(mcp_command(&f, shmem, DRV_MSG_LOAD_DONE, 0), ==,
                    FW_MSG_LOAD_DONE);
    /* down again: the last one out unloads the chip */
    g_assert_cmphex(mcp_command(&f, shmem, DRV_MSG_UNLOAD_REQ_WOL_DIS, 0),
                    ==, FW_MSG_UNLOAD_COMMON);
    g_assert_cmphex(mcp_command(&f, shmem, DRV_MSG_UNLOAD_DONE, 0), ==,
                    FW_MSG_UNLOAD_DONE);
    fixture_stop(&f);
}

typedef struct SlowPath {
    Fixture f;
    uint64_t def_sb, spq, eq, data, msix_sp, msix_fp;
    unsigned spq_prod;
} SlowPath;

static void msix_vector(SlowPath *t, unsigned v, uint64_t addr, uint32_t data)
{
    uint64_t entry = 16 * v;
    QPCIBar table = t->f.dev->msix_table_bar;

    qpci_io_writel(t->f.dev, table, entry, addr);
    qpci_io_writel(t->f.dev, table, entry + 4, addr >> 32);
    qpci_io_writel(t->f.dev, table, entry + 8, data);
    qpci_io_writel(t->f.dev, table, entry + 12, 0);     /* unmasked */
}

/* What bnx2x_nic_load programs before FUNCTION_START. */
static void slowpath_start(SlowPath *t)
{
    Fixture *f = &t->f;

    fixture_start(f, NULL);
    t->def_sb = guest_mem(f, 0x1000);
    t->spq = guest_mem(f, 0x1000);
    t->eq = guest_mem(f, 0x1000);
    t->data = guest_mem(f, 0x1000);
    t->msix_sp = guest_mem(f, 0x100);
    t->msix_fp = t->msix_sp + 0x80;
    t->spq_prod = 0;

    qpci_msix_enable(f->dev);
    msix_vector(t, 0, t->msix_sp, MSIX_DATA_SP);
    /* default status block: SP data (host address, IGU SB, seg, on) */
    grc_wr(f, CSTORM_SP_SB_DATA, t->def_sb + 0x10);
    grc_wr(f, CSTORM_SP_SB_DATA + 4, (t->def_sb + 0x10) >> 32);
    grc_wr(f, CSTORM_SP_SB_DATA + 8, IGU_DSB | 1 << 8 | 1 << 16);
    grc_wr(f, IGU_ACK(IGU_DSB), 1 << 21);               /* DEF, enable */
    /* SPQ page and first producer through the XSEM alias; EQ ring */
    grc_wr(f, XSEM_FAST_SPQ_DATA, t->spq);
    grc_wr(f, XSEM_FAST_SPQ_DATA + 4, t->spq >> 32);
    grc_wr(f, XSEM_FAST_SPQ_DATA + 8, 0);
    grc_wr(f, CSTORM_EVENT_RING_DATA, t->eq);
    grc_wr(f, CSTORM_EVENT_RING_DATA + 4, t->eq >> 32);
    grc_wr(f, CSTORM_EVENT_RING_DATA + 8, 256);
    /* IGU: function, MSI-X, attentions */
    grc_wr(f, IGU_REG_PF_CONFIGURATION, 0x0b);
}

static void spq_post(SlowPath *t, unsigned conn_type, unsigned cmd,
                     uint32_t cid, uint64_t data)
{
    fixture_spq_post(&t->f, t->spq, &t->spq_prod, conn_type, cmd, cid, data);
}

static void test_function_start(void)
{
    SlowPath t;
    QTestState *qts;

    slowpath_start(&t);
    qts = t.f.qs->qts;
    spq_post(&t, 8, 1, 0, t.data);                      /* FUNCTION_START */
    g_assert_cmpuint(qtest_readb(qts, t.eq), ==, 1);    /* EQE opcode */
    g_assert_cmpuint(qtest_readb(qts, t.eq + 1), ==, 0);    /* no error */
    /* EQ producer in index 7, and the running index of the SP SB */
    g_assert_cmpuint(qtest_readw(qts, t.def_sb + 0x10 + 2 * 7), ==, 1);
    g_assert_cmpuint(qtest_readw(qts, t.def_sb + 0x30), ==, 1);
    /* the MSI-X message of vector 0 */
    g_assert_cmphex(qtest_readl(qts, t.msix_sp), ==, MSIX_DATA_SP);

    /* a ramrod whose data maps nothing gets no completion */
    qtest_writel(qts, t.msix_sp, 0);
    spq_post(&t, 8, 3, 0, 0xdead00000000ull);           /* FUNCTION_UPDATE */
    g_assert_cmpuint(qtest_readw(qts, t.def_sb + 0x10 + 2 * 7), ==, 1);
    g_assert_cmphex(qtest_readl(qts, t.msix_sp), ==, 0);
    /* FUNCTION_STOP still completes afterwards */
    spq_post(&t, 8, 2, 0, 0);
    g_assert_cmpuint(qtest_readb(qts, t.eq + 16), ==, 2);
    fixture_stop(&t.f);
}

static void test_queue_setup(void)
{
    SlowPath t;
    QTestState *qts;
    uint64_t fp_sb, rcq, d;
    const unsigned sb = 1, cl = 0;

    slowpath_start(&t);
    qts = t.f.qs->qts;
    fp_sb = guest_mem(&t.f, 0x100);
    rcq = guest_mem(&t.f, 0x1000);
    qtest_memset(qts, rcq, 0xff, 0x1000);               /* markers set */
    msix_vector(&t, sb + 1, t.msix_fp, MSIX_DATA_FP);
    spq_post(&t, 8, 1, 0, t.data);

    /* the queue's status block and its RX producers */
    grc_wr(&t.f, CSTORM_SB_DATA(sb) + 0x10, fp_sb);
    grc_wr(&t.f, CSTORM_SB_DATA(sb) + 0x14, fp_sb >> 32);
    grc_wr(&t.f, CSTORM_SB_DATA(sb) + 0x18, sb << 16);  /* igu_sb_id */
    grc_wr(&t.f, CSTORM_SB_DATA(sb) + 0x2c, 1 << 16);   /* state on */
    grc_wr(&t.f, IGU_ACK(sb), 0);                       /* enable */
    grc_wr(&t.f, USTORM_RX_PRODS(cl), 64 | 64 << 16);

    /* CLIENT_SETUP data: client, mtu, sb, RX index 1, RCQ page */
    d = t.data + 0x100;
    qtest_writeb(qts, d + 0x00, cl);
    qtest_writeb(qts, d + 0x04, 1);
    qtest_writew(qts, d + 0x06, 1500);
    qtest_writeb(qts, d + 0x16, cl);
    qtest_writeb(qts, d + 0x1d, sb);
    qtest_writeb(qts, d + 0x1e, 1);
    qtest_writeq(qts, d + 0x38, rcq);
    qtest_writeb(qts, d + 0x61, sb);
    qtest_writeb(qts, d + 0x62, 5);
    spq_post(&t, 0, 1, 0, d);                           /* ETH SETUP */

    /* a ramrod CQE on the queue's RCQ, marker cleared last */
    g_assert_cmpuint(qtest_readb(qts, rcq) & 3, ==, 1);
    g_assert_cmphex(qtest_readl(qts, rcq + 4), ==, 1u << 24);
    g_assert_cmphex(qtest_readl(qts, rcq + 0x3c), ==, 0);
    /* RCQ producer in index 1 of the queue's SB, running index, MSI-X */
    g_assert_cmpuint(qtest_readw(qts, fp_sb + 2), ==, 1);
    g_assert_cmpuint(qtest_readw(qts, fp_sb + 0x10), ==, 1);
    g_assert_cmphex(qtest_readl(qts, t.msix_fp), ==, MSIX_DATA_FP);
    fixture_stop(&t.f);
}

void ql8400_slowpath_tests_register(void)
{
    qtest_add_func("/ql8400/mcp/load-unload", test_mcp_load_unload);
    qtest_add_func("/ql8400/slowpath/function-start", test_function_start);
    qtest_add_func("/ql8400/slowpath/queue-setup", test_queue_setup);
}
