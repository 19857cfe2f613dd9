/*
 * qtests of ql8400: the common fixture.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "ql8400-fixture.h"

void fixture_start(Fixture *f, const char *extra)
{
    f->qs = qtest_pc_boot("-nodefaults -device ql8400,addr=04.0%s",
                          extra ? extra : "");
    f->dev = qpci_device_find(f->qs->pcibus, QL8400_DEVFN);
    g_assert_nonnull(f->dev);
    f->regs = qpci_iomap(f->dev, 0, NULL);
    f->doorbells = qpci_iomap(f->dev, 2, NULL);
    qpci_device_enable(f->dev);
}

void fixture_stop(Fixture *f)
{
    g_free(f->dev);
    qtest_shutdown(f->qs);
}

uint32_t grc_rd(Fixture *f, uint32_t addr)
{
    return qpci_io_readl(f->dev, f->regs, addr);
}

void grc_wr(Fixture *f, uint32_t addr, uint32_t val)
{
    qpci_io_writel(f->dev, f->regs, addr, val);
}

void grc_wr16(Fixture *f, uint32_t addr, uint16_t val)
{
    qpci_io_writew(f->dev, f->regs, addr, val);
}

uint64_t guest_mem(Fixture *f, size_t size)
{
    uint64_t addr = guest_alloc(&f->qs->alloc, size);

    qtest_memset(f->qs->qts, addr, 0, size);
    return addr;
}
