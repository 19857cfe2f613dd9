/*
 * QLogic 8400 Series adapter: the port's connection to a QEMU netdev.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "net/net.h"
#include "ql8400.h"
#include "trace.h"

/*
 * A frame for the port. When the queue it is for has no free buffer the
 * backend holds it (return 0) until the driver posts buffers, which
 * flushes the queue (rx_resume); otherwise it is placed or dropped.
 */
static ssize_t ql8400_net_receive(NetClientState *nc, const uint8_t *buf,
                                  size_t size)
{
    Ql8400State *s = qemu_get_nic_opaque(nc);
    Ql8400RxResult r = ql8400_port_receive(&s->chip, buf, size);

    trace_ql8400_net_rx(size, r);
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

    s->nic = qemu_new_nic(&ql8400_net_info, &s->conf,
                          object_get_typename(OBJECT(s)), dev->id,
                          &dev->mem_reentrancy_guard, s);
    qemu_format_nic_info_str(qemu_get_queue(s->nic), s->conf.macaddr.a);
    /* the cable as the netdev starts; chip resets leave it as it is */
    ql8400_link_set_carrier(&s->chip, !qemu_get_queue(s->nic)->link_down);
}

void ql8400_net_cleanup(Ql8400State *s)
{
    qemu_del_nic(s->nic);
}
