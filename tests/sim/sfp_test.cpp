// sim.sfp.*: the accumulate + ReLU lanes.
//   Vsfp:      Cols=4, PsumW=16, AccW=16 (the core's configuration)
//   Vsfp_wide: Cols=2, PsumW=8,  AccW=12 (AccW > PsumW: the output saturates)
// Reference: acc = wrap_AccW(acc + psum) on acc_i; out = min(max(acc, 0),
// 2^(PsumW-1) - 1); reset clears acc.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "Vsfp.h"
#include "Vsfp_wide.h"
#include "sim_util.hpp"

namespace {

using simtest::get_bits;
using simtest::sext;
using simtest::set_bits;
using simtest::wrap;

template <class M>
struct Sfp {
  int cols, psum_w, acc_w;
  simtest::Dut<M> d;
  std::vector<int64_t> acc;  // the reference

  Sfp(int c, int pw, int aw, uint32_t seed)
      : cols(c), psum_w(pw), acc_w(aw), d(seed), acc(static_cast<size_t>(c), 0) {
    reset();
  }
  void reset() {
    d->acc_i = 0;
    d->rst_i = 1;
    d.tick();
    d->rst_i = 0;
    std::fill(acc.begin(), acc.end(), 0);
  }
  // One cycle: psum per lane on the input, acc_i as given.
  void step(const std::vector<int64_t>& psum, bool add) {
    for (int c = 0; c < cols; ++c) {
      set_bits(d->psum_i, c * psum_w, psum_w, static_cast<uint64_t>(psum[static_cast<size_t>(c)]));
    }
    d->acc_i = add;
    d.tick();
    d->acc_i = 0;
    if (add)
      for (int c = 0; c < cols; ++c)
        acc[static_cast<size_t>(c)] = wrap(acc[static_cast<size_t>(c)] + psum[static_cast<size_t>(c)], acc_w);
  }
  void add_all(int64_t v) { step(std::vector<int64_t>(static_cast<size_t>(cols), v), true); }
  int64_t out(int c) { return sext(get_bits(d->out_o, c * psum_w, psum_w), psum_w); }
  int64_t raw(int c) { return sext(get_bits(d->acc_o, c * acc_w, acc_w), acc_w); }
  int64_t expect_out(int c) const {
    const int64_t top = (int64_t{1} << (psum_w - 1)) - 1;
    return std::min(std::max(acc[static_cast<size_t>(c)], int64_t{0}), top);
  }
  void check() {
    d.settle();
    for (int c = 0; c < cols; ++c) {
      INFO("lane " << c << " acc " << acc[static_cast<size_t>(c)]);
      REQUIRE(raw(c) == acc[static_cast<size_t>(c)]);
      REQUIRE(out(c) == expect_out(c));
    }
  }
};

}  // namespace

TEST_CASE("sim.sfp.accumulate") {
  const uint32_t seed = simtest::test_seed("sim.sfp.accumulate");
  INFO("seed " << seed);
  Sfp<Vsfp> s(4, 16, 16, seed);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> small(-2000, 2000);
  for (int t = 0; t < 500; ++t) {
    std::vector<int64_t> p(4);
    for (auto& v : p) v = small(rng);
    const bool add = rng() % 3 != 0;  // gaps: acc low must not add
    s.step(p, add);
    INFO("cycle " << t);
    s.check();
    if (t % 97 == 96) {
      s.reset();
      s.check();
    }
  }
  // Hand-worked: 9 psums (the SFP's job for one output), per lane.
  s.reset();
  const int64_t seq[9] = {100, -30, 7, 0, -200, 50, 25, 1, -3};  // sum -50
  for (int64_t v : seq) s.step({v, -v, v * 2, 0}, true);
  s.d.settle();
  CHECK(s.raw(0) == -50);
  CHECK(s.out(0) == 0);
  CHECK(s.raw(1) == 50);
  CHECK(s.out(1) == 50);
  CHECK(s.raw(2) == -100);
  CHECK(s.out(2) == 0);
  CHECK(s.out(3) == 0);
}

TEST_CASE("sim.sfp.relu") {
  Sfp<Vsfp> s(4, 16, 16, 3);
  s.step({5, -5, 0, -1}, true);
  s.d.settle();
  CHECK(s.out(0) == 5);
  CHECK(s.out(1) == 0);
  CHECK(s.out(2) == 0);
  CHECK(s.out(3) == 0);
  s.step({32762, 5, 0, 1}, true);  // lane 0 reaches +max exactly; lane 3 back to 0
  s.d.settle();
  CHECK(s.out(0) == 32767);
  CHECK(s.out(1) == 0);
  CHECK(s.out(3) == 0);
  s.step({0, 1, 0, 1}, true);
  s.d.settle();
  CHECK(s.out(1) == 1);
  CHECK(s.out(3) == 1);
  s.check();
}

TEST_CASE("sim.sfp.wrap") {
  // At AccW = 16 the accumulator wraps exactly like the psums.
  Sfp<Vsfp> s(4, 16, 16, 5);
  s.step({32767, -32768, 30000, -30000}, true);
  s.step({1, -1, 30000, -30000}, true);
  s.d.settle();
  CHECK(s.raw(0) == -32768);  // 32767 + 1
  CHECK(s.out(0) == 0);
  CHECK(s.raw(1) == 32767);   // -32768 - 1
  CHECK(s.out(1) == 32767);
  CHECK(s.raw(2) == -5536);   // 60000 - 65536
  CHECK(s.raw(3) == 5536);
  s.check();
}

TEST_CASE("sim.sfp.reset") {
  Sfp<Vsfp> s(4, 16, 16, 7);
  s.add_all(1234);
  s.d.settle();
  CHECK(s.out(0) == 1234);
  // Reset wins over acc in the same cycle.
  s.d->acc_i = 1;
  s.d->rst_i = 1;
  s.d.tick();
  s.d->rst_i = 0;
  s.d->acc_i = 0;
  s.d.settle();
  for (int c = 0; c < 4; ++c) {
    CHECK(s.raw(c) == 0);
    CHECK(s.out(c) == 0);
  }
  // Without acc the accumulator holds, whatever is on the input.
  s.acc.assign(4, 0);
  s.step({999, 999, 999, 999}, false);
  s.check();
}

TEST_CASE("sim.sfp.wide_saturate") {
  // AccW 12 > PsumW 8: the accumulator keeps 12 bits, the 8-bit output is
  // ReLU saturated at 127.
  Sfp<Vsfp_wide> s(2, 8, 12, 11);
  s.step({127, -128}, true);
  s.step({127, -128}, true);
  s.step({127, -128}, true);
  s.d.settle();
  CHECK(s.raw(0) == 381);
  CHECK(s.out(0) == 127);
  CHECK(s.raw(1) == -384);
  CHECK(s.out(1) == 0);
  s.step({-128, 127}, true);
  s.step({-128, 127}, true);
  s.d.settle();
  CHECK(s.raw(0) == 125);  // back under the top: exact again
  CHECK(s.out(0) == 125);
  s.reset();
  for (int i = 0; i < 17; ++i) s.step({127, -128}, true);  // 2159, -2176
  s.d.settle();
  CHECK(s.raw(0) == 2159 - 4096);  // wraps at AccW = 12
  CHECK(s.out(0) == 0);
  CHECK(s.raw(1) == -2176 + 4096);
  CHECK(s.out(1) == 127);
  s.check();
}
