/*
 * ql8400 firmware model: the port between the storms and the wire. Frames
 * the transmit firmware hands out leave through the host; frames from the
 * host enter the receive path.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "fw-trace.h"

/* frames the port holds for a running engine, at most */
#define PORT_HOLD_MAX           256

typedef struct Ql8400HeldFrame {
    struct Ql8400HeldFrame *next;
    size_t len;
    uint8_t data[];
} Ql8400HeldFrame;

void ql8400_port_transmit(Ql8400Chip *c, const uint8_t *frame, size_t len,
                          const Ql8400TxOffload *off)
{
    if (len < 14) {
        QL8400_LOG_GUEST_ERROR("ql8400: runt TX frame of %zu bytes\n", len);
        ql8400_mac_stats_tx_error(c);
        return;
    }
    /* with no link the MAC drains what the storms send */
    if (!ql8400_link_is_up(c)) {
        trace_ql8400_fw_port_drop("tx", len);
        return;
    }
    ql8400_mac_stats_tx(c, frame, len, off);
    c->host->frame_out(c->host_opaque, frame, len, off);
}

/* A frame into the offload engines or the L2 receive path. */
static Ql8400RxResult port_deliver(Ql8400Chip *c, const uint8_t *frame,
                                   size_t len)
{
    Ql8400RxResult r;

    if (!ql8400_link_is_up(c)) {
        trace_ql8400_fw_port_drop("rx", len);
        return QL8400_RX_DROPPED;
    }
    if (ql8400_offload_receive(c, frame, len)) {
        r = QL8400_RX_DONE;
    } else {
        r = ql8400_eth_receive(c, frame, len);
    }
    if (r != QL8400_RX_NO_BUFFER) {     /* a held frame comes again */
        ql8400_mac_stats_rx(c, frame, len);
    }
    return r;
}

/* Keep a frame for later; false when the buffer is full. */
static bool port_hold(Ql8400Chip *c, const uint8_t *frame, size_t len)
{
    Ql8400HeldFrame *h;

    if (c->nheld >= PORT_HOLD_MAX) {
        return false;
    }
    h = malloc(sizeof(*h) + len);
    if (!h) {
        return false;
    }
    h->next = NULL;
    h->len = len;
    memcpy(h->data, frame, len);
    if (c->held_tail) {
        c->held_tail->next = h;
    } else {
        c->held = h;
    }
    c->held_tail = h;
    c->nheld++;
    trace_ql8400_fw_port_hold(len, c->nheld);
    return true;
}

static Ql8400HeldFrame *port_unhold(Ql8400Chip *c)
{
    Ql8400HeldFrame *h = c->held;

    if (h) {
        c->held = h->next;
        if (!c->held) {
            c->held_tail = NULL;
        }
        c->nheld--;
    }
    return h;
}

Ql8400RxResult ql8400_port_receive(Ql8400Chip *c, const uint8_t *frame,
                                   size_t len)
{
    Ql8400RxResult r;

    if (c->busy && (c->rx_deferred || ql8400_offload_claims(c, frame, len))) {
        /* for an engine that may be running: after it is done, in order */
        if (!c->rx_deferred && port_hold(c, frame, len)) {
            return QL8400_RX_DONE;
        }
        c->rx_deferred = true;          /* the host keeps it */
        return QL8400_RX_NO_BUFFER;
    }
    ql8400_chip_enter(c);
    r = port_deliver(c, frame, len);
    ql8400_chip_leave(c);
    return r;
}

/*
 * The model is done with what the host asked (busy is still 1): held
 * frames go in, with what they cause held and taken in behind them.
 */
void ql8400_port_drain(Ql8400Chip *c)
{
    Ql8400HeldFrame *h;

    while ((h = port_unhold(c))) {
        if (port_deliver(c, h->data, h->len) == QL8400_RX_NO_BUFFER) {
            /*
             * its connection went meanwhile and the L2 client it fell to
             * has no buffer: the buffer cannot keep it any longer
             */
            trace_ql8400_fw_port_held_drop(h->len);
        }
        free(h);
    }
}

void ql8400_port_reset(Ql8400Chip *c)
{
    Ql8400HeldFrame *h;

    while ((h = port_unhold(c))) {
        free(h);
    }
}
