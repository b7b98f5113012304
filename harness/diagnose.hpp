// Diagnosis: which known bug would produce exactly the values the core
// produced? Each hypothesis (activations read as signed, a weight's sign
// lost, rows one position late, columns reversed, ...) is the golden model
// computed with that bug; it is named only when it predicts every value
// the run saw: each mismatch, and no mismatch where the core was right.
#pragma once

#include <string>
#include <vector>

#include "checker.hpp"
#include "driver.hpp"
#include "model.hpp"
#include "schedule.hpp"
#include "vectors.hpp"

namespace cosim {

struct Hypothesis {
  std::string id;      // e.g. "act_signed"
  std::string what;    // e.g. "activations read as signed (sign-extended, not zero-extended)"
  int explained = 0;   // mismatching words it predicts exactly
  int contradicted = 0;  // words the core got right that it would have got wrong
};

struct Diagnosis {
  int mismatches = 0;             // value mismatches judged (psums and outputs)
  std::vector<Hypothesis> exact;  // explain every mismatch and contradict nothing
  Hypothesis closest;             // the best other one (explained > 0), when none is exact
  std::string verdict;            // one line for the report
};

/// The hypotheses a run's value mismatches are tested against, by id, with
/// what each means (for help and the docs).
std::vector<std::pair<std::string, std::string>> known_hypotheses(const golden::Shape& s);

/// Tests the run against every hypothesis. A run without value mismatches,
/// or that stopped before its values came, gets an empty diagnosis ("").
Diagnosis diagnose(const Schedule& s, const golden::VectorSet& v, const golden::TileResult& g,
                   const RunLog& log, const CheckResult& r);

}  // namespace cosim
