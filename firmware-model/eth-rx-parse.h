/*
 * ql8400 firmware model: the receive parser's verdict on a frame, as the
 * fast-path RX CQE reports it (checksums validated, protocols found).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_ETH_RX_PARSE_H
#define QL8400_FW_ETH_RX_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* eth_fast_path_rx_cqe.type_error_flags */
#define QL8400_CQE_IP_BAD_XSUM          (1u << 4)
#define QL8400_CQE_L4_BAD_XSUM          (1u << 5)
/* eth_fast_path_rx_cqe.status_flags */
#define QL8400_CQE_IP_XSUM_NO_VALIDATION (1u << 6)
#define QL8400_CQE_L4_XSUM_NO_VALIDATION (1u << 7)
/* parsing_flags */
#define QL8400_PARS_OVER_ETH_SHIFT      3       /* 1 IPv4, 2 IPv6 */
#define QL8400_PARS_IP_OPTIONS          (1u << 5)
#define QL8400_PARS_FRAGMENT            (1u << 6)
#define QL8400_PARS_OVER_IP_SHIFT       7       /* 1 TCP, 2 UDP */
#define QL8400_PARS_OVER_ETH_IPV4       1
#define QL8400_PARS_OVER_ETH_IPV6       2
#define QL8400_PARS_OVER_IP_TCP         1
#define QL8400_PARS_OVER_IP_UDP         2

typedef struct Ql8400RxParse {
    uint8_t error_flags;        /* QL8400_CQE_*_BAD_XSUM */
    uint8_t status_flags;       /* QL8400_CQE_*_NO_VALIDATION */
    uint16_t pars_flags;        /* QL8400_PARS_* */
} Ql8400RxParse;

/*
 * Parse a received frame (an 802.1Q tag left in it is skipped): the IPv4
 * header checksum and the TCP or UDP checksum are validated when the
 * frame has them whole; what could not be validated says so.
 */
void ql8400_rx_parse(const uint8_t *frame, size_t len, Ql8400RxParse *p);

#endif
