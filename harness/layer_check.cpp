#include "layer_check.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cosim {

namespace {

size_t at(int i) { return static_cast<size_t>(i); }

}  // namespace

LayerJudge::LayerJudge(const golden::Layer& l, const LayerPlan& p, bool has_probe)
    : l_(l), p_(p), probe_(has_probe), raw_(p.flow.relu == ReluMode::None),
      g_(golden::compute_layer(l)), played_(p.blocks.size(), false),
      unreached_(at(l.shape.oc_tiles()), 0) {
  const golden::Shape& s = l.shape;
  const int blocks_per_otile = static_cast<int>(p.blocks.size()) / s.oc_tiles();
  for (int o = 0; o < s.oc_tiles(); ++o) {
    cases_.push_back({fmt::format("otile{}", o), Status::Pass, 0, 0,
                      fmt::format("psums of {} input tiles x {} kij x {} spatial tiles of {}x{}",
                                  s.ic_tiles(), s.n_kij(), blocks_per_otile, p.th, p.tw)});
    cases_.push_back({fmt::format("otile{}_{}", o, raw_ ? "out_raw" : "out_relu"), Status::Pass, 0,
                      0, fmt::format("{} outputs x {} channels", s.n_onij(), s.cols)});
  }
  kept_.assign(cases_.size(), 0);
}

void LayerJudge::golden_for(int otile) {
  if (otile == golden_otile_) return;
  tiles_.clear();
  for (int i = 0; i < l_.shape.ic_tiles(); ++i) {
    tiles_.push_back(golden::compute_tile(golden::make_tile(l_, i, otile)));
  }
  golden_otile_ = otile;
}

void LayerJudge::add(int c, Mismatch m) {
  m.check = cases_[at(c)].name;
  ++cases_[at(c)].failed;
  if (kept_[at(c)] >= kKeepPerCase) return;
  ++kept_[at(c)];
  mismatches_.push_back(std::move(m));
}

void LayerJudge::psum_write(size_t b, const PsumWrite& w, std::vector<bool>& seen) {
  const LayerBlock& blk = p_.blocks[b];
  const golden::Shape& s = l_.shape;
  const int c = 2 * blk.otile;
  Mismatch m;
  m.kij = w.kij;
  m.cycle = w.cycle;
  m.addr = w.addr;
  m.width = s.psum_w;
  const int pass = static_cast<int>(w.addr) / p_.stride;
  const int r = static_cast<int>(w.addr) % p_.stride;
  if (pass >= p_.passes() || r >= p_.per_pass()) {
    m.kind = Kind::Unexpected;
    m.note = fmt::format("write to psum address {} during {} is outside the rows of block {}",
                         w.addr, phase_name(w.phase), b);
    return add(c, m);
  }
  const int kij = pass / s.ic_tiles();
  const int itile = pass % s.ic_tiles();
  m.kij = kij;
  m.nij = p_.layer_nij(blk, p_.wpos(kij, r));
  const std::string where = fmt::format("itile {} otile {}, spatial tile at output ({}, {})",
                                        itile, blk.otile, blk.oi0, blk.oj0);
  if (seen[at(static_cast<int>(w.addr))]) {
    m.kind = Kind::Duplicate;
    m.note = fmt::format("psum address {} written again in this block ({})", w.addr, where);
    return add(c, m);
  }
  seen[at(static_cast<int>(w.addr))] = true;
  useful_rows_ += p_.feeds(kij, r);
  for (int col = 0; col < s.cols; ++col) {
    const int64_t want = tiles_[at(itile)].psum_at(kij, m.nij, col);
    const int64_t got = w.lanes[at(col)];
    ++cases_[at(c)].checked;
    if (want == got) continue;
    Mismatch v = m;
    v.kind = Kind::Value;
    v.col = col;
    v.expected = want;
    v.actual = got;
    v.note = "golden model (the psum compute_layer sums); " + where;
    add(c, v);
  }
}

void LayerJudge::block(size_t b, const std::vector<PsumWrite>& writes,
                       const std::vector<ProtocolEvent>& events, bool stopped) {
  const LayerBlock& blk = p_.blocks[b];
  played_[b] = true;
  for (const ProtocolEvent& e : events) {
    Mismatch m;
    m.kind = Kind::Protocol;
    m.kij = e.kij;
    m.cycle = e.cycle;
    m.note = fmt::format("{} (phase {}, block {})", e.what, phase_name(e.phase), b);
    add(2 * blk.otile, m);
  }
  if (!probe_) return;
  golden_for(blk.otile);
  std::vector<bool> seen(at(p_.passes() * p_.stride), false);
  for (const PsumWrite& w : writes) psum_write(b, w, seen);
  int missing = 0;
  for (int q = 0; q < p_.passes(); ++q)
    for (int r = 0; r < p_.per_pass(); ++r) missing += !seen[at(q * p_.stride + r)];
  if (missing == 0) return;
  Mismatch m;
  m.kind = stopped ? Kind::Hung : Kind::Missing;
  m.note = fmt::format("{} of {} psum rows of block {} (otile {}, spatial tile at output ({}, {})) "
                       "{}", missing, p_.passes() * p_.per_pass(), b, blk.otile, blk.oi0, blk.oj0,
                       stopped ? "not reached: the run stopped" : "never written to the psum SRAM");
  add(2 * blk.otile, m);
}

void LayerJudge::outputs(const RunLog& log) {
  const golden::Shape& s = l_.shape;
  const int n = s.n_onij();
  std::vector<const OutSample*> by(at(s.oc_tiles() * n), nullptr);
  for (const OutSample& o : log.samples) {
    if (o.o_nij >= 0 && o.o_nij < static_cast<int>(by.size())) by[at(o.o_nij)] = &o;
  }
  std::vector<int> missing(at(s.oc_tiles()), 0);
  for (int i = 0; i < static_cast<int>(by.size()); ++i) {
    const int otile = i / n, o_nij = i % n;
    const OutSample* smp = by[at(i)];
    if (!smp) {
      ++missing[at(otile)];
      continue;
    }
    for (int col = 0; col < s.cols; ++col) {
      const size_t gi = at((otile * s.cols + col) * n + o_nij);
      const int64_t want = raw_ ? g_.out_raw[gi] : g_.out_relu[gi];
      const int64_t got = smp->lanes[at(col)];
      ++cases_[at(2 * otile + 1)].checked;
      if (want == got) continue;
      Mismatch m;
      m.kind = Kind::Value;
      m.nij = o_nij;
      m.col = col;
      m.expected = want;
      m.actual = got;
      m.width = s.psum_w;
      m.cycle = smp->cycle;
      m.note = fmt::format("golden model (compute_layer), output channel {}", otile * s.cols + col);
      add(2 * otile + 1, m);
    }
  }
  const bool stopped = log.hang || log.model_error;
  for (int o = 0; o < s.oc_tiles(); ++o) {
    if (!missing[at(o)]) continue;
    Mismatch m;
    m.kind = stopped ? Kind::Hung : Kind::Missing;
    m.note = fmt::format("{} of {} outputs {}", missing[at(o)], n,
                         stopped ? "not reached: " + stop_text(log) : "were never sampled");
    add(2 * o + 1, m);
  }
}

std::string LayerJudge::stop_text(const RunLog& log) const {
  const std::optional<Hang>& stop = log.hang ? log.hang : log.model_error;
  if (!stop) return "";
  return fmt::format("the run stopped at cycle {} in phase {}{}: {}", stop->cycle,
                     phase_name(stop->phase),
                     stop->kij >= 0 ? fmt::format(" of kij {}", stop->kij) : "", stop->what);
}

std::vector<std::string> LayerJudge::flow_warnings() const {
  const Flow& f = p_.flow;
  std::vector<std::string> w;
  if (!probe_) {
    w.push_back("the core has no psum probe: psum words are not checked, only the final outputs");
  }
  if (f.valid == ValidUse::Ignore) {
    w.push_back("ofifo_valid was not used (valid = ignore): every pass's rows were popped "
                "open-loop, and extra rows in the output FIFO are not seen");
  }
  if (raw_) {
    w.push_back("this core has no ReLU (relu = none): its outputs are judged against the golden "
                "raw sums; ReLU itself is not checked");
  }
  if (f.kind == FlowKind::Fast && f.drain_delay >= 0) {
    w.push_back(fmt::format("drain_delay {} is not used by the fast flow", f.drain_delay));
  }
  if (p_.compact()) {
    w.push_back(fmt::format("positions outputs: each pass executed the {} outputs of its tile, "
                            "not the {} positions of its window; those psums were not produced",
                            p_.per_pass(), p_.win()));
  }
  return w;
}

// Mismatches in case order, as the tile checker lists them.
std::vector<Mismatch> LayerJudge::in_case_order() {
  auto order = [&](const std::string& n) {
    for (size_t c = 0; c < cases_.size(); ++c) {
      if (cases_[c].name == n) return c;
    }
    return cases_.size();
  };
  std::stable_sort(mismatches_.begin(), mismatches_.end(), [&](const Mismatch& a, const Mismatch& b) {
    return order(a.check) < order(b.check);
  });
  return std::move(mismatches_);
}

CheckResult LayerJudge::finish(const RunLog& log) {
  for (size_t b = 0; b < played_.size(); ++b) {
    if (!played_[b]) unreached_[at(p_.blocks[b].otile)] += p_.passes() * p_.per_pass();
  }
  for (int o = 0; o < l_.shape.oc_tiles(); ++o) {
    if (!unreached_[at(o)] || !probe_) continue;
    Mismatch m;
    m.kind = Kind::Hung;
    m.note = fmt::format("{} psum rows of blocks never played not reached: {}", unreached_[at(o)],
                         stop_text(log));
    add(2 * o, m);
  }
  outputs(log);
  CheckResult r;
  for (size_t c = 0; c < cases_.size(); ++c) {
    CaseResult k = cases_[c];
    if (c % 2 == 0 && !probe_) {
      k = {k.name, Status::Skip, 0, 0, "no psum probe: the core's psum SRAM is not visible, outputs only"};
    } else {
      k.status = k.failed ? Status::Fail : Status::Pass;
      k.detail = fmt::format("{} words: {}", k.checked, k.detail);
    }
    r.cases.push_back(k);
  }
  r.cases.push_back({"input_consistency", Status::Skip, 0, 0,
                     "a whole-layer run compares no psum or output files: every expectation is "
                     "the golden model's (compute_layer)"});
  r.mismatches = in_case_order();
  r.hung = log.hang.has_value() || log.model_error.has_value();
  r.stopped = stop_text(log);
  for (size_t c = 0; c < cases_.size(); ++c) {
    if (cases_[c].failed > kept_[c]) {
      r.warnings.push_back(fmt::format("{}: {} mismatches, the first {} kept and listed",
                                       cases_[c].name, cases_[c].failed, kept_[c]));
    }
  }
  for (const std::string& w : flow_warnings()) r.warnings.push_back(w);
  if (!g_.wraps.empty()) {
    const golden::WrapEvent& w = g_.wraps.front();
    r.warnings.push_back(fmt::format(
        "{} golden values wrapped (first: {}: exact {} wrapped to {}); the hardware wraps the same "
        "way: the SFP accumulates {} psums an output in {} bits (SPEC section 1: exact sums of "
        "this layer can need more)", g_.wraps.size(), w.where, w.exact, w.wrapped,
        p_.passes(), l_.shape.acc_w));
  }
  return r;
}

}  // namespace cosim
