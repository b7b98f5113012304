#include "core_spec.hpp"

#include <fmt/format.h>

namespace cosim {

const std::vector<std::string>& core_keys() {
  static const std::vector<std::string> keys = {"rtl",   "ours",        "top",   "inst_width",
                                                "params", "probe",      "probe_ports", "ports",
                                                "tie",   "vflags"};
  return keys;
}

std::string describe(const CoreSpec& s) {
  if (s.ours && s.rtl.empty()) return "the built-in RTL (rtl/files.f, top core)";
  std::string d = fmt::format("{} of {}, {}-bit inst", s.top, s.rtl, s.inst_width);
  if (!s.probe.empty()) {
    std::string ps;
    for (const std::string& p : s.probe) ps += (ps.empty() ? "" : ", ") + p;
    d += fmt::format(", probe {}", ps);
  }
  for (const auto& [course, core] : s.ports) d += fmt::format(", {} is {}", course, core);
  for (const auto& [port, value] : s.tie) d += fmt::format(", {} tied to {}", port, value);
  return d;
}

}  // namespace cosim
