/*
 * ql8400 firmware model: trace events. In QEMU they are QEMU's trace
 * events (-trace 'ql8400_*'); standalone, functions generated from the same
 * trace-events file print to stderr when QL8400_TRACE matches their name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QL8400_FW_TRACE_H
#define QL8400_FW_TRACE_H

#ifdef QL8400_STANDALONE
#include "trace-standalone.h"
#else
#include "trace/trace-hw_net_ql8400_firmware_model.h"
#endif

#endif
