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
  Min,      // activation max; weight max (7) on even, min (-8) on odd output channels
  Ones,     // activation 1, weight 1
  Notebook  // weights from the notebook's trained tensor (cell [5]), Relu activations;
            // arrays smaller than 8x8 take the tensor's leading channels
};

/// Names accepted on the command line, in the order of the enum.
const std::vector<std::string>& pattern_names();
/// Throws std::invalid_argument listing the valid names.
Pattern parse_pattern(const std::string& name);

/// A whole layer of shape s (unpadded activations, weights) by pattern. The
/// PRNG is std::mt19937_64 seeded with `seed`, mapped to ranges by our own
/// rejection sampling, so the values do not depend on the standard library.
Layer generate_layer(const Shape& s, Pattern p, uint64_t seed);

/// A set holding the tile and the golden model's psum, out (after ReLU, as
/// the notebook writes it) and out_relu.
VectorSet complete_set(const Tile& t);

/// A complete squeezed-layer set (psum, out, out_relu filled in from the
/// golden model). Same shape + pattern + seed gives the same set. s must be a
/// single tile (in_ch == rows, out_ch == cols): tile (0, 0) of generate_layer().
VectorSet generate(const Shape& s, Pattern p, uint64_t seed);

/// The notebook's trained 8x8x3x3 weight tensor (cell [5]) as
/// [(oc * 8 + ic) * 9 + kij], values in -7..7.
const std::vector<int64_t>& notebook_weights();

}  // namespace golden
