// harness.flow.*: the flow conventions of real cores (flow.hpp) as the
// compiled schedule plays them, cycle by cycle, and what the driver and the
// checker make of them. Each expectation is the convention's definition
// (README "Bring your own core"), counted on the steps, not the compiler's
// code.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "checker.hpp"
#include "driver.hpp"
#include "flow.hpp"
#include "generate.hpp"
#include "inst.hpp"
#include "played.hpp"
#include "schedule.hpp"

using namespace cosim;

namespace {

using test::Played;
using test::played;
using test::set8;

ScheduleOptions with(Flow f, InstFormat fmt = InstFormat::Std34) {
  ScheduleOptions so;
  so.format = fmt;
  so.flow = f;
  so.kijs = {0, 1};
  return so;
}

bool is_write(const Inst& i) { return !i.cen_pmem && !i.wen_pmem; }

}  // namespace

TEST_CASE("harness.flow.pop_to_write", "[harness]") {
  for (int lag : {0, 1, 2}) {
    Flow f;
    f.pop_to_write = lag;
    const Schedule s = compile_schedule(set8(), with(f));
    std::map<int, std::vector<uint64_t>> pops, writes;  // kij -> cycles
    std::map<int, std::vector<uint32_t>> addrs;
    for (const Played& p : played(s)) {
      if (p.inst.ofifo_rd) pops[p.step->kij].push_back(p.cycle);
      if (is_write(p.inst)) {
        writes[p.step->kij].push_back(p.cycle);
        addrs[p.step->kij].push_back(p.inst.a_pmem);
      }
    }
    for (int kij : {0, 1}) {
      INFO("pop_to_write " << lag << " kij " << kij);
      REQUIRE(pops[kij].size() == 36);
      REQUIRE(writes[kij].size() == 36);
      for (size_t n = 0; n < 36; ++n) {
        CHECK(writes[kij][n] == pops[kij][n] + static_cast<uint64_t>(lag));
        CHECK(addrs[kij][n] == static_cast<uint32_t>(kij * 36) + n);
      }
    }
  }
}

TEST_CASE("harness.flow.valid_ignore_is_open_loop", "[harness]") {
  Flow f;
  f.valid = ValidUse::Ignore;
  f.drain_delay = 40;
  const Schedule s = compile_schedule(set8(), with(f));
  for (const Step& st : s.steps) {
    CHECK(st.op != Op::WaitValid);
    CHECK(st.op != Op::ExpectEmpty);
  }
  // The first pop of a kij comes drain_delay idle cycles after its last execute.
  uint64_t last_exec = 0;
  bool seen_pop = false;
  for (const Played& p : played(s)) {
    if (p.step->kij != 0) continue;
    if (p.inst.execute) last_exec = p.cycle;
    if (p.inst.ofifo_rd && !seen_pop) {
      seen_pop = true;
      CHECK(p.cycle == last_exec + 41);
    }
  }
  CHECK(seen_pop);
}

TEST_CASE("harness.flow.stream_overlaps_fill_execute_and_drain", "[harness]") {
  Flow f;
  f.stream = true;
  f.stream_latency = 5;
  f.pop_to_write = 1;
  const Schedule s = compile_schedule(set8(), with(f));
  // For vector i of kij 0: input-SRAM read in r_i, L0 push in r_i + 1,
  // execute in r_i + 2, pop in r_i + 2 + 5 with ofifo_valid checked, the
  // write of its row (address i) one cycle after the pop.
  std::vector<uint64_t> reads, pushes, execs, pops, checks;
  std::map<uint32_t, uint64_t> write_at;
  for (const Played& p : played(s)) {
    if (p.step->kij != 0 || p.step->phase == Phase::WriteWeights ||
        p.step->phase == Phase::WeightsToL0 || p.step->phase == Phase::Load ||
        p.step->phase == Phase::Settle || p.step->phase == Phase::KijReset) {
      continue;
    }
    if (!p.inst.cen_xmem) reads.push_back(p.cycle);
    if (p.inst.l0_wr) pushes.push_back(p.cycle);
    if (p.inst.execute) execs.push_back(p.cycle);
    if (p.inst.ofifo_rd) pops.push_back(p.cycle);
    if (p.step->check_valid) {
      checks.push_back(p.cycle);
      CHECK(p.inst.ofifo_rd);
      CHECK(p.step->index == static_cast<int>(checks.size()) - 1);
    }
    if (is_write(p.inst)) write_at[p.inst.a_pmem] = p.cycle;
  }
  REQUIRE(reads.size() == 36);
  REQUIRE(pushes.size() == 36);
  REQUIRE(execs.size() == 36);
  REQUIRE(pops.size() == 36);
  CHECK(checks == pops);
  for (size_t i = 0; i < 36; ++i) {
    CHECK(pushes[i] == reads[i] + 1);
    CHECK(execs[i] == reads[i] + 2);
    CHECK(pops[i] == reads[i] + 7);
    CHECK(write_at.at(static_cast<uint32_t>(i)) == pops[i] + 1);
  }
  // The fill and the drain overlap: some pop comes before the last read.
  CHECK(pops.front() < reads.back());
}

TEST_CASE("harness.flow.weights_through_ififo_and_load_hold", "[harness]") {
  Flow f;
  f.weights = WeightPath::Ififo;
  f.load_hold = true;
  ScheduleOptions so = with(f);
  so.scramble_seed = 7;  // the ififo bits are then in use: never scrambled
  const Schedule s = compile_schedule(set8(), so);
  int ififo_pushes = 0, ififo_pops = 0, held = 0;
  for (const Played& p : played(s)) {
    if (p.step->kij != 0) continue;
    const Phase ph = p.step->phase;
    if (ph == Phase::WeightsToL0) {
      CHECK_FALSE(p.inst.l0_wr);
      ififo_pushes += p.inst.ififo_wr;
    } else if (ph == Phase::Load) {
      CHECK(p.inst.load);
      CHECK(p.inst.ififo_rd);
      CHECK_FALSE(p.inst.l0_rd);
      ++ififo_pops;
    } else if (ph == Phase::Settle) {
      CHECK(p.inst.load);  // held through the idle cycles
      CHECK_FALSE(p.inst.ififo_rd);
      ++held;
    } else {
      CHECK_FALSE(p.inst.ififo_wr);
      CHECK_FALSE(p.inst.ififo_rd);
    }
  }
  CHECK(ififo_pushes == 8);
  CHECK(ififo_pops == 8);
  CHECK(held == 16);
}

TEST_CASE("harness.flow.relu_and_sample", "[harness]") {
  // What happens between the last accumulation and the sample of each output.
  struct Case {
    ReluMode relu;
    SampleAt sample;
    InstFormat fmt;
    std::vector<bool> relu_bits;  // inst[34] of each cycle after the last acc
  };
  const std::vector<Case> cases = {
      {ReluMode::Comb, SampleAt::AfterAcc, InstFormat::Std34, {false}},
      {ReluMode::None, SampleAt::AfterAcc, InstFormat::Std34, {false}},
      {ReluMode::Pulse, SampleAt::AfterAcc, InstFormat::Relu35, {true, false}},
      {ReluMode::Hold, SampleAt::AfterAcc, InstFormat::Relu35, {true, true}},
      {ReluMode::Comb, SampleAt::WithAcc, InstFormat::Std34, {}},
  };
  for (const Case& c : cases) {
    Flow f;
    f.relu = c.relu;
    f.sample = c.sample;
    ScheduleOptions so = with(f, c.fmt);
    so.kijs.clear();
    const Schedule s = compile_schedule(set8(), so);
    INFO("relu " << name(c.relu) << " sample " << name(c.sample));
    std::vector<bool> after;
    int samples = 0;
    for (const Step& st : s.steps) {
      if (st.phase != Phase::Output) continue;
      if (st.op == Op::Sample) {
        CHECK(after == c.relu_bits);
        ++samples;
        after.clear();
      } else if (st.op == Op::Cycle) {
        const Inst i = Inst::decode(st.inst);
        if (i.acc || st.reset || !i.cen_pmem) {
          after.clear();  // still reading and accumulating
        } else {
          after.push_back(i.relu);
        }
      }
    }
    CHECK(samples == 16);
  }
  // ReLU on inst[34] needs the 35-bit word; with-acc cannot take a pulse.
  Flow p;
  p.relu = ReluMode::Pulse;
  CHECK_THROWS_WITH(compile_schedule(set8(), with(p, InstFormat::Std34)), Catch::Contains("35-bit"));
  FlowSettings pulse_with_acc;
  pulse_with_acc.relu = ReluMode::Pulse;
  pulse_with_acc.sample = SampleAt::WithAcc;
  CHECK_THROWS_WITH(flow_for(pulse_with_acc, 35), Catch::Contains("with-acc"));
}

TEST_CASE("harness.flow.psum_stride", "[harness]") {
  Flow f;
  f.psum_stride = 64;
  ScheduleOptions so = with(f);
  so.kijs.clear();
  const Schedule s = compile_schedule(set8(), so);
  CHECK(s.psum_stride == 64);
  std::map<int, std::vector<uint32_t>> writes;
  std::vector<uint32_t> reads;
  for (const Played& p : played(s)) {
    if (is_write(p.inst)) writes[p.step->kij].push_back(p.inst.a_pmem);
    if (p.step->phase == Phase::Output && !p.inst.cen_pmem) reads.push_back(p.inst.a_pmem);
  }
  for (int k = 0; k < 9; ++k) {
    REQUIRE(writes[k].size() == 36);
    CHECK(writes[k].front() == static_cast<uint32_t>(k * 64));
    CHECK(writes[k].back() == static_cast<uint32_t>(k * 64 + 35));
  }
  // Output o_nij 0 at kij 8 = (2, 2): padded position 2*6+2 of row 8*64.
  CHECK(reads.at(8) == 8 * 64 + 14);
  // A stride that the SRAM cannot hold, or shorter than a kij, is refused.
  f.psum_stride = 300;
  CHECK_THROWS_WITH(compile_schedule(set8(), with(f)), Catch::Contains("2048-word"));
  f.psum_stride = 20;
  CHECK_THROWS_WITH(compile_schedule(set8(), with(f)), Catch::Contains("less than the 36"));
}

namespace {
// ofifo_valid low all the time, writes seen as the instruction asks.
class LowValidDut : public Dut {
 public:
  void set_inputs(bool, uint64_t inst, uint64_t) override { inst_ = inst; }
  ProbeWrite cycle() override {
    ++cycle_;
    const Inst i = Inst::decode(inst_);
    return ProbeWrite{!i.cen_pmem && !i.wen_pmem, i.a_pmem};
  }
  void probe_lanes(std::vector<int64_t>& l) const override { l.assign(8, 0); }
  bool ofifo_valid() const override { return false; }
  void sfp_out(std::vector<int64_t>& l) const override { l.assign(8, 0); }
  uint64_t cycles() const override { return cycle_; }

 private:
  uint64_t inst_ = 0;
  uint64_t cycle_ = 0;
};
}  // namespace

TEST_CASE("harness.flow.streamed_pop_checks_valid", "[harness]") {
  // valid level: a streamed pop while ofifo_valid is low is a protocol
  // failure of its kij (the checker's planted fault); valid ignore: not looked at.
  Flow f;
  f.stream = true;
  ScheduleOptions so = with(f);
  so.kijs = {0};
  const golden::VectorSet v = set8();
  const golden::TileResult g = golden::compute_tile(v.tile);
  {
    const Schedule s = compile_schedule(v, so);
    LowValidDut dut;
    const RunLog log = drive(dut, s, DriveOptions{});
    REQUIRE(log.events.size() == 36);
    CHECK_THAT(log.events[0].what, Catch::Contains("row nij 0 was popped while ofifo_valid was low"));
    const CheckResult r = check_run(s, v, g, log, true);
    CHECK(r.cases.front().status == Status::Fail);
  }
  so.flow.valid = ValidUse::Ignore;
  const Schedule s = compile_schedule(v, so);
  LowValidDut dut;
  const RunLog log = drive(dut, s, DriveOptions{});
  CHECK(log.events.empty());
  const CheckResult r = check_run(s, v, g, log, true);
  bool said = false;
  for (const std::string& w : r.warnings) said = said || w.find("ofifo_valid was not used") != std::string::npos;
  CHECK(said);
}

TEST_CASE("harness.flow.checker_follows_stride_and_raw_outputs", "[harness]") {
  const golden::VectorSet v = set8();
  const golden::TileResult g = golden::compute_tile(v.tile);
  Flow f;
  f.psum_stride = 40;
  f.relu = ReluMode::None;
  ScheduleOptions so = with(f);
  so.kijs.clear();
  const Schedule s = compile_schedule(v, so);
  // A perfect core under this flow: rows at kij*40 + nij, outputs raw.
  RunLog log;
  for (int k = 0; k < 9; ++k) {
    for (int n = 0; n < 36; ++n) {
      PsumWrite w;
      w.addr = static_cast<uint32_t>(k * 40 + n);
      w.kij = k;
      for (int c = 0; c < 8; ++c) w.lanes.push_back(g.psum_at(k, n, c));
      log.writes.push_back(w);
    }
  }
  bool negative = false;
  for (int o = 0; o < 16; ++o) {
    OutSample smp;
    smp.o_nij = o;
    for (int c = 0; c < 8; ++c) {
      smp.lanes.push_back(g.out_raw_at(o, c));
      negative = negative || g.out_raw_at(o, c) < 0;
    }
    log.samples.push_back(smp);
  }
  REQUIRE(negative);  // else raw and ReLU outputs could not be told apart
  CheckResult r = check_run(s, v, g, log, true);
  CHECK(r.failed() == 0);
  CHECK(r.cases.at(9).name == "out_raw");
  // Planted: the same rows at stride 36 are wrong places; ReLU'd outputs
  // are wrong for a core without ReLU.
  for (PsumWrite& w : log.writes) w.addr = static_cast<uint32_t>(w.kij * 36) + w.addr % 40;
  for (OutSample& smp : log.samples) {
    for (int64_t& x : smp.lanes) x = std::max<int64_t>(x, 0);
  }
  r = check_run(s, v, g, log, true);
  CHECK(r.cases.at(1).status == Status::Fail);
  CHECK(r.cases.at(9).status == Status::Fail);
}
