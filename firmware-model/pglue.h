/*
 * ql8400 firmware model: PGLUE_B, the chip's side of the PCIe link.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_PGLUE_H
#define QL8400_FW_PGLUE_H

#include "chip.h"

void ql8400_pglue_init(Ql8400Chip *c);
/* A function-level reset: the function may not master the bus. */
void ql8400_pglue_function_reset(Ql8400Chip *c);
/* Is the driver writing on another function's behalf (pretend)? */
bool ql8400_pglue_pretending(const Ql8400Chip *c);

/*
 * Requests of the function to host memory. They pass PGLUE_B only while
 * the function's master enable is set; otherwise they are dropped there
 * (QL8400_DMA_BLOCKED) and never reach the host.
 */
Ql8400DmaResult ql8400_pglue_dma_read(Ql8400Chip *c, uint64_t addr,
                                      void *buf, size_t len);
Ql8400DmaResult ql8400_pglue_dma_write(Ql8400Chip *c, uint64_t addr,
                                       const void *buf, size_t len);

#endif
