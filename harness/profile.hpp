// A core's profile: one small TOML file, kept beside its file list, that
// says how to build it ([core]: the file list, top, ports, probe, ...) and
// how to drive it ([flow]: the conventions of flow.hpp). Every key is also
// an option of the commands that run a core; an option given on the
// command line wins over the profile's key. `cosim calibrate` writes
// profiles (calibrate.hpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "toml_read.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace cosim {

/// Ties profile keys to command-line options: the commands register each
/// option together with the key it stands for; apply() then reads the
/// profile and sets every key whose option was not given.
class ProfileBinder {
 public:
  using Setter = std::function<void(const tomlr::Doc&, const toml::node&)>;

  /// `--profile FILE` on `app`.
  void add_option(CLI::App& app);
  /// key is "table.key" (e.g. "flow.valid", "core.ports"); `option` is the
  /// command-line option that gives the same value (nullptr: none).
  void bind(const std::string& key, CLI::Option* option, Setter set);

  /// Reads the profile (when --profile was given) and applies it. Throws
  /// golden::InputError naming file:line for an unknown table or key, or a
  /// value of the wrong kind.
  void apply();
  /// The profile read ("" when none).
  const std::string& file() const { return file_; }
  /// True when the profile's [core] table was applied.
  bool has_core() const { return has_core_; }
  /// Options that override what a profile's [core] gives (--model, ...):
  /// when one of them was given, [core] is skipped.
  void core_overridden_by(CLI::Option* option) { core_off_.push_back(option); }

 private:
  struct Binding {
    std::string key;
    CLI::Option* option;
    Setter set;
  };
  std::string path_;
  std::string file_;
  bool has_core_ = false;
  std::vector<Binding> bindings_;
  std::vector<CLI::Option*> core_off_;
};

}  // namespace cosim
