// What a model is built from: a core's RTL and the structural conventions
// the harness needs to wrap it (the [core] table of a profile, or one table
// of a model list). Flow conventions, chosen at run time, are elsewhere
// (flow.hpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cosim {

struct CoreSpec {
  /// Our own RTL conventions: top `core`, parameters from the shape, the
  /// psum SRAM u_pmem with our port names, no interface check. False for a
  /// user's core (checked, wrapped as the fields below say).
  bool ours = true;
  std::string rtl;   // the file list; empty with `ours` = rtl/files.f
  std::string top = "core";
  int inst_width = 34;
  bool params = false;  // override bw, psum_bw, col, row with the shape's values
  std::vector<std::string> probe;  // psum SRAM instance(s) below the core, joined low first
  std::vector<std::string> probe_ports{"CEN", "WEN", "A", "D"};  // cen wen addr data
  std::map<std::string, std::string> ports;  // course port -> the core's name
  std::map<std::string, std::string> tie;    // the core's extra input -> value
  std::vector<std::string> vflags;           // Verilator options for the RTL
};

/// The keys of a core table (toml_read.hpp reads them).
const std::vector<std::string>& core_keys();

/// One line describing a spec for reports: "ws_core of tests/.../files.f,
/// 35-bit inst, probe psum_mem_instance (CEN WEN A D), ports d_xmem->D_xmem".
std::string describe(const CoreSpec& spec);

}  // namespace cosim
