/*
 * ql8400 firmware model: the port between the storms and the wire. Frames
 * the transmit firmware hands out leave through the host; frames from the
 * host enter the receive path.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chip.h"
#include "fw-trace.h"

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

Ql8400RxResult ql8400_port_receive(Ql8400Chip *c, const uint8_t *frame,
                                   size_t len)
{
    Ql8400RxResult r;

    if (c->busy && (c->rx_deferred || ql8400_offload_claims(c, frame, len))) {
        /* for an engine that is running: after it is done, in order */
        c->rx_deferred = true;
        return QL8400_RX_NO_BUFFER;
    }
    if (!ql8400_link_is_up(c)) {
        trace_ql8400_fw_port_drop("rx", len);
        return QL8400_RX_DROPPED;
    }
    ql8400_chip_enter(c);
    if (ql8400_offload_receive(c, frame, len)) {
        r = QL8400_RX_DONE;
    } else {
        r = ql8400_eth_receive(c, frame, len);
    }
    if (r != QL8400_RX_NO_BUFFER) {     /* a held frame comes again */
        ql8400_mac_stats_rx(c, frame, len);
    }
    ql8400_chip_leave(c);
    return r;
}
