// The models a command runs. Each model is a shared library in a folder of
// its own (model.so, built from the folder's recipe.json by
// tools/build_model.py) that cosim loads at run time, so a build of cosim
// holds no RTL and an RTL edit rebuilds one small library, never the
// harness. A model is found by name in the model folders, or described by
// its RTL (--rtl ...); when it is missing or older than its RTL, cosim
// builds it first (unless --no-build).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "core_spec.hpp"
#include "model_info.hpp"
#include "options.hpp"

namespace CLI {
class App;
}

namespace cosim {

/// How a command picks its model: the options of run, emit-tb, calibrate
/// and build.
struct ModelOptions {
  std::string model;                    // --model NAME
  std::string model_lib;                // --model-lib FILE.so
  std::vector<std::string> model_dirs;  // --model-dir (then COSIM_MODEL_PATH, the build's)
  CoreSpec core;                        // --rtl FILELIST and the structural options
  std::string name;                     // --name: the model's name for --rtl
  std::string build_dir;                // --build-dir: where --rtl models are built
  std::string opt = "auto";             // --opt: edit (builds fastest), run (simulates
                                        // fastest), auto (run for long runs)
  bool long_run = false;                // the command simulates many cycles (auto: run)
  bool no_build = false;                // --no-build: never build, refuse a stale model
};

class ProfileBinder;
/// `binder` (may be null) learns the [core] keys these options stand for.
void add_model_options(CLI::App& app, ModelOptions& o, ProfileBinder* binder = nullptr);

/// What a model folder is built from (its recipe.json).
struct Recipe {
  std::string name;
  CoreSpec core;
  int rows = 0;
  int cols = 0;
  int act_w = 0;
  int psum_w = 0;
  TraceKind trace = TraceKind::None;
  std::string opt = "edit";
};

const char* trace_name(TraceKind t);
/// "_vcd", "_fst" or "": the suffix of a traced variant's name.
const char* trace_suffix(TraceKind t);

/// The built-in core of this shape, e.g. core_r8c8 (core_r8c8_fst traced).
Recipe builtin_recipe(int rows, int cols, int act_w, int psum_w, TraceKind trace);

/// The builder refused a model and printed why (exit 2, nothing more to say).
class BuildFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Brings the model folders up to date (one run of the builder for all of
/// them, `jobs` in parallel), unless every one already is. Throws
/// BuildFailed when the builder refuses one.
void build_models(const std::vector<std::pair<std::string, Recipe>>& dirs, int jobs,
                  bool quiet = false);
/// True when the folder's model.so is newer than every input it was built from.
bool model_fresh(const std::string& dir);
/// Loads a model library; throws std::invalid_argument when it is not one.
const ModelInfo& load_model_library(const std::string& so_path);

/// The model a command runs and the shape of the vectors it runs them on.
/// A named model sets the array size unless --rows/--cols do. Throws
/// std::invalid_argument when model and vectors do not fit, or no such
/// model can be found or built.
struct ModelChoice {
  const ModelInfo& model;
  golden::Shape shape;
  std::string dir;  // the model's folder ("" for --model-lib)
};
ModelChoice choose_model(const SetOptions& set, const ModelOptions& mo, TraceKind trace);

/// "core_r8c8: 8x8 array, act_w 4, psum_w 16, 34-bit instruction, psum probe ...".
std::string describe_model(const ModelInfo& m);

/// Calibration's look at a user's core before it is built (tools/build_model.py
/// --propose): its interface checked, a renamed port that only one port fits
/// mapped, its other inputs tied to 0, its probe found. Returns `core` with
/// what was resolved, and the check's notes. Throws BuildFailed when the
/// check refuses the core (it printed why).
CoreSpec propose_core(const SetOptions& set, const ModelOptions& mo, std::vector<std::string>& notes);

/// The folder and recipe `mo` names for this trace kind (no build, no load).
std::pair<std::string, Recipe> resolve_model(const SetOptions& set, const ModelOptions& mo,
                                             TraceKind trace);

}  // namespace cosim
