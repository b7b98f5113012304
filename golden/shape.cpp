#include "shape.hpp"

#include <fmt/core.h>

#include <stdexcept>

namespace golden {

namespace {

// Smallest b with 2^b >= n (n >= 1).
int ceil_log2(long long n) {
  int b = 0;
  while ((1LL << b) < n) ++b;
  return b;
}

void require(bool ok, const char* what, int value, const char* rule) {
  if (!ok) throw std::invalid_argument(fmt::format("shape: {} = {} {}", what, value, rule));
}

}  // namespace

void Shape::validate() const {
  require(rows > 0, "rows", rows, "must be positive");
  require(cols > 0, "cols", cols, "must be positive");
  require(map > 0, "map", map, "must be positive");
  require(kernel > 0, "kernel", kernel, "must be positive");
  require(pad >= 0, "pad", pad, "must not be negative");
  require(in_ch > 0, "in_ch", in_ch, "must be positive");
  require(out_ch > 0, "out_ch", out_ch, "must be positive");
  require(act_w >= 1 && act_w <= 62, "act_w", act_w, "must be in 1..62");
  require(wgt_w >= 1 && wgt_w <= 62, "wgt_w", wgt_w, "must be in 1..62");
  require(psum_w >= 1 && psum_w <= 62, "psum_w", psum_w, "must be in 1..62");
  require(acc_w >= 1 && acc_w <= 62, "acc_w", acc_w, "must be in 1..62");
  require(in_ch % rows == 0, "in_ch", in_ch, "must be a multiple of rows");
  require(out_ch % cols == 0, "out_ch", out_ch, "must be a multiple of cols");
  require(kernel <= padded(), "kernel", kernel, "must not exceed the padded map side");
  // The model keeps the exact (unwrapped) sums in int64_t to report wraps;
  // these bounds keep every exact sum below 2^62.
  require(act_w + wgt_w + ceil_log2(rows) <= 62, "act_w + wgt_w + log2(rows)",
          act_w + wgt_w + ceil_log2(rows), "must be at most 62 (exact psums in 64 bits)");
  require(psum_w + ceil_log2(static_cast<long long>(n_kij()) * ic_tiles()) <= 62,
          "psum_w + log2(kernel^2 * ic_tiles)",
          psum_w + ceil_log2(static_cast<long long>(n_kij()) * ic_tiles()),
          "must be at most 62 (exact sums in 64 bits)");
}

Shape squeezed_shape(int rows, int cols) {
  Shape s;
  s.rows = rows;
  s.cols = cols;
  s.in_ch = rows;
  s.out_ch = cols;
  return s;
}

}  // namespace golden
