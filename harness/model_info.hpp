// What cosim knows of a Verilated model: the shape and conventions it was
// built with, and a factory. Every model is a shared library (model.so,
// built by tools/build_model.py) whose generated entry point returns one
// ModelInfo; cosim loads it at run time (models.hpp).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dut.hpp"
#include "inst.hpp"

namespace cosim {

enum class TraceKind { None, Vcd, Fst };

/// The layout of ModelInfo as a model library sees it. A library built
/// against another layout is refused (rebuilt) instead of misread: bump this
/// whenever ModelInfo, Dut or VerilatedDut change.
inline constexpr int kModelAbi = 1;

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
  // The file list flattened by tools/filelist.py when the model was built
  // (Icarus replay): absolute sources in order, include folders, NAME or
  // NAME=VALUE.
  std::vector<std::string> sources;
  std::vector<std::string> incdirs;
  std::vector<std::string> defines;
  // What the interface check resolved on its own (a port whose case differs,
  // the probe it found), printed with every run.
  std::vector<std::string> notes;
  std::function<std::unique_ptr<Dut>(const std::vector<std::string>& plusargs)> make;
};

}  // namespace cosim
