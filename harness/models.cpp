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

ModelChoice choose_model(const SetOptions& set, const std::string& name, TraceKind trace) {
  golden::Shape shape = shape_of(set);
  if (name.empty()) return ModelChoice{find_model(shape.rows, shape.cols, trace), shape};
  const ModelInfo& model = find_model(name);
  if (set.rows == 0 && set.cols == 0) shape = golden::squeezed_shape(model.rows, model.cols);
  if (model.rows != shape.rows || model.cols != shape.cols || model.act_w != shape.act_w ||
      model.psum_w != shape.psum_w) {
    throw std::invalid_argument(fmt::format(
        "model {} is {}x{} act_w {} psum_w {}, the vectors need {}x{} act_w {} psum_w {}",
        model.name, model.rows, model.cols, model.act_w, model.psum_w, shape.rows, shape.cols,
        shape.act_w, shape.psum_w));
  }
  return ModelChoice{model, shape};
}

const ModelInfo& find_model(const std::string& name) {
  for (const ModelInfo& m : models()) {
    if (m.name == name) return m;
  }
  throw std::invalid_argument(
      fmt::format("this cosim binary has no model '{}'; it has:{}", name, inventory()));
}

}  // namespace cosim
