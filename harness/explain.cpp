#include "explain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "commands.hpp"
#include "diagnose.hpp"
#include "heatmap.hpp"
#include "timeline.hpp"

namespace cosim {

Explanation explain(const Outcome& out, const golden::VectorSet& v, const std::vector<std::string>& drop,
                    const std::vector<std::string>& add) {
  Explanation e;
  if (out.result.mismatches.empty()) return e;
  e.heatmap = text_heatmap(wrong_map(out.result, v.shape()), v.shape().cols);
  e.diagnosis = diagnose(out.schedule, v, out.golden, out.log, out.result).verdict;
  for (const Mismatch& m : out.result.mismatches) {
    if (!m.row) continue;
    const TraceWindow w = trace_window(*m.row);
    std::vector<std::string> d = drop, a = add;
    for (const char* o : {"--trace", "--trace-kij", "--trace-cycles", "--gen", "--seed", "--repeat", "--json",
                          "--junit", "--html"}) {
      d.emplace_back(o);
    }
    for (const char* o : {"--trace", "first_mismatch.fst", "--trace-cycles"}) a.emplace_back(o);
    a.push_back(fmt::format("{}:{}", w.first, w.last));
    e.trace_hint = command_with(d, a);
    break;
  }
  return e;
}

std::optional<PeProbe> pe_probe_for(const PeOptions& o, const ModelInfo& model) {
  if (!o.pattern.empty()) {
    return user_pe_probe(o.pattern, o.ports.empty() ? std::vector<std::string>{"out_s"} : o.ports);
  }
  if (!o.ports.empty()) throw std::invalid_argument("--pe-ports needs --pe (the PEs' pattern)");
  if (is_our_rtl(model)) return our_pe_probe();
  return std::nullopt;
}

FaultReport locate_in_run(const ModelInfo& traced, const PeProbe& pe, const Outcome& out,
                          const golden::VectorSet& v, RunRequest req, const std::string& scratch) {
  FaultReport r;
  const auto first = std::find_if(out.result.mismatches.begin(), out.result.mismatches.end(),
                                  [](const Mismatch& m) { return m.kind == Kind::Value && m.kij >= 0 && m.row; });
  if (first == out.result.mismatches.end()) return r;
  req.trace = scratch;
  req.drive.trace_kij = first->kij;
  req.drive.trace_cycles.reset();
  req.x_seeds.clear();
  try {
    const Outcome again = run_set(traced, v, req);
    const Located f = locate_fault(scratch, pe, v.tile, again.schedule, again.log, first->kij);
    r.fault = f.fault;
    r.text = f.fault ? describe(*f.fault) + (f.note.empty() ? "" : "; " + f.note) : f.note;
  } catch (const std::exception& e) {
    r.text = fmt::format("fault location skipped: {}", e.what());
  }
  std::remove(scratch.c_str());
  return r;
}

GtkwView whole_trace(const RunLog& log) {
  GtkwView v;
  v.window = log.traced ? *log.traced : TraceWindow{0, log.cycles};
  v.title = "the whole trace";
  return v;
}

GtkwView view_of(const Outcome& out, const ModelInfo& model, const std::optional<FaultLocation>& fault,
                 const std::optional<PeProbe>& pe) {
  GtkwView v = whole_trace(out.log);
  for (const Mismatch& m : out.result.mismatches) {
    if (!m.row || !m.row->write || !v.window.contains(*m.row->write)) continue;
    const TraceWindow w = trace_window(*m.row);
    v.window = TraceWindow{std::max(w.first, v.window.first), std::min(w.last, v.window.last)};
    v.marker = *m.row->write;
    v.pe = fault ? std::make_pair(fault->row, fault->col) : std::make_pair(model.rows - 1, m.col);
    v.probe = pe;
    v.title = fmt::format("the first wrong row the trace holds: kij {} nij {} col {}, written at cycle {} "
                          "(the marker)", m.kij, m.nij, m.col, *m.row->write);
    break;
  }
  return v;
}

std::string write_view(const ModelInfo& model, const std::string& trace, const GtkwView& v) {
  const std::string path = trace.substr(0, trace.rfind('.')) + ".gtkw";
  write_gtkw(path, trace, model, v);
  return path;
}

}  // namespace cosim
