// One run of a vector set on a model, end to end: compile the schedule,
// drive the model, judge the log (and, with X seeds, the same run again
// from randomised initial state). `cosim run` and `cosim calibrate` both run
// through here.
#pragma once

#include <string>
#include <vector>

#include "checker.hpp"
#include "counters.hpp"
#include "driver.hpp"
#include "model_info.hpp"
#include "schedule.hpp"

namespace cosim {

struct RunRequest {
  ScheduleOptions schedule;
  DriveOptions drive;
  std::vector<std::string> plusargs;  // to the model (+verilator+..., the design's own)
  std::string trace;                  // waveform file; empty: none
  std::vector<int> x_seeds;           // also run from X-randomised state with these seeds
};

struct Outcome {
  Schedule schedule;
  golden::TileResult golden;
  CheckResult result;
  RunLog log;
  Counters counters;  // of the base run (not the X-seeded ones)
};

/// Throws std::invalid_argument for options the schedule cannot take.
Outcome run_set(const ModelInfo& model, const golden::VectorSet& v, const RunRequest& req);

/// SPEC section 5 for one set: 128 + the signal when interrupted, 3 the
/// watchdog fired, 1 a mismatch of the RTL (or the model stopped on an
/// error), 4 only the given files disagree with the golden model, else 0.
int exit_code(const CheckResult& r, const RunLog& log);

/// True when at least one check of the RTL ran (a case other than
/// input_consistency that is not skipped).
bool rtl_checked(const CheckResult& r);

}  // namespace cosim
