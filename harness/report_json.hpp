// The JSON report of a run (--json), written with nlohmann/json; its schema
// (every key, its type, null for what is absent) is docs/REPORTS.md.
#pragma once

#include <string>

#include "run_report.hpp"

namespace cosim {

/// Version of the report's schema: a reader checks it before reading on.
/// 2: several sets per run ("sets", "totals"); 1 was one set, unversioned.
inline constexpr int kJsonSchemaVersion = 2;

/// The report as JSON text (UTF-8, every string made valid by utf8_safe()).
std::string json_report(const RunReport& r);

/// The verdict's name for an exit code: "pass", "mismatch", "bad-input",
/// "hung", "files-disagree", "interrupted".
const char* verdict_name(int exit_code);

}  // namespace cosim
