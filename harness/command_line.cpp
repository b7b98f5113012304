#include <algorithm>

#include "commands.hpp"

namespace cosim {

std::vector<std::string>& command_line() {
  static std::vector<std::string> argv;
  return argv;
}

namespace {
std::string quoted(const std::string& a) {
  if (!a.empty() && a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789_-+=/.,:@%") == std::string::npos) {
    return a;
  }
  std::string q = "'";
  for (const char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
}  // namespace

std::string command_with(const std::vector<std::string>& drop, const std::vector<std::string>& add) {
  const std::vector<std::string>& argv = command_line();
  std::string s;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    const std::string name = a.substr(0, a.find('='));
    if (std::find(drop.begin(), drop.end(), name) != drop.end()) {
      if (a.find('=') == std::string::npos) ++i;  // and its value
      continue;
    }
    s += (s.empty() ? "" : " ") + quoted(a);
  }
  for (const std::string& a : add) s += " " + quoted(a);
  return s;
}

}  // namespace cosim
