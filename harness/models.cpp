#include "models.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace cosim {

namespace {
const char* trace_name(TraceKind t) {
  switch (t) {
    case TraceKind::None: return "untraced";
    case TraceKind::Vcd: return "VCD";
    case TraceKind::Fst: return "FST";
  }
  return "?";
}

std::string inventory() {
  std::string have;
  for (const ModelInfo& m : models()) {
    have += fmt::format("\n  {:<24} {}x{} {}", m.name, m.rows, m.cols, trace_name(m.trace));
  }
  return have;
}
}  // namespace

const ModelInfo& find_model(int rows, int cols, TraceKind trace) {
  for (const ModelInfo& m : models()) {
    if (m.rows == rows && m.cols == cols && m.trace == trace) return m;
  }
  throw std::invalid_argument(fmt::format(
      "this cosim binary has no {} model of a {}x{} array; it has:{}", trace_name(trace), rows,
      cols, inventory()));
}

const ModelInfo& find_model(const std::string& name) {
  for (const ModelInfo& m : models()) {
    if (m.name == name) return m;
  }
  throw std::invalid_argument(
      fmt::format("this cosim binary has no model '{}'; it has:{}", name, inventory()));
}

}  // namespace cosim
