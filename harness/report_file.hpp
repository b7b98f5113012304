// Writing a report file (--json, --junit) so that no reader ever sees half
// of one, and no failed write passes unnoticed.
#pragma once

#include <stdexcept>
#include <string>

namespace cosim {

/// A report that could not be written: exit 2, whatever the run's verdict.
class ReportWriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Before a run: refuses (std::invalid_argument, naming `option`) a path
/// whose folder does not exist or cannot be written, or that is a folder.
void check_report_path(const std::string& path, const std::string& option);

/// Writes `text` to `path`. A regular file (or a name not yet taken) is
/// written to a temporary file in the same folder, flushed, and renamed over
/// it, so a reader sees the old file or the new one, never a part; a symbolic
/// link is followed and its target replaced. Anything else (/dev/stdout, a
/// FIFO, /dev/full) is written in place. Throws ReportWriteError naming the
/// file and the cause (ENOSPC, EACCES, ...) on any failure.
void write_report_file(const std::string& path, const std::string& text);

}  // namespace cosim
