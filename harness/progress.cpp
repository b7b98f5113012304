#include "progress.hpp"

#include <fmt/format.h>

#include <cmath>

namespace cosim {

std::string duration_text(double s) {
  if (s < 60) return fmt::format("{:.1f} s", s);
  const auto t = static_cast<long>(std::lround(s));
  if (t < 3600) return fmt::format("{} min {:02} s", t / 60, t % 60);
  return fmt::format("{} h {:02} min", t / 3600, (t % 3600) / 60);
}

std::string eta_text(double elapsed, size_t done, size_t total) {
  if (done == 0 || done >= total) return fmt::format("{} elapsed", duration_text(elapsed));
  const double left = elapsed / static_cast<double>(done) * static_cast<double>(total - done);
  return fmt::format("{} elapsed, about {} left", duration_text(elapsed), duration_text(left));
}

Progress::Progress(std::FILE* out, double every)
    : out_(out), every_(every), start_(std::chrono::steady_clock::now()) {}

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(size_t done, size_t total, const char* unit) {
  if (every_ <= 0 || done >= total) return;
  const double now = elapsed();
  if (now < every_ || now - last_ < every_) return;
  last_ = now;
  fmt::print(out_, "progress: {} of {} {} ({:.0f}%), {}\n", done, total, unit,
             100.0 * static_cast<double>(done) / static_cast<double>(total), eta_text(now, done, total));
  std::fflush(out_);
}

}  // namespace cosim
