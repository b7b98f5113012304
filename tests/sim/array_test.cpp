// sim.array.*: the PE grid (mac_array) at 2x2, 4x4 and 8x8.
//
// The test plays L0's part: a schedule of row-0-time items (load / execute
// bits and one word per row) is put on the west edge with row r delayed by r
// cycles, and anything outside an item's slot is random junk that must never
// be taken. The reference is written here: a load phase (a run of load items)
// leaves item c's row-r word in PE (r, c); an execute item k gives, in cycle
// k + Rows + c, valid on column c and sum_r w[r][c] * a[r] (wrapping at
// PsumW) with the weights of the last load phase before it.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "Vmac_array_r2c2.h"
#include "Vmac_array_r4c4.h"
#include "Vmac_array_r8c8.h"
#include "sim_util.hpp"

namespace {

using simtest::get_bits;
using simtest::sext;
using simtest::set_bits;
using simtest::wrap;
constexpr int kActW = 4;
constexpr int kPsumW = 16;

struct Item {
  bool load = false;
  bool exec = false;
  std::vector<int> word;  // [row], the 4-bit lane value (weights as 0..15)
};

using Matrix = std::vector<std::vector<int>>;  // [row][col], signed weights

int lane_of(int weight) { return weight & 0xF; }

// The reference: per cycle and column, whether valid is expected and the psum.
struct Expect {
  std::vector<std::vector<int>> valid;       // [cycle][col]
  std::vector<std::vector<int64_t>> psum;    // [cycle][col]
};

Expect reference(const std::vector<Item>& items, int rows, int cols, int n_cycles,
                 const Matrix& w_before) {
  Expect e;
  e.valid.assign(static_cast<size_t>(n_cycles), std::vector<int>(static_cast<size_t>(cols), 0));
  e.psum.assign(static_cast<size_t>(n_cycles), std::vector<int64_t>(static_cast<size_t>(cols), 0));
  Matrix w = w_before;
  int phase_pos = -1;  // position within the current load phase, -1 outside
  for (size_t k = 0; k < items.size(); ++k) {
    const Item& it = items[k];
    if (it.load) {
      ++phase_pos;
      if (phase_pos < cols) {
        for (int r = 0; r < rows; ++r) {
          w[static_cast<size_t>(r)][static_cast<size_t>(phase_pos)] =
              static_cast<int>(sext(static_cast<uint64_t>(it.word[static_cast<size_t>(r)]), 4));
        }
      }
    } else {
      phase_pos = -1;
    }
    if (!it.exec) continue;
    for (int c = 0; c < cols; ++c) {
      const int cyc = static_cast<int>(k) + rows + c;
      if (cyc >= n_cycles) continue;
      int64_t sum = 0;
      for (int r = 0; r < rows; ++r) {
        sum += int64_t{w[static_cast<size_t>(r)][static_cast<size_t>(c)]} *
               it.word[static_cast<size_t>(r)];
      }
      e.valid[static_cast<size_t>(cyc)][static_cast<size_t>(c)] = 1;
      e.psum[static_cast<size_t>(cyc)][static_cast<size_t>(c)] = wrap(sum, kPsumW);
    }
  }
  return e;
}

template <class M>
struct Bench {
  int rows, cols;
  simtest::Dut<M> d;
  std::mt19937 rng;
  Matrix w;  // weights in the PEs, as the reference sees them (reset: 0)

  Bench(int r, int c, uint32_t seed)
      : rows(r), cols(c), d(seed), rng(seed),
        w(static_cast<size_t>(r), std::vector<int>(static_cast<size_t>(c), 0)) {
    reset();
  }

  void reset() {
    d->load_i = 0;
    d->exec_i = 0;
    d->rst_i = 1;
    d.tick();
    d->rst_i = 0;
    for (auto& row : w) std::fill(row.begin(), row.end(), 0);
  }

  std::vector<int> random_acts() {
    std::vector<int> v(static_cast<size_t>(rows));
    for (int& a : v) a = static_cast<int>(rng() % 16);
    return v;
  }
  Matrix random_weights() {
    Matrix m(static_cast<size_t>(rows), std::vector<int>(static_cast<size_t>(cols)));
    for (auto& row : m)
      for (int& x : row) x = static_cast<int>(rng() % 16) - 8;
    return m;
  }

  // The load phase that puts m[r][c] in PE (r, c): item c carries column c.
  std::vector<Item> load_items(const Matrix& m) {
    std::vector<Item> items;
    for (int c = 0; c < cols; ++c) {
      Item it;
      it.load = true;
      for (int r = 0; r < rows; ++r) {
        it.word.push_back(lane_of(m[static_cast<size_t>(r)][static_cast<size_t>(c)]));
      }
      items.push_back(it);
    }
    return items;
  }

  // Plays the items (row r delayed r cycles, junk elsewhere) and checks every
  // cycle's valid and psum against the reference. Returns the number of
  // valid column results seen.
  int run(const std::vector<Item>& items) {
    const int n_items = static_cast<int>(items.size());
    const int n_cycles = n_items + rows + cols + 4;
    const Expect e = reference(items, rows, cols, n_cycles, w);
    int seen = 0;
    for (int t = 0; t < n_cycles; ++t) {
      const Item* now = t < n_items ? &items[static_cast<size_t>(t)] : nullptr;
      d->load_i = now && now->load;
      d->exec_i = now && now->exec;
      for (int r = 0; r < rows; ++r) {
        const int k = t - r;
        const int v = (k >= 0 && k < n_items)
                          ? items[static_cast<size_t>(k)].word[static_cast<size_t>(r)]
                          : static_cast<int>(rng() % 16);
        set_bits(d->act_w_i, r * kActW, kActW, static_cast<uint64_t>(v));
      }
      d.settle();
      for (int c = 0; c < cols; ++c) {
        INFO("cycle " << t << " column " << c);
        const int want_valid = e.valid[static_cast<size_t>(t)][static_cast<size_t>(c)];
        REQUIRE(static_cast<int>(get_bits(d->valid_o, c, 1)) == want_valid);
        if (want_valid) {
          ++seen;
          REQUIRE(sext(get_bits(d->psum_s_o, c * kPsumW, kPsumW), kPsumW) ==
                  e.psum[static_cast<size_t>(t)][static_cast<size_t>(c)]);
        }
      }
      d.tick();
    }
    // Keep the reference's view of the weights for the next run.
    int pos = -1;
    for (const Item& it : items) {
      pos = it.load ? pos + 1 : -1;
      if (it.load && pos < cols) {
        for (int r = 0; r < rows; ++r) {
          w[static_cast<size_t>(r)][static_cast<size_t>(pos)] =
              static_cast<int>(sext(static_cast<uint64_t>(it.word[static_cast<size_t>(r)]), 4));
        }
      }
    }
    return seen;
  }
};

Item exec_item(std::vector<int> acts) {
  Item it;
  it.exec = true;
  it.word = std::move(acts);
  return it;
}

template <class M>
void weight_placement(int rows, int cols, const char* name) {
  const uint32_t seed = simtest::test_seed(name);
  INFO("seed " << seed);
  Bench<M> b(rows, cols, seed);
  // A pattern first (distinct per PE up to 16 PEs), then random weights; one
  // round per weight set, with a reset before each (the course schedule).
  std::vector<Matrix> sets;
  Matrix pattern(static_cast<size_t>(rows), std::vector<int>(static_cast<size_t>(cols)));
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      pattern[static_cast<size_t>(r)][static_cast<size_t>(c)] = (r * cols + c) % 16 - 8;
  sets.push_back(pattern);
  for (int i = 0; i < 3; ++i) sets.push_back(b.random_weights());
  for (const Matrix& m : sets) {
    b.reset();
    std::vector<Item> items = b.load_items(m);
    // One-hot activations read each PE back alone: row j at 1, then at 15.
    for (int value : {1, 15}) {
      for (int j = 0; j < rows; ++j) {
        std::vector<int> a(static_cast<size_t>(rows), 0);
        a[static_cast<size_t>(j)] = value;
        items.push_back(exec_item(a));
      }
    }
    CHECK(b.run(items) == 2 * rows * cols);
  }
}

template <class M>
void stream(int rows, int cols, const char* name) {
  const uint32_t seed = simtest::test_seed(name);
  INFO("seed " << seed);
  Bench<M> b(rows, cols, seed);
  std::vector<Item> items = b.load_items(b.random_weights());
  for (int i = 0; i < 4; ++i) items.push_back(Item{false, false, b.random_acts()});  // idle
  const int n = 100;
  for (int k = 0; k < n; ++k) {
    std::vector<int> a = b.random_acts();
    if (k == 10) std::fill(a.begin(), a.end(), 15);  // extremes
    if (k == 11) std::fill(a.begin(), a.end(), 0);
    items.push_back(exec_item(a));
  }
  // One matrix-vector product per cycle: n back-to-back vectors give n
  // results per column, each checked against the reference in its cycle.
  CHECK(b.run(items) == n * cols);

  // Extreme weights: all -8 and all 7 against all-15 activations.
  for (int wv : {-8, 7}) {
    b.reset();
    Matrix m(static_cast<size_t>(rows), std::vector<int>(static_cast<size_t>(cols), wv));
    std::vector<Item> ex = b.load_items(m);
    ex.push_back(exec_item(std::vector<int>(static_cast<size_t>(rows), 15)));
    CHECK(b.run(ex) == cols);
  }
}

template <class M>
void skew(int rows, int cols, const char* name) {
  // Execute pulses with gaps: the word of row r is on the west edge only in
  // its own cycle (row-0 cycle + r), junk before and after. A skew off by one
  // for any row takes junk.
  const uint32_t seed = simtest::test_seed(name);
  INFO("seed " << seed);
  Bench<M> b(rows, cols, seed);
  std::vector<Item> items = b.load_items(b.random_weights());
  int n = 0;
  for (int k = 0; k < 30; ++k) {
    items.push_back(Item{false, false, b.random_acts()});  // not executed: junk
    if (k % 3 == 0) items.push_back(Item{false, false, b.random_acts()});
    items.push_back(exec_item(b.random_acts()));
    ++n;
  }
  CHECK(b.run(items) == n * cols);
}

template <class M>
void reload(int rows, int cols, const char* name) {
  // New load phases without reset (the extension over the course): right
  // after execute, with one idle cycle, and execute right after the load.
  const uint32_t seed = simtest::test_seed(name);
  INFO("seed " << seed);
  Bench<M> b(rows, cols, seed);
  std::vector<Item> items;
  for (int round = 0; round < 4; ++round) {
    const Matrix m = b.random_weights();
    std::vector<Item> ld = b.load_items(m);
    items.insert(items.end(), ld.begin(), ld.end());
    for (int k = 0; k < 5; ++k) items.push_back(exec_item(b.random_acts()));
    if (round % 2) items.push_back(Item{false, false, b.random_acts()});
  }
  CHECK(b.run(items) == 4 * 5 * cols);
}

}  // namespace

#define ARRAY_TESTS(M, R, C, SIZE)                                                               \
  TEST_CASE("sim.array.weight_placement_" SIZE) { weight_placement<M>(R, C, "sim.array.weight_placement_" SIZE); } \
  TEST_CASE("sim.array.stream_" SIZE) { stream<M>(R, C, "sim.array.stream_" SIZE); }           \
  TEST_CASE("sim.array.skew_" SIZE) { skew<M>(R, C, "sim.array.skew_" SIZE); }                 \
  TEST_CASE("sim.array.reload_" SIZE) { reload<M>(R, C, "sim.array.reload_" SIZE); }

ARRAY_TESTS(Vmac_array_r2c2, 2, 2, "2x2")
ARRAY_TESTS(Vmac_array_r4c4, 4, 4, "4x4")
ARRAY_TESTS(Vmac_array_r8c8, 8, 8, "8x8")
