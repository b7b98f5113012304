#include "heatmap.hpp"

#include <fmt/format.h>

namespace cosim {

WrongMap wrong_map(const CheckResult& r, const golden::Shape& s) {
  WrongMap m;
  m.side = s.padded();
  m.out_side = s.out_side();
  m.psum.assign(static_cast<size_t>(s.n_kij()), std::vector<int>(static_cast<size_t>(s.n_nij()), 0));
  m.out.assign(static_cast<size_t>(s.n_onij()), 0);
  for (const Mismatch& x : r.mismatches) {
    if (x.kind != Kind::Value || x.nij < 0) continue;
    if (x.kij >= 0 && x.kij < s.n_kij() && x.nij < s.n_nij() && x.check.rfind("kij", 0) == 0) {
      ++m.psum[static_cast<size_t>(x.kij)][static_cast<size_t>(x.nij)];
    } else if ((x.check == "out_relu" || x.check == "out_raw") && x.nij < s.n_onij()) {
      ++m.out[static_cast<size_t>(x.nij)];
    }
  }
  return m;
}

namespace {
std::string grid(const std::vector<int>& cells, int side) {
  std::string s;
  for (int i = 0; i < side; ++i) {
    s += "    ";
    for (int j = 0; j < side; ++j) {
      const int n = cells[static_cast<size_t>(i * side + j)];
      s += n == 0 ? '.' : n < 10 ? static_cast<char>('0' + n) : '#';
      s += ' ';
    }
    s += '\n';
  }
  return s;
}
}  // namespace

std::string text_heatmap(const WrongMap& m, int cols) {
  for (size_t k = 0; k < m.psum.size(); ++k) {
    int wrong = 0;
    for (int n : m.psum[k]) wrong += n;
    if (wrong == 0) continue;
    return fmt::format("kij {}: columns wrong (of {}) at each position of the {}x{} padded map "
                       "(. = all right)\n{}",
                       k, cols, m.side, m.side, grid(m.psum[k], m.side));
  }
  int wrong = 0;
  for (int n : m.out) wrong += n;
  if (wrong == 0) return "";
  return fmt::format("outputs: columns wrong (of {}) at each position of the {}x{} output map\n{}",
                     cols, m.out_side, m.out_side, grid(m.out, m.out_side));
}

}  // namespace cosim
