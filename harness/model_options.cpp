// The model options of every command that runs a core (models.hpp), with
// the profile keys ([core]) they stand for.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "models.hpp"
#include "profile.hpp"

namespace cosim {

void add_model_options(CLI::App& app, ModelOptions& o, ProfileBinder* binder) {
  CLI::Option* model = app.add_option(
      "--model", o.model,
      "The model to run, by name (a folder of the model folders; core_r<R>c<C> is the built-in "
      "RTL at that size). Default: the built-in RTL at the array size");
  CLI::Option* lib = app.add_option("--model-lib", o.model_lib,
                                    "A model library (model.so) to load as it is");
  app.add_option("--model-dir", o.model_dirs,
                 "Also look for models here (before COSIM_MODEL_PATH and this build's folders)");
  CoreSpec& c = o.core;
  std::vector<std::pair<std::string, CLI::Option*>> core;
  core.emplace_back("rtl", app.add_option("--rtl", c.rtl,
                                          "A core's RTL file list: build (when needed) and run "
                                          "that core (README \"Bring your own core\")"));
  core.emplace_back("top", app.add_option("--top", c.top, "The core module (with --rtl)")
                               ->capture_default_str());
  core.emplace_back("inst_width",
                    app.add_option("--inst-width", c.inst_width,
                                   "The core's instruction width (with --rtl): 34, or 35 when "
                                   "inst[34] is a ReLU bit")
                        ->check(CLI::IsMember({34, 35}))
                        ->capture_default_str());
  core.emplace_back("params", app.add_flag("--params", c.params,
                                           "Override the core's bw, psum_bw, col, row with the "
                                           "array size (with --rtl)"));
  core.emplace_back("probe", app.add_option("--probe", c.probe,
                                            "The psum SRAM's instance path below the core (with "
                                            "--rtl); several, or a pattern like "
                                            "psum_mem[*].u_sram, are joined into one row, the "
                                            "first lowest")
                                 ->delimiter(','));
  core.emplace_back("probe_ports",
                    app.add_option("--probe-ports", c.probe_ports,
                                   "That SRAM's chip enable, write enable, address, data "
                                   "(active-low enables)")
                        ->delimiter(',')
                        ->expected(4));
  // NAME=VALUE pairs into a map, each checked.
  auto pairs = [](std::map<std::string, std::string>& into, const char* opt) {
    return [&into, opt](const std::vector<std::string>& items) {
      for (const std::string& it : items) {
        const size_t eq = it.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == it.size()) {
          throw CLI::ValidationError(opt, fmt::format("'{}' is not NAME=VALUE", it));
        }
        into[it.substr(0, eq)] = it.substr(eq + 1);
      }
    };
  };
  core.emplace_back("ports", app.add_option_function<std::vector<std::string>>(
                                    "--port", pairs(c.ports, "--port"),
                                    "The core's name of a course port, COURSE=CORE, e.g. "
                                    "sfp_out=sfu_out (with --rtl; repeat it for more)")
                                 ->delimiter(',')
                                 ->type_name("COURSE=CORE"));
  core.emplace_back("tie", app.add_option_function<std::vector<std::string>>(
                                  "--tie", pairs(c.tie, "--tie"),
                                  "An extra input of the core and the value it is tied to, "
                                  "NAME=VALUE (with --rtl; repeat it for more)")
                               ->delimiter(',')
                               ->type_name("NAME=VALUE"));
  core.emplace_back("vflags", app.add_option("--vflags", c.vflags,
                                             "Verilator options for the core's RTL, e.g. "
                                             "--vflags=-Wno-BLKANDNBLK (with --rtl)"));
  app.add_option("--name", o.name, "The model's name (with --rtl; default <top>_<hash of the list>)");
  app.add_option("--build-dir", o.build_dir,
                 "Where --rtl models are built (default: this build's folder user/)");
  app.add_option("--opt", o.opt,
                 "The model's C++ optimisation: edit (-O0: builds fastest, for the edit loop), "
                 "run (-O1: simulates 7x faster, a model of its own NAME_run), auto (run for "
                 "--repeat of 200 sets or more, else edit)")
      ->check(CLI::IsMember({"auto", "edit", "run"}))
      ->capture_default_str();
  app.add_flag("--no-build", o.no_build,
               "Never build a model: refuse one that is missing or older than its RTL");
  if (!binder) return;
  binder->core_overridden_by(model);
  binder->core_overridden_by(lib);
  for (const auto& [key, option] : core) {
    binder->bind("core." + key, option, [&c, key = key](const tomlr::Doc& d, const toml::node& n) {
      tomlr::read_core_key(d, key, n, c);
    });
  }
}

}  // namespace cosim
