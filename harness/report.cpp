#include "report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
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

std::string text_of(const RunInfo& info, const CheckResult& r, int max_mismatches) {
  char* buf = nullptr;
  size_t size = 0;
  std::FILE* f = open_memstream(&buf, &size);
  if (!f) return "";
  print_text(f, info, r, max_mismatches);
  std::fclose(f);
  std::string text(buf, size);
  std::free(buf);
  return text;
}

namespace {

void print_set_rows(std::FILE* out, const SetReport& s, int width) {
  for (const CaseResult& c : s.result.cases) {
    fmt::print(out, "{:<{}} {:<18} {:<6} {:>8} {:>8}  {}\n", s.name, width, c.name, status_name(c.status),
               c.checked, c.failed, c.detail);
  }
}

void print_set_findings(std::FILE* out, const SetReport& s, int max_mismatches) {
  const CheckResult& r = s.result;
  for (const std::string& w : r.warnings) fmt::print(out, "warning: {}: {}\n", s.name, w);
  if (!r.stopped.empty()) fmt::print(out, "\nSTOPPED: {}: {}\n", s.name, r.stopped);
  if (r.mismatches.empty()) return;
  const size_t shown = std::min(r.mismatches.size(), static_cast<size_t>(std::max(0, max_mismatches)));
  fmt::print(out, "\n{}: first {} of {} mismatches:\n", s.name, shown, r.mismatches.size());
  for (size_t i = 0; i < shown; ++i) fmt::print(out, "  {}\n", describe(r.mismatches[i]));
  if (!s.heatmap.empty()) fmt::print(out, "\n{}: {}", s.name, s.heatmap);
  if (!s.diagnosis.empty()) fmt::print(out, "\n{}: diagnosis: {}\n", s.name, s.diagnosis);
  if (!s.fault.empty()) fmt::print(out, "{}: fault location: {}\n", s.name, s.fault);
  if (!s.trace_hint.empty()) fmt::print(out, "\n{}: see the first wrong row: {}\n", s.name, s.trace_hint);
}

}  // namespace

void print_sets(std::FILE* out, const RunReport& run, const std::string& flow, const std::vector<size_t>& sets,
                int max_mismatches) {
  fmt::print(out, "rtl:     {}\nmodel:   {}\n", run.rtl, run.model);
  fmt::print(out, "profile: {}\nflow:    {}\n",
             run.profile.empty() ? "none (the course flow's defaults)" : run.profile, flow);
  for (const std::string& n : run.model_notes) fmt::print(out, "  note: {}\n", n);
  int width = 3;
  for (const size_t i : sets) width = std::max(width, static_cast<int>(run.sets[i].name.size()));
  for (const size_t i : sets) {
    const SetReport& s = run.sets[i];
    fmt::print(out, "vectors: {} = {}\n", s.name, s.vectors);
    for (const std::string& n : s.notes) fmt::print(out, "  note: {}\n", n);
  }
  fmt::print(out, "\n{:<{}} {:<18} {:<6} {:>8} {:>8}  {}\n", "set", width, "check", "result", "checked", "failed",
             "detail");
  for (const size_t i : sets) print_set_rows(out, run.sets[i], width);
  bool counted = false;
  for (const size_t i : sets) {
    if (!run.sets[i].counters) continue;
    if (!counted) fmt::print(out, "\ncounters (not judged; cosim run -v SET alone prints them all):\n");
    counted = true;
    fmt::print(out, "  {:<{}} {}\n", run.sets[i].name, width, counters_summary(*run.sets[i].counters));
  }
  for (const size_t i : sets) print_set_findings(out, run.sets[i], max_mismatches);
}

}  // namespace cosim
