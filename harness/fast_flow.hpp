// The fast flow (`--flow fast`): a legal schedule for the core's cycle
// contract (docs/ARCHITECTURE.md) that overlaps what the course flow
// serialises. Every weight word is written once, up front; then one timeline
// of passes (a pass: one kij's weights loaded, then its vectors executed)
// keeps the input SRAM busy every cycle:
//   - no reset between kij: a new load phase replaces the weights;
//   - the next pass's weights are read and loaded right after the last
//     vector of a pass, while the array still drains it;
//   - each row is popped in the cycle it completes (stream_latency after its
//     execute) and written to the psum SRAM, so the output FIFO is drained
//     during execute; ofifo_valid must be high at each pop and low in every
//     other cycle (no row is due then), each checked;
//   - the SFP accumulates the first output while the passes run, one psum
//     row read in a free psum-SRAM cycle after each pass wrote it; the
//     others follow, each with a reset that also carries its first read;
//   - optionally (positions outputs) only the positions that feed an output.
// The layer (layer_schedule.hpp) runs one block of it per tile.
#pragma once

#include <cstdint>
#include <vector>

#include "schedule.hpp"
#include "vectors.hpp"

namespace cosim {

class Builder;

/// One pass of the array: `cols` weight words loaded, then one vector
/// executed per position.
struct FastPass {
  int kij = 0;                  // the kernel position (the steps' kij)
  uint32_t weights = 0;         // input-SRAM address of the first weight word
  std::vector<uint32_t> act;    // input-SRAM address of each vector, in execute order
  std::vector<uint32_t> psum;   // psum-SRAM row of each vector's output row
  std::vector<int> pos;         // what each vector is, for reports (its nij)
};

/// One output row of the SFP: one psum row of each pass, reads[q] the row
/// pass q wrote, accumulated in that order.
struct FastOutput {
  int index = 0;                // the Sample step's index
  std::vector<uint32_t> reads;
};

struct XmemWord {
  uint32_t addr = 0;
  uint64_t data = 0;
};

struct FastBlock {
  bool reset_first = false;          // a reset before the first pass (clears the SFP)
  std::vector<FastPass> passes;
  std::vector<FastOutput> outputs;   // empty: no output phase
  std::vector<XmemWord> next_writes; // input-SRAM writes for what follows, once this
                                     // block's last word is read
};

/// The timing the fast flow is built with (the resolved flow and options).
struct FastTiming {
  int rows = 0;
  int cols = 0;
  int settle = 0;        // cycles between the load and the first execute
  bool load_hold = false;
  bool ififo = false;    // the weights go through the IFIFO
  int latency = 0;       // execute to pop (stream_latency)
  int pop_to_write = 0;
  bool valid_level = true;
  ReluMode relu = ReluMode::Comb;
  SampleAt sample = SampleAt::AfterAcc;
  int sfp_latency = 1;

  /// settle: --settle, else 0 (rows + cols with load_hold, for the load to
  /// be held through them).
  static FastTiming of(const golden::Shape& sh, const ScheduleOptions& opt, const Flow& resolved);
};

/// Appends one block: its passes, its outputs, the writes that follow.
void fast_block(Builder& b, const FastTiming& t, const FastBlock& blk);

/// The fast flow of a vector set; `s` has its shape, resolved flow, kijs and
/// outputs set. Throws std::invalid_argument when the weights do not fit the
/// input SRAM.
void compile_fast_set(Schedule& s, const golden::VectorSet& v, const ScheduleOptions& opt);

}  // namespace cosim
