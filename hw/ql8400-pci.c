/*
 * QLogic 8400 Series (BCM57810, 14e4:168e) converged network adapter:
 * the PCI Express function, its properties, reset and migration state.
 * The adapter itself is the firmware model in firmware-model/.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_regs.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "system/system.h"
#include "../net_tx_pkt.h"
#include "ql8400.h"
#include "trace.h"

#define PCI_VENDOR_ID_BROADCOM  0x14e4
#define PCI_DEVICE_ID_BCM57810  0x168e

static uint32_t ql8400_config_read(PCIDevice *pdev, uint32_t addr, int len)
{
    Ql8400State *s = QL8400(pdev);
    uint32_t val;

    if (!ql8400_pcicfg_is_vendor(addr)) {
        return pci_default_read_config(pdev, addr, len);
    }
    val = ql8400_pcicfg_read(&s->chip, addr & ~3u) >> (8 * (addr & 3));
    if (len < 4) {
        val &= (1u << (8 * len)) - 1;
    }
    trace_ql8400_config_vendor("read", addr, val, len);
    return val;
}

static void ql8400_config_write(PCIDevice *pdev, uint32_t addr, uint32_t val,
                                int len)
{
    Ql8400State *s = QL8400(pdev);

    if (ql8400_pcicfg_is_vendor(addr)) {
        trace_ql8400_config_vendor("write", addr, val, len);
        if (len == 4 && !(addr & 3)) {
            ql8400_pcicfg_write(&s->chip, addr, val);
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "ql8400: %d-byte access to vendor"
                          " config register 0x%x ignored\n", len, addr);
        }
        return;
    }
    pci_default_write_config(pdev, addr, val, len);
    /* an FLR resets the function; the MCP remembers what was loaded */
    s->flr_in_progress = pci_get_word(pdev->config + pdev->exp.exp_cap +
                                      PCI_EXP_DEVCTL) & PCI_EXP_DEVCTL_BCR_FLR;
    pcie_cap_flr_write_config(pdev, addr, val, len);
    s->flr_in_progress = false;
    ql8400_vpd_config_write(s, addr, len);
}

/* A Gen2 x8 link, as the 57810 trains in a server slot. */
static void ql8400_set_link_fields(PCIDevice *pdev)
{
    uint8_t *exp = pdev->config + pdev->exp.exp_cap;

    pci_long_test_and_clear_mask(exp + PCI_EXP_LNKCAP,
                                 PCI_EXP_LNKCAP_MLW | PCI_EXP_LNKCAP_SLS);
    pci_long_test_and_set_mask(exp + PCI_EXP_LNKCAP,
                               QEMU_PCI_EXP_LNKCAP_MLW(QEMU_PCI_EXP_LNK_X8) |
                               QEMU_PCI_EXP_LNKCAP_MLS(QEMU_PCI_EXP_LNK_5GT));
    pci_set_word(exp + PCI_EXP_LNKSTA,
                 QEMU_PCI_EXP_LNKSTA_NLW(QEMU_PCI_EXP_LNK_X8) |
                 QEMU_PCI_EXP_LNKSTA_CLS(QEMU_PCI_EXP_LNK_5GT));
    pci_word_test_and_clear_mask(exp + PCI_EXP_LNKCTL2, PCI_EXP_LNKCTL2_TLS);
    pci_word_test_and_set_mask(exp + PCI_EXP_LNKCTL2,
                               QEMU_PCI_EXP_LNKCAP_MLS(QEMU_PCI_EXP_LNK_5GT) &
                               PCI_EXP_LNKCTL2_TLS);
}

static void ql8400_init_vpd_cap(Ql8400State *s, Error **errp)
{
    PCIDevice *pdev = PCI_DEVICE(s);

    if (pci_add_capability(pdev, PCI_CAP_ID_VPD, QL8400_CAP_VPD, 8,
                           errp) < 0) {
        return;
    }
    /* the address/flag and data registers are the guest's to write */
    pci_set_word(pdev->wmask + QL8400_CAP_VPD + 2, 0xffff);
    pci_set_long(pdev->wmask + QL8400_CAP_VPD + 4, 0xffffffff);
    ql8400_vpd_build(s);
}

static uint64_t ql8400_serial_number(const uint8_t *mac)
{
    /* EUI-64 from the MAC, as the chip derives its DSN */
    return (uint64_t)mac[0] << 56 | (uint64_t)mac[1] << 48 |
           (uint64_t)mac[2] << 40 | 0xfffeull << 24 |
           (uint64_t)mac[3] << 16 | mac[4] << 8 | mac[5];
}

static void ql8400_realize(PCIDevice *pdev, Error **errp)
{
    Ql8400State *s = QL8400(pdev);
    Ql8400Config cfg = { .iscsi_offload = s->iscsi_offload };
    unsigned i;
    int ret;

    qemu_macaddr_default_if_unset(&s->conf.macaddr);
    memcpy(cfg.mac, s->conf.macaddr.a, sizeof(cfg.mac));

    pdev->config[PCI_CACHE_LINE_SIZE] = 0x10;
    pdev->config[PCI_INTERRUPT_PIN] = 1;
    pci_set_word(pdev->config + PCI_SUBSYSTEM_VENDOR_ID, QL8400_SUBSYS_VENDOR);
    pci_set_word(pdev->config + PCI_SUBSYSTEM_ID, QL8400_SUBSYS_ID);

    ql8400_bars_init(s);

    if (pci_pm_init(pdev, QL8400_CAP_PM, errp) < 0) {
        return;
    }
    /* D3cold wake-up: the driver takes its absence as "no WoL" */
    pci_set_word(pdev->config + QL8400_CAP_PM + PCI_PM_PMC,
                 pci_get_word(pdev->config + QL8400_CAP_PM + PCI_PM_PMC) |
                 PCI_PM_CAP_PME_D0 | PCI_PM_CAP_PME_D3hot |
                 PCI_PM_CAP_PME_D3cold);
    ql8400_init_vpd_cap(s, errp);
    if (*errp) {
        return;
    }
    ret = msi_init(pdev, QL8400_CAP_MSI, 1, true, false, errp);
    if (ret < 0 && ret != -ENOTSUP) {
        return;
    }
    if (msix_init(pdev, QL8400_MSIX_VECTORS, &s->msix, QL8400_BAR_MSIX,
                  QL8400_MSIX_TABLE_OFF, &s->msix, QL8400_BAR_MSIX,
                  QL8400_MSIX_PBA_OFF, QL8400_CAP_MSIX, errp) < 0) {
        return;
    }
    for (i = 0; i < QL8400_MSIX_VECTORS; i++) {
        msix_vector_use(pdev, i);
    }
    if (pcie_endpoint_cap_init(pdev, QL8400_CAP_EXP) < 0) {
        error_setg(errp, "ql8400: cannot add the PCI Express capability");
        return;
    }
    ql8400_set_link_fields(pdev);
    /* error reporting the driver enables (bnx2x: AER at probe) */
    pcie_cap_deverr_init(pdev);
    pcie_cap_flr_init(pdev);
    if (pcie_aer_init(pdev, PCI_ERR_VER, QL8400_ECAP_AER, PCI_ERR_SIZEOF,
                      errp) < 0) {
        return;
    }
    pcie_dev_ser_num_init(pdev, QL8400_ECAP_DSN,
                          ql8400_serial_number(cfg.mac));

    net_tx_pkt_init(&s->tx_pkt, 1);
    ql8400_timers_init(s);
    ql8400_chip_init(&s->chip, &cfg, &ql8400_host_ops, s);
    ql8400_net_init(s);
    trace_ql8400_realize(qemu_get_queue(s->nic)->info_str, s->iscsi_offload);
}

static void ql8400_exit(PCIDevice *pdev)
{
    Ql8400State *s = QL8400(pdev);

    ql8400_net_cleanup(s);
    ql8400_chip_destroy(&s->chip);
    ql8400_timers_free(s);
    net_tx_pkt_uninit(s->tx_pkt);
    pcie_aer_exit(pdev);
    pcie_cap_exit(pdev);
    msix_unuse_all_vectors(pdev);
    msix_uninit(pdev, &s->msix, &s->msix);
    msi_uninit(pdev);
}

static void ql8400_reset_hold(Object *obj, ResetType type)
{
    Ql8400State *s = QL8400(obj);

    trace_ql8400_reset(type, s->flr_in_progress);
    pcie_cap_deverr_reset(PCI_DEVICE(obj));
    ql8400_tx_held_drop(s);
    ql8400_chip_reset(&s->chip, s->flr_in_progress ? QL8400_RESET_FUNCTION
                                                   : QL8400_RESET_POWER_ON);
}

static const VMStateDescription ql8400_vmstate = {
    .name = "ql8400",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, Ql8400State),
        VMSTATE_MSIX(parent_obj, Ql8400State),
        VMSTATE_BUFFER_POINTER_UNSAFE(chip.grc, Ql8400State, 0,
                                      QL8400_GRC_SIZE),
        VMSTATE_UINT32(chip.pcicfg_grc_address, Ql8400State),
        VMSTATE_END_OF_LIST()
    }
};

static const Property ql8400_properties[] = {
    DEFINE_NIC_PROPERTIES(Ql8400State, conf),
    DEFINE_PROP_BOOL("iscsi-offload", Ql8400State, iscsi_offload, true),
};

static void ql8400_instance_init(Object *obj)
{
    Ql8400State *s = QL8400(obj);

    device_add_bootindex_property(obj, &s->conf.bootindex, "bootindex",
                                  "/ethernet-phy@0", DEVICE(obj));
}

static void ql8400_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = ql8400_realize;
    k->exit = ql8400_exit;
    k->config_read = ql8400_config_read;
    k->config_write = ql8400_config_write;
    k->vendor_id = PCI_VENDOR_ID_BROADCOM;
    k->device_id = PCI_DEVICE_ID_BCM57810;
    k->revision = QL8400_REVISION;
    k->class_id = PCI_CLASS_NETWORK_ETHERNET;
    k->romfile = NULL;

    rc->phases.hold = ql8400_reset_hold;

    dc->desc = "QLogic 8400 Series 10GbE Converged Network Adapter (BCM57810)";
    dc->vmsd = &ql8400_vmstate;
    device_class_set_props(dc, ql8400_properties);
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static const TypeInfo ql8400_info = {
    .name = TYPE_QL8400,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(Ql8400State),
    .instance_init = ql8400_instance_init,
    .class_init = ql8400_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void ql8400_register_types(void)
{
    type_register_static(&ql8400_info);
}

type_init(ql8400_register_types)
