// The libFuzzer entry point of the vector reader. Any contract violation
// (reader_case.hpp) aborts, which libFuzzer reports as a crash; sanitizers
// report memory errors, UB and leaks; -timeout reports hangs.
#include <cstdio>
#include <cstdlib>

#include "reader_case.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::Outcome o = fuzz::run_reader_case(data, size);
  if (!o.violation.empty()) {
    std::fprintf(stderr, "reader contract violated (%s): %s\n", o.mode.c_str(), o.violation.c_str());
    if (!o.error.empty()) std::fprintf(stderr, "  error was: %s\n", o.error.c_str());
    std::abort();
  }
  return 0;
}
