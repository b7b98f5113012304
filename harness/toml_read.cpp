#include "toml_read.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "vectors.hpp"

namespace cosim::tomlr {

namespace fs = std::filesystem;

Doc parse(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw golden::InputError(path, 0, fs::exists(path, ec) ? "not a file" : "file not found");
  }
  Doc d;
  d.file = path;
  d.dir = fs::absolute(path).parent_path().string();
  try {
    d.root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw golden::InputError(path, static_cast<int>(e.source().begin.line),
                             fmt::format("not valid TOML: {}", e.description()));
  }
  return d;
}

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

void fail(const Doc& d, const toml::node& n, const std::string& cause) {
  throw golden::InputError(d.file, line_of(n), cause);
}

namespace {
const char* type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
  }
}
}  // namespace

std::string get_string(const Doc& d, const toml::node& n, const std::string& key) {
  if (const auto* s = n.as_string()) return s->get();
  fail(d, n, fmt::format("{} must be a string, not {}", key, type_name(n)));
}

int64_t get_int(const Doc& d, const toml::node& n, const std::string& key) {
  if (const auto* i = n.as_integer()) return i->get();
  fail(d, n, fmt::format("{} must be an integer, not {}", key, type_name(n)));
}

bool get_bool(const Doc& d, const toml::node& n, const std::string& key) {
  if (const auto* b = n.as_boolean()) return b->get();
  fail(d, n, fmt::format("{} must be true or false, not {}", key, type_name(n)));
}

std::vector<std::string> get_strings(const Doc& d, const toml::node& n, const std::string& key) {
  if (n.is_string()) return {get_string(d, n, key)};
  const toml::array* a = n.as_array();
  if (!a) fail(d, n, fmt::format("{} must be a string or an array of strings, not {}", key, type_name(n)));
  std::vector<std::string> out;
  for (const toml::node& e : *a) out.push_back(get_string(d, e, key + " (each element)"));
  return out;
}

std::map<std::string, std::string> get_string_map(const Doc& d, const toml::node& n,
                                                  const std::string& key) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : get_table(d, n, key)) {
    const std::string name(k.str());
    if (v.is_integer()) {
      out[name] = std::to_string(v.as_integer()->get());
    } else {
      out[name] = get_string(d, v, fmt::format("{}.{}", key, name));
    }
  }
  return out;
}

std::string get_path(const Doc& d, const toml::node& n, const std::string& key) {
  const std::string p = get_string(d, n, key);
  if (p.empty()) fail(d, n, fmt::format("{} is empty", key));
  const fs::path path(p);
  return (path.is_absolute() ? path : fs::path(d.dir) / path).lexically_normal().string();
}

const toml::table& get_table(const Doc& d, const toml::node& n, const std::string& key) {
  if (const auto* t = n.as_table()) return *t;
  fail(d, n, fmt::format("{} must be a table, not {}", key, type_name(n)));
}

void only_keys(const Doc& d, const toml::table& t, const std::vector<std::string>& known,
               const std::string& where) {
  for (const auto& [k, v] : t) {
    const std::string name(k.str());
    bool ok = false;
    for (const std::string& kn : known) ok = ok || kn == name;
    if (!ok) {
      std::string list;
      for (const std::string& kn : known) list += (list.empty() ? "" : ", ") + kn;
      fail(d, v, fmt::format("unknown key '{}' in {} (known: {})", name, where, list));
    }
  }
}

void read_core_key(const Doc& d, const std::string& key, const toml::node& n, CoreSpec& spec) {
  if (key == "rtl") {
    spec.rtl = get_path(d, n, "rtl");
    spec.ours = false;
  } else if (key == "ours") {
    spec.ours = get_bool(d, n, "ours");
  } else if (key == "top") {
    spec.top = get_string(d, n, "top");
  } else if (key == "inst_width") {
    const int64_t w = get_int(d, n, "inst_width");
    if (w != 34 && w != 35) fail(d, n, fmt::format("inst_width must be 34 or 35, not {}", w));
    spec.inst_width = static_cast<int>(w);
  } else if (key == "params") {
    spec.params = get_bool(d, n, "params");
  } else if (key == "probe") {
    spec.probe = get_strings(d, n, "probe");
  } else if (key == "probe_ports") {
    spec.probe_ports = get_strings(d, n, "probe_ports");
    if (spec.probe_ports.size() != 4) {
      fail(d, n, fmt::format("probe_ports needs 4 names (chip enable, write enable, address, "
                             "data), got {}", spec.probe_ports.size()));
    }
  } else if (key == "ports") {
    spec.ports = get_string_map(d, n, "ports");
  } else if (key == "tie") {
    spec.tie = get_string_map(d, n, "tie");
  } else if (key == "vflags") {
    spec.vflags = get_strings(d, n, "vflags");
  } else {
    fail(d, n, fmt::format("'{}' is not a core key", key));
  }
}

void read_core_table(const Doc& d, const toml::table& t, CoreSpec& spec) {
  // rtl first: it decides whether the core is ours.
  if (const toml::node* n = t.get("rtl")) read_core_key(d, "rtl", *n, spec);
  for (const auto& [k, n] : t) {
    const std::string key(k.str());
    if (key == "rtl") continue;
    for (const std::string& known : core_keys()) {
      if (known == key) read_core_key(d, key, n, spec);
    }
  }
}

}  // namespace cosim::tomlr
