// `cosim calibrate`: find the flow conventions a core follows (calibrate.hpp)
// and write them, with the core's [core] keys, as a profile whose every
// [flow] line says what calibration observed.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "calibrate.hpp"
#include "commands.hpp"
#include "models.hpp"
#include "options.hpp"
#include "profile.hpp"
#include "toml_read.hpp"
#include "validators.hpp"

namespace cosim {

namespace {

namespace fs = std::filesystem;

struct CalibrateCmdOptions {
  ProfileBinder profile;
  PeOptions pe;  // a profile's [debug], accepted and unused here
  SetOptions set;
  ModelOptions models;
  FlowOptions flow;
  std::string out;
  int confirm_sets = 4;
  std::vector<std::string> plusargs;
};

// A TOML value as toml++ writes it (quoting and escaping done right).
template <class T>
std::string toml_value(const T& v) {
  std::ostringstream s;
  s << v;
  return s.str();
}
std::string toml_str(const std::string& v) { return toml_value(toml::value<std::string>(v)); }
std::string toml_strs(const std::vector<std::string>& v) {
  toml::array a;
  for (const std::string& s : v) a.push_back(s);
  return toml_value(a);
}
std::string toml_key(const std::string& k) {
  const bool bare = !k.empty() && k.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos;
  return bare ? k : toml_str(k);
}

std::string core_table(const CoreSpec& c, const fs::path& out_dir) {
  std::string t = "[core]\n";
  const fs::path list = fs::absolute(c.rtl).lexically_normal();
  const fs::path rel = list.lexically_relative(fs::absolute(out_dir).lexically_normal());
  if (!rel.empty() && *rel.begin() != "..") {
    t += fmt::format("rtl = {}  # relative to this file\n", toml_str(rel.string()));
  } else {
    t += fmt::format("rtl = {}\n", toml_str(list.string()));
  }
  t += fmt::format("top = {}\n", toml_str(c.top));
  t += fmt::format("inst_width = {}\n", c.inst_width);
  if (c.params) t += "params = true  # bw, psum_bw, col, row from the array size\n";
  if (!c.probe.empty() && c.probe != std::vector<std::string>{"none"}) {
    t += fmt::format("probe = {}\n", toml_strs(c.probe));
    t += fmt::format("probe_ports = {}\n", toml_strs(c.probe_ports));
  } else {
    t += "probe = \"none\"  # the psum SRAM is not visible: only the outputs are judged\n";
  }
  if (!c.vflags.empty()) t += fmt::format("vflags = {}\n", toml_strs(c.vflags));
  if (!c.ports.empty()) {
    t += "\n[core.ports]  # course port = the core's name\n";
    for (const auto& [k, v] : c.ports) t += fmt::format("{} = {}\n", toml_key(k), toml_str(v));
  }
  if (!c.tie.empty()) {
    t += "\n[core.tie]  # the core's extra inputs and their values\n";
    for (const auto& [k, v] : c.tie) t += fmt::format("{} = {}\n", toml_key(k), toml_str(v));
  }
  return t;
}

std::string profile_text(const CalibrateCmdOptions& o, const ModelInfo& m, const Calibration& c,
                         const std::string& vectors, const fs::path& out,
                         const std::vector<std::string>& guessed) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  std::string t = fmt::format(
      "# cosim profile for {} ({}), written by `cosim calibrate` on {}\n"
      "# from {} and {} generated sets, in {} runs of model {}.\n"
      "# [core]: how the model is built; [flow]: how the core is driven. Each [flow]\n"
      "# line says what calibration observed. Run the core with it:\n"
      "#   cosim run --profile {}   (or make sim RTL=... PROFILE=...)\n\n",
      m.top, m.rtl, date, vectors, o.confirm_sets, c.trials, m.name, out.string());
  if (!o.models.core.rtl.empty()) {
    for (const std::string& g : guessed) t += fmt::format("# interface: {}\n", g);
    t += core_table(o.models.core, out.parent_path()) + "\n";
  }
  t += "[flow]\n";
  for (const Finding& f : c.findings) {
    t += fmt::format("{} = {}  # {}\n", f.key, f.value, f.why);
  }
  if (o.set.map > 0) t += fmt::format("map = {}  # given\n", o.set.map);
  return t;
}

// Written to a temporary file and renamed, and read back: a profile that
// cosim could not read is never left behind.
void write_profile(const fs::path& out, const std::string& text) {
  if (!out.parent_path().empty() && !fs::is_directory(out.parent_path())) {
    throw std::invalid_argument(fmt::format("--out {}: the folder {} does not exist", out.string(),
                                            out.parent_path().string()));
  }
  const fs::path tmp = out.string() + ".tmp";
  {
    std::ofstream f(tmp);
    f << text;
    f.flush();
    if (!f) throw std::runtime_error(fmt::format("cannot write {}", tmp.string()));
  }
  tomlr::parse(tmp.string());
  fs::rename(tmp, out);
}

int calibrate_cmd(CalibrateCmdOptions& o) {
  // Calibration searches the course flow's conventions; the fast flow then
  // runs with them (and the core's exact stream_latency: --stream finds it).
  refuse_layer(o.set, "calibrate");
  if (o.flow.conv.kind == FlowKind::Fast || o.flow.conv.positions == Positions::Outputs) {
    throw std::invalid_argument("calibrate searches a core's conventions in the course flow; "
                                "drop --flow fast / --positions (and the profile's flow and "
                                "positions keys), then run the profile with --flow fast");
  }
  // A user's core: what the interface check resolves or guesses becomes the
  // model (and the profile's [core]), so that runs with the profile build
  // the very model calibrated here.
  std::vector<std::string> guessed;
  if (!o.models.core.rtl.empty()) o.models.core = propose_core(o.set, o.models, guessed);
  const ModelChoice choice = choose_model(o.set, o.models, TraceKind::None);
  const ModelInfo& m = choice.model;
  const golden::VectorSet v = load_set(o.set, choice.shape);
  fs::path out = o.out;
  if (out.empty()) {
    if (o.models.core.rtl.empty()) throw std::invalid_argument("--out FILE is required (no --rtl)");
    out = fs::absolute(o.models.core.rtl).parent_path() / "cosim.toml";
  }

  CalibrateOptions co;
  co.base = schedule_options(o.flow, m.format);
  co.fixed = o.flow.conv;
  co.plusargs = o.plusargs;
  co.confirm_sets = o.confirm_sets;
  co.seed = o.set.seed;
  fmt::print("calibrate: {}\n  vectors: {}\n", describe_model(m),
             o.set.gen.empty() ? vectors_dir(o.set) : "generated " + o.set.gen);
  for (const std::string& n : m.notes) fmt::print("  note: {}\n", n);
  std::fflush(stdout);
  const Calibration c = calibrate(m, v, co);
  for (const std::string& l : c.log) fmt::print("  {}\n", l);

  if (!c.ok) {
    fmt::print("\ncalibrate: {}\n", c.verdict);
    for (const std::string& a : c.ambiguous) fmt::print("  passes: {}\n", a);
    if (c.ambiguous.empty() && c.closest.checked > 0) {
      fmt::print("  closest: {}\n    {}\n", as_options(c.closest.flow),
                 c.closest.hung ? fmt::format("{}: hung: {}", c.closest.scope, c.closest.first)
                                : fmt::format("{}: {} of {} words wrong; first: {}", c.closest.scope,
                                              c.closest.failed, c.closest.checked, c.closest.first));
    }
    for (const std::string& g : guessed) {
      if (g.find("guessed") != std::string::npos) {
        fmt::print("  note: part of the interface was guessed, and a wrong guess fails like this: {}\n", g);
      }
    }
    fmt::print("no profile written ({} runs)\n", c.trials);
    return kMismatch;
  }
  fmt::print("\n{:<16} {:<12} {}\n", "key", "value", "observed");
  for (const Finding& f : c.findings) fmt::print("{:<16} {:<12} {}\n", f.key, f.value, f.why);
  write_profile(out, profile_text(o, m, c, o.set.gen.empty() ? vectors_dir(o.set) : o.set.gen, out,
                                 guessed));
  fmt::print("\ncalibrate: {}\nwrote {}\n  run:  cosim run --profile {}\n", c.verdict, out.string(),
             out.string());
  return kPass;
}

}  // namespace

void add_calibrate_command(CLI::App& root, CommandAction& action) {
  auto o = std::make_shared<CalibrateCmdOptions>();
  CLI::App* app = root.add_subcommand(
      "calibrate", "Find the flow conventions a core follows (registered output-FIFO pop, valid "
                   "use, streaming, weight loading, ReLU, ...) and write its profile");
  o->profile.add_option(*app);
  add_set_options(*app, o->set, &o->profile);
  add_model_options(*app, o->models, &o->profile);
  add_flow_options(*app, o->flow, &o->profile);
  add_pe_options(nullptr, o->pe, &o->profile);
  app->add_option("-o,--out", o->out,
                  "The profile to write (default: cosim.toml beside the --rtl file list)")
      ->check(not_empty("a file name"));
  app->add_option("--confirm-sets", o->confirm_sets,
                  "Generated sets the calibrated flow must pass too (and that break ties)")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  app->allow_extras();
  app->footer("Flow keys given as options (or in --profile) are fixed, not searched. A core "
              "that fails under every setting is reported with the closest one.\nExit codes: 0 "
              "profile written, 1 no setting passes or two do (nothing written), 2 bad input or "
              "usage.");
  app->callback([o, app, &action] {
    o->plusargs = app->remaining();
    action = [o] {
      o->profile.apply();
      return calibrate_cmd(*o);
    };
  });
}

}  // namespace cosim
