// sim.pe.*: one processing element (pe, ActW=4, WgtW=4, PsumW=16).
// Expected values are written out by hand for the corners, and for the
// exhaustive sweep come from psum = wrap16(a * w + p), a unsigned, w signed.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "Vpe.h"
#include "sim_util.hpp"

namespace {

using simtest::sext;
using simtest::wrap;
constexpr int kPsumW = 16;

struct Pe {
  simtest::Dut<Vpe> d;

  Pe() {
    quiet();
    d->rst_i = 1;
    d.tick();
    d->rst_i = 0;
  }
  void quiet() {
    d->load_w_i = 0;
    d->exec_w_i = 0;
    d->act_w_i = 0;
    d->psum_n_i = 0;
  }
  void reset() {
    quiet();
    d->rst_i = 1;
    d.tick();
    d->rst_i = 0;
  }
  void idle() {
    quiet();
    d.tick();
  }
  // One load phase: one word per cycle with load high, then load low again.
  void load_phase(const std::vector<int>& words) {
    for (int w : words) {
      quiet();
      d->load_w_i = 1;
      d->act_w_i = static_cast<uint8_t>(w & 0xF);
      d.tick();
    }
    quiet();
  }
  // Executes one (a, p) and returns the psum the PE sends south the next cycle.
  int64_t exec(int a, int64_t p) {
    quiet();
    d->exec_w_i = 1;
    d->act_w_i = static_cast<uint8_t>(a);
    d->psum_n_i = static_cast<uint16_t>(p & 0xFFFF);
    d.tick();
    quiet();
    d.settle();
    CHECK(d->exec_e_o == 1);
    return sext(d->psum_s_o, kPsumW);
  }
  int64_t weight() { return exec(1, 0); }
};

}  // namespace

TEST_CASE("sim.pe.signed_corners") {
  struct Case {
    int w, a;
    int64_t p, expect;
    const char* why;
  };
  const Case cases[] = {
      {-8, 15, 0, -120, "most negative product"},
      {7, 15, 0, 105, "most positive product"},
      {-8, 0, 1234, 1234, "act 0 passes the psum through"},
      {7, 0, -1, -1, "act 0, negative psum"},
      {-8, 1, 0, -8, "weight -8 sign-extends (0xfff8)"},
      {-1, 15, 0, -15, "weight -1 sign-extends"},
      {1, 15, 0, 15, "act 15 is zero-extended, not -1"},
      {-8, 8, 0, -64, "act 8 (msb set) is zero-extended, not -8"},
      {7, 15, 32767 - 105, 32767, "sum reaches +max exactly"},
      {7, 15, 32767 - 104, -32768, "sum wraps at +max"},
      {-8, 15, -32768 + 120, -32768, "sum reaches -max exactly"},
      {-8, 15, -32768 + 119, 32767, "sum wraps at -max"},
      {-8, 15, -32768, 32648, "both negative, wraps"},
  };
  Pe pe;
  for (const Case& c : cases) {
    INFO(c.why << ": w " << c.w << " a " << c.a << " p " << c.p);
    pe.reset();
    pe.load_phase({c.w});
    pe.idle();
    CHECK(pe.exec(c.a, c.p) == c.expect);
    CHECK(static_cast<uint16_t>(pe.d->psum_s_o) == static_cast<uint16_t>(c.expect & 0xFFFF));
  }
}

TEST_CASE("sim.pe.exhaustive_stream") {
  // Every weight x every activation, one per cycle back to back, with psums
  // chosen near both wrap points and at random: checks the registered
  // timing (the psum of cycle t leaves in t + 1) as well as the maths.
  const uint32_t seed = simtest::test_seed("sim.pe.exhaustive_stream");
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> any_psum(-32768, 32767);
  Pe pe;
  for (int w = -8; w <= 7; ++w) {
    pe.reset();
    pe.load_phase({w});
    for (int a = 0; a <= 15; ++a) {
      for (int64_t p : {int64_t{0}, int64_t{32767}, int64_t{-32768}, int64_t{any_psum(rng)}}) {
        pe.quiet();
        pe.d->exec_w_i = 1;
        pe.d->act_w_i = static_cast<uint8_t>(a);
        pe.d->psum_n_i = static_cast<uint16_t>(p & 0xFFFF);
        pe.d.tick();
        // Next cycle: the result of (a, p) is out while other values are on
        // the inputs (a psum that skipped its register would show).
        pe.d->exec_w_i = 0;
        pe.d->act_w_i = static_cast<uint8_t>(~a & 0xF);
        pe.d->psum_n_i = static_cast<uint16_t>(~p & 0xFFFF);
        pe.d.settle();
        INFO("w " << w << " a " << a << " p " << p);
        REQUIRE(sext(pe.d->psum_s_o, kPsumW) == wrap(a * w + p, kPsumW));
        REQUIRE(pe.d->act_e_o == a);
        REQUIRE(pe.d->exec_e_o == 1);
      }
    }
  }
}

TEST_CASE("sim.pe.weight_latch") {
  // First word of a load phase is kept; the rest leave east with the load bit,
  // which goes high only from the second word (course mac_tile).
  Pe pe;
  const std::vector<int> words = {3, 5, -2, 6};
  pe.d.settle();
  CHECK(pe.d->load_e_o == 0);
  for (size_t i = 0; i < words.size(); ++i) {
    pe.quiet();
    pe.d->load_w_i = 1;
    pe.d->act_w_i = static_cast<uint8_t>(words[i] & 0xF);
    pe.d.tick();
    pe.quiet();
    pe.d.settle();
    INFO("after word " << i);
    CHECK(pe.d->act_e_o == (words[i] & 0xF));
    CHECK(pe.d->load_e_o == (i == 0 ? 0 : 1));
    CHECK(pe.d->exec_e_o == 0);
  }
  pe.idle();  // load low: the phase ends, and so does the forwarded load bit
  CHECK(pe.d->load_e_o == 0);
  CHECK(pe.d->act_e_o == 6);  // act only moves with load or execute
  CHECK(pe.weight() == 3);

  // Holding load high longer does not replace the weight.
  pe.reset();
  pe.load_phase({-5, 1, 2, 3, 4, 5, 6, 7, -8});
  CHECK(pe.weight() == -5);

  // Executing does not arm or change the weight.
  pe.reset();
  pe.exec(9, 0);
  pe.load_phase({4});
  CHECK(pe.weight() == 4);
  CHECK(pe.exec(15, 100) == 160);
  CHECK(pe.weight() == 4);
}

TEST_CASE("sim.pe.reload_without_reset") {
  Pe pe;
  pe.load_phase({2, 7});
  pe.idle();
  CHECK(pe.weight() == 2);
  // A new phase after execute, no reset: new weight.
  pe.load_phase({-7, 1});
  CHECK(pe.weight() == -7);
  // Two phases separated by a single low cycle.
  pe.load_phase({5, 3});
  pe.idle();
  pe.load_phase({-3, 4});
  CHECK(pe.weight() == -3);
  // A phase directly followed by execute (no idle cycle) uses the new weight.
  pe.load_phase({6});
  CHECK(pe.exec(15, 0) == 90);
  // The course schedule still works: reset clears the weight, the next
  // phase sets it.
  pe.reset();
  CHECK(pe.exec(5, 7) == 7);
  pe.load_phase({-1});
  CHECK(pe.exec(5, 7) == 2);
}

TEST_CASE("sim.pe.reset") {
  Pe pe;
  pe.load_phase({7, 7});
  pe.exec(15, 1000);
  pe.d->exec_w_i = 1;
  pe.d->load_w_i = 1;
  pe.d->act_w_i = 9;
  pe.d->psum_n_i = 77;
  pe.d->rst_i = 1;  // reset wins over load and execute
  pe.d.tick();
  pe.d->rst_i = 0;
  pe.quiet();
  pe.d.settle();
  CHECK(pe.d->act_e_o == 0);
  CHECK(pe.d->load_e_o == 0);
  CHECK(pe.d->exec_e_o == 0);
  CHECK(pe.d->psum_s_o == 0);
  CHECK(pe.weight() == 0);
}
