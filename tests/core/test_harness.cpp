// Unit tests of the harness without a Verilated model: the instruction word,
// the compiled schedule, the checker (fed hand-built run logs with planted
// faults) and the driver (a scripted fake Dut).
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "fake_dut.hpp"
#include "checker.hpp"
#include "driver.hpp"
#include "generate.hpp"
#include "inst.hpp"
#include "options.hpp"
#include "schedule.hpp"

using namespace cosim;

namespace {

golden::VectorSet small_set(uint64_t seed = 3) {
  return golden::generate(golden::squeezed_shape(8, 8), golden::Pattern::Random, seed);
}

// A run log as a perfect core would produce it: every psum word written once
// with the golden value, every output sampled with the golden value.
RunLog perfect_log(const Schedule& s, const golden::TileResult& g) {
  RunLog log;
  const golden::Shape& sh = s.shape;
  uint64_t cycle = 100;
  for (int kij : s.kijs) {
    for (int nij = 0; nij < sh.n_nij(); ++nij) {
      PsumWrite w;
      w.cycle = cycle++;
      w.addr = static_cast<uint32_t>(kij * sh.n_nij() + nij);
      w.phase = Phase::Drain;
      w.kij = kij;
      for (int c = 0; c < sh.cols; ++c) w.lanes.push_back(g.psum_at(kij, nij, c));
      log.writes.push_back(w);
    }
  }
  if (s.outputs) {
    for (int o = 0; o < sh.n_onij(); ++o) {
      OutSample smp;
      smp.cycle = cycle += 12;
      smp.o_nij = o;
      for (int c = 0; c < sh.cols; ++c) smp.lanes.push_back(g.out_relu_at(o, c));
      log.samples.push_back(smp);
    }
  }
  log.cycles = cycle;
  return log;
}

const CaseResult& case_named(const CheckResult& r, const std::string& name) {
  for (const CaseResult& c : r.cases) {
    if (c.name == name) return c;
  }
  FAIL("no case " << name);
  return r.cases.front();
}

}  // namespace

TEST_CASE("harness.inst.bit_map", "[harness]") {
  // SPEC section 3, bit by bit.
  auto one = [](auto set) {
    Inst i;
    i.cen_pmem = i.wen_pmem = i.cen_xmem = i.wen_xmem = false;
    set(i);
    return i.encode();
  };
  CHECK(one([](Inst& i) { i.acc = true; }) == (1ULL << 33));
  CHECK(one([](Inst& i) { i.cen_pmem = true; }) == (1ULL << 32));
  CHECK(one([](Inst& i) { i.wen_pmem = true; }) == (1ULL << 31));
  CHECK(one([](Inst& i) { i.a_pmem = 0x7FF; }) == (0x7FFULL << 20));
  CHECK(one([](Inst& i) { i.cen_xmem = true; }) == (1ULL << 19));
  CHECK(one([](Inst& i) { i.wen_xmem = true; }) == (1ULL << 18));
  CHECK(one([](Inst& i) { i.a_xmem = 0x7FF; }) == (0x7FFULL << 7));
  CHECK(one([](Inst& i) { i.ofifo_rd = true; }) == (1ULL << 6));
  CHECK(one([](Inst& i) { i.ififo_wr = true; }) == (1ULL << 5));
  CHECK(one([](Inst& i) { i.ififo_rd = true; }) == (1ULL << 4));
  CHECK(one([](Inst& i) { i.l0_rd = true; }) == (1ULL << 3));
  CHECK(one([](Inst& i) { i.l0_wr = true; }) == (1ULL << 2));
  CHECK(one([](Inst& i) { i.execute = true; }) == (1ULL << 1));
  CHECK(one([](Inst& i) { i.load = true; }) == 1ULL);
  CHECK(one([](Inst& i) { i.relu = true; }) == (1ULL << 34));
  // The idle word keeps both SRAMs disabled (active-low enables high).
  CHECK(Inst{}.encode() == ((1ULL << 32) | (1ULL << 31) | (1ULL << 19) | (1ULL << 18)));
  // Round trip of a busy word.
  Inst i;
  i.acc = i.l0_rd = i.execute = true;
  i.cen_pmem = false;
  i.a_pmem = 1234 & 0x7FF;
  i.a_xmem = 1031;
  const Inst back = Inst::decode(i.encode());
  CHECK(back.encode() == i.encode());
  CHECK(back.a_xmem == 1031);
}

TEST_CASE("harness.options.int_list", "[harness]") {
  CHECK(parse_int_list("3") == std::vector<int>{3});
  CHECK(parse_int_list("0,2,5-7") == std::vector<int>{0, 2, 5, 6, 7});
  CHECK_THROWS_WITH(parse_int_list("1,x"), Catch::Contains("'x'"));
  CHECK_THROWS_WITH(parse_int_list("5-2"), Catch::Contains("backwards"));
  CHECK_THROWS(parse_int_list(""));
}

TEST_CASE("harness.schedule.flow", "[harness]") {
  const golden::VectorSet v = small_set();
  const golden::Shape& sh = v.shape();
  const Schedule s = compile_schedule(v, ScheduleOptions{});
  REQUIRE(s.kijs.size() == 9);
  REQUIRE(s.outputs);

  std::map<int, int> load_cycles, exec_cycles, drain_pops, xmem_weight_writes;
  std::set<uint32_t> act_writes;
  int samples = 0, resets = 0;
  const Step* prev = nullptr;
  for (const Step& st : s.steps) {
    if (st.op == Op::Sample) ++samples;
    if (st.op != Op::Cycle) {
      prev = &st;
      continue;
    }
    const Inst i = Inst::decode(st.inst);
    resets += st.reset;
    if (st.reset) CHECK(st.inst == Inst{}.encode());
    if (i.load) {
      CHECK(i.l0_rd);
      ++load_cycles[st.kij];
    }
    if (i.execute) {
      CHECK(i.l0_rd);
      ++exec_cycles[st.kij];
    }
    if (!i.cen_xmem && !i.wen_xmem) {
      if (i.a_xmem >= kWeightBase) {
        ++xmem_weight_writes[st.kij];
        // D_xmem packs row r of column (a - 1024) at bits [4r+3:4r].
        const int col = static_cast<int>(i.a_xmem - kWeightBase);
        for (int r = 0; r < sh.rows; ++r) {
          const int64_t nib = static_cast<int64_t>((st.dxmem >> (4 * r)) & 0xF);
          CHECK(nib == (v.tile.w(st.kij, col, r) & 0xF));
        }
      } else {
        act_writes.insert(i.a_xmem);
        for (int r = 0; r < sh.rows; ++r) {
          CHECK(static_cast<int64_t>((st.dxmem >> (4 * r)) & 0xF) ==
                v.tile.a(static_cast<int>(i.a_xmem), r));
        }
      }
    }
    if (i.ofifo_rd) {
      // Every pop writes the psum SRAM at kij*36+nij, preceded by a wait.
      REQUIRE(prev != nullptr);
      CHECK(prev->op == Op::WaitValid);
      CHECK(!i.cen_pmem);
      CHECK(!i.wen_pmem);
      CHECK(i.a_pmem == static_cast<uint32_t>(st.kij * 36 + drain_pops[st.kij]));
      ++drain_pops[st.kij];
    }
    // L0 pushes come exactly one cycle after an input-SRAM read.
    if (i.l0_wr) {
      REQUIRE(prev != nullptr);
      REQUIRE(prev->op == Op::Cycle);
      const Inst p = Inst::decode(prev->inst);
      CHECK(!p.cen_xmem);
      CHECK(p.wen_xmem);
    }
    prev = &st;
  }
  CHECK(act_writes.size() == 36);
  CHECK(samples == 16);
  CHECK(resets == 1 + 9 + 16);
  for (int k = 0; k < 9; ++k) {
    CHECK(load_cycles[k] == 8);
    CHECK(exec_cycles[k] == 36);
    CHECK(drain_pops[k] == 36);
    CHECK(xmem_weight_writes[k] == 8);
  }
}

TEST_CASE("harness.schedule.output_reads", "[harness]") {
  // The output phase reads, for o_nij = (oi, oj), kernel (ki, kj), the psum of
  // padded position (oi+ki, oj+kj), with acc high exactly the 9 cycles after.
  const golden::VectorSet v = small_set();
  const Schedule s = compile_schedule(v, ScheduleOptions{});
  std::vector<uint32_t> reads;
  std::vector<int> acc_after_read;
  int o_nij = 0;
  bool last_was_read = false;
  int acc_run = 0;
  for (const Step& st : s.steps) {
    if (st.phase != Phase::Output) continue;
    if (st.op == Op::Sample) {
      CHECK(st.index == o_nij);
      REQUIRE(reads.size() == 9);
      for (int kij = 0; kij < 9; ++kij) {
        const int oi = o_nij / 4, oj = o_nij % 4, ki = kij / 3, kj = kij % 3;
        CHECK(reads[static_cast<size_t>(kij)] ==
              static_cast<uint32_t>(kij * 36 + (oi + ki) * 6 + (oj + kj)));
      }
      CHECK(acc_run == 9);
      reads.clear();
      acc_run = 0;
      ++o_nij;
      continue;
    }
    if (st.op != Op::Cycle) continue;
    const Inst i = Inst::decode(st.inst);
    if (i.acc) {
      CHECK(last_was_read);  // acc only the cycle after a read
      ++acc_run;
    }
    last_was_read = !i.cen_pmem && i.wen_pmem;
    if (last_was_read) reads.push_back(i.a_pmem);
  }
  CHECK(o_nij == 16);
}

TEST_CASE("harness.schedule.kij_subset", "[harness]") {
  const golden::VectorSet v = small_set();
  ScheduleOptions so;
  so.kijs = {2, 7};
  const Schedule s = compile_schedule(v, so);
  CHECK(s.kijs == std::vector<int>{2, 7});
  CHECK_FALSE(s.outputs);  // the outputs need every kij
  so.kijs = {9};
  CHECK_THROWS_WITH(compile_schedule(v, so), Catch::Contains("kij 9"));
}

TEST_CASE("harness.schedule.scramble_only_touches_dont_cares", "[harness]") {
  const golden::VectorSet v = small_set();
  const Schedule plain = compile_schedule(v, ScheduleOptions{});
  ScheduleOptions so;
  so.scramble_seed = 77;
  const Schedule mixed = compile_schedule(v, so);
  REQUIRE(plain.steps.size() == mixed.steps.size());
  int changed = 0;
  for (size_t k = 0; k < plain.steps.size(); ++k) {
    const Step& a = plain.steps[k];
    const Step& b = mixed.steps[k];
    REQUIRE(a.op == b.op);
    if (a.op != Op::Cycle) continue;
    changed += a.inst != b.inst || a.dxmem != b.dxmem;
    const Inst x = Inst::decode(a.inst), y = Inst::decode(b.inst);
    // What the contract acts on is identical.
    CHECK(x.acc == y.acc);
    CHECK(x.cen_xmem == y.cen_xmem);
    CHECK(x.cen_pmem == y.cen_pmem);
    CHECK(x.l0_rd == y.l0_rd);
    CHECK(x.l0_wr == y.l0_wr);
    CHECK(x.load == y.load);
    CHECK(x.execute == y.execute);
    CHECK(x.ofifo_rd == y.ofifo_rd);
    CHECK(a.reset == b.reset);
    if (!x.cen_xmem) {
      CHECK(x.wen_xmem == y.wen_xmem);
      CHECK(x.a_xmem == y.a_xmem);
      if (!x.wen_xmem) CHECK(a.dxmem == b.dxmem);
    }
    if (!x.cen_pmem) {
      CHECK(x.wen_pmem == y.wen_pmem);
      CHECK(x.a_pmem == y.a_pmem);
    }
  }
  CHECK(changed > static_cast<int>(plain.steps.size()) / 2);
}

TEST_CASE("harness.schedule.without_kij_reset", "[harness]") {
  ScheduleOptions so;
  so.kij_reset = false;
  const Schedule s = compile_schedule(small_set(), so);
  int resets = 0;
  for (const Step& st : s.steps) resets += st.op == Op::Cycle && st.reset;
  CHECK(resets == 1 + 16);  // the initial one and one per output
}

TEST_CASE("harness.checker.perfect_run_passes", "[harness]") {
  const golden::VectorSet v = small_set();
  const Schedule s = compile_schedule(v, ScheduleOptions{});
  const golden::TileResult g = golden::compute_tile(v.tile);
  const CheckResult r = check_run(s, v, g, perfect_log(s, g), true);
  CHECK(r.mismatches.empty());
  CHECK(r.passed() == 11);  // 9 kij + out_relu + input_consistency
  CHECK(r.failed() == 0);
  CHECK(case_named(r, "kij4").checked == 36 * 8);
  CHECK(case_named(r, "out_relu").checked == 16 * 8);
}

TEST_CASE("harness.checker.catches_planted_faults", "[harness]") {
  const golden::VectorSet v = small_set();
  const Schedule s = compile_schedule(v, ScheduleOptions{});
  const golden::TileResult g = golden::compute_tile(v.tile);

  SECTION("one psum lane off by one") {
    RunLog log = perfect_log(s, g);
    PsumWrite& w = log.writes[static_cast<size_t>(3 * 36 + 17)];
    w.lanes[5] += 1;
    const CheckResult r = check_run(s, v, g, log, true);
    REQUIRE(r.mismatches.size() == 1);
    const Mismatch& m = r.mismatches[0];
    CHECK(m.check == "kij3");
    CHECK(m.kind == Kind::Value);
    CHECK(m.kij == 3);
    CHECK(m.nij == 17);
    CHECK(m.col == 5);
    CHECK(m.expected == g.psum_at(3, 17, 5));
    CHECK(m.actual == g.psum_at(3, 17, 5) + 1);
    CHECK(m.cycle == w.cycle);
    CHECK(case_named(r, "kij3").status == Status::Fail);
    CHECK(case_named(r, "kij2").status == Status::Pass);
    CHECK(r.failed() == 1);
  }
  SECTION("a row never written") {
    RunLog log = perfect_log(s, g);
    log.writes.erase(log.writes.begin() + 8 * 36 + 35);
    const CheckResult r = check_run(s, v, g, log, true);
    REQUIRE(r.mismatches.size() == 1);
    CHECK(r.mismatches[0].kind == Kind::Missing);
    CHECK(r.mismatches[0].check == "kij8");
  }
  SECTION("an address written twice") {
    RunLog log = perfect_log(s, g);
    log.writes.push_back(log.writes[10]);
    const CheckResult r = check_run(s, v, g, log, true);
    REQUIRE(r.mismatches.size() == 1);
    CHECK(r.mismatches[0].kind == Kind::Duplicate);
    CHECK(r.mismatches[0].check == "kij0");
  }
  SECTION("a write outside the flow's addresses") {
    RunLog log = perfect_log(s, g);
    PsumWrite w = log.writes.back();
    w.addr = 2000;
    w.kij = 8;
    log.writes.push_back(w);
    const CheckResult r = check_run(s, v, g, log, true);
    REQUIRE(r.mismatches.size() == 1);
    CHECK(r.mismatches[0].kind == Kind::Unexpected);
    CHECK(r.mismatches[0].check == "kij8");
  }
  SECTION("an output lane wrong") {
    RunLog log = perfect_log(s, g);
    log.samples[6].lanes[0] ^= 0x10;
    const CheckResult r = check_run(s, v, g, log, true);
    REQUIRE(r.mismatches.size() == 1);
    CHECK(r.mismatches[0].check == "out_relu");
    CHECK(r.mismatches[0].nij == 6);
    CHECK(r.mismatches[0].col == 0);
  }
  SECTION("a protocol event counts against its kij") {
    RunLog log = perfect_log(s, g);
    log.events.push_back({500, Phase::Drained, 4, "extra rows"});
    const CheckResult r = check_run(s, v, g, log, true);
    REQUIRE(r.mismatches.size() == 1);
    CHECK(r.mismatches[0].kind == Kind::Protocol);
    CHECK(case_named(r, "kij4").status == Status::Fail);
  }
  SECTION("a hang leaves the rest not reached, never passed") {
    RunLog log = perfect_log(s, g);
    log.writes.resize(5 * 36 + 3);
    log.samples.clear();
    log.hang = Hang{900, Phase::Drain, 5, "ofifo_valid stayed low"};
    const CheckResult r = check_run(s, v, g, log, true);
    CHECK(r.hung);
    CHECK(case_named(r, "kij4").status == Status::Pass);
    for (const char* name : {"kij5", "kij6", "kij8", "out_relu"}) {
      CHECK(case_named(r, name).status == Status::Fail);
    }
    CHECK(r.mismatches.front().kind == Kind::Hung);
  }
  SECTION("no probe: psum cases are skipped and said so, outputs still judged") {
    RunLog log = perfect_log(s, g);
    log.writes.clear();
    log.samples[0].lanes[1] += 2;
    const CheckResult r = check_run(s, v, g, log, false);
    CHECK(case_named(r, "kij0").status == Status::Skip);
    CHECK(case_named(r, "out_relu").status == Status::Fail);
    REQUIRE_FALSE(r.warnings.empty());
    CHECK_THAT(r.warnings[0], Catch::Contains("no psum probe"));
  }
}

TEST_CASE("harness.checker.inconsistent_input_is_not_an_rtl_bug", "[harness]") {
  golden::VectorSet v = small_set();
  const golden::TileResult g = golden::compute_tile(v.tile);
  const Schedule s = compile_schedule(v, ScheduleOptions{});
  REQUIRE(v.psum.has_value());
  (*v.psum)[(2 * 36 + 9) * 8 + 4] += 7;  // the user's file is wrong, the core right
  v.psum_lines.assign(9 * 36, golden::Where{"psum.txt", 1});
  const CheckResult r = check_run(s, v, g, perfect_log(s, g), true);
  CHECK(case_named(r, "kij2").status == Status::Pass);
  CHECK(case_named(r, "input_consistency").status == Status::Fail);
  REQUIRE(r.mismatches.size() == 1);
  CHECK(r.mismatches[0].kind == Kind::Inconsistent);
  CHECK(r.mismatches[0].kij == 2);
  CHECK(r.mismatches[0].nij == 9);
  CHECK(r.mismatches[0].col == 4);
}

TEST_CASE("harness.checker.x_init_difference", "[harness]") {
  const golden::VectorSet v = small_set();
  const Schedule s = compile_schedule(v, ScheduleOptions{});
  const golden::TileResult g = golden::compute_tile(v.tile);
  const RunLog base = perfect_log(s, g);
  RunLog same = base, other = base, shorter = base;
  other.writes[40].lanes[2] ^= 1;
  shorter.samples.pop_back();
  CheckResult r = check_run(s, v, g, base, true);
  check_x_init(r, base, {{1, same}, {2, other}, {3, shorter}}, 16);
  const CaseResult& c = case_named(r, "x_init");
  CHECK(c.status == Status::Fail);
  CHECK(c.failed == 2);
  REQUIRE(r.mismatches.size() == 2);
  CHECK(r.mismatches[0].kind == Kind::XDependent);
  CHECK(r.mismatches[0].col == 2);
  CHECK(r.mismatches[0].cycle == base.writes[40].cycle);
  CHECK_THAT(r.mismatches[0].note, Catch::Contains("+verilator+seed+2"));
  CHECK_THAT(r.mismatches[1].note, Catch::Contains("+verilator+seed+3"));

  CheckResult ok = check_run(s, v, g, base, true);
  check_x_init(ok, base, {{1, same}}, 16);
  CHECK(case_named(ok, "x_init").status == Status::Pass);
}

namespace {

using FakeDut = test::FakeDut;

}  // namespace

TEST_CASE("harness.driver.never_valid_hangs_in_drain", "[harness]") {
  const Schedule s = compile_schedule(small_set(), ScheduleOptions{});
  FakeDut dut([](uint64_t) { return false; });
  const RunLog log = drive(dut, s, DriveOptions{});
  REQUIRE(log.hang.has_value());
  CHECK(log.hang->phase == Phase::Drain);
  CHECK(log.hang->kij == 0);
  CHECK_THAT(log.hang->what, Catch::Contains("ofifo_valid stayed low"));
  CHECK(log.writes.empty());
}

TEST_CASE("harness.driver.valid_too_often_is_reported", "[harness]") {
  ScheduleOptions so;
  so.kijs = {0, 1};
  const Schedule s = compile_schedule(small_set(), so);
  FakeDut dut([](uint64_t) { return true; });
  const RunLog log = drive(dut, s, DriveOptions{});
  CHECK_FALSE(log.hang.has_value());
  REQUIRE(log.events.size() == 2);  // once per kij, after its drain
  CHECK(log.events[0].kij == 0);
  CHECK(log.events[0].phase == Phase::Drained);
  CHECK(log.writes.size() == 72);
}

TEST_CASE("harness.driver.watchdog", "[harness]") {
  const Schedule s = compile_schedule(small_set(), ScheduleOptions{});
  FakeDut dut([](uint64_t) { return true; });
  DriveOptions o;
  o.max_cycles = 100;
  const RunLog log = drive(dut, s, o);
  REQUIRE(log.hang.has_value());
  CHECK(log.cycles == 100);
  CHECK_THAT(log.hang->what, Catch::Contains("watchdog"));
}
