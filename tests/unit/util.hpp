// Helpers shared by the unit tests: temporary folders, file edits, running
// the built cosim, and the malformed-file cases (used by vectors.* and cli.*).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace test {

namespace fs = std::filesystem;

/// A fresh empty folder under the system temp folder, removed at scope exit.
class TempDir {
 public:
  explicit TempDir(const std::string& name);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

std::string read_text(const fs::path& p);
void write_text(const fs::path& p, const std::string& text);
/// Physical lines without their '\n' (a final newline does not add a line).
std::vector<std::string> read_lines(const fs::path& p);
void write_lines(const fs::path& p, const std::vector<std::string>& lines);
/// Replaces 1-based physical line n.
void replace_line(const fs::path& p, int n, const std::string& text);

/// Runs `<program> <args>` (a shell command line); stdout and stderr captured
/// together.
struct Run {
  int code = -1;
  std::string output;
  std::string last_line() const;
};
Run run_program(const std::string& program, const std::string& args);
/// Runs `<prefix>cosim <args>` (the built cosim).
Run run_cosim(const std::string& args, const std::string& prefix = "");
/// Runs the built cosim as user nobody (setpriv; the caller must be root).
Run run_cosim_as_nobody(const std::string& args);

/// One row of the malformed-input table (docs/ROBUSTNESS.md): make() fills an
/// empty folder; reading it (vectors.malformed.<name>, in process) or checking
/// it (cli.malformed.<name>: `cosim check`, and `cosim run` unless
/// strict_headers) must fail on `file` (a file name, the last part of the path
/// the message names) at `line` (0: the whole file) with exactly `cause`, exit
/// code 2. An `accepted` row is a variant the reader takes: it must read, exit
/// 0, and `cause` is then the note it must print.
struct Malformed {
  std::string name;
  std::string what;  // the input, in a few words
  std::function<void(const fs::path&)> make;
  std::string file;
  int line = 0;
  std::string cause;
  bool strict_headers = false;  // read with headers_required (cosim check --strict-headers)
  bool accepted = false;
  bool unprivileged = false;    // read as user nobody when run as root (root reads a chmod 000 file)
  std::string vectors = {};     // the --vectors folder, relative to the one make() fills ("" = itself)
};
/// Every row, in table order.
const std::vector<Malformed>& malformed_cases();
const Malformed& malformed(const std::string& name);

/// Registers one Catch2 test "<prefix><case name>" per row, running fn(row):
/// each row is its own ctest (catch_discover_tests lists them), and there is
/// one table, never one hand-written test per row.
bool register_malformed_tests(const std::string& prefix, void (*fn)(const Malformed&));

/// Root reads files whatever their mode: true when this process is root.
bool running_as_root();
/// The user unprivileged rows are read as when running as root.
constexpr unsigned kNobody = 65534;

}  // namespace test
