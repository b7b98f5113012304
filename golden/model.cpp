#include "model.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>

namespace golden {

namespace {

void check_bits(int bits, const char* fn) {
  if (bits < 1 || bits > 63) throw std::invalid_argument(fmt::format("{}: bits = {} not in 1..63", fn, bits));
}

size_t idx(int i) { return static_cast<size_t>(i); }

// Throws std::invalid_argument when a tile's inputs do not fit their widths:
// the model only takes what the array can hold.
void check_inputs(const Tile& t) {
  const Shape& s = t.shape;
  for (int nij = 0; nij < s.n_nij(); ++nij)
    for (int row = 0; row < s.rows; ++row)
      if (!fits_unsigned(t.a(nij, row), s.act_w))
        throw std::invalid_argument(fmt::format("tile: activation nij {} row {} = {} does not fit {}-bit unsigned",
                                                nij, row, t.a(nij, row), s.act_w));
  for (int kij = 0; kij < s.n_kij(); ++kij)
    for (int col = 0; col < s.cols; ++col)
      for (int row = 0; row < s.rows; ++row)
        if (!fits_signed(t.w(kij, col, row), s.wgt_w))
          throw std::invalid_argument(fmt::format("tile: weight kij {} col {} row {} = {} does not fit {}-bit signed",
                                                  kij, col, row, t.w(kij, col, row), s.wgt_w));
}

// The array: psum[(kij * n_nij + nij) * cols + col]. Each column is a chain of
// PEs that adds row 0 first and row rows-1 last, wrapping at psum_w after
// every addition. exact runs alongside to tell whether the result wrapped
// (intermediate wraps that cancel out leave the result exact: not reported).
std::vector<int64_t> array_psums(const Tile& t, const std::string& prefix, std::vector<WrapEvent>& wraps) {
  const Shape& s = t.shape;
  std::vector<int64_t> psum(idx(s.n_kij() * s.n_nij() * s.cols));
  for (int kij = 0; kij < s.n_kij(); ++kij)
    for (int nij = 0; nij < s.n_nij(); ++nij)
      for (int col = 0; col < s.cols; ++col) {
        int64_t wrapped = 0;
        int64_t exact = 0;
        for (int row = 0; row < s.rows; ++row) {
          const int64_t product = t.w(kij, col, row) * t.a(nij, row);
          exact += product;
          wrapped = wrap_signed(wrapped + product, s.psum_w);
        }
        if (!fits_signed(exact, s.psum_w))
          wraps.push_back({fmt::format("{}psum kij {} nij {} col {}", prefix, kij, nij, col), exact, wrapped});
        psum[idx((kij * s.n_nij() + nij) * s.cols + col)] = wrapped;
      }
  return psum;
}

// One SFP lane: adds `value` to the accumulator, wrapping at acc_w; exact
// follows without wrapping.
struct Lane {
  int64_t acc = 0;
  int64_t exact = 0;
  void add(int64_t value, int acc_w) {
    exact += value;
    acc = wrap_signed(acc + value, acc_w);
  }
};

}  // namespace

int64_t wrap_signed(int64_t v, int bits) {
  check_bits(bits, "wrap_signed");
  const uint64_t mask = (1ULL << bits) - 1;
  const uint64_t u = static_cast<uint64_t>(v) & mask;
  const bool negative = ((u >> (bits - 1)) & 1ULL) != 0;
  return static_cast<int64_t>(negative ? (u | ~mask) : u);
}

bool fits_signed(int64_t v, int bits) {
  check_bits(bits, "fits_signed");
  const int64_t lo = -(int64_t{1} << (bits - 1));
  const int64_t hi = (int64_t{1} << (bits - 1)) - 1;
  return v >= lo && v <= hi;
}

bool fits_unsigned(int64_t v, int bits) {
  check_bits(bits, "fits_unsigned");
  if (v < 0) return false;
  return bits == 63 || v <= (int64_t{1} << bits) - 1;
}

int sfp_nij(const Shape& s, int o_nij, int kij) {
  const int side = s.out_side();
  const int padded = s.padded();
  return (o_nij / side) * padded + o_nij % side + (kij / s.kernel) * padded + kij % s.kernel;
}

Tile::Tile(const Shape& s)
    : shape(s),
      act(idx(s.n_nij() * s.rows), 0),
      wgt(idx(s.n_kij() * s.cols * s.rows), 0) {
  s.validate();
}

int64_t TileResult::psum_at(int kij, int nij, int col) const {
  return psum.at(idx((kij * shape.n_nij() + nij) * shape.cols + col));
}
int64_t TileResult::out_raw_at(int o_nij, int col) const { return out_raw.at(idx(o_nij * shape.cols + col)); }
int64_t TileResult::out_relu_at(int o_nij, int col) const { return out_relu.at(idx(o_nij * shape.cols + col)); }

TileResult compute_tile(const Tile& t) {
  const Shape& s = t.shape;
  s.validate();
  check_inputs(t);
  TileResult r;
  r.shape = s;
  r.psum = array_psums(t, "", r.wraps);
  r.out_raw.resize(idx(s.n_onij() * s.cols));
  r.out_relu.resize(r.out_raw.size());
  for (int o_nij = 0; o_nij < s.n_onij(); ++o_nij)
    for (int col = 0; col < s.cols; ++col) {
      Lane lane;
      for (int kij = 0; kij < s.n_kij(); ++kij) lane.add(r.psum_at(kij, sfp_nij(s, o_nij, kij), col), s.acc_w);
      if (!fits_signed(lane.exact, s.acc_w))
        r.wraps.push_back({fmt::format("acc o_nij {} col {}", o_nij, col), lane.exact, lane.acc});
      r.out_raw[idx(o_nij * s.cols + col)] = lane.acc;
      r.out_relu[idx(o_nij * s.cols + col)] = std::max<int64_t>(lane.acc, 0);
    }
  return r;
}

Layer::Layer(const Shape& s)
    : shape(s),
      act(idx(s.in_ch * s.map * s.map), 0),
      wgt(idx(s.out_ch * s.in_ch * s.n_kij()), 0) {
  s.validate();
}

Tile make_tile(const Layer& l, int ic_tile, int oc_tile) {
  const Shape& s = l.shape;
  if (ic_tile < 0 || ic_tile >= s.ic_tiles() || oc_tile < 0 || oc_tile >= s.oc_tiles())
    throw std::invalid_argument(fmt::format("make_tile: tile ({}, {}) outside {} x {} tiles", ic_tile, oc_tile,
                                            s.ic_tiles(), s.oc_tiles()));
  Shape ts = s;
  ts.in_ch = s.rows;
  ts.out_ch = s.cols;
  Tile t(ts);
  for (int pi = 0; pi < s.padded(); ++pi)
    for (int pj = 0; pj < s.padded(); ++pj) {
      const int i = pi - s.pad;
      const int j = pj - s.pad;
      if (i < 0 || i >= s.map || j < 0 || j >= s.map) continue;  // zero padding
      for (int row = 0; row < s.rows; ++row) {
        const int ic = ic_tile * s.rows + row;
        t.a(pi * s.padded() + pj, row) = l.act[idx((ic * s.map + i) * s.map + j)];
      }
    }
  for (int kij = 0; kij < s.n_kij(); ++kij)
    for (int col = 0; col < s.cols; ++col)
      for (int row = 0; row < s.rows; ++row) {
        const int oc = oc_tile * s.cols + col;
        const int ic = ic_tile * s.rows + row;
        t.w(kij, col, row) = l.wgt[idx((oc * s.in_ch + ic) * s.n_kij() + kij)];
      }
  return t;
}

LayerResult compute_layer(const Layer& l) {
  const Shape& s = l.shape;
  s.validate();
  LayerResult r;
  r.shape = s;
  r.out_raw.resize(idx(s.out_ch * s.n_onij()));
  r.out_relu.resize(r.out_raw.size());
  for (int oc_tile = 0; oc_tile < s.oc_tiles(); ++oc_tile) {
    // The psums of every input tile of this output tile, as the psum memory
    // would hold them: [ic_tile][(kij * n_nij + nij) * cols + col].
    std::vector<std::vector<int64_t>> psums;
    for (int ic_tile = 0; ic_tile < s.ic_tiles(); ++ic_tile) {
      const Tile t = make_tile(l, ic_tile, oc_tile);
      check_inputs(t);
      psums.push_back(array_psums(t, fmt::format("itile {} otile {} ", ic_tile, oc_tile), r.wraps));
    }
    // The SFP, in the notebook's loop order: kij outer, input tiles inner.
    for (int o_nij = 0; o_nij < s.n_onij(); ++o_nij)
      for (int col = 0; col < s.cols; ++col) {
        Lane lane;
        for (int kij = 0; kij < s.n_kij(); ++kij)
          for (int ic_tile = 0; ic_tile < s.ic_tiles(); ++ic_tile) {
            const int nij = sfp_nij(s, o_nij, kij);
            lane.add(psums[idx(ic_tile)][idx((kij * s.n_nij() + nij) * s.cols + col)], s.acc_w);
          }
        const int oc = oc_tile * s.cols + col;
        if (!fits_signed(lane.exact, s.acc_w))
          r.wraps.push_back({fmt::format("acc oc {} o_nij {}", oc, o_nij), lane.exact, lane.acc});
        r.out_raw[idx(oc * s.n_onij() + o_nij)] = lane.acc;
        r.out_relu[idx(oc * s.n_onij() + o_nij)] = std::max<int64_t>(lane.acc, 0);
      }
  }
  return r;
}

}  // namespace golden
