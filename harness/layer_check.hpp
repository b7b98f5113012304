// Judges a layer run (layer_schedule.hpp) block by block: every psum row
// written against the golden model's psum of its pass (the psums
// compute_layer sums: compute_tile of make_tile, per input and output
// tile), every output against compute_layer's. One case per output tile
// for its psums (otile<o>: every input tile, kij and spatial tile) and one
// for its outputs (otile<o>_out_relu), as the check table's rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker.hpp"
#include "driver.hpp"
#include "layer_schedule.hpp"
#include "model.hpp"

namespace cosim {

class LayerJudge {
 public:
  /// Mismatches kept per case (all are counted): a broken core on the full
  /// layer would otherwise keep millions.
  static constexpr int kKeepPerCase = 200;

  LayerJudge(const golden::Layer& l, const LayerPlan& p, bool has_probe);
  /// The psum writes and protocol events seen while block b played;
  /// `stopped`: the run stopped during it (rows it lacks were not reached).
  void block(size_t b, const std::vector<PsumWrite>& writes,
             const std::vector<ProtocolEvent>& events, bool stopped);
  /// The outputs (log.samples), the blocks never played, the warnings.
  CheckResult finish(const RunLog& log);
  /// Distinct psum rows written (at rows of the plan) that an output reads.
  uint64_t useful_rows() const { return useful_rows_; }

 private:
  void golden_for(int otile);
  void psum_write(size_t b, const PsumWrite& w, std::vector<bool>& seen);
  void add(int ocase, Mismatch m);
  void outputs(const RunLog& log);
  std::string stop_text(const RunLog& log) const;
  std::vector<std::string> flow_warnings() const;
  std::vector<Mismatch> in_case_order();

  const golden::Layer& l_;
  const LayerPlan& p_;
  const bool probe_;
  const bool raw_;
  golden::LayerResult g_;
  int golden_otile_ = -1;
  std::vector<golden::TileResult> tiles_;  // [itile] of golden_otile_
  std::vector<CaseResult> cases_;          // otile o: psum case 2o, output case 2o+1
  std::vector<int> kept_;                  // mismatches kept per case
  std::vector<Mismatch> mismatches_;
  std::vector<bool> played_;               // [block]
  std::vector<int> unreached_;             // [otile]: psum rows of blocks never judged
  uint64_t useful_rows_ = 0;
};

}  // namespace cosim
