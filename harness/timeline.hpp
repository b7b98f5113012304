// The cycles of one psum row's way through the core, as the run showed
// them: when its vector left L0 and entered the array (the execute of the
// schedule), when the row was popped from the output FIFO, when it was
// written to the psum SRAM. A report names them with each mismatch, and the
// trace window that shows them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "driver.hpp"
#include "schedule.hpp"

namespace cosim {

struct RowTimeline {
  uint64_t execute = 0;           // row 0 of the vector left L0, into the array
  std::optional<uint64_t> pop;    // the row left the output FIFO
  std::optional<uint64_t> write;  // the row was written to the psum SRAM
};

/// The vectors kij executed, in order: (nij, the cycle it entered the
/// array). The i-th execute of a kij is its i-th position the schedule runs
/// (every one, or only the due ones: positions outputs).
std::vector<std::pair<int, uint64_t>> executed_vectors(const Schedule& s, const RunLog& log, int kij);

/// The timeline of row nij of kij from the run's log; nullopt when its
/// vector was never executed (the run stopped first, or the flow skips it).
std::optional<RowTimeline> row_timeline(const Schedule& s, const RunLog& log, int kij, int nij,
                                        std::optional<uint64_t> write);

/// "executed at 123 (L0 row r at 123+r), popped at 152, written at 152".
std::string describe(const RowTimeline& t);

/// The cycles a trace should hold to show the row: from a little before its
/// execute to a little after its write.
TraceWindow trace_window(const RowTimeline& t);

}  // namespace cosim
