// Judges a run: every psum word the core wrote and every output it produced,
// against the golden model (and the user's files), plus the consistency of
// the given files with the golden model. The result is data; report.hpp
// prints it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "driver.hpp"
#include "model.hpp"
#include "schedule.hpp"
#include "timeline.hpp"
#include "vectors.hpp"

namespace cosim {

enum class Status { Pass, Fail, Skip };
const char* status_name(Status s);

enum class Kind {
  Value,         // a word the core produced differs from the golden model
  Missing,       // an expected psum word was never written / output never sampled
  Duplicate,     // a psum address written more than once
  Unexpected,    // a write to an address the flow does not use
  Protocol,      // ofifo_valid behaved against the flow
  Inconsistent,  // a given file disagrees with the golden model
  Hung,          // the watchdog fired or the model stopped before this point
  XDependent,    // the result changed with the random initial state
};
const char* kind_name(Kind k);

struct Mismatch {
  std::string check;     // the case it counts against: "kij3", "out_relu", "input"
  Kind kind = Kind::Value;
  int kij = -1;
  int nij = -1;          // psum: padded position; outputs: o_nij
  int col = -1;
  int64_t expected = 0;
  int64_t actual = 0;
  int width = 16;        // bits of expected/actual, for the hex form
  uint64_t cycle = 0;
  int64_t addr = -1;     // psum SRAM address, when there is one
  std::string note;      // where the expectation came from, or what happened
  std::optional<RowTimeline> row;  // a psum row's cycles through the core
};

struct CaseResult {
  std::string name;      // "kij0".."kij8", "out_relu", "input_consistency"
  Status status = Status::Skip;
  int checked = 0;       // words compared
  int failed = 0;        // mismatches counted against this case
  std::string detail;    // why skipped, or a one-line summary
};

struct CheckResult {
  std::vector<CaseResult> cases;
  std::vector<Mismatch> mismatches;  // in case order, then cycle order
  std::vector<std::string> warnings; // wraps, missing probe, ...
  bool hung = false;
  std::string stopped;               // why and where the run stopped early, if it did

  int passed() const;
  int failed() const;
};

/// has_probe: false for a core whose psum SRAM is not visible; psum checks
/// are then skipped (and said so) and only the outputs are judged.
CheckResult check_run(const Schedule& s, const golden::VectorSet& v,
                      const golden::TileResult& g, const RunLog& log, bool has_probe);

/// What a fast-flow schedule leaves out, one warning each (drain_delay not
/// used, positions that were not executed); empty for the course flow.
std::vector<std::string> fast_flow_notes(const Schedule& s);

/// A run repeated with randomised initial state (Verilator's X
/// initialisation under another seed) must behave exactly like the base run:
/// same psum writes (address, data, cycle), same outputs, same hang. Adds the
/// case "x_init" with one mismatch per seed that differs (its first
/// difference).
void check_x_init(CheckResult& r, const RunLog& base,
                  const std::vector<std::pair<uint64_t, RunLog>>& seeded, int psum_w);

}  // namespace cosim
