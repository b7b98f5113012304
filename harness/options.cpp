#include "options.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "cosim_config.hpp"
#include "layer_io.hpp"
#include "profile.hpp"
#include "validators.hpp"

namespace cosim {

namespace {

// Binds `key` to `opt` when there is a binder.
void bind(ProfileBinder* b, const std::string& key, CLI::Option* opt, ProfileBinder::Setter set) {
  if (b) b->bind(key, opt, std::move(set));
}

int small_int(const tomlr::Doc& d, const toml::node& n, const std::string& key, int lo, int hi) {
  const int64_t v = tomlr::get_int(d, n, key);
  if (v < lo || v > hi) tomlr::fail(d, n, fmt::format("{} must be in {}..{}, not {}", key, lo, hi, v));
  return static_cast<int>(v);
}

template <class T>
T named(const tomlr::Doc& d, const toml::node& n, const std::string& key,
        std::optional<T> (*parse)(const std::string&), const char* names) {
  const std::string s = tomlr::get_string(d, n, key);
  const std::optional<T> v = parse(s);
  if (!v) tomlr::fail(d, n, fmt::format("{} must be one of {}, not '{}'", key, names, s));
  return *v;
}

// A CLI11 check that a name is one a parser takes.
template <class T>
CLI::Validator one_of(std::optional<T> (*parse)(const std::string&), const char* names) {
  return CLI::Validator(
      [parse, names](std::string& s) {
        return parse(s) ? std::string() : fmt::format("'{}' is not one of {}", s, names);
      },
      names);
}

}  // namespace

void add_set_options(CLI::App& app, SetOptions& o, ProfileBinder* binder) {
  app.add_option("-v,--vectors", o.vectors,
                 "Vector folder (activation.txt, weight_kij*.txt, optional psum_kij*.txt, "
                 "out.txt, out_relu.txt, or the course's tiled names); default: the built-in "
                 "tests/vectors/default. `cosim run` takes several (-v A -v B) and runs each")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all()
      ->check(not_empty("a folder"));
  app.add_option("--gen", o.gen,
                 "Generate the set(s) in memory instead of reading files: pattern name(s), "
                 "comma-separated (see `cosim gen --help`)")
      ->check(not_empty("a pattern name"));
  app.add_option("--seed", o.seed, "Generator seed (with --gen)")
      ->check(seed_number())
      ->capture_default_str();
  app.add_option("--rows", o.rows, "Array rows (default: the build's size)")->check(at_least(1));
  app.add_option("--cols", o.cols, "Array columns (default: the build's size)")->check(at_least(1));
  app.add_option("--tile", o.tile,
                 "I,O: read a folder of the course's tiled names (activation_tile{I}.txt, "
                 "weight_itile{I}_otile{O}_kij{k}.txt) as tile I,O (default 0,0)")
      ->check(tile_pair());
  CLI::Option* map = app.add_option(
      "--map", o.map,
      "Activation map side before padding (4: a 6x6 padded map of 36 positions; 8: 10x10, 100 "
      "positions). Default: what the set's activation file holds, 4 for --gen")
                         ->check(CLI::Range(1, 28));
  bind(binder, "flow.map", map,
       [&o](const tomlr::Doc& d, const toml::node& n) { o.map = small_int(d, n, "map", 1, 28); });
}

void add_pe_options(CLI::App* app, PeOptions& o, ProfileBinder* binder) {
  CLI::Option* pe = nullptr;
  CLI::Option* ports = nullptr;
  if (app) {
    pe = app->add_option("--pe", o.pattern,
                         "Where the core's PEs are, for the fault location: a pattern below the "
                         "core with two [*], row then column, e.g. "
                         "u_corelet.mac.row[*].col[*].pe (our RTL's are known)");
    ports = app->add_option("--pe-ports", o.ports,
                            "The PE's psum output, then optionally the activation and weight it "
                            "holds, e.g. out_s,a_q,w_q")
                ->delimiter(',')
                ->allow_extra_args(false);
  }
  bind(binder, "debug.pe", pe,
       [&o](const tomlr::Doc& d, const toml::node& n) { o.pattern = tomlr::get_string(d, n, "pe"); });
  bind(binder, "debug.pe_ports", ports, [&o](const tomlr::Doc& d, const toml::node& n) {
    o.ports = tomlr::get_strings(d, n, "pe_ports");
    if (o.ports.empty() || o.ports.size() > 3) {
      tomlr::fail(d, n, fmt::format("pe_ports: the psum output, then optionally the activation "
                                    "and weight (1 to 3 names), not {}", o.ports.size()));
    }
  });
}

golden::Shape shape_of(const SetOptions& o) {
  golden::Shape s = golden::squeezed_shape(o.rows > 0 ? o.rows : cosim::config::kRows,
                                           o.cols > 0 ? o.cols : cosim::config::kCols);
  if (o.map > 0) s.map = o.map;
  s.validate();
  return s;
}

std::vector<golden::Pattern> patterns_of(const SetOptions& o) {
  std::vector<golden::Pattern> ps;
  size_t start = 0;
  while (start <= o.gen.size()) {
    const size_t comma = o.gen.find(',', start);
    const std::string name =
        o.gen.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    ps.push_back(golden::parse_pattern(name));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return ps;
}

std::string default_vectors_dir() {
  return std::string(cosim::config::kSourceDir) + "/tests/vectors/default";
}

std::vector<std::string> vector_dirs(const SetOptions& o) {
  if (!o.vectors.empty()) return o.vectors;
  if (!o.gen.empty()) return {};
  return {default_vectors_dir()};
}

std::string vectors_dir(const SetOptions& o) {
  if (o.vectors.size() > 1) {
    throw std::invalid_argument(fmt::format(
        "--vectors is given {} times: this command takes one set (cosim run takes several)",
        o.vectors.size()));
  }
  if (!o.vectors.empty() && !o.gen.empty()) {
    throw std::invalid_argument(fmt::format(
        "--vectors {} and --gen {}: this command takes one set, give one of them (cosim run "
        "runs both)", o.vectors.front(), o.gen));
  }
  return o.vectors.empty() ? default_vectors_dir() : o.vectors.front();
}

std::pair<int, int> parse_tile(const std::string& text) {
  const size_t comma = text.find(',');
  const auto number = [&](const std::string& part) {
    if (part.empty() || part.size() > 4 || part.find_first_not_of("0123456789") != std::string::npos) {
      throw std::invalid_argument(fmt::format(
          "'{}' is not I,O: two tile numbers (the input-channel tile, the output-channel tile), "
          "e.g. 1,0", text));
    }
    return std::stoi(part);
  };
  if (comma == std::string::npos) number("");
  return {number(text.substr(0, comma)), number(text.substr(comma + 1))};
}

std::pair<int, int> tile_of(const SetOptions& o) {
  return o.tile.empty() ? std::pair{0, 0} : parse_tile(o.tile);
}

golden::VectorSet read_set(const std::string& dir, int map, golden::Shape s,
                           const golden::ReadOptions& given, std::pair<int, int> tile) {
  golden::ReadOptions ro = given;
  ro.ic_tile = tile.first;
  ro.oc_tile = tile.second;
  const auto guess = golden::detect_map(dir, s, ro);
  if (map > 0) {
    s.map = map;
  } else if (guess) {
    s.map = guess->map;
  }
  s.validate();
  try {
    golden::VectorSet v = golden::read_vector_set(dir, s, ro);
    v.notes.insert(v.notes.begin(),
                   fmt::format("geometry: {}x{} map, padded {}x{} ({} positions), {} outputs ({})",
                               s.map, s.map, s.padded(), s.padded(), s.n_nij(), s.n_onij(),
                               map > 0 ? "--map" : guess ? "from the activation file" : "default"));
    return v;
  } catch (const golden::InputError& e) {
    // Say why a count of lines was expected, and what the file itself implies.
    if (map > 0 && guess && guess->map != s.map) {
      throw golden::InputError(e.file(), e.line(), fmt::format(
          "{} (--map {} is a {}x{} padded map of {} positions; {} holds {} positions: a {}x{} "
          "padded map, --map {})", e.cause(), s.map, s.padded(), s.padded(), s.n_nij(),
          guess->file, guess->lines, guess->map + 2 * s.pad, guess->map + 2 * s.pad, guess->map));
    }
    throw;
  }
}

void refuse_layer(const SetOptions& o, const char* command) {
  if (!o.gen.empty() || !golden::is_layer_dir(vectors_dir(o))) return;
  throw std::invalid_argument(fmt::format(
      "{} holds a tiled layer (activation_tile*.txt): `cosim {}` takes a vector set (one tile); "
      "`cosim run` runs a layer, block by block", vectors_dir(o), command));
}

golden::VectorSet load_set(const SetOptions& o, const golden::Shape& shape) {
  const std::string dir = vectors_dir(o);  // refuses several sources
  if (!o.gen.empty()) return golden::generate(shape, patterns_of(o).front(), o.seed);
  return read_set(dir, o.map, shape, {}, o.tile.empty() ? std::pair{-1, -1} : tile_of(o));
}

void add_flow_options(CLI::App& app, FlowOptions& o, ProfileBinder* binder) {
  app.add_option("--kij", o.kij, "Only these kernel positions, e.g. 0,3-5 (skips the outputs)")
      ->check(int_list(0, 4095, "kij"));
  app.add_option("--settle", o.settle,
                 "Idle cycles after the weight load (default rows+cols; with --flow fast 0, "
                 "rows+cols with --load-hold)")
      ->check(at_least(0));
  app.add_option("--wait-bound", o.wait_bound,
                 "Most idle cycles to wait for ofifo_valid per row (default 4*(rows+cols)+64)")
      ->check(at_least(1, "a wait of 0 cycles could never see ofifo_valid; leave the option out "
                          "for the default"));
  app.add_flag("--no-kij-reset", o.no_kij_reset,
               "Do not reset before each kij: new load phases must replace the weights (beyond "
               "the course flow, which resets)");
  app.add_flag("--drain-each", o.drain_each,
               "Execute one vector at a time and drain its row before the next, so the output "
               "FIFO is read while its columns are still filling");
  app.add_option("--scramble", o.scramble,
                 "Drive random values (this seed) on every input the contract says is ignored: "
                 "addresses/WEN of a disabled SRAM, D_xmem when not writing, the ififo bits")
      ->check(seed_number());

  // The core's conventions (flow.hpp): each a key of a profile's [flow].
  FlowSettings& c = o.conv;
  CLI::Option* opt = app.add_option_function<std::string>(
      "--flow", [&c](const std::string& v) { c.kind = parse_flow_kind(v); },
      "The schedule: course (SPEC section 4, default) or fast (no reset between kij, the next "
      "kij's weights loaded as soon as the last vector ran, the output FIFO drained during "
      "execute, the SFP accumulating meanwhile; README \"The fast flow\")")
            ->check(one_of(parse_flow_kind, "course, fast"));
  bind(binder, "flow.flow", opt, [&c](const tomlr::Doc& d, const toml::node& n) {
    c.kind = named(d, n, "flow", parse_flow_kind, "course, fast");
  });
  opt = app.add_option_function<std::string>(
      "--positions", [&c](const std::string& v) { c.positions = parse_positions(v); },
      "With --flow fast: the positions each kij executes: all (default: every psum of the "
      "files) or outputs (only those that feed an output; the others are not produced)")
            ->check(one_of(parse_positions, "all, outputs"));
  bind(binder, "flow.positions", opt, [&c](const tomlr::Doc& d, const toml::node& n) {
    c.positions = named(d, n, "positions", parse_positions, "all, outputs");
  });
  opt = app.add_option_function<int>(
      "--pop-to-write", [&c](const int& v) { c.pop_to_write = v; },
      "Cycles from a row's ofifo_rd to its psum-SRAM write (0: first-word-fall-through; 1: a "
      "registered pop; 2: a registered pop and output). Default 0")
                         ->check(CLI::Range(0, 8));
  bind(binder, "flow.pop_to_write", opt, [&c](const tomlr::Doc& d, const toml::node& n) {
    c.pop_to_write = small_int(d, n, "pop_to_write", 0, 8);
  });
  opt = app.add_option_function<std::string>(
      "--valid", [&c](const std::string& v) { c.valid = parse_valid(v); },
      "level: wait for ofifo_valid before each pop (default); ignore: drain open-loop as course "
      "testbenches do (for a valid that is a strobe or undriven), said in the report")
            ->check(one_of(parse_valid, "level, ignore"));
  bind(binder, "flow.valid", opt, [&c](const tomlr::Doc& d, const toml::node& n) {
    c.valid = named(d, n, "valid", parse_valid, "level, ignore");
  });
  opt = app.add_option_function<int>(
      "--drain-delay", [&c](const int& v) { c.drain_delay = v; },
      "Idle cycles from the last execute to the first pop, so the output FIFO must hold every "
      "row (default 0; 2*(rows+cols) with --valid ignore, the open-loop drain's wait)")
            ->check(CLI::Range(0, 100000));
  bind(binder, "flow.drain_delay", opt, [&c](const tomlr::Doc& d, const toml::node& n) {
    c.drain_delay = small_int(d, n, "drain_delay", 0, 100000);
  });
  opt = app.add_flag_function(
      "--stream{true},!--no-stream{false}", [&c](std::int64_t v) { c.stream = v > 0; },
      "Fill L0 and drain the output FIFO during execute, for FIFOs shallower than the map's "
      "positions (README: the depth each flow needs)");
  bind(binder, "flow.stream", opt, [&c](const tomlr::Doc& d, const toml::node& n) {
    c.stream = tomlr::get_bool(d, n, "stream");
  });
  opt = app.add_option_function<int>(
      "--stream-latency", [&c](const int& v) { c.stream_latency = v; },
      "With --stream: cycles from a vector's execute to the pop of its row (default rows+cols, "
      "our RTL's)")
            ->check(CLI::Range(1, 100000));
  bind(binder, "flow.stream_latency", opt, [&c](const tomlr::Doc& d, const toml::node& n) {
    c.stream_latency = small_int(d, n, "stream_latency", 1, 100000);
  });
  opt = app.add_flag_function(
      "--load-hold{true},!--no-load-hold{false}", [&c](std::int64_t v) { c.load_hold = v > 0; },
      "Keep load high through the idle cycles after the weight load (a PE that passes load "
      "east only once it holds its weight)");
  bind(binder, "flow.load_hold", opt, [&c](const tomlr::Doc& d, const toml::node& n) {
    c.load_hold = tomlr::get_bool(d, n, "load_hold");
  });
  opt = app.add_option_function<std::string>(
      "--weights", [&c](const std::string& v) { c.weights = parse_weights(v); },
      "Which FIFO carries the kernel: l0 (l0_wr/l0_rd, default) or ififo (inst[5:4])")
            ->check(one_of(parse_weights, "l0, ififo"));
  bind(binder, "flow.weights", opt, [&c](const tomlr::Doc& d, const toml::node& n) {
    c.weights = named(d, n, "weights", parse_weights, "l0, ififo");
  });
  opt = app.add_option_function<std::string>(
      "--relu", [&c](const std::string& v) { c.relu = parse_relu(v); },
      "How the core applies ReLU: comb (in its logic), pulse (one cycle of inst[34] after the "
      "accumulations), hold (inst[34] high through the sample), none (judged against the raw "
      "sums, said in the report). Default: pulse for a 35-bit core, else comb")
            ->check(one_of(parse_relu, "comb, pulse, hold, none"));
  bind(binder, "flow.relu", opt, [&c](const tomlr::Doc& d, const toml::node& n) {
    c.relu = named(d, n, "relu", parse_relu, "comb, pulse, hold, none");
  });
  opt = app.add_option_function<std::string>(
      "--sample", [&c](const std::string& v) { c.sample = parse_sample(v); },
      "When sfp_out is sampled: after-acc (one idle cycle after the last accumulation, "
      "default) or with-acc (while the last acc is still high)")
            ->check(one_of(parse_sample, "after-acc, with-acc"));
  bind(binder, "flow.sample", opt, [&c](const tomlr::Doc& d, const toml::node& n) {
    c.sample = named(d, n, "sample", parse_sample, "after-acc, with-acc");
  });
  opt = app.add_option_function<int>(
      "--psum-stride", [&c](const int& v) { c.psum_stride = v; },
      "Psum-SRAM rows per kij: row nij of kij k at k*stride+nij (default: the positions, 36)")
            ->check(CLI::Range(1, 2048));
  bind(binder, "flow.psum_stride", opt, [&c](const tomlr::Doc& d, const toml::node& n) {
    c.psum_stride = small_int(d, n, "psum_stride", 1, 2048);
  });
}

void add_max_report(CLI::App& app, int& max_report, const std::string& what) {
  app.add_option("--max-report", max_report, what)->check(at_least(0))->capture_default_str();
}

void add_run_limits(CLI::App& app, uint64_t& max_cycles, int& max_report) {
  app.add_option("--max-cycles", max_cycles,
                 "Watchdog: stop with exit 3 after this many cycles (default: the schedule's bound)")
      ->check(at_least(1, "leave the option out for the schedule's own bound"));
  add_max_report(app, max_report, "Mismatches to print");
}

ScheduleOptions schedule_options(const FlowOptions& o, InstFormat model_format) {
  ScheduleOptions so;
  so.format = model_format;
  so.flow = flow_for(o.conv, inst_width(model_format));
  if (!o.kij.empty()) so.kijs = parse_int_list(o.kij, 0, 4095, "kij");
  so.settle_cycles = o.settle;
  so.wait_bound = o.wait_bound;
  so.kij_reset = !o.no_kij_reset;
  so.drain_each = o.drain_each;
  so.scramble_seed = o.scramble;
  return so;
}

std::vector<int> parse_int_list(const std::string& text, int lo, int hi, const std::string& item) {
  if (text.empty()) {
    throw std::invalid_argument(fmt::format("an empty list of {}s (an unset shell variable?)", item));
  }
  const auto number = [&](const std::string& s) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) {
      throw std::invalid_argument(fmt::format("'{}' in list '{}' is not a number", s, text));
    }
    const size_t digits = s.find_first_not_of('0') == std::string::npos ? 1 : s.size() - s.find_first_not_of('0');
    const long long v = digits > 10 ? static_cast<long long>(hi) + 1 : std::stoll(s);
    if (v < lo || v > hi) {
      throw std::invalid_argument(fmt::format("{} {} in list '{}' is out of range {}..{}", item, s, text, lo, hi));
    }
    return static_cast<int>(v);
  };
  std::vector<std::pair<int, int>> ranges;
  size_t count = 0;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const std::string part =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const size_t dash = part.find('-');
    const int a = number(dash == std::string::npos ? part : part.substr(0, dash));
    const int b = dash == std::string::npos ? a : number(part.substr(dash + 1));
    if (b < a) throw std::invalid_argument(fmt::format("range '{}' runs backwards", part));
    count += static_cast<size_t>(b - a) + 1;
    if (count > kMaxListItems) {
      throw std::invalid_argument(fmt::format("list '{}' holds more than {} {}s", text, kMaxListItems, item));
    }
    ranges.emplace_back(a, b);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::vector<int> out;
  out.reserve(count);
  for (const auto& [a, b] : ranges) {
    for (int k = a; k <= b; ++k) out.push_back(k);
  }
  std::vector<int> sorted = out;
  std::sort(sorted.begin(), sorted.end());
  const auto twice = std::adjacent_find(sorted.begin(), sorted.end());
  if (twice != sorted.end()) {
    throw std::invalid_argument(fmt::format("{} {} is named twice in list '{}'", item, *twice, text));
  }
  return out;
}

}  // namespace cosim
