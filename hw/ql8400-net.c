/*
 * QLogic 8400 Series adapter: the port's connection to a QEMU netdev.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "net/checksum.h"
#include "net/net.h"
#include "standard-headers/linux/virtio_net.h"
#include "ql8400.h"
#include "trace.h"

/*
 * A frame from a backend that sends virtio-net headers (tap): this port
 * asks the backend for no offloads, so the header says at most that the
 * sender left a checksum to fill in (csum_start/csum_offset), which the
 * wire would not have; filled in here. False: the frame cannot be taken.
 */
static bool ql8400_net_vnet_frame(const uint8_t **buf, size_t *size,
                                  uint8_t **copy)
{
    struct virtio_net_hdr vh;
    size_t start, field;

    if (*size < sizeof(vh)) {
        return false;
    }
    memcpy(&vh, *buf, sizeof(vh));
    *buf += sizeof(vh);
    *size -= sizeof(vh);
    if (vh.gso_type != VIRTIO_NET_HDR_GSO_NONE) {
        qemu_log_mask(LOG_UNIMP, "ql8400: netdev sent a GSO frame (type %u)"
                      " it was not offered: dropped\n", vh.gso_type);
        return false;
    }
    if (!(vh.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)) {
        return true;
    }
    start = le16_to_cpu(vh.csum_start);
    field = start + le16_to_cpu(vh.csum_offset);
    if (field + 2 > *size) {
        return false;
    }
    /* the field holds the pseudo-header's sum: the rest is added to it */
    *copy = g_memdup2(*buf, *size);
    stw_be_p(*copy + field, net_checksum_finish_nozero(
                 net_checksum_add(*size - start, *copy + start)));
    *buf = *copy;
    return true;
}

/*
 * A frame for the port. When the queue it is for has no free buffer the
 * backend holds it (return 0) until the driver posts buffers, which
 * flushes the queue (rx_resume); otherwise it is placed or dropped.
 */
static ssize_t ql8400_net_receive(NetClientState *nc, const uint8_t *buf,
                                  size_t size)
{
    Ql8400State *s = qemu_get_nic_opaque(nc);
    g_autofree uint8_t *copy = NULL;
    size_t len = size;
    Ql8400RxResult r;

    if (s->vnet_hdr && !ql8400_net_vnet_frame(&buf, &len, &copy)) {
        return size;
    }
    s->in_net_receive++;
    r = ql8400_port_receive(&s->chip, buf, len);
    s->in_net_receive--;
    trace_ql8400_net_rx(len, r);
    return r == QL8400_RX_NO_BUFFER ? 0 : size;
}

/* set_link: the cable to the port is plugged in or pulled, nothing resets */
static void ql8400_net_link_status_changed(NetClientState *nc)
{
    Ql8400State *s = qemu_get_nic_opaque(nc);

    trace_ql8400_net_link(!nc->link_down);
    ql8400_link_set_carrier(&s->chip, !nc->link_down);
}

static NetClientInfo ql8400_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .receive = ql8400_net_receive,
    .link_status_changed = ql8400_net_link_status_changed,
};

void ql8400_net_init(Ql8400State *s)
{
    DeviceState *dev = DEVICE(s);
    NetClientState *nc;

    s->nic = qemu_new_nic(&ql8400_net_info, &s->conf,
                          object_get_typename(OBJECT(s)), dev->id,
                          &dev->mem_reentrancy_guard, s);
    nc = qemu_get_queue(s->nic);
    qemu_format_nic_info_str(nc, s->conf.macaddr.a);
    /* a tap takes the TX offloads (checksum, TSO) natively with a header */
    s->vnet_hdr = nc->peer && qemu_has_vnet_hdr(nc->peer);
    if (s->vnet_hdr) {
        qemu_set_vnet_hdr_len(nc->peer, sizeof(struct virtio_net_hdr));
    }
    /* the cable as the netdev starts; chip resets leave it as it is */
    ql8400_link_set_carrier(&s->chip, !nc->link_down);
}

void ql8400_net_cleanup(Ql8400State *s)
{
    qemu_del_nic(s->nic);
}
