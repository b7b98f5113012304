// sim.ofifo.*: the output FIFO (ofifo, Cols=8, PsumW=16, Depth=64).
// The reference is a queue per column; valid = every queue non-empty; the
// head row is on rdata_o while valid (FWFT); a pop removes one row.
#include <catch2/catch.hpp>

#include <deque>
#include <random>
#include <vector>

#include "Vofifo.h"
#include "sim_util.hpp"

namespace {

using simtest::get_bits;
using simtest::set_bits;
constexpr int kCols = 8;
constexpr int kPsumW = 16;
constexpr int kDepth = 64;

using Row = std::vector<uint16_t>;  // [col]

struct Ofifo {
  simtest::Dut<Vofifo> d;
  std::mt19937 rng;
  std::vector<std::deque<uint16_t>> q{kCols};  // the reference

  explicit Ofifo(uint32_t seed) : d(seed), rng(seed) { reset(); }
  void quiet() {
    d->push_i = 0;
    d->pop_i = 0;
    for (int c = 0; c < kCols; ++c) set_bits(d->wdata_i, c * kPsumW, kPsumW, rng());
  }
  void reset() {
    quiet();
    d->rst_i = 1;
    d.tick();
    d->rst_i = 0;
    for (auto& col : q) col.clear();
  }
  Row random_row() {
    Row r(kCols);
    for (auto& v : r) v = static_cast<uint16_t>(rng());
    return r;
  }
  bool ref_valid() const {
    for (const auto& col : q)
      if (col.empty()) return false;
    return true;
  }
  uint16_t head(int c) { return static_cast<uint16_t>(get_bits(d->rdata_o, c * kPsumW, kPsumW)); }
  // Drive column c's push of value v this cycle (the reference follows at
  // the edge, see commit()).
  void push(int c, uint16_t v) {
    d->push_i = static_cast<uint8_t>(d->push_i | (1u << c));
    set_bits(d->wdata_i, c * kPsumW, kPsumW, v);
  }
  // The edge: update the reference the way the contract says, then tick.
  void commit() {
    const bool pop = d->pop_i && ref_valid();
    std::vector<bool> pushed(kCols);
    for (int c = 0; c < kCols; ++c) {
      const bool push = (d->push_i >> c) & 1;
      const bool room = q[static_cast<size_t>(c)].size() < kDepth || pop;
      pushed[static_cast<size_t>(c)] = push && room;
    }
    if (pop)
      for (auto& col : q) col.pop_front();
    for (int c = 0; c < kCols; ++c)
      if (pushed[static_cast<size_t>(c)])
        q[static_cast<size_t>(c)].push_back(static_cast<uint16_t>(get_bits(d->wdata_i, c * kPsumW, kPsumW)));
    d.tick();
  }
  // Compares valid, full and (when valid) the head row with the reference.
  void check_outputs() {
    d.settle();
    REQUIRE(static_cast<bool>(d->valid_o) == ref_valid());
    bool any_full = false;
    for (const auto& col : q) any_full = any_full || col.size() == kDepth;
    REQUIRE(static_cast<bool>(d->full_o) == any_full);
    if (ref_valid())
      for (int c = 0; c < kCols; ++c) REQUIRE(head(c) == q[static_cast<size_t>(c)].front());
  }
};

}  // namespace

TEST_CASE("sim.ofifo.valid_all_columns") {
  const uint32_t seed = simtest::test_seed("sim.ofifo.valid_all_columns");
  INFO("seed " << seed);
  Ofifo f(seed);
  // The array's pattern: row k reaches column c in cycle k + c. valid rises
  // only when the last column has its first psum: in cycle kCols.
  const int n = 5;
  std::vector<Row> rows;
  for (int k = 0; k < n; ++k) rows.push_back(f.random_row());
  for (int t = 0; t < n + kCols + 2; ++t) {
    f.quiet();
    for (int c = 0; c < kCols; ++c) {
      const int k = t - c;
      if (k >= 0 && k < n) f.push(c, rows[static_cast<size_t>(k)][static_cast<size_t>(c)]);
    }
    INFO("cycle " << t);
    f.check_outputs();
    REQUIRE(static_cast<bool>(f.d->valid_o) == (t >= kCols));
    f.commit();
  }
  // All columns but one: never valid, and a pop does nothing to any column.
  f.reset();
  for (int t = 0; t < 10; ++t) {
    f.quiet();
    for (int c = 0; c < kCols - 1; ++c) f.push(c, static_cast<uint16_t>(t));
    f.d->pop_i = 1;
    INFO("cycle " << t);
    f.check_outputs();
    REQUIRE(f.d->valid_o == 0);
    f.commit();
  }
  // The missing column arrives: the rows are intact, first row first.
  f.quiet();
  f.push(kCols - 1, 0x1234);
  f.commit();
  f.quiet();
  f.check_outputs();
  CHECK(f.d->valid_o == 1);
  for (int c = 0; c < kCols - 1; ++c) CHECK(f.head(c) == 0);
  CHECK(f.head(kCols - 1) == 0x1234);
}

TEST_CASE("sim.ofifo.order_fwft") {
  const uint32_t seed = simtest::test_seed("sim.ofifo.order_fwft");
  INFO("seed " << seed);
  Ofifo f(seed);
  const int n = 40;
  std::vector<Row> rows;
  for (int k = 0; k < n; ++k) rows.push_back(f.random_row());
  std::vector<Row> popped;
  bool first_seen = false;
  for (int t = 0; t < n + kCols + 200 && static_cast<int>(popped.size()) < n; ++t) {
    f.quiet();
    for (int c = 0; c < kCols; ++c) {
      const int k = t - c;
      if (k >= 0 && k < n) f.push(c, rows[static_cast<size_t>(k)][static_cast<size_t>(c)]);
    }
    INFO("cycle " << t);
    f.check_outputs();
    if (f.d->valid_o && !first_seen) {
      // FWFT: the first complete row is on the output before any pop.
      first_seen = true;
      for (int c = 0; c < kCols; ++c) REQUIRE(f.head(c) == rows[0][static_cast<size_t>(c)]);
    }
    // Pop on about half of the valid cycles, and sometimes when not valid.
    if (f.rng() % 2) {
      f.d->pop_i = 1;
      if (f.d->valid_o) {
        Row r(kCols);
        for (int c = 0; c < kCols; ++c) r[static_cast<size_t>(c)] = f.head(c);
        popped.push_back(r);
      }
    }
    f.commit();
  }
  REQUIRE(static_cast<int>(popped.size()) == n);
  for (int k = 0; k < n; ++k) {
    INFO("row " << k);
    CHECK(popped[static_cast<size_t>(k)] == rows[static_cast<size_t>(k)]);
  }
  f.quiet();
  f.d.settle();
  CHECK(f.d->valid_o == 0);
}

TEST_CASE("sim.ofifo.full_overflow") {
  const uint32_t seed = simtest::test_seed("sim.ofifo.full_overflow");
  INFO("seed " << seed);
  Ofifo f(seed);
  std::vector<Row> rows;
  for (int k = 0; k < kDepth + 2; ++k) rows.push_back(f.random_row());
  // Fill to Depth rows, then two more: dropped (full, no pop).
  for (int k = 0; k < kDepth + 2; ++k) {
    f.quiet();
    for (int c = 0; c < kCols; ++c) f.push(c, rows[static_cast<size_t>(k)][static_cast<size_t>(c)]);
    INFO("push " << k);
    f.check_outputs();
    f.commit();
  }
  f.quiet();
  f.check_outputs();
  CHECK(f.d->full_o == 1);
  // Push and pop in the same cycle while full: the pop frees the slot, so
  // the push is kept.
  const Row extra = f.random_row();
  f.quiet();
  for (int c = 0; c < kCols; ++c) f.push(c, extra[static_cast<size_t>(c)]);
  f.d->pop_i = 1;
  f.commit();
  f.quiet();
  f.check_outputs();
  CHECK(f.d->full_o == 1);
  // Drain: rows 1..Depth-1 then the extra row; rows Depth, Depth+1 were lost.
  std::vector<Row> expect(rows.begin() + 1, rows.begin() + kDepth);
  expect.push_back(extra);
  for (const Row& want : expect) {
    f.quiet();
    f.check_outputs();
    REQUIRE(f.d->valid_o == 1);
    for (int c = 0; c < kCols; ++c) REQUIRE(f.head(c) == want[static_cast<size_t>(c)]);
    f.d->pop_i = 1;
    f.commit();
  }
  f.quiet();
  f.check_outputs();
  CHECK(f.d->valid_o == 0);
}

TEST_CASE("sim.ofifo.reset") {
  const uint32_t seed = simtest::test_seed("sim.ofifo.reset");
  INFO("seed " << seed);
  Ofifo f(seed);
  for (int k = 0; k < 3; ++k) {
    f.quiet();
    for (int c = 0; c < kCols; ++c) f.push(c, static_cast<uint16_t>(k));
    f.commit();
  }
  f.quiet();
  f.check_outputs();
  CHECK(f.d->valid_o == 1);
  f.reset();
  f.quiet();
  f.check_outputs();
  CHECK(f.d->valid_o == 0);
  CHECK(f.d->full_o == 0);
}
