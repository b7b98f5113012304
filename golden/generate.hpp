// Vector-set generator: activations by pattern, weights by pattern or the
// notebook's trained tensor, expected files from the golden model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vectors.hpp"

namespace golden {

enum class Pattern {
  Random,   // uniform over the full range of each width
  Relu,     // post-ReLU-like activations: mostly zeros, small values, some large
  Sparse,   // very few non-zero activations and weights
  Zero,     // all zeros
  Max,      // activation max (15), weight min (-8): the largest-magnitude products
  Min,      // activation max, weight max (7); weights alternate extremes per channel
  Ones,     // activation 1, weight 1
  Notebook  // weights from the notebook's trained tensor (cell [5]), Relu activations
};

/// Names accepted on the command line, in the order of the enum.
const std::vector<std::string>& pattern_names();
/// Throws std::invalid_argument listing the valid names.
Pattern parse_pattern(const std::string& name);

/// A complete squeezed-layer set (psum, out, out_relu filled in from the
/// golden model). Same shape + pattern + seed gives the same set.
VectorSet generate(const Shape& s, Pattern p, uint64_t seed);

/// The notebook's trained 8x8x3x3 weight tensor (cell [5]) as
/// [(oc * 8 + ic) * 9 + kij], values in -7..7.
const std::vector<int64_t>& notebook_weights();

}  // namespace golden
