// Fault location inside the array: in a trace of the first failing kij,
// each PE's psum output is compared with the golden partial sum of the
// vector it holds (rows 0..r of column c), and the first PE that goes wrong
// is named, with the activation and weight it had. The PEs are found by a
// pattern (our RTL's is built in; a user's core names its own, [debug] pe);
// the cycle a PE holds vector i is exec_i + latency, the latency known for
// our RTL and found for a user's core (below).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "driver.hpp"
#include "model.hpp"
#include "schedule.hpp"

namespace cosim {

/// Where a core's PEs are: `pattern` below u_core with two "[*]", the
/// first the row and the second the column ("u_corelet.u_mac_array.
/// g_row[*].g_col[*].u_pe"), and the PE's ports: its psum output, and
/// optionally (empty: not shown) the activation and weight it holds.
struct PeProbe {
  std::string pattern;
  std::string psum;
  std::string act;
  std::string weight;
  /// PE (r, c) holds vector i in cycle exec_i + d0 + r dr + c dc; unset:
  /// found from the trace (each PE's latency that explains its values).
  std::optional<int> d0;
  int dr = 1, dc = 1;

  /// "TOP.cosim_top.u_core.<pattern with r, c>.<port>"
  std::string signal(int r, int c, const std::string& port) const;
};

/// Our RTL's PEs (PE (r, c) holds vector i in cycle exec_i + 1 + r + c).
PeProbe our_pe_probe();
/// A pattern as given by a user; throws std::invalid_argument when it does
/// not have exactly two "[*]" or a port is missing.
PeProbe user_pe_probe(const std::string& pattern, const std::vector<std::string>& ports);

struct FaultLocation {
  int kij = -1;
  int nij = -1;      // the vector the PE held
  int row = -1;
  int col = -1;
  uint64_t cycle = 0;
  int64_t expected = 0;   // the golden partial sum of rows 0..row
  int64_t actual = 0;     // the PE's psum output
  std::optional<int64_t> activation;  // what the PE held in that cycle (when its port is named)
  std::optional<int64_t> weight;
};

struct Located {
  std::optional<FaultLocation> fault;
  std::string note;  // without a fault: why (every PE right, names not in the trace, ...);
                     // with one, the latency found (a user's core)
};

/// Reads the trace `vcd` of kij `kij` and locates the first wrong PE.
/// Throws std::runtime_error when the trace cannot be read.
Located locate_fault(const std::string& vcd, const PeProbe& pe, const golden::Tile& tile,
                     const Schedule& s, const RunLog& log, int kij);

std::string describe(const FaultLocation& f);

}  // namespace cosim
