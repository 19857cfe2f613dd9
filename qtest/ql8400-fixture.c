/*
 * qtests of ql8400: the common fixture.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
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

void grc_wr64(Fixture *f, uint32_t addr, uint64_t val)
{
    grc_wr(f, addr, val);
    grc_wr(f, addr + 4, val >> 32);
}

void fixture_spq_post(Fixture *f, uint64_t spq, unsigned *prod,
                      unsigned conn_type, unsigned cmd, uint32_t cid,
                      uint64_t data)
{
    uint8_t spe[16] = { 0 };

    stl_le_p(spe, cmd << 24 | cid);
    stw_le_p(spe + 4, conn_type);
    stq_le_p(spe + 8, data);
    qtest_memwrite(f->qs->qts, spq + 16 * *prod, spe, sizeof(spe));
    *prod = (*prod + 1) % 256;
    grc_wr16(f, XSTORM_SPQ_PROD, *prod);
}

#define EMAC0_MDIO_COMM         0x80ac
#define EMAC0_MDIO_MODE         0x80b4
#define MISC_WC0_CTRL_PHY_ADDR  0xa9cc
#define MDIO_BUSY               (1u << 29)
#define MDIO_ADDRESS            (0u << 26)
#define MDIO_WRITE              (1u << 26)
#define MDIO_READ_45            (3u << 26)
#define MDIO_MODE_CL45          (1u << 31)
#define AN_DEVAD                7
#define AN_REG_CTRL             0x0000
#define WC_IEEE0BLK_MIICNTL     0x0000
#define WC_DSC_MISC_CTRL0       0x821e
#define WC_CONTROL1000X1        0x8300
#define WC_CONTROL1000X2        0x8301
#define WC_CONTROL1000X3        0x8302
#define WC_MISC1                0x8308
#define WC_DIGITAL4_MISC3       0x833c
#define WC_DIGITAL5_MISC6       0x8345
#define WC_FX100_CTRL1          0x8400
#define WC_FX100_CTRL3          0x8402
#define WC_AER                  0xffde

/* one MDIO frame: the master is done by the first poll */
static uint16_t mdio(Fixture *f, uint32_t comm)
{
    uint32_t v;

    grc_wr(f, EMAC0_MDIO_COMM, comm | MDIO_BUSY);
    v = grc_rd(f, EMAC0_MDIO_COMM);
    g_assert_false(v & MDIO_BUSY);
    return v & 0xffff;
}

void fixture_cl45_write(Fixture *f, unsigned devad, uint16_t reg,
                        uint16_t val)
{
    uint32_t phy = grc_rd(f, MISC_WC0_CTRL_PHY_ADDR) << 21;

    mdio(f, phy | devad << 16 | reg | MDIO_ADDRESS);
    mdio(f, phy | devad << 16 | val | MDIO_WRITE);
}

uint16_t fixture_cl45_read(Fixture *f, unsigned devad, uint16_t reg)
{
    uint32_t phy = grc_rd(f, MISC_WC0_CTRL_PHY_ADDR) << 21;

    mdio(f, phy | devad << 16 | reg | MDIO_ADDRESS);
    return mdio(f, phy | devad << 16 | MDIO_READ_45);
}

static void wc_mod(Fixture *f, uint16_t reg, uint16_t and, uint16_t or)
{
    fixture_cl45_write(f, WC_DEVAD, reg,
                       (fixture_cl45_read(f, WC_DEVAD, reg) & and) | or);
}

void fixture_warpcore_xfi(Fixture *f)
{
    grc_wr(f, EMAC0_MDIO_MODE, MDIO_MODE_CL45 | 74u << 16);
    fixture_cl45_write(f, WC_DEVAD, WC_AER, 0);
    wc_mod(f, WC_DIGITAL5_MISC6, 0xffff, 0xc000);       /* lane reset */
    wc_mod(f, WC_DSC_MISC_CTRL0, 0xffff, 0x8000);
    wc_mod(f, WC_CONTROL1000X3, 0xffff, 0x1);
    fixture_cl45_write(f, AN_DEVAD, AN_REG_CTRL, 0);
    wc_mod(f, WC_FX100_CTRL1, 0xfffa, 0);
    wc_mod(f, WC_FX100_CTRL3, 0xffff, 0x0080);
    wc_mod(f, WC_DIGITAL4_MISC3, 0xff7f, 0);
    wc_mod(f, WC_CONTROL1000X1, 0xffee, 0);
    wc_mod(f, WC_CONTROL1000X2, 0xfffe, 0x0006);
    wc_mod(f, WC_MISC1, (uint16_t)~0x1f, 0x5);
    wc_mod(f, WC_CONTROL1000X1, 0xffff, 0xd);
    wc_mod(f, WC_DIGITAL4_MISC3, 0xffff, 0x8080);
    fixture_cl45_write(f, WC_DEVAD, WC_IEEE0BLK_MIICNTL, 0x0100);
    wc_mod(f, WC_CONTROL1000X3, 0xfffe, 0);
    wc_mod(f, WC_DSC_MISC_CTRL0, 0x7fff, 0);
    wc_mod(f, WC_DIGITAL5_MISC6, 0x3fff, 0);            /* out of reset */
}

#define MISC_RESET_REG_2_SET        0xa594
#define MISC_RESET_REG_2_CLEAR      0xa598
#define MISC_XMAC_PHY_PORT_MODE     0xa960
#define MISC_XMAC_CORE_PORT_MODE    0xa964
#define NIG_EGRESS_EMAC0_PORT       0x10058
#define NIG_P0_MAC_IN_EN            0x185ac
#define NIG_P0_MAC_OUT_EN           0x185b0
#define XMAC0_CTRL                  0x163000
#define XMAC0_RX_MAX_SIZE           0x163040
#define RESET_REG_2_XMAC            (1u << 22)
#define RESET_REG_2_XMAC_SOFT       (1u << 23)
#define XMAC_CTRL_TX_RX_EN          3

void fixture_port_up(Fixture *f)
{
    fixture_warpcore_xfi(f);
    grc_wr(f, MISC_RESET_REG_2_CLEAR, RESET_REG_2_XMAC);
    grc_wr(f, MISC_RESET_REG_2_SET, RESET_REG_2_XMAC);
    grc_wr(f, MISC_XMAC_CORE_PORT_MODE, 0);
    grc_wr(f, MISC_XMAC_PHY_PORT_MODE, 3);
    grc_wr(f, MISC_RESET_REG_2_CLEAR, RESET_REG_2_XMAC_SOFT);
    grc_wr(f, MISC_RESET_REG_2_SET, RESET_REG_2_XMAC_SOFT);
    grc_wr(f, NIG_EGRESS_EMAC0_PORT, 0);
    grc_wr(f, XMAC0_RX_MAX_SIZE, 0x2710);
    grc_wr(f, XMAC0_CTRL, XMAC_CTRL_TX_RX_EN);
    grc_wr(f, NIG_P0_MAC_IN_EN, 1);
    grc_wr(f, NIG_P0_MAC_OUT_EN, 1);
}

uint64_t guest_mem(Fixture *f, size_t size)
{
    uint64_t addr = guest_alloc(&f->qs->alloc, size);

    qtest_memset(f->qs->qts, addr, 0, size);
    return addr;
}
