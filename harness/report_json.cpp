#include "report_json.hpp"

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "cosim_config.hpp"
#include "printable.hpp"
#include "report.hpp"

namespace cosim {

namespace {

using Json = nlohmann::ordered_json;

Json str(const std::string& s) { return utf8_safe(s); }
Json str_or_null(const std::string& s) { return s.empty() ? Json(nullptr) : str(s); }
Json index_or_null(int64_t v) { return v < 0 ? Json(nullptr) : Json(v); }

Json strings(const std::vector<std::string>& v) {
  Json a = Json::array();
  for (const std::string& s : v) a.push_back(str(s));
  return a;
}

// Values and cycles exist only for the kinds that have them.
bool has_values(const Mismatch& m) {
  return m.kind == Kind::Value || m.kind == Kind::Inconsistent || (m.kind == Kind::XDependent && m.col >= 0);
}
bool has_cycle(const Mismatch& m) { return m.kind != Kind::Inconsistent && m.kind != Kind::Missing; }

Json mismatch(const Mismatch& m) {
  Json j;
  j["check"] = str(m.check);
  j["kind"] = kind_name(m.kind);
  j["kij"] = index_or_null(m.kij);
  j["nij"] = index_or_null(m.nij);
  j["col"] = index_or_null(m.col);
  j["expected"] = has_values(m) ? Json(m.expected) : Json(nullptr);
  j["actual"] = has_values(m) ? Json(m.actual) : Json(nullptr);
  j["width"] = m.width;
  j["cycle"] = has_cycle(m) ? Json(m.cycle) : Json(nullptr);
  j["addr"] = index_or_null(m.addr);
  j["note"] = str_or_null(m.note);
  j["row"] = m.row ? Json{{"executed", m.row->execute},
                          {"popped", m.row->pop ? Json(*m.row->pop) : Json(nullptr)},
                          {"written", m.row->write ? Json(*m.row->write) : Json(nullptr)}}
                   : Json(nullptr);
  return j;
}

Json set_json(const SetReport& s) {
  Json j;
  j["name"] = str(s.name);
  j["vectors"] = str(s.vectors);
  j["generated"] = s.generated;
  j["pattern"] = s.generated ? str(s.pattern) : Json(nullptr);
  j["seed"] = s.generated ? Json(s.seed) : Json(nullptr);
  j["flow"] = str_or_null(s.flow);
  j["exit_code"] = s.exit_code;
  j["verdict"] = verdict_name(s.exit_code);
  j["passed"] = s.result.passed();
  j["failed"] = s.result.failed();
  int skipped = 0;
  for (const CaseResult& c : s.result.cases) skipped += c.status == Status::Skip;
  j["skipped"] = skipped;
  j["cycles"] = s.cycles;
  j["seconds"] = s.seconds;
  j["stopped"] = str_or_null(s.result.stopped);
  j["notes"] = strings(s.notes);
  j["warnings"] = strings(s.result.warnings);
  Json cases = Json::array();
  for (const CaseResult& c : s.result.cases) {
    cases.push_back(Json{{"name", str(c.name)}, {"status", status_name(c.status)}, {"checked", c.checked},
                         {"failed", c.failed}, {"detail", str_or_null(c.detail)}});
  }
  j["cases"] = std::move(cases);
  Json mm = Json::array();
  for (const Mismatch& m : s.result.mismatches) mm.push_back(mismatch(m));
  j["mismatches"] = std::move(mm);
  j["diagnosis"] = str_or_null(s.diagnosis);
  j["fault"] = str_or_null(s.fault);
  j["trace_command"] = str_or_null(s.trace_hint);
  j["counters"] = s.counters ? Json(counters_json(*s.counters)) : Json(nullptr);
  return j;
}

}  // namespace

const char* verdict_name(int code) {
  switch (code) {
    case kPass: return "pass";
    case kMismatch: return "mismatch";
    case kBadInput: return "bad-input";
    case kHung: return "hung";
    case kFilesWrong: return "files-disagree";
    default: return code >= 128 ? "interrupted" : "unknown";
  }
}

std::string json_report(const RunReport& r) {
  Json j;
  j["schema"] = "cosim-run-report";
  j["schema_version"] = kJsonSchemaVersion;
  j["cosim_version"] = config::kVersion;
  j["timestamp"] = str(r.timestamp);
  j["rtl"] = str_or_null(r.rtl);
  j["model"] = str_or_null(r.model);
  j["model_name"] = str_or_null(r.model_name);
  j["profile"] = str_or_null(r.profile);
  j["model_notes"] = strings(r.model_notes);
  j["exit_code"] = r.exit_code;
  j["verdict"] = verdict_name(r.exit_code);
  j["stopped"] = str_or_null(r.stopped);
  j["error"] = str_or_null(r.error);
  j["nothing_checked"] = str_or_null(r.nothing_checked);
  j["totals"] = Json{{"sets", r.sets.size()}, {"planned_sets", r.planned_sets}, {"passed", r.passed()},
                     {"failed", r.failed()},   {"skipped", r.skipped()},         {"cycles", r.cycles()},
                     {"seconds", r.seconds()}};
  Json sets = Json::array();
  for (const SetReport& s : r.sets) sets.push_back(set_json(s));
  j["sets"] = std::move(sets);
  return j.dump(2) + "\n";
}

}  // namespace cosim
