// sim.l0.*: the input FIFO (l0, Rows=8, ActW=4, Depth=64).
// The reference is a queue per row: row r pops r cycles after pop_i; the
// head of a row is on rdata_o (FWFT), 0 when the row is empty.
#include <catch2/catch.hpp>

#include <deque>
#include <random>
#include <vector>

#include "Vl0.h"
#include "sim_util.hpp"

namespace {

constexpr int kRows = 8;
constexpr int kActW = 4;
constexpr int kDepth = 64;

struct L0 {
  simtest::Dut<Vl0> d;
  std::mt19937 rng;

  explicit L0(uint32_t seed) : d(seed), rng(seed) { reset(); }
  void quiet() {
    d->push_i = 0;
    d->pop_i = 0;
    d->wdata_i = word();  // junk unless pushed
  }
  void reset() {
    quiet();
    d->rst_i = 1;
    d.tick();
    d->rst_i = 0;
  }
  uint32_t word() { return static_cast<uint32_t>(rng()); }
  int row(int r) { return static_cast<int>(simtest::get_bits(d->rdata_o, r * kActW, kActW)); }
  int lane(uint32_t w, int r) { return static_cast<int>((w >> (r * kActW)) & 0xF); }
  bool empty(int r) { return (d->empty_o >> r) & 1; }
  bool full(int r) { return (d->full_o >> r) & 1; }
};

}  // namespace

TEST_CASE("sim.l0.staggered_pop") {
  const uint32_t seed = simtest::test_seed("sim.l0.staggered_pop");
  INFO("seed " << seed);
  L0 l(seed);
  const int n = 20;
  std::vector<uint32_t> words;
  for (int k = 0; k < n; ++k) {
    words.push_back(l.word());
    l.quiet();
    l.d->push_i = 1;
    l.d->wdata_i = words.back();
    l.d.tick();
    l.quiet();
    l.d.settle();
    // Pushed at the edge ending the last cycle: visible now, in every row.
    for (int r = 0; r < kRows; ++r) {
      REQUIRE_FALSE(l.empty(r));
      REQUIRE(l.row(r) == l.lane(words[0], r));
    }
  }
  // pop_i high for n cycles from t = 0. In cycle t row r has already popped
  // clamp(t - r, 0, n) words; its head is the next one.
  for (int t = 0; t < n + kRows + 3; ++t) {
    l.quiet();
    l.d->pop_i = t < n;
    l.d.settle();
    for (int r = 0; r < kRows; ++r) {
      const int popped = std::min(std::max(t - r, 0), n);
      INFO("cycle " << t << " row " << r);
      if (popped < n) {
        REQUIRE_FALSE(l.empty(r));
        REQUIRE(l.row(r) == l.lane(words[static_cast<size_t>(popped)], r));
      } else {
        REQUIRE(l.empty(r));
        REQUIRE(l.row(r) == 0);
      }
    }
    l.d.tick();
  }
}

TEST_CASE("sim.l0.full_empty_depth") {
  const uint32_t seed = simtest::test_seed("sim.l0.full_empty_depth");
  INFO("seed " << seed);
  L0 l(seed);
  l.d.settle();
  CHECK(l.d->empty_o == 0xFF);
  CHECK(l.d->full_o == 0);
  std::vector<uint32_t> words;
  for (int k = 0; k < kDepth; ++k) {
    words.push_back(l.word());
    l.quiet();
    l.d->push_i = 1;
    l.d->wdata_i = words.back();
    l.d.tick();
    l.quiet();
    l.d.settle();
    INFO("after " << k + 1 << " pushes");
    REQUIRE(l.d->empty_o == 0);
    REQUIRE(l.d->full_o == (k + 1 == kDepth ? 0xFF : 0));
  }
  // Overflow: a push while full is dropped; nothing already stored changes.
  for (int extra = 0; extra < 3; ++extra) {
    l.quiet();
    l.d->push_i = 1;
    l.d->wdata_i = ~words[static_cast<size_t>(extra)];
    l.d.tick();
  }
  l.quiet();
  l.d.settle();
  CHECK(l.d->full_o == 0xFF);
  // Drain: exactly the Depth words come out, in order, then every row is
  // empty. Full clears row by row as the staggered pops reach each row.
  for (int t = 0; t < kDepth + kRows; ++t) {
    l.quiet();
    l.d->pop_i = t < kDepth;
    l.d.settle();
    for (int r = 0; r < kRows; ++r) {
      const int popped = std::min(std::max(t - r, 0), kDepth);
      INFO("cycle " << t << " row " << r);
      REQUIRE(l.full(r) == (popped == 0));
      REQUIRE(l.empty(r) == (popped == kDepth));
      if (popped < kDepth) REQUIRE(l.row(r) == l.lane(words[static_cast<size_t>(popped)], r));
    }
    l.d.tick();
  }
  l.d.settle();
  CHECK(l.d->empty_o == 0xFF);
  CHECK(l.d->rdata_o == 0);

  // A pop of an empty FIFO is ignored: the next word pushed is still there.
  for (int t = 0; t < 3; ++t) {
    l.quiet();
    l.d->pop_i = 1;
    l.d.tick();
  }
  l.quiet();
  for (int t = 0; t < kRows; ++t) l.d.tick();  // let the staggered pops pass
  const uint32_t w = l.word();
  l.d->push_i = 1;
  l.d->wdata_i = w;
  l.d.tick();
  l.quiet();
  l.d.settle();
  CHECK(l.d->empty_o == 0);
  CHECK(l.d->rdata_o == w);
}

TEST_CASE("sim.l0.reset") {
  const uint32_t seed = simtest::test_seed("sim.l0.reset");
  INFO("seed " << seed);
  L0 l(seed);
  for (int k = 0; k < 10; ++k) {
    l.quiet();
    l.d->push_i = 1;
    l.d.tick();
  }
  // One pop, then a reset while the pop is still on its way to rows 1..7.
  l.quiet();
  l.d->pop_i = 1;
  l.d.tick();
  l.quiet();
  l.d->rst_i = 1;
  l.d.tick();
  l.d->rst_i = 0;
  l.d.settle();
  CHECK(l.d->empty_o == 0xFF);
  CHECK(l.d->full_o == 0);
  // Words pushed right after the reset must not be eaten by the cancelled pop.
  const uint32_t w = l.word();
  l.d->push_i = 1;
  l.d->wdata_i = w;
  l.d.tick();
  l.quiet();
  for (int t = 0; t < kRows + 2; ++t) {
    l.d.settle();
    INFO("cycle " << t << " after the push");
    REQUIRE(l.d->empty_o == 0);
    REQUIRE(l.d->rdata_o == w);
    l.d.tick();
  }
}
