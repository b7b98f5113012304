// A whole layer through the core (the notebook's tiling loops): 8x8
// channel tiles (the array's rows x cols) and spatial tiles that fit the
// two SRAMs. One block = one output-channel tile x one spatial tile: every
// input tile's activations of the tile's window in the input SRAM, one pass
// per (kij, input tile) into the psum SRAM, then the SFP sums each output
// over every pass (kij outer, input tile inner: the notebook's SFP loop).
// The blocks are played one at a time (a Session), each compiled when it
// is played, so a layer of millions of cycles never holds all its steps.
#pragma once

#include <cstdint>
#include <vector>

#include "model.hpp"
#include "schedule.hpp"

namespace cosim {

/// One output-channel tile over one spatial tile of outputs.
struct LayerBlock {
  int otile = 0;
  int oi0 = 0;  // first output row and column of the spatial tile
  int oj0 = 0;
};

/// Where everything of a block lives, and what its psum rows stand for.
/// Input SRAM: input tile i's window position p at i*win() + p; the fast
/// flow's weights of pass q at kWeightBase + q*cols (the course flow's at
/// kWeightBase, each pass). Psum SRAM: pass q's row r at q*stride + r, r a
/// window position (positions all) or an output of the tile (outputs).
struct LayerPlan {
  golden::Shape shape;  // the layer
  Flow flow;            // resolved
  int th = 0, tw = 0;   // outputs per spatial tile, rows x columns
  int stride = 0;       // psum rows per pass
  std::vector<LayerBlock> blocks;  // output tile major, spatial tiles row-major

  int win_h() const { return th + shape.kernel - 1; }
  int win_w() const { return tw + shape.kernel - 1; }
  int win() const { return win_h() * win_w(); }
  bool compact() const { return flow.positions == Positions::Outputs; }
  /// Psum rows one pass writes: the window's positions, or the tile's outputs.
  int per_pass() const { return compact() ? th * tw : win(); }
  int passes() const { return shape.n_kij() * shape.ic_tiles(); }
  int pass_of(int kij, int itile) const { return kij * shape.ic_tiles() + itile; }
  uint32_t act_addr(int itile, int wpos) const { return static_cast<uint32_t>(itile * win() + wpos); }
  /// The window position pass-row r of kernel position kij reads.
  int wpos(int kij, int r) const;
  /// True when an output of the tile reads pass-row r of kernel position kij.
  bool feeds(int kij, int r) const;
  /// The layer's padded position (nij of the whole map) of window position wpos.
  int layer_nij(const LayerBlock& b, int wpos) const;
  /// The psum row the SFP reads for output (oi, oj) of the tile from pass (kij, itile).
  uint32_t sfp_row(int kij, int itile, int oi, int oj) const;
  /// Sample index of output (oi, oj) of block b: otile * n_onij + o_nij.
  int sample_index(const LayerBlock& b, int oi, int oj) const;
};

/// The plan of layer `l` under `opt` (the flow and its conventions): the
/// largest spatial tile whose sides divide the output side and that fits
/// the SRAMs. Throws std::invalid_argument for what cannot run (and why).
LayerPlan plan_layer(const golden::Layer& l, const ScheduleOptions& opt);

/// The steps of block b: for the first, the reset and its words; its
/// passes, its outputs; in the fast flow also the next block's words,
/// written while its outputs accumulate.
Schedule layer_segment(const golden::Layer& l, const LayerPlan& p, const ScheduleOptions& opt, size_t b);

}  // namespace cosim
