// sim.corelet.*: L0 + array + OFIFO + SFP (corelet) at 2x2, 4x4 and 8x8,
// driven the way the harness drives the core for one kij: push the weight
// words into L0, load + pop for Cols cycles, idle, push the 36 activation
// words, execute + pop for 36 cycles, drain the OFIFO one row per pop.
// Every drained row is checked against a matrix-vector product computed here:
// psum[nij][c] = wrap16(sum_r w[r][c] * a[nij][r]), a unsigned, w signed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "Vcorelet_r2c2.h"
#include "Vcorelet_r4c4.h"
#include "Vcorelet_r8c8.h"
#include "sim_util.hpp"

namespace {

using simtest::get_bits;
using simtest::sext;
using simtest::set_bits;
using simtest::wrap;
constexpr int kActW = 4;
constexpr int kPsumW = 16;
constexpr int kNij = 36;

using Matrix = std::vector<std::vector<int64_t>>;

template <class M>
struct Corelet {
  int rows, cols;
  simtest::Dut<M> d;
  std::mt19937 rng;

  Corelet(int r, int c, uint32_t seed) : rows(r), cols(c), d(seed), rng(seed) {
    quiet();
    reset();
  }
  void quiet() {
    d->l0_push_i = 0;
    d->l0_pop_i = 0;
    d->load_i = 0;
    d->exec_i = 0;
    d->ofifo_pop_i = 0;
    d->acc_i = 0;
    for (int r = 0; r < rows; ++r) set_bits(d->l0_wdata_i, r * kActW, kActW, rng());
  }
  void reset() {
    quiet();
    d->rst_i = 1;
    d.tick();
    d->rst_i = 0;
  }
  Matrix random_weights() {  // [row][col], -8..7
    Matrix w(static_cast<size_t>(rows), std::vector<int64_t>(static_cast<size_t>(cols)));
    for (auto& row : w)
      for (auto& x : row) x = static_cast<int64_t>(rng() % 16) - 8;
    return w;
  }
  Matrix random_acts() {  // [nij][row], 0..15
    Matrix a(kNij, std::vector<int64_t>(static_cast<size_t>(rows)));
    for (auto& v : a)
      for (auto& x : v) x = static_cast<int64_t>(rng() % 16);
    return a;
  }
  Matrix expected(const Matrix& w, const Matrix& a) const {  // [nij][col]
    Matrix p(kNij, std::vector<int64_t>(static_cast<size_t>(cols)));
    for (int n = 0; n < kNij; ++n)
      for (int c = 0; c < cols; ++c) {
        int64_t sum = 0;
        for (int r = 0; r < rows; ++r)
          sum += w[static_cast<size_t>(r)][static_cast<size_t>(c)] * a[static_cast<size_t>(n)][static_cast<size_t>(r)];
        p[static_cast<size_t>(n)][static_cast<size_t>(c)] = wrap(sum, kPsumW);
      }
    return p;
  }
  // One L0 push per word; word lane r = v[r] (low 4 bits).
  void push_word(const std::vector<int64_t>& v) {
    for (int r = 0; r < rows; ++r)
      set_bits(d->l0_wdata_i, r * kActW, kActW, static_cast<uint64_t>(v[static_cast<size_t>(r)]));
    d->l0_push_i = 1;
  }
  void push_weights(const Matrix& w) {  // word c = column c's weights
    for (int c = 0; c < cols; ++c) {
      quiet();
      std::vector<int64_t> word;
      for (int r = 0; r < rows; ++r) word.push_back(w[static_cast<size_t>(r)][static_cast<size_t>(c)]);
      push_word(word);
      d.tick();
    }
    quiet();
  }
  void push_acts(const Matrix& a) {
    for (const auto& v : a) {
      quiet();
      push_word(v);
      d.tick();
    }
    quiet();
  }
  std::vector<int64_t> head() {
    std::vector<int64_t> row;
    for (int c = 0; c < cols; ++c)
      row.push_back(sext(get_bits(d->ofifo_rdata_o, c * kPsumW, kPsumW), kPsumW));
    return row;
  }
  // Pops one row if ofifo_valid is high in this cycle (pop only while valid).
  void maybe_pop(Matrix& drained) {
    d.settle();
    if (d->ofifo_valid_o) {
      drained.push_back(head());
      d->ofifo_pop_i = 1;
    }
  }
};

// The harness's kij: returns the drained rows; `first_valid` gets the number
// of cycles from the first execute cycle to the first cycle with ofifo_valid.
template <class M>
Matrix kij_round(Corelet<M>& t, const Matrix& w, const Matrix& a, int& first_valid) {
  t.push_weights(w);
  for (int k = 0; k < t.cols; ++k) {  // load + l0_rd for Cols cycles
    t.quiet();
    t.d->load_i = 1;
    t.d->l0_pop_i = 1;
    t.d.tick();
  }
  t.quiet();
  for (int k = 0; k < t.rows + t.cols; ++k) t.d.tick();  // idle
  t.push_acts(a);
  first_valid = -1;
  Matrix drained;
  int cyc = 0;
  for (; cyc < kNij; ++cyc) {  // execute + l0_rd for 36 cycles; no pops yet
    t.quiet();
    t.d->exec_i = 1;
    t.d->l0_pop_i = 1;
    t.d.settle();
    if (t.d->ofifo_valid_o && first_valid < 0) first_valid = cyc;
    t.d.tick();
  }
  for (int bound = 0; bound < 1000 && static_cast<int>(drained.size()) < kNij; ++bound, ++cyc) {
    t.quiet();
    t.maybe_pop(drained);
    if (t.d->ofifo_valid_o && first_valid < 0) first_valid = cyc;
    t.d.tick();
  }
  t.quiet();
  return drained;
}

template <class M>
void check_rows(const Corelet<M>& t, const Matrix& got, const Matrix& want) {
  REQUIRE(got.size() == want.size());
  for (size_t n = 0; n < want.size(); ++n)
    for (int c = 0; c < t.cols; ++c) {
      INFO("nij " << n << " column " << c);
      REQUIRE(got[n][static_cast<size_t>(c)] == want[n][static_cast<size_t>(c)]);
    }
}

template <class M>
void kij_flow(int rows, int cols, const char* name) {
  const uint32_t seed = simtest::test_seed(name);
  INFO("seed " << seed);
  Corelet<M> t(rows, cols, seed);
  const Matrix a = t.random_acts();
  for (int kij = 0; kij < 3; ++kij) {
    INFO("kij " << kij);
    t.reset();  // the course schedule: reset before every kij
    const Matrix w = t.random_weights();
    int first_valid = 0;
    const Matrix got = kij_round(t, w, a, first_valid);
    check_rows(t, got, t.expected(w, a));
    // The first row is complete Rows + Cols cycles after the first execute.
    CHECK(first_valid == rows + cols);
    t.d.settle();
    CHECK(t.d->ofifo_valid_o == 0);
    CHECK(static_cast<uint64_t>(t.d->l0_empty_o) == (uint64_t{1} << rows) - 1);
  }
}

template <class M>
void pipelined(int rows, int cols, const char* name) {
  // Beyond the harness: no reset between kij, weights and activations pushed
  // into L0 together, execute right after the load phase, and the OFIFO
  // drained as soon as rows appear (while executing).
  const uint32_t seed = simtest::test_seed(name);
  INFO("seed " << seed);
  Corelet<M> t(rows, cols, seed);
  for (int kij = 0; kij < 3; ++kij) {
    INFO("kij " << kij);
    const Matrix w = t.random_weights();
    const Matrix a = t.random_acts();
    t.push_weights(w);
    t.push_acts(a);
    Matrix drained;
    int first_valid = -1;
    for (int cyc = 0; cyc < 1000 && static_cast<int>(drained.size()) < kNij; ++cyc) {
      t.quiet();
      if (cyc < cols + kNij) {
        t.d->l0_pop_i = 1;
        (cyc < cols ? t.d->load_i : t.d->exec_i) = 1;
      }
      t.maybe_pop(drained);
      if (t.d->ofifo_valid_o && first_valid < 0) first_valid = cyc - cols;
      t.d.tick();
    }
    check_rows(t, drained, t.expected(w, a));
    CHECK(first_valid == rows + cols);
  }
}

template <class M>
void sfp_path(int rows, int cols, const char* name) {
  // The corelet's SFP lanes: accumulate a few psum rows and check ReLU.
  const uint32_t seed = simtest::test_seed(name);
  INFO("seed " << seed);
  Corelet<M> t(rows, cols, seed);
  std::vector<int64_t> sum(static_cast<size_t>(cols), 0);
  for (int k = 0; k < 9; ++k) {
    t.quiet();
    for (int c = 0; c < cols; ++c) {
      const int64_t v = static_cast<int64_t>(t.rng() % 2001) - 1000;
      set_bits(t.d->sfp_in_i, c * kPsumW, kPsumW, static_cast<uint64_t>(v));
      sum[static_cast<size_t>(c)] = wrap(sum[static_cast<size_t>(c)] + v, kPsumW);
    }
    t.d->acc_i = 1;
    t.d.tick();
  }
  t.quiet();
  t.d.settle();
  for (int c = 0; c < cols; ++c) {
    INFO("column " << c << " sum " << sum[static_cast<size_t>(c)]);
    CHECK(sext(get_bits(t.d->sfp_out_o, c * kPsumW, kPsumW), kPsumW) ==
          std::max(sum[static_cast<size_t>(c)], int64_t{0}));
  }
  t.reset();
  t.d.settle();
  for (int c = 0; c < cols; ++c) CHECK(get_bits(t.d->sfp_out_o, c * kPsumW, kPsumW) == 0);
}

}  // namespace

#define CORELET_TESTS(M, R, C, SIZE)                                                          \
  TEST_CASE("sim.corelet.kij_flow_" SIZE) { kij_flow<M>(R, C, "sim.corelet.kij_flow_" SIZE); } \
  TEST_CASE("sim.corelet.pipelined_" SIZE) { pipelined<M>(R, C, "sim.corelet.pipelined_" SIZE); } \
  TEST_CASE("sim.corelet.sfp_" SIZE) { sfp_path<M>(R, C, "sim.corelet.sfp_" SIZE); }

CORELET_TESTS(Vcorelet_r2c2, 2, 2, "2x2")
CORELET_TESTS(Vcorelet_r4c4, 4, 4, "4x4")
CORELET_TESTS(Vcorelet_r8c8, 8, 8, "8x8")
