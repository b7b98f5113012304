// The Verilated models linked into this binary. CMake (cosim_add_model in
// harness/CMakeLists.txt) verilates each one and generates the registry.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dut.hpp"
#include "inst.hpp"
#include "options.hpp"

namespace cosim {

enum class TraceKind { None, Vcd, Fst };

struct ModelInfo {
  std::string name;   // e.g. "core_r8c8_vcd"
  std::string rtl;    // the file list it was built from
  std::string top;    // the core module's name
  int rows = 0;
  int cols = 0;
  int act_w = 0;
  int psum_w = 0;
  InstFormat format = InstFormat::Std34;
  bool probe = false;  // psum-SRAM writes are visible
  TraceKind trace = TraceKind::None;
  std::string probe_path;  // e.g. "u_core.u_pmem (cen_ni wen_ni addr_i wdata_i)"; empty: none
  std::string wrapper;     // the generated cosim_top.sv around the core (Icarus replay)
  // The file list flattened at configure time by tools/filelist.py (Icarus
  // replay): absolute sources in order, include folders, NAME or NAME=VALUE.
  std::vector<std::string> sources;
  std::vector<std::string> incdirs;
  std::vector<std::string> defines;
  std::function<std::unique_ptr<Dut>(const std::vector<std::string>& plusargs)> make;
};

const std::vector<ModelInfo>& models();

/// The model of this array size and trace kind; throws std::invalid_argument
/// listing what the binary has when there is none.
const ModelInfo& find_model(int rows, int cols, TraceKind trace);
/// The model called `name`; throws std::invalid_argument listing the names.
const ModelInfo& find_model(const std::string& name);

/// The model a command runs and the shape of the vectors it runs them on:
/// the model named `name`, else the one of the options' array size and this
/// trace kind. A named model sets the array size unless --rows/--cols do.
/// Throws std::invalid_argument when model and vectors do not fit.
struct ModelChoice {
  const ModelInfo& model;
  golden::Shape shape;
};
ModelChoice choose_model(const SetOptions& set, const std::string& name, TraceKind trace);

}  // namespace cosim
