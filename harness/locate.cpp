#include "locate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <tuple>

#include "timeline.hpp"
#include "vcd.hpp"

namespace cosim {

std::string PeProbe::signal(int r, int c, const std::string& port) const {
  std::string path = pattern;
  const size_t first = path.find("[*]");
  path.replace(first, 3, fmt::format("[{}]", r));
  path.replace(path.find("[*]", first), 3, fmt::format("[{}]", c));
  return fmt::format("TOP.cosim_top.u_core.{}.{}", path, port);
}

PeProbe our_pe_probe() {
  PeProbe p;
  p.pattern = "u_corelet.u_mac_array.g_row[*].g_col[*].u_pe";
  p.psum = "psum_s_o";
  p.act = "act_q";
  p.weight = "wgt_q";
  p.d0 = 1;  // docs/ARCHITECTURE.md: PE (r, c) holds vector i in exec_i + 1 + r + c
  return p;
}

PeProbe user_pe_probe(const std::string& pattern, const std::vector<std::string>& ports) {
  size_t stars = 0;
  for (size_t at = pattern.find("[*]"); at != std::string::npos; at = pattern.find("[*]", at + 1)) ++stars;
  if (stars != 2) {
    throw std::invalid_argument(fmt::format(
        "pe '{}': the pattern needs two [*], the row's then the column's (e.g. "
        "u_corelet.mac.row[*].col[*].pe), not {}", pattern, stars));
  }
  if (ports.empty() || ports.size() > 3 || ports[0].empty()) {
    throw std::invalid_argument(
        "pe_ports: the PE's psum output, then optionally its activation and weight (e.g. "
        "out_s,a_q,w_q)");
  }
  PeProbe p;
  p.pattern = pattern;
  p.psum = ports[0];
  if (ports.size() > 1) p.act = ports[1];
  if (ports.size() > 2) p.weight = ports[2];
  return p;
}

namespace {

// The values a PE's psum output shows, the golden partial sums, and the
// cycles the vectors were executed: what the latencies are found from.
// Vector i of the kij is position vecs[i].first, executed in vecs[i].second.
struct Grid {
  const golden::Tile& tile;
  const PeProbe& pe;
  std::vector<std::pair<int, uint64_t>> vecs;
  int kij;
  int n;  // vectors
  std::vector<const Vcd::Series*> psum, act_s;  // PE r * cols + c

  Grid(const golden::Tile& t, const Vcd& trace, const PeProbe& p, std::vector<std::pair<int, uint64_t>> v, int k)
      : tile(t), pe(p), vecs(std::move(v)), kij(k), n(static_cast<int>(vecs.size())) {
    for (int r = 0; r < t.shape.rows; ++r) {
      for (int c = 0; c < t.shape.cols; ++c) {
        psum.push_back(&trace.series(p.signal(r, c, p.psum)));
        if (!p.act.empty()) act_s.push_back(&trace.series(p.signal(r, c, p.act)));
      }
    }
  }
  size_t at(int r, int c) const { return static_cast<size_t>(r * tile.shape.cols + c); }
  int nij(int i) const { return vecs[static_cast<size_t>(i)].first; }
  uint64_t exec(int i) const { return vecs[static_cast<size_t>(i)].second; }
  int64_t want(int i, int r, int c) const {
    int64_t s = 0;
    for (int q = 0; q <= r; ++q) s = golden::wrap_signed(s + tile.w(kij, c, q) * tile.a(nij(i), q), tile.shape.psum_w);
    return s;
  }
  // During cycle T the clock-low dump (time 10 T) shows the PE's output
  // from the registers of the edge before.
  int64_t got(int r, int c, uint64_t cycle) const {
    return golden::wrap_signed(static_cast<int64_t>(Vcd::at(*psum[at(r, c)], cycle * 10)), tile.shape.psum_w);
  }
  int64_t act(int r, int c, uint64_t cycle) const {
    return static_cast<int64_t>(Vcd::at(*act_s[at(r, c)], cycle * 10));
  }
  // Vectors whose psum (and activation, when named) PE (r, c) shows d
  // cycles after their execute.
  int matches(int r, int c, int d) const {
    int m = 0;
    for (int i = 0; i < n; ++i) {
      const uint64_t t = exec(i) + static_cast<uint64_t>(d);
      m += got(r, c, t) == want(i, r, c);
      if (!pe.act.empty()) m += act(r, c, t) == tile.a(nij(i), r);
    }
    return m;
  }
};

// A user's core: the latency of each PE, d0 + r dr + c dc, the one under
// which the most PE outputs agree with the golden partial sums and (when
// the PE's activation is named) the most activations with the vectors'. A
// bug makes some values wrong, not the cycles. Empty when nothing fits.
std::vector<int> find_latencies(const Grid& g, std::string& note) {
  const golden::Shape& sh = g.tile.shape;
  const int d0max = 2 * (sh.rows + sh.cols) + 16;
  int best = -1, bd0 = 0, bdr = 0, bdc = 0;
  for (int dr = 0; dr <= 3; ++dr) {
    for (int dc = 0; dc <= 3; ++dc) {
      for (int d0 = 0; d0 <= d0max; ++d0) {
        int n = 0;
        for (int r = 0; r < sh.rows; ++r) {
          for (int c = 0; c < sh.cols; ++c) n += g.matches(r, c, d0 + dr * r + dc * c);
        }
        const bool nearer = std::abs(dr - 1) + std::abs(dc - 1) < std::abs(bdr - 1) + std::abs(bdc - 1);
        if (n > best || (n == best && nearer)) std::tie(best, bd0, bdr, bdc) = std::make_tuple(n, d0, dr, dc);
      }
    }
  }
  const int all = sh.rows * sh.cols * g.n * (g.pe.act.empty() ? 1 : 2);
  if (best * 4 < all) {
    note = fmt::format("no PE latency (d0 + dr row + dc col cycles after the "
                       "execute, d0 <= {}, dr and dc <= 3) makes a quarter of the PEs' {} agree with "
                       "the golden partial sums (at best {} of {}): are the pattern's row and column, "
                       "and the ports, right?", d0max, g.pe.psum, best, all);
    return {};
  }
  std::vector<int> lat;
  for (int r = 0; r < sh.rows; ++r) {
    for (int c = 0; c < sh.cols; ++c) lat.push_back(bd0 + bdr * r + bdc * c);
  }
  note = fmt::format("the PE latency found: {} + {} row + {} col cycles after the execute ({} of {} values agree)",
                     bd0, bdr, bdc, best, all);
  return lat;
}

// Up to three names in the trace ending in ".port": where the PEs may be.
std::string suggest(const Vcd& trace, const std::string& port) {
  std::string s;
  int n = 0;
  for (const std::string& name : trace.names()) {
    if (name.size() > port.size() + 1 && name.compare(name.size() - port.size() - 1, std::string::npos, "." + port) == 0 && n++ < 3) {
      s += (s.empty() ? "" : ", ") + name;
    }
  }
  return s.empty() ? "" : fmt::format(" (the trace has {})", s);
}

}  // namespace

Located locate_fault(const std::string& vcd, const PeProbe& pe, const golden::Tile& tile,
                     const Schedule& s, const RunLog& log, int kij) {
  const golden::Shape& sh = tile.shape;
  Located out;
  if (kij < 0 || static_cast<size_t>(kij) >= log.times.size()) {
    out.note = fmt::format("no execute times for kij {}", kij);
    return out;
  }
  std::vector<std::string> wanted;
  for (int r = 0; r < sh.rows; ++r) {
    for (int c = 0; c < sh.cols; ++c) {
      for (const std::string* p : {&pe.psum, &pe.act, &pe.weight}) {
        if (!p->empty()) wanted.push_back(pe.signal(r, c, *p));
      }
    }
  }
  const Vcd trace(vcd, wanted, true);
  for (const std::string& w : wanted) {
    if (!trace.has(w)) {
      out.note = fmt::format("the trace has no {}{}", w,
                             suggest(trace, w.substr(w.rfind('.') + 1)));
      return out;
    }
  }
  const Grid g(tile, trace, pe, executed_vectors(s, log, kij), kij);
  std::vector<int> lat;
  if (pe.d0) {
    for (int r = 0; r < sh.rows; ++r) {
      for (int c = 0; c < sh.cols; ++c) lat.push_back(*pe.d0 + pe.dr * r + pe.dc * c);
    }
  } else {
    lat = find_latencies(g, out.note);
    if (lat.empty()) return out;
  }
  std::optional<FaultLocation> first;
  for (int i = 0; i < g.n; ++i) {
    for (int r = 0; r < sh.rows; ++r) {
      for (int c = 0; c < sh.cols; ++c) {
        const uint64_t cycle = g.exec(i) + static_cast<uint64_t>(lat[static_cast<size_t>(r * sh.cols + c)]);
        if (first && std::make_tuple(cycle, r, c) >= std::make_tuple(first->cycle, first->row, first->col)) continue;
        const int64_t want = g.want(i, r, c), got = g.got(r, c, cycle);
        if (got == want) continue;
        FaultLocation f;
        f.kij = kij;
        f.nij = g.nij(i);
        f.row = r;
        f.col = c;
        f.cycle = cycle;
        f.expected = want;
        f.actual = got;
        if (!pe.act.empty()) f.activation = g.act(r, c, cycle);
        if (!pe.weight.empty()) {
          f.weight = golden::wrap_signed(static_cast<int64_t>(trace.at(pe.signal(r, c, pe.weight), cycle * 10)), sh.wgt_w);
        }
        first = f;
      }
    }
  }
  out.fault = first;
  if (!first) {
    out.note = fmt::format("every PE's psum in kij {} agrees with the golden partial sums: the fault "
                           "is after the array", kij);
  }
  return out;
}

std::string describe(const FaultLocation& f) {
  std::string held;
  if (f.activation) held += fmt::format("activation {}", *f.activation);
  if (f.weight) held += fmt::format("{}weight {}", held.empty() ? "" : ", ", *f.weight);
  return fmt::format("PE (row {}, col {}) is the first to go wrong: in cycle {} it holds kij {} "
                     "nij {}{} and its psum is {}, the golden partial sum of rows 0..{} is {}",
                     f.row, f.col, f.cycle, f.kij, f.nij, held.empty() ? "" : " (" + held + ")",
                     f.actual, f.row, f.expected);
}

}  // namespace cosim
