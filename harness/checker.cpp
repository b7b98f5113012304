#include "checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

namespace cosim {

const char* status_name(Status s) {
  switch (s) {
    case Status::Pass: return "PASS";
    case Status::Fail: return "FAIL";
    case Status::Skip: return "SKIP";
  }
  return "?";
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Value: return "value";
    case Kind::Missing: return "missing";
    case Kind::Duplicate: return "duplicate";
    case Kind::Unexpected: return "unexpected";
    case Kind::Protocol: return "protocol";
    case Kind::Inconsistent: return "inconsistent-input";
    case Kind::Hung: return "not-reached";
    case Kind::XDependent: return "x-dependent";
  }
  return "?";
}

int CheckResult::passed() const {
  return static_cast<int>(std::count_if(cases.begin(), cases.end(),
                                        [](const CaseResult& c) { return c.status == Status::Pass; }));
}
int CheckResult::failed() const {
  return static_cast<int>(std::count_if(cases.begin(), cases.end(),
                                        [](const CaseResult& c) { return c.status == Status::Fail; }));
}

namespace {

std::string kij_case(int kij) { return fmt::format("kij{}", kij); }
std::string where(const golden::Where& w) { return fmt::format("{}:{}", w.file, w.line); }

// What the user's file says about an expected value, for the mismatch note.
std::string file_note(const std::optional<std::vector<int64_t>>& values,
                      const std::vector<golden::Where>& lines, size_t value_index,
                      size_t line_index, int64_t golden_value) {
  if (!values || line_index >= lines.size()) return "golden model";
  const int64_t f = (*values)[value_index];
  if (f == golden_value) return fmt::format("golden model; {} agrees", where(lines[line_index]));
  return fmt::format("golden model; {} says {} (inconsistent input)", where(lines[line_index]), f);
}

class Judge {
 public:
  Judge(const Schedule& s, const golden::VectorSet& v, const golden::TileResult& g,
        const RunLog& log)
      : s_(s), v_(v), g_(g), log_(log), sh_(v.shape()), raw_(s.flow.relu == ReluMode::None),
        out_case_(raw_ ? "out_raw" : "out_relu") {}

  void input_consistency() {
    CaseResult c{"input_consistency", Status::Skip, 0, 0, ""};
    if (!v_.psum && !v_.out && !v_.out_relu && v_.more_out.empty()) {
      c.detail = "no psum, out or out_relu file given";
      cases_.push_back(c);
      return;
    }
    if (v_.psum) c.checked += static_cast<int>(v_.psum->size());
    if (v_.out) c.checked += static_cast<int>(v_.out->size());
    if (v_.out_relu) c.checked += static_cast<int>(v_.out_relu->size());
    for (const golden::OutputFile& o : v_.more_out) c.checked += static_cast<int>(o.values.size());
    for (const golden::Discrepancy& d : golden::check_consistency(v_, g_)) {
      Mismatch m;
      m.check = c.name;
      m.kind = Kind::Inconsistent;
      m.kij = d.kij;
      m.nij = d.nij;
      m.col = d.col;
      m.expected = d.expected;
      m.actual = d.actual;
      m.width = sh_.psum_w;
      m.note = fmt::format("{} ({} file) disagrees with the golden model of its own "
                           "activation and weights",
                           where(d.where), d.file_kind);
      add(m);
      ++c.failed;
    }
    c.status = c.failed ? Status::Fail : Status::Pass;
    c.detail = c.failed ? "given files disagree with the golden model" : "given files agree";
    cases_.push_back(c);
  }

  void psums(bool has_probe) {
    const int n_nij = sh_.n_nij();
    std::vector<bool> selected(static_cast<size_t>(sh_.n_kij()), false);
    for (int k : s_.kijs) selected[static_cast<size_t>(k)] = true;

    std::map<uint32_t, const PsumWrite*> first;
    std::vector<int> checked(static_cast<size_t>(sh_.n_kij()), 0);
    const int stride = s_.psum_stride;
    for (const PsumWrite& w : log_.writes) {
      const int kij = static_cast<int>(w.addr) / stride;
      const int nij = static_cast<int>(w.addr) % stride;
      const bool expected = kij < sh_.n_kij() && nij < n_nij && selected[static_cast<size_t>(kij)] &&
                            s_.is_due(kij, nij);
      if (!expected) {
        Mismatch m = at(w, w.kij >= 0 ? kij_case(w.kij) : out_case_, Kind::Unexpected);
        m.note = fmt::format("write to psum address {} during {} is outside the flow's "
                             "addresses", w.addr, phase_name(w.phase));
        add(m);
        continue;
      }
      if (first.count(w.addr)) {
        Mismatch m = at(w, kij_case(kij), Kind::Duplicate);
        m.kij = kij;
        m.nij = nij;
        m.note = fmt::format("psum address {} written again (first at cycle {})", w.addr,
                             first[w.addr]->cycle);
        add(m);
        continue;
      }
      first[w.addr] = &w;
      for (int col = 0; col < sh_.cols; ++col) {
        const int64_t want = g_.psum_at(kij, nij, col);
        const int64_t got = w.lanes[static_cast<size_t>(col)];
        ++checked[static_cast<size_t>(kij)];
        if (want == got) continue;
        Mismatch m = at(w, kij_case(kij), Kind::Value);
        m.kij = kij;
        m.nij = nij;
        m.col = col;
        m.expected = want;
        m.actual = got;
        const size_t line = static_cast<size_t>(kij * n_nij + nij);
        m.note = file_note(v_.psum, v_.psum_lines, line * static_cast<size_t>(sh_.cols) + static_cast<size_t>(col), line, want);
        m.row = row_timeline(s_, log_, kij, nij, w.cycle);
        add(m);
      }
    }
    for (const ProtocolEvent& e : log_.events) {
      Mismatch m;
      m.check = e.kij >= 0 ? kij_case(e.kij) : out_case_;
      m.kind = Kind::Protocol;
      m.kij = e.kij;
      m.cycle = e.cycle;
      m.note = fmt::format("{} (phase {})", e.what, phase_name(e.phase));
      add(m);
    }

    for (int kij = 0; kij < sh_.n_kij(); ++kij) {
      CaseResult c{kij_case(kij), Status::Skip, 0, 0, ""};
      if (!selected[static_cast<size_t>(kij)]) {
        c.detail = "not selected (--kij)";
      } else if (!has_probe) {
        c.detail = "no psum probe: the core's psum SRAM is not visible, outputs only";
      } else {
        int missing = 0, due = 0;
        for (int nij = 0; nij < n_nij; ++nij) {
          if (!s_.is_due(kij, nij)) continue;
          ++due;
          if (!first.count(static_cast<uint32_t>(kij * stride + nij))) ++missing;
        }
        if (missing) missing_rows(c.name, kij, missing, due);
        c.checked = checked[static_cast<size_t>(kij)];
        finish(c);
        if (due < n_nij) c.detail += fmt::format(" ({} of {} positions: those that feed an output)", due, n_nij);
      }
      cases_.push_back(c);
    }
  }

  void outputs() {
    CaseResult c{out_case_, Status::Skip, 0, 0, ""};
    if (!s_.outputs) {
      c.detail = fmt::format("needs all {} kij; this run has {}", sh_.n_kij(), s_.kijs.size());
      cases_.push_back(c);
      return;
    }
    std::vector<const OutSample*> by_onij(static_cast<size_t>(sh_.n_onij()), nullptr);
    for (const OutSample& o : log_.samples) by_onij[static_cast<size_t>(o.o_nij)] = &o;
    int missing = 0;
    for (int o = 0; o < sh_.n_onij(); ++o) {
      const OutSample* smp = by_onij[static_cast<size_t>(o)];
      if (!smp) {
        ++missing;
        continue;
      }
      for (int col = 0; col < sh_.cols; ++col) {
        const int64_t want = raw_ ? g_.out_raw_at(o, col) : g_.out_relu_at(o, col);
        const int64_t got = smp->lanes[static_cast<size_t>(col)];
        ++c.checked;
        if (want == got) continue;
        Mismatch m;
        m.check = c.name;
        m.kind = Kind::Value;
        m.nij = o;
        m.col = col;
        m.expected = want;
        m.actual = got;
        m.width = sh_.psum_w;
        m.cycle = smp->cycle;
        const size_t idx = static_cast<size_t>(o * sh_.cols + col);
        if (raw_) {
          m.note = v_.out && v_.out_kind == golden::OutKind::Raw
                       ? file_note(v_.out, v_.out_lines, idx, static_cast<size_t>(o), want)
                       : "golden model, raw sums (relu none)";
        } else if (v_.out_relu) {
          m.note = file_note(v_.out_relu, v_.out_relu_lines, idx, static_cast<size_t>(o), want);
        } else if (v_.out && v_.out_kind == golden::OutKind::Relu) {
          m.note = file_note(v_.out, v_.out_lines, idx, static_cast<size_t>(o), want);
        } else {
          m.note = "golden model";
        }
        add(m);
      }
    }
    if (missing) missing_rows(c.name, -1, missing, sh_.n_onij());
    finish(c);
    cases_.push_back(c);
  }

  CheckResult result(std::vector<std::string> warnings) {
    CheckResult r;
    // Count mismatches against their cases (a mismatch may belong to a case
    // that finished earlier, e.g. a protocol event).
    for (CaseResult& c : cases_) {
      c.failed = static_cast<int>(std::count_if(mismatches_.begin(), mismatches_.end(),
                                                [&](const Mismatch& m) { return m.check == c.name; }));
      if (c.failed) c.status = Status::Fail;
    }
    std::stable_sort(mismatches_.begin(), mismatches_.end(), [&](const Mismatch& a, const Mismatch& b) {
      return order(a.check) < order(b.check);
    });
    r.cases = std::move(cases_);
    r.mismatches = std::move(mismatches_);
    r.warnings = std::move(warnings);
    r.hung = log_.hang.has_value() || log_.model_error.has_value() || log_.interrupted.has_value();
    if (log_.interrupted && !log_.hang && !log_.model_error) {
      const Hang& i = *log_.interrupted;
      r.stopped = fmt::format("{} at cycle {} in phase {}{}", i.what, i.cycle, phase_name(i.phase),
                              i.kij >= 0 ? fmt::format(" of kij {}", i.kij) : "");
    } else if (const std::optional<Hang>& stop = log_.hang ? log_.hang : log_.model_error) {
      r.stopped = fmt::format("the run stopped at cycle {} in phase {}{}: {}", stop->cycle,
                              phase_name(stop->phase),
                              stop->kij >= 0 ? fmt::format(" of kij {}", stop->kij) : "",
                              stop->what);
    }
    return r;
  }

 private:
  Mismatch at(const PsumWrite& w, const std::string& check, Kind k) const {
    Mismatch m;
    m.check = check;
    m.kind = k;
    m.kij = w.kij;
    m.cycle = w.cycle;
    m.addr = w.addr;
    m.width = sh_.psum_w;
    return m;
  }

  void add(const Mismatch& m) { mismatches_.push_back(m); }

  // Rows that never came: the run stopped first, or the core lost them.
  void missing_rows(const std::string& check, int kij, int count, int total) {
    Mismatch m;
    m.check = check;
    m.kij = kij;
    m.width = sh_.psum_w;
    const std::optional<Hang>& stop =
        log_.hang ? log_.hang : log_.model_error ? log_.model_error : log_.interrupted;
    if (stop) {
      m.kind = Kind::Hung;
      m.cycle = stop->cycle;
      m.note = fmt::format("{} rows not reached: the run stopped at cycle {} in phase {}{}: {}",
                           count, stop->cycle, phase_name(stop->phase),
                           stop->kij >= 0 ? fmt::format(" of kij {}", stop->kij) : "", stop->what);
    } else {
      m.kind = Kind::Missing;
      m.note = kij >= 0 ? fmt::format("{} of {} psum rows were never written to the psum SRAM",
                                      count, total)
                        : fmt::format("{} of {} outputs were never sampled", count, total);
    }
    add(m);
  }

  void finish(CaseResult& c) {
    c.status = Status::Pass;
    c.detail = fmt::format("{} words", c.checked);
  }

  int order(const std::string& check) const {
    for (size_t i = 0; i < cases_.size(); ++i) {
      if (cases_[i].name == check) return static_cast<int>(i);
    }
    return static_cast<int>(cases_.size());
  }

  const Schedule& s_;
  const golden::VectorSet& v_;
  const golden::TileResult& g_;
  const RunLog& log_;
  const golden::Shape& sh_;
  const bool raw_;              // the core has no ReLU: outputs judged raw
  const std::string out_case_;  // "out_relu", or "out_raw"
  std::vector<CaseResult> cases_;
  std::vector<Mismatch> mismatches_;
};

}  // namespace

std::vector<std::string> fast_flow_notes(const Schedule& s) {
  std::vector<std::string> notes;
  if (s.flow.kind != FlowKind::Fast) return notes;
  if (s.flow.drain_delay >= 0) {
    notes.push_back(fmt::format("drain_delay {} is not used by the fast flow: each row is popped "
                                "{} cycles after its execute (stream_latency)",
                                s.flow.drain_delay, s.flow.stream_latency));
  }
  if (s.flow.positions == Positions::Outputs) {
    notes.push_back(fmt::format(
        "positions outputs: each kij executed only the {} of its {} positions that feed an "
        "output; the psums of the others were not produced, so neither checked",
        s.shape.n_onij(), s.shape.n_nij()));
  }
  return notes;
}

CheckResult check_run(const Schedule& s, const golden::VectorSet& v, const golden::TileResult& g,
                      const RunLog& log, bool has_probe) {
  Judge j(s, v, g, log);
  j.psums(has_probe);
  j.outputs();
  j.input_consistency();

  std::vector<std::string> warnings;
  if (!has_probe) {
    warnings.push_back("the core has no psum probe: psum words are not checked, only the "
                       "final outputs (name the psum SRAM to check every kij)");
  }
  const bool fast = s.flow.kind == FlowKind::Fast;
  if (s.flow.valid == ValidUse::Ignore) {
    warnings.push_back(fmt::format(
        "ofifo_valid was not used (valid = ignore): each kij's rows were popped open-loop, "
        "{}, and extra rows in the output FIFO are not seen",
        s.flow.stream || fast ? fmt::format("{} cycles after each execute", s.flow.stream_latency)
                              : fmt::format("{} cycles after the last execute", s.flow.drain_delay)));
  }
  for (const std::string& w : fast_flow_notes(s)) warnings.push_back(w);
  if (s.flow.relu == ReluMode::None) {
    warnings.push_back("this core has no ReLU (relu = none): its outputs are judged against the "
                       "golden raw sums (case out_raw); ReLU itself is not checked");
  }
  if (!g.wraps.empty()) {
    const golden::WrapEvent& w = g.wraps.front();
    warnings.push_back(fmt::format("{} golden values wrapped (first: {}: exact {} wrapped to {}); "
                                   "the hardware wraps the same way",
                                   g.wraps.size(), w.where, w.exact, w.wrapped));
  }
  return j.result(std::move(warnings));
}

namespace {

// The first way `run` differs from `base`, or nullopt when they agree.
std::optional<Mismatch> first_difference(const RunLog& base, const RunLog& run, int psum_w) {
  Mismatch m;
  m.check = "x_init";
  m.kind = Kind::XDependent;
  m.width = psum_w;
  const size_t nw = std::min(base.writes.size(), run.writes.size());
  for (size_t i = 0; i < nw; ++i) {
    const PsumWrite& a = base.writes[i];
    const PsumWrite& b = run.writes[i];
    if (a.addr != b.addr || a.cycle != b.cycle) {
      m.cycle = std::min(a.cycle, b.cycle);
      m.note = fmt::format("psum write {} went to address {} at cycle {} instead of address {} "
                           "at cycle {}", i, b.addr, b.cycle, a.addr, a.cycle);
      return m;
    }
    for (size_t c = 0; c < a.lanes.size(); ++c) {
      if (a.lanes[c] == b.lanes[c]) continue;
      m.kij = a.kij;
      m.col = static_cast<int>(c);
      m.expected = a.lanes[c];
      m.actual = b.lanes[c];
      m.cycle = a.cycle;
      m.addr = a.addr;
      m.note = "psum word differs from the run with zero-initialised state";
      return m;
    }
  }
  if (base.writes.size() != run.writes.size()) {
    m.note = fmt::format("{} psum writes instead of {}", run.writes.size(), base.writes.size());
    return m;
  }
  for (size_t i = 0; i < std::min(base.samples.size(), run.samples.size()); ++i) {
    const OutSample& a = base.samples[i];
    const OutSample& b = run.samples[i];
    for (size_t c = 0; c < a.lanes.size(); ++c) {
      if (a.lanes[c] == b.lanes[c] && a.cycle == b.cycle) continue;
      m.nij = a.o_nij;
      m.col = static_cast<int>(c);
      m.expected = a.lanes[c];
      m.actual = b.lanes[c];
      m.cycle = a.cycle;
      m.note = fmt::format("output o_nij {} differs from the run with zero-initialised state",
                           a.o_nij);
      return m;
    }
  }
  if (base.samples.size() != run.samples.size() || base.hang.has_value() != run.hang.has_value() ||
      base.events.size() != run.events.size() || base.cycles != run.cycles) {
    m.cycle = std::min(base.cycles, run.cycles);
    m.note = fmt::format("the run took {} cycles with {} outputs{} instead of {} cycles with {} "
                         "outputs{}",
                         run.cycles, run.samples.size(), run.hang ? " and hung" : "",
                         base.cycles, base.samples.size(), base.hang ? " and hung" : "");
    return m;
  }
  return std::nullopt;
}

}  // namespace

void check_x_init(CheckResult& r, const RunLog& base,
                  const std::vector<std::pair<uint64_t, RunLog>>& seeded, int psum_w) {
  CaseResult c{"x_init", Status::Pass, 0, 0, ""};
  std::string seeds;
  for (const auto& [seed, log] : seeded) {
    seeds += (seeds.empty() ? "" : ",") + std::to_string(seed);
    c.checked += static_cast<int>(log.writes.size() + log.samples.size());
    if (std::optional<Mismatch> m = first_difference(base, log, psum_w)) {
      m->note = fmt::format("+verilator+seed+{}: {} (the design depends on uninitialised state)",
                            seed, m->note);
      r.mismatches.push_back(*m);
      ++c.failed;
    }
  }
  c.status = c.failed ? Status::Fail : Status::Pass;
  c.detail = c.failed ? fmt::format("{} of {} X seeds changed the result", c.failed, seeded.size())
                      : fmt::format("identical under X seeds {}", seeds);
  r.cases.push_back(c);
}

}  // namespace cosim
