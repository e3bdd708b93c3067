#include "shim.h"

namespace {
thread_local std::string last_error;
}

void rb::set_error(const std::string& message) { last_error = message; }

extern "C" const char* rb_last_error(void) { return last_error.c_str(); }
