/*
 * Unit tests: the slow path as the bnx2x driver drives it — status blocks
 * and IGU acks, SPQ elements in, EQ elements and RCQ ramrod CQEs out,
 * attention messages, and what happens with malformed ramrods. Addresses
 * and layouts are written out as the driver knows them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include "fake-host.h"
#include "le.h"
#include "tests.h"

/* guest memory layout of the test "driver" */
#define DEF_SB      (FAKE_MEM_BASE + 0x0000)    /* host_sp_status_block */
#define FP_SB       (FAKE_MEM_BASE + 0x1000)    /* host_hc_status_block_e2 */
#define SPQ_PAGE    (FAKE_MEM_BASE + 0x2000)
#define EQ_PAGE     (FAKE_MEM_BASE + 0x3000)
#define DATA        (FAKE_MEM_BASE + 0x4000)    /* ramrod data */
#define RCQ_PAGE0   (FAKE_MEM_BASE + 0x10000)
#define RCQ_PAGE1   (FAKE_MEM_BASE + 0x11000)

#define DSB_ID      16
#define FP_SB_ID    1

static FakeHost *h;
static Ql8400Chip *c;
static unsigned spq_prod;

static uint8_t *mem(uint64_t addr)
{
    return h->mem + (addr - FAKE_MEM_BASE);
}

static void wr(uint32_t addr, uint32_t val)
{
    ql8400_grc_write(c, addr, val, 4);
}

static uint32_t rd(uint32_t addr)
{
    return ql8400_grc_read(c, addr, 4);
}

static void igu_ack(unsigned sb, unsigned seg, unsigned idx, bool upd,
                    unsigned op)
{
    wr(0x442000 + 8 * sb, idx | seg << 21 | (upd ? 1u << 24 : 0) | op << 25);
}

/* What bnx2x_nic_load does before FUNCTION_START, in short. */
static void driver_load(void)
{
    /* IGU attention address, SP SB data (state 0 then 1), DSB enable */
    wr(0x13011c, (uint32_t)(DEF_SB >> 32));
    wr(0x130120, (uint32_t)DEF_SB);
    wr(0x41f640, (uint32_t)(DEF_SB + 0x10));
    wr(0x41f644, 0);
    wr(0x41f648, DSB_ID | 1 << 8 | 1 << 16);    /* igu_sb_id, seg DEF, on */
    igu_ack(DSB_ID, 1, 0, false, 0);
    /* SPQ page and producer through the XSEM alias, EQ ring data */
    wr(0x2ac000, (uint32_t)SPQ_PAGE);
    wr(0x2ac004, 0);
    wr(0x2ac008, 0);
    wr(0x415900, (uint32_t)EQ_PAGE);
    wr(0x415904, 0);
    wr(0x415908, 256);
    /* IGU: function, MSI-X and attentions on; edge latches open */
    wr(0x130154, 0x0b);
    wr(0x130134, 0xffff);
    wr(0x130104, 0xffff);
    spq_prod = 0;
}

static void spq_post(unsigned conn_type, unsigned cmd, uint32_t cid,
                     uint64_t data)
{
    uint8_t *spe = mem(SPQ_PAGE + 16 * spq_prod);

    ql8400_st32(spe, cmd << 24 | cid);
    ql8400_st16(spe + 4, conn_type);
    ql8400_st64(spe + 8, data);
    spq_prod = (spq_prod + 1) % 256;
    ql8400_grc_write(c, 0x42c008, spq_prod, 2);     /* 16-bit, as REG_WR16 */
}

static uint16_t eq_prod(void)
{
    return ql8400_ld16(mem(DEF_SB + 0x10 + 2 * 7));
}

static void setup(void)
{
    h = fake_host_new();
    c = &h->chip;
    ql8400_log_guest_errors = 0;
    ql8400_log_unimp = 0;
    driver_load();
}

static void teardown(void)
{
    fake_host_free(h);
}

START_TEST(function_start_completes_on_the_eq)
{
    spq_post(8, 1, 0, DATA);                /* COMMON FUNCTION_START */
    ck_assert_uint_eq(eq_prod(), 1);
    ck_assert_uint_eq(mem(EQ_PAGE)[0], 1);  /* opcode FUNCTION_START */
    ck_assert_uint_eq(mem(EQ_PAGE)[1], 0);  /* no error */
    ck_assert_uint_eq(ql8400_ld16(mem(DEF_SB + 0x30)), 1);   /* running */
    ck_assert_uint_eq(h->msix_count[0], 1); /* the slow-path vector */
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(igu_holds_interrupts_until_enabled)
{
    /* the ISR disables the DSB; work arriving then waits for ENABLE */
    igu_ack(DSB_ID, 1, 0, false, 1);
    spq_post(8, 1, 0, DATA);
    ck_assert_uint_eq(h->msix_count[0], 0);
    /* sp_task acks the consumed index with NOP, then enables */
    igu_ack(DSB_ID, 1, 1, true, 2);
    ck_assert_uint_eq(h->msix_count[0], 0);
    igu_ack(DSB_ID, 2, 0, true, 0);
    ck_assert_uint_eq(h->msix_count[0], 1);
    /* nothing new: an enable does not interrupt again */
    igu_ack(DSB_ID, 2, 0, true, 0);
    ck_assert_uint_eq(h->msix_count[0], 1);
}
END_TEST

/* An empty statistics request: no entries, counters at DATA + 0x800. */
static uint64_t empty_stats_request(void)
{
    memset(mem(DATA + 0x100), 0, 16);
    ql8400_st64(mem(DATA + 0x108), DATA + 0x800);
    return DATA + 0x100;
}

START_TEST(eq_wraps_over_the_next_page_element)
{
    uint64_t req = empty_stats_request();
    unsigned i;

    spq_post(8, 1, 0, DATA);
    for (i = 0; i < 300; i++) {
        uint16_t hw;

        spq_post(8, 6 /* STAT_QUERY */, 0, req);
        hw = eq_prod();
        /* the newest element sits just below the producer */
        ck_assert_uint_eq(mem(EQ_PAGE + 16 * ((hw - 1) & 0xff))[0], 5);
        /* the driver steps over the next-page element, as bnx2x_eq_int */
        if ((hw & 0xff) == 255) {
            hw++;
        }
        /* and gives the credit back at once */
        ql8400_grc_write(c, 0x415908, (uint16_t)(hw + 256), 2);
    }
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
    /* slot 255 is the next-page element: never written */
    ck_assert_uint_eq(mem(EQ_PAGE + 16 * 255)[0], 0);
}
END_TEST

START_TEST(eq_overrun_is_reported_not_written)
{
    uint64_t req = empty_stats_request();
    unsigned i;

    spq_post(8, 1, 0, DATA);
    /* the driver never gives credit back: 255 slots, then full */
    for (i = 0; i < 260; i++) {
        spq_post(8, 6, 0, req);
    }
    ck_assert_uint_gt(ql8400_log_guest_errors, 0);
    /* 255 elements written: the producer stops before the next-page slot */
    ck_assert_uint_eq(eq_prod(), 255);
}
END_TEST

START_TEST(stat_query_writes_the_sequence_counters)
{
    uint8_t *req = mem(DATA + 0x100);

    spq_post(8, 1, 0, DATA);
    memset(req, 0, 0x40);
    req[0] = 1;                             /* one entry */
    ql8400_st16(req + 2, 7);                /* drv_stats_counter */
    ql8400_st64(req + 8, DATA + 0x800);     /* stats_counter */
    req[0x10] = 1;                          /* PORT */
    ql8400_st64(req + 0x18, DATA + 0x900);
    memset(mem(DATA + 0x800), 0xff, 32);
    memset(mem(DATA + 0x900), 0xff, 24);
    spq_post(8, 6, 0, DATA + 0x100);
    ck_assert_uint_eq(ql8400_ld16(mem(DATA + 0x800)), 7);
    ck_assert_uint_eq(ql8400_ld16(mem(DATA + 0x818)), 7);
    ck_assert_uint_eq(ql8400_ld32(mem(DATA + 0x900)), 0);
    ck_assert_uint_eq(mem(EQ_PAGE + 16)[0], 5);     /* EQE STAT_QUERY */
}
END_TEST

/* CLIENT_SETUP's data as bnx2x_setup_queue fills it, in short. */
static void client_setup_data(uint8_t *d, unsigned cl_id)
{
    memset(d, 0, 0x78);
    d[0x00] = cl_id;
    d[0x04] = 1;
    ql8400_st16(d + 0x06, 1500);
    d[0x16] = cl_id;                        /* qzone */
    d[0x1d] = FP_SB_ID;
    d[0x1e] = 1;                            /* HC_INDEX_ETH_RX_CQ_CONS */
    ql8400_st64(d + 0x38, RCQ_PAGE0);
    d[0x61] = FP_SB_ID;
    d[0x62] = 5;
}

static void fp_sb_enable(void)
{
    unsigned i;

    for (i = 0; i < 16; i++) {
        wr(0x41c000 + 0x40 * FP_SB_ID + 4 * i, 0);
    }
    wr(0x41c000 + 0x40 * FP_SB_ID + 0x10, (uint32_t)FP_SB);
    wr(0x41c000 + 0x40 * FP_SB_ID + 0x18, FP_SB_ID << 16);  /* igu_sb_id */
    wr(0x41c000 + 0x40 * FP_SB_ID + 0x2c, 1 << 16);          /* state 1 */
    igu_ack(FP_SB_ID, 1, 0, false, 0);
}

START_TEST(client_setup_completes_on_its_rcq)
{
    uint8_t *cqe = mem(RCQ_PAGE0);

    spq_post(8, 1, 0, DATA);
    fp_sb_enable();
    memset(mem(RCQ_PAGE0), 0xff, 0x1000);   /* BNX2X_PCI_FALLOC */
    ql8400_grc_write(c, 0x406000 + 0x20 * 2, 100, 2);   /* cqe_prod */
    client_setup_data(mem(DATA + 0x200), 2);
    spq_post(0, 1, 0, DATA + 0x200);        /* ETH CLIENT_SETUP, cid 0 */
    ck_assert_uint_eq(cqe[0] & 3, 1);       /* ramrod CQE */
    ck_assert_uint_eq(ql8400_ld32(cqe + 4), 1u << 24 | 0);
    ck_assert_uint_eq(ql8400_ld32(cqe + 0x3c), 0);          /* marker */
    ck_assert_uint_eq(ql8400_ld16(mem(FP_SB + 2 * 1)), 1);  /* RCQ prod */
    ck_assert_uint_eq(ql8400_ld16(mem(FP_SB + 0x10)), 1);   /* running */
    ck_assert_uint_eq(h->msix_count[FP_SB_ID + 1], 1);      /* its vector */
    /* TX_QUEUE_SETUP for CoS 1 on cid 16, then HALT and TERMINATE */
    memset(mem(DATA + 0x300), 0, 0x28);
    mem(DATA + 0x300)[0] = 2;
    mem(DATA + 0x300)[0x0a] = 1;
    spq_post(0, 4, 16, DATA + 0x300);
    ck_assert_uint_eq(ql8400_ld32(mem(RCQ_PAGE0 + 64) + 4), 4u << 24 | 16);
    spq_post(0, 2, 0, 2);                   /* HALT, inline client id */
    spq_post(0, 7, 0, 0);                   /* TERMINATE */
    ck_assert_uint_eq(ql8400_ld32(mem(RCQ_PAGE0 + 192) + 4), 7u << 24);
    spq_post(8, 4, 0, 0);                   /* CFC_DEL cid 0: on the EQ */
    ck_assert_uint_eq(mem(EQ_PAGE + 16)[0], 3);
    ck_assert_uint_eq(ql8400_ld32(mem(EQ_PAGE + 16) + 4), 0);
    ck_assert_uint_eq(ql8400_log_guest_errors, 0);
}
END_TEST

START_TEST(rcq_follows_its_next_page_pointer)
{
    unsigned i;

    spq_post(8, 1, 0, DATA);
    fp_sb_enable();
    ql8400_st64(mem(RCQ_PAGE0 + 63 * 64), RCQ_PAGE1);
    ql8400_grc_write(c, 0x406000 + 0x20 * 2, 200, 2);
    client_setup_data(mem(DATA + 0x200), 2);
    spq_post(0, 1, 0, DATA + 0x200);
    for (i = 0; i < 62; i++) {
        spq_post(0, 6, 0, 0);               /* EMPTY, cid 0 */
    }
    /* 63 CQEs: 0..62 on page 0, the 64th goes to page 1 slot 0 */
    ck_assert_uint_eq(ql8400_ld16(mem(FP_SB + 2)), 64);
    ck_assert_uint_eq(ql8400_ld64(mem(RCQ_PAGE0 + 63 * 64)), RCQ_PAGE1);
    spq_post(0, 6, 0, 0);
    ck_assert_uint_eq(ql8400_ld32(mem(RCQ_PAGE1) + 4), 6u << 24);
}
END_TEST

START_TEST(malformed_ramrods_are_reported_not_completed)
{
    spq_post(8, 1, 0, DATA);
    /* data that maps nothing */
    spq_post(0, 1, 0, 0xdead0000000ull);
    /* an unknown common command, an ETH command on an unknown cid */
    spq_post(8, 60, 0, DATA);
    spq_post(0, 7, 99, 0);
    ck_assert_uint_ge(ql8400_log_guest_errors, 3);
    ck_assert_uint_eq(eq_prod(), 1);        /* only FUNCTION_START */
    /* a producer beyond the ring */
    ql8400_grc_write(c, 0x42c008, 300, 2);
    ck_assert_uint_ge(ql8400_log_guest_errors, 4);
}
END_TEST

START_TEST(attention_messages_follow_lines_and_acks)
{
    /* NIG attention (bit 8) asserts */
    ql8400_attn_set_line(c, 8, true);
    ck_assert_uint_eq(ql8400_ld32(mem(DEF_SB)), 0x100);
    ck_assert_uint_eq(ql8400_ld32(mem(DEF_SB + 4)), 0);
    ck_assert_uint_eq(ql8400_ld16(mem(DEF_SB + 0xa)), 1);
    ck_assert_uint_eq(h->msix_count[0], 1);
    /* the driver acks the assertion: ATTN_BIT_SET, polls the ack bits */
    igu_ack(DSB_ID, 1, 0, false, 1);        /* ISR: disable */
    wr(0x442d08, 0x100);
    ck_assert_uint_eq(rd(0x130108), 0x100);
    igu_ack(DSB_ID, 2, 1, true, 0);
    /* the source drops: deassertion message */
    ql8400_attn_set_line(c, 8, false);
    ck_assert_uint_eq(ql8400_ld32(mem(DEF_SB)), 0);
    ck_assert_uint_eq(ql8400_ld32(mem(DEF_SB + 4)), 0x100);
    ck_assert_uint_eq(ql8400_ld16(mem(DEF_SB + 0xa)), 2);
    wr(0x442d10, ~0x100u);
    ck_assert_uint_eq(rd(0x130108), 0);
    /* a new attention address starts afresh */
    wr(0x130120, (uint32_t)DEF_SB);
    ck_assert_uint_eq(rd(0x130108), 0);
}
END_TEST

START_TEST(single_isr_mode_collects_vectors)
{
    /* INTx: SINGLE_ISR | INT_LINE | ATTN | FUNC */
    wr(0x130154, 0x1d);
    spq_post(8, 1, 0, DATA);
    ck_assert(h->intx);
    ck_assert_uint_eq(rd(0x442d20), 1);     /* SISR: vector 0, masks it */
    ck_assert(!h->intx);
    ck_assert_uint_eq(rd(0x442d20), 0);
}
END_TEST

Suite *slowpath_suite(void)
{
    Suite *s = suite_create("slowpath");
    TCase *tc = tcase_create("spq_eq_igu");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, function_start_completes_on_the_eq);
    tcase_add_test(tc, igu_holds_interrupts_until_enabled);
    tcase_add_test(tc, eq_wraps_over_the_next_page_element);
    tcase_add_test(tc, eq_overrun_is_reported_not_written);
    tcase_add_test(tc, stat_query_writes_the_sequence_counters);
    tcase_add_test(tc, client_setup_completes_on_its_rcq);
    tcase_add_test(tc, rcq_follows_its_next_page_pointer);
    tcase_add_test(tc, malformed_ramrods_are_reported_not_completed);
    tcase_add_test(tc, attention_messages_follow_lines_and_acks);
    tcase_add_test(tc, single_isr_mode_collects_vectors);
    suite_add_tcase(s, tc);
    return s;
}
