#include "profile.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace cosim {

void ProfileBinder::add_option(CLI::App& app) {
  app.add_option("--profile", path_,
                 "A core's profile (TOML, README \"Bring your own core\"): [core] how to build "
                 "it, [flow] how to drive it; options given here win over its keys");
}

void ProfileBinder::bind(const std::string& key, CLI::Option* option, Setter set) {
  bindings_.push_back({key, option, std::move(set)});
}

void ProfileBinder::apply() {
  if (path_.empty()) return;
  const tomlr::Doc d = tomlr::parse(path_);
  file_ = path_;
  bool core_off = false;
  for (CLI::Option* o : core_off_) core_off = core_off || o->count() > 0;

  // Every table and key must be one of the bound ones.
  std::vector<std::string> tables;
  for (const Binding& b : bindings_) {
    const std::string t = b.key.substr(0, b.key.find('.'));
    if (std::find(tables.begin(), tables.end(), t) == tables.end()) tables.push_back(t);
  }
  for (const auto& [k, node] : d.root) {
    const std::string table(k.str());
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) {
      std::string list;
      for (const std::string& t : tables) list += (list.empty() ? "[" : ", [") + t + "]";
      tomlr::fail(d, node, fmt::format("unknown table [{}] (a profile holds {})", table, list));
    }
    const toml::table& t = tomlr::get_table(d, node, fmt::format("[{}]", table));
    std::vector<std::string> known;
    for (const Binding& b : bindings_) {
      if (b.key.compare(0, table.size() + 1, table + ".") == 0) known.push_back(b.key.substr(table.size() + 1));
    }
    tomlr::only_keys(d, t, known, fmt::format("[{}]", table));
    if (table == "core" && core_off) continue;
    if (table == "core") has_core_ = true;
    for (const Binding& b : bindings_) {
      if (b.key.compare(0, table.size() + 1, table + ".") != 0) continue;
      const toml::node* n = t.get(b.key.substr(table.size() + 1));
      if (n && (!b.option || b.option->count() == 0)) b.set(d, *n);
    }
  }
}

}  // namespace cosim
