/*
 * ql8400 firmware model: the storm processors' firmware — the slow path
 * (SPQ in, EQ out), status blocks, and the ETH connections and clients the
 * ramrods create.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_STORM_H
#define QL8400_FW_STORM_H

#include "host.h"
#include "rss.h"

typedef struct Ql8400Chip Ql8400Chip;

#define QL8400_NUM_FW_SBS       136
#define QL8400_MAX_CLIENTS      256
#define QL8400_MAX_CIDS         256
#define QL8400_MAX_MACS         16
#define QL8400_MAX_RX_FRAME     (9600 + 18)

typedef enum Ql8400RxResult {
    QL8400_RX_DONE,             /* placed */
    QL8400_RX_DROPPED,          /* filtered, or broken: gone */
    QL8400_RX_NO_BUFFER,        /* no buffer now: hold it, retry later */
} Ql8400RxResult;

/*
 * The counters a STAT_QUERY reports, cumulative since the queue's setup
 * (statistics_zero_flg). Frames and bytes by destination class: unicast,
 * multicast, broadcast (QL8400_CAST_*).
 */
enum { QL8400_CAST_UCAST, QL8400_CAST_MCAST, QL8400_CAST_BCAST,
       QL8400_CAST_N };

typedef struct Ql8400RxStats {
    uint64_t rcv_bytes[QL8400_CAST_N];  /* accepted for the client */
    uint32_t rcv_pkts[QL8400_CAST_N];
    uint64_t no_buff_bytes[QL8400_CAST_N];  /* of those, not placed */
    uint32_t no_buff_pkts[QL8400_CAST_N];
    uint32_t too_big;           /* longer than the client's buffers */
} Ql8400RxStats;

typedef struct Ql8400TxStats {
    uint64_t bytes[QL8400_CAST_N];      /* as sent: LSO segments each */
    uint32_t pkts[QL8400_CAST_N];
    uint32_t error_drop;        /* packets the firmware could not send */
} Ql8400TxStats;

/* TSTORM per-port counters: frames no client took, or that died early. */
typedef struct Ql8400PortStats {
    uint32_t mac_filter_discard;        /* no client accepted it */
    uint32_t mac_discard;               /* not for the storms at all */
} Ql8400PortStats;

/* An RX client (a queue's receive side), keyed by its client id. */
typedef struct Ql8400EthClient {
    bool active;
    bool halted;
    uint16_t mtu;
    uint8_t fw_sb_id;           /* status block of the RCQ producer */
    uint8_t rx_sb_index;
    uint8_t qzone_id;           /* where the driver writes RX producers */
    bool vlan_strip;
    bool leading_rss;
    uint16_t max_bytes_on_bd;
    uint8_t align_log;
    uint64_t bd_page_base;
    uint64_t sge_page_base;
    uint64_t rcq_page_base;
    uint64_t rcq_page;          /* page of the next CQE */
    uint16_t rcq_prod;          /* in the driver's RCQ index space */
    uint16_t bd_cons;
    uint16_t rx_filter;         /* FILTER_RULES state bits */
    uint64_t bd_page;           /* page of the next RX BD */
    uint8_t macs[QL8400_MAX_MACS][6];   /* CLASSIFICATION_RULES */
    unsigned nmacs;
    Ql8400RxStats stats;        /* TSTORM/USTORM counters (stats.c) */
} Ql8400EthClient;

/* A connection: a queue's primary CID or a tx-only CID (CoS 1, 2). */
typedef struct Ql8400EthConn {
    bool valid;
    bool tx_error;              /* the ring held garbage: stopped */
    uint32_t cid;
    uint8_t client;             /* RCQ its ramrods complete on */
    uint8_t cos;
    uint8_t fw_sb_id;
    uint8_t tx_sb_index;
    uint64_t tx_bd_page_base;
    uint64_t tx_page;           /* page of the next BD */
    uint16_t tx_bd_cons;        /* in the driver's BD index space */
    uint16_t tx_pkt_cons;
    Ql8400TxStats stats;        /* XSTORM counters of the connection */
} Ql8400EthConn;

typedef struct Ql8400Storm {
    bool function_started;
    uint8_t spq_cons;
    uint16_t eq_prod;
    uint16_t sp_running_index;
    uint16_t sb_running_index[QL8400_NUM_FW_SBS];
    Ql8400EthClient clients[QL8400_MAX_CLIENTS];
    unsigned clients_in_use;    /* 1 + highest client id set up: RX scans */
    Ql8400EthConn conns[QL8400_MAX_CIDS];
    uint8_t mcast_bins[32];
    Ql8400Rss rss;
    uint16_t stats_seq;
    Ql8400PortStats port_stats;
    uint8_t *tx_frame;          /* scratch for the packet being sent */
    /* kcq.c: cnic's completion queue */
    bool kcq_running;
    uint16_t kcq_prod;
    uint64_t kcq_page;          /* page of the next KCQE */
} Ql8400Storm;

void ql8400_storm_init(Ql8400Chip *c);
void ql8400_storm_reset(Ql8400Chip *c, int kind);
void ql8400_storm_destroy(Ql8400Chip *c);

/* status-block.c: the firmware writes an index of a host status block. */
void ql8400_sb_fp_update(Ql8400Chip *c, unsigned fw_sb, unsigned index,
                         uint16_t value);
void ql8400_sb_sp_update(Ql8400Chip *c, unsigned index, uint16_t value);
/* Either of the two, by the SB id a client or connection was given. */
#define QL8400_HC_SP_SB_ID      0xde
void ql8400_sb_update(Ql8400Chip *c, unsigned sb_id, unsigned index,
                      uint16_t value);
void ql8400_sb_init(Ql8400Chip *c);

/* sp-queue.c: the slow-path queue and the event queue. */
void ql8400_spq_init(Ql8400Chip *c);
void ql8400_eq_post(Ql8400Chip *c, uint8_t opcode, uint8_t error,
                    uint32_t data);

/* ramrods.c: what the firmware does with each slow-path element. */
void ql8400_ramrod_dispatch(Ql8400Chip *c, const uint8_t *spe);

/* eth-tx.c: a doorbell on an ETH connection. */
void ql8400_eth_doorbell(Ql8400Chip *c, uint32_t cid, uint32_t val);

/* eth-rx.c: a frame for the receive path. */
void ql8400_eth_rx_init(Ql8400Chip *c);
Ql8400RxResult ql8400_eth_receive(Ql8400Chip *c, const uint8_t *buf,
                                  size_t size);

/* port.c: frames leaving and entering the port. */
void ql8400_port_transmit(Ql8400Chip *c, const uint8_t *frame, size_t len,
                          const Ql8400TxOffload *off);
Ql8400RxResult ql8400_port_receive(Ql8400Chip *c, const uint8_t *frame,
                                   size_t len);
/* Frames held for an engine that was running: in, in order (chip_leave). */
void ql8400_port_drain(Ql8400Chip *c);
/* Held frames are dropped (resets, the device going away). */
void ql8400_port_reset(Ql8400Chip *c);

/* stats.c: the answer to a STAT_QUERY ramrod, and what it counts. */
void ql8400_stats_query(Ql8400Chip *c, uint64_t request);
/* A frame accepted for a client; placed, or dropped for want of a buffer. */
void ql8400_stats_rx(Ql8400EthClient *cl, const uint8_t *frame, size_t len);
void ql8400_stats_rx_no_buff(Ql8400EthClient *cl, const uint8_t *frame,
                             size_t len);
/* A packet the transmit firmware sent, as the wire sees it. */
void ql8400_stats_tx(Ql8400EthConn *conn, const uint8_t *frame, size_t len,
                     const Ql8400TxOffload *off);
/* The destination class of a frame: QL8400_CAST_*. */
unsigned ql8400_frame_cast(const uint8_t *frame);
/*
 * The frames a packet of len bytes becomes on the wire (LSO: one per MSS
 * of payload, each with the headers): their number, and the length of
 * each but the last (*full) and of the last (*last), tags included.
 */
unsigned ql8400_tx_wire_frames(size_t len, const Ql8400TxOffload *off,
                               size_t *full, size_t *last);

/* mac-stats.c: the MAC (MSTAT) and NIG statistics registers. */
void ql8400_mac_stats_init(Ql8400Chip *c);
void ql8400_mac_stats_tx(Ql8400Chip *c, const uint8_t *frame, size_t len,
                         const Ql8400TxOffload *off);
void ql8400_mac_stats_tx_error(Ql8400Chip *c);
void ql8400_mac_stats_rx(Ql8400Chip *c, const uint8_t *frame, size_t len);

/* eth-rcq.c: completions on a client's RX completion queue. */
bool ql8400_rcq_post(Ql8400Chip *c, unsigned client, const uint8_t *cqe);

#endif
