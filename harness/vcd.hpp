// A small reader of the VCD files cosim writes (Verilator's tracer): the
// value changes of the signals asked for, by their hierarchical names
// ("TOP.cosim_top.u_core.....psum_s_o"). For the fault location, which
// looks inside the array of a traced run.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cosim {

class Vcd {
 public:
  /// Reads `path`, keeping the changes of the signals named in `wanted`.
  /// Throws std::runtime_error when the file cannot be read or is not a VCD.
  /// With `keep_names`, every variable's name is kept too (names()).
  Vcd(const std::string& path, const std::vector<std::string>& wanted, bool keep_names = false);

  bool has(const std::string& name) const { return changes_.count(name) > 0; }
  /// Every variable of the file, in its order (only with keep_names).
  const std::vector<std::string>& names() const { return names_; }
  /// The value of `name` at `time` (its last change at or before it); 0
  /// before its first change. Throws std::out_of_range for a name not read.
  uint64_t at(const std::string& name, uint64_t time) const;

  using Series = std::vector<std::pair<uint64_t, uint64_t>>;  // (time, value), in time order
  /// The changes of `name` (std::out_of_range for a name not read), and
  /// the value of a series at a time: for lookups in a loop.
  const Series& series(const std::string& name) const { return changes_.at(name); }
  static uint64_t at(const Series& s, uint64_t time);

 private:
  std::map<std::string, Series> changes_;
  std::vector<std::string> names_;
};

}  // namespace cosim
