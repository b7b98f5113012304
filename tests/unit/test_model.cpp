// golden.*: the reference model. Expected values are worked out by hand (in
// the comments) or by a naive convolution written here, never by the model.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>

#include "generate.hpp"
#include "model.hpp"

using golden::Layer;
using golden::Shape;
using golden::Tile;

namespace {

size_t at(int i) { return static_cast<size_t>(i); }

// Every activation (padding positions included) = a, every weight = w.
Tile uniform_tile(const Shape& s, int64_t a, int64_t w) {
  Tile t(s);
  for (auto& x : t.act) x = a;
  for (auto& x : t.wgt) x = w;
  return t;
}

// The layer's convolution written directly from its definition, no tiling,
// no padded map, no address mapping: out[oc][oi][oj], exact (no wrap).
std::vector<int64_t> naive_conv(const Layer& l) {
  const Shape& s = l.shape;
  const int side = s.map + 2 * s.pad - s.kernel + 1;
  std::vector<int64_t> out(at(s.out_ch * side * side), 0);
  for (int oc = 0; oc < s.out_ch; ++oc)
    for (int oi = 0; oi < side; ++oi)
      for (int oj = 0; oj < side; ++oj) {
        int64_t sum = 0;
        for (int ic = 0; ic < s.in_ch; ++ic)
          for (int ki = 0; ki < s.kernel; ++ki)
            for (int kj = 0; kj < s.kernel; ++kj) {
              const int i = oi + ki - s.pad;
              const int j = oj + kj - s.pad;
              if (i < 0 || j < 0 || i >= s.map || j >= s.map) continue;
              sum += l.wgt[at((oc * s.in_ch + ic) * s.kernel * s.kernel + ki * s.kernel + kj)] *
                     l.act[at((ic * s.map + i) * s.map + j)];
            }
        out[at((oc * side + oi) * side + oj)] = sum;
      }
  return out;
}

}  // namespace

TEST_CASE("golden.wrap.sign_extension") {
  // 4-bit two's complement: 1000 = -8, 1111 = -1, 0111 = 7.
  CHECK(golden::wrap_signed(8, 4) == -8);
  CHECK(golden::wrap_signed(15, 4) == -1);
  CHECK(golden::wrap_signed(7, 4) == 7);
  CHECK(golden::wrap_signed(16, 4) == 0);
  CHECK(golden::wrap_signed(-9, 4) == 7);
  CHECK(golden::wrap_signed(-8, 4) == -8);
  // 16 bits: 0xfc40 = 64576 = -960.
  CHECK(golden::wrap_signed(64576, 16) == -960);
  CHECK(golden::wrap_signed(32768, 16) == -32768);
  CHECK(golden::wrap_signed(-32769, 16) == 32767);
  CHECK(golden::fits_signed(-8, 4));
  CHECK_FALSE(golden::fits_signed(8, 4));
  CHECK_FALSE(golden::fits_signed(-9, 4));
  CHECK(golden::fits_unsigned(15, 4));
  CHECK_FALSE(golden::fits_unsigned(16, 4));
  CHECK_FALSE(golden::fits_unsigned(-1, 4));
  CHECK_THROWS_AS(golden::wrap_signed(1, 0), std::invalid_argument);
}

TEST_CASE("golden.arith.max_product_sum") {
  // 15 x -8 = -120 per row, 8 rows: -960 in every psum; the SFP adds 9: -8640.
  const golden::TileResult r = golden::compute_tile(uniform_tile(Shape{}, 15, -8));
  for (int64_t p : r.psum) REQUIRE(p == -960);
  for (int64_t o : r.out_raw) REQUIRE(o == -8640);
  for (int64_t o : r.out_relu) REQUIRE(o == 0);
  CHECK(r.wraps.empty());
}

TEST_CASE("golden.arith.max_positive_sum") {
  // 15 x 7 x 8 = 840 per psum, 9 x 840 = 7560 out, positive so ReLU keeps it.
  const golden::TileResult r = golden::compute_tile(uniform_tile(Shape{}, 15, 7));
  for (int64_t p : r.psum) REQUIRE(p == 840);
  for (int64_t o : r.out_relu) REQUIRE(o == 7560);
}

TEST_CASE("golden.wrap.psum_width") {
  Shape s;
  s.psum_w = 8;  // -128..127
  s.acc_w = 16;
  // 840 = 0b11_0100_1000 -> low 8 bits 0x48 = 72.
  const golden::TileResult r = golden::compute_tile(uniform_tile(s, 15, 7));
  for (int64_t p : r.psum) REQUIRE(p == 72);
  // Every psum wrapped, plus nothing at the accumulator (9 x 72 = 648 fits).
  REQUIRE(r.wraps.size() == at(s.n_kij() * s.n_nij() * s.cols));
  CHECK(r.wraps[0].exact == 840);
  CHECK(r.wraps[0].wrapped == 72);
  CHECK(r.wraps[0].where == "psum kij 0 nij 0 col 0");
  for (int64_t o : r.out_raw) REQUIRE(o == 648);

  s.psum_w = 11;  // -1024..1023: 840 fits, and 9 x 840 = 7560 fits the 16-bit accumulator
  CHECK(golden::compute_tile(uniform_tile(s, 15, 7)).wraps.empty());
}

TEST_CASE("golden.wrap.intermediate_cancels") {
  // Rows add +105, +105, -105, -105, ... : the running sum reaches 210, which
  // wraps in 8 bits, but the final sum 0 is exact: the result is 0 and no
  // wrap is reported (two's complement wrap per addition is exact at the end).
  Shape s;
  s.psum_w = 8;
  Tile t = uniform_tile(s, 15, 0);
  for (int kij = 0; kij < s.n_kij(); ++kij)
    for (int col = 0; col < s.cols; ++col)
      for (int row = 0; row < s.rows; ++row) t.w(kij, col, row) = (row / 2) % 2 == 0 ? 7 : -7;
  const golden::TileResult r = golden::compute_tile(t);
  for (int64_t p : r.psum) REQUIRE(p == 0);
  CHECK(r.wraps.empty());
}

TEST_CASE("golden.wrap.accumulator") {
  Shape s;
  s.acc_w = 12;  // -2048..2047
  // -8640 + 3 * 4096 = 3648, which is >= 2048, so -8640 wraps to 3648 - 4096 = -448.
  const golden::TileResult r = golden::compute_tile(uniform_tile(s, 15, -8));
  for (int64_t p : r.psum) REQUIRE(p == -960);
  for (int64_t o : r.out_raw) REQUIRE(o == -448);
  for (int64_t o : r.out_relu) REQUIRE(o == 0);
  REQUIRE(r.wraps.size() == at(s.n_onij() * s.cols));
  CHECK(r.wraps[0].exact == -8640);
  CHECK(r.wraps[0].wrapped == -448);
  CHECK(r.wraps[0].where == "acc o_nij 0 col 0");
}

TEST_CASE("golden.sfp_nij.all_pairs") {
  // From the 2D geometry: output (oi, oj) with kernel tap (ki, kj) reads the
  // padded position (oi + ki, oj + kj) of the 6x6 padded map.
  const Shape s;
  int checked = 0;
  for (int oi = 0; oi < 4; ++oi)
    for (int oj = 0; oj < 4; ++oj)
      for (int ki = 0; ki < 3; ++ki)
        for (int kj = 0; kj < 3; ++kj) {
          INFO("oi " << oi << " oj " << oj << " ki " << ki << " kj " << kj);
          REQUIRE(golden::sfp_nij(s, oi * 4 + oj, ki * 3 + kj) == (oi + ki) * 6 + (oj + kj));
          ++checked;
        }
  CHECK(checked == 16 * 9);

  // Another geometry: 5x5 map, no padding, 2x2 kernel: 4x4 outputs on a 5-wide map.
  Shape t;
  t.map = 5;
  t.pad = 0;
  t.kernel = 2;
  for (int oi = 0; oi < 4; ++oi)
    for (int oj = 0; oj < 4; ++oj)
      for (int ki = 0; ki < 2; ++ki)
        for (int kj = 0; kj < 2; ++kj)
          REQUIRE(golden::sfp_nij(t, oi * 4 + oj, ki * 2 + kj) == (oi + ki) * 5 + (oj + kj));
}

TEST_CASE("golden.relu") {
  // Column 0 weights +1, column 1 weights -1, one activation 3 in the tile:
  // column 0 sums to positive values, column 1 to negative ones.
  Shape s = golden::squeezed_shape(1, 2);
  Tile t(s);
  for (int kij = 0; kij < s.n_kij(); ++kij) {
    t.w(kij, 0, 0) = 1;
    t.w(kij, 1, 0) = -1;
  }
  t.a(14, 0) = 3;  // padded (2, 2) = unpadded (1, 1): inside every 3x3 window of outputs (0..2, 0..2)
  const golden::TileResult r = golden::compute_tile(t);
  CHECK(r.out_raw_at(0, 0) == 3);
  CHECK(r.out_raw_at(0, 1) == -3);
  CHECK(r.out_relu_at(0, 0) == 3);
  CHECK(r.out_relu_at(0, 1) == 0);
  CHECK(r.out_raw_at(15, 1) == 0);  // output (3, 3) does not see (1, 1)
  CHECK(r.out_relu_at(15, 1) == 0);
}

TEST_CASE("golden.hand_example") {
  // 2x2 array, 2x2 map, padding 1, 3x3 kernel: padded map 4x4, 2x2 outputs.
  //   ic 0 = [[1, 2], [3, 4]]   ic 1 = [[0, 1], [1, 0]]
  //   oc 0: ic 0 kernel all ones, ic 1 zero   -> every output sums the whole
  //         ic-0 map (each 3x3 window covers all four pixels): 10
  //   oc 1: ic 0 weight 2 at kij 0 (top-left), ic 1 weight -1 at kij 4 (centre)
  //         out(oi, oj) = 2 * ic0[oi-1][oj-1] - ic1[oi][oj]
  //         (0,0) = 0 - 0 = 0; (0,1) = 0 - 1 = -1; (1,0) = 0 - 1 = -1; (1,1) = 2*1 - 0 = 2
  Shape s = golden::squeezed_shape(2, 2);
  s.map = 2;
  Layer l(s);
  l.act = {1, 2, 3, 4, 0, 1, 1, 0};
  for (int kij = 0; kij < 9; ++kij) l.wgt[at((0 * 2 + 0) * 9 + kij)] = 1;
  l.wgt[at((1 * 2 + 0) * 9 + 0)] = 2;
  l.wgt[at((1 * 2 + 1) * 9 + 4)] = -1;

  const Tile t = golden::make_tile(l, 0, 0);
  // Padded map: nij = pi * 4 + pj; ic 0 pixel (0, 0) sits at nij 5, (1, 1) at nij 10.
  CHECK(t.a(0, 0) == 0);
  CHECK(t.a(5, 0) == 1);
  CHECK(t.a(6, 0) == 2);
  CHECK(t.a(9, 0) == 3);
  CHECK(t.a(10, 0) == 4);
  CHECK(t.a(6, 1) == 1);
  CHECK(t.a(15, 1) == 0);

  const golden::TileResult r = golden::compute_tile(t);
  // psum kij 4 at nij 6 (pixel (0, 1)): oc 0 = 1 * 2, oc 1 = -1 * ic1[0][1] = -1.
  CHECK(r.psum_at(4, 6, 0) == 2);
  CHECK(r.psum_at(4, 6, 1) == -1);
  // psum kij 0 at nij 10 (pixel (1, 1)): oc 0 = 4, oc 1 = 2 * 4 = 8.
  CHECK(r.psum_at(0, 10, 0) == 4);
  CHECK(r.psum_at(0, 10, 1) == 8);
  CHECK(r.psum_at(0, 0, 0) == 0);  // padding

  const std::vector<int64_t> raw = {10, 0, 10, -1, 10, -1, 10, 2};  // [o_nij][col]
  const std::vector<int64_t> relu = {10, 0, 10, 0, 10, 0, 10, 2};
  CHECK(r.out_raw == raw);
  CHECK(r.out_relu == relu);

  const golden::LayerResult lr = golden::compute_layer(l);
  const std::vector<int64_t> raw_by_oc = {10, 10, 10, 10, 0, -1, -1, 2};  // [oc][o_nij]
  CHECK(lr.out_raw == raw_by_oc);
}

TEST_CASE("golden.layer.tiles_and_naive") {
  struct Case {
    int rows, cols, in_ch, out_ch, map, kernel, pad;
  };
  // The 16-channel layer on the 8x8 array, and odd geometries on small arrays.
  const Case cases[] = {{8, 8, 16, 16, 4, 3, 1}, {2, 2, 4, 6, 5, 3, 0}, {4, 2, 8, 4, 3, 2, 2}};
  for (const Case& c : cases) {
    for (uint64_t seed : {1u, 2u}) {
      Shape s = golden::squeezed_shape(c.rows, c.cols);
      s.in_ch = c.in_ch;
      s.out_ch = c.out_ch;
      s.map = c.map;
      s.kernel = c.kernel;
      s.pad = c.pad;
      INFO("array " << c.rows << "x" << c.cols << " channels " << c.in_ch << "->" << c.out_ch << " map " << c.map
                    << " kernel " << c.kernel << " pad " << c.pad << " seed " << seed);
      const Layer l = golden::generate_layer(s, golden::Pattern::Random, seed);
      const golden::LayerResult r = golden::compute_layer(l);
      REQUIRE(r.wraps.empty());
      CHECK(r.out_raw == naive_conv(l));

      // The sum over input tiles of each tile's own SFP result.
      for (int o = 0; o < s.oc_tiles(); ++o) {
        std::vector<int64_t> sum(at(s.n_onij() * s.cols), 0);
        for (int i = 0; i < s.ic_tiles(); ++i) {
          const golden::TileResult tr = golden::compute_tile(golden::make_tile(l, i, o));
          for (size_t k = 0; k < sum.size(); ++k) sum[k] += tr.out_raw[k];
        }
        for (int col = 0; col < s.cols; ++col)
          for (int on = 0; on < s.n_onij(); ++on)
            REQUIRE(r.out_raw[at((o * s.cols + col) * s.n_onij() + on)] == sum[at(on * s.cols + col)]);
      }
      for (size_t k = 0; k < r.out_raw.size(); ++k) REQUIRE(r.out_relu[k] == std::max<int64_t>(r.out_raw[k], 0));
    }
  }
}

TEST_CASE("golden.layer.full_size_wraps") {
  // The notebook's full layer: 64 -> 64 channels, 32x32 map, 8x8 tiles.
  Shape s;
  s.in_ch = 64;
  s.out_ch = 64;
  s.map = 32;
  REQUIRE(s.ic_tiles() == 8);
  REQUIRE(s.n_onij() == 1024);
  const Layer l = golden::generate_layer(s, golden::Pattern::Max, 0);
  const golden::LayerResult r = golden::compute_layer(l);
  // Interior output (5, 5): 9 taps x 64 channels x 15 x -8 = -69120, which
  // wraps in 16 bits to -69120 + 65536 = -3584. Corner (0, 0) has 4 taps:
  // 4 x 64 x -120 = -30720, which fits.
  CHECK(r.out_raw[at(3 * 1024 + 5 * 32 + 5)] == -3584);
  CHECK(r.out_raw[at(3 * 1024 + 0)] == -30720);
  REQUIRE_FALSE(r.wraps.empty());
  CHECK(r.wraps[0].where.rfind("acc oc 0 o_nij", 0) == 0);
  for (const auto& w : r.wraps) {
    REQUIRE(w.exact < -32768);                      // every sum here is negative
    REQUIRE((w.exact - w.wrapped) % 65536 == 0);  // and wrapped modulo 2^16
  }
  bool saw_interior = false;
  for (const auto& w : r.wraps) saw_interior = saw_interior || (w.exact == -69120 && w.wrapped == -3584);
  CHECK(saw_interior);

  // An 18-bit accumulator (-131072..131071) holds the worst case.
  s.acc_w = 18;
  Layer wide = l;
  wide.shape = s;
  const golden::LayerResult w = golden::compute_layer(wide);
  CHECK(w.wraps.empty());
  CHECK(w.out_raw[at(3 * 1024 + 5 * 32 + 5)] == -69120);
}

TEST_CASE("golden.shape.validate") {
  CHECK_NOTHROW(Shape{}.validate());
  Shape s;
  s.rows = 0;
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("rows = 0"));
  s = Shape{};
  s.in_ch = 12;
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("in_ch = 12 must be a multiple of rows"));
  s = Shape{};
  s.kernel = 7;
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("kernel = 7"));
  s = Shape{};
  s.psum_w = 63;
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("psum_w = 63"));
  s = Shape{};
  s.pad = -1;
  CHECK_THROWS_AS(s.validate(), std::invalid_argument);
  CHECK_THROWS_AS(Tile(s), std::invalid_argument);
}

TEST_CASE("golden.inputs_must_fit") {
  Tile t = uniform_tile(Shape{}, 15, 7);
  t.a(3, 2) = 16;
  CHECK_THROWS_WITH(golden::compute_tile(t), Catch::Contains("nij 3 row 2 = 16"));
  t = uniform_tile(Shape{}, 15, 7);
  t.w(1, 2, 3) = -9;
  CHECK_THROWS_WITH(golden::compute_tile(t), Catch::Contains("kij 1 col 2 row 3 = -9"));
}

TEST_CASE("golden.notebook_weights") {
  const auto& w = golden::notebook_weights();
  REQUIRE(w.size() == 576);
  for (int64_t v : w) REQUIRE((v >= -7 && v <= 7));
  auto kernel = [&](int oc, int ic) {
    return std::vector<int64_t>(w.begin() + (oc * 8 + ic) * 9, w.begin() + (oc * 8 + ic) * 9 + 9);
  };
  // Read by eye from the notebook's cell [5] printout.
  CHECK(kernel(0, 0) == std::vector<int64_t>{-4, -7, -7, -4, -5, -7, -3, -5, -5});
  CHECK(kernel(0, 1) == std::vector<int64_t>{-1, -1, 1, -3, -1, 0, -2, -1, 0});
  CHECK(kernel(1, 0) == std::vector<int64_t>{-5, 1, -1, -7, -7, -7, -7, -7, -7});
  CHECK(kernel(1, 3) == std::vector<int64_t>{7, 7, 7, 7, 7, 7, 7, 7, 7});
  CHECK(kernel(7, 7) == std::vector<int64_t>{7, 0, 0, 0, -7, -3, 1, -4, 7});
}

TEST_CASE("golden.generate.patterns") {
  const Shape s;
  auto tile_of = [&](golden::Pattern p, uint64_t seed) { return golden::generate(s, p, seed).tile; };
  // Padding positions are zero whatever the pattern (6x6 padded map, border).
  auto border = [](int nij) { return nij < 6 || nij >= 30 || nij % 6 == 0 || nij % 6 == 5; };

  const Tile mx = tile_of(golden::Pattern::Max, 9);
  for (int nij = 0; nij < 36; ++nij)
    for (int row = 0; row < 8; ++row) REQUIRE(mx.a(nij, row) == (border(nij) ? 0 : 15));
  for (int64_t x : mx.wgt) REQUIRE(x == -8);

  const Tile mn = tile_of(golden::Pattern::Min, 9);
  for (int kij = 0; kij < 9; ++kij)
    for (int col = 0; col < 8; ++col)
      for (int row = 0; row < 8; ++row) REQUIRE(mn.w(kij, col, row) == (col % 2 == 0 ? 7 : -8));

  for (int64_t x : tile_of(golden::Pattern::Zero, 9).act) REQUIRE(x == 0);
  for (int64_t x : tile_of(golden::Pattern::Ones, 9).wgt) REQUIRE(x == 1);

  // Notebook: the trained tensor, [oc][ic][kij] -> tile w(kij, col = oc, row = ic).
  const Tile nb = tile_of(golden::Pattern::Notebook, 1);
  CHECK(nb.w(0, 0, 0) == -4);
  CHECK(nb.w(1, 0, 0) == -7);
  CHECK(nb.w(0, 1, 0) == -5);  // oc 1 ic 0 kij 0
  CHECK(nb.w(8, 7, 7) == 7);

  // Relu / sparse: many zeros among the 16 interior positions x 8 channels.
  auto interior_zeros = [&](const Tile& t) {
    int z = 0;
    for (int nij = 0; nij < 36; ++nij)
      for (int row = 0; row < 8; ++row) z += (!border(nij) && t.a(nij, row) == 0) ? 1 : 0;
    return z;
  };
  CHECK(interior_zeros(tile_of(golden::Pattern::Relu, 1)) >= 40);    // of 128, about half expected
  CHECK(interior_zeros(tile_of(golden::Pattern::Sparse, 1)) >= 100);  // about 90% expected
  CHECK(interior_zeros(tile_of(golden::Pattern::Random, 1)) <= 30);   // about 1/16 expected

  // Random covers both ends of each range over a larger layer.
  Shape big;
  big.in_ch = 64;
  big.out_ch = 64;
  const Layer l = golden::generate_layer(big, golden::Pattern::Random, 5);
  CHECK(*std::min_element(l.act.begin(), l.act.end()) == 0);
  CHECK(*std::max_element(l.act.begin(), l.act.end()) == 15);
  CHECK(*std::min_element(l.wgt.begin(), l.wgt.end()) == -8);
  CHECK(*std::max_element(l.wgt.begin(), l.wgt.end()) == 7);
}

TEST_CASE("golden.generate.deterministic") {
  const Shape s;
  for (auto p : {golden::Pattern::Random, golden::Pattern::Relu, golden::Pattern::Sparse}) {
    const auto a = golden::generate(s, p, 42);
    const auto b = golden::generate(s, p, 42);
    const auto c = golden::generate(s, p, 43);
    CHECK(a.tile.act == b.tile.act);
    CHECK(a.tile.wgt == b.tile.wgt);
    CHECK(a.psum == b.psum);
    CHECK((a.tile.act != c.tile.act || a.tile.wgt != c.tile.wgt));
  }
}

TEST_CASE("golden.generate.names") {
  CHECK(golden::parse_pattern("notebook") == golden::Pattern::Notebook);
  CHECK(golden::parse_pattern("random") == golden::Pattern::Random);
  CHECK(golden::pattern_names().size() == 9);
  CHECK(golden::parse_pattern("corner") == golden::Pattern::Corner);
  CHECK_THROWS_WITH(golden::parse_pattern("bogus"), Catch::Contains("random, relu, sparse, zero, max, min, ones, notebook"));
  Shape layer;
  layer.in_ch = 16;
  CHECK_THROWS_AS(golden::generate(layer, golden::Pattern::Random, 1), std::invalid_argument);
  CHECK_THROWS_AS(golden::generate_layer(layer, golden::Pattern::Notebook, 1), std::invalid_argument);
}
