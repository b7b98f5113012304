// The counters of a run in the text report and in JSON (report.hpp).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "report.hpp"

namespace cosim {

namespace {

std::string bound_text(const Bound& b) {
  return fmt::format("{} passes x ({} load + {} positions + {} skew)", b.passes, b.load,
                     b.positions, b.skew);
}

std::string phases_text(const Counters& c) {
  std::string s;
  for (const PhaseCycles& p : c.phases) {
    s += fmt::format("{}{} {}", s.empty() ? "" : ", ", phase_name(p.phase), p.cycles);
  }
  return s.empty() ? "-" : s;
}

}  // namespace

void print_counters(std::FILE* out, const Counters& c) {
  fmt::print(out, "\ncounters (flow {}; not judged):\n", c.flow);
  fmt::print(out, "  cycles       {}; the weight-stationary bound {} ({}): {:.2f}x\n", c.cycles,
             c.bound.cycles(), bound_text(c.bound), c.over_bound());
  fmt::print(out, "  MACs         {} useful of the {} the outputs need ({}); {} issued ({} vectors x {})\n",
             c.macs_useful, c.macs_needed, c.needed_formula, c.macs_issued, c.vectors, c.rows * c.cols);
  fmt::print(out, "  utilisation  {:.1f}% of {} MACs a cycle (at the bound {:.1f}%)\n",
             100.0 * c.utilisation(), c.rows * c.cols, 100.0 * c.bound_utilisation());
  fmt::print(out, "  stalls       {} cycles waiting for ofifo_valid\n", c.stalls);
  fmt::print(out, "  phases       {}\n", phases_text(c));
  if (c.kijs.empty()) return;
  fmt::print(out, "  {:<5} {:>9} {:>9} {:>9}\n", "kij", "cycles", "vectors", "stalls");
  for (const KijCounters& k : c.kijs) {
    fmt::print(out, "  {:<5} {:>9} {:>9} {:>9}\n", k.kij, k.cycles, k.vectors, k.stalls);
  }
}

std::string counters_summary(const Counters& c) {
  return fmt::format("{} cycles, {:.2f}x the bound {}; utilisation {:.1f}%; {} stalls", c.cycles,
                     c.over_bound(), c.bound.cycles(), 100.0 * c.utilisation(), c.stalls);
}

nlohmann::json counters_json(const Counters& c) {
  nlohmann::json phases = nlohmann::json::array();
  for (const PhaseCycles& p : c.phases) phases.push_back({{"phase", phase_name(p.phase)}, {"cycles", p.cycles}});
  nlohmann::json kijs = nlohmann::json::array();
  for (const KijCounters& k : c.kijs) {
    kijs.push_back({{"kij", k.kij}, {"cycles", k.cycles}, {"vectors", k.vectors},
                    {"stalls", k.stalls}});
  }
  return {{"flow", c.flow},
          {"rows", c.rows},
          {"cols", c.cols},
          {"cycles", c.cycles},
          {"phases", phases},
          {"kij", kijs},
          {"vectors", c.vectors},
          {"macs_issued", c.macs_issued},
          {"macs_needed", c.macs_needed},
          {"needed", c.needed_formula},
          {"macs_useful", c.macs_useful},
          {"utilisation", c.utilisation()},
          {"stalls", c.stalls},
          {"bound", {{"cycles", c.bound.cycles()},
                     {"passes", c.bound.passes},
                     {"load", c.bound.load},
                     {"positions", c.bound.positions},
                     {"skew", c.bound.skew},
                     {"utilisation", c.bound_utilisation()},
                     {"ratio", c.over_bound()}}}};
}

}  // namespace cosim
