#include "report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

namespace cosim {

std::string hex_dec(int64_t v, int width) {
  const uint64_t mask = width >= 64 ? ~0ULL : ((1ULL << width) - 1);
  const int digits = (width + 3) / 4;
  return fmt::format("0x{:0{}x} ({})", static_cast<uint64_t>(v) & mask, digits, v);
}

std::string describe(const Mismatch& m) {
  std::string loc;
  if (m.kij >= 0) loc += fmt::format(" kij {}", m.kij);
  if (m.nij >= 0) loc += fmt::format(m.check == "out_relu" || m.check == "out_raw" || (m.kind == Kind::Inconsistent && m.kij < 0)
                                         ? " o_nij {}"
                                         : " nij {}",
                                     m.nij);
  if (m.col >= 0) loc += fmt::format(" col {}", m.col);
  std::string s = fmt::format("{} [{}]{}", m.check, kind_name(m.kind), loc);
  if (m.kind == Kind::Value || m.kind == Kind::Inconsistent) {
    s += fmt::format(": expected {} actual {}", hex_dec(m.expected, m.width),
                     hex_dec(m.actual, m.width));
  }
  if (m.kind != Kind::Inconsistent && m.kind != Kind::Hung) s += fmt::format(" at cycle {}", m.cycle);
  if (m.addr >= 0) s += fmt::format(" (psum addr {})", m.addr);
  if (!m.note.empty()) s += " - " + m.note;
  if (m.row) s += "; row " + describe(*m.row);
  return s;
}

void print_text(std::FILE* out, const RunInfo& info, const CheckResult& r, int max_mismatches) {
  fmt::print(out, "rtl:     {}\nmodel:   {}\n", info.rtl, info.model);
  fmt::print(out, "profile: {}\nflow:    {}\n", info.profile.empty() ? "none (the course flow's defaults)" : info.profile,
             info.flow);
  fmt::print(out, "vectors: {}\n", info.vectors);
  for (const std::string& n : info.notes) fmt::print(out, "  note: {}\n", n);
  fmt::print(out, "\n{:<18} {:<6} {:>8} {:>8}  {}\n", "check", "result", "checked", "failed", "detail");
  for (const CaseResult& c : r.cases) {
    fmt::print(out, "{:<18} {:<6} {:>8} {:>8}  {}\n", c.name, status_name(c.status), c.checked,
               c.failed, c.detail);
  }
  for (const std::string& w : r.warnings) fmt::print(out, "warning: {}\n", w);
  if (!r.stopped.empty()) fmt::print(out, "\nSTOPPED: {}\n", r.stopped);
  if (!r.mismatches.empty()) {
    const size_t shown = std::min(r.mismatches.size(), static_cast<size_t>(std::max(0, max_mismatches)));
    fmt::print(out, "\nfirst {} of {} mismatches:\n", shown, r.mismatches.size());
    for (size_t i = 0; i < shown; ++i) fmt::print(out, "  {}\n", describe(r.mismatches[i]));
  }
  if (!info.heatmap.empty()) fmt::print(out, "\n{}", info.heatmap);
  if (!info.diagnosis.empty()) fmt::print(out, "\ndiagnosis: {}\n", info.diagnosis);
  if (!info.fault.empty()) fmt::print(out, "fault location: {}\n", info.fault);
  if (!info.trace_hint.empty()) fmt::print(out, "\nsee the first wrong row: {}\n", info.trace_hint);
  if (info.counters) print_counters(out, *info.counters);
  const double rate = info.seconds > 0 ? static_cast<double>(info.cycles) / info.seconds : 0.0;
  fmt::print(out, "\n{} cycles simulated in {:.3f} ms ({:.2f} M cycles/s)\n", info.cycles,
             info.seconds * 1e3, rate / 1e6);
  fmt::print(out, "{} passed, {} failed\n", r.passed(), r.failed());
}

namespace {

std::string json_str(const std::string& s) {
  std::string o = "\"";
  for (const char ch : s) {
    switch (ch) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\t': o += "\\t"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          o += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(ch)));
        } else {
          o += ch;
        }
    }
  }
  return o + "\"";
}

std::string xml_str(const std::string& s) {
  std::string o;
  for (const char ch : s) {
    switch (ch) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += ch;
    }
  }
  return o;
}

std::ofstream open_out(const std::string& path) {
  std::ofstream f(path);
  if (!f) throw std::runtime_error(fmt::format("cannot write {}", path));
  return f;
}

}  // namespace

void write_json(const std::string& path, const RunInfo& info, const CheckResult& r) {
  std::ofstream f = open_out(path);
  f << "{\n";
  f << "  \"rtl\": " << json_str(info.rtl) << ",\n";
  f << "  \"model\": " << json_str(info.model) << ",\n";
  f << "  \"vectors\": " << json_str(info.vectors) << ",\n";
  f << fmt::format("  \"cycles\": {},\n  \"seconds\": {:.6f},\n  \"exit_code\": {},\n", info.cycles,
                   info.seconds, info.exit_code);
  f << fmt::format("  \"passed\": {},\n  \"failed\": {},\n", r.passed(), r.failed());
  f << "  \"stopped\": " << json_str(r.stopped) << ",\n";
  f << "  \"diagnosis\": " << json_str(info.diagnosis) << ",\n";
  f << "  \"fault\": " << json_str(info.fault) << ",\n";
  if (info.counters) f << "  \"counters\": " << counters_json(*info.counters).dump() << ",\n";
  f << "  \"cases\": [\n";
  for (size_t i = 0; i < r.cases.size(); ++i) {
    const CaseResult& c = r.cases[i];
    f << fmt::format("    {{\"name\": {}, \"status\": {}, \"checked\": {}, \"failed\": {}, \"detail\": {}}}{}\n",
                     json_str(c.name), json_str(status_name(c.status)), c.checked, c.failed,
                     json_str(c.detail), i + 1 < r.cases.size() ? "," : "");
  }
  f << "  ],\n  \"warnings\": [";
  for (size_t i = 0; i < r.warnings.size(); ++i) f << (i ? ", " : "") << json_str(r.warnings[i]);
  f << "],\n  \"mismatches\": [\n";
  for (size_t i = 0; i < r.mismatches.size(); ++i) {
    const Mismatch& m = r.mismatches[i];
    auto cycle = [](const std::optional<uint64_t>& c) { return c ? std::to_string(*c) : std::string("null"); };
    const std::string row = m.row ? fmt::format("{{\"executed\": {}, \"popped\": {}, \"written\": {}}}",
                                                m.row->execute, cycle(m.row->pop), cycle(m.row->write))
                                  : "null";
    f << fmt::format("    {{\"check\": {}, \"kind\": {}, \"kij\": {}, \"nij\": {}, \"col\": {}, "
                     "\"expected\": {}, \"actual\": {}, \"cycle\": {}, \"addr\": {}, \"row\": {}, "
                     "\"note\": {}}}{}\n",
                     json_str(m.check), json_str(kind_name(m.kind)), m.kij, m.nij, m.col, m.expected,
                     m.actual, m.cycle, m.addr, row, json_str(m.note), i + 1 < r.mismatches.size() ? "," : "");
  }
  f << "  ]\n}\n";
}

void write_junit(const std::string& path, const RunInfo& info, const CheckResult& r) {
  std::ofstream f = open_out(path);
  int skipped = 0;
  for (const CaseResult& c : r.cases) skipped += c.status == Status::Skip;
  f << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  f << fmt::format("<testsuite name=\"cosim\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.6f}\">\n",
                   r.cases.size(), r.failed(), skipped, info.seconds);
  f << fmt::format("  <properties><property name=\"rtl\" value=\"{}\"/><property name=\"model\" "
                   "value=\"{}\"/><property name=\"vectors\" value=\"{}\"/></properties>\n",
                   xml_str(info.rtl), xml_str(info.model), xml_str(info.vectors));
  for (const CaseResult& c : r.cases) {
    f << fmt::format("  <testcase classname=\"cosim.core\" name=\"{}\">", xml_str(c.name));
    if (c.status == Status::Skip) {
      f << fmt::format("<skipped message=\"{}\"/>", xml_str(c.detail));
    } else if (c.status == Status::Fail) {
      std::string body;
      int n = 0;
      for (const Mismatch& m : r.mismatches) {
        if (m.check != c.name) continue;
        if (++n > 20) {
          body += fmt::format("... {} more\n", c.failed - 20);
          break;
        }
        body += describe(m) + "\n";
      }
      f << fmt::format("<failure message=\"{} mismatches\">{}</failure>", c.failed, xml_str(body));
    }
    f << "</testcase>\n";
  }
  f << "</testsuite>\n";
}

}  // namespace cosim
