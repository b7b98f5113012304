// `cosim build`: bring models up to date without running them: the one the
// model options name, or every model of a list (TOML, one table a model),
// built in parallel. `make test` builds the tests' models this way.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "commands.hpp"
#include "cosim_config.hpp"
#include "models.hpp"
#include "options.hpp"
#include "toml_read.hpp"

namespace cosim {

namespace {

namespace fs = std::filesystem;

struct BuildOptions {
  SetOptions set;
  ModelOptions models;
  std::string trace = "none";
  std::vector<std::string> lists;
  int jobs = 2;
  bool quiet = false;
};

TraceKind parse_trace(const std::string& t) {
  return t == "vcd" ? TraceKind::Vcd : t == "fst" ? TraceKind::Fst : TraceKind::None;
}

// The models of a list: [name] tables of core keys (core_spec.hpp) plus
// rows, cols, trace and opt.
std::vector<std::pair<std::string, Recipe>> read_list(const std::string& path,
                                                      const std::string& root) {
  const tomlr::Doc d = tomlr::parse(path);
  std::vector<std::string> known = core_keys();
  for (const char* k : {"rows", "cols", "trace", "opt"}) known.emplace_back(k);
  std::vector<std::pair<std::string, Recipe>> out;
  for (const auto& [key, node] : d.root) {
    const std::string name(key.str());
    const toml::table& t = tomlr::get_table(d, node, name);
    tomlr::only_keys(d, t, known, fmt::format("model [{}]", name));
    Recipe r = builtin_recipe(config::kRows, config::kCols, config::kActW, config::kPsumW,
                              TraceKind::None);
    tomlr::read_core_table(d, t, r.core);
    if (const toml::node* n = t.get("rows")) r.rows = static_cast<int>(tomlr::get_int(d, *n, "rows"));
    if (const toml::node* n = t.get("cols")) r.cols = static_cast<int>(tomlr::get_int(d, *n, "cols"));
    if (const toml::node* n = t.get("trace")) {
      const std::string tr = tomlr::get_string(d, *n, "trace");
      if (tr != "none" && tr != "vcd" && tr != "fst") tomlr::fail(d, *n, "trace must be none, vcd or fst");
      r.trace = parse_trace(tr);
    }
    if (const toml::node* n = t.get("opt")) {
      r.opt = tomlr::get_string(d, *n, "opt");
      if (r.opt != "edit" && r.opt != "run") tomlr::fail(d, *n, "opt must be edit or run");
    }
    r.name = name;
    out.emplace_back((fs::path(root) / name).string(), r);
  }
  return out;
}

int build(const BuildOptions& o) {
  std::vector<std::pair<std::string, Recipe>> dirs;
  if (o.lists.empty()) {
    dirs.push_back(resolve_model(o.set, o.models, parse_trace(o.trace)));
  } else {
    const std::string root = o.models.build_dir.empty()
                                 ? std::string(config::kBuildDir) + "/models"
                                 : o.models.build_dir;
    for (const std::string& l : o.lists) {
      for (auto& e : read_list(l, root)) dirs.push_back(std::move(e));
    }
  }
  build_models(dirs, o.jobs, o.quiet);
  if (dirs.size() == 1) {
    fmt::print("model {}: up to date in {}\n", dirs[0].second.name, dirs[0].first);
  } else {
    fmt::print("{} models up to date\n", dirs.size());
  }
  return kPass;
}

}  // namespace

void add_build_command(CLI::App& root, CommandAction& action) {
  auto o = std::make_shared<BuildOptions>();
  CLI::App* app = root.add_subcommand(
      "build", "Build models (Verilated cores) without running them: the one the model options "
               "name, or every model of --list files");
  add_set_options(*app, o->set);
  add_model_options(*app, o->models);
  app->add_option("--trace-kind", o->trace, "none, vcd or fst (without --list)")
      ->check(CLI::IsMember({"none", "vcd", "fst"}))
      ->capture_default_str();
  app->add_option("--list", o->lists,
                  "A TOML list of models, one [name] table each (the keys of a profile's [core] "
                  "table, plus rows, cols, trace, opt), built into --build-dir (default: this "
                  "build's models/)");
  app->add_option("-j,--jobs", o->jobs, "Models built at once")->capture_default_str();
  app->add_flag("--quiet", o->quiet, "Print only errors and the last line");
  app->footer("Exit codes: 0 every model is up to date, 2 a model could not be built (the "
              "builder says why) or bad usage.");
  app->callback([o, &action] { action = [o] { return build(*o); }; });
}

}  // namespace cosim
