// The reference model: bit-exact integer maths of the array, the SFP and ReLU.
// Pure C++17, no Verilator. Index layouts are flat and documented per field.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shape.hpp"

namespace golden {

/// Two's complement wrap of v to `bits` bits (1..63), returned sign-extended.
int64_t wrap_signed(int64_t v, int bits);
/// True when v is representable in `bits` bits, signed / unsigned.
bool fits_signed(int64_t v, int bits);
bool fits_unsigned(int64_t v, int bits);

/// Padded-map position the SFP reads for output o_nij at kernel position kij
/// (the notebook's address mapping; SPEC section 1).
int sfp_nij(const Shape& s, int o_nij, int kij);

/// What one rows x cols tile of the array consumes: the vector-file view.
struct Tile {
  Shape shape;
  std::vector<int64_t> act;  // [nij * rows + row]               unsigned act_w (padded map)
  std::vector<int64_t> wgt;  // [(kij * cols + col) * rows + row] signed wgt_w

  explicit Tile(const Shape& s = Shape{});
  int64_t& a(int nij, int row) { return act[static_cast<size_t>(nij * shape.rows + row)]; }
  int64_t a(int nij, int row) const { return act[static_cast<size_t>(nij * shape.rows + row)]; }
  int64_t& w(int kij, int col, int row) {
    return wgt[static_cast<size_t>((kij * shape.cols + col) * shape.rows + row)];
  }
  int64_t w(int kij, int col, int row) const {
    return wgt[static_cast<size_t>((kij * shape.cols + col) * shape.rows + row)];
  }
};

/// A value that did not fit its width and wrapped.
struct WrapEvent {
  std::string where;  // e.g. "psum kij 3 nij 14 col 5" or "acc o_nij 2 col 0 after kij 7"
  int64_t exact = 0;
  int64_t wrapped = 0;
};

/// What one tile produces.
struct TileResult {
  Shape shape;
  std::vector<int64_t> psum;      // [(kij * n_nij + nij) * cols + col], wrapped to psum_w
  std::vector<int64_t> out_raw;   // [o_nij * cols + col], SFP accumulator, wrapped to acc_w
  std::vector<int64_t> out_relu;  // [o_nij * cols + col], max(out_raw, 0)
  std::vector<WrapEvent> wraps;   // empty when nothing wrapped

  int64_t psum_at(int kij, int nij, int col) const;
  int64_t out_raw_at(int o_nij, int col) const;
  int64_t out_relu_at(int o_nij, int col) const;
};

/// psum[kij][nij][col] = sum_row w[kij][col][row] * a[nij][row] (wrapping at
/// psum_w after every addition, as the PE chain does), then the SFP sum over
/// the 9 kij at sfp_nij() (wrapping at acc_w) and ReLU.
TileResult compute_tile(const Tile& t);

/// The notebook's whole layer before tiling: unpadded activations and weights.
struct Layer {
  Shape shape;
  std::vector<int64_t> act;  // [(ic * map + i) * map + j]   unsigned act_w
  std::vector<int64_t> wgt;  // [(oc * in_ch + ic) * n_kij + kij] signed wgt_w

  explicit Layer(const Shape& s = Shape{});
};

/// The tile (ic_tile, oc_tile) of a layer, with the activation zero-padded.
Tile make_tile(const Layer& l, int ic_tile, int oc_tile);

/// The full layer through the tiled flow of the notebook: the SFP also sums
/// over input-channel tiles.
struct LayerResult {
  Shape shape;
  std::vector<int64_t> out_raw;   // [oc * n_onij + o_nij], wrapped to acc_w
  std::vector<int64_t> out_relu;  // [oc * n_onij + o_nij]
  std::vector<WrapEvent> wraps;
};
LayerResult compute_layer(const Layer& l);

}  // namespace golden
