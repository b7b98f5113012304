#include "layer_runner.hpp"

#include <fmt/format.h>

#include <memory>
#include <stdexcept>

#include "layer_check.hpp"

namespace cosim {

LayerOutcome run_layer(const ModelInfo& model, const golden::Layer& l, const RunRequest& req) {
  if (!req.x_seeds.empty()) {
    throw std::invalid_argument("--x-seeds runs a vector set again from random state; a layer "
                                "runs once (try --x-seeds on one of its tiles' sets)");
  }
  LayerOutcome out;
  out.plan = plan_layer(l, req.schedule);
  LayerJudge judge(l, out.plan, model.probe);
  std::unique_ptr<Dut> dut = model.make(req.plusargs);
  if (!req.trace.empty()) dut->open_trace(req.trace);
  {
    Session session(*dut, req.drive, 0);
    size_t events = 0;
    for (size_t b = 0; b < out.plan.blocks.size(); ++b) {
      const Schedule seg = layer_segment(l, out.plan, req.schedule, b);
      session.extend_limit(seg.max_cycles());
      const bool ok = session.play(seg.steps);
      RunLog& log = session.log();
      const std::vector<ProtocolEvent> fresh(log.events.begin() + static_cast<long>(events), log.events.end());
      events = log.events.size();
      judge.block(b, log.writes, fresh, !ok);
      log.writes.clear();
      if (!ok) break;
    }
    out.log = session.finish();
  }
  dut->close_trace();
  out.result = judge.finish(out.log);
  out.counters = count_layer(out.plan, out.log, judge.useful_rows());
  return out;
}

Counters count_layer(const LayerPlan& p, const RunLog& log, uint64_t useful_rows) {
  const golden::Shape& s = p.shape;
  Counters c = count_tally(log.tally, log.cycles, s.rows, s.cols);
  c.flow = name(p.flow.kind);
  c.macs_needed = static_cast<uint64_t>(s.n_onij()) * static_cast<uint64_t>(s.out_ch) *
                  static_cast<uint64_t>(s.in_ch) * static_cast<uint64_t>(s.n_kij());
  c.needed_formula = fmt::format("{} outputs x {} out x {} in x {} kij", s.n_onij(), s.out_ch,
                                 s.in_ch, s.n_kij());
  c.macs_useful = useful_rows * static_cast<uint64_t>(s.rows) * static_cast<uint64_t>(s.cols);
  c.bound.passes = static_cast<uint64_t>(s.n_kij()) * static_cast<uint64_t>(s.ic_tiles()) *
                   static_cast<uint64_t>(s.oc_tiles());
  c.bound.load = s.cols;
  c.bound.positions = static_cast<uint64_t>(p.compact() ? s.n_onij() : s.n_nij());
  c.bound.skew = s.rows + s.cols - 1;
  return c;
}

}  // namespace cosim
