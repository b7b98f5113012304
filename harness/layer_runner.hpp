// One tiled layer on one model, end to end: plan it, play its blocks one
// at a time on one Dut, judge each block's psum rows as it ends (so the run
// never keeps them all), then the outputs. `cosim run` on a tiled folder.
#pragma once

#include "counters.hpp"
#include "layer_schedule.hpp"
#include "model_info.hpp"
#include "runner.hpp"

namespace cosim {

struct LayerOutcome {
  LayerPlan plan;
  CheckResult result;
  RunLog log;       // without the psum writes (judged block by block)
  Counters counters;
};

/// Throws std::invalid_argument for options a layer cannot take (--kij,
/// --x-seeds, --drain-each, a tiling that does not fit).
LayerOutcome run_layer(const ModelInfo& model, const golden::Layer& l, const RunRequest& req);

/// The counters of a layer run: the layer's MACs, its bound (every pass
/// streaming the whole map: no SRAM limit); useful_rows: psum rows written
/// that an output reads (LayerJudge).
Counters count_layer(const LayerPlan& p, const RunLog& log, uint64_t useful_rows);

}  // namespace cosim
