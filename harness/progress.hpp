// Progress of a long run: elapsed time and an estimate of the time left,
// printed at most every `every` seconds (never in the first `every`), so a
// short run prints nothing and a long one shows it is alive.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace cosim {

/// "1.5 s" / "2 min 05 s" / "1 h 02 min".
std::string duration_text(double seconds);
/// "12.0 s elapsed, about 36 s left" after `done` of `total` in `elapsed`.
std::string eta_text(double elapsed, size_t done, size_t total);

class Progress {
 public:
  /// every <= 0: never prints.
  Progress(std::FILE* out, double every);
  /// Prints "progress: DONE of TOTAL UNIT, ..." when it is time.
  void update(size_t done, size_t total, const char* unit);
  double elapsed() const;

 private:
  std::FILE* out_;
  double every_;
  std::chrono::steady_clock::time_point start_;
  double last_ = 0;
};

}  // namespace cosim
