// `cosim run`: drive a vector set through the Verilated core and judge it.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "checker.hpp"
#include "commands.hpp"
#include "cosim_config.hpp"
#include "driver.hpp"
#include "layer_io.hpp"
#include "layer_runner.hpp"
#include "models.hpp"
#include "options.hpp"
#include "profile.hpp"
#include "report.hpp"
#include "diagnose.hpp"
#include "gtkw.hpp"
#include "heatmap.hpp"
#include "html_report.hpp"
#include "locate.hpp"
#include "runner.hpp"
#include "timeline.hpp"
#include "schedule.hpp"

namespace cosim {

namespace {

struct RunOptions {
  ProfileBinder profile;
  SetOptions set;
  ModelOptions models;
  FlowOptions flow;
  PeOptions pe;
  uint64_t max_cycles = 0;
  int max_report = 10;
  std::string json;
  std::string junit;
  std::string html;
  std::string trace;
  int trace_kij = -1;
  std::string trace_cycles;
  int repeat = 1;
  std::string x_seeds;
  bool no_locate = false;
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

// What a failing run tells besides its mismatches: where the wrong words
// are, which known bug would make exactly them, and the command that traces
// the first wrong row (`reproduce`: the options that give this set).
void explain(RunInfo& info, const Outcome& out, const golden::VectorSet& v,
             const std::vector<std::string>& reproduce) {
  if (out.result.mismatches.empty()) return;
  info.heatmap = text_heatmap(wrong_map(out.result, v.shape()), v.shape().cols);
  info.diagnosis = diagnose(out.schedule, v, out.golden, out.log, out.result).verdict;
  for (const Mismatch& m : out.result.mismatches) {
    if (!m.row) continue;
    const TraceWindow w = trace_window(*m.row);
    std::vector<std::string> add = reproduce;
    for (const char* a : {"--trace", "first_mismatch.fst", "--trace-cycles"}) add.emplace_back(a);
    add.push_back(fmt::format("{}:{}", w.first, w.last));
    info.trace_hint = command_with({"--trace", "--trace-kij", "--trace-cycles", "--gen", "--seed",
                                    "--repeat", "--json", "--junit", "--html"},
                                   add);
    break;
  }
}

// Where the PEs are: the pattern given, or our RTL's; none for a user's
// core that names none.
std::optional<PeProbe> pe_probe(const RunOptions& o, const ModelInfo& model) {
  if (!o.pe.pattern.empty()) {
    return user_pe_probe(o.pe.pattern, o.pe.ports.empty() ? std::vector<std::string>{"out_s"} : o.pe.ports);
  }
  if (!o.pe.ports.empty()) throw std::invalid_argument("--pe-ports needs --pe (the PEs' pattern)");
  if (is_our_rtl(model)) return our_pe_probe();
  return std::nullopt;
}

// Psums wrong and the PEs known: the first failing kij run again with a VCD
// trace (the traced model is built on first use), and the first PE whose
// psum differs from the golden partial sum named. `note` says why not.
std::optional<FaultLocation> locate(const RunOptions& o, const ModelInfo& model, const Outcome& out,
                                    const golden::VectorSet& v, const RunRequest& req,
                                    std::string& note) {
  const std::optional<PeProbe> pe = pe_probe(o, model);
  if (o.no_locate || !pe) return std::nullopt;
  const auto first = std::find_if(out.result.mismatches.begin(), out.result.mismatches.end(),
                                  [](const Mismatch& m) { return m.kind == Kind::Value && m.kij >= 0 && m.row; });
  if (first == out.result.mismatches.end()) return std::nullopt;
  const std::string trace = fmt::format("{}/locate_{}.vcd", config::kBuildDir, ::getpid());
  try {
    const ModelChoice traced = choose_model(o.set, o.models, TraceKind::Vcd);
    RunRequest r = req;
    r.trace = trace;
    r.drive.trace_kij = first->kij;
    r.drive.trace_cycles.reset();
    r.x_seeds.clear();
    const Outcome again = run_set(traced.model, v, r);
    const Located f = locate_fault(r.trace, *pe, v.tile, again.schedule, again.log, first->kij);
    std::remove(trace.c_str());
    note = f.note;
    return f.fault;
  } catch (const std::exception& e) {
    std::remove(trace.c_str());
    note = fmt::format("fault location skipped: {}", e.what());
    return std::nullopt;
  }
}

// The GTKWave save file written next to a trace (NAME.gtkw) for view `v`.
std::string write_view(const ModelInfo& model, const std::string& trace, const GtkwView& v) {
  const std::string path = trace.substr(0, trace.rfind('.')) + ".gtkw";
  write_gtkw(path, trace, model, v);
  return path;
}

GtkwView whole_trace(const RunLog& log) {
  GtkwView v;
  v.window = log.traced ? *log.traced : TraceWindow{0, log.cycles};
  v.title = "the whole trace";
  return v;
}

// The save file of a set's run: it opens at the first wrong row the trace
// holds, or on the whole trace.
std::string save_file_for(const ModelInfo& model, const std::string& trace, const Outcome& out,
                          const std::optional<FaultLocation>& fault, const std::optional<PeProbe>& pe) {
  GtkwView v = whole_trace(out.log);
  for (const Mismatch& m : out.result.mismatches) {
    if (!m.row || !m.row->write || !v.window.contains(*m.row->write)) continue;
    const TraceWindow w = trace_window(*m.row);
    v.window = TraceWindow{std::max(w.first, v.window.first), std::min(w.last, v.window.last)};
    v.marker = *m.row->write;
    v.pe = fault ? std::make_pair(fault->row, fault->col) : std::make_pair(model.rows - 1, m.col);
    v.probe = pe;
    v.title = fmt::format("the first wrong row the trace holds: kij {} nij {} col {}, written at cycle {} "
                          "(the marker)", m.kij, m.nij, m.col, *m.row->write);
    break;
  }
  return write_view(model, trace, v);
}

RunRequest layer_request(const RunOptions& o, const ModelInfo& model) {
  RunRequest req;
  req.schedule = schedule_options(o.flow, model.format);
  req.plusargs = o.plusargs;
  if (!o.x_seeds.empty()) req.x_seeds = parse_int_list(o.x_seeds);
  req.drive.max_cycles = o.max_cycles;
  if (o.trace_kij >= 0) req.drive.trace_kij = o.trace_kij;
  if (!o.trace_cycles.empty()) req.drive.trace_cycles = parse_window(o.trace_cycles);
  if ((req.drive.trace_kij || req.drive.trace_cycles) && o.trace.empty()) {
    throw std::invalid_argument("--trace-kij / --trace-cycles need --trace FILE");
  }
  req.trace = o.trace;
  return req;
}

// A tiled layer (activation_tile*.txt): its blocks through the core, one
// row per output tile in the table (layer_runner.hpp).
int run_layer_dir(RunOptions& o, const std::string& dir) {
  if (o.repeat != 1) throw std::invalid_argument("--repeat needs --gen (generated sets)");
  // --opt auto: the fast-simulating model for the work of 200 sets or more.
  const golden::Shape guess = golden::detect_layer_shape(dir, shape_of(o.set), o.set.map);
  o.models.long_run = static_cast<uint64_t>(guess.n_onij()) * static_cast<uint64_t>(guess.out_ch) *
                          static_cast<uint64_t>(guess.in_ch) * static_cast<uint64_t>(guess.n_kij()) >=
                      200ULL * 9216ULL;
  const ModelChoice choice = choose_model(o.set, o.models, trace_kind(o.trace));
  const ModelInfo& model = choice.model;
  const golden::Shape shape = golden::detect_layer_shape(dir, choice.shape, o.set.map);
  RunInfo info;
  info.rtl = fmt::format("{} (top {})", model.rtl, model.top);
  info.model = describe_model(model);
  info.profile = o.profile.file();
  info.vectors = dir;
  info.notes = model.notes;
  const golden::Layer layer = golden::read_layer(dir, shape, info.notes);

  const LayerOutcome out = run_layer(model, layer, layer_request(o, model));
  info.flow = describe(out.plan.flow);
  info.notes.push_back(fmt::format(
      "tiling: {} blocks ({} output tiles x {} spatial tiles of {}x{} outputs, window {}x{}), {} "
      "passes each (9 kij x {} input tiles), {} psum rows a pass", out.plan.blocks.size(),
      shape.oc_tiles(), out.plan.blocks.size() / static_cast<size_t>(shape.oc_tiles()), out.plan.th,
      out.plan.tw, out.plan.win_h(), out.plan.win_w(), out.plan.passes(), shape.ic_tiles(),
      out.plan.stride));
  info.cycles = out.log.cycles;
  info.seconds = out.log.seconds;
  info.exit_code = exit_code(out.result, out.log);
  info.counters = out.counters;
  if (!o.json.empty()) write_json(o.json, info, out.result);
  if (!o.junit.empty()) write_junit(o.junit, info, out.result);
  if (!o.trace.empty()) {
    fmt::print("waveform: {} (1 clock period = 1 ns: cycle N is at N ns)\n  open:   gtkwave {} {}\n",
               o.trace, o.trace, write_view(model, o.trace, whole_trace(out.log)));
  }
  print_text(stdout, info, out.result, o.max_report);
  return info.exit_code;
}

int run(RunOptions& o) {
  check_plusargs(o.plusargs);
  if (o.set.gen.empty() && golden::is_layer_dir(vectors_dir(o.set))) {
    return run_layer_dir(o, vectors_dir(o.set));
  }
  o.models.long_run = o.repeat >= 200;  // --opt auto: the model that simulates fastest
  const ModelChoice choice = choose_model(o.set, o.models, trace_kind(o.trace));
  const ModelInfo& model = choice.model;
  const golden::Shape& shape = choice.shape;
  pe_probe(o, model);  // a bad --pe is refused before the run
  if (o.repeat < 1) throw std::invalid_argument("--repeat must be at least 1");
  if (o.repeat > 1 && o.set.gen.empty()) {
    throw std::invalid_argument("--repeat needs --gen (generated sets)");
  }

  RunRequest req;
  req.schedule = schedule_options(o.flow, model.format);
  req.plusargs = o.plusargs;
  if (!o.x_seeds.empty()) req.x_seeds = parse_int_list(o.x_seeds);
  req.drive.max_cycles = o.max_cycles;
  if (o.trace_kij >= 0) req.drive.trace_kij = o.trace_kij;
  if (!o.trace_cycles.empty()) req.drive.trace_cycles = parse_window(o.trace_cycles);
  if ((req.drive.trace_kij || req.drive.trace_cycles) && o.trace.empty()) {
    throw std::invalid_argument("--trace-kij / --trace-cycles need --trace FILE");
  }

  RunInfo info;
  info.rtl = fmt::format("{} (top {})", model.rtl, model.top);
  info.model = describe_model(model);
  info.profile = o.profile.file();
  info.flow = describe(req.schedule.flow);
  info.notes = model.notes;

  if (o.set.gen.empty()) {
    const std::string dir = vectors_dir(o.set);
    const golden::VectorSet v = load_set(o.set, shape);
    info.vectors = dir;
    info.notes.insert(info.notes.end(), v.notes.begin(), v.notes.end());
    req.trace = o.trace;
    Outcome out = run_set(model, v, req);
    info.flow = describe(out.schedule.flow);
    explain(info, out, v, {});
    std::string note;
    const std::optional<FaultLocation> fault = locate(o, model, out, v, req, note);
    info.fault = fault ? describe(*fault) + (note.empty() ? "" : "; " + note) : note;
    info.cycles = out.log.cycles;
    info.seconds = out.log.seconds;
    info.exit_code = exit_code(out.result, out.log);
    info.counters = out.counters;
    if (!o.json.empty()) write_json(o.json, info, out.result);
    if (!o.junit.empty()) write_junit(o.junit, info, out.result);
    if (!o.html.empty()) write_html(o.html, info, out.result, out.log, v.shape());
    if (!o.trace.empty()) {
      fmt::print("waveform: {} (1 clock period = 1 ns: cycle N is at N ns)\n"
                 "  open:   gtkwave {} {}\n",
                 o.trace, o.trace, save_file_for(model, o.trace, out, fault, pe_probe(o, model)));
    }
    print_text(stdout, info, out.result, o.max_report);
    return info.exit_code;
  }

  // Generated sets, back to back: one line each, the first failing set in full.
  const std::vector<golden::Pattern> pats = patterns_of(o.set);
  int passed = 0, failed = 0, worst = kPass;
  bool shown = false;
  uint64_t cycles = 0;
  double seconds = 0;
  for (int i = 0; i < o.repeat; ++i) {
    const golden::Pattern p = pats[static_cast<size_t>(i) % pats.size()];
    const uint64_t seed = o.set.seed + static_cast<uint64_t>(i);
    const golden::VectorSet v = golden::generate(shape, p, seed);
    req.trace = trace_path(o.trace, o.repeat, i);
    Outcome out = run_set(model, v, req);
    info.flow = describe(out.schedule.flow);
    const int rc = exit_code(out.result, out.log);
    passed += out.result.passed();
    failed += out.result.failed();
    cycles += out.log.cycles;
    seconds += out.log.seconds;
    worst = std::max(worst, rc);
    const std::string name = golden::pattern_names()[static_cast<size_t>(p)];
    fmt::print("set {}/{}: pattern {} seed {}: {} passed, {} failed, {} cycles{}\n", i + 1,
               o.repeat, name, seed, out.result.passed(), out.result.failed(), out.log.cycles,
               rc == kHung ? " (hung)" : "");
    if (rc != kPass && !shown) {
      shown = true;
      RunInfo one = info;
      one.vectors = fmt::format("generated: pattern {} seed {}", name, seed);
      explain(one, out, v, {"--gen", name, "--seed", std::to_string(seed)});
      one.cycles = out.log.cycles;
      one.seconds = out.log.seconds;
      one.exit_code = rc;
      one.counters = out.counters;
      fmt::print("\n--- first failing set (reproduce: cosim run --gen {} --seed {}) ---\n", name, seed);
      print_text(stdout, one, out.result, o.max_report);
      fmt::print("---\n\n");
      if (!o.json.empty()) write_json(o.json, one, out.result);
      if (!o.junit.empty()) write_junit(o.junit, one, out.result);
      if (!o.html.empty()) write_html(o.html, one, out.result, out.log, v.shape());
    }
  }
  const double rate = seconds > 0 ? static_cast<double>(cycles) / seconds : 0.0;
  fmt::print("{} sets, {} cycles simulated in {:.3f} s ({:.2f} M cycles/s)\n", o.repeat, cycles,
             seconds, rate / 1e6);
  fmt::print("{} passed, {} failed\n", passed, failed);
  return worst;
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
  app->add_option("--max-cycles", o->max_cycles,
                  "Watchdog: stop with exit 3 after this many cycles (default: the schedule's "
                  "bound)");
  app->add_option("--max-report", o->max_report, "Mismatches to print")->capture_default_str();
  app->add_option("--json", o->json, "Also write the result as JSON");
  app->add_option("--html", o->html,
                  "Also write one self-contained HTML page: verdicts, heat maps of the wrong psums "
                  "and outputs, diagnosis, the schedule's phases, the trace command (with --gen: "
                  "the first failing set, else the first)");
  app->add_option("--junit", o->junit, "Also write JUnit XML (one testcase per kij, out_relu, "
                                       "input_consistency)");
  app->add_option("--trace", o->trace,
                  "Write a waveform: FILE.vcd or FILE.fst (with --repeat: FILE_set<i>.EXT per set)");
  app->add_option("--trace-kij", o->trace_kij, "Dump only the cycles of this kij");
  app->add_option("--trace-cycles", o->trace_cycles, "Dump only cycles A:B (inclusive)");
  app->add_option("--repeat", o->repeat,
                  "With --gen: run this many generated sets back to back (seeds seed, seed+1, "
                  "..., patterns in turn)")
      ->capture_default_str();
  add_pe_options(app, o->pe, &o->profile);
  app->add_flag("--no-locate", o->no_locate,
               "Do not trace the first failing kij again to name the PE where the fault shows "
               "(our RTL, or --pe; it builds the traced model on first use)");
  app->add_option("--x-seeds", o->x_seeds,
                  "Also run from randomised initial state (Verilator X initialisation) with "
                  "these seeds, e.g. 1-4; any change of result fails the case x_init");
  app->allow_extras();
  app->footer("Verilator plusargs (+verilator+seed+N, +verilator+rand+reset+2) are passed to the "
              "model.\nExit codes: 0 all passed, 1 a mismatch, 2 bad input or usage, 3 the "
              "watchdog fired.");
  app->callback([o, app, &action] {
    o->plusargs = app->remaining();
    action = [o] {
      o->profile.apply();
      return run(*o);
    };
  });
}

}  // namespace cosim
