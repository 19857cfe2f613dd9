/*
 * ql8400 firmware model: what the storm firmware does with each slow-path
 * element (ramrod). Function and connection-less commands complete on the
 * event queue; ETH connection commands complete with a ramrod CQE on the
 * RX completion queue of the client that owns the connection.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "le.h"
#include "fw-trace.h"

/* struct eth_spe header */
#define SPE_CID(w)              ((w) & 0xffffffu)
#define SPE_CMD(w)              ((w) >> 24)
#define SPE_CONN_TYPE(t)        ((t) & 0xff)
#define ETH_CONNECTION_TYPE     0
#define ISCSI_CONNECTION_TYPE   3
#define NONE_CONNECTION_TYPE    8
#define HW_CID_MASK             0x1ffffu

enum {  /* common_spqe_cmd_id */
    RAMROD_COMMON_FUNCTION_START = 1,
    RAMROD_COMMON_FUNCTION_STOP = 2,
    RAMROD_COMMON_FUNCTION_UPDATE = 3,
    RAMROD_COMMON_CFC_DEL = 4,
    RAMROD_COMMON_CFC_DEL_WB = 5,
    RAMROD_COMMON_STAT_QUERY = 6,
    RAMROD_COMMON_STOP_TRAFFIC = 7,
    RAMROD_COMMON_START_TRAFFIC = 8,
    RAMROD_COMMON_AFEX_VIF_LISTS = 9,
    RAMROD_COMMON_SET_TIMESYNC = 10,
};

enum {  /* eth_spqe_cmd_id */
    RAMROD_ETH_CLIENT_SETUP = 1,
    RAMROD_ETH_HALT = 2,
    RAMROD_ETH_FORWARD_SETUP = 3,
    RAMROD_ETH_TX_QUEUE_SETUP = 4,
    RAMROD_ETH_CLIENT_UPDATE = 5,
    RAMROD_ETH_EMPTY = 6,
    RAMROD_ETH_TERMINATE = 7,
    RAMROD_ETH_TPA_UPDATE = 8,
    RAMROD_ETH_CLASSIFICATION_RULES = 9,
    RAMROD_ETH_FILTER_RULES = 10,
    RAMROD_ETH_MULTICAST_RULES = 11,
    RAMROD_ETH_RSS_UPDATE = 12,
    RAMROD_ETH_SET_MAC = 13,
};

enum {  /* event_ring_opcode */
    EQE_FUNCTION_START = 1,
    EQE_FUNCTION_STOP = 2,
    EQE_CFC_DEL = 3,
    EQE_CFC_DEL_WB = 4,
    EQE_STAT_QUERY = 5,
    EQE_STOP_TRAFFIC = 6,
    EQE_START_TRAFFIC = 7,
    EQE_FORWARD_SETUP = 10,
    EQE_RSS_UPDATE_RULES = 11,
    EQE_FUNCTION_UPDATE = 12,
    EQE_AFEX_VIF_LISTS = 13,
    EQE_SET_MAC = 14,
    EQE_CLASSIFICATION_RULES = 15,
    EQE_FILTERS_RULES = 16,
    EQE_MULTICAST_RULES = 17,
    EQE_SET_TIMESYNC = 18,
};

/* the error byte of an EQE or ramrod CQE the firmware could not do */
#define RAMROD_ERROR            1

/* struct common_ramrod_eth_rx_cqe */
#define RCQE_TYPE_RAMROD        1
#define RCQE_TYPE_ERROR         (1u << 2)
#define RCQE_CONN_AND_CMD       4
#define RCQE_SIZE               64

typedef struct Ramrod {
    uint32_t cid;
    uint8_t cmd;
    uint8_t conn_type;
    uint64_t data_addr;         /* or the inline data, lo/hi */
} Ramrod;

static bool ramrod_data(Ql8400Chip *c, const Ramrod *r, void *buf,
                        size_t len)
{
    if (!ql8400_dma_read(c, r->data_addr, buf, len)) {
        QL8400_LOG_GUEST_ERROR("ql8400: ramrod %u/%u: its data at 0x%" PRIx64
                               " maps nothing\n", r->conn_type, r->cmd,
                               r->data_addr);
        return false;
    }
    return true;
}

/* A ramrod CQE on the RCQ of the client that owns the connection. */
static void ramrod_rcq_complete(Ql8400Chip *c, const Ramrod *r,
                                unsigned client, bool error)
{
    uint8_t cqe[RCQE_SIZE] = { 0 };

    cqe[0] = RCQE_TYPE_RAMROD | (error ? RCQE_TYPE_ERROR : 0);
    cqe[1] = ETH_CONNECTION_TYPE;
    ql8400_st32(cqe + RCQE_CONN_AND_CMD, (uint32_t)r->cmd << 24 | r->cid);
    if (!ql8400_rcq_post(c, client, cqe)) {
        QL8400_LOG_GUEST_ERROR("ql8400: no RCQ for the completion of ETH"
                               " ramrod %u on cid %u\n", r->cmd, r->cid);
    }
}

static Ql8400EthConn *ramrod_conn(Ql8400Chip *c, const Ramrod *r)
{
    uint32_t cid = r->cid & HW_CID_MASK;

    if (cid >= QL8400_MAX_CIDS || !c->storm.conns[cid].valid) {
        QL8400_LOG_GUEST_ERROR("ql8400: ETH ramrod %u on unknown cid %u\n",
                               r->cmd, r->cid);
        return NULL;
    }
    return &c->storm.conns[cid];
}

static void eth_client_setup(Ql8400Chip *c, const Ramrod *r)
{
    uint8_t d[0x78];
    Ql8400EthClient *cl;
    Ql8400EthConn *conn;
    uint32_t cid = r->cid & HW_CID_MASK;
    unsigned id;

    if (!ramrod_data(c, r, d, sizeof(d))) {
        return;
    }
    id = d[0x00];
    if (id >= QL8400_MAX_CLIENTS || cid >= QL8400_MAX_CIDS) {
        QL8400_LOG_GUEST_ERROR("ql8400: CLIENT_SETUP of client %u cid %u\n",
                               id, cid);
        return;             /* no RCQ to complete on: the driver times out */
    }
    cl = &c->storm.clients[id];
    memset(cl, 0, sizeof(*cl));
    if (id >= c->storm.clients_in_use) {
        c->storm.clients_in_use = id + 1;
    }
    cl->active = d[0x04];
    cl->mtu = ql8400_ld16(d + 0x06);
    cl->align_log = d[0x13];
    cl->qzone_id = d[0x16];
    cl->vlan_strip = d[0x1b];
    cl->fw_sb_id = d[0x1d];
    cl->rx_sb_index = d[0x1e];
    cl->max_bytes_on_bd = ql8400_ld16(d + 0x22);
    cl->bd_page_base = ql8400_ld64(d + 0x28);
    cl->sge_page_base = ql8400_ld64(d + 0x30);
    cl->rcq_page_base = ql8400_ld64(d + 0x38);
    cl->rcq_page = cl->rcq_page_base;
    cl->bd_page = cl->bd_page_base;
    cl->leading_rss = d[0x40];
    cl->rx_filter = ql8400_ld16(d + 0x44);

    conn = &c->storm.conns[cid];
    memset(conn, 0, sizeof(*conn));
    conn->valid = true;
    conn->client = id;
    conn->fw_sb_id = d[0x61];
    conn->tx_sb_index = d[0x62];
    conn->tx_bd_page_base = ql8400_ld64(d + 0x68);
    conn->tx_page = conn->tx_bd_page_base;
    conn->cid = cid;
    trace_ql8400_fw_eth_client_setup(id, cid, cl->mtu, cl->fw_sb_id,
                                     cl->rcq_page_base);
    ramrod_rcq_complete(c, r, id, false);
}

static void eth_tx_queue_setup(Ql8400Chip *c, const Ramrod *r)
{
    uint8_t d[0x28];
    uint32_t cid = r->cid & HW_CID_MASK;
    Ql8400EthConn *conn;
    unsigned id;

    if (!ramrod_data(c, r, d, sizeof(d))) {
        return;
    }
    id = d[0x00];
    if (id >= QL8400_MAX_CLIENTS || cid >= QL8400_MAX_CIDS ||
        !c->storm.clients[id].active) {
        QL8400_LOG_GUEST_ERROR("ql8400: TX_QUEUE_SETUP for client %u cid %u"
                               "\n", id, cid);
        return;
    }
    conn = &c->storm.conns[cid];
    memset(conn, 0, sizeof(*conn));
    conn->valid = true;
    conn->client = id;
    conn->cos = d[0x0a];
    conn->fw_sb_id = d[0x11];
    conn->tx_sb_index = d[0x12];
    conn->tx_bd_page_base = ql8400_ld64(d + 0x18);
    conn->tx_page = conn->tx_bd_page_base;
    conn->cid = cid;
    trace_ql8400_fw_eth_tx_queue_setup(id, cid, conn->cos);
    ramrod_rcq_complete(c, r, id, false);
}

static void eth_halt(Ql8400Chip *c, const Ramrod *r)
{
    unsigned id = r->data_addr & 0xffffffff;     /* inline: client id */

    if (id >= QL8400_MAX_CLIENTS || !c->storm.clients[id].active) {
        QL8400_LOG_GUEST_ERROR("ql8400: HALT of client %u\n", id);
        return;
    }
    /* no more RX buffer DMA for it; its RCQ stays for completions */
    c->storm.clients[id].halted = true;
    ramrod_rcq_complete(c, r, id, false);
}

/* Connection commands that only need their completion. */
static void eth_conn_command(Ql8400Chip *c, const Ramrod *r)
{
    Ql8400EthConn *conn = ramrod_conn(c, r);

    if (conn) {
        ramrod_rcq_complete(c, r, conn->client, false);
    }
}

static void eth_client_update(Ql8400Chip *c, const Ramrod *r)
{
    Ql8400EthConn *conn = ramrod_conn(c, r);
    uint8_t d[0x20];

    if (!conn || !ramrod_data(c, r, d, sizeof(d))) {
        return;
    }
    if (d[0x03]) {              /* inner VLAN removal: change flag */
        c->storm.clients[conn->client].vlan_strip = d[0x02];
    }
    if (d[0x09]) {              /* activate: change flag */
        c->storm.clients[conn->client].active = d[0x08];
    }
    ramrod_rcq_complete(c, r, conn->client, false);
}

static void eth_filter_rules(Ql8400Chip *c, const Ramrod *r)
{
    uint8_t d[0x108];
    unsigned i, n;

    if (!ramrod_data(c, r, d, sizeof(d))) {
        return;
    }
    n = d[0] < 16 ? d[0] : 16;
    for (i = 0; i < n; i++) {
        const uint8_t *rule = d + 8 + 16 * i;

        if (rule[0] & 1) {      /* RX; any u8 client id is valid */
            c->storm.clients[rule[2]].rx_filter = ql8400_ld16(rule + 4);
            trace_ql8400_fw_eth_rx_filter(rule[2], ql8400_ld16(rule + 4));
        }
    }
    ql8400_eq_post(c, EQE_FILTERS_RULES, 0, ql8400_ld32(d + 4));
}

static void eth_multicast_rules(Ql8400Chip *c, const Ramrod *r)
{
    uint8_t d[0x108];
    unsigned i, n;

    if (!ramrod_data(c, r, d, sizeof(d))) {
        return;
    }
    n = d[0] < 16 ? d[0] : 16;
    for (i = 0; i < n; i++) {
        const uint8_t *rule = d + 8 + 8 * i;
        uint8_t bin = rule[2];

        if (!(rule[0] & 1)) {
            continue;
        }
        if (rule[0] & 4) {
            c->storm.mcast_bins[bin / 8] |= 1u << (bin % 8);
        } else {
            c->storm.mcast_bins[bin / 8] &= ~(1u << (bin % 8));
        }
    }
    ql8400_eq_post(c, EQE_MULTICAST_RULES, 0, ql8400_ld32(d + 4));
}

static void client_mac_rule(Ql8400EthClient *cl, const uint8_t *rule,
                            bool add)
{
    uint8_t mac[6];
    unsigned i;

    /* mac_msb, mac_mid, mac_lsb: big-endian byte pairs in LE u16s */
    for (i = 0; i < 3; i++) {
        uint16_t v = ql8400_ld16(rule + 0xc - 2 * i);

        mac[2 * i] = v >> 8;
        mac[2 * i + 1] = v;
    }
    for (i = 0; i < cl->nmacs; i++) {
        if (!memcmp(cl->macs[i], mac, 6)) {
            break;
        }
    }
    if (add && i == cl->nmacs) {
        if (cl->nmacs == QL8400_MAX_MACS) {
            QL8400_LOG_GUEST_ERROR("ql8400: MAC table of a client full\n");
            return;
        }
        memcpy(cl->macs[cl->nmacs++], mac, 6);
    } else if (!add && i < cl->nmacs) {
        memmove(cl->macs[i], cl->macs[i + 1], (cl->nmacs - i - 1) * 6);
        cl->nmacs--;
    }
    trace_ql8400_fw_eth_mac_rule(add, mac[0], mac[1], mac[2], mac[3],
                                 mac[4], mac[5]);
}

#define CLASSIFY_RX             (1u << 0)
#define CLASSIFY_OPCODE(b)      (((b) >> 2) & 3)
#define CLASSIFY_IS_ADD         (1u << 4)
#define CLASSIFY_MAC            0
#define CLASSIFY_PAIR           2

static void eth_classification_rules(Ql8400Chip *c, const Ramrod *r)
{
    uint8_t d[0x108];
    unsigned i, n;

    if (!ramrod_data(c, r, d, sizeof(d))) {
        return;
    }
    n = d[0] < 16 ? d[0] : 16;
    for (i = 0; i < n; i++) {
        const uint8_t *rule = d + 8 + 16 * i;
        unsigned op = CLASSIFY_OPCODE(rule[0]);

        if (!(rule[0] & CLASSIFY_RX)) {
            continue;
        }
        if (op == CLASSIFY_MAC || op == CLASSIFY_PAIR) {
            client_mac_rule(&c->storm.clients[rule[2]], rule,
                            rule[0] & CLASSIFY_IS_ADD);
        }
    }
    ql8400_eq_post(c, EQE_CLASSIFICATION_RULES, 0, ql8400_ld32(d + 4));
}

#define ETH_RSS_MODE_REGULAR    1

static void eth_rss_update(Ql8400Chip *c, const Ramrod *r)
{
    Ql8400Rss *rss = &c->storm.rss;
    uint8_t d[0xb8];
    unsigned i;

    if (!ramrod_data(c, r, d, sizeof(d))) {
        return;
    }
    if (d[1] != 0 && d[1] != ETH_RSS_MODE_REGULAR) {
        QL8400_LOG_UNIMP("ql8400: RSS mode %u not modelled\n", d[1]);
    }
    rss->enabled = d[1] == ETH_RSS_MODE_REGULAR;
    rss->caps = ql8400_ld16(d + 2);
    rss->result_mask = d[4] & (QL8400_RSS_TABLE_SIZE - 1);
    memcpy(rss->table, d + 8, QL8400_RSS_TABLE_SIZE);
    if (rss->caps & QL8400_RSS_CAP_UPDATE_KEY) {
        /* the driver stores the key byte-reversed */
        for (i = 0; i < QL8400_RSS_KEY_SIZE; i++) {
            rss->key[i] = d[0x88 + QL8400_RSS_KEY_SIZE - 1 - i];
        }
    }
    trace_ql8400_fw_eth_rss(rss->enabled, rss->caps, rss->result_mask);
    ql8400_eq_post(c, EQE_RSS_UPDATE_RULES, 0, ql8400_ld32(d + 0xb0));
}

static void eth_ramrod(Ql8400Chip *c, const Ramrod *r)
{
    switch (r->cmd) {
    case RAMROD_ETH_CLIENT_SETUP:
        eth_client_setup(c, r);
        break;
    case RAMROD_ETH_TX_QUEUE_SETUP:
        eth_tx_queue_setup(c, r);
        break;
    case RAMROD_ETH_HALT:
        eth_halt(c, r);
        break;
    case RAMROD_ETH_CLIENT_UPDATE:
        eth_client_update(c, r);
        break;
    case RAMROD_ETH_EMPTY:
    case RAMROD_ETH_TPA_UPDATE:
        eth_conn_command(c, r);
        break;
    case RAMROD_ETH_TERMINATE:
        eth_conn_command(c, r);
        break;
    case RAMROD_ETH_CLASSIFICATION_RULES:
        eth_classification_rules(c, r);
        break;
    case RAMROD_ETH_FILTER_RULES:
        eth_filter_rules(c, r);
        break;
    case RAMROD_ETH_MULTICAST_RULES:
        eth_multicast_rules(c, r);
        break;
    case RAMROD_ETH_RSS_UPDATE:
        eth_rss_update(c, r);
        break;
    case RAMROD_ETH_FORWARD_SETUP:
        QL8400_LOG_UNIMP("ql8400: ETH FORWARD_SETUP not modelled\n");
        ql8400_eq_post(c, EQE_FORWARD_SETUP, RAMROD_ERROR, r->cid);
        break;
    case RAMROD_ETH_SET_MAC:
        /* an E1x command: the E3 firmware refuses it */
        QL8400_LOG_GUEST_ERROR("ql8400: ETH SET_MAC is not an E3 ramrod\n");
        ql8400_eq_post(c, EQE_SET_MAC, RAMROD_ERROR, r->cid);
        break;
    default:
        QL8400_LOG_GUEST_ERROR("ql8400: unknown ETH ramrod %u on cid %u\n",
                               r->cmd, r->cid);
        break;
    }
}

static void common_function_start(Ql8400Chip *c, const Ramrod *r)
{
    uint8_t d[0x30];

    if (!ramrod_data(c, r, d, sizeof(d))) {
        return;
    }
    c->storm.function_started = true;
    trace_ql8400_fw_function_start(ql8400_ld16(d), d[0x08]);
    ql8400_eq_post(c, EQE_FUNCTION_START, 0, 0);
}

static void common_function_update(Ql8400Chip *c, const Ramrod *r)
{
    uint8_t d[0x28];

    if (!ramrod_data(c, r, d, sizeof(d))) {
        return;
    }
    /* function_update_event.echo: the data's echo byte */
    ql8400_eq_post(c, EQE_FUNCTION_UPDATE, 0, d[0x0e]);
}

static void common_cfc_del(Ql8400Chip *c, const Ramrod *r)
{
    uint32_t cid = r->cid & HW_CID_MASK;

    if (cid < QL8400_MAX_CIDS) {
        if (c->storm.conns[cid].valid &&
            c->storm.clients[c->storm.conns[cid].client].active &&
            cid == r->cid) {
            trace_ql8400_fw_eth_cfc_del(cid);
        }
        c->storm.conns[cid].valid = false;
    }
    ql8400_offload_cfc_del(c, cid);
    ql8400_eq_post(c, EQE_CFC_DEL, 0, r->cid);
}

static void common_ramrod(Ql8400Chip *c, const Ramrod *r)
{
    switch (r->cmd) {
    case RAMROD_COMMON_FUNCTION_START:
        common_function_start(c, r);
        break;
    case RAMROD_COMMON_FUNCTION_STOP:
        /* offloaded connections left over die with the function */
        ql8400_offload_reset(c);
        c->storm.function_started = false;
        ql8400_eq_post(c, EQE_FUNCTION_STOP, 0, 0);
        break;
    case RAMROD_COMMON_FUNCTION_UPDATE:
        common_function_update(c, r);
        break;
    case RAMROD_COMMON_CFC_DEL:
        common_cfc_del(c, r);
        break;
    case RAMROD_COMMON_CFC_DEL_WB:
        ql8400_eq_post(c, EQE_CFC_DEL_WB, 0, r->cid);
        break;
    case RAMROD_COMMON_STAT_QUERY:
        ql8400_stats_query(c, r->data_addr);
        ql8400_eq_post(c, EQE_STAT_QUERY, 0, 0);
        break;
    case RAMROD_COMMON_STOP_TRAFFIC:
        ql8400_eq_post(c, EQE_STOP_TRAFFIC, 0, 0);
        break;
    case RAMROD_COMMON_START_TRAFFIC:
        ql8400_eq_post(c, EQE_START_TRAFFIC, 0, 0);
        break;
    case RAMROD_COMMON_AFEX_VIF_LISTS:
        /* vif_list_event.echo sits at byte 5: the inline data's echo */
        ql8400_eq_post(c, EQE_AFEX_VIF_LISTS, 0,
                       (uint32_t)(r->data_addr & 0xff) << 8);
        break;
    case RAMROD_COMMON_SET_TIMESYNC:
        ql8400_eq_post(c, EQE_SET_TIMESYNC, 0, 0);
        break;
    default:
        QL8400_LOG_GUEST_ERROR("ql8400: unknown common ramrod %u\n", r->cmd);
        break;
    }
}

void ql8400_ramrod_dispatch(Ql8400Chip *c, const uint8_t *spe)
{
    uint32_t w = ql8400_ld32(spe);
    Ramrod r = {
        .cid = SPE_CID(w),
        .cmd = SPE_CMD(w),
        .conn_type = SPE_CONN_TYPE(ql8400_ld16(spe + 4)),
        .data_addr = ql8400_ld64(spe + 8),
    };

    trace_ql8400_fw_ramrod(r.conn_type, r.cmd, r.cid, r.data_addr);
    if (!c->storm.function_started && r.cmd != RAMROD_COMMON_FUNCTION_START &&
        r.conn_type == NONE_CONNECTION_TYPE) {
        /* the firmware serves a function only after FUNCTION_START */
        QL8400_LOG_GUEST_ERROR("ql8400: ramrod %u before FUNCTION_START\n",
                               r.cmd);
    }
    switch (r.conn_type) {
    case NONE_CONNECTION_TYPE:
        common_ramrod(c, &r);
        break;
    case ETH_CONNECTION_TYPE:
        eth_ramrod(c, &r);
        break;
    case ISCSI_CONNECTION_TYPE:
        ql8400_offload_ramrod(c, r.cmd, r.cid & HW_CID_MASK, r.data_addr);
        break;
    default:
        QL8400_LOG_UNIMP("ql8400: ramrod %u for connection type %u not"
                         " modelled\n", r.cmd, r.conn_type);
        break;
    }
}
