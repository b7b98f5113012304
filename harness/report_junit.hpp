// The JUnit XML report of a run (--junit), in the layout the strict common
// schema (the Apache Ant JUnit schema, tests/junit/JUnit.xsd) accepts: one
// <testsuite> per set, a <testcase> per case that ran, the set's text report
// in <system-out>. docs/REPORTS.md describes it.
#pragma once

#include <string>

#include "run_report.hpp"

namespace cosim {

/// The report as XML text. `hostname` names the machine ("localhost" when
/// empty).
std::string junit_report(const RunReport& r, const std::string& hostname);

/// This machine's name (gethostname), or "localhost".
std::string host_name();

}  // namespace cosim
