// harness.counters.*: the counters of a run (counters.hpp) against values
// this file computes on its own: the steps walked by their definitions
// (schedule.hpp) on a scripted core, the MACs and the weight-stationary
// bound from the layer's sizes as the issue states them.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include <nlohmann/json.hpp>

#include "fake_dut.hpp"
#include "counters.hpp"
#include "driver.hpp"
#include "generate.hpp"
#include "inst.hpp"
#include "report.hpp"
#include "report_json.hpp"
#include "schedule.hpp"

using namespace cosim;

namespace {

golden::VectorSet set_of(int n) {
  return golden::generate(golden::squeezed_shape(n, n), golden::Pattern::Random, 9);
}

using ScriptedDut = test::FakeDut;

// The steps played by their definitions: a Cycle is one cycle; a WaitValid
// idles until valid (each idle cycle a stall); an ExpectEmpty idles its
// bound, or until valid rises.
struct Walk {
  uint64_t cycles = 0, stalls = 0, vectors = 0;
  std::map<Phase, uint64_t> phase;
  std::map<int, uint64_t> kij, kij_vectors, kij_stalls;
};
Walk walk(const Schedule& s, const std::function<bool(uint64_t)>& valid) {
  Walk w;
  auto tick = [&](const Step& st) {
    ++w.phase[st.phase];
    if (st.kij >= 0) ++w.kij[st.kij];
    ++w.cycles;
  };
  for (const Step& st : s.steps) {
    if (st.op == Op::Cycle) {
      const bool exec = ((st.inst >> 1) & 1U) != 0;  // SPEC section 3: inst[1] execute
      w.vectors += exec;
      if (exec) ++w.kij_vectors[st.kij];
      tick(st);
    } else if (st.op == Op::WaitValid) {
      while (!valid(w.cycles)) {
        ++w.stalls;
        ++w.kij_stalls[st.kij];
        tick(st);
      }
    } else if (st.op == Op::ExpectEmpty) {
      for (uint32_t k = 0; k < st.bound && !valid(w.cycles); ++k) tick(st);
    }
  }
  return w;
}

}  // namespace

TEST_CASE("harness.counters.cycles_phases_stalls_from_the_steps", "[harness]") {
  // valid only every fifth cycle: every wait of the drain stalls a little.
  const auto valid = [](uint64_t c) { return c % 5 == 0; };
  for (const FlowKind kind : {FlowKind::Course, FlowKind::Fast}) {
    ScheduleOptions so;
    so.flow.kind = kind;
    so.flow.valid = kind == FlowKind::Fast ? ValidUse::Ignore : ValidUse::Level;
    so.kijs = {0, 1};
    const Schedule s = compile_schedule(set_of(8), so);
    ScriptedDut dut(valid);
    const RunLog log = drive(dut, s, DriveOptions{});
    REQUIRE_FALSE(log.hang.has_value());
    const Counters c = count_set(s, log);
    const Walk w = walk(s, valid);
    INFO("flow " << name(kind));
    CHECK(c.cycles == w.cycles);
    CHECK(c.stalls == w.stalls);
    CHECK(c.vectors == w.vectors);
    CHECK(c.vectors == 72);  // 2 kij x 36 positions
    if (kind == FlowKind::Course) CHECK(c.stalls > 0);
    uint64_t sum = 0;
    for (const PhaseCycles& p : c.phases) {
      CHECK(p.cycles == w.phase.at(p.phase));
      sum += p.cycles;
    }
    CHECK(sum == w.cycles);
    CHECK(c.phases.size() == w.phase.size());
    REQUIRE(c.kijs.size() == 2);
    for (const KijCounters& k : c.kijs) {
      CHECK(k.cycles == w.kij.at(k.kij));
      CHECK(k.vectors == 36);
      CHECK(k.stalls == (w.kij_stalls.count(k.kij) ? w.kij_stalls.at(k.kij) : 0));
    }
    // 16 outputs x 8 x 8 channels x 2 kij; 72 vectors of 64 MACs.
    CHECK(c.macs_needed == 2048);
    CHECK(c.macs_useful == 2048);
    CHECK(c.macs_issued == 72 * 64);
    CHECK(c.utilisation() == Approx(2048.0 / (64.0 * static_cast<double>(w.cycles))));
    // 2 passes x (8 load + 36 positions + 15 skew)
    CHECK(c.bound.cycles() == 118);
  }
}

TEST_CASE("harness.counters.useful_macs_are_the_rows_written", "[harness]") {
  // A core whose ofifo_valid dies after cycle 300 hangs in kij 1's drain:
  // only kij 0's rows were written, 16 of them read by an output (SPEC:
  // one per output), so 16 x 64 MACs were useful of the 2048 needed.
  ScheduleOptions so;
  so.kijs = {0, 1};
  const Schedule s = compile_schedule(set_of(8), so);
  ScriptedDut dut([](uint64_t c) { return c < 300; });
  const RunLog log = drive(dut, s, DriveOptions{});
  REQUIRE(log.hang.has_value());
  CHECK(log.hang->kij == 1);
  const Counters c = count_set(s, log);
  CHECK(c.macs_needed == 2048);
  CHECK(c.macs_useful == 16 * 64);
  CHECK(c.utilisation() == Approx(1024.0 / (64.0 * static_cast<double>(log.cycles))));
}

TEST_CASE("harness.counters.the_bound_of_the_issue", "[harness]") {
  // "load 8, stream 36, 15 of skew per kij": 531 cycles for the squeezed
  // layer, 9216 MACs (16 outputs x 8 x 8 x 9), 144 cycles of the array's work.
  RunLog none;
  const Counters c = count_set(compile_schedule(set_of(8), ScheduleOptions{}), none);
  CHECK(c.bound.cycles() == 531);
  CHECK(c.macs_needed == 9216);
  CHECK(c.macs_useful == 0);  // nothing was written
  CHECK(c.bound_utilisation() == Approx(144.0 / 531.0));
  ScheduleOptions so;
  so.flow.kind = FlowKind::Fast;
  so.flow.positions = Positions::Outputs;  // 16 positions a kij
  CHECK(count_set(compile_schedule(set_of(8), so), none).bound.cycles() == 9 * (8 + 16 + 15));
  // A 4x4 array: 9 x (4 + 36 + 7); 16 outputs x 4 x 4 x 9 MACs.
  const Counters c4 = count_set(compile_schedule(set_of(4), ScheduleOptions{}), none);
  CHECK(c4.bound.cycles() == 423);
  CHECK(c4.macs_needed == 2304);
}

TEST_CASE("harness.counters.in_the_json_report", "[harness]") {
  Counters c;
  c.flow = "fast";
  c.rows = c.cols = 8;
  c.cycles = 691;
  c.phases = {{Phase::Init, 37}, {Phase::Execute, 324}};
  c.kijs = {{0, 54, 36, 2}};
  c.vectors = 324;
  c.macs_issued = 20736;
  c.macs_needed = 9216;
  c.macs_useful = 9216;
  c.stalls = 2;
  c.bound = Bound{9, 8, 36, 15};
  RunReport run;
  run.sets.emplace_back();
  run.sets[0].counters = c;
  run.sets.emplace_back();  // a set without counters: null
  const nlohmann::json j = nlohmann::json::parse(json_report(run)).at("sets").at(0);
  CHECK(nlohmann::json::parse(json_report(run)).at("sets").at(1).at("counters").is_null());
  const nlohmann::json& k = j.at("counters");
  CHECK(k.at("flow") == "fast");
  CHECK(k.at("cycles") == 691);
  CHECK(k.at("phases").size() == 2);
  CHECK(k.at("phases").at(0).at("phase") == "init");
  CHECK(k.at("phases").at(0).at("cycles") == 37);
  CHECK(k.at("phases").at(1).at("phase") == "execute");
  CHECK(k.at("phases").at(1).at("cycles") == 324);
  CHECK(k.at("kij").at(0).at("cycles") == 54);
  CHECK(k.at("kij").at(0).at("stalls") == 2);
  CHECK(k.at("macs_useful") == 9216);
  CHECK(k.at("macs_needed") == 9216);
  CHECK(k.at("utilisation").get<double>() == Approx(9216.0 / (64.0 * 691.0)));
  CHECK(k.at("bound").at("cycles") == 531);
  CHECK(k.at("bound").at("ratio").get<double>() == Approx(691.0 / 531.0));
  CHECK(k.at("stalls") == 2);
}
