/* The unit-test suites of the firmware model, one per area. */
#ifndef QL8400_TESTS_H
#define QL8400_TESTS_H

#include <check.h>
#include "chip.h"

/* test-link.c: the port's link up as the driver's phy init makes it. */
void test_link_bring_up(Ql8400Chip *chip);

Suite *grc_suite(void);
Suite *dmae_suite(void);
Suite *init_suite(void);
Suite *slowpath_suite(void);
Suite *l2_suite(void);
Suite *rss_suite(void);
Suite *stats_suite(void);
Suite *mcp_suite(void);
Suite *nvram_suite(void);
Suite *tcp_suite(void);
Suite *link_suite(void);
Suite *iscsi_suite(void);
Suite *offload_suite(void);

/* fw-net (with test-tcp-net.c): the offload path against tgtd */
Suite *offload_net_suite(void);

#endif
