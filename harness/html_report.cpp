#include "html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "heatmap.hpp"

namespace cosim {

namespace {

std::string esc(const std::string& s) {
  std::string o;
  for (const char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

// White for none wrong, to red for every column wrong.
std::string shade(int wrong, int cols) {
  if (wrong == 0) return "#f4f8f4";
  const int v = 230 - 200 * std::min(wrong, cols) / cols;
  return fmt::format("rgb(255,{},{})", v, v);
}

std::string heat_table(const std::vector<int>& cells, int side, int cols, const std::string& attrs,
                       const char* cell_attr) {
  std::string t = fmt::format("<table class=\"heat\" {}>", attrs);
  for (int i = 0; i < side; ++i) {
    t += "<tr>";
    for (int j = 0; j < side; ++j) {
      const int idx = i * side + j;
      const int n = cells[static_cast<size_t>(idx)];
      t += fmt::format("<td {}=\"{}\" data-wrong=\"{}\" style=\"background:{}\" title=\"{} {}: {} of {} "
                       "columns wrong\">{}</td>",
                       cell_attr, idx, n, shade(n, cols), cell_attr + 5, idx, n, cols, n ? std::to_string(n) : "");
    }
    t += "</tr>";
  }
  return t + "</table>";
}

const char* phase_colour(Phase p) {
  switch (p) {
    case Phase::Init: return "#999";
    case Phase::KijReset: return "#666";
    case Phase::WriteWeights: return "#c9a";
    case Phase::WeightsToL0: return "#b89";
    case Phase::Load: return "#a57";
    case Phase::Settle: return "#ddd";
    case Phase::ActToL0: return "#8ac";
    case Phase::Execute: return "#36a";
    case Phase::Drain: return "#3a6";
    case Phase::Drained: return "#bdb";
    case Phase::Output: return "#c93";
  }
  return "#000";
}

// The phases as bars over the cycles, a row per kij (and one for the rest).
std::string timeline(const RunLog& log, const golden::Shape& s) {
  if (log.phases.empty() || log.cycles == 0) return "<p>no cycles run</p>";
  const double width = 1100.0;
  const double scale = width / static_cast<double>(log.cycles);
  const int lanes = s.n_kij() + 1;
  std::string svg = fmt::format("<svg id=\"phases\" width=\"{}\" height=\"{}\" "
                                "xmlns=\"http://www.w3.org/2000/svg\">",
                                static_cast<int>(width) + 80, lanes * 16 + 24);
  for (size_t i = 0; i < log.phases.size(); ++i) {
    const auto& p = log.phases[i];
    const uint64_t end = i + 1 < log.phases.size() ? log.phases[i + 1].cycle : log.cycles;
    if (end <= p.cycle) continue;
    const int lane = p.kij >= 0 ? p.kij : s.n_kij();
    svg += fmt::format("<rect class=\"phase\" data-phase=\"{}\" data-kij=\"{}\" data-first=\"{}\" "
                       "data-last=\"{}\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"14\" "
                       "fill=\"{}\"><title>{} kij {}: cycles {}..{}</title></rect>",
                       phase_name(p.phase), p.kij, p.cycle, end - 1, 70 + static_cast<double>(p.cycle) * scale,
                       lane * 16, std::max(1.0, static_cast<double>(end - p.cycle) * scale),
                       phase_colour(p.phase), phase_name(p.phase), p.kij, p.cycle, end - 1);
  }
  for (int k = 0; k < lanes; ++k) {
    svg += fmt::format("<text x=\"0\" y=\"{}\" font-size=\"11\">{}</text>", k * 16 + 11,
                       k < s.n_kij() ? fmt::format("kij {}", k) : std::string("other"));
  }
  svg += fmt::format("<text x=\"70\" y=\"{}\" font-size=\"11\">cycle 0</text>", lanes * 16 + 16);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">cycle {}</text>",
                     static_cast<int>(width) + 70, lanes * 16 + 16, log.cycles);
  svg += "</svg><p class=\"legend\">";
  for (Phase p : {Phase::KijReset, Phase::WriteWeights, Phase::WeightsToL0, Phase::Load, Phase::Settle,
                  Phase::ActToL0, Phase::Execute, Phase::Drain, Phase::Drained, Phase::Output}) {
    svg += fmt::format("<span style=\"background:{}\">&nbsp;&nbsp;</span> {} ", phase_colour(p), phase_name(p));
  }
  return svg + "</p>";
}

std::string page_head(const CheckResult& r) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  h += fmt::format("<title>cosim: {} passed, {} failed</title>", r.passed(), r.failed());
  h += "<style>body{font-family:sans-serif;margin:1.5em;max-width:1250px}"
       "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 6px}"
       "table.heat td{width:1.6em;height:1.6em;text-align:center;font-size:11px;padding:0}"
       ".kij{display:inline-block;margin:0 1em 1em 0;vertical-align:top}"
       ".PASS{color:#060}.FAIL{color:#b00;font-weight:bold}.SKIP{color:#777}"
       "code{background:#f3f3f3;padding:2px 4px;display:inline-block;word-break:break-all}"
       "</style></head><body>\n";
  return h + fmt::format("<h1 id=\"verdict-line\" data-passed=\"{}\" data-failed=\"{}\">{} passed, {} failed</h1>\n",
                         r.passed(), r.failed(), r.passed(), r.failed());
}

// What ran: the RTL, model, profile, flow, vectors, cycles.
std::string run_table(const RunInfo& info) {
  std::string h = "<table id=\"run\">";
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"rtl", info.rtl}, {"model", info.model},
           {"profile", info.profile.empty() ? "none (the course flow's defaults)" : info.profile},
           {"flow", info.flow}, {"vectors", info.vectors},
           {"cycles", fmt::format("{}", info.cycles)}}) {
    h += fmt::format("<tr><th>{}</th><td>{}</td></tr>", k, esc(v));
  }
  return h + "</table>\n";
}

// The verdict a check a row, the warnings, the diagnosis and fault location.
std::string verdict(const RunInfo& info, const CheckResult& r) {
  std::string h;
  if (!r.stopped.empty()) h += fmt::format("<p id=\"stopped\"><b>STOPPED:</b> {}</p>\n", esc(r.stopped));
  h += "<h2>Verdict</h2><table id=\"cases\"><tr><th>check</th><th>result</th><th>checked</th>"
       "<th>failed</th><th>detail</th></tr>";
  for (const CaseResult& c : r.cases) {
    h += fmt::format("<tr data-case=\"{}\" data-status=\"{}\" data-checked=\"{}\" data-failed=\"{}\">"
                     "<td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                     esc(c.name), status_name(c.status), c.checked, c.failed, esc(c.name),
                     status_name(c.status), status_name(c.status), c.checked, c.failed, esc(c.detail));
  }
  h += "</table>\n";
  for (const std::string& w : r.warnings) h += fmt::format("<p class=\"warning\">warning: {}</p>\n", esc(w));
  if (!info.diagnosis.empty()) h += fmt::format("<h2>Diagnosis</h2><p id=\"diagnosis\">{}</p>\n", esc(info.diagnosis));
  if (!info.fault.empty()) h += fmt::format("<p id=\"fault\">fault location: {}</p>\n", esc(info.fault));
  return h;
}

// A heat map a kij, and the outputs' map.
std::string maps(const CheckResult& r, const golden::Shape& s) {
  const WrongMap m = wrong_map(r, s);
  std::string h = fmt::format("<h2>Wrong psums</h2><p>A map a kij: the {}x{} padded map, a cell a position "
                              "(nij), the number of its {} columns that are wrong.</p>\n", m.side, m.side, s.cols);
  for (size_t k = 0; k < m.psum.size(); ++k) {
    h += fmt::format("<div class=\"kij\"><div>kij {}</div>{}</div>", k,
                     heat_table(m.psum[k], m.side, s.cols, fmt::format("data-kij=\"{}\"", k), "data-nij"));
  }
  return h + fmt::format("\n<h2>Outputs</h2><p>The {}x{} output map, a cell an output (o_nij), the number "
                         "of its columns that are wrong.</p>\n<div class=\"kij\">{}</div>\n",
                         m.out_side, m.out_side, heat_table(m.out, m.out_side, s.cols, "data-outputs=\"1\"", "data-onij"));
}

// The counters (counters.hpp): cycles against the bound, MACs,
// utilisation, stalls, a row a kij.
std::string counters(const Counters& c) {
  std::string h = fmt::format(
      "<h2>Counters</h2><table id=\"counters\" data-cycles=\"{}\" data-bound=\"{}\" "
      "data-macs-useful=\"{}\" data-macs-needed=\"{}\" data-stalls=\"{}\">"
      "<tr><th>flow</th><td>{}</td></tr><tr><th>cycles</th><td>{} (the weight-stationary bound {}: "
      "{:.2f}x)</td></tr><tr><th>MACs</th><td>{} useful of the {} the outputs need ({}); {} issued</td></tr>"
      "<tr><th>utilisation</th><td>{:.1f}% of {} MACs a cycle (at the bound {:.1f}%)</td></tr>"
      "<tr><th>stalls</th><td>{} cycles waiting for ofifo_valid</td></tr></table>\n",
      c.cycles, c.bound.cycles(), c.macs_useful, c.macs_needed, c.stalls, esc(c.flow), c.cycles,
      c.bound.cycles(), c.over_bound(), c.macs_useful, c.macs_needed, esc(c.needed_formula), c.macs_issued,
      100.0 * c.utilisation(), c.rows * c.cols, 100.0 * c.bound_utilisation(), c.stalls);
  if (c.kijs.empty()) return h;
  h += "<table id=\"kij-counters\"><tr><th>kij</th><th>cycles</th><th>vectors</th><th>stalls</th></tr>";
  for (const KijCounters& k : c.kijs) {
    h += fmt::format("<tr data-kij-counter=\"{}\" data-cycles=\"{}\" data-vectors=\"{}\" data-stalls=\"{}\">"
                     "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                     k.kij, k.cycles, k.vectors, k.stalls, k.kij, k.cycles, k.vectors, k.stalls);
  }
  return h + "</table>\n";
}

// The trace command and the first mismatches.
std::string first_wrong(const RunInfo& info, const CheckResult& r) {
  std::string h;
  if (!info.trace_hint.empty()) {
    h += fmt::format("<h2>Trace the first wrong row</h2><code id=\"trace-command\">{}</code>\n", esc(info.trace_hint));
  }
  if (!r.mismatches.empty()) {
    h += fmt::format("<h2>First mismatches</h2><p>{} in all</p><ol id=\"mismatches\">", r.mismatches.size());
    for (size_t i = 0; i < std::min<size_t>(r.mismatches.size(), 50); ++i) h += "<li>" + esc(describe(r.mismatches[i])) + "</li>";
    h += "</ol>\n";
  }
  return h;
}

}  // namespace

std::string html_page(const RunInfo& info, const CheckResult& r, const RunLog& log, const golden::Shape& s) {
  return page_head(r) + run_table(info) + verdict(info, r) + maps(r, s) + "<h2>Schedule</h2>\n" +
         timeline(log, s) + "\n" + (info.counters ? counters(*info.counters) : "") + first_wrong(info, r) +
         "</body></html>\n";
}

}  // namespace cosim
