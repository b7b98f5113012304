// The course flow (SPEC section 4) compiled into data: a list of steps that a
// driver plays cycle by cycle. The same list can be written to a text file so
// another simulator can replay it.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "flow.hpp"
#include "inst.hpp"
#include "vectors.hpp"

namespace cosim {

/// Where in the flow a step belongs, for progress, watchdog and trace windows.
enum class Phase : uint8_t {
  Init,          // reset and activation writes
  KijReset,      // reset before a kij
  WriteWeights,  // weight words into the input SRAM
  WeightsToL0,   // input SRAM -> L0
  Load,          // load + l0_rd
  Settle,        // idle after the load
  ActToL0,       // activations input SRAM -> L0
  Execute,       // execute + l0_rd
  Drain,         // output FIFO -> psum SRAM
  Drained,       // the output FIFO must stay empty
  Output,        // SFP accumulation and the sampled outputs
};
inline constexpr int kPhaseCount = static_cast<int>(Phase::Output) + 1;
const char* phase_name(Phase p);

enum class Op : uint8_t {
  Cycle,       // one clock cycle with reset/inst/dxmem applied
  WaitValid,   // idle cycles until ofifo_valid is high, at most `bound`
  ExpectEmpty, // `bound` idle cycles during which ofifo_valid must stay low
  Sample,      // compare sfp_out (no clock) with output row `index`
};

struct Step {
  Op op = Op::Cycle;
  Phase phase = Phase::Init;
  int8_t kij = -1;       // -1 outside a kij
  bool reset = false;
  bool check_valid = false;  // Cycle: ofifo_valid must be high (a pop of row `index`
                             // in a streamed drain); low is a protocol failure
  bool expect_low = false;   // Cycle: ofifo_valid must be low (no row is due in the
                             // fast flow); high is a protocol failure of kij `index`,
                             // reported once per run of such cycles
  uint64_t inst = 0;     // encoded Inst
  uint64_t dxmem = 0;    // D_xmem
  uint32_t bound = 0;    // WaitValid / ExpectEmpty
  int32_t index = -1;    // Sample: o_nij; Drain WaitValid and check_valid: nij;
                         // expect_low: the kij a violation counts against
};

struct ScheduleOptions {
  InstFormat format = InstFormat::Std34;  // the core's instruction word
  Flow flow;                              // the core's conventions (flow.hpp)
  std::vector<int> kijs;         // kernel positions to run; empty = all
  int settle_cycles = -1;        // idle after load; -1 = rows + cols
  uint32_t wait_bound = 0;       // max idle cycles per ofifo_valid wait; 0 = auto
  int sfp_latency = 1;           // idle cycles between the last acc and the sample
  bool outputs = true;           // run the output phase (needs every kij)
  bool kij_reset = true;         // reset before each kij (the course flow); false
                                 // tests that new load phases replace the weights
  bool drain_each = false;       // execute one vector, wait for its row and pop
                                 // it, then the next (instead of all 36 first):
                                 // the output FIFO is read while columns are
                                 // still filling, as they fill at different times
  uint64_t scramble_seed = 0;    // != 0: drive random values on every input the
                                 // contract says is ignored (addresses and WEN of
                                 // a disabled SRAM, D_xmem when not writing, the
                                 // ififo bits when the flow does not use them)
};

struct Schedule {
  golden::Shape shape;
  InstFormat format = InstFormat::Std34;
  Flow flow;              // with every automatic value resolved
  int psum_stride = 0;    // psum-SRAM rows per kij: kij's row nij is at kij*stride + nij
  std::vector<int> kijs;  // in run order
  bool outputs = false;   // the output phase is present
  std::vector<bool> due;  // [kij * n_nij + nij]: the rows the flow writes; empty = every
                          // position of every kij run (positions outputs: fewer)
  std::vector<Step> steps;

  /// True when the flow writes the psum row of (kij, nij) (kij among kijs).
  bool is_due(int kij, int nij) const;

  /// Clock cycles the schedule takes when every wait succeeds at once.
  uint64_t nominal_cycles() const;
  /// Upper bound of clock cycles: nominal plus every wait at its bound.
  uint64_t max_cycles() const;
};

/// The flow with every automatic value resolved for shape `sh` (stream
/// latency, drain delay; resolve_flow() also the psum stride of a vector
/// set); throws std::invalid_argument for what cannot be driven.
Flow resolve_common(const golden::Shape& sh, const ScheduleOptions& opt);
Flow resolve_flow(const golden::Shape& sh, const ScheduleOptions& opt);

/// Compiles the flow for a vector set (its activation and weights).
/// Throws std::invalid_argument on bad options (a kij out of range, ...).
Schedule compile_schedule(const golden::VectorSet& v, const ScheduleOptions& opt);

/// Text form, one step a line: `C <phase> <kij> <reset> <inst hex> <dxmem hex>`
/// (then `valid <nij>` or `low <kij>` for a checked ofifo_valid),
/// `W <phase> <kij> <bound> <nij>`, `E <phase> <kij> <bound>`, `S <o_nij>`,
/// after a header of `#` lines naming the shape and format.
void write_schedule(std::ostream& os, const Schedule& s);

}  // namespace cosim
