#include "models.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "cosim_config.hpp"
#include "process.hpp"

namespace cosim {

namespace fs = std::filesystem;
using nlohmann::json;

const char* trace_name(TraceKind t) {
  switch (t) {
    case TraceKind::None: return "untraced";
    case TraceKind::Vcd: return "VCD";
    case TraceKind::Fst: return "FST";
  }
  return "?";
}

const char* trace_suffix(TraceKind t) {
  switch (t) {
    case TraceKind::None: return "";
    case TraceKind::Vcd: return "_vcd";
    case TraceKind::Fst: return "_fst";
  }
  return "";
}

namespace {

const char* trace_key(TraceKind t) {
  return t == TraceKind::Vcd ? "vcd" : t == TraceKind::Fst ? "fst" : "none";
}

std::string builtin_filelist() { return std::string(config::kSourceDir) + "/rtl/files.f"; }

// The recipe as tools/build_model.py reads it (and cosim reads back to
// derive a traced variant of a named model).
json to_json(const Recipe& r) {
  const CoreSpec& c = r.core;
  const bool builtin_rtl = c.ours && c.rtl.empty();
  json j;
  j["version"] = 1;
  j["name"] = r.name;
  j["ours"] = c.ours;
  j["filelist"] = builtin_rtl ? builtin_filelist() : fs::absolute(c.rtl).lexically_normal().string();
  j["top"] = c.ours ? "core" : c.top;
  j["inst_width"] = c.ours ? 34 : c.inst_width;
  j["params"] = c.params;
  j["rows"] = r.rows;
  j["cols"] = r.cols;
  j["act_w"] = r.act_w;
  j["psum_w"] = r.psum_w;
  json params = json::object();
  if (c.ours || c.params) {
    params["bw"] = r.act_w;
    params["psum_bw"] = r.psum_w;
    params["col"] = r.cols;
    params["row"] = r.rows;
  }
  j["core_params"] = params;
  j["probe"] = c.ours ? std::vector<std::string>{"u_pmem"} : c.probe;
  j["probe_ports"] = c.ours ? std::vector<std::string>{"cen_ni", "wen_ni", "addr_i", "wdata_i"}
                            : c.probe_ports;
  j["ports"] = c.ports;
  j["tie"] = c.tie;
  j["vflags"] = c.vflags;
  j["trace"] = trace_key(r.trace);
  j["opt"] = r.opt;
  j["runtime_dir"] = std::string(config::kBuildDir) + "/runtime";
  j["check"] = !c.ours;                       // the interface check, for a user's core
  j["lint"] = builtin_rtl ? "strict" : "lenient";  // -Wall warnings fatal only on ours
  return j;
}

Recipe from_json(const json& j) {
  Recipe r;
  r.name = j.at("name").get<std::string>();
  r.core.ours = j.at("ours").get<bool>();
  const std::string list = j.at("filelist").get<std::string>();
  r.core.rtl = (r.core.ours && list == builtin_filelist()) ? "" : list;
  r.core.top = j.at("top").get<std::string>();
  r.core.inst_width = j.at("inst_width").get<int>();
  r.core.params = j.at("params").get<bool>();
  if (!r.core.ours) {
    r.core.probe = j.at("probe").get<std::vector<std::string>>();
    r.core.probe_ports = j.at("probe_ports").get<std::vector<std::string>>();
  }
  r.core.ports = j.at("ports").get<std::map<std::string, std::string>>();
  r.core.tie = j.at("tie").get<std::map<std::string, std::string>>();
  r.core.vflags = j.at("vflags").get<std::vector<std::string>>();
  r.rows = j.at("rows").get<int>();
  r.cols = j.at("cols").get<int>();
  r.act_w = j.at("act_w").get<int>();
  r.psum_w = j.at("psum_w").get<int>();
  const std::string t = j.at("trace").get<std::string>();
  r.trace = t == "vcd" ? TraceKind::Vcd : t == "fst" ? TraceKind::Fst : TraceKind::None;
  r.opt = j.at("opt").get<std::string>();
  return r;
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream f(p);
  if (!f) return std::nullopt;
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Writes the recipe unless the folder holds exactly this one: an unchanged
// recipe keeps its time, so the model stays up to date.
void write_recipe(const std::string& dir, const Recipe& r) {
  fs::create_directories(dir);
  const fs::path path = fs::path(dir) / "recipe.json";
  const std::string text = to_json(r).dump(1) + "\n";
  if (read_file(path) == text) return;
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream f(tmp);
    f << text;
    if (!f) throw std::runtime_error(fmt::format("cannot write {}", tmp.string()));
  }
  fs::rename(tmp, path);
}

std::vector<std::string> search_dirs(const ModelOptions& mo) {
  std::vector<std::string> dirs = mo.model_dirs;
  if (const char* env = std::getenv("COSIM_MODEL_PATH")) {
    std::stringstream s(env);
    for (std::string d; std::getline(s, d, ':');) {
      if (!d.empty()) dirs.push_back(d);
    }
  }
  dirs.push_back(std::string(config::kBuildDir) + "/models");
  dirs.push_back(std::string(config::kBuildDir) + "/user");
  return dirs;
}

std::string inventory(const std::vector<std::string>& dirs) {
  std::string have;
  for (const std::string& d : dirs) {
    std::error_code ec;
    if (!fs::is_directory(d, ec)) continue;
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      if (fs::exists(e.path() / "recipe.json")) names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) have += fmt::format("\n  {:<28} {}", n, d);
  }
  return have.empty() ? "\n  (none yet)" : have;
}

// core_r<R>c<C>: the built-in RTL at that size (R, C), else nullopt.
std::optional<std::pair<int, int>> builtin_size(const std::string& name) {
  int r = 0, c = 0;
  char tail = 0;
  if (std::sscanf(name.c_str(), "core_r%dc%d%c", &r, &c, &tail) != 2 || r < 1 || c < 1 ||
      name != fmt::format("core_r{}c{}", r, c)) {
    return std::nullopt;
  }
  return std::make_pair(r, c);
}

// NAME without a variant suffix (_vcd, _fst, _run), and the trace and
// optimisation the suffixes ask for.
struct Variant {
  std::string base;
  TraceKind trace = TraceKind::None;
  std::string opt = "edit";
};
Variant split_variant(std::string name) {
  Variant v;
  auto strip = [&name](const std::string& suffix) {
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      name.resize(name.size() - suffix.size());
      return true;
    }
    return false;
  };
  if (strip("_run")) v.opt = "run";
  if (strip("_vcd")) v.trace = TraceKind::Vcd;
  else if (strip("_fst")) v.trace = TraceKind::Fst;
  v.base = name;
  return v;
}

std::string variant_name(const std::string& base, TraceKind t, const std::string& opt) {
  return base + trace_suffix(t) + (opt == "run" ? "_run" : "");
}

std::string user_name(const CoreSpec& c) {
  const std::string list = fs::absolute(c.rtl).lexically_normal().string();
  return fmt::format("{}_{:06x}", c.top, std::hash<std::string>{}(list) & 0xffffff);
}

}  // namespace

std::string describe_model(const ModelInfo& m) {
  return fmt::format("{}: {}x{} array, act_w {}, psum_w {}, {}-bit instruction, {}", m.name, m.rows,
                     m.cols, m.act_w, m.psum_w, inst_width(m.format),
                     m.probe ? "psum probe " + m.probe_path
                             : std::string("no psum probe (outputs only)"));
}

Recipe builtin_recipe(int rows, int cols, int act_w, int psum_w, TraceKind trace) {
  Recipe r;
  r.name = fmt::format("core_r{}c{}{}", rows, cols, trace_suffix(trace));
  r.rows = rows;
  r.cols = cols;
  r.act_w = act_w;
  r.psum_w = psum_w;
  r.trace = trace;
  return r;
}

bool model_fresh(const std::string& dir) {
  if (!fs::exists(fs::path(dir) / "model.so")) return false;
  const auto text = read_file(fs::path(dir) / "stamp.json");
  if (!text) return false;
  const json st = json::parse(*text, nullptr, false);
  if (st.is_discarded() || !st.contains("inputs")) return false;
  for (const json& e : st["inputs"]) {
    struct stat s {};
    const std::string path = e.value("path", "");
    if (::stat(path.c_str(), &s) != 0) return false;
    const int64_t mtime = static_cast<int64_t>(s.st_mtim.tv_sec) * 1000000000LL + s.st_mtim.tv_nsec;
    if (e.value("size", int64_t{-1}) != static_cast<int64_t>(s.st_size) ||
        e.value("mtime_ns", int64_t{-1}) != mtime) {
      return false;
    }
  }
  return true;
}

void build_models(const std::vector<std::pair<std::string, Recipe>>& dirs, int jobs, bool quiet) {
  std::vector<std::string> stale;
  for (const auto& [dir, recipe] : dirs) {
    write_recipe(dir, recipe);
    if (!model_fresh(dir)) stale.push_back(dir);
  }
  if (stale.empty()) return;
  std::vector<std::string> argv{config::kPython,
                                std::string(config::kSourceDir) + "/tools/build_model.py", "-j",
                                std::to_string(std::max(1, jobs))};
  if (quiet) argv.push_back("--quiet");
  argv.insert(argv.end(), stale.begin(), stale.end());
  std::fflush(stdout);
  const int rc = run_process(argv);
  if (rc != 0) {
    throw BuildFailed(fmt::format("the builder exited {}", rc));
  }
}

const ModelInfo& load_model_library(const std::string& so_path) {
  static std::map<std::string, const ModelInfo*> loaded;
  const std::string key = fs::absolute(so_path).lexically_normal().string();
  if (auto it = loaded.find(key); it != loaded.end()) return *it->second;
  if (!fs::exists(key)) throw std::invalid_argument(fmt::format("model library {} not found", key));
  // Never closed: the models' code runs until the process ends.
  void* h = ::dlopen(key.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) throw std::invalid_argument(fmt::format("cannot load model {}: {}", key, ::dlerror()));
  using AbiFn = int (*)();
  using InfoFn = const ModelInfo* (*)();
  auto abi = reinterpret_cast<AbiFn>(::dlsym(h, "cosim_model_abi"));
  auto info = reinterpret_cast<InfoFn>(::dlsym(h, "cosim_model_info"));
  if (!abi || !info) {
    throw std::invalid_argument(fmt::format("{} is not a cosim model (no cosim_model_info)", key));
  }
  if (abi() != kModelAbi) {
    throw std::invalid_argument(fmt::format(
        "model {} was built for model ABI {}, this cosim has {}: rebuild it (drop --no-build)", key,
        abi(), kModelAbi));
  }
  const ModelInfo* m = info();
  loaded[key] = m;
  return *m;
}

std::pair<std::string, Recipe> resolve_model(const SetOptions& set, const ModelOptions& given,
                                             TraceKind trace) {
  ModelOptions mo = given;
  if (mo.opt == "auto") mo.opt = mo.long_run ? "run" : "edit";
  const std::vector<std::string> dirs = search_dirs(mo);
  if (!mo.core.rtl.empty()) {
    if (!mo.model.empty()) throw std::invalid_argument("--rtl and --model: give one of them");
    Recipe r;
    r.core = mo.core;
    r.core.ours = false;
    const golden::Shape s = shape_of(set);
    r.rows = s.rows;
    r.cols = s.cols;
    r.act_w = s.act_w;
    r.psum_w = s.psum_w;
    r.trace = trace;
    r.opt = mo.opt;
    r.name = variant_name(mo.name.empty() ? user_name(mo.core) : mo.name, trace, mo.opt);
    const std::string root = mo.build_dir.empty() ? std::string(config::kBuildDir) + "/user" : mo.build_dir;
    return {(fs::path(root) / r.name).string(), r};
  }
  if (mo.model.empty()) {
    const golden::Shape s = shape_of(set);
    Recipe r = builtin_recipe(s.rows, s.cols, s.act_w, s.psum_w, trace);
    r.opt = mo.opt;
    r.name = variant_name(fmt::format("core_r{}c{}", s.rows, s.cols), trace, mo.opt);
    return {(fs::path(dirs[dirs.size() - 2]) / r.name).string(), r};
  }
  // A name: the folder of that name, or a variant of the base model's.
  const Variant v = split_variant(mo.model);
  const TraceKind want = trace != TraceKind::None ? trace : v.trace;
  const std::string opt = v.opt == "run" ? v.opt : mo.opt;
  const std::string name = variant_name(v.base, want, opt);
  for (const std::string& d : dirs) {
    const fs::path base = fs::path(d) / v.base;
    const auto text = read_file(base / "recipe.json");
    if (!text) continue;
    const json j = json::parse(*text, nullptr, false);
    if (j.is_discarded()) {
      throw std::invalid_argument(fmt::format("{}: not a recipe (delete the folder)", (base / "recipe.json").string()));
    }
    Recipe r = from_json(j);
    r.name = name;
    r.trace = want;
    r.opt = opt;
    return {(fs::path(d) / name).string(), r};
  }
  if (const auto size = builtin_size(v.base)) {
    Recipe r = builtin_recipe(size->first, size->second, config::kActW, config::kPsumW, want);
    r.name = name;
    r.opt = opt;
    return {(fs::path(dirs[dirs.size() - 2]) / name).string(), r};
  }
  throw std::invalid_argument(fmt::format("no model '{}'; the model folders hold:{}", mo.model,
                                          inventory(dirs)));
}

CoreSpec propose_core(const SetOptions& set, const ModelOptions& mo, std::vector<std::string>& notes) {
  auto [dir, recipe] = resolve_model(set, mo, TraceKind::None);
  const std::string scratch = dir + "_propose";
  write_recipe(scratch, recipe);
  std::fflush(stdout);
  const int rc = run_process({config::kPython, std::string(config::kSourceDir) + "/tools/build_model.py",
                              "--propose", scratch});
  if (rc != 0) throw BuildFailed(fmt::format("the interface check exited {}", rc));
  const auto text = read_file(fs::path(scratch) / "proposed.json");
  const json j = text ? json::parse(*text, nullptr, false) : json();
  if (j.is_discarded() || !j.is_object()) {
    throw std::runtime_error(fmt::format("{}/proposed.json: not written by the interface check", scratch));
  }
  CoreSpec c = mo.core;
  c.ours = false;
  c.ports.clear();
  for (const auto& [course, core] : j.at("ports").items()) {
    if (core.get<std::string>() != course) c.ports[course] = core.get<std::string>();
  }
  c.tie = j.at("ties").get<std::map<std::string, std::string>>();
  c.probe = j.at("probes").get<std::vector<std::string>>();
  if (c.probe.empty()) c.probe = {"none"};
  c.probe_ports = j.at("probe_ports").get<std::vector<std::string>>();
  notes = j.at("notes").get<std::vector<std::string>>();
  return c;
}

ModelChoice choose_model(const SetOptions& set, const ModelOptions& mo, TraceKind trace) {
  std::string dir;
  const ModelInfo* model = nullptr;
  if (!mo.model_lib.empty()) {
    model = &load_model_library(mo.model_lib);
  } else {
    auto [d, recipe] = resolve_model(set, mo, trace);
    dir = d;
    if (mo.no_build) {
      if (!model_fresh(dir)) {
        throw std::invalid_argument(fmt::format(
            "model {} is {} (--no-build): build it with `cosim build` or drop --no-build",
            recipe.name, fs::exists(fs::path(dir) / "model.so") ? "older than its RTL" : "not built"));
      }
    } else {
      build_models({{dir, recipe}}, 2);
    }
    model = &load_model_library((fs::path(dir) / "model.so").string());
  }
  if (trace != TraceKind::None && model->trace != trace) {
    throw std::invalid_argument(fmt::format("model {} is built {}, not for {}", model->name,
                                            trace_name(model->trace), trace_name(trace)));
  }
  golden::Shape shape = shape_of(set);
  if (set.rows == 0 && set.cols == 0) shape = golden::squeezed_shape(model->rows, model->cols);
  if (model->rows != shape.rows || model->cols != shape.cols || model->act_w != shape.act_w ||
      model->psum_w != shape.psum_w) {
    throw std::invalid_argument(fmt::format(
        "model {} is {}x{} act_w {} psum_w {}, the vectors need {}x{} act_w {} psum_w {}",
        model->name, model->rows, model->cols, model->act_w, model->psum_w, shape.rows, shape.cols,
        shape.act_w, shape.psum_w));
  }
  return ModelChoice{*model, shape, dir};
}

}  // namespace cosim
