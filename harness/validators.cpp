#include "validators.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "options.hpp"

namespace cosim {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// "'x'" for a value as typed (quoted, so an empty one is visible).
std::string typed(const std::string& s) { return "'" + s + "'"; }

}  // namespace

CLI::Validator not_empty(const std::string& what) {
  return CLI::Validator(
      [what](std::string& s) {
        return s.empty() ? fmt::format("an empty value where {} belongs (an unset shell variable?)", what)
                         : std::string();
      },
      "");
}

CLI::Validator at_least(int64_t lo, const std::string& hint) {
  return CLI::Validator(
      [lo, hint](std::string& s) {
        const std::string neg = !s.empty() && s[0] == '-' ? s.substr(1) : s;
        if (!all_digits(neg)) return fmt::format("{} is not a whole number", typed(s));
        if (neg.size() > 18) return fmt::format("{} is too large", typed(s));
        const int64_t v = std::stoll(s);
        if (v >= lo) return std::string();
        return fmt::format("{} is less than {}{}", typed(s), lo, hint.empty() ? "" : "; " + hint);
      },
      "");
}

CLI::Validator seed_number() {
  return CLI::Validator(
      [](std::string& s) {
        if (!all_digits(s)) return fmt::format("{} is not a seed: a whole number from 0 to 2^64-1, without a sign", typed(s));
        if (s.size() > 20 || (s.size() == 20 && s > "18446744073709551615"))
          return fmt::format("{} is more than 2^64-1", typed(s));
        return std::string();
      },
      "");
}

CLI::Validator int_list(int lo, int hi, const std::string& item) {
  return CLI::Validator(
      [lo, hi, item](std::string& s) {
        try {
          parse_int_list(s, lo, hi, item);
          return std::string();
        } catch (const std::invalid_argument& e) {
          return std::string(e.what());
        }
      },
      "");
}

CLI::Validator tile_pair() {
  return CLI::Validator(
      [](std::string& s) {
        try {
          parse_tile(s);
          return std::string();
        } catch (const std::invalid_argument& e) {
          return std::string(e.what());
        }
      },
      "I,O");
}

std::string closest_name(const std::string& word, const std::vector<std::string>& names) {
  // Edit distance with adjacent transpositions ("rnu" is one step from "run").
  auto distance = [](const std::string& a, const std::string& b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      for (size_t j = 1; j <= b.size(); ++j) {
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.size()][b.size()];
  };
  std::string best;
  size_t best_d = std::max<size_t>(1, (word.size() + 2) / 3) + 1;
  for (const std::string& n : names) {
    if (word.size() >= 3 && n.rfind(word, 0) == 0) return n;  // a prefix: "calib"
    const size_t d = distance(word, n);
    if (d < best_d) {
      best_d = d;
      best = n;
    }
  }
  return best;
}

}  // namespace cosim
