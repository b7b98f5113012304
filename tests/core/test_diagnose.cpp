// harness.diagnose.*: the diagnosis names a planted bug when it explains
// every value the run saw, and does not name it for another bug. Each
// planted bug is computed here, in a few plain lines from the set's own
// activations and weights (not with the diagnosis' code), and played into a
// run log as a core with that bug would have written it.
#include <catch2/catch.hpp>

#include <functional>

#include "checker.hpp"
#include "diagnose.hpp"
#include "generate.hpp"
#include "schedule.hpp"

using namespace cosim;

namespace {

const golden::Shape kShape = golden::squeezed_shape(8, 8);

golden::VectorSet set() { return golden::generate(kShape, golden::Pattern::Random, 21); }

int64_t wrap(int64_t v, int bits) {
  const int64_t m = int64_t{1} << bits;
  v = ((v % m) + m) % m;
  return v >= m / 2 ? v - m : v;
}

// A core with a bug: its psum of (kij, nij, col) and the psum row it writes
// at each address.
using PsumFn = std::function<int64_t(int kij, int nij, int col)>;

PsumFn mac(const golden::VectorSet& v, std::function<int64_t(int64_t)> act,
           std::function<int64_t(int64_t)> wgt, int skip_row = -1, int bits = 16) {
  return [&v, act, wgt, skip_row, bits](int k, int n, int c) {
    int64_t s = 0;
    for (int r = 0; r < 8; ++r) {
      if (r != skip_row) s = wrap(s + wgt(v.tile.w(k, c, r)) * act(v.tile.a(n, r)), bits);
    }
    return wrap(s, 16);
  };
}

PsumFn right(const golden::VectorSet& v) {
  return mac(v, [](int64_t a) { return a; }, [](int64_t w) { return w; });
}

// The outputs of psums `p`: 9 psums at the SFP's positions, ReLU unless raw.
int64_t output(const PsumFn& p, int o, int c, bool relu) {
  int64_t s = 0;
  const int oi = o / 4, oj = o % 4;
  for (int k = 0; k < 9; ++k) s = wrap(s + p(k, (oi + k / 3) * 6 + oj + k % 3, c), 16);
  return relu ? std::max<int64_t>(s, 0) : s;
}

// A run log: every address written once with `p`'s row for it (rows_at
// maps an address to the (kij, nij) whose row lands there, or skips it),
// and the outputs `out` gives.
RunLog log_of(const PsumFn& p, std::function<int64_t(int, int)> out,
              std::function<std::pair<int, int>(int addr)> rows_at = nullptr) {
  RunLog log;
  for (int a = 0; a < 9 * 36; ++a) {
    const auto [k, n] = rows_at ? rows_at(a) : std::make_pair(a / 36, a % 36);
    if (k < 0) continue;
    PsumWrite w;
    w.addr = static_cast<uint32_t>(a);
    w.kij = a / 36;
    for (int c = 0; c < 8; ++c) w.lanes.push_back(p(k, n, c));
    log.writes.push_back(w);
  }
  for (int o = 0; o < 16; ++o) {
    OutSample s;
    s.o_nij = o;
    for (int c = 0; c < 8; ++c) s.lanes.push_back(out(o, c));
    log.samples.push_back(s);
  }
  return log;
}

RunLog log_of(const PsumFn& p) {
  return log_of(p, [&p](int o, int c) { return output(p, o, c, true); });
}

Diagnosis run(const golden::VectorSet& v, const RunLog& log) {
  const Schedule s = compile_schedule(v, ScheduleOptions{});
  const golden::TileResult g = golden::compute_tile(v.tile);
  const CheckResult r = check_run(s, v, g, log, true);
  return diagnose(s, v, g, log, r);
}

bool names(const Diagnosis& d, const std::string& id) {
  for (const Hypothesis& h : d.exact) {
    if (h.id == id) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("harness.diagnose.activations_signed", "[harness]") {
  const auto v = set();
  const auto bug = mac(v, [](int64_t a) { return wrap(a, 4); }, [](int64_t w) { return w; });
  const Diagnosis d = run(v, log_of(bug));
  CHECK(names(d, "act_signed"));
  CHECK_THAT(d.verdict, Catch::StartsWith("activations read as signed"));
  // Must not: the weights' sign lost is another bug.
  const auto other = mac(v, [](int64_t a) { return a; }, [](int64_t w) { return w & 15; });
  CHECK_FALSE(names(run(v, log_of(other)), "act_signed"));
}

TEST_CASE("harness.diagnose.weight_sign_and_min", "[harness]") {
  const auto v = set();
  const auto unsigned_w = mac(v, [](int64_t a) { return a; }, [](int64_t w) { return w & 15; });
  CHECK(names(run(v, log_of(unsigned_w)), "wgt_unsigned"));
  const auto min_zero = mac(v, [](int64_t a) { return a; }, [](int64_t w) { return w == -8 ? 0 : w; });
  const Diagnosis d = run(v, log_of(min_zero));
  CHECK(names(d, "wgt_min_zero"));
  CHECK_FALSE(names(d, "wgt_unsigned"));
}

TEST_CASE("harness.diagnose.row_missing_and_column_stuck", "[harness]") {
  const auto v = set();
  const auto no_row3 = mac(v, [](int64_t a) { return a; }, [](int64_t w) { return w; }, 3);
  const Diagnosis d = run(v, log_of(no_row3));
  CHECK(names(d, "row3_missing"));
  CHECK_FALSE(names(d, "row2_missing"));
  const PsumFn good = right(v);
  const PsumFn col5 = [good](int k, int n, int c) { return c == 5 ? 0 : good(k, n, c); };
  const Diagnosis d5 = run(v, log_of(col5));
  CHECK(names(d5, "col5_zero"));
  CHECK_FALSE(names(d5, "row3_missing"));
}

TEST_CASE("harness.diagnose.rows_late_and_columns_reversed", "[harness]") {
  const auto v = set();
  const PsumFn good = right(v);
  // A registered output-FIFO pop: row n written with row n-1 (row 0 right).
  const PsumFn late = [good](int k, int n, int c) { return good(k, n == 0 ? 0 : n - 1, c); };
  const Diagnosis d = run(v, log_of(late));
  CHECK(names(d, "rows_late"));
  CHECK_FALSE(names(d, "rows_early"));
  CHECK_FALSE(names(d, "addr_plus1"));  // every address written once: not the address
  const PsumFn rev = [good](int k, int n, int c) { return good(k, n, 7 - c); };
  const Diagnosis dr = run(v, log_of(rev));
  CHECK(names(dr, "cols_reversed"));
  CHECK_FALSE(names(dr, "rows_late"));
}

TEST_CASE("harness.diagnose.psum_address_off", "[harness]") {
  const auto v = set();
  const PsumFn good = right(v);
  // Every row one address up (reads too, so the outputs are right); address
  // 0 never written, the last row at an address outside the flow.
  const RunLog log = log_of(good, [&good](int o, int c) { return output(good, o, c, true); },
                            [](int a) { return a == 0 ? std::make_pair(-1, -1)
                                                      : std::make_pair((a - 1) / 36, (a - 1) % 36); });
  const Diagnosis d = run(v, log);
  CHECK(names(d, "addr_plus1"));
  CHECK_FALSE(names(d, "rows_late"));
}

TEST_CASE("harness.diagnose.kernel_positions_out_of_order", "[harness]") {
  const auto v = set();
  const PsumFn good = right(v);
  const PsumFn swapped = [good](int k, int n, int c) { return good(k == 2 ? 5 : k == 5 ? 2 : k, n, c); };
  const Diagnosis d = run(v, log_of(swapped));
  CHECK(names(d, "kij_order"));
  CHECK_THAT(d.verdict, Catch::Contains("kij 2 holds kij 5's") && Catch::Contains("kij 5 holds kij 2's"));
}

TEST_CASE("harness.diagnose.narrow_wrap", "[harness]") {
  const auto v = golden::generate(kShape, golden::Pattern::Max, 3);  // sums that need 16 bits
  const auto bug = mac(v, [](int64_t a) { return a; }, [](int64_t w) { return w; }, -1, 10);
  const Diagnosis d = run(v, log_of(bug));
  CHECK(names(d, "wrap10"));
  CHECK_FALSE(names(d, "wrap11"));
}

TEST_CASE("harness.diagnose.sfp", "[harness]") {
  const auto v = set();
  const PsumFn good = right(v);
  const Diagnosis raw = run(v, log_of(good, [&good](int o, int c) { return output(good, o, c, false); }));
  CHECK(names(raw, "no_relu"));
  CHECK_FALSE(names(raw, "acc_not_cleared"));
  const Diagnosis acc = run(v, log_of(good, [&good](int o, int c) {
    int64_t s = 0;
    for (int p = 0; p <= o; ++p) s = wrap(s + output(good, p, c, false), 16);
    return std::max<int64_t>(s, 0);
  }));
  CHECK(names(acc, "acc_not_cleared"));
  CHECK_FALSE(names(acc, "no_relu"));
}

TEST_CASE("harness.diagnose.weight_min_saturated_and_transposed", "[harness]") {
  const auto v = set();
  const auto sat = mac(v, [](int64_t a) { return a; }, [](int64_t w) { return w == -8 ? -7 : w; });
  const Diagnosis d = run(v, log_of(sat));
  CHECK(names(d, "wgt_min_sat"));
  CHECK_FALSE(names(d, "wgt_min_zero"));
  // Transposed: column c's weight of row r is the kernel's (r, c).
  const PsumFn tr = [&v](int k, int n, int c) {
    int64_t s = 0;
    for (int r = 0; r < 8; ++r) s = wrap(s + v.tile.w(k, r, c) * v.tile.a(n, r), 16);
    return s;
  };
  const Diagnosis dt = run(v, log_of(tr));
  CHECK(names(dt, "wgt_transposed"));
  CHECK_FALSE(names(dt, "cols_reversed"));
}

TEST_CASE("harness.diagnose.bit_stuck_and_products_cut", "[harness]") {
  const auto v = set();
  // Each PE's psum output with bit 3 forced to 0, after every add.
  const PsumFn stuck = [&v](int k, int n, int c) {
    int64_t s = 0;
    for (int r = 0; r < 8; ++r) s = wrap((s + v.tile.w(k, c, r) * v.tile.a(n, r)) & ~int64_t{8}, 16);
    return s;
  };
  const Diagnosis d = run(v, log_of(stuck));
  CHECK(names(d, "bit3_stuck0"));
  CHECK_FALSE(names(d, "bit2_stuck0"));
  CHECK_FALSE(names(d, "bit3_stuck1"));
  // Products as 8-bit unsigned numbers.
  const PsumFn cut = [&v](int k, int n, int c) {
    int64_t s = 0;
    for (int r = 0; r < 8; ++r) s = wrap(s + ((v.tile.w(k, c, r) * v.tile.a(n, r)) & 255), 16);
    return s;
  };
  const Diagnosis dc = run(v, log_of(cut));
  CHECK(names(dc, "prod_unsigned"));
  CHECK_FALSE(names(dc, "wgt_unsigned"));
}

TEST_CASE("harness.diagnose.columns_swapped_and_one_columns_weights", "[harness]") {
  const auto v = set();
  const PsumFn good = right(v);
  const PsumFn sw = [good](int k, int n, int c) { return good(k, n, c == 2 ? 6 : c == 6 ? 2 : c); };
  const Diagnosis d = run(v, log_of(sw));
  CHECK(names(d, "cols2_6_swapped"));
  CHECK_FALSE(names(d, "cols2_5_swapped"));
  CHECK_FALSE(names(d, "cols_reversed"));
  const PsumFn w3 = [good](int k, int n, int) { return good(k, n, 3); };
  const Diagnosis d3 = run(v, log_of(w3));
  CHECK(names(d3, "all_cols_weights3"));
  CHECK_FALSE(names(d3, "all_cols_weights4"));
}

TEST_CASE("harness.diagnose.array_row_late_or_early", "[harness]") {
  const auto v = set();
  // Row 4 meets the activation of the vector before (its L0 stagger one too
  // many): vector 0 sees zeros there.
  const PsumFn late = [&v](int k, int n, int c) {
    int64_t s = 0;
    for (int r = 0; r < 8; ++r) {
      const int an = r == 4 ? n - 1 : n;
      s = wrap(s + v.tile.w(k, c, r) * (an >= 0 ? v.tile.a(an, r) : 0), 16);
    }
    return s;
  };
  const Diagnosis d = run(v, log_of(late));
  CHECK(names(d, "row4_late"));
  CHECK_FALSE(names(d, "row4_early"));
  CHECK_FALSE(names(d, "row4_missing"));
  CHECK_FALSE(names(d, "rows_late"));
}

TEST_CASE("harness.diagnose.relu_threshold", "[harness]") {
  // Outputs of exactly 1 are needed: a set where some output is 1.
  for (uint64_t seed = 1; seed < 400; ++seed) {
    const auto v = golden::generate(kShape, golden::Pattern::Random, seed);
    const PsumFn good = right(v);
    bool has_one = false;
    for (int o = 0; o < 16 && !has_one; ++o) {
      for (int c = 0; c < 8; ++c) has_one = has_one || output(good, o, c, true) == 1;
    }
    if (!has_one) continue;
    const Diagnosis d = run(v, log_of(good, [&good](int o, int c) {
      const int64_t x = output(good, o, c, true);
      return x == 1 ? 0 : x;
    }));
    CHECK(names(d, "relu_threshold"));
    CHECK_FALSE(names(d, "no_relu"));
    return;
  }
  FAIL("no generated set with an output of 1 in 400 seeds");
}

TEST_CASE("harness.diagnose.activation_bit_stuck", "[harness]") {
  const auto v = set();
  const auto lost3 = mac(v, [](int64_t a) { return a & 7; }, [](int64_t w) { return w; });
  const Diagnosis d = run(v, log_of(lost3));
  CHECK(names(d, "act_bit3_stuck0"));
  CHECK_THAT(d.verdict, Catch::StartsWith("activation bit 3 stuck at 0"));
  CHECK_FALSE(names(d, "act_signed"));
  // Must not: the activations' sign extended is another bug.
  const auto sign = mac(v, [](int64_t a) { return wrap(a, 4); }, [](int64_t w) { return w; });
  CHECK_FALSE(names(run(v, log_of(sign)), "act_bit3_stuck0"));
  const auto one0 = mac(v, [](int64_t a) { return a | 1; }, [](int64_t w) { return w; });
  const Diagnosis d1 = run(v, log_of(one0));
  CHECK(names(d1, "act_bit0_stuck1"));
  CHECK_FALSE(names(d1, "act_bit0_stuck0"));
}

TEST_CASE("harness.diagnose.accumulator_wrap", "[harness]") {
  // Sums of nine psums that need more than 12 bits: the max pattern.
  const auto v = golden::generate(kShape, golden::Pattern::Max, 3);
  const PsumFn good = right(v);
  const auto acc_at = [&good](int bits) {
    return [&good, bits](int o, int c) {
      const int oi = o / 4, oj = o % 4;
      int64_t s = 0;
      for (int k = 0; k < 9; ++k) s = wrap(s + good(k, (oi + k / 3) * 6 + oj + k % 3, c), bits);
      return std::max<int64_t>(s, 0);
    };
  };
  const Diagnosis d = run(v, log_of(good, acc_at(12)));
  REQUIRE(d.mismatches > 0);
  CHECK(names(d, "acc_wrap12"));
  CHECK_FALSE(names(d, "acc_wrap13"));
  CHECK_FALSE(names(d, "wrap12"));  // the psums are right: not the PE's adder
  // Must not: a psum adder that wraps at 12 bits is the PE's bug.
  const auto pe12 = mac(v, [](int64_t a) { return a; }, [](int64_t w) { return w; }, -1, 12);
  CHECK_FALSE(names(run(v, log_of(pe12)), "acc_wrap12"));
}

TEST_CASE("harness.diagnose.honest_when_nothing_fits", "[harness]") {
  const auto v = set();
  const PsumFn good = right(v);
  // Two bugs at once: signed activations in kij 0..3, a stuck column after.
  const PsumFn sign = mac(v, [](int64_t a) { return wrap(a, 4); }, [](int64_t w) { return w; });
  const PsumFn both = [good, sign](int k, int n, int c) { return k < 4 ? sign(k, n, c) : c == 2 ? 0 : good(k, n, c); };
  const Diagnosis d = run(v, log_of(both));
  CHECK(d.exact.empty());
  CHECK_THAT(d.verdict, Catch::StartsWith("no known pattern (closest: "));
  CHECK(d.closest.explained > 0);
  CHECK(d.closest.explained < d.mismatches);
  // A right run has nothing to diagnose.
  const Diagnosis none = run(v, log_of(good));
  CHECK(none.mismatches == 0);
  CHECK(none.verdict.empty());
}
