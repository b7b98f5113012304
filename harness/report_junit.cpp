#include "report_junit.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "cosim_config.hpp"
#include "printable.hpp"
#include "report.hpp"

namespace cosim {

namespace {

std::string attr(const std::string& s) { return xml_escape(s, true); }

// xs:token names (testsuite, classname): no white space, never empty.
std::string token(const std::string& s) {
  std::string o;
  for (const char c : s) o += (c == ' ' || c == '\t' || c == '\n' || c == '\r') ? '_' : c;
  return o.empty() ? std::string("_") : o;
}

std::string property(const std::string& name, const std::string& value) {
  return fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", attr(token(name)), attr(value));
}

// A case that failed only because the run was interrupted, or because the
// given files are wrong, is an <error>: the RTL was not shown wrong.
const char* error_type(const CaseResult& c, const std::vector<Mismatch>& mm, bool interrupted) {
  if (c.name == "input_consistency") return "inconsistent-input";
  if (!interrupted) return nullptr;
  for (const Mismatch& m : mm)
    if (m.check == c.name && m.kind != Kind::Hung) return nullptr;
  return "interrupted";
}

std::string case_body(const CaseResult& c, const std::vector<Mismatch>& mm, bool interrupted) {
  std::string body;
  std::string type = "mismatch";
  int n = 0;
  for (const Mismatch& m : mm) {
    if (m.check != c.name) continue;
    if (n == 0) type = kind_name(m.kind);
    if (++n > 20) {
      body += fmt::format("... {} more\n", c.failed - 20);
      break;
    }
    body += describe(m) + "\n";
  }
  const char* error = error_type(c, mm, interrupted);
  const char* element = error ? "error" : "failure";
  return fmt::format("<{0} type=\"{1}\" message=\"{2}\">{3}</{0}>", element, attr(error ? error : type),
                     attr(fmt::format("{} of {} checks failed; {}", c.failed, c.checked, c.detail)),
                     xml_escape(body, false));
}

std::string suite(const RunReport& r, const SetReport& s, size_t id, const std::string& host) {
  const std::string pkg = token("cosim." + (r.model_name.empty() ? std::string("run") : r.model_name));
  const std::string cls = token(pkg + "." + s.name);
  const bool interrupted = !r.stopped.empty();
  int tests = 0, failures = 0, errors = 0;
  std::string cases, skipped;
  for (const CaseResult& c : s.result.cases) {
    if (c.status == Status::Skip) {
      skipped += property("skipped." + c.name, c.detail);
      continue;
    }
    ++tests;
    cases += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"0\"", attr(token(c.name)), attr(cls));
    if (c.status == Status::Pass) {
      cases += "/>\n";
      continue;
    }
    (error_type(c, s.result.mismatches, interrupted) ? errors : failures) += 1;
    cases += ">" + case_body(c, s.result.mismatches, interrupted) + "</testcase>\n";
  }
  std::string t = fmt::format(
      "  <testsuite name=\"{}\" package=\"{}\" id=\"{}\" timestamp=\"{}\" hostname=\"{}\" tests=\"{}\" "
      "failures=\"{}\" errors=\"{}\" time=\"{:.6f}\">\n    <properties>\n",
      attr(cls), attr(pkg), id, attr(r.timestamp), attr(token(host)), tests, failures, errors, s.seconds);
  t += property("cosim.version", config::kVersion) + property("rtl", r.rtl) + property("model", r.model) +
       property("profile", r.profile.empty() ? "none" : r.profile) + property("flow", s.flow) +
       property("vectors", s.vectors) + property("set.exit_code", std::to_string(s.exit_code)) + skipped;
  // The run's totals, the same in every suite (the schema has no place for
  // them on <testsuites>).
  t += property("run.exit_code", std::to_string(r.exit_code)) +
       property("run.sets", fmt::format("{} of {}", r.sets.size(), r.planned_sets)) +
       property("run.passed", std::to_string(r.passed())) + property("run.failed", std::to_string(r.failed()));
  if (!r.stopped.empty()) t += property("run.stopped", r.stopped);
  if (!r.nothing_checked.empty()) t += property("run.nothing_checked", r.nothing_checked);
  t += "    </properties>\n" + cases;
  t += "    <system-out>" + xml_escape(s.text, false) + "</system-out>\n    <system-err></system-err>\n  </testsuite>\n";
  return t;
}

// A run that stopped on bad input, checked nothing of the RTL, or was
// interrupted before a set was judged: one suite whose one case is the
// error, so CI never reads an old file or an empty pass.
std::string error_suite(const RunReport& r, size_t id, const std::string& host, const std::string& type,
                        const std::string& message) {
  const std::string pkg = token("cosim." + (r.model_name.empty() ? std::string("run") : r.model_name));
  return fmt::format(
      "  <testsuite name=\"{0}.setup\" package=\"{0}\" id=\"{1}\" timestamp=\"{2}\" hostname=\"{3}\" tests=\"1\" "
      "failures=\"0\" errors=\"1\" time=\"0\">\n    <properties>\n{4}{5}    </properties>\n"
      "    <testcase name=\"setup\" classname=\"{0}.setup\" time=\"0\"><error type=\"{8}\" message=\"{6}\">"
      "{7}</error></testcase>\n    <system-out></system-out>\n    <system-err>{7}</system-err>\n  </testsuite>\n",
      attr(pkg), id, attr(r.timestamp), attr(token(host)), property("cosim.version", config::kVersion),
      property("run.exit_code", std::to_string(r.exit_code)), attr(message), xml_escape(message, false), attr(type));
}

}  // namespace

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "localhost";
  return buf;
}

std::string junit_report(const RunReport& r, const std::string& hostname) {
  const std::string host = hostname.empty() ? "localhost" : hostname;
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  for (size_t i = 0; i < r.sets.size(); ++i) x += suite(r, r.sets[i], i, host);
  if (!r.error.empty()) {
    x += error_suite(r, r.sets.size(), host, "bad-input", r.error);
  } else if (!r.nothing_checked.empty()) {
    x += error_suite(r, r.sets.size(), host, "nothing-checked", r.nothing_checked);
  } else if (r.sets.empty()) {
    x += error_suite(r, 0, host, r.stopped.empty() ? "no-set" : "interrupted",
                     r.stopped.empty() ? "no vector set ran" : r.stopped);
  }
  return x + "</testsuites>\n";
}

}  // namespace cosim
