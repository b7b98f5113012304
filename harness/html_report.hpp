// `cosim run --html FILE`: one self-contained page (no network, no script
// from elsewhere) of a run: the verdict table, where the wrong psums are
// (a heat map per kij over the padded map, a cell a position, the number of
// wrong columns in it), the outputs map, the diagnosis and fault location,
// the schedule as a timeline of phases, the first mismatches and the trace
// command. Every cell carries its numbers as data attributes, so a test can
// read the page back (tests/core/check_html.py, in headless Chromium).
#pragma once

#include <string>

#include "checker.hpp"
#include "driver.hpp"
#include "report.hpp"

namespace cosim {

/// The page (written like the other reports: report_file.hpp).
std::string html_page(const RunInfo& info, const CheckResult& r, const RunLog& log, const golden::Shape& s);

}  // namespace cosim
