/*
 * QLogic 8400 Series adapter: Vital Product Data, read through the VPD
 * capability's address/flag and data registers as PCI 3.0 describes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/range.h"
#include "hw/pci/pci_device.h"
#include "ql8400.h"
#include "trace.h"

#define VPD_ADDR        2       /* address (bits 0-14) and flag (bit 15) */
#define VPD_DATA        4
#define VPD_FLAG        0x8000

#define VPD_TAG_ID_STRING   0x82
#define VPD_TAG_READ_ONLY   0x90
#define VPD_TAG_END         0x78

#define QL8400_PRODUCT_NAME "QLogic 8400 Series 10GbE Converged Network Adapter"
#define QL8400_PART_NUMBER  "QLE8442-SR"

typedef struct VpdWriter {
    uint8_t *buf;
    size_t len;
} VpdWriter;

static void vpd_put(VpdWriter *w, const void *data, size_t len)
{
    memcpy(w->buf + w->len, data, len);
    w->len += len;
}

static void vpd_large_tag(VpdWriter *w, uint8_t tag, uint16_t len)
{
    uint8_t hdr[3] = { tag, len & 0xff, len >> 8 };

    vpd_put(w, hdr, sizeof(hdr));
}

static void vpd_keyword(VpdWriter *w, const char *key, const char *value)
{
    uint8_t hdr[3] = { key[0], key[1], strlen(value) };

    vpd_put(w, hdr, sizeof(hdr));
    vpd_put(w, value, strlen(value));
}

/*
 * The product name, then the read-only section with part number, serial
 * number (from the MAC, so it is stable per card), manufacturer id and the
 * checksum keyword that makes every byte up to it sum to zero.
 */
void ql8400_vpd_build(Ql8400State *s)
{
    const uint8_t *mac = s->conf.macaddr.a;
    VpdWriter w = { .buf = s->vpd };
    char serial[16];
    size_t ro_start, ro_len_pos;
    uint8_t sum = 0;
    size_t i;

    memset(s->vpd, 0, sizeof(s->vpd));
    vpd_large_tag(&w, VPD_TAG_ID_STRING, strlen(QL8400_PRODUCT_NAME));
    vpd_put(&w, QL8400_PRODUCT_NAME, strlen(QL8400_PRODUCT_NAME));

    ro_len_pos = w.len + 1;
    vpd_large_tag(&w, VPD_TAG_READ_ONLY, 0);
    ro_start = w.len;
    snprintf(serial, sizeof(serial), "QL%02X%02X%02X%02X",
             mac[2], mac[3], mac[4], mac[5]);
    vpd_keyword(&w, "PN", QL8400_PART_NUMBER);
    vpd_keyword(&w, "EC", "B0");
    vpd_keyword(&w, "SN", serial);
    vpd_keyword(&w, "MN", "1077");
    vpd_keyword(&w, "RV", "\x01");      /* placeholder for the checksum */
    s->vpd[ro_len_pos] = w.len - ro_start;
    s->vpd[ro_len_pos + 1] = 0;
    for (i = 0; i < w.len - 1; i++) {
        sum += s->vpd[i];
    }
    s->vpd[w.len - 1] = -sum;
    s->vpd[w.len++] = VPD_TAG_END;
}

void ql8400_vpd_config_write(Ql8400State *s, uint32_t addr, int len)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    uint8_t *cap = pdev->config + QL8400_CAP_VPD;
    uint16_t reg;
    uint32_t data = 0;
    unsigned i;

    if (!ranges_overlap(addr, len, QL8400_CAP_VPD + VPD_ADDR, 2)) {
        return;
    }
    reg = pci_get_word(cap + VPD_ADDR);
    if (reg & VPD_FLAG) {
        /* a write request: the VPD of this board is read-only */
        qemu_log_mask(LOG_GUEST_ERROR, "ql8400: VPD write to 0x%x ignored\n",
                      reg & ~VPD_FLAG);
        pci_set_word(cap + VPD_ADDR, reg & ~VPD_FLAG);
        return;
    }
    for (i = 0; i < 4; i++) {
        unsigned off = (reg + i) & (VPD_FLAG - 1);

        data |= (uint32_t)(off < sizeof(s->vpd) ? s->vpd[off] : 0) << (8 * i);
    }
    trace_ql8400_vpd_read(reg, data);
    pci_set_long(cap + VPD_DATA, data);
    pci_set_word(cap + VPD_ADDR, reg | VPD_FLAG);
}
