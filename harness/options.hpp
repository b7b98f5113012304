// Command-line pieces shared by the sub-commands that take a vector set.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "flow.hpp"
#include "generate.hpp"
#include "schedule.hpp"
#include "vectors.hpp"

namespace CLI {
class App;
}

namespace cosim {

class ProfileBinder;

/// Where the vector set comes from: a folder, or the generator.
struct SetOptions {
  std::string vectors;      // folder; empty = the built-in default set
  std::string gen;          // generator pattern(s), comma-separated; empty = use files
  uint64_t seed = 1;
  int rows = 0;             // 0 = the build's array size
  int cols = 0;
  int map = 0;              // activation map side; 0 = from the files (4 when generated)
};

/// `binder` (may be null) learns the keys these options stand for.
void add_set_options(CLI::App& app, SetOptions& o, ProfileBinder* binder = nullptr);

/// The shape the options ask for (the build's defaults where unset).
golden::Shape shape_of(const SetOptions& o);
/// The generator patterns named by --gen (at least one).
std::vector<golden::Pattern> patterns_of(const SetOptions& o);

/// The folder `--vectors` names, or the built-in default set.
std::string vectors_dir(const SetOptions& o);
/// Throws std::invalid_argument when the options name a tiled layer's
/// folder: `command` replays vector sets only (cosim run takes layers).
void refuse_layer(const SetOptions& o, const char* command);
/// The one set the options name: the folder's files, or the first --gen
/// pattern (on `s`).
golden::VectorSet load_set(const SetOptions& o, const golden::Shape& s);
/// The set in `dir` on shape `s`, whose map side is `map` (> 0) or what the
/// folder's activation file holds; the geometry is the first of its notes.
/// A count of lines that does not fit `map` says what the file implies.
golden::VectorSet read_set(const std::string& dir, int map, golden::Shape s,
                           const golden::ReadOptions& ro = {});

/// The options that shape the schedule; run, emit-tb, schedule and
/// calibrate share them so every simulator plays the same flow.
struct FlowOptions {
  std::string kij;          // e.g. "0,3-5"; empty = all
  int settle = -1;
  uint32_t wait_bound = 0;
  bool no_kij_reset = false;
  bool drain_each = false;
  uint64_t scramble = 0;
  FlowSettings conv;        // the core's conventions given (options, then the profile)
};

void add_flow_options(CLI::App& app, FlowOptions& o, ProfileBinder* binder = nullptr);
/// The schedule options for a core whose instruction word is `model_format`.
/// Throws std::invalid_argument for a flow the core cannot take.
ScheduleOptions schedule_options(const FlowOptions& o, InstFormat model_format);

/// Where a core's PEs are, for the fault location (locate.hpp): a
/// profile's [debug] table, or --pe / --pe-ports. Empty: our RTL's PEs, or
/// none for a user's core.
struct PeOptions {
  std::string pattern;
  std::vector<std::string> ports;
};

/// --pe, --pe-ports on `app`; with a null `app` only the profile's keys
/// (commands that do not locate faults still accept a profile's [debug]).
void add_pe_options(CLI::App* app, PeOptions& o, ProfileBinder* binder);

/// "0,2,5-8" -> {0,2,5,6,7,8}; throws std::invalid_argument naming the bad part.
std::vector<int> parse_int_list(const std::string& text);

}  // namespace cosim
