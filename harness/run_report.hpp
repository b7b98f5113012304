// A whole `cosim run` as data: every set it ran (folders, generated sets),
// with its check result, and the run's totals and verdict. The JSON and
// JUnit reports are written from it (docs/REPORTS.md); the text report is
// printed as the sets run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker.hpp"
#include "counters.hpp"

namespace cosim {

/// One vector set of a run.
struct SetReport {
  std::string name;        // unique in the run: the folder's name, or "<pattern>_<seed>"
  std::string vectors;     // the folder, or "generated: pattern P seed S"
  bool generated = false;
  std::string pattern;     // generated sets only
  uint64_t seed = 0;       // generated sets only
  std::string flow;        // the flow it ran with (flow.hpp describe())
  std::vector<std::string> notes;  // what the reader detected
  CheckResult result;
  uint64_t cycles = 0;
  double seconds = 0;      // simulation time
  int exit_code = 0;       // this set alone (SPEC section 5)
  std::string heatmap;     // where the first failing kij's wrong words are ("" when none)
  std::string diagnosis;   // the diagnosis' verdict (diagnose.hpp), "" when nothing is wrong
  std::string fault;       // the fault location's finding (locate.hpp), "" when not located
  std::string trace_hint;  // the command that traces the first wrong row, "" when none
  std::optional<Counters> counters;  // cycles, MACs, utilisation, bound (not judged)
  std::string text;        // its text report, as `cosim run` prints one set
};

/// The run.
struct RunReport {
  std::string timestamp;   // when it started: UTC, "YYYY-MM-DDTHH:MM:SS"
  std::string rtl;         // "FILES (top T)"
  std::string model;       // describe_model()
  std::string model_name;  // e.g. core_r8c8
  std::string profile;     // "" when none
  std::vector<std::string> model_notes;
  std::vector<SetReport> sets;  // in run order
  int planned_sets = 0;    // sets the run was to run (more than `sets` when stopped)
  int exit_code = 0;
  std::string stopped;     // "interrupted (SIGINT) ..." when the run did not finish
  std::string error;       // the bad input or usage that ended the run (exit 2)
  std::string nothing_checked;  // why no check of the RTL ran (exit 2), or ""

  int passed() const;
  int failed() const;
  int skipped() const;
  uint64_t cycles() const;
  double seconds() const;
};

/// The exit code of a whole run from its sets' (SPEC section 5): 3 when one
/// hung, else 1 when one has a mismatch of the RTL, else 4 when only given
/// files disagree with the golden model, else 0.
int combine_exit_codes(const std::vector<int>& codes);

/// "2024-05-01T12:00:00": now, UTC.
std::string utc_timestamp();

}  // namespace cosim
