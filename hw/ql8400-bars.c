/*
 * QLogic 8400 Series adapter: the register (BAR0) and doorbell (BAR2)
 * windows, handed to the firmware model.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/pci/pci_device.h"
#include "ql8400.h"
#include "trace.h"

static uint64_t ql8400_regs_read(void *opaque, hwaddr addr, unsigned size)
{
    Ql8400State *s = opaque;
    uint32_t val = ql8400_grc_read(&s->chip, addr, size);

    trace_ql8400_bar_access("regs", "read", addr, size, val);
    return val;
}

static void ql8400_regs_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    Ql8400State *s = opaque;

    trace_ql8400_bar_access("regs", "write", addr, size, val);
    ql8400_grc_write(&s->chip, addr, val, size);
}

static uint64_t ql8400_doorbells_read(void *opaque, hwaddr addr,
                                      unsigned size)
{
    Ql8400State *s = opaque;

    return ql8400_doorbell_read(&s->chip, addr, size);
}

static void ql8400_doorbells_write(void *opaque, hwaddr addr, uint64_t val,
                                   unsigned size)
{
    Ql8400State *s = opaque;

    trace_ql8400_bar_access("doorbells", "write", addr, size, val);
    ql8400_doorbell_write(&s->chip, addr, val, size);
}

/*
 * The driver uses 8-, 16- and 32-bit accesses; wider ones are split, and
 * the model splits misaligned ones into bytes.
 */
static const MemoryRegionOps ql8400_regs_ops = {
    .read = ql8400_regs_read,
    .write = ql8400_regs_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /* cnic writes storm RAM at odd addresses: the model splits those */
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static const MemoryRegionOps ql8400_doorbells_ops = {
    .read = ql8400_doorbells_read,
    .write = ql8400_doorbells_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

void ql8400_bars_init(Ql8400State *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    uint8_t type = PCI_BASE_ADDRESS_SPACE_MEMORY |
                   PCI_BASE_ADDRESS_MEM_TYPE_64 |
                   PCI_BASE_ADDRESS_MEM_PREFETCH;

    memory_region_init_io(&s->regs, OBJECT(s), &ql8400_regs_ops, s,
                          "ql8400-regs", QL8400_GRC_SIZE);
    pci_register_bar(pdev, QL8400_BAR_REGS, type, &s->regs);

    memory_region_init_io(&s->doorbells, OBJECT(s), &ql8400_doorbells_ops, s,
                          "ql8400-doorbells", QL8400_DOORBELL_SIZE);
    pci_register_bar(pdev, QL8400_BAR_DOORBELLS, type, &s->doorbells);

    memory_region_init(&s->msix, OBJECT(s), "ql8400-msix",
                       QL8400_MSIX_BAR_SIZE);
    pci_register_bar(pdev, QL8400_BAR_MSIX,
                     PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->msix);
}
