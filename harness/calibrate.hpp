// Calibration: which flow conventions (flow.hpp) does a core follow? Tries
// them on one model (they are run-time choices: no rebuild), kij 0 first
// and then the whole set, and keeps the settings under which the core
// matches the golden model. Only the listed conventions are searched, so a
// real bug (a wrong value under every convention) is never calibrated away:
// it is reported with the setting that came closest.
#pragma once

#include <string>
#include <vector>

#include "flow.hpp"
#include "model_info.hpp"
#include "schedule.hpp"
#include "vectors.hpp"

namespace cosim {

/// One flow tried, and what the core did under it.
struct Trial {
  Flow flow;
  bool pass = false;
  bool hung = false;
  int checked = 0;     // words compared
  int failed = 0;      // mismatches
  std::string first;   // the first mismatch (or why the run stopped)
  std::string scope;   // what was judged: "kij 0", "the whole set", "generated set ..."
};

/// What calibration found about one key of the flow.
struct Finding {
  std::string key;     // a flow key (flow_keys())
  std::string value;   // as the profile writes it
  std::string why;     // what was observed, one line (the profile's comment)
};

struct Calibration {
  bool ok = false;             // a flow was found and confirmed
  Flow flow;                   // with ok: the flow to write
  std::vector<Finding> findings;
  std::string verdict;         // one line: what was found, or why none was chosen
  Trial closest;               // when !ok: the trial with the fewest mismatches
  std::vector<std::string> ambiguous;  // when two settings both pass: each, described
  int trials = 0;              // runs made
  std::vector<std::string> log;  // progress, one line per stage
};

struct CalibrateOptions {
  ScheduleOptions base;    // kij subset ignored; settle, wait bound, ...; flow keys not searched
  FlowSettings fixed;      // keys the user fixed: not searched
  std::vector<std::string> plusargs;
  int confirm_sets = 4;    // generated sets that must pass too (and break ties)
  uint64_t seed = 1;
};

Calibration calibrate(const ModelInfo& model, const golden::VectorSet& set,
                      const CalibrateOptions& o);

}  // namespace cosim
