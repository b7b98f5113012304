#include "vcd.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace cosim {

Vcd::Vcd(const std::string& path, const std::vector<std::string>& wanted_names, bool keep_names) {
  const std::set<std::string> wanted(wanted_names.begin(), wanted_names.end());
  std::ifstream f(path);
  if (!f) throw std::runtime_error(fmt::format("cannot read the trace {}", path));
  std::map<std::string, std::vector<std::string>> by_id;  // id -> names (an id may have several)
  std::vector<std::string> scope;
  std::string line;
  bool header = true;
  uint64_t now = 0;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    if (header) {
      std::istringstream s(line);
      std::string tok;
      s >> tok;
      if (tok == "$scope") {
        std::string kind, name;
        s >> kind >> name;
        scope.push_back(name);
      } else if (tok == "$upscope") {
        if (!scope.empty()) scope.pop_back();
      } else if (tok == "$var") {
        std::string type, width, id, name;
        s >> type >> width >> id >> name;
        std::string full;
        for (const std::string& p : scope) full += p + ".";
        full += name;
        if (keep_names) names_.push_back(full);
        if (wanted.count(full)) {
          by_id[id].push_back(full);
          changes_[full];
        }
      } else if (tok == "$enddefinitions") {
        header = false;
      }
      continue;
    }
    const char c = line[0];
    if (c == '#') {
      now = std::stoull(line.substr(1));
    } else if (c == 'b' || c == 'B') {
      const size_t sp = line.find(' ');
      if (sp == std::string::npos) continue;
      const auto it = by_id.find(line.substr(sp + 1));
      if (it == by_id.end()) continue;
      uint64_t v = 0;
      for (size_t i = 1; i < sp; ++i) v = (v << 1) | (line[i] == '1' ? 1U : 0U);
      for (const std::string& n : it->second) changes_[n].emplace_back(now, v);
    } else if (c == '0' || c == '1' || c == 'x' || c == 'z') {
      const auto it = by_id.find(line.substr(1));
      if (it == by_id.end()) continue;
      for (const std::string& n : it->second) changes_[n].emplace_back(now, c == '1' ? 1U : 0U);
    }
  }
  if (header) throw std::runtime_error(fmt::format("{}: not a VCD (no $enddefinitions)", path));
}

uint64_t Vcd::at(const std::string& name, uint64_t time) const { return at(changes_.at(name), time); }

uint64_t Vcd::at(const Series& ch, uint64_t time) {
  const auto after = std::upper_bound(ch.begin(), ch.end(), time,
                                      [](uint64_t t, const auto& c) { return t < c.first; });
  return after == ch.begin() ? 0 : std::prev(after)->second;
}

}  // namespace cosim
