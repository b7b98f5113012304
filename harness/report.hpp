// Printing a checked run: the text report, JSON and JUnit XML.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <optional>

#include "checker.hpp"
#include "counters.hpp"
#include "driver.hpp"
#include "run_report.hpp"

namespace cosim {

/// Everything a report says besides the check result itself.
struct RunInfo {
  std::string rtl;          // which RTL ran
  std::string model;        // e.g. "8x8 psum_w=16 inst=34-bit"
  std::string profile;      // the profile read ("" when none)
  std::string flow;         // the flow conventions it ran with (flow.hpp describe())
  std::string vectors;      // the vector folder, or "generated ..."
  std::vector<std::string> notes;  // what the reader detected
  std::string trace_hint;   // the command that traces the first wrong row
  std::string diagnosis;    // the diagnosis' verdict (diagnose.hpp), "" when all passed
  std::string heatmap;      // where the wrong words of the first failing kij are
  std::string fault;        // our RTL: the first PE that went wrong (locate.hpp)
  uint64_t cycles = 0;
  double seconds = 0;
  int exit_code = 0;
  std::optional<Counters> counters;  // cycles, MACs, utilisation, bound (not judged)
};

/// "0x0012 (18)" for a value of `width` bits (two's complement hex).
std::string hex_dec(int64_t v, int width);
/// One line describing a mismatch: check, kind, location, values, cycle.
std::string describe(const Mismatch& m);

void print_text(std::FILE* out, const RunInfo& info, const CheckResult& r, int max_mismatches);
/// The counters block of the text report (report_counters.cpp).
void print_counters(std::FILE* out, const Counters& c);
/// One line of them: cycles, the bound and the ratio, utilisation, stalls.
std::string counters_summary(const Counters& c);
/// The counters as JSON: the report's "counters" object.
nlohmann::json counters_json(const Counters& c);
/// print_text() into a string (a set's text for JUnit's <system-out>).
std::string text_of(const RunInfo& info, const CheckResult& r, int max_mismatches);

/// Several folder sets of one run (`make sim`: the default and the corner
/// set): the header once, each set's folder and notes, one table whose
/// first column names the set of each row, then each set's warnings, stop
/// and mismatches under its name. `sets` indexes run.sets.
void print_sets(std::FILE* out, const RunReport& run, const std::string& flow,
                const std::vector<size_t>& sets, int max_mismatches);

}  // namespace cosim
