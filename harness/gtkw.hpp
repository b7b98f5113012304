// The GTKWave save file written next to every trace: it opens at the first
// wrong row (zoomed to its timeline, a marker at its write), with the psum
// probe and sfp_out one signed-decimal trace a column, and the PE where the
// fault shows (activation, weight, psum; for our RTL its product too), for
// our RTL and for a core whose profile names its PEs ([debug] pe).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "dut.hpp"
#include "locate.hpp"
#include "model_info.hpp"

namespace cosim {

struct GtkwView {
  TraceWindow window;                    // the cycles the view spans
  std::optional<uint64_t> marker;        // a cycle to mark (the first wrong write)
  std::optional<std::pair<int, int>> pe;  // the PE (row, col) to show, when `probe` names the PEs
  std::optional<PeProbe> probe;
  std::string title;                     // what the view is of, a comment line
};

/// True for our RTL (and its planted-bug copies): the names of its PEs are
/// known (g_row[r].g_col[c].u_pe below u_core.u_corelet.u_mac_array).
bool is_our_rtl(const ModelInfo& m);

/// Writes the save file; throws std::runtime_error when it cannot.
void write_gtkw(const std::string& path, const std::string& dumpfile, const ModelInfo& m,
                const GtkwView& v);

}  // namespace cosim
