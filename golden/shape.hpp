// Dimensions of one conv layer mapped on the weight-stationary array.
#pragma once

#include "cosim_config.hpp"

namespace golden {

/// The layer and array dimensions every other part derives its sizes from.
/// Defaults: the squeezed layer of SPEC section 1 on the build's array size
/// (cosim_config.hpp, generated from the same CMake options as the RTL -G).
struct Shape {
  int rows = cosim::config::kRows;      // array rows = input channels per tile
  int cols = cosim::config::kCols;      // array columns = output channels per tile
  int act_w = cosim::config::kActW;     // activation bits, unsigned
  int wgt_w = cosim::config::kWgtW;     // weight bits, two's complement
  int psum_w = cosim::config::kPsumW;   // psum bits, two's complement
  int acc_w = cosim::config::kPsumW;    // SFP accumulator bits, two's complement
  int map = 4;                          // activation map side (unpadded)
  int kernel = 3;                       // kernel side
  int pad = 1;                          // zero padding on each border
  int in_ch = cosim::config::kRows;     // input channels of the layer
  int out_ch = cosim::config::kCols;    // output channels of the layer

  int padded() const { return map + 2 * pad; }
  int n_nij() const { return padded() * padded(); }
  int out_side() const { return padded() - kernel + 1; }
  int n_onij() const { return out_side() * out_side(); }
  int n_kij() const { return kernel * kernel; }
  int ic_tiles() const { return in_ch / rows; }
  int oc_tiles() const { return out_ch / cols; }

  /// Throws std::invalid_argument naming the first illegal value
  /// (non-positive sizes, widths outside 1..62, channels not a multiple of
  /// the array size, a kernel larger than the padded map, widths so large
  /// that an exact sum would not fit in 62 bits: the model keeps exact sums
  /// in int64_t to report wraps).
  void validate() const;
};

/// The squeezed layer (one tile) on a rows x cols array, other fields default.
Shape squeezed_shape(int rows, int cols);

}  // namespace golden
