/* The unit-test suites of the firmware model, one per area. */
#ifndef QL8400_TESTS_H
#define QL8400_TESTS_H

#include <check.h>

Suite *grc_suite(void);
Suite *dmae_suite(void);
Suite *init_suite(void);
Suite *slowpath_suite(void);
Suite *l2_suite(void);
Suite *mcp_suite(void);
Suite *nvram_suite(void);

#endif
