#include "counters.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cosim {

namespace {

double ratio(uint64_t num, uint64_t den) {
  return den > 0 ? static_cast<double>(num) / static_cast<double>(den) : 0.0;
}

uint64_t get(const std::vector<uint64_t>& v, size_t i) { return i < v.size() ? v[i] : 0; }

// Distinct psum rows written at a (kij, nij) of the run that some output reads.
uint64_t useful_rows(const Schedule& s, const RunLog& log) {
  const golden::Shape& sh = s.shape;
  std::vector<bool> feeds(static_cast<size_t>(sh.n_kij() * sh.n_nij()), false);
  for (int kij : s.kijs)
    for (int o = 0; o < sh.n_onij(); ++o) {
      const int nij = golden::sfp_nij(sh, o, kij);
      if (s.is_due(kij, nij)) feeds[static_cast<size_t>(kij * sh.n_nij() + nij)] = true;
    }
  std::vector<bool> seen(feeds.size(), false);
  uint64_t n = 0;
  for (const PsumWrite& w : log.writes) {
    const int kij = static_cast<int>(w.addr) / s.psum_stride;
    const int nij = static_cast<int>(w.addr) % s.psum_stride;
    if (kij >= sh.n_kij() || nij >= sh.n_nij()) continue;
    const size_t i = static_cast<size_t>(kij * sh.n_nij() + nij);
    if (!feeds[i] || seen[i]) continue;
    seen[i] = true;
    ++n;
  }
  return n;
}

}  // namespace

double Counters::utilisation() const {
  return ratio(macs_useful, static_cast<uint64_t>(rows) * static_cast<uint64_t>(cols) * cycles);
}

double Counters::bound_utilisation() const {
  return ratio(macs_needed,
               static_cast<uint64_t>(rows) * static_cast<uint64_t>(cols) * bound.cycles());
}

double Counters::over_bound() const { return ratio(cycles, bound.cycles()); }

Counters count_tally(const Tally& t, uint64_t cycles, int rows, int cols) {
  Counters c;
  c.rows = rows;
  c.cols = cols;
  c.cycles = cycles;
  for (int p = 0; p < kPhaseCount; ++p) {
    const uint64_t n = get(t.phase_cycles, static_cast<size_t>(p));
    if (n > 0) c.phases.push_back({static_cast<Phase>(p), n});
  }
  const size_t nk = std::max(t.kij_cycles.size(), t.kij_stalls.size());
  for (size_t k = 0; k < nk; ++k) {
    KijCounters kc{static_cast<int>(k), get(t.kij_cycles, k), get(t.kij_vectors, k),
                   get(t.kij_stalls, k)};
    if (kc.cycles > 0) c.kijs.push_back(kc);
  }
  c.vectors = t.vectors;
  c.macs_issued = t.vectors * static_cast<uint64_t>(rows) * static_cast<uint64_t>(cols);
  c.stalls = t.stalls;
  return c;
}

Counters count_set(const Schedule& s, const RunLog& log) {
  const golden::Shape& sh = s.shape;
  Counters c = count_tally(log.tally, log.cycles, sh.rows, sh.cols);
  c.flow = name(s.flow.kind);
  const uint64_t kijs = s.kijs.size();
  c.macs_needed = static_cast<uint64_t>(sh.n_onij()) * static_cast<uint64_t>(sh.cols) *
                  static_cast<uint64_t>(sh.rows) * kijs;
  c.needed_formula = fmt::format("{} outputs x {} out x {} in x {} kij", sh.n_onij(), sh.cols,
                                 sh.rows, kijs);
  c.macs_useful = useful_rows(s, log) * static_cast<uint64_t>(sh.rows) * static_cast<uint64_t>(sh.cols);
  c.bound.passes = kijs;
  c.bound.load = sh.cols;
  c.bound.positions = static_cast<uint64_t>(
      s.flow.positions == Positions::Outputs ? sh.n_onij() : sh.n_nij());
  c.bound.skew = sh.rows + sh.cols - 1;
  return c;
}

}  // namespace cosim
