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
  Notebook, // weights from the notebook's trained tensor (cell [5]), Relu activations;
            // arrays smaller than 8x8 take the tensor's leading channels
  Corner    // the value extremes (corner_layer()): weights min and max, activations max,
            // its top bit alone and the rest, all-zero lines, the largest sums both ways
};

/// Names accepted on the command line, in the order of the enum.
const std::vector<std::string>& pattern_names();
/// Throws std::invalid_argument listing the valid names.
Pattern parse_pattern(const std::string& name);

/// A whole layer of shape s (unpadded activations, weights) by pattern. The
/// PRNG is std::mt19937_64 seeded with `seed`, mapped to ranges by our own
/// rejection sampling, so the values do not depend on the standard library.
Layer generate_layer(const Shape& s, Pattern p, uint64_t seed);

/// The corner pattern, by position rather than by draw. Activations: the
/// map's last row 0 (all-zero lines), its last column 2^(act_w-1) (the top
/// bit alone) and 2^(act_w-1)-1 by turns, every other value the maximum,
/// so the outputs whose window avoids them sum maxima only. Weights per
/// output channel, by oc mod 8: 0 all the minimum (-8), 1 all the maximum
/// (7), 2 minimum on the first half of the kernel and maximum after (the sum
/// changes sign), 3 all 0, 4 maximum on the first half of the input
/// channels and minimum on the rest, 5 the minimum on the last input
/// channel only, 6 the maximum on the first only, 7 minimum or maximum by
/// the seed. On 8x8 with a 4x4 map: psums from -960 to +840 per kij (the
/// largest a kij can make), outputs from -8640 to +7560.
Layer corner_layer(const Shape& s, uint64_t seed);

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
