// What a failing set's run tells besides its mismatches, for the reports
// and the waveform viewer: where the wrong words are (a heat map), which
// known bug makes exactly them (diagnose.hpp), the command that traces the
// first wrong row, the first PE that went wrong (locate.hpp), and the
// GTKWave view that opens at that row (gtkw.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gtkw.hpp"
#include "locate.hpp"
#include "model_info.hpp"
#include "options.hpp"
#include "runner.hpp"

namespace cosim {

struct Explanation {
  std::string heatmap;     // the first failing kij's wrong columns per position
  std::string diagnosis;   // the diagnosis' verdict
  std::string trace_hint;  // the cosim command that traces the first wrong row
};

/// Nothing when the run has no mismatch. The trace command is this
/// process's command line with the options of `drop` (and their values)
/// taken out and `add` appended, then the trace options.
Explanation explain(const Outcome& out, const golden::VectorSet& v, const std::vector<std::string>& drop,
                    const std::vector<std::string>& add);

/// Where the PEs are: the pattern given (--pe, [debug] pe), or our RTL's;
/// none for a user's core that names none. Throws std::invalid_argument for
/// a bad pattern, or ports without a pattern.
std::optional<PeProbe> pe_probe_for(const PeOptions& o, const ModelInfo& model);

struct FaultReport {
  std::optional<FaultLocation> fault;
  std::string text;  // for the report: the fault and the latency found, or why there is none
};

/// The first failing kij of `out` played again on `traced` (the same core
/// with a VCD trace, into `scratch`, removed after) and the first PE whose
/// psum differs from the golden partial sum located. Nothing (an empty
/// text) when no psum row is wrong.
FaultReport locate_in_run(const ModelInfo& traced, const PeProbe& pe, const Outcome& out,
                          const golden::VectorSet& v, RunRequest req, const std::string& scratch);

/// The view of a trace of `out`: its first wrong row that the trace holds
/// (zoom, marker, the fault's PE or the row's bottom PE), else all of it.
GtkwView view_of(const Outcome& out, const ModelInfo& model, const std::optional<FaultLocation>& fault,
                 const std::optional<PeProbe>& pe);
/// The whole trace of `log`.
GtkwView whole_trace(const RunLog& log);
/// Writes NAME.gtkw next to `trace`; returns its path (std::runtime_error
/// when it cannot be written).
std::string write_view(const ModelInfo& model, const std::string& trace, const GtkwView& v);

}  // namespace cosim
