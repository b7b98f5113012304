// Command-line pieces shared by the sub-commands that take a vector set.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "generate.hpp"
#include "schedule.hpp"
#include "vectors.hpp"

namespace CLI {
class App;
}

namespace cosim {

/// Where the vector set comes from: a folder, or the generator.
struct SetOptions {
  std::string vectors;      // folder; empty = the built-in default set
  std::string gen;          // generator pattern(s), comma-separated; empty = use files
  uint64_t seed = 1;
  int rows = 0;             // 0 = the build's array size
  int cols = 0;
};

void add_set_options(CLI::App& app, SetOptions& o);

/// The shape the options ask for (the build's defaults where unset).
golden::Shape shape_of(const SetOptions& o);
/// The generator patterns named by --gen (at least one).
std::vector<golden::Pattern> patterns_of(const SetOptions& o);

/// The folder `--vectors` names, or the built-in default set.
std::string vectors_dir(const SetOptions& o);
/// The one set the options name: the folder's files, or the first --gen pattern.
golden::VectorSet load_set(const SetOptions& o, const golden::Shape& s);

/// The options that shape the schedule; run, emit-tb and schedule share them
/// so every simulator plays the same flow.
struct FlowOptions {
  std::string kij;          // e.g. "0,3-5"; empty = all
  int settle = -1;
  uint32_t wait_bound = 0;
  bool no_kij_reset = false;
  bool drain_each = false;
  uint64_t scramble = 0;
  std::string relu;         // "" = the model's: pulse for a 35-bit core, else comb
};

void add_flow_options(CLI::App& app, FlowOptions& o);
/// The schedule options for a core whose instruction word is `model_format`.
/// Throws std::invalid_argument for a flow the core cannot take.
ScheduleOptions schedule_options(const FlowOptions& o, InstFormat model_format);

/// "0,2,5-8" -> {0,2,5,6,7,8}; throws std::invalid_argument naming the bad part.
std::vector<int> parse_int_list(const std::string& text);

}  // namespace cosim
