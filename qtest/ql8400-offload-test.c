/*
 * qtests of ql8400's iSCSI offload through the PCI function, with no
 * guest OS: the test plays bnx2x, cnic and bnx2i. It brings the port up
 * and starts the function through BAR0, sends iscsiuio's ARP through an
 * L2 queue, posts the L5CM ramrods on the slow-path queue and reads the
 * KCQ, writes WQEs into the SQ and rings BAR2, arms the CQ and reads CQEs
 * and RQ entries, all laid out in guest memory as the Linux drivers lay
 * them out. The connection goes through QEMU's user network to a tgtd the
 * test starts on 127.0.0.1 (10.0.2.2 as the adapter sees it).
 *
 * Interrupts are not used: the test polls the cnic status block, and
 * steps the virtual clock (the device's timers) as real time passes.
 * Every wait is bounded.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include <sys/prctl.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include "qemu/bswap.h"
#include "libqtest.h"
#include "ql8400-fixture.h"
#include "standard-headers/linux/pci_regs.h"

/* --- constants: the drivers', written out ------------------------------ */

/* storm RAM of PF0 (7.13 IRO offsets), the IGU */
#define CSTORM_SB_DATA(sb)          (0x41c000 + 0x40 * (sb))
#define CSTORM_ISCSI_EQ_PROD        0x416040
#define CSTORM_ISCSI_EQ_CONS        0x416042
#define CSTORM_ISCSI_EQ_NEXT_PAGE   0x416044
#define CSTORM_ISCSI_EQ_NEXT_EQE    0x41604c
#define CSTORM_ISCSI_EQ_SB_NUM      0x416054
#define CSTORM_ISCSI_EQ_SB_INDEX    0x416056
#define CSTORM_ISCSI_EQ_VALID       0x416057
#define XSTORM_ISCSI_LOCAL_MAC      0x428080
#define XSTORM_ISCSI_TCP_TTL        0x428040
#define XSTORM_ISCSI_TCP_TOS        0x428041
#define XSTORM_ISCSI_TCP_FLAGS      0x428042
#define XSTORM_ISCSI_TCP_WSCALE     0x428043
#define XSTORM_ISCSI_LOCAL_VLAN     0x428086
#define XSTORM_ISCSI_SQ_SIZE        0x4280c2
#define XSTORM_TCP_DELACK_DWORD     0x424001
#define TSTORM_TCP_DELACK           0x436040
#define TSTORM_ISCSI_NUM_TASKS      0x436004
#define TSTORM_ISCSI_ERROR_MASK     0x4360c0
#define USTORM_ISCSI_CQ_SIZE        0x403044
#define USTORM_ISCSI_RQ_SIZE        0x403084
#define USTORM_ISCSI_RQ_BUF_SIZE    0x403080
#define USTORM_RX_PRODS(qz)         (0x406000 + 0x20 * (qz))
#define IGU_ACK(sb)                 (0x442000 + 8 * (sb))

/* slow-path queue: connection types and commands */
#define CONN_TYPE_ISCSI             3
#define RAMROD_CFC_DEL              4
#define RAMROD_ISCSI_UPDATE         0x12
#define EQE_CFC_DEL                 3

/* KCQEs */
#define KCQE_LAYER_L4               4
#define KCQE_LAYER_ISCSI            6
#define KCQE_RAMROD_COMPLETION      (1u << 27)
#define KCQE_L4_CLOSE_COMP          53
#define KCQE_L4_RESET_COMP          54
#define KCQE_L4_CONNECT_COMPLETE    56
#define KCQE_L4_CLOSE_RECEIVED      58
#define KCQE_L5CM_TCP_CONNECT       0x83
#define KCQE_L5CM_CLOSE             0x8c
#define KCQE_L5CM_ABORT             0x8d
#define KCQE_L5CM_SEARCHER_DELETE   0x8e
#define KCQE_L5CM_TERMINATE_OFFLOAD 0x8f
#define KCQE_ISCSI_UPDATE_CONN      0x12
#define KCQE_ISCSI_CQ_NOTIFICATION  0x20
#define KCQE_ISCSI_ERROR            0x21

/* iSCSI */
#define ISCSI_OP_SCSI_CMD           0x01
#define ISCSI_OP_LOGIN_REQ          0x03
#define ISCSI_OP_LOGOUT_REQ         0x06
#define ISCSI_OP_SCSI_RSP           0x21
#define ISCSI_OP_LOGIN_RSP          0x23
#define ISCSI_OP_DATA_IN            0x25
#define ISCSI_OP_LOGOUT_RSP         0x26
#define ISCSI_IMMEDIATE             0x40
#define ISCSI_LOGIN_TRANSIT         0x80
#define ISCSI_CMD_READ              0x40
#define ISCSI_CMD_ATTR_SIMPLE       0x01
#define STAGE_SECURITY              0
#define STAGE_OPERATIONAL           1
#define STAGE_FULL_FEATURE          3
#define SCSI_CHECK_CONDITION        2
#define SENSE_UNIT_ATTENTION        6

/* the function, the connection and its queues */
#define ETH_SB_ID                   1
#define CNIC_SB_ID                  2
#define CNIC_SB_KCQ_INDEX           6
#define ETH_CID                     0
#define CID                         33      /* the HW CID cnic allocated */
#define L5_CID                      7       /* bnx2i's connection index */
#define SQ_SIZE                     128
#define CQ_SIZE                     192
#define RQ_SIZE                     16
#define RQ_BUF_SIZE                 256
#define NUM_TASKS                   128
#define MP_BUF_LEN                  8192
#define MAX_RECV_DSL                8192
#define LOCAL_PORT                  40007

#define BLOCK                       512
#define LUN_BYTES                   (8 * 1024 * 1024)
#define DATA_BYTES                  (4 * 1024 * 1024)  /* t->data */
#define TARGET_IQN                  "iqn.2026-12.org.qemu:ql8400-offload"
#define INITIATOR_IQN               "iqn.1994-05.com.redhat:ql8400-qtest"

#define STEP_MS                     10000   /* the bound of one step */
#define MAX_KCQES                   512
#define CQE_QUEUE                   64

/*
 * A failed check with a message: an assertion, so that the abort handlers
 * stop QEMU and tgtd (g_error() traps without them).
 */
#define fail(...) do {                                                  \
        g_autofree char *fail_msg_ = g_strdup_printf(__VA_ARGS__);      \
        g_assertion_message(G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, \
                            fail_msg_);                                 \
    } while (0)

static const uint8_t iscsi_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };
/* slirp's hosts answer as 52:55 and their IPv4 address */
static const uint8_t gw_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
static const uint8_t local_ip[4] = { 10, 0, 2, 15 };
static const uint8_t target_ip[4] = { 10, 0, 2, 2 };

/* --- tgtd ---------------------------------------------------------------- */

typedef struct Tgtd {
    GPid pid;
    int port;
    int ctl;
    char *dir;
    char *lun;
    char *log;
} Tgtd;

static uint8_t lun_byte(uint64_t off)
{
    uint64_t block = off / BLOCK;

    return block * 37 + (block >> 8) * 11 + (off % BLOCK) * 13;
}

static bool tgtadm(Tgtd *t, char **out, ...)
{
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    GSpawnFlags flags = G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL;
    const char *a;
    va_list ap;
    int status = -1;
    bool ok;

    g_ptr_array_add(argv, g_strdup("tgtadm"));
    g_ptr_array_add(argv, g_strdup("-C"));
    g_ptr_array_add(argv, g_strdup_printf("%d", t->ctl));
    va_start(ap, out);
    while ((a = va_arg(ap, const char *))) {
        g_ptr_array_add(argv, g_strdup(a));
    }
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    if (!out) {
        flags |= G_SPAWN_STDOUT_TO_DEV_NULL;
    }
    ok = g_spawn_sync(NULL, (char **)argv->pdata, NULL, flags, NULL, NULL,
                      out, NULL, &status, NULL) &&
         WIFEXITED(status) && WEXITSTATUS(status) == 0;
    g_ptr_array_free(argv, true);
    return ok;
}

/* tgtd's stderr to its log; gone when the test process is */
static void tgtd_child_setup(gpointer opaque)
{
    int fd = open(opaque, O_WRONLY | O_CREAT | O_APPEND, 0644);

    if (fd >= 0) {
        dup2(fd, 2);
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static int free_tcp_port(void)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

    g_assert_cmpint(fd, >=, 0);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
        getsockname(fd, (struct sockaddr *)&sa, &len) == 0) {
        port = ntohs(sa.sin_port);
    }
    close(fd);
    return port;
}

/* tgtd's control channel: a unix socket named after a number */
static int free_control_port(void)
{
    int i;

    for (i = 0; i < 100; i++) {
        int p = g_random_int_range(1000, 31000);
        g_autofree char *path = g_strdup_printf("/run/tgtd/socket.%d", p);

        if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
            return p;
        }
    }
    return -1;
}

static void tgtd_remove_files(Tgtd *t)
{
    g_autofree char *sock = g_strdup_printf("/run/tgtd/socket.%d", t->ctl);
    g_autofree char *lock = g_strdup_printf("/run/tgtd/socket.%d.lock",
                                            t->ctl);

    unlink(sock);
    unlink(lock);
    if (t->lun) {
        unlink(t->lun);
    }
    if (t->log) {
        unlink(t->log);
    }
    if (t->dir) {
        rmdir(t->dir);
    }
}

/* an assertion failed: no time for tgtadm */
static void tgtd_abort(void *opaque)
{
    Tgtd *t = opaque;

    if (t->pid > 0) {
        kill(t->pid, SIGKILL);
        waitpid(t->pid, NULL, 0);
        t->pid = 0;
    }
    tgtd_remove_files(t);
}

static bool tgtd_exited(Tgtd *t, int ms)
{
    gint64 end = g_get_monotonic_time() + ms * 1000ll;

    do {
        if (waitpid(t->pid, NULL, WNOHANG) == t->pid) {
            return true;
        }
        g_usleep(20 * 1000);
    } while (g_get_monotonic_time() < end);
    return false;
}

/* as tests/host-services.sh stops it: no target, then told to go */
static void tgtd_stop(gpointer opaque)
{
    Tgtd *t = opaque;

    qtest_remove_abrt_handler(t);
    if (t->pid > 0) {
        tgtadm(t, NULL, "--lld", "iscsi", "--mode", "target", "--op",
               "delete", "--force", "--tid", "1", NULL);
        tgtadm(t, NULL, "--mode", "sys", "--op", "delete", NULL);
        if (!tgtd_exited(t, 5000)) {
            kill(t->pid, SIGKILL);
            waitpid(t->pid, NULL, 0);
        }
        g_spawn_close_pid(t->pid);
        t->pid = 0;
    }
    tgtd_remove_files(t);
    g_free(t->dir);
    g_free(t->lun);
    g_free(t->log);
    g_free(t);
}

static void write_lun(const char *path)
{
    g_autofree uint8_t *buf = g_malloc(LUN_BYTES);
    size_t i;

    for (i = 0; i < LUN_BYTES; i++) {
        buf[i] = lun_byte(i);
    }
    g_assert_true(g_file_set_contents(path, (char *)buf, LUN_BYTES, NULL));
}

/*
 * A tgtd with one target and a LUN 1 of LUN_BYTES holding lun_byte(),
 * stopped when the test ends. NULL (the test skipped) without tgt.
 */
static Tgtd *tgtd_start(void)
{
    g_autofree char *tgtd_bin = g_find_program_in_path("tgtd");
    g_autofree char *tgtadm_bin = g_find_program_in_path("tgtadm");
    g_autofree char *cport = NULL, *portal = NULL;
    char *argv[7];
    Tgtd *t;
    gint64 end;

    if (!tgtd_bin || !tgtadm_bin) {
        g_test_skip("tgtd/tgtadm not installed");
        return NULL;
    }
    if (geteuid() != 0) {
        g_test_skip("tgtd needs root");
        return NULL;
    }
    t = g_new0(Tgtd, 1);
    t->dir = g_dir_make_tmp("ql8400-tgtd-XXXXXX", NULL);
    g_assert_nonnull(t->dir);
    t->lun = g_build_filename(t->dir, "lun1.img", NULL);
    t->log = g_build_filename(t->dir, "tgtd.log", NULL);
    t->port = free_tcp_port();
    t->ctl = free_control_port();
    g_assert_cmpint(t->port, >, 0);
    g_assert_cmpint(t->ctl, >, 0);
    write_lun(t->lun);

    cport = g_strdup_printf("%d", t->ctl);
    portal = g_strdup_printf("portal=127.0.0.1:%d", t->port);
    argv[0] = tgtd_bin;
    argv[1] = (char *)"-f";
    argv[2] = (char *)"-C";
    argv[3] = cport;
    argv[4] = (char *)"--iscsi";
    argv[5] = portal;
    argv[6] = NULL;
    g_assert_true(g_spawn_async(NULL, argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD |
                                G_SPAWN_STDOUT_TO_DEV_NULL,
                                tgtd_child_setup, t->log, &t->pid, NULL));
    qtest_add_abrt_handler(tgtd_abort, t);
    g_test_queue_destroy(tgtd_stop, t);

    end = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
    while (!tgtadm(t, NULL, "--mode", "sys", "--op", "show", NULL)) {
        g_assert_cmpint(waitpid(t->pid, NULL, WNOHANG), ==, 0);
        g_assert_cmpint(g_get_monotonic_time(), <, end);
        g_usleep(50 * 1000);
    }
    g_assert_true(tgtadm(t, NULL, "--lld", "iscsi", "--mode", "target",
                         "--op", "new", "--tid", "1", "-T", TARGET_IQN,
                         NULL));
    g_assert_true(tgtadm(t, NULL, "--lld", "iscsi", "--mode", "logicalunit",
                         "--op", "new", "--tid", "1", "--lun", "1", "-b",
                         t->lun, NULL));
    g_assert_true(tgtadm(t, NULL, "--lld", "iscsi", "--mode", "target",
                         "--op", "bind", "--tid", "1", "-I", "ALL", NULL));
    return t;
}

/* --- the host side ------------------------------------------------------- */

typedef struct Kcqe {
    uint8_t op;
    uint8_t layer;
    bool ramrod;
    uint32_t w0;
    uint32_t w4;
    uint32_t w8;
    uint16_t status;            /* L4: +18 */
} Kcqe;

typedef struct Offload {
    Fixture f;
    QTestState *qts;
    Tgtd *tgtd;

    /* bnx2x: default SB, SPQ, EQ; the L2 queue iscsiuio's ARP goes by */
    uint64_t def_sb, spq, eq, eth_sb, rcq, tx_ring, frame;
    unsigned spq_prod;
    uint16_t tx_prod;

    /* cnic: its SB, the KCQ, the ramrod data slot, the context */
    uint64_t cnic_sb, kcq[2], conn_buf, ctx;
    uint16_t kcq_cons;
    Kcqe kcqes[MAX_KCQES];
    unsigned n_kcqes;
    unsigned ev_cursor;             /* events (KCQEs but 0x20) taken */
    unsigned notifications;         /* KCQE 0x20 */
    unsigned notifications_handled;

    /* bnx2i: the rings of the connection, its buffers */
    uint64_t sq_pt, sq_page[2], cq_pt, cq_page[3], rq_pt, rq_page;
    uint64_t bd_tbl, mp_bds, login_req, login_resp, dummy, data;
    uint16_t sq_prod;
    uint32_t cq_cons;
    uint32_t cq_exp_sn;
    uint16_t rq_prod;
    uint32_t rq_cons;
    uint8_t cqe_queue[CQE_QUEUE][64];
    unsigned cqe_head;
    unsigned cqe_count;
    unsigned next_task;

    /* the session */
    uint8_t isid[6];
    uint32_t cmdsn;
    uint32_t exp_statsn;
    uint16_t tsih;
    uint32_t max_xmit;
    uint32_t first_burst;
    uint32_t max_burst;
    bool initial_r2t;
    bool immediate;
} Offload;

static void wr8(Offload *t, uint32_t addr, uint8_t val)
{
    qpci_io_writeb(t->f.dev, t->f.regs, addr, val);
}

static void wr16(Offload *t, uint32_t addr, uint16_t val)
{
    grc_wr16(&t->f, addr, val);
}

static void wr32(Offload *t, uint32_t addr, uint32_t val)
{
    grc_wr(&t->f, addr, val);
}

static void wr64(Offload *t, uint32_t addr, uint64_t val)
{
    grc_wr64(&t->f, addr, val);
}

/* guest memory: little-endian fields of a buffer */
static uint64_t mem_alloc(Offload *t, size_t size)
{
    return guest_mem(&t->f, size);
}

/* One round of waiting: real time for slirp and tgtd, the same virtual. */
static void step(Offload *t)
{
    g_usleep(1000);
    qtest_clock_step(t->qts, 1000 * 1000);
}

/* --- the link ------------------------------------------------------------ */

/* --- bnx2x: the slow path and an L2 queue -------------------------------- */

static void spq_post(Offload *t, unsigned conn_type, unsigned cmd,
                     uint32_t cid, uint64_t data)
{
    fixture_spq_post(&t->f, t->spq, &t->spq_prod, conn_type, cmd, cid, data);
}

static uint16_t eq_prod(Offload *t)
{
    return qtest_readw(t->qts, t->def_sb + 0x10 + 2 * 7);
}

/* What bnx2x_nic_load programs, FUNCTION_START, one queue for L2. */
static void function_start(Offload *t)
{
    uint8_t d[0x78] = { 0 };

    wr64(t, CSTORM_SP_SB_DATA, t->def_sb + 0x10);
    wr32(t, CSTORM_SP_SB_DATA + 8, DSB_ID | 1 << 8 | 1 << 16);
    wr64(t, XSEM_FAST_SPQ_DATA, t->spq);
    wr32(t, XSEM_FAST_SPQ_DATA + 8, 0);
    wr64(t, CSTORM_EVENT_RING_DATA, t->eq);
    wr32(t, CSTORM_EVENT_RING_DATA + 8, 256);
    spq_post(t, CONN_TYPE_NONE, RAMROD_FUNCTION_START, 0, t->conn_buf);
    g_assert_cmpuint(eq_prod(t), ==, 1);
    g_assert_cmpuint(qtest_readb(t->qts, t->eq), ==, RAMROD_FUNCTION_START);
    g_assert_cmpuint(qtest_readb(t->qts, t->eq + 1), ==, 0);

    /* the queue's SB; a TX ring of two pages, no RX filter: no RX */
    wr64(t, CSTORM_SB_DATA(ETH_SB_ID) + 0x10, t->eth_sb);
    wr32(t, CSTORM_SB_DATA(ETH_SB_ID) + 0x18, ETH_SB_ID << 16);
    wr32(t, CSTORM_SB_DATA(ETH_SB_ID) + 0x2c, 1 << 16);
    wr32(t, IGU_ACK(ETH_SB_ID), 0);
    wr32(t, USTORM_RX_PRODS(0), 8);             /* RCQ room, no RX BDs */
    qtest_writeq(t->qts, t->tx_ring + 16 * 255, t->tx_ring + 0x1000);
    qtest_writeq(t->qts, t->tx_ring + 0x1000 + 16 * 255, t->tx_ring);
    qtest_memset(t->qts, t->rcq, 0xff, 0x1000);
    d[0x00] = 0;                                    /* client */
    d[0x04] = 1;                                    /* active */
    stw_le_p(d + 0x06, 1500);
    d[0x13] = 6;
    d[0x16] = 0;                                    /* queue zone */
    d[0x1d] = ETH_SB_ID;
    d[0x1e] = 1;
    stw_le_p(d + 0x22, 1534);
    stq_le_p(d + 0x38, t->rcq);
    d[0x61] = ETH_SB_ID;
    d[0x62] = 5;
    stq_le_p(d + 0x68, t->tx_ring);
    qtest_memwrite(t->qts, t->conn_buf, d, sizeof(d));
    spq_post(t, CONN_TYPE_ETH, RAMROD_ETH_CLIENT_SETUP, ETH_CID, t->conn_buf);
    g_assert_cmpuint(qtest_readb(t->qts, t->rcq) & 3, ==, 1);   /* ramrod */
}

/* One frame out of the L2 queue: start BD, parse BD, doorbell. */
static void l2_send(Offload *t, const uint8_t *frame, size_t len)
{
    uint8_t bd[16] = { 0 };

    qtest_memwrite(t->qts, t->frame, frame, len);
    stq_le_p(bd, t->frame);
    stw_le_p(bd + 8, 2);                            /* nbd */
    stw_le_p(bd + 0xa, len);
    bd[0xe] = 1 << 4;                               /* start BD */
    bd[0xf] = 1;
    qtest_memwrite(t->qts, t->tx_ring + 16 * t->tx_prod, bd, sizeof(bd));
    memset(bd, 0, sizeof(bd));
    qtest_memwrite(t->qts, t->tx_ring + 16 * (t->tx_prod + 1), bd,
                   sizeof(bd));
    t->tx_prod += 2;
    g_assert_cmpuint(t->tx_prod, <, 255);
    qpci_io_writel(t->f.dev, t->f.doorbells, ETH_CID * 8,
                   (uint32_t)t->tx_prod << 16 | 2);
}

/*
 * iscsiuio's ARP request for the target, from the iSCSI MAC and address:
 * slirp learns where the adapter is (its answer the port filters out).
 */
static void arp_for_target(Offload *t)
{
    uint8_t f[60] = { 0 };

    memset(f, 0xff, 6);
    memcpy(f + 6, iscsi_mac, 6);
    stw_be_p(f + 12, 0x0806);
    stw_be_p(f + 14, 1);                            /* Ethernet */
    stw_be_p(f + 16, 0x0800);                       /* IPv4 */
    f[18] = 6;
    f[19] = 4;
    stw_be_p(f + 20, 1);                            /* request */
    memcpy(f + 22, iscsi_mac, 6);
    memcpy(f + 28, local_ip, 4);
    memcpy(f + 38, target_ip, 4);
    l2_send(t, f, sizeof(f));
}

/* --- cnic: KCQ, events ---------------------------------------------------- */

static void pump_kcq(Offload *t)
{
    uint16_t prod = qtest_readw(t->qts, t->cnic_sb + 2 * CNIC_SB_KCQ_INDEX);

    while (t->kcq_cons != prod) {
        uint8_t e[32];
        uint32_t op_flag;
        Kcqe *k;

        if (t->kcq_cons % 128 == 127) {
            t->kcq_cons++;                          /* the chain slot */
            continue;
        }
        qtest_memread(t->qts, t->kcq[t->kcq_cons / 128 % 2] +
                      32 * (t->kcq_cons % 128), e, sizeof(e));
        t->kcq_cons++;
        g_assert_cmpuint(t->n_kcqes, <, MAX_KCQES);
        k = &t->kcqes[t->n_kcqes++];
        op_flag = ldl_le_p(e + 28);
        k->op = op_flag >> 16;
        k->layer = op_flag >> 28 & 7;
        k->ramrod = op_flag & KCQE_RAMROD_COMPLETION;
        k->w0 = ldl_le_p(e);
        k->w4 = ldl_le_p(e + 4);
        k->w8 = ldl_le_p(e + 8);
        k->status = lduw_le_p(e + 18);
        if (g_test_verbose()) {
            g_test_message("KCQE 0x%02x layer %u%s %u %u %u status 0x%x",
                           k->op, k->layer, k->ramrod ? " ramrod" : "",
                           k->w0, k->w4, k->w8, k->status);
        }
        /* whom cnic routes it to */
        g_assert_cmpuint(op_flag >> 31, ==, 0);
        if (k->layer == KCQE_LAYER_L4) {
            g_assert_cmpuint(k->op & 0x80 ? k->w0 : k->w8, ==, L5_CID);
            g_assert_cmpuint(k->ramrod, ==, !!(k->op & 0x80));
        } else {
            g_assert_cmpuint(k->layer, ==, KCQE_LAYER_ISCSI);
            g_assert_cmpuint(k->w0, ==, L5_CID);
            g_assert_cmpuint(k->w8, ==, CID);
            g_assert_cmpuint(k->ramrod, ==, k->op == KCQE_ISCSI_UPDATE_CONN);
            if (k->op == KCQE_ISCSI_CQ_NOTIFICATION) {
                t->notifications++;
            }
        }
    }
}

static bool event_pending(Offload *t)
{
    pump_kcq(t);
    while (t->ev_cursor < t->n_kcqes &&
           t->kcqes[t->ev_cursor].layer == KCQE_LAYER_ISCSI &&
           t->kcqes[t->ev_cursor].op == KCQE_ISCSI_CQ_NOTIFICATION) {
        t->ev_cursor++;
    }
    return t->ev_cursor < t->n_kcqes;
}

/* The next KCQE but a CQ notification, not taken; NULL after timeout. */
static const Kcqe *peek_event(Offload *t, int timeout_ms)
{
    gint64 end = g_get_monotonic_time() + timeout_ms * 1000ll;

    while (!event_pending(t)) {
        if (g_get_monotonic_time() >= end) {
            return NULL;
        }
        step(t);
    }
    return &t->kcqes[t->ev_cursor];
}

static const Kcqe *expect_event(Offload *t, uint8_t op, int timeout_ms)
{
    const Kcqe *k = peek_event(t, timeout_ms);

    if (!k) {
        fail("no KCQE 0x%02x within %d ms", op, timeout_ms);
    }
    if (k->op != op) {
        fail("KCQE 0x%02x (status 0x%x/0x%x) where 0x%02x was expected",
                k->op, k->w4, k->status, op);
    }
    t->ev_cursor++;
    return k;
}

/* cnic_start_bnx2x_hw, cnic_cm_init_bnx2x_hw, bnx2i's INIT1/INIT2 */
static void cnic_start(Offload *t)
{
    unsigned i;

    wr64(t, CSTORM_SB_DATA(CNIC_SB_ID) + 0x10, t->cnic_sb);
    wr8(t, CSTORM_SB_DATA(CNIC_SB_ID) + 0x1a, CNIC_SB_ID);
    wr8(t, CSTORM_SB_DATA(CNIC_SB_ID) + 0x2e, 1);
    /* the KCQ: two pages chained in their last element */
    qtest_writeq(t->qts, t->kcq[0] + 127 * 32, t->kcq[1]);
    qtest_writeq(t->qts, t->kcq[1] + 127 * 32, t->kcq[0]);
    wr16(t, CSTORM_ISCSI_EQ_CONS, 0x7ff);
    wr32(t, CSTORM_ISCSI_EQ_PROD, 0);
    wr64(t, CSTORM_ISCSI_EQ_NEXT_EQE, t->kcq[1]);
    wr64(t, CSTORM_ISCSI_EQ_NEXT_PAGE, t->kcq[0]);
    wr8(t, CSTORM_ISCSI_EQ_VALID, 1);
    wr16(t, CSTORM_ISCSI_EQ_SB_NUM, CNIC_SB_ID);
    wr8(t, CSTORM_ISCSI_EQ_SB_INDEX, CNIC_SB_KCQ_INDEX);
    /* the connection manager's values */
    for (i = 0; i < 6; i++) {
        wr8(t, XSTORM_ISCSI_LOCAL_MAC + i, iscsi_mac[i]);
    }
    wr8(t, XSTORM_ISCSI_TCP_FLAGS, 0x04);           /* window scaling */
    wr16(t, TSTORM_TCP_DELACK, 0x1000);
    wr16(t, XSTORM_ISCSI_LOCAL_VLAN, 0);
    wr8(t, XSTORM_ISCSI_TCP_TTL, 0xfe);
    wr8(t, XSTORM_ISCSI_TCP_TOS, 0);
    wr8(t, XSTORM_ISCSI_TCP_WSCALE, 2);
    wr32(t, XSTORM_TCP_DELACK_DWORD, 2);            /* at an odd address */
    /* INIT1: tasks and queue sizes; INIT2: bnx2i's error mask */
    wr16(t, TSTORM_ISCSI_NUM_TASKS, NUM_TASKS);
    wr16(t, XSTORM_ISCSI_SQ_SIZE, SQ_SIZE);
    wr16(t, USTORM_ISCSI_CQ_SIZE, CQ_SIZE);
    wr16(t, USTORM_ISCSI_RQ_SIZE, RQ_SIZE);
    wr16(t, USTORM_ISCSI_RQ_BUF_SIZE, RQ_BUF_SIZE);
    wr32(t, TSTORM_ISCSI_ERROR_MASK, 0x08008000);
    wr32(t, TSTORM_ISCSI_ERROR_MASK + 4, 0x00000001);
}

/* --- bnx2i's queues ------------------------------------------------------ */

/* The page tables (pages out of order), CQ disarmed, RQ all posted. */
static void queues_init(Offload *t)
{
    uint8_t bd[16];
    unsigned i;

    for (i = 0; i < 2; i++) {
        qtest_writeq(t->qts, t->sq_pt + 16 + 8 * i, t->sq_page[i]);
    }
    for (i = 0; i < 3; i++) {
        qtest_writeq(t->qts, t->cq_pt + 80 + 8 * i, t->cq_page[i]);
    }
    qtest_writeq(t->qts, t->rq_pt + 64, t->rq_page);
    for (i = 0; i < 8; i++) {
        qtest_writew(t->qts, t->cq_pt + 48 + 2 * i, 0xffff);
    }
    t->rq_prod = 0x8000;
    qtest_writew(t->qts, t->rq_pt, t->rq_prod);
    t->cq_exp_sn = 1;

    /* the middle path's request, response and dummy BDs */
    memset(bd, 0, sizeof(bd));
    stl_le_p(bd, t->login_req >> 32);
    stl_le_p(bd + 4, t->login_req);
    stw_le_p(bd + 8, MP_BUF_LEN);
    qtest_memwrite(t->qts, t->mp_bds, bd, sizeof(bd));
    stl_le_p(bd, t->login_resp >> 32);
    stl_le_p(bd + 4, t->login_resp);
    qtest_memwrite(t->qts, t->mp_bds + 16, bd, sizeof(bd));
    stl_le_p(bd, t->dummy >> 32);
    stl_le_p(bd + 4, t->dummy);
    stw_le_p(bd + 8, 4096);
    qtest_memwrite(t->qts, t->mp_bds + 32, bd, sizeof(bd));
}

/* bnx2i_put_rq_buf */
static void rq_put(Offload *t, unsigned count)
{
    uint16_t hi = t->rq_prod & 0x8000;

    t->rq_prod = (t->rq_prod & 0x7fff) + count;
    if (t->rq_prod > RQ_SIZE) {
        t->rq_prod %= RQ_SIZE;
        if (!hi) {
            t->rq_prod |= 0x8000;
        }
    } else {
        t->rq_prod |= hi;
    }
    qtest_writew(t->qts, t->rq_pt, t->rq_prod);
}

/* The WQE, the SQ producer in its record, the doorbell (0x30: iSCSI). */
static void post_wqe(Offload *t, const uint8_t *w)
{
    unsigned slot = t->sq_prod % SQ_SIZE;

    qtest_memwrite(t->qts, t->sq_page[slot / 64] + 64 * (slot % 64), w, 64);
    t->sq_prod++;
    qtest_writew(t->qts, t->sq_pt, t->sq_prod);
    qpci_io_writel(t->f.dev, t->f.doorbells, CID * 8,
                   CONN_TYPE_ISCSI << 4);
}

static uint64_t cq_entry(Offload *t, uint32_t k)
{
    unsigned slot = k % CQ_SIZE;

    return t->cq_page[slot / 64] + 64 * (slot % 64);
}

static bool cqe_ready(Offload *t)
{
    return qtest_readl(t->qts, cq_entry(t, t->cq_cons) + 60) == t->cq_exp_sn;
}

/* bnx2i_arm_cq_event_coalescing: only once the chip disarmed it */
static void cq_arm(Offload *t)
{
    uint16_t sqn = qtest_readw(t->qts, t->cq_pt + 48);

    if (sqn == 0 || sqn == 0xffff) {
        qtest_writew(t->qts, t->cq_pt + 48, t->cq_exp_sn);
    }
}

/* bnx2i_process_new_cqes: takes what the CQ holds */
static void drain_cq(Offload *t)
{
    while (cqe_ready(t)) {
        g_assert_cmpuint(t->cqe_count, <, CQE_QUEUE);
        qtest_memread(t->qts, cq_entry(t, t->cq_cons),
                      t->cqe_queue[(t->cqe_head + t->cqe_count++) %
                                   CQE_QUEUE], 64);
        t->cq_cons++;
        t->cq_exp_sn = t->cq_exp_sn == 2 * CQ_SIZE ? 1 : t->cq_exp_sn + 1;
    }
}

/*
 * The next CQE as bnx2i gets it: the CQ armed, a KCQE 0x20, the CQ
 * drained and armed again.
 */
static bool wait_cqe(Offload *t, uint8_t *cqe, int timeout_ms)
{
    gint64 end = g_get_monotonic_time() + timeout_ms * 1000ll;

    while (!t->cqe_count) {
        cq_arm(t);
        pump_kcq(t);
        while (t->notifications == t->notifications_handled) {
            if (g_get_monotonic_time() >= end) {
                return false;
            }
            step(t);
            pump_kcq(t);
        }
        t->notifications_handled = t->notifications;
        drain_cq(t);
        cq_arm(t);
    }
    memcpy(cqe, t->cqe_queue[t->cqe_head], 64);
    t->cqe_head = (t->cqe_head + 1) % CQE_QUEUE;
    t->cqe_count--;
    return true;
}

static uint16_t new_task(Offload *t)
{
    t->next_task = (t->next_task + 1) % 64;
    return t->next_task;
}

/* --- WQEs as bnx2i_hwi.c builds them ------------------------------------- */

static void wqe_login(Offload *t, uint8_t *w, uint16_t task, uint8_t flags,
                      uint32_t dlen)
{
    memset(w, 0, 64);
    w[2] = flags;
    w[3] = ISCSI_OP_LOGIN_REQ | ISCSI_IMMEDIATE;
    stl_le_p(w + 4, dlen);
    memcpy(w + 8, t->isid, 4);                      /* raw wire bytes */
    stw_be_p(w + 12, t->tsih);
    memcpy(w + 14, t->isid + 4, 2);
    stw_le_p(w + 16, task | 2 << 14);
    stl_le_p(w + 24, t->cmdsn);
    stl_le_p(w + 28, t->exp_statsn);
    stq_le_p(w + 36, t->mp_bds + 16);               /* response BD */
    stl_le_p(w + 44, 1u << 24 | MP_BUF_LEN);
    w[48] = 0x04;                                   /* UPDATE_EXP_STAT_SN */
    stq_le_p(w + 52, t->mp_bds);                    /* request BD */
    w[60] = 1;
}

static void wqe_logout(Offload *t, uint8_t *w, uint16_t task)
{
    memset(w, 0, 64);
    w[2] = 0x80;                                    /* close the session */
    w[3] = ISCSI_OP_LOGOUT_REQ | ISCSI_IMMEDIATE;
    stw_le_p(w + 16, task | 2 << 14);
    stl_le_p(w + 24, t->cmdsn);
    stq_le_p(w + 52, t->mp_bds + 32);
    w[60] = 1;
}

static void wqe_scsi_cmd(uint8_t *w, uint16_t itt, uint32_t edtl,
                         uint32_t cmdsn, const uint8_t *cdb, uint64_t bd_tbl,
                         unsigned num_bds)
{
    unsigned i;

    memset(w, 0, 64);
    w[2] = ISCSI_CMD_ATTR_SIMPLE | (edtl ? ISCSI_CMD_READ : 0);
    w[3] = ISCSI_OP_SCSI_CMD;
    stl_le_p(w + 8, 0x00010000);                    /* LUN 1 */
    stw_le_p(w + 16, itt);
    stl_le_p(w + 20, edtl);
    stl_le_p(w + 24, cmdsn);
    /* bnx2i_cpy_scsi_cdb: each dword the number its 4 bytes form */
    for (i = 0; i < 4; i++) {
        stl_le_p(w + 32 + 4 * i, ldl_be_p(cdb + 4 * i));
    }
    stq_le_p(w + 52, bd_tbl);
    w[60] = num_bds;
}

/* A BD table: n buffers of bd_len bytes, gap bytes apart, from data on. */
static void bd_table(Offload *t, unsigned n, uint32_t bd_len, uint32_t gap)
{
    g_autofree uint8_t *tbl = g_malloc0(16 * n);
    unsigned i;

    for (i = 0; i < n; i++) {
        uint64_t addr = t->data + (uint64_t)i * (bd_len + gap);

        stl_le_p(tbl + 16 * i, addr >> 32);
        stl_le_p(tbl + 16 * i + 4, addr);
        stw_le_p(tbl + 16 * i + 8, bd_len);
        stw_le_p(tbl + 16 * i + 12, (i == 0 ? 0x80 : 0) |
                 (i == n - 1 ? 0x40 : 0));
    }
    qtest_memwrite(t->qts, t->bd_tbl, tbl, 16 * n);
}

/* --- the connection ------------------------------------------------------ */

/* cnic_setup_bnx2x_ctx and cnic_bnx2x_connect, then TCP_CONNECT. */
static void offload_connect(Offload *t)
{
    uint8_t x[1024] = { 0 }, b[104] = { 0 };
    const Kcqe *k;

    stw_le_p(x + 0x178, L5_CID);
    stq_le_p(x + 0x2f8, t->sq_pt + 16);             /* SQ PBL */
    stq_le_p(x + 0x08c, t->cq_pt + 80);             /* CQ PBL */
    stq_le_p(x + 0x3d8, t->cq_pt);                  /* CQ DB */
    stq_le_p(x + 0x008, t->rq_pt + 64);             /* RQ PBL */
    stq_le_p(x + 0x170, t->rq_pt);                  /* RQ DB */
    stl_le_p(x + 0x0f8, 8192 | 1u << 24);
    stl_le_p(x + 0x0fc, 262144);
    stl_le_p(x + 0x2f0, 65536);
    stl_le_p(x + 0x2f4, 8192);
    x[0x331] = 3;                       /* ImmediateData, InitialR2T */
    qtest_memwrite(t->qts, t->ctx, x, sizeof(x));

    stl_le_p(b + 0, 1500);                          /* MTU */
    memcpy(b + 4, gw_mac, 6);
    stl_le_p(b + 12, ldl_be_p(local_ip));
    stl_le_p(b + 28, ldl_be_p(target_ip));
    stw_le_p(b + 52, LOCAL_PORT);
    stw_le_p(b + 54, t->tgtd->port);    /* slirp: 10.0.2.2 is 127.0.0.1 */
    stw_le_p(b + 62, 0xffff);
    stl_le_p(b + 64, 262144);                       /* receive window */
    stq_le_p(b + 72, t->ctx);
    b[88] = 1;
    b[89] = 3;
    stl_le_p(b + 92, 10000);
    stl_le_p(b + 96, 300000);
    stl_le_p(b + 100, 0xffffffff);
    qtest_memwrite(t->qts, t->conn_buf, b, sizeof(b));
    wr16(t, XSTORM_ISCSI_LOCAL_VLAN, 0);
    spq_post(t, CONN_TYPE_ISCSI, KCQE_L5CM_TCP_CONNECT, CID, t->conn_buf);

    k = expect_event(t, KCQE_L5CM_TCP_CONNECT, STEP_MS);
    g_assert_cmpuint(k->layer, ==, KCQE_LAYER_L4);
    g_assert_true(k->ramrod);
    g_assert_cmpuint(k->status, ==, 0);
    k = expect_event(t, KCQE_L4_CONNECT_COMPLETE, STEP_MS);
    g_assert_cmpuint(k->layer, ==, KCQE_LAYER_L4);
    if (k->status) {
        fail("connect to 10.0.2.2:%d failed: 0x%x", t->tgtd->port,
                k->status);
    }
    cq_arm(t);                          /* bnx2i arms at connect */
}

/* bnx2i_update_iscsi_conn: the negotiated values, ramrod 0x12 */
static void offload_update(Offload *t)
{
    uint8_t u[32] = { 0 };
    const Kcqe *k;

    u[2] = 0x02;
    u[3] = 0x60;
    u[4] = (t->initial_r2t ? 0x04 : 0) | (t->immediate ? 0x08 : 0);
    u[6] = 1;                                       /* MaxOutstandingR2T */
    stl_le_p(u + 8, CID);
    stl_le_p(u + 12, t->max_xmit);
    stl_le_p(u + 16, MAX_RECV_DSL);
    stl_le_p(u + 20, t->first_burst);
    stl_le_p(u + 24, t->max_burst);
    stl_le_p(u + 28, t->exp_statsn);
    qtest_memwrite(t->qts, t->conn_buf, u, sizeof(u));
    spq_post(t, CONN_TYPE_ISCSI, RAMROD_ISCSI_UPDATE, CID, t->conn_buf);
    k = expect_event(t, KCQE_ISCSI_UPDATE_CONN, STEP_MS);
    g_assert_cmpuint(k->layer, ==, KCQE_LAYER_ISCSI);
    g_assert_true(k->ramrod);
    g_assert_cmpuint(k->w4, ==, 0);
}

/* cnic_close_conn after a logout: CLOSE, the FINs, CLOSE_COMP */
static void offload_close(Offload *t)
{
    const Kcqe *k;

    k = peek_event(t, 500);
    if (k && k->op == KCQE_L4_CLOSE_RECEIVED) {
        t->ev_cursor++;                 /* the target closed first */
    }
    spq_post(t, CONN_TYPE_ISCSI, KCQE_L5CM_CLOSE, CID, 0);
    k = expect_event(t, KCQE_L5CM_CLOSE, STEP_MS);
    g_assert_cmpuint(k->w4, ==, 0);
    g_assert_cmpuint(k->status, ==, 0);
    k = peek_event(t, STEP_MS);
    if (k && k->op == KCQE_L4_CLOSE_RECEIVED) {
        t->ev_cursor++;
    }
    k = expect_event(t, KCQE_L4_CLOSE_COMP, STEP_MS);
    g_assert_cmpuint(k->status, ==, 0);
}

/* SEARCHER_DELETE, TERMINATE_OFFLOAD, and bnx2x's CFC_DEL on the EQ */
static void offload_terminate(Offload *t)
{
    uint64_t eqe;
    uint16_t eqp = eq_prod(t);

    spq_post(t, CONN_TYPE_ISCSI, KCQE_L5CM_SEARCHER_DELETE, CID, 0);
    g_assert_true(expect_event(t, KCQE_L5CM_SEARCHER_DELETE,
                               STEP_MS)->ramrod);
    spq_post(t, CONN_TYPE_ISCSI, KCQE_L5CM_TERMINATE_OFFLOAD, CID, 0);
    g_assert_true(expect_event(t, KCQE_L5CM_TERMINATE_OFFLOAD,
                               STEP_MS)->ramrod);
    spq_post(t, CONN_TYPE_NONE, RAMROD_CFC_DEL, CID, 0);
    g_assert_cmpuint(eq_prod(t), ==, eqp + 1);
    eqe = t->eq + 16 * eqp;
    g_assert_cmpuint(qtest_readb(t->qts, eqe), ==, EQE_CFC_DEL);
    g_assert_cmpuint(qtest_readb(t->qts, eqe + 1), ==, 0);
    g_assert_cmpuint(qtest_readl(t->qts, eqe + 4), ==, CID);
}

/* --- iSCSI --------------------------------------------------------------- */

static size_t text_add(char *buf, size_t size, size_t n, const char *key,
                       const char *val)
{
    int len = snprintf(buf + n, size - n, "%s=%s", key, val);

    g_assert_cmpint(len, >, 0);
    g_assert_cmpuint(n + len + 1, <=, size);
    return n + len + 1;
}

/* The value of key in a login response's text, or NULL. */
static const char *text_get(const char *text, uint32_t len, const char *key)
{
    size_t klen = strlen(key);
    uint32_t i = 0;

    while (i < len) {
        const char *kv = text + i;
        size_t n = strnlen(kv, len - i);

        if (n > klen && !memcmp(kv, key, klen) && kv[klen] == '=') {
            return kv + klen + 1;
        }
        i += n + 1;
    }
    return NULL;
}

/* One Login exchange through the SQ; returns the response's flags. */
static uint8_t login_step(Offload *t, uint8_t flags, const char *text,
                          size_t len, char *rsp, uint32_t *rsp_len)
{
    uint16_t task = new_task(t);
    unsigned notes = t->notifications;
    uint8_t w[64], cqe[64];

    qtest_memset(t->qts, t->login_resp, 0, MP_BUF_LEN);
    qtest_memwrite(t->qts, t->login_req, text, len);
    wqe_login(t, w, task, flags, len);
    post_wqe(t, w);
    g_assert_true(wait_cqe(t, cqe, STEP_MS));
    g_assert_cmphex(cqe[3], ==, ISCSI_OP_LOGIN_RSP);
    g_assert_cmphex(lduw_le_p(cqe + 56), ==, task | 2 << 14);
    /* the response came with a CQ notification */
    g_assert_cmpuint(t->notifications, >, notes);
    if (cqe[43] || cqe[42]) {
        fail("login refused: class %u detail %u", cqe[43], cqe[42]);
    }
    g_assert_cmpmem(cqe + 32, 4, t->isid, 4);
    g_assert_cmpmem(cqe + 38, 2, t->isid + 4, 2);
    *rsp_len = ldl_le_p(cqe + 4);
    g_assert_cmpuint(*rsp_len, <, MP_BUF_LEN);
    qtest_memread(t->qts, t->login_resp, rsp, *rsp_len);
    rsp[*rsp_len] = '\0';
    t->exp_statsn = ldl_le_p(cqe + 28) + 1;
    t->tsih = lduw_le_p(cqe + 36);
    t->cmdsn = ldl_le_p(cqe + 8);                   /* ExpCmdSN */
    return cqe[2];
}

/* iscsid's login: security stage, then operational to full feature */
static void login(Offload *t)
{
    static const uint8_t isid[6] = { 0x00, 0x02, 0x3d, 0x00, 0x00, 0x01 };
    g_autofree char *text = g_malloc(MP_BUF_LEN);
    g_autofree char *rsp = g_malloc(MP_BUF_LEN);
    g_autofree char *mrdsl = g_strdup_printf("%u", MAX_RECV_DSL);
    const char *v;
    uint32_t rsp_len;
    uint8_t flags;
    size_t n = 0;

    memcpy(t->isid, isid, 6);
    t->cmdsn = 1;
    t->exp_statsn = 0;
    t->tsih = 0;

    n = text_add(text, MP_BUF_LEN, n, "InitiatorName", INITIATOR_IQN);
    n = text_add(text, MP_BUF_LEN, n, "TargetName", TARGET_IQN);
    n = text_add(text, MP_BUF_LEN, n, "SessionType", "Normal");
    n = text_add(text, MP_BUF_LEN, n, "AuthMethod", "None");
    flags = login_step(t, ISCSI_LOGIN_TRANSIT | STAGE_SECURITY << 2 |
                       STAGE_OPERATIONAL, text, n, rsp, &rsp_len);
    g_assert_cmphex(flags & (ISCSI_LOGIN_TRANSIT | 0xf), ==,
                    ISCSI_LOGIN_TRANSIT | STAGE_SECURITY << 2 |
                    STAGE_OPERATIONAL);
    v = text_get(rsp, rsp_len, "AuthMethod");
    g_assert_cmpstr(v, ==, "None");
    g_assert_nonnull(text_get(rsp, rsp_len, "TargetPortalGroupTag"));

    n = 0;
    n = text_add(text, MP_BUF_LEN, n, "HeaderDigest", "None");
    n = text_add(text, MP_BUF_LEN, n, "DataDigest", "None");
    n = text_add(text, MP_BUF_LEN, n, "ErrorRecoveryLevel", "0");
    n = text_add(text, MP_BUF_LEN, n, "InitialR2T", "Yes");
    n = text_add(text, MP_BUF_LEN, n, "ImmediateData", "Yes");
    n = text_add(text, MP_BUF_LEN, n, "MaxBurstLength", "262144");
    n = text_add(text, MP_BUF_LEN, n, "FirstBurstLength", "65536");
    n = text_add(text, MP_BUF_LEN, n, "MaxOutstandingR2T", "1");
    n = text_add(text, MP_BUF_LEN, n, "MaxConnections", "1");
    n = text_add(text, MP_BUF_LEN, n, "DataPDUInOrder", "Yes");
    n = text_add(text, MP_BUF_LEN, n, "DataSequenceInOrder", "Yes");
    n = text_add(text, MP_BUF_LEN, n, "MaxRecvDataSegmentLength", mrdsl);
    flags = login_step(t, ISCSI_LOGIN_TRANSIT | STAGE_OPERATIONAL << 2 |
                       STAGE_FULL_FEATURE, text, n, rsp, &rsp_len);
    /* full feature phase, in one round */
    g_assert_cmphex(flags & (ISCSI_LOGIN_TRANSIT | 0xf), ==,
                    ISCSI_LOGIN_TRANSIT | STAGE_OPERATIONAL << 2 |
                    STAGE_FULL_FEATURE);
    g_assert_cmpuint(t->tsih, !=, 0);

    /* RFC 7143's values for what the target does not answer */
    v = text_get(rsp, rsp_len, "MaxRecvDataSegmentLength");
    t->max_xmit = v ? atoi(v) : 8192;
    v = text_get(rsp, rsp_len, "InitialR2T");
    t->initial_r2t = !v || !strcmp(v, "Yes");
    v = text_get(rsp, rsp_len, "ImmediateData");
    t->immediate = v ? !strcmp(v, "Yes") : true;
    v = text_get(rsp, rsp_len, "FirstBurstLength");
    t->first_burst = v ? atoi(v) : 65536;
    v = text_get(rsp, rsp_len, "MaxBurstLength");
    t->max_burst = v ? atoi(v) : 262144;
    g_assert_cmpuint(t->max_xmit, >=, 512);
    v = text_get(rsp, rsp_len, "HeaderDigest");
    g_assert_true(!v || !strcmp(v, "None"));
}

static void rw10(uint8_t *cdb, uint8_t op, uint32_t lba, uint16_t blocks)
{
    memset(cdb, 0, 16);
    cdb[0] = op;
    stl_be_p(cdb + 2, lba);
    stw_be_p(cdb + 7, blocks);
}

/*
 * A SCSI command with no data through the SQ, issued again after the
 * UNIT ATTENTION of a new I_T nexus (its sense data in the RQ).
 */
static void test_unit_ready(Offload *t)
{
    uint8_t cdb[16] = { 0 }, w[64], cqe[64], sense[8];
    int round;

    for (round = 0; round < 3; round++) {
        uint16_t task = new_task(t);

        wqe_scsi_cmd(w, task, 0, t->cmdsn++, cdb, t->mp_bds + 32, 1);
        post_wqe(t, w);
        g_assert_true(wait_cqe(t, cqe, STEP_MS));
        g_assert_cmphex(cqe[3], ==, ISCSI_OP_SCSI_RSP);
        g_assert_cmphex(lduw_le_p(cqe + 56), ==, task);
        g_assert_cmpuint(cqe[1], ==, 0);
        if (cqe[0] != SCSI_CHECK_CONDITION) {
            g_assert_cmpuint(cqe[0], ==, 0);
            return;
        }
        /* bnx2i_get_rq_buf: SenseLength, the sense; the entry back */
        g_assert_cmpuint(ldl_le_p(cqe + 4), >=, sizeof(sense));
        qtest_memread(t->qts, t->rq_page + RQ_BUF_SIZE *
                      (t->rq_cons % RQ_SIZE), sense, sizeof(sense));
        g_assert_cmpuint(lduw_be_p(sense) + 2, ==, ldl_le_p(cqe + 4));
        g_assert_cmpuint(sense[4] & 0xf, ==, SENSE_UNIT_ATTENTION);
        t->rq_cons++;
        rq_put(t, 1);
    }
    g_assert_not_reached();
}

/* Connect, log in, UPDATE, and take the new nexus' UNIT ATTENTION. */
static void start_session(Offload *t)
{
    offload_connect(t);
    login(t);
    offload_update(t);
    test_unit_ready(t);
}

/* A READ(10) of lba.. into n BDs; its WQE posted, the task returned. */
static uint16_t post_read(Offload *t, uint32_t lba, unsigned n,
                          uint32_t bd_len, uint32_t gap)
{
    uint16_t task = new_task(t);
    uint8_t cdb[16], w[64];
    uint32_t len = n * bd_len;

    bd_table(t, n, bd_len, gap);
    rw10(cdb, 0x28, lba, len / BLOCK);
    wqe_scsi_cmd(w, task, len, t->cmdsn++, cdb, t->bd_tbl, n);
    post_wqe(t, w);
    return task;
}

/* --- the fixture --------------------------------------------------------- */

static Offload *offload_start(void)
{
    Offload *t;
    unsigned i;
    uint64_t pages;

    t = g_new0(Offload, 1);
    t->tgtd = tgtd_start();
    if (!t->tgtd) {
        g_free(t);
        return NULL;
    }
    fixture_start(&t->f, ",netdev=n0 -netdev user,id=n0");
    t->qts = t->f.qs->qts;

    t->def_sb = mem_alloc(t, 0x1000);
    t->spq = mem_alloc(t, 0x1000);
    t->eq = mem_alloc(t, 0x1000);
    t->eth_sb = mem_alloc(t, 0x1000);
    t->rcq = mem_alloc(t, 0x1000);
    t->tx_ring = mem_alloc(t, 0x2000);
    t->frame = mem_alloc(t, 0x1000);
    t->cnic_sb = mem_alloc(t, 0x1000);
    t->kcq[0] = mem_alloc(t, 0x1000);
    t->kcq[1] = mem_alloc(t, 0x1000);
    t->conn_buf = mem_alloc(t, 0x1000);
    t->ctx = mem_alloc(t, 0x1000);
    t->sq_pt = mem_alloc(t, 0x1000);
    t->cq_pt = mem_alloc(t, 0x1000);
    t->rq_pt = mem_alloc(t, 0x1000);
    pages = mem_alloc(t, 0x2000);
    for (i = 0; i < 2; i++) {
        t->sq_page[i] = pages + 0x1000 * (1 - i);
    }
    pages = mem_alloc(t, 0x3000);
    for (i = 0; i < 3; i++) {
        t->cq_page[i] = pages + 0x1000 * (2 - i);
    }
    t->rq_page = mem_alloc(t, 0x1000);
    t->bd_tbl = mem_alloc(t, 0x1000);
    t->mp_bds = mem_alloc(t, 0x1000);
    t->login_req = mem_alloc(t, MP_BUF_LEN);
    t->login_resp = mem_alloc(t, MP_BUF_LEN);
    t->dummy = mem_alloc(t, 0x1000);
    t->data = mem_alloc(t, DATA_BYTES);

    fixture_port_up(&t->f);
    function_start(t);
    cnic_start(t);
    queues_init(t);
    arp_for_target(t);
    return t;
}

static void offload_stop(Offload *t)
{
    fixture_stop(&t->f);
    g_free(t);
}

/* --- the tests ----------------------------------------------------------- */

/*
 * The whole life of an offloaded connection against tgtd: connect, login
 * to full feature phase, UPDATE, a READ(10) of a pattern the test wrote
 * into the LUN's file placed through a BD list, logout, close and the
 * teardown ramrods.
 */
static void test_login_read_logout(void)
{
    const unsigned nbd = 8, bd_len = 4096, gap = 512;
    const uint32_t len = nbd * bd_len;
    g_autofree uint8_t *got = g_malloc(len + nbd * gap);
    Offload *t = offload_start();
    uint8_t w[64], cqe[64];
    uint16_t task;
    unsigned i;
    uint32_t k;

    if (!t) {
        return;
    }
    start_session(t);

    /* READ(10) of LBA 0.., 8 BDs with gaps between the buffers */
    qtest_memset(t->qts, t->data, 0xa5, len + nbd * gap);
    task = post_read(t, 0, nbd, bd_len, gap);
    g_assert_true(wait_cqe(t, cqe, STEP_MS));
    g_assert_cmphex(lduw_le_p(cqe + 56), ==, task);
    /* the status in a SCSI Response, or in the last Data-In (S bit) */
    g_assert_true(cqe[3] == ISCSI_OP_SCSI_RSP || cqe[3] == ISCSI_OP_DATA_IN);
    g_test_message("READ(10) completed by a %s CQE, %u Data-In PDUs",
                   cqe[3] == ISCSI_OP_SCSI_RSP ? "SCSI Response" : "Data-In",
                   lduw_le_p(cqe + 48));
    g_assert_cmpuint(cqe[1], ==, 0);                /* iSCSI response */
    g_assert_cmpuint(cqe[0], ==, 0);                /* GOOD */
    g_assert_cmpuint(lduw_le_p(cqe + 48), >=, len / MAX_RECV_DSL);
    qtest_memread(t->qts, t->data, got, len + nbd * gap);
    for (i = 0; i < nbd; i++) {
        const uint8_t *b = got + i * (bd_len + gap);

        for (k = 0; k < bd_len; k++) {
            if (b[k] != lun_byte(i * bd_len + k)) {
                fail("LUN byte 0x%x read as 0x%02x, not 0x%02x",
                        i * bd_len + k, b[k], lun_byte(i * bd_len + k));
            }
        }
        for (k = 0; k < gap; k++) {
            g_assert_cmphex(b[bd_len + k], ==, 0xa5);   /* gaps untouched */
        }
    }

    /* logout: the session closed; the connection closed and torn down */
    task = new_task(t);
    wqe_logout(t, w, task);
    post_wqe(t, w);
    g_assert_true(wait_cqe(t, cqe, STEP_MS));
    g_assert_cmphex(cqe[3], ==, ISCSI_OP_LOGOUT_RSP);
    g_assert_cmphex(lduw_le_p(cqe + 56), ==, task | 2 << 14);
    g_assert_cmpuint(cqe[1], ==, 0);
    offload_close(t);
    offload_terminate(t);
    for (i = 0; i < t->n_kcqes; i++) {
        g_assert_cmpuint(t->kcqes[i].op, !=, KCQE_ISCSI_ERROR);
    }
    offload_stop(t);
}

/* Until the first block of a READ into t->data is placed. */
static void wait_first_block(Offload *t)
{
    gint64 end = g_get_monotonic_time() + STEP_MS * 1000ll;
    uint8_t first[BLOCK];
    unsigned i;

    for (;;) {
        qtest_memread(t->qts, t->data, first, sizeof(first));
        for (i = 0; i < BLOCK && first[i] == lun_byte(i); i++) {
            continue;
        }
        if (i == BLOCK) {
            return;             /* the target is sending the rest */
        }
        g_assert_cmpint(g_get_monotonic_time(), <, end);
        g_usleep(100);
    }
}

typedef struct Snapshot {
    uint64_t addr;
    size_t len;
    uint8_t *before;
} Snapshot;

/*
 * The connection's CQ, its page table, its RQ and data_len bytes of data
 * buffers, appended to snap[n..] as they are now (the data last); the
 * earlier entries' addresses given by the caller are read too.
 */
static unsigned snapshot_conn_memory(Offload *t, Snapshot *snap, unsigned n,
                                     size_t data_len)
{
    unsigned i;

    snap[n++] = (Snapshot){ t->cq_page[2], 0x3000 };
    snap[n++] = (Snapshot){ t->cq_pt, 0x1000 };
    snap[n++] = (Snapshot){ t->rq_page, 0x1000 };
    snap[n++] = (Snapshot){ t->data, data_len };
    for (i = 0; i < n; i++) {
        snap[i].before = g_malloc(snap[i].len);
        qtest_memread(t->qts, snap[i].addr, snap[i].before, snap[i].len);
    }
    return n;
}

/* Two seconds of the target's traffic: the snapshots stay as they were. */
static void expect_no_writes(Offload *t, Snapshot *snap, unsigned n,
                             const char *after_what)
{
    gint64 end = g_get_monotonic_time() + 2 * G_USEC_PER_SEC;
    unsigned i;

    while (g_get_monotonic_time() < end) {
        step(t);
    }
    for (i = 0; i < n; i++) {
        g_autofree uint8_t *after = g_malloc(snap[i].len);
        size_t k;

        qtest_memread(t->qts, snap[i].addr, after, snap[i].len);
        for (k = 0; k < snap[i].len; k++) {
            if (after[k] != snap[i].before[k]) {
                fail("guest memory 0x%" PRIx64 " written after %s"
                        " (0x%02x -> 0x%02x)", snap[i].addr + k, after_what,
                        snap[i].before[k], after[k]);
            }
        }
        g_free(snap[i].before);
    }
}

/* Storm RAM the test wrote, and what reads it back after a reset. */
static const uint32_t written_regs[] = {
    CSTORM_SP_SB_DATA, CSTORM_SP_SB_DATA + 8, XSEM_FAST_SPQ_DATA,
    CSTORM_EVENT_RING_DATA, CSTORM_EVENT_RING_DATA + 8,
    CSTORM_SB_DATA(CNIC_SB_ID) + 0x10, CSTORM_SB_DATA(CNIC_SB_ID) + 0x18,
    CSTORM_SB_DATA(CNIC_SB_ID) + 0x2c, CSTORM_ISCSI_EQ_NEXT_PAGE,
    CSTORM_ISCSI_EQ_NEXT_EQE, CSTORM_ISCSI_EQ_SB_NUM, XSTORM_ISCSI_LOCAL_MAC,
    XSTORM_ISCSI_LOCAL_MAC + 4, XSTORM_ISCSI_TCP_TTL, XSTORM_ISCSI_SQ_SIZE,
    TSTORM_ISCSI_NUM_TASKS, TSTORM_ISCSI_ERROR_MASK, USTORM_ISCSI_CQ_SIZE,
    USTORM_ISCSI_RQ_SIZE,
};

/*
 * A function-level reset while the connection is established and a
 * 4 MiB READ is in flight: from then on the device writes nothing into
 * guest memory (CQ, RQ, KCQ, status blocks, the data buffers), whatever
 * the target still sends, and its registers read their power-on values.
 */
static void test_flr_in_flight(void)
{
    const unsigned nbd = 128, bd_len = 32768;   /* 4 MiB: still going */
    uint32_t written[ARRAY_SIZE(written_regs)];
    Snapshot snap[8];
    unsigned i, n_snap = 0;
    size_t placed = 0;
    uint8_t exp_cap;
    uint16_t devctl;
    Offload *t = offload_start();

    if (!t) {
        return;
    }
    for (i = 0; i < ARRAY_SIZE(written_regs); i++) {
        written[i] = grc_rd(&t->f, written_regs[i]);
    }

    start_session(t);
    qtest_memset(t->qts, t->data, 0x5a, DATA_BYTES);
    cq_arm(t);
    post_read(t, 0, nbd, bd_len, 0);
    wait_first_block(t);

    /* the driver's FLR: Initiate FLR in Device Control, then back on */
    exp_cap = qpci_find_capability(t->f.dev, PCI_CAP_ID_EXP, 0);
    g_assert_cmpuint(exp_cap, !=, 0);
    devctl = qpci_config_readw(t->f.dev, exp_cap + PCI_EXP_DEVCTL);
    qpci_config_writew(t->f.dev, exp_cap + PCI_EXP_DEVCTL,
                       devctl | PCI_EXP_DEVCTL_BCR_FLR);
    t->f.regs = qpci_iomap(t->f.dev, 0, NULL);
    t->f.doorbells = qpci_iomap(t->f.dev, 2, NULL);
    qpci_device_enable(t->f.dev);                   /* bus master again */
    if (cqe_ready(t)) {
        fail("the READ completed before the FLR: nothing was in flight");
    }

    /*
     * The storms' memories are the chip's, not the function's: they keep
     * what the driver wrote. The function may no longer master the bus,
     * and its interrupts are off.
     */
    for (i = 0; i < ARRAY_SIZE(written_regs); i++) {
        uint32_t v = grc_rd(&t->f, written_regs[i]);

        if (v != written[i]) {
            fail("register 0x%x reads 0x%x after the FLR, not 0x%x",
                 written_regs[i], v, written[i]);
        }
    }
    if (grc_rd(&t->f, PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER) != 0) {
        fail("the function may still master the bus after the FLR");
    }
    if (grc_rd(&t->f, IGU_REG_PF_CONFIGURATION) != 0) {
        fail("the function's interrupts are still on after the FLR");
    }

    snap[n_snap++] = (Snapshot){ t->kcq[0], 0x1000 };
    snap[n_snap++] = (Snapshot){ t->kcq[1], 0x1000 };
    snap[n_snap++] = (Snapshot){ t->cnic_sb, 0x1000 };
    snap[n_snap++] = (Snapshot){ t->def_sb, 0x1000 };
    n_snap = snapshot_conn_memory(t, snap, n_snap, DATA_BYTES);
    for (i = 0; i < DATA_BYTES; i++) {
        placed += snap[n_snap - 1].before[i] != 0x5a;
    }
    g_test_message("%zu bytes of the %u-byte READ's buffers filled before"
                   " the FLR", placed, nbd * bd_len);

    /*
     * The port up again and the bus given back, as a driver reloading
     * would (bnx2x_pf_flr_clnup sets the master enable before anything
     * else): the target's segments reach the chip, whose firmware dropped
     * the connection with the function's state.
     */
    fixture_port_up(&t->f);
    grc_wr(&t->f, PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER, 1);
    expect_no_writes(t, snap, n_snap, "the FLR");
    offload_stop(t);
}

/*
 * The driver's unload with the connection live and a 4 MiB READ in
 * flight, as bnx2i's ep_disconnect does it when it cannot wait for a
 * close: ABORT (the chip resets the connection), SEARCHER_DELETE,
 * TERMINATE_OFFLOAD and CFC_DEL. Each completes; from then on nothing of
 * the connection reaches guest memory (its CQ, RQ and data buffers),
 * whatever the target still had on its way.
 */
static void test_abort_in_flight(void)
{
    const unsigned nbd = 128, bd_len = 32768;   /* 4 MiB: still going */
    Snapshot snap[4];
    unsigned i, n_snap = 0;
    const Kcqe *k;
    Offload *t = offload_start();

    if (!t) {
        return;
    }
    start_session(t);
    qtest_memset(t->qts, t->data, 0x5a, DATA_BYTES);
    cq_arm(t);
    post_read(t, 0, nbd, bd_len, 0);
    wait_first_block(t);
    if (cqe_ready(t)) {
        fail("the READ completed before the abort: nothing was in flight");
    }

    spq_post(t, CONN_TYPE_ISCSI, KCQE_L5CM_ABORT, CID, 0);
    g_assert_true(expect_event(t, KCQE_L5CM_ABORT, STEP_MS)->ramrod);
    k = expect_event(t, KCQE_L4_RESET_COMP, STEP_MS);
    g_assert_cmpuint(k->status, ==, 0);
    offload_terminate(t);
    n_snap = snapshot_conn_memory(t, snap, n_snap, DATA_BYTES);
    expect_no_writes(t, snap, n_snap, "CFC_DEL");
    for (i = 0; i < t->n_kcqes; i++) {
        g_assert_cmpuint(t->kcqes[i].op, !=, KCQE_ISCSI_ERROR);
    }
    offload_stop(t);
}

void ql8400_offload_tests_register(void)
{
    qtest_add_func("/ql8400/offload/login-read-logout",
                   test_login_read_logout);
    qtest_add_func("/ql8400/offload/flr-in-flight", test_flr_in_flight);
    qtest_add_func("/ql8400/offload/abort-in-flight", test_abort_in_flight);
}
