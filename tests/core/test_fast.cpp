// harness.fast.*: the fast flow (--flow fast) as the compiled schedule plays
// it, cycle by cycle. Each expectation is the cycle contract of
// docs/ARCHITECTURE.md or SPEC's maths, counted on the steps in this file,
// not the compiler's code: SRAM read data one cycle after the address, L0
// push one cycle after the read, execute-to-row latency rows + cols, the
// SFP's read addresses from SPEC section 1.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "flow.hpp"
#include "generate.hpp"
#include "inst.hpp"
#include "played.hpp"
#include "schedule.hpp"

using namespace cosim;

namespace {

using test::Played;
using test::play;
using test::Run;
using test::set8;

ScheduleOptions fast(Positions p = Positions::All) {
  ScheduleOptions so;
  so.flow.kind = FlowKind::Fast;
  so.flow.positions = p;
  return so;
}

bool writes_pmem(const Inst& i) { return !i.cen_pmem && !i.wen_pmem; }
bool reads_pmem(const Inst& i) { return !i.cen_pmem && i.wen_pmem; }
bool reads_xmem(const Inst& i) { return !i.cen_xmem && i.wen_xmem; }
bool writes_xmem(const Inst& i) { return !i.cen_xmem && !i.wen_xmem; }

// SPEC section 1: the padded position output o reads at kernel position kij
// (4x4 outputs, 6x6 padded map).
int spec_nij(int o, int kij) { return (o / 4) * 6 + o % 4 + (kij / 3) * 6 + kij % 3; }

}  // namespace

TEST_CASE("harness.fast.one_weight_write_each_and_no_reset_between_kij", "[harness]") {
  const Schedule sched_r = compile_schedule(set8(), fast());
  const Run r = play(sched_r);
  REQUIRE_FALSE(r.samples.empty());
  std::map<uint32_t, int> weight_writes;
  int resets_after_init = 0;
  for (const Played& p : r.cycles) {
    if (writes_xmem(p.inst) && p.inst.a_xmem >= kWeightBase) ++weight_writes[p.inst.a_xmem];
    if (p.step->reset && p.cycle > 0 && p.cycle < r.samples.front().first) ++resets_after_init;
  }
  CHECK(r.cycles.front().step->reset);
  CHECK(weight_writes.size() == 72);  // 9 kij x 8 columns, each once
  for (const auto& [addr, n] : weight_writes) CHECK(n == 1);
  CHECK(resets_after_init == 0);  // none before the first output is sampled
}

TEST_CASE("harness.fast.pipeline_keeps_the_input_sram_busy", "[harness]") {
  const golden::VectorSet v = set8();
  const Schedule sched_r = compile_schedule(v, fast());
  const Run r = play(sched_r);
  std::vector<uint64_t> reads, pushes, loads, execs, pops, writes;
  std::vector<uint32_t> read_addr, write_addr;
  for (const Played& p : r.cycles) {
    const Inst& i = p.inst;
    if (reads_xmem(i)) {
      reads.push_back(p.cycle);
      read_addr.push_back(i.a_xmem);
    }
    if (i.l0_wr) pushes.push_back(p.cycle);
    if (i.load) {
      CHECK(i.l0_rd);
      loads.push_back(p.cycle);
    }
    if (i.execute) {
      CHECK(i.l0_rd);
      execs.push_back(p.cycle);
    }
    if (i.ofifo_rd) pops.push_back(p.cycle);
    if (writes_pmem(i)) {
      writes.push_back(p.cycle);
      write_addr.push_back(i.a_pmem);
    }
  }
  // 9 passes of 8 weight words and 36 activations, one read a cycle, back to back.
  REQUIRE(reads.size() == 9 * 44);
  for (size_t k = 1; k < reads.size(); ++k) CHECK(reads[k] == reads[k - 1] + 1);
  for (int kij = 0; kij < 9; ++kij) {
    for (int w = 0; w < 8; ++w) {
      CHECK(read_addr[static_cast<size_t>(kij * 44 + w)] == kWeightBase + static_cast<uint32_t>(kij * 8 + w));
    }
    for (int nij = 0; nij < 36; ++nij) {
      CHECK(read_addr[static_cast<size_t>(kij * 44 + 8 + nij)] == static_cast<uint32_t>(nij));
    }
  }
  REQUIRE(pushes.size() == reads.size());
  REQUIRE(loads.size() == 72);
  REQUIRE(execs.size() == 324);
  REQUIRE(pops.size() == 324);
  REQUIRE(writes.size() == 324);
  size_t l = 0, e = 0;
  for (size_t k = 0; k < reads.size(); ++k) {
    CHECK(pushes[k] == reads[k] + 1);  // the word is on the read data a cycle later
    const bool weight = read_addr[k] >= kWeightBase;
    if (weight) CHECK(loads[l++] == reads[k] + 2);  // popped from L0 the cycle after its push
    if (!weight) CHECK(execs[e++] == reads[k] + 2);
  }
  for (size_t j = 0; j < execs.size(); ++j) {
    CHECK(pops[j] == execs[j] + 16);  // row complete rows + cols cycles after its execute
    CHECK(writes[j] == pops[j]);      // first-word-fall-through: written as popped
    CHECK(write_addr[j] == static_cast<uint32_t>((j / 36) * 36 + j % 36));
  }
  // The next kij's weights load right after the last vector; the drain overlaps them.
  CHECK(loads[8] == execs[35] + 1);
  CHECK(pops[35] > loads[15]);
}

TEST_CASE("harness.fast.valid_checked_high_at_pops_low_otherwise", "[harness]") {
  const Schedule sched_r = compile_schedule(set8(), fast());
  const Run r = play(sched_r);
  uint64_t first_exec = 0, last_pop = 0;
  for (const Played& p : r.cycles) {
    if (p.inst.execute && first_exec == 0) first_exec = p.cycle;
    if (p.inst.ofifo_rd) last_pop = p.cycle;
  }
  int pops = 0, lows = 0;
  for (const Played& p : r.cycles) {
    const Step& st = *p.step;
    CHECK_FALSE((st.check_valid && st.expect_low));
    if (p.inst.ofifo_rd) {
      ++pops;
      CHECK(st.check_valid);
    } else if (p.cycle >= first_exec && p.cycle <= last_pop) {
      INFO("cycle " << p.cycle);
      CHECK(st.expect_low);
      CHECK(st.index >= 0);
      CHECK(st.index <= 8);
      ++lows;
    } else if (p.cycle < first_exec) {
      CHECK_FALSE(st.expect_low);
    }
  }
  CHECK(pops == 324);
  CHECK(lows == static_cast<int>(last_pop - first_exec + 1) - 324);
  // valid ignore: open loop, no check of either kind.
  ScheduleOptions so = fast();
  so.flow.valid = ValidUse::Ignore;
  for (const Step& st : compile_schedule(set8(), so).steps) {
    CHECK_FALSE(st.check_valid);
    CHECK_FALSE(st.expect_low);
    CHECK(st.op != Op::ExpectEmpty);
    CHECK(st.op != Op::WaitValid);
  }
}

TEST_CASE("harness.fast.outputs_read_what_spec_says", "[harness]") {
  const Schedule sched_r = compile_schedule(set8(), fast());
  const Run r = play(sched_r);
  std::map<uint32_t, uint64_t> written;  // psum address -> cycle
  std::vector<std::pair<uint64_t, uint32_t>> reads;
  std::set<uint64_t> acc, resets;
  for (const Played& p : r.cycles) {
    if (writes_pmem(p.inst)) written[p.inst.a_pmem] = p.cycle;
    if (reads_pmem(p.inst)) reads.emplace_back(p.cycle, p.inst.a_pmem);
    if (p.inst.acc) acc.insert(p.cycle);
    if (p.step->reset) resets.insert(p.cycle);
  }
  REQUIRE(r.samples.size() == 16);
  REQUIRE(reads.size() == 16 * 9);
  size_t k = 0;
  uint64_t after = 0;  // cycles clocked before the previous sample
  std::set<int> sampled;
  for (const auto& [at, o] : r.samples) {
    sampled.insert(o);
    for (int kij = 0; kij < 9; ++kij, ++k) {
      const auto& [cycle, addr] = reads[k];
      CHECK(addr == static_cast<uint32_t>(kij * 36 + spec_nij(o, kij)));
      CHECK(cycle > written.at(addr));  // read after its row was written
      CHECK(cycle >= after);            // after the previous output's sample
      CHECK(acc.count(cycle + 1) == 1); // accumulated the cycle after its read
      if (o > 0 && kij == 0) CHECK(resets.count(cycle) == 1);  // the reset carries the first read
    }
    // sample after-acc: one idle cycle after the last acc, then the sample
    CHECK(at == reads[k - 1].first + 3);
    after = at;
  }
  CHECK(sampled.size() == 16);
  // The first output is accumulated during the passes: its first read comes
  // long before the last psum write.
  uint64_t last_write = 0;
  for (const auto& [a, c] : written) last_write = std::max(last_write, c);
  CHECK(reads[0].first < last_write);
  CHECK(acc.size() == 16 * 9);
}

TEST_CASE("harness.fast.positions_outputs", "[harness]") {
  const Schedule s = compile_schedule(set8(), fast(Positions::Outputs));
  const Run r = play(s);
  std::map<int, std::set<int>> executed;  // kij -> nij (the psum row written)
  for (const Played& p : r.cycles) {
    if (writes_pmem(p.inst)) executed[p.inst.a_pmem / 36].insert(static_cast<int>(p.inst.a_pmem % 36));
  }
  REQUIRE(executed.size() == 9);
  for (int kij = 0; kij < 9; ++kij) {
    std::set<int> want;
    for (int o = 0; o < 16; ++o) want.insert(spec_nij(o, kij));
    CHECK(executed[kij] == want);
    for (int nij = 0; nij < 36; ++nij) CHECK(s.is_due(kij, nij) == (want.count(nij) == 1));
  }
}

TEST_CASE("harness.fast.conventions", "[harness]") {
  // pop_to_write and stream_latency move the pops and writes; settle and
  // load_hold the first execute; weights ififo the load's FIFO.
  ScheduleOptions so = fast();
  so.flow.pop_to_write = 2;
  so.flow.stream_latency = 5;
  so.flow.load_hold = true;
  so.flow.weights = WeightPath::Ififo;
  so.settle_cycles = 3;
  so.kijs = {4};
  const Schedule sched_r = compile_schedule(set8(), so);
  const Run r = play(sched_r);
  std::vector<uint64_t> execs, pops, writes, loads, held, ififo_wr;
  for (const Played& p : r.cycles) {
    if (p.inst.execute) execs.push_back(p.cycle);
    if (p.inst.ofifo_rd) pops.push_back(p.cycle);
    if (writes_pmem(p.inst)) writes.push_back(p.cycle);
    if (p.inst.load && p.inst.ififo_rd) loads.push_back(p.cycle);
    if (p.inst.load && !p.inst.ififo_rd) held.push_back(p.cycle);
    if (p.inst.ififo_wr) ififo_wr.push_back(p.cycle);
    CHECK_FALSE((p.inst.load && p.inst.l0_rd));
  }
  REQUIRE(execs.size() == 36);
  REQUIRE(loads.size() == 8);
  CHECK(ififo_wr.size() == 8);
  CHECK(held == std::vector<uint64_t>{loads.back() + 1, loads.back() + 2, loads.back() + 3});
  CHECK(execs.front() == loads.back() + 4);
  for (size_t j = 0; j < 36; ++j) {
    CHECK(pops[j] == execs[j] + 5);
    CHECK(writes[j] == pops[j] + 2);
  }
  // Without --settle, load_hold holds load through rows + cols cycles.
  so.settle_cycles = -1;
  const Schedule sched_d = compile_schedule(set8(), so);
  const Run d = play(sched_d);
  int holds = 0;
  for (const Played& p : d.cycles) holds += p.inst.load && !p.inst.ififo_rd;
  CHECK(holds == 16);
}

TEST_CASE("harness.fast.squeezed_layer_within_700_cycles", "[harness]") {
  // The target for our RTL's conventions: <= 700 cycles, 1.3x the
  // weight-stationary bound of 9 x (8 + 36 + 15) = 531.
  const Schedule course = compile_schedule(set8(), ScheduleOptions{});
  const Schedule f = compile_schedule(set8(), fast());
  CHECK(course.nominal_cycles() == 1732);
  CHECK(f.nominal_cycles() <= 700);
  CHECK(compile_schedule(set8(), fast(Positions::Outputs)).nominal_cycles() < f.nominal_cycles());
}

TEST_CASE("harness.fast.refusals_name_the_reason", "[harness]") {
  FlowSettings outputs_course;
  outputs_course.positions = Positions::Outputs;
  CHECK_THROWS_WITH(flow_for(outputs_course, 34), Catch::Contains("positions outputs needs flow fast"));
  ScheduleOptions so = fast();
  so.drain_each = true;
  CHECK_THROWS_WITH(compile_schedule(set8(), so), Catch::Contains("--drain-each is a variant of the course flow"));
}
