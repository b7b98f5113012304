#include "timeline.hpp"

#include <fmt/format.h>

namespace cosim {

std::vector<std::pair<int, uint64_t>> executed_vectors(const Schedule& s, const RunLog& log, int kij) {
  std::vector<std::pair<int, uint64_t>> out;
  if (kij < 0 || static_cast<size_t>(kij) >= log.times.size()) return out;
  const std::vector<uint64_t>& exec = log.times[static_cast<size_t>(kij)].execute;
  size_t i = 0;
  for (int nij = 0; nij < s.shape.n_nij() && i < exec.size(); ++nij) {
    if (s.is_due(kij, nij)) out.emplace_back(nij, exec[i++]);
  }
  return out;
}

std::optional<RowTimeline> row_timeline(const Schedule& s, const RunLog& log, int kij, int nij,
                                        std::optional<uint64_t> write) {
  if (kij < 0 || nij < 0 || static_cast<size_t>(kij) >= log.times.size() || !s.is_due(kij, nij)) {
    return std::nullopt;
  }
  const KijTimes& t = log.times[static_cast<size_t>(kij)];
  size_t i = 0;  // the execute of this position: the due ones before it
  for (int n = 0; n < nij; ++n) i += s.is_due(kij, n);
  if (i >= t.execute.size()) return std::nullopt;
  RowTimeline r;
  r.execute = t.execute[i];
  if (i < t.pop.size()) r.pop = t.pop[i];
  r.write = write;
  return r;
}

std::string describe(const RowTimeline& t) {
  std::string s = fmt::format("executed at {} (L0 row r leaves at {}+r)", t.execute, t.execute);
  s += t.pop ? fmt::format(", popped at {}", *t.pop) : std::string(", never popped");
  if (t.write) s += fmt::format(", written at {}", *t.write);
  return s;
}

TraceWindow trace_window(const RowTimeline& t) {
  const uint64_t last = t.write ? *t.write : t.pop ? *t.pop : t.execute + 40;
  return TraceWindow{t.execute > 4 ? t.execute - 4 : 0, last + 4};
}

}  // namespace cosim
