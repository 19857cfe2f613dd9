#include "trace/trace-hw_net_ql8400.h"
