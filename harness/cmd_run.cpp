// `cosim run`: drive a vector set through the Verilated core and judge it.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

#include "checker.hpp"
#include "commands.hpp"
#include "cosim_config.hpp"
#include "driver.hpp"
#include "interrupt.hpp"
#include "models.hpp"
#include "options.hpp"
#include "profile.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "report_file.hpp"
#include "report_json.hpp"
#include "report_junit.hpp"
#include "run_report.hpp"
#include "runner.hpp"
#include "schedule.hpp"
#include "validators.hpp"

namespace cosim {

namespace {

namespace fs = std::filesystem;

struct RunOptions {
  ProfileBinder profile;
  SetOptions set;
  ModelOptions models;
  FlowOptions flow;
  uint64_t max_cycles = 0;
  int max_report = 10;
  std::string json;
  std::string junit;
  std::string trace;
  int trace_kij = -1;
  std::string trace_cycles;
  int repeat = 1;
  std::string x_seeds;
  double progress = 5;
  std::vector<std::string> plusargs;
};

TraceKind trace_kind(const std::string& path) {
  if (path.empty()) return TraceKind::None;
  auto ends = [&](const char* ext) {
    const std::string e(ext);
    return path.size() > e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".vcd")) return TraceKind::Vcd;
  if (ends(".fst")) return TraceKind::Fst;
  throw std::invalid_argument(
      fmt::format("--trace {}: the file name must end in .vcd or .fst", path));
}

TraceWindow parse_window(const std::string& text) {
  const size_t colon = text.find(':');
  const std::vector<int> a = parse_int_list(text.substr(0, colon));
  if (colon == std::string::npos || a.size() != 1) {
    throw std::invalid_argument(fmt::format("--trace-cycles '{}': expected A:B", text));
  }
  const std::vector<int> b = parse_int_list(text.substr(colon + 1));
  if (b.size() != 1 || b[0] < a[0]) {
    throw std::invalid_argument(fmt::format("--trace-cycles '{}': expected A:B with A <= B", text));
  }
  return TraceWindow{static_cast<uint64_t>(a[0]), static_cast<uint64_t>(b[0])};
}

// Plusargs go to the model. Verilator aborts the process on a +verilator+
// argument it does not know, so those are checked here first.
void check_plusargs(const std::vector<std::string>& args) {
  static const char* const known[] = {"+verilator+rand+reset+", "+verilator+seed+",
                                      "+verilator+error+limit+", "+verilator+noassert"};
  for (const std::string& a : args) {
    if (a.empty() || a[0] != '+') {
      throw std::invalid_argument(fmt::format("unknown argument '{}' (see cosim run --help)", a));
    }
    if (a.rfind("+verilator+", 0) != 0) continue;  // the design's own plusargs
    bool ok = false;
    for (const char* k : known) ok = ok || a.rfind(k, 0) == 0;
    if (!ok) {
      throw std::invalid_argument(fmt::format(
          "unknown Verilator argument '{}'; cosim passes +verilator+rand+reset+N, "
          "+verilator+seed+N, +verilator+error+limit+N and +verilator+noassert",
          a));
    }
  }
}

// With several sets, set i traces to NAME_set<i>.EXT so none overwrites another.
std::string trace_path(const std::string& path, int repeat, int i) {
  if (path.empty() || repeat == 1) return path;
  const size_t dot = path.rfind('.');
  return fmt::format("{}_set{}{}", path.substr(0, dot), i, path.substr(dot));
}

// The GTKWave save file to open a trace of `model` with. The built-in 8x8
// core has tools/cosim.gtkw (its internal names: L0, array edges, OFIFO,
// SFP). Any other core gets one written next to the trace (NAME.gtkw) with
// what every core has: the course ports and the psum probe.
std::string save_file_for(const ModelInfo& model, const std::string& trace) {
  const std::string src = config::kSourceDir;
  if (model.rtl == src + "/rtl/files.f" && model.top == "core" && model.rows == 8 &&
      model.cols == 8 && model.act_w == 4 && model.psum_w == 16) {
    return src + "/tools/cosim.gtkw";
  }
  const std::string path = trace.substr(0, trace.rfind('.')) + ".gtkw";
  std::ofstream f(path);
  const auto bus = [](const char* name, int w) {
    return fmt::format("TOP.cosim_top.{}[{}:0]\n", name, w - 1);
  };
  f << fmt::format("[*] GTKWave save file written by cosim run for {} (top {}).\n", model.rtl,
                   model.top)
    << "[*] Time: 1 clock period = 1 ns, so cycle N of a cosim report is at N ns.\n"
    << "[timestart] 0\n[sst_expanded] 1\n[signals_width] 300\n[sst_width] 250\n"
    << "@200\n-Clock, reset\n@28\nTOP.cosim_top.clk\nTOP.cosim_top.reset\n"
    << "@200\n-Ports of " << model.top << "\n@22\n"
    << bus("inst", inst_width(model.format)) << bus("D_xmem", model.rows * model.act_w)
    << "@28\nTOP.cosim_top.ofifo_valid\n@22\n" << bus("sfp_out", model.cols * model.psum_w);
  if (model.probe) {
    f << "@200\n-Psum SRAM writes (probe " << model.probe_path << ")\n@28\n"
      << "TOP.cosim_top.probe_psum_we\n@24\n" << bus("probe_psum_addr", 11) << "@22\n"
      << bus("probe_psum_data", model.cols * model.psum_w);
  }
  f.close();
  if (!f) throw std::runtime_error(fmt::format("cannot write {}", path));
  return path;
}

// A set of the run: a folder, or one generated by pattern and seed.
struct SetSource {
  std::string name;
  std::string dir;  // "" for a generated set
  golden::Pattern pattern = golden::Pattern::Random;
  uint64_t seed = 0;
};

// The folder's last name ("default" for .../tests/vectors/default/).
std::string folder_name(const std::string& dir) {
  fs::path p = fs::path(dir).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  const std::string n = p.filename().string();
  return n.empty() || n == "." || n == ".." ? std::string("vectors") : n;
}

// Every set the options name, folders first, each with a name no other has.
std::vector<SetSource> set_sources(const RunOptions& o) {
  std::vector<SetSource> sets;
  for (const std::string& d : vector_dirs(o.set)) sets.push_back({folder_name(d), d});
  if (!o.set.gen.empty()) {
    const std::vector<golden::Pattern> pats = patterns_of(o.set);
    for (int i = 0; i < o.repeat; ++i) {
      const golden::Pattern p = pats[static_cast<size_t>(i) % pats.size()];
      const uint64_t seed = o.set.seed + static_cast<uint64_t>(i);
      sets.push_back({fmt::format("{}_{}", golden::pattern_names()[static_cast<size_t>(p)], seed), "", p, seed});
    }
  }
  std::map<std::string, int> seen;
  for (SetSource& s : sets) {
    if (++seen[s.name] > 1) s.name += fmt::format("_{}", seen[s.name]);
  }
  return sets;
}

// Checks that fail before anything is built or simulated (exit 2).
void check_before_running(const RunOptions& o) {
  check_plusargs(o.plusargs);
  if (o.repeat > 1 && o.set.gen.empty()) {
    throw std::invalid_argument("--repeat needs --gen (generated sets)");
  }
  if (!o.trace.empty()) {
    trace_kind(o.trace);
    check_report_path(o.trace, "--trace");
  }
  if (!o.json.empty()) check_report_path(o.json, "--json");
  if (!o.junit.empty()) check_report_path(o.junit, "--junit");
}

RunRequest make_request(const RunOptions& o, const ModelInfo& model) {
  RunRequest req;
  req.schedule = schedule_options(o.flow, model.format);
  req.plusargs = o.plusargs;
  if (!o.x_seeds.empty()) req.x_seeds = parse_int_list(o.x_seeds, 1, kMaxListValue, "X seed");
  req.drive.max_cycles = o.max_cycles;
  if (o.trace_kij >= 0) req.drive.trace_kij = o.trace_kij;
  if (!o.trace_cycles.empty()) req.drive.trace_cycles = parse_window(o.trace_cycles);
  if ((req.drive.trace_kij || req.drive.trace_cycles) && o.trace.empty()) {
    throw std::invalid_argument("--trace-kij / --trace-cycles need --trace FILE");
  }
  return req;
}

RunInfo info_for(const RunReport& run, const SetReport& s) {
  RunInfo info;
  info.rtl = run.rtl;
  info.model = run.model;
  info.profile = run.profile;
  info.flow = s.flow;
  info.vectors = s.vectors;
  info.notes = run.model_notes;
  info.notes.insert(info.notes.end(), s.notes.begin(), s.notes.end());
  info.cycles = s.cycles;
  info.seconds = s.seconds;
  info.exit_code = s.exit_code;
  return info;
}

// What the run is, for the top of the report when it has several sets.
std::string sets_line(const RunOptions& o, size_t folders, size_t generated) {
  std::vector<std::string> parts;
  if (folders) parts.push_back(fmt::format("{} folder{} (--vectors)", folders, folders == 1 ? "" : "s"));
  if (generated) {
    parts.push_back(fmt::format("{} generated (--gen {} --seed {}{})", generated, o.set.gen, o.set.seed,
                                o.repeat > 1 ? fmt::format(" --repeat {}", o.repeat) : ""));
  }
  return parts.size() == 2 ? parts[0] + " and " + parts[1] + ": both are run" : parts[0];
}

// The reason no check of the RTL ran, from the sets' skipped cases.
std::string nothing_checked_reason(const RunReport& run) {
  std::vector<std::string> why;
  for (const SetReport& s : run.sets) {
    if (rtl_checked(s.result)) return "";
    for (const CaseResult& c : s.result.cases) {
      const std::string w = fmt::format("{}: {}", c.name.rfind("kij", 0) == 0 ? "kij" : c.name, c.detail);
      if (c.name != "input_consistency" && std::find(why.begin(), why.end(), w) == why.end()) why.push_back(w);
    }
  }
  std::string text = "every check of the RTL was skipped";
  for (size_t i = 0; i < why.size(); ++i) text += (i ? "; " : " (") + why[i];
  return run.sets.empty() ? "" : text + (why.empty() ? "" : ")");
}

// The text of a set without its last line ("N passed, N failed"), when the
// run's own last lines follow.
std::string without_last_line(const std::string& text) {
  const size_t end = text.find_last_not_of('\n');
  const size_t nl = end == std::string::npos ? std::string::npos : text.rfind('\n', end);
  return nl == std::string::npos ? std::string() : text.substr(0, nl + 1);
}

// Runs every set of the options on one model, printing as it goes, and
// fills the run's report.
class Runner {
 public:
  Runner(RunOptions& o, RunReport& rep) : o_(o), rep_(rep), progress_(stderr, o.progress) {}

  int run() {
    check_before_running(o_);
    o_.models.long_run = o_.repeat >= 200;  // --opt auto: the model that simulates fastest
    sources_ = set_sources(o_);
    rep_.planned_sets = static_cast<int>(sources_.size());
    const ModelChoice choice = choose_model(o_.set, o_.models, trace_kind(o_.trace));
    model_ = &choice.model;
    describe_run(choice.model);
    const RunRequest req = make_request(o_, choice.model);
    std::vector<golden::VectorSet> folders = read_folders(choice.shape);  // every file read before a cycle runs
    single_ = sources_.size() == 1 && !sources_.front().dir.empty();
    catch_interrupts();
    for (size_t i = 0; i < sources_.size() && !interrupted(); ++i) {
      const SetSource& src = sources_[i];
      const golden::VectorSet v =
          src.dir.empty() ? golden::generate(choice.shape, src.pattern, src.seed) : std::move(folders[i]);
      run_one(v, req, i);
      const bool folders_done = i + 1 == sources_.size() || sources_[i + 1].dir.empty();
      if (!src.dir.empty() && folders_done) print_folders();
      progress_.update(i + 1, sources_.size(), "sets");
    }
    if (!folders_printed_) print_folders();
    return finish();
  }

 private:
  void describe_run(const ModelInfo& model) {
    rep_.rtl = fmt::format("{} (top {})", model.rtl, model.top);
    rep_.model = describe_model(model);
    rep_.model_name = model.name;
    rep_.profile = o_.profile.file();
    rep_.model_notes = model.notes;
  }

  std::vector<golden::VectorSet> read_folders(const golden::Shape& shape) const {
    const std::pair<int, int> tile = o_.set.tile.empty() ? std::pair{-1, -1} : tile_of(o_.set);
    std::vector<golden::VectorSet> v;
    for (const SetSource& s : sources_) {
      v.push_back(s.dir.empty() ? golden::VectorSet(shape) : read_set(s.dir, o_.set.map, shape, {}, tile));
    }
    return v;
  }

  void run_one(const golden::VectorSet& v, RunRequest req, size_t index) {
    const SetSource& src = sources_[index];
    req.trace = trace_path(o_.trace, static_cast<int>(sources_.size()), static_cast<int>(index));
    Outcome out = run_set(*model_, v, req);
    SetReport s;
    s.name = src.name;
    s.generated = src.dir.empty();
    s.pattern = s.generated ? golden::pattern_names()[static_cast<size_t>(src.pattern)] : "";
    s.seed = src.seed;
    s.vectors = s.generated ? fmt::format("generated: pattern {} seed {}", s.pattern, s.seed) : src.dir;
    s.flow = describe(out.schedule.flow);
    s.notes = v.notes;
    out.result.warnings.insert(out.result.warnings.begin(), v.warnings.begin(), v.warnings.end());
    s.result = std::move(out.result);
    s.cycles = out.log.cycles;
    s.seconds = out.log.seconds;
    s.exit_code = exit_code(s.result, out.log);
    s.text = text_of(info_for(rep_, s), s.result, o_.max_report);
    rep_.sets.push_back(std::move(s));
    if (!req.trace.empty()) traces_.push_back(req.trace);
    if (rep_.sets.back().generated) print_generated(rep_.sets.back(), index);
  }

  void print_generated(const SetReport& s, size_t index) {
    fmt::print("set {}/{}: pattern {} seed {}: {} passed, {} failed, {} cycles{}\n", index + 1, sources_.size(),
               s.pattern, s.seed, s.result.passed(), s.result.failed(), s.cycles,
               s.exit_code == kHung ? " (hung)" : s.exit_code == kFilesWrong ? " (files disagree)" : "");
    if (s.exit_code == kPass || shown_failure_ || interrupted()) return;
    shown_failure_ = true;
    fmt::print("\n--- first failing set (reproduce: cosim run --gen {} --seed {}) ---\n", s.pattern, s.seed);
    std::fputs(s.text.c_str(), stdout);
    fmt::print("---\n\n");
  }

  // The folder sets, once all have run: one set as `cosim run` always
  // printed it, several in one table whose first column names the set.
  void print_folders() {
    folders_printed_ = true;
    std::vector<size_t> which;
    for (size_t i = 0; i < rep_.sets.size(); ++i)
      if (!rep_.sets[i].generated) which.push_back(i);
    if (which.empty()) return;
    print_traces();
    if (single_) return;  // finish() prints it, with the run's last lines
    print_sets(stdout, rep_, rep_.sets[which.front()].flow, which, o_.max_report);
    fmt::print("\n");
  }

  void print_traces() {
    for (const std::string& t : traces_) {
      fmt::print("waveform: {} (1 clock period = 1 ns: cycle N is at N ns)\n  open:   gtkwave {} {}\n", t, t,
                 save_file_for(*model_, t));
    }
    traces_.clear();
  }

  // The run's verdict (stopped, nothing checked, or the sets' codes combined).
  void judge() {
    if (const int sig = interrupted()) {
      const std::string cut = rep_.sets.empty() ? "" : rep_.sets.back().result.stopped;
      rep_.stopped = cut.rfind("interrupted", 0) == 0
                         ? fmt::format("{} (set {}, {} of {})", cut, rep_.sets.back().name, rep_.sets.size(),
                                       sources_.size())
                         : fmt::format("interrupted ({}) after {} of {} sets", signal_name(sig), rep_.sets.size(),
                                       sources_.size());
    }
    rep_.nothing_checked = rep_.stopped.empty() ? nothing_checked_reason(rep_) : "";
    std::vector<int> codes;
    for (const SetReport& s : rep_.sets) codes.push_back(s.exit_code);
    rep_.exit_code = !rep_.stopped.empty()          ? 128 + interrupted()
                     : !rep_.nothing_checked.empty() ? static_cast<int>(kBadInput)
                                                     : combine_exit_codes(codes);
  }

  int finish() {
    judge();
    print_traces();
    if (single_ && !rep_.sets.empty()) {
      const std::string& text = rep_.sets.front().text;
      const bool more = !rep_.nothing_checked.empty();
      std::fputs((more ? without_last_line(text) : text).c_str(), stdout);
      if (more) {
        fmt::print("NOTHING CHECKED: {}\n{} passed, {} failed\n", rep_.nothing_checked, rep_.passed(), rep_.failed());
      }
      return rep_.exit_code;
    }
    size_t folders = 0;
    for (const SetSource& s : sources_) folders += !s.dir.empty();
    const double secs = rep_.seconds();
    const double rate = secs > 0 ? static_cast<double>(rep_.cycles()) / secs : 0.0;
    fmt::print("sets: {}\n", sets_line(o_, folders, sources_.size() - folders));
    fmt::print("{} sets, {} cycles simulated in {:.3f} s ({:.2f} M cycles/s); the run took {}\n", rep_.sets.size(),
               rep_.cycles(), secs, rate / 1e6, duration_text(progress_.elapsed()));
    if (!rep_.stopped.empty()) fmt::print("STOPPED: {}\n", rep_.stopped);
    if (!rep_.nothing_checked.empty()) fmt::print("NOTHING CHECKED: {}\n", rep_.nothing_checked);
    fmt::print("{} passed, {} failed\n", rep_.passed(), rep_.failed());
    return rep_.exit_code;
  }

  RunOptions& o_;
  RunReport& rep_;
  Progress progress_;
  std::vector<SetSource> sources_;
  const ModelInfo* model_ = nullptr;
  bool single_ = false;
  bool folders_printed_ = false;
  bool shown_failure_ = false;
  std::vector<std::string> traces_;
};

// Writes --json and --junit, whatever happened (an old file never
// survives a run); a failed write is exit 2, and said unless `quiet` (a run
// that already failed on bad input, whose error is the one to report).
void write_reports(const RunOptions& o, const RunReport& rep, bool quiet = false) {
  std::string failed;
  for (const auto& [path, text] : {std::pair{o.json, o.json.empty() ? std::string() : json_report(rep)},
                                   std::pair{o.junit, o.junit.empty() ? std::string() : junit_report(rep, host_name())}}) {
    if (path.empty()) continue;
    try {
      write_report_file(path, text);
    } catch (const ReportWriteError& e) {
      if (!quiet) fmt::print(stderr, "error: {}\n", e.what());
      failed = e.what();
    }
  }
  if (!failed.empty()) throw ReportWriteError(failed);
}

int run(RunOptions& o) {
  RunReport rep;
  rep.timestamp = utc_timestamp();
  int rc = kBadInput;
  try {
    rc = Runner(o, rep).run();
  } catch (const std::exception& e) {
    // Bad input or usage found on the way: the reports say so too.
    rep.error = dynamic_cast<const BuildFailed*>(&e) ? "the model could not be built (see the builder's output)"
                                                     : e.what();
    rep.exit_code = kBadInput;
    try {
      write_reports(o, rep, true);
    } catch (const ReportWriteError&) {
      // the first error is the one to report
    }
    throw;
  }
  try {
    write_reports(o, rep);
  } catch (const ReportWriteError&) {
    return kBadInput;  // printed; the verdict above stands, but the report is missing
  }
  return rc;
}

}  // namespace

void add_run_command(CLI::App& root, CommandAction& action) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* app = root.add_subcommand(
      "run", "Drive a vector set through the Verilated core; check every psum of every kij and "
             "the final outputs against the golden model and the given files");
  o->profile.add_option(*app);
  add_set_options(*app, o->set, &o->profile);
  add_model_options(*app, o->models, &o->profile);
  add_flow_options(*app, o->flow, &o->profile);
  add_run_limits(*app, o->max_cycles, o->max_report);
  app->add_option("--json", o->json,
                  "Also write the result as JSON (every set, the totals; docs/REPORTS.md), always, even "
                  "when the run fails or stops")
      ->check(not_empty("a file name"));
  app->add_option("--junit", o->junit,
                  "Also write JUnit XML: one testsuite per set, one testcase per kij, out_relu, "
                  "input_consistency, x_init (docs/REPORTS.md)")
      ->check(not_empty("a file name"));
  app->add_option("--trace", o->trace,
                  "Write a waveform: FILE.vcd or FILE.fst (several sets: FILE_set<i>.EXT per set)")
      ->check(not_empty("a file name"));
  app->add_option("--trace-kij", o->trace_kij, "Dump only the cycles of this kij")->check(at_least(0));
  app->add_option("--trace-cycles", o->trace_cycles, "Dump only cycles A:B (inclusive)")
      ->check(not_empty("A:B"));
  app->add_option("--repeat", o->repeat,
                  "With --gen: run this many generated sets back to back (seeds seed, seed+1, "
                  "..., patterns in turn)")
      ->check(at_least(1))
      ->capture_default_str();
  app->add_option("--x-seeds", o->x_seeds,
                  "Also run from randomised initial state (Verilator X initialisation) with "
                  "these seeds, e.g. 1-4; any change of result fails the case x_init")
      ->check(int_list(1, kMaxListValue, "X seed"));
  app->add_option("--progress", o->progress,
                  "Seconds between progress lines (elapsed, time left) on standard error in runs "
                  "of several sets; 0: none")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  app->allow_extras();
  app->footer(std::string("Several sets: -v A -v B, and --gen with --vectors, run each (one table, one "
                          "JUnit testsuite per set). Verilator plusargs (+verilator+seed+N, "
                          "+verilator+rand+reset+2) are passed to the model.\n") +
              kExitCodesHelp);
  app->callback([o, app, &action] {
    o->plusargs = app->remaining();
    action = [o] {
      o->profile.apply();
      return run(*o);
    };
  });
}

}  // namespace cosim
