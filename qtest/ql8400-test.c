/*
 * qtests of the ql8400 device through its PCI function only: identity,
 * capabilities, the register window and resets. Register addresses are
 * written out here, from the hardware's documentation and the bnx2x
 * driver, not taken from the model, so a wrong constant in the model fails.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "libqos/pci-pc.h"
#include "ql8400-fixture.h"
#include "qemu/units.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "standard-headers/linux/pci_regs.h"

/* GRC registers (BAR0 offsets) */
#define MISC_REG_BOND_ID        0xa400
#define MISC_REG_CHIP_NUM       0xa408
#define MISC_REG_CHIP_REV       0xa40c
#define MISC_REG_PORT4MODE_EN_OVWR 0xa720
#define IGU_PF_CONF_FUNC_EN     0x1
#define GRC_UNKNOWN_OFFSET      0x7ff000

/* vendor registers of configuration space */
#define PCICFG_GRC_ADDRESS      0x78
#define PCICFG_GRC_DATA         0x80
#define PCICFG_ME_REGISTER      0x98

static void test_identity(void)
{
    Fixture f;

    fixture_start(&f, NULL);
    g_assert_cmphex(qpci_config_readw(f.dev, PCI_VENDOR_ID), ==, 0x14e4);
    g_assert_cmphex(qpci_config_readw(f.dev, PCI_DEVICE_ID), ==, 0x168e);
    g_assert_cmphex(qpci_config_readw(f.dev, PCI_CLASS_DEVICE), ==, 0x0200);
    g_assert_cmphex(qpci_config_readb(f.dev, PCI_CLASS_PROG), ==, 0);
    g_assert_cmphex(qpci_config_readw(f.dev, PCI_SUBSYSTEM_VENDOR_ID), ==,
                    0x1077);
    g_assert_cmphex(qpci_config_readw(f.dev, PCI_SUBSYSTEM_ID), ==, 0x1931);
    g_assert_cmphex(qpci_config_readb(f.dev, PCI_REVISION_ID), !=, 0xff);
    g_assert_cmphex(qpci_config_readb(f.dev, PCI_INTERRUPT_PIN), ==, 1);
    fixture_stop(&f);
}

static uint64_t bar_size(QPCIDevice *dev, int bar, bool *is64)
{
    uint8_t reg = PCI_BASE_ADDRESS_0 + 4 * bar;
    uint32_t lo, hi = 0xffffffff;

    qpci_config_writel(dev, reg, 0xffffffff);
    lo = qpci_config_readl(dev, reg);
    *is64 = (lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
            PCI_BASE_ADDRESS_MEM_TYPE_64;
    if (*is64) {
        qpci_config_writel(dev, reg + 4, 0xffffffff);
        hi = qpci_config_readl(dev, reg + 4);
    }
    return ~(((uint64_t)hi << 32) | (lo & PCI_BASE_ADDRESS_MEM_MASK)) + 1;
}

static void test_bars(void)
{
    QTestState *qts = qtest_init("-nodefaults -device ql8400,addr=04.0");
    QPCIBus *bus = qpci_new_pc(qts, NULL);
    QPCIDevice *dev = qpci_device_find(bus, QL8400_DEVFN);
    bool is64;

    g_assert_nonnull(dev);
    /* registers, doorbells and MSI-X, where the 57810 has them */
    g_assert_cmphex(bar_size(dev, 0, &is64), ==, 8 * MiB);
    g_assert_true(is64);
    g_assert_cmphex(bar_size(dev, 2, &is64), ==, 8 * MiB);
    g_assert_true(is64);
    g_assert_cmphex(bar_size(dev, 4, &is64), ==, 64 * KiB);
    g_assert_true(is64);
    g_free(dev);
    qpci_free_pc(bus);
    qtest_quit(qts);
}

static void test_capabilities(void)
{
    Fixture f;
    uint8_t exp;
    uint16_t msix_flags, lnksta;
    uint32_t lnkcap, devcap;

    fixture_start(&f, NULL);
    /* the vendor registers at 0x78-0x83 and 0x98 sit between these */
    g_assert_cmphex(qpci_find_capability(f.dev, PCI_CAP_ID_PM, 0), ==, 0x48);
    g_assert_cmphex(qpci_find_capability(f.dev, PCI_CAP_ID_VPD, 0), ==, 0x50);
    g_assert_cmphex(qpci_find_capability(f.dev, PCI_CAP_ID_MSI, 0), ==, 0x58);
    g_assert_cmphex(qpci_find_capability(f.dev, PCI_CAP_ID_MSIX, 0), ==,
                    0xa0);
    exp = qpci_find_capability(f.dev, PCI_CAP_ID_EXP, 0);
    g_assert_cmphex(exp, ==, 0xac);

    msix_flags = qpci_config_readw(f.dev, 0xa0 + PCI_MSIX_FLAGS);
    g_assert_cmpuint((msix_flags & PCI_MSIX_FLAGS_QSIZE) + 1, ==, 32);
    g_assert_cmphex(qpci_config_readl(f.dev, 0xa0 + PCI_MSIX_TABLE), ==, 4);
    g_assert_cmphex(qpci_config_readl(f.dev, 0xa0 + PCI_MSIX_PBA), ==,
                    0x1000 | 4);

    g_assert_cmphex((qpci_config_readw(f.dev, exp + PCI_EXP_FLAGS) &
                     PCI_EXP_FLAGS_TYPE) >> 4, ==, PCI_EXP_TYPE_ENDPOINT);
    devcap = qpci_config_readl(f.dev, exp + PCI_EXP_DEVCAP);
    g_assert_true(devcap & PCI_EXP_DEVCAP_FLR);
    /* error reporting the driver turns on for AER (and a reset clears) */
    g_assert_true(devcap & PCI_EXP_DEVCAP_RBER);
    qpci_config_writew(f.dev, exp + PCI_EXP_DEVCTL, PCI_EXP_DEVCTL_CERE |
                       PCI_EXP_DEVCTL_NFERE | PCI_EXP_DEVCTL_FERE |
                       PCI_EXP_DEVCTL_URRE);
    g_assert_cmphex(qpci_config_readw(f.dev, exp + PCI_EXP_DEVCTL) & 0xf, ==,
                    0xf);
    lnkcap = qpci_config_readl(f.dev, exp + PCI_EXP_LNKCAP);
    g_assert_cmpuint((lnkcap & PCI_EXP_LNKCAP_MLW) >> 4, ==, 8);
    g_assert_cmpuint(lnkcap & PCI_EXP_LNKCAP_SLS, ==, PCI_EXP_LNKCAP_SLS_5_0GB);
    lnksta = qpci_config_readw(f.dev, exp + PCI_EXP_LNKSTA);
    g_assert_cmpuint((lnksta & PCI_EXP_LNKSTA_NLW) >> PCI_EXP_LNKSTA_NLW_SHIFT,
                     ==, 8);
    g_assert_cmpuint(lnksta & PCI_EXP_LNKSTA_CLS, ==,
                     PCI_EXP_LNKSTA_CLS_5_0GB);
    /* D3cold wake-up, or the driver reports no WoL */
    g_assert_true(qpci_config_readw(f.dev, 0x48 + PCI_PM_PMC) &
                  PCI_PM_CAP_PME_D3cold);
    fixture_stop(&f);
}

static uint32_t vpd_read(QPCIDevice *dev, uint16_t addr)
{
    int i;

    qpci_config_writew(dev, 0x50 + PCI_VPD_ADDR, addr);
    for (i = 0; i < 100; i++) {
        if (qpci_config_readw(dev, 0x50 + PCI_VPD_ADDR) & PCI_VPD_ADDR_F) {
            return qpci_config_readl(dev, 0x50 + PCI_VPD_DATA);
        }
    }
    g_assert_not_reached();
}

static void test_vpd(void)
{
    Fixture f;
    uint8_t vpd[256];
    unsigned i, len, ro, end;
    uint8_t sum = 0;
    bool found_pn = false, found_sn = false;

    fixture_start(&f, NULL);
    for (i = 0; i < sizeof(vpd); i += 4) {
        uint32_t v = vpd_read(f.dev, i);

        memcpy(vpd + i, &v, 4);
    }
    g_assert_cmphex(vpd[0], ==, 0x82);              /* identifier string */
    len = vpd[1] | vpd[2] << 8;
    g_assert_true(g_str_has_prefix((char *)vpd + 3, "QLogic 8400 Series"));
    ro = 3 + len;
    g_assert_cmphex(vpd[ro], ==, 0x90);             /* read-only fields */
    end = ro + 3 + (vpd[ro + 1] | vpd[ro + 2] << 8);
    g_assert_cmphex(vpd[end], ==, 0x78);            /* end tag */
    for (i = ro + 3; i < end; i += 3 + vpd[i + 2]) {
        if (!memcmp(vpd + i, "PN", 2)) {
            found_pn = true;
        } else if (!memcmp(vpd + i, "SN", 2)) {
            found_sn = vpd[i + 2] > 0;
        } else if (!memcmp(vpd + i, "RV", 2)) {
            unsigned j;

            for (j = 0; j <= i + 3; j++) {
                sum += vpd[j];
            }
            g_assert_cmpuint(sum, ==, 0);           /* checksum */
        }
    }
    g_assert_true(found_pn);
    g_assert_true(found_sn);
    fixture_stop(&f);
}

static void test_register_window(void)
{
    Fixture f;

    fixture_start(&f, NULL);
    g_assert_cmphex(qpci_io_readl(f.dev, f.regs, MISC_REG_CHIP_NUM) & 0xffff,
                    ==, 0x168e);
    g_assert_cmphex(qpci_io_readl(f.dev, f.regs, MISC_REG_CHIP_REV) & 0xf, ==,
                    1);
    g_assert_cmphex(qpci_io_readl(f.dev, f.regs, MISC_REG_BOND_ID) & 0xf, ==,
                    0);
    /* identity is read-only */
    qpci_io_writel(f.dev, f.regs, MISC_REG_CHIP_NUM, 0);
    g_assert_cmphex(qpci_io_readl(f.dev, f.regs, MISC_REG_CHIP_NUM) & 0xffff,
                    ==, 0x168e);
    /* an offset the chip does not decode reads 0 and keeps nothing */
    qpci_io_writel(f.dev, f.regs, GRC_UNKNOWN_OFFSET, 0x12345678);
    g_assert_cmphex(qpci_io_readl(f.dev, f.regs, GRC_UNKNOWN_OFFSET), ==, 0);
    /* byte and word accesses */
    qpci_io_writel(f.dev, f.regs, MISC_REG_PORT4MODE_EN_OVWR, 0x11223344);
    qpci_io_writeb(f.dev, f.regs, MISC_REG_PORT4MODE_EN_OVWR + 1, 0xaa);
    qpci_io_writew(f.dev, f.regs, MISC_REG_PORT4MODE_EN_OVWR + 2, 0xbbcc);
    g_assert_cmphex(qpci_io_readl(f.dev, f.regs, MISC_REG_PORT4MODE_EN_OVWR),
                    ==, 0xbbccaa44);
    g_assert_cmphex(qpci_io_readw(f.dev, f.regs,
                                  MISC_REG_PORT4MODE_EN_OVWR + 2), ==, 0xbbcc);

    /* the indirect window in configuration space reaches the same GRC */
    qpci_config_writel(f.dev, PCICFG_GRC_ADDRESS, MISC_REG_CHIP_NUM);
    g_assert_cmphex(qpci_config_readl(f.dev, PCICFG_GRC_DATA) & 0xffff, ==,
                    0x168e);
    qpci_config_writel(f.dev, PCICFG_GRC_ADDRESS, MISC_REG_PORT4MODE_EN_OVWR);
    qpci_config_writel(f.dev, PCICFG_GRC_DATA, 0);
    g_assert_cmphex(qpci_io_readl(f.dev, f.regs, MISC_REG_PORT4MODE_EN_OVWR),
                    ==, 0);
    /* absolute PF 0 */
    g_assert_cmphex((qpci_config_readl(f.dev, PCICFG_ME_REGISTER) >> 16) & 7,
                    ==, 0);
    fixture_stop(&f);
}

static void dirty_state(Fixture *f)
{
    qpci_io_writel(f->dev, f->regs, MISC_REG_PORT4MODE_EN_OVWR, 0x3);
    qpci_io_writel(f->dev, f->regs, IGU_REG_PF_CONFIGURATION,
                   IGU_PF_CONF_FUNC_EN);
    qpci_config_writel(f->dev, PCICFG_GRC_ADDRESS, 0x1234);
    g_assert_cmphex(qpci_io_readl(f->dev, f->regs,
                                  MISC_REG_PORT4MODE_EN_OVWR), ==, 0x3);
}

static void check_power_on_state(Fixture *f)
{
    g_assert_cmphex(qpci_io_readl(f->dev, f->regs,
                                  MISC_REG_PORT4MODE_EN_OVWR), ==, 0);
    g_assert_cmphex(qpci_config_readl(f->dev, PCICFG_GRC_ADDRESS), ==, 0);
    g_assert_cmphex(qpci_io_readl(f->dev, f->regs, MISC_REG_CHIP_NUM) & 0xffff,
                    ==, 0x168e);
    g_assert_cmphex(qpci_io_readl(f->dev, f->regs,
                                  PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER),
                    ==, 1);
    g_assert_cmphex(qpci_io_readl(f->dev, f->regs, IGU_REG_PF_CONFIGURATION),
                    ==, 0);
}

/*
 * After a function-level reset: the chip's common state is as the driver
 * left it, the function's is gone, and the function may not master the
 * bus until its driver says so.
 */
static void check_function_reset_state(Fixture *f)
{
    g_assert_cmphex(qpci_io_readl(f->dev, f->regs,
                                  MISC_REG_PORT4MODE_EN_OVWR), ==, 0x3);
    g_assert_cmphex(qpci_config_readl(f->dev, PCICFG_GRC_ADDRESS), ==, 0);
    g_assert_cmphex(qpci_io_readl(f->dev, f->regs,
                                  PGLUE_B_REG_INTERNAL_PFID_ENABLE_MASTER),
                    ==, 0);
    g_assert_cmphex(qpci_io_readl(f->dev, f->regs, IGU_REG_PF_CONFIGURATION),
                    ==, 0);
}

static void test_system_reset(void)
{
    Fixture f;

    fixture_start(&f, NULL);
    dirty_state(&f);
    qtest_system_reset(f.qs->qts);
    /* the firmware re-enumerates nothing: map the BARs again */
    f.regs = qpci_iomap(f.dev, 0, NULL);
    qpci_device_enable(f.dev);
    check_power_on_state(&f);
    fixture_stop(&f);
}

static void test_flr(void)
{
    Fixture f;
    uint16_t devctl;

    fixture_start(&f, NULL);
    dirty_state(&f);
    devctl = qpci_config_readw(f.dev, 0xac + PCI_EXP_DEVCTL);
    qpci_config_writew(f.dev, 0xac + PCI_EXP_DEVCTL,
                       devctl | PCI_EXP_DEVCTL_FERE | PCI_EXP_DEVCTL_BCR_FLR);
    /* FLR clears the command register: enable and map again */
    f.regs = qpci_iomap(f.dev, 0, NULL);
    qpci_device_enable(f.dev);
    check_function_reset_state(&f);
    g_assert_cmphex(qpci_config_readw(f.dev, 0xac + PCI_EXP_DEVCTL) &
                    PCI_EXP_DEVCTL_FERE, ==, 0);
    fixture_stop(&f);
}

static void test_properties(void)
{
    QTestState *qts = qtest_init("-nodefaults");
    QDict *resp;
    QList *props;
    const QListEntry *e;
    bool mac = false, netdev = false, iscsi = false;

    resp = qtest_qmp(qts, "{'execute': 'device-list-properties',"
                     " 'arguments': {'typename': 'ql8400'}}");
    g_assert_true(qdict_haskey(resp, "return"));
    props = qdict_get_qlist(resp, "return");
    QLIST_FOREACH_ENTRY(props, e) {
        const char *name = qdict_get_str(qobject_to(QDict, e->value), "name");

        mac |= !strcmp(name, "mac");
        netdev |= !strcmp(name, "netdev");
        iscsi |= !strcmp(name, "iscsi-offload");
    }
    g_assert_true(mac && netdev && iscsi);
    qobject_unref(resp);
    qtest_quit(qts);
}

/* DMAE (bnx2x_reg.h, bnx2x_hsi.h): command memory, GO registers, opcodes */
#define DMAE_REG_CMD_MEM        0x102400
#define DMAE_REG_GO_C0          0x102080
#define DMAE_REG_GO_C3          0x1020a4
#define DMAE_CMD_BYTES          0x38
/* port 0, vn 0, little-endian host, completion to host memory */
#define DMAE_OP_PCI_TO_GRC      0x00106414
#define DMAE_OP_GRC_TO_PCI      0x00106413
#define DMAE_COMP_VAL           0x60d0d0ae
#define DMAE_PCI_ERR_FLAG       0x80000000u
#define XSEM_REG_PRAM           0x2c0000
#define DMAE_BIG_LEN            0x2000      /* DMAE_LEN32_WR_MAX */

/* as bnx2x_post_dmae does it on the init channel, 0 */
static void dmae_run(Fixture *f, uint32_t opcode, uint64_t src, uint64_t dst,
                     uint32_t len, uint64_t comp)
{
    uint32_t cmd[14] = {
        opcode, (uint32_t)src, src >> 32, (uint32_t)dst, dst >> 32, len,
        (uint32_t)comp, comp >> 32, DMAE_COMP_VAL,
    };
    int i;

    qtest_writel(f->qs->qts, comp, 0);
    for (i = 0; i < 14; i++) {
        qpci_io_writel(f->dev, f->regs, DMAE_REG_CMD_MEM + i * 4, cmd[i]);
    }
    qpci_io_writel(f->dev, f->regs, DMAE_REG_GO_C0, 1);
}

static uint32_t dmae_pattern(unsigned i)
{
    return (0x9e3779b9u * (i + 1)) ^ (i << 4);
}

/* guest memory holds little-endian dwords */
static void dmae_put_le32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static uint32_t dmae_get_le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_dmae(void)
{
    Fixture f;
    QTestState *qts;
    uint64_t src, dst, comp;
    uint8_t *buf;
    unsigned i;

    fixture_start(&f, NULL);
    qts = f.qs->qts;
    src = qmalloc(f.qs, DMAE_BIG_LEN * 4);
    dst = qmalloc(f.qs, DMAE_BIG_LEN * 4);
    comp = qmalloc(f.qs, 4);
    buf = g_malloc(DMAE_BIG_LEN * 4);

    /* host -> GRC: 14 dwords into channel 3's command memory */
    for (i = 0; i < 14; i++) {
        qtest_writel(qts, src + i * 4, dmae_pattern(i));
    }
    dmae_run(&f, DMAE_OP_PCI_TO_GRC, src,
             (DMAE_REG_CMD_MEM + 3 * DMAE_CMD_BYTES) >> 2, 14, comp);
    g_assert_cmphex(qtest_readl(qts, comp), ==, DMAE_COMP_VAL);
    for (i = 0; i < 14; i++) {
        g_assert_cmphex(qpci_io_readl(f.dev, f.regs, DMAE_REG_CMD_MEM +
                                      3 * DMAE_CMD_BYTES + i * 4), ==,
                        dmae_pattern(i));
    }
    /* commands run within the GO write: GO reads back 0 */
    g_assert_cmphex(qpci_io_readl(f.dev, f.regs, DMAE_REG_GO_C0), ==, 0);
    g_assert_cmphex(qpci_io_readl(f.dev, f.regs, DMAE_REG_GO_C3), ==, 0);

    /* and back out: GRC -> host */
    dmae_run(&f, DMAE_OP_GRC_TO_PCI,
             (DMAE_REG_CMD_MEM + 3 * DMAE_CMD_BYTES) >> 2, dst, 14, comp);
    g_assert_cmphex(qtest_readl(qts, comp), ==, DMAE_COMP_VAL);
    for (i = 0; i < 14; i++) {
        g_assert_cmphex(qtest_readl(qts, dst + i * 4), ==, dmae_pattern(i));
    }
    /* the chip number, read by the engine */
    dmae_run(&f, DMAE_OP_GRC_TO_PCI, MISC_REG_CHIP_NUM >> 2, dst, 1, comp);
    g_assert_cmphex(qtest_readl(qts, comp), ==, DMAE_COMP_VAL);
    g_assert_cmphex(qtest_readl(qts, dst) & 0xffff, ==, 0x168e);

    /* the largest write the driver issues, into XSEM PRAM, and back */
    for (i = 0; i < DMAE_BIG_LEN; i++) {
        dmae_put_le32(buf + i * 4, dmae_pattern(i));
    }
    qtest_memwrite(qts, src, buf, DMAE_BIG_LEN * 4);
    dmae_run(&f, DMAE_OP_PCI_TO_GRC, src, XSEM_REG_PRAM >> 2, DMAE_BIG_LEN,
             comp);
    g_assert_cmphex(qtest_readl(qts, comp), ==, DMAE_COMP_VAL);
    g_assert_cmphex(qpci_io_readl(f.dev, f.regs, XSEM_REG_PRAM), ==,
                    dmae_pattern(0));
    g_assert_cmphex(qpci_io_readl(f.dev, f.regs,
                                  XSEM_REG_PRAM + (DMAE_BIG_LEN - 1) * 4), ==,
                    dmae_pattern(DMAE_BIG_LEN - 1));
    qtest_memset(qts, dst, 0, DMAE_BIG_LEN * 4);
    dmae_run(&f, DMAE_OP_GRC_TO_PCI, XSEM_REG_PRAM >> 2, dst, DMAE_BIG_LEN,
             comp);
    g_assert_cmphex(qtest_readl(qts, comp), ==, DMAE_COMP_VAL);
    memset(buf, 0, DMAE_BIG_LEN * 4);
    qtest_memread(qts, dst, buf, DMAE_BIG_LEN * 4);
    for (i = 0; i < DMAE_BIG_LEN; i++) {
        g_assert_cmphex(dmae_get_le32(buf + i * 4), ==, dmae_pattern(i));
    }

    /* a source that maps nothing: the completion carries the error bit */
    dmae_run(&f, DMAE_OP_PCI_TO_GRC, 0xfffff00000000000ull,
             XSEM_REG_PRAM >> 2, 4, comp);
    g_assert_cmphex(qtest_readl(qts, comp), ==,
                    DMAE_COMP_VAL | DMAE_PCI_ERR_FLAG);
    g_assert_cmphex(qpci_io_readl(f.dev, f.regs, XSEM_REG_PRAM), ==,
                    dmae_pattern(0));

    g_free(buf);
    fixture_stop(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/ql8400/pci/identity", test_identity);
    qtest_add_func("/ql8400/pci/bars", test_bars);
    qtest_add_func("/ql8400/pci/capabilities", test_capabilities);
    qtest_add_func("/ql8400/pci/vpd", test_vpd);
    qtest_add_func("/ql8400/pci/properties", test_properties);
    qtest_add_func("/ql8400/grc/window", test_register_window);
    qtest_add_func("/ql8400/reset/system", test_system_reset);
    qtest_add_func("/ql8400/reset/flr", test_flr);
    qtest_add_func("/ql8400/dmae/copy", test_dmae);
    ql8400_slowpath_tests_register();
    ql8400_offload_tests_register();
    ql8400_link_tests_register();
    ql8400_l2_tests_register();
    return g_test_run();
}
