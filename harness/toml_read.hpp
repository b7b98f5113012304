// Reading the project's TOML files (profiles, model lists) with toml++:
// typed values whose errors name file:line and the cause, as every input
// error of cosim does (golden::InputError, exit code 2).
#pragma once

#include <toml++/toml.h>

#include <map>
#include <string>
#include <vector>

#include "core_spec.hpp"

namespace cosim::tomlr {

/// A parsed file: its root table, its name for messages, its folder for
/// relative paths.
struct Doc {
  std::string file;
  std::string dir;
  toml::table root;
};

/// Parses `path`; a syntax error is an InputError at its line.
Doc parse(const std::string& path);

/// The 1-based line of a node (0 when unknown).
int line_of(const toml::node& n);
[[noreturn]] void fail(const Doc& d, const toml::node& n, const std::string& cause);

std::string get_string(const Doc& d, const toml::node& n, const std::string& key);
int64_t get_int(const Doc& d, const toml::node& n, const std::string& key);
bool get_bool(const Doc& d, const toml::node& n, const std::string& key);
/// A string or an array of strings.
std::vector<std::string> get_strings(const Doc& d, const toml::node& n, const std::string& key);
/// A table of strings or integers (integers kept as their decimal text).
std::map<std::string, std::string> get_string_map(const Doc& d, const toml::node& n,
                                                  const std::string& key);
/// A path, relative to the file's folder unless absolute.
std::string get_path(const Doc& d, const toml::node& n, const std::string& key);
/// A table, or an InputError naming what `key` should have been.
const toml::table& get_table(const Doc& d, const toml::node& n, const std::string& key);

/// Refuses a key of `t` that is not in `known`, naming the ones that are.
void only_keys(const Doc& d, const toml::table& t, const std::vector<std::string>& known,
               const std::string& where);

/// Reads one core key (core_keys()) into `spec`.
void read_core_key(const Doc& d, const std::string& key, const toml::node& n, CoreSpec& spec);
/// Reads the core keys that `t` holds into `spec`; other keys are left to
/// the caller.
void read_core_table(const Doc& d, const toml::table& t, CoreSpec& spec);

}  // namespace cosim::tomlr
