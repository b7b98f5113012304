// Counters of a run: how many cycles each phase and each kij took, how many
// MACs the array did and how busy it was, how long the flow waited for
// ofifo_valid, and the weight-stationary lower bound for the same work.
// Made from the schedule and the driver's tally (driver.hpp), never judged:
// data for the text report, JSON (report.hpp) and a later HTML page.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "driver.hpp"
#include "schedule.hpp"

namespace cosim {

struct PhaseCycles {
  Phase phase = Phase::Init;
  uint64_t cycles = 0;
};

struct KijCounters {
  int kij = 0;
  uint64_t cycles = 0;   // cycles of steps of this kij (an overlapped cycle counts once,
                         // under its array activity: execute, load, drain, fill)
  uint64_t vectors = 0;  // execute cycles (one vector each)
  uint64_t stalls = 0;   // idle cycles waiting for ofifo_valid
};

/// The weight-stationary lower bound for this array: per pass (one kij of
/// one input and one output channel tile) load `cols` weight words, stream
/// the positions, `rows + cols - 1` cycles of skew; accumulation overlapped.
struct Bound {
  uint64_t passes = 0;
  int load = 0;          // cols
  uint64_t positions = 0;  // streamed per pass
  int skew = 0;          // rows + cols - 1
  uint64_t cycles() const { return passes * (static_cast<uint64_t>(load) + positions + static_cast<uint64_t>(skew)); }
};

struct Counters {
  std::string flow;                  // "course" or "fast"
  int rows = 0;
  int cols = 0;
  uint64_t cycles = 0;
  std::vector<PhaseCycles> phases;   // phases with cycles, in phase order
  std::vector<KijCounters> kijs;     // kij with cycles, in kij order
  uint64_t vectors = 0;              // execute cycles
  uint64_t macs_issued = 0;          // vectors * rows * cols
  uint64_t macs_needed = 0;          // the MACs the outputs need (the layer's maths)
  std::string needed_formula;        // "16 outputs x 8 out x 8 in x 9 kij"
  uint64_t macs_useful = 0;          // psum rows written that an output reads, x rows x cols
                                     // (= macs_needed when the run got through)
  uint64_t stalls = 0;               // idle cycles waiting for ofifo_valid
  Bound bound;

  /// useful MACs / (rows * cols * cycles); 0 without cycles.
  double utilisation() const;
  /// The needed MACs at the bound's cycles.
  double bound_utilisation() const;
  /// cycles / bound cycles; 0 without a bound.
  double over_bound() const;
};

/// The counters of a vector-set run (one tile; the kij of the schedule);
/// the useful MACs from the log's psum writes.
Counters count_set(const Schedule& s, const RunLog& log);
/// The phases and kij of a tally, and its stalls and vectors (both kinds
/// of run use it; the caller sets the MACs and the bound).
Counters count_tally(const Tally& t, uint64_t cycles, int rows, int cols);

}  // namespace cosim
