// Command-line pieces shared by the sub-commands that take a vector set.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
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

/// Where the vector sets come from: folders, and/or the generator.
struct SetOptions {
  std::vector<std::string> vectors;  // folders (-v/--vectors, repeatable); none = the built-in default set
  std::string gen;          // generator pattern(s), comma-separated; empty = use files
  uint64_t seed = 1;
  int rows = 0;             // 0 = the build's array size
  int cols = 0;
  int map = 0;              // activation map side; 0 = from the files (4 when generated)
  std::string tile;         // "I,O": the tile a folder of tiled files is read as; empty = 0,0
};

/// `binder` (may be null) learns the keys these options stand for.
void add_set_options(CLI::App& app, SetOptions& o, ProfileBinder* binder = nullptr);

/// The shape the options ask for (the build's defaults where unset).
golden::Shape shape_of(const SetOptions& o);
/// The generator patterns named by --gen (at least one).
std::vector<golden::Pattern> patterns_of(const SetOptions& o);

/// The built-in default set (what `cosim run` reads without --vectors).
std::string default_vectors_dir();
/// The folders --vectors names (the built-in default set when none is
/// named and no --gen is given; none with --gen alone).
std::vector<std::string> vector_dirs(const SetOptions& o);
/// The one folder of a command that takes one set. Throws
/// std::invalid_argument when several folders, or folders and --gen, are
/// given (`cosim run` runs them all; the others take one set).
std::string vectors_dir(const SetOptions& o);
/// Throws std::invalid_argument when the options name a tiled layer's
/// folder: `command` replays vector sets only (cosim run takes layers).
void refuse_layer(const SetOptions& o, const char* command);
/// The one set the options name: the folder's files, or the first --gen
/// pattern (on `s`). Refuses several sources as vectors_dir() does.
golden::VectorSet load_set(const SetOptions& o, const golden::Shape& s);
/// "1,0" -> {1, 0}; throws std::invalid_argument for anything else.
std::pair<int, int> parse_tile(const std::string& text);
/// The tile (ic, oc) --tile names ({0, 0} when not given).
std::pair<int, int> tile_of(const SetOptions& o);
/// The set in `dir` on shape `s`, whose map side is `map` (> 0) or what the
/// folder's activation file holds; the geometry is the first of its notes.
/// A count of lines that does not fit `map` says what the file implies. A
/// folder of the course's tiled names is read as tile `tile` ({-1, -1}: 0,0,
/// and only when the folder holds tiled names).
golden::VectorSet read_set(const std::string& dir, int map, golden::Shape s,
                           const golden::ReadOptions& ro = {},
                           std::pair<int, int> tile = {-1, -1});

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
/// --max-report N (mismatches listed; run, emit-tb, check).
void add_max_report(CLI::App& app, int& max_report, const std::string& what);
/// --max-cycles N and --max-report N of the commands that simulate (run, emit-tb).
void add_run_limits(CLI::App& app, uint64_t& max_cycles, int& max_report);
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

/// The most values a list option expands to, and the largest number in one.
inline constexpr size_t kMaxListItems = 100000;
inline constexpr int kMaxListValue = 1000000000;

/// "0,2,5-8" -> {0,2,5,6,7,8}. Every number must be in lo..hi, which is
/// checked before a range is expanded (so "0-400000000" never allocates);
/// an empty list or part, a number given twice and more than kMaxListItems
/// values are refused. Throws std::invalid_argument naming the bad part
/// (`item` names what a number is: "kij", "seed").
std::vector<int> parse_int_list(const std::string& text, int lo = 0, int hi = kMaxListValue,
                                const std::string& item = "value");

}  // namespace cosim
