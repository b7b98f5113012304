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

/// Runs `cosim <args>`; stdout and stderr captured together.
struct Run {
  int code = -1;
  std::string output;
  std::string last_line() const;
};
Run run_cosim(const std::string& args);

/// A bad vector set: make() fills an empty folder, and the reader must fail on
/// `file` at `line` (0: the whole file) with a cause containing `cause`.
struct Malformed {
  std::string name;
  std::function<void(const fs::path&)> make;
  std::string file;
  int line;
  std::string cause;
  bool strict_headers = false;  // read with headers_required (cosim check --strict-headers)
};
const Malformed& malformed(const std::string& name);

}  // namespace test
