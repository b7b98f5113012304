// harness.layer.*: the plan and the steps of a tiled layer
// (layer_schedule.hpp), without a model: the spatial tile that fits the
// SRAMs, every output sampled once, every psum row read after it was
// written in its own block. (sim.core.layer.* run them on the RTL.)
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "generate.hpp"
#include "inst.hpp"
#include "layer_schedule.hpp"

using namespace cosim;

namespace {

golden::Layer layer(int in_ch, int out_ch, int map) {
  golden::Shape s;
  s.in_ch = in_ch;
  s.out_ch = out_ch;
  s.map = map;
  return golden::generate_layer(s, golden::Pattern::Random, 4);
}

ScheduleOptions flow(FlowKind k, Positions p = Positions::All) {
  ScheduleOptions so;
  so.flow.kind = k;
  so.flow.positions = p;
  return so;
}

}  // namespace

TEST_CASE("harness.layer.plan_of_the_full_layer", "[harness]") {
  const golden::Layer full = layer(64, 64, 32);
  // Every position: 72 passes (9 kij x 8 input tiles) of (h+2)(w+2) rows
  // must fit 2048 psum rows: at most 28, so 2x4 outputs (a 4x6 window, 24
  // rows); 4x4 would need 36 x 72 = 2592.
  const LayerPlan all = plan_layer(full, flow(FlowKind::Fast));
  CHECK(all.th * all.tw == 8);
  CHECK(all.stride == 24);
  CHECK(all.passes() == 72);
  CHECK(all.blocks.size() == 8 * 128);
  // Only the outputs' positions: 16 rows a pass, 4x4 outputs.
  const LayerPlan out = plan_layer(full, flow(FlowKind::Fast, Positions::Outputs));
  CHECK(out.th == 4);
  CHECK(out.tw == 4);
  CHECK(out.stride == 16);
  CHECK(out.blocks.size() == 8 * 64);
  for (const LayerPlan* p : {&all, &out}) {
    CHECK(p->passes() * p->stride <= 2048);
    CHECK(8 * p->win() <= 1024);         // activations below the weights
    CHECK(72 * 8 <= 1024);               // one output tile's weights above them
  }
}

TEST_CASE("harness.layer.refusals_name_the_reason", "[harness]") {
  const golden::Layer full = layer(64, 64, 32);
  ScheduleOptions so = flow(FlowKind::Fast);
  so.kijs = {0};
  CHECK_THROWS_WITH(plan_layer(full, so), Catch::Contains("--kij selects kernel positions of a vector set"));
  so = flow(FlowKind::Course);
  so.flow.stream = true;
  CHECK_THROWS_WITH(plan_layer(full, so), Catch::Contains("run it with --flow fast"));
  so = flow(FlowKind::Fast);
  so.flow.psum_stride = 64;
  CHECK_THROWS_WITH(plan_layer(full, so), Catch::Contains("72 passes x 64 psum rows = 4608 do not fit"));
}

TEST_CASE("harness.layer.every_output_once_every_read_after_its_write", "[harness]") {
  const golden::Layer l = layer(32, 16, 8);  // 4 x 2 channel tiles, an 8x8 output map
  for (const ScheduleOptions& so : {flow(FlowKind::Course), flow(FlowKind::Fast),
                                    flow(FlowKind::Fast, Positions::Outputs)}) {
    const LayerPlan p = plan_layer(l, so);
    INFO("flow " << name(so.flow.kind) << " positions " << name(so.flow.positions));
    std::map<int, int> sampled;
    for (size_t b = 0; b < p.blocks.size(); ++b) {
      const Schedule seg = layer_segment(l, p, so, b);
      std::set<uint32_t> written;
      int reads = 0, accs = 0, samples = 0;
      for (const Step& st : seg.steps) {
        if (st.op == Op::Sample) {
          ++sampled[st.index];
          ++samples;
          CHECK(accs == reads);  // each read accumulated before the sample
          continue;
        }
        if (st.op != Op::Cycle) continue;
        const Inst i = Inst::decode(st.inst);
        if (!i.cen_pmem && !i.wen_pmem) written.insert(i.a_pmem);
        if (!i.cen_pmem && i.wen_pmem) {
          ++reads;
          CHECK(written.count(i.a_pmem) == 1);
        }
        accs += i.acc;
      }
      CHECK(samples == p.th * p.tw);
      CHECK(reads == samples * 36);  // one row of each of the 36 passes an output
      CHECK(static_cast<int>(written.size()) == 36 * p.per_pass());
    }
    // 2 output tiles x 64 outputs, each sampled once.
    CHECK(sampled.size() == 128);
    for (const auto& [index, n] : sampled) {
      CHECK(index >= 0);
      CHECK(index < 128);
      CHECK(n == 1);
    }
  }
}
