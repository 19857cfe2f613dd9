/*
 * Runs every unit-test suite of the firmware model.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdlib.h>
#include "tests.h"

int main(void)
{
    SRunner *sr = srunner_create(grc_suite());
    int failed;

    srunner_add_suite(sr, dmae_suite());
    srunner_add_suite(sr, init_suite());
    srunner_add_suite(sr, slowpath_suite());
    srunner_add_suite(sr, l2_suite());
    srunner_add_suite(sr, rss_suite());
    srunner_add_suite(sr, stats_suite());
    srunner_add_suite(sr, mcp_suite());
    srunner_add_suite(sr, nvram_suite());
    srunner_add_suite(sr, tcp_suite());
    srunner_add_suite(sr, link_suite());
    srunner_add_suite(sr, iscsi_suite());
    srunner_add_suite(sr, offload_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
