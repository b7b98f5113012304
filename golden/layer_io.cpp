#include "layer_io.hpp"

#include <fmt/format.h>

#include <fstream>
#include <system_error>

namespace golden {

namespace fs = std::filesystem;

namespace {

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// The activation tile t's file, binary first; empty when neither is there.
fs::path activation_tile(const fs::path& dir, int t) {
  for (const char* suffix : {".txt", "_int.txt"}) {
    const fs::path p = dir / fmt::format("activation_tile{}{}", t, suffix);
    if (is_file(p)) return p;
  }
  return {};
}

bool weight_tile(const fs::path& dir, int i, int o) {
  return is_file(dir / fmt::format("weight_itile{}_otile{}_kij0.txt", i, o)) ||
         is_file(dir / fmt::format("weight_itile{}_otile{}_kij0_int.txt", i, o));
}

// Data lines of a vector file: neither blank nor a '#' comment.
int data_lines(const fs::path& p) {
  std::error_code ec;
  if (fs::file_size(p, ec) > kMaxFileBytes) {
    throw InputError(p.string(), 0, fmt::format("larger than {} bytes", kMaxFileBytes));
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) throw InputError(p.string(), 0, "cannot be opened for reading");
  return golden::count_data_lines(in);
}

// The padding of tile t's activations must be zero: the padded map is
// what the array reads, the layer's activations its interior.
void check_padding(const Tile& t, const Shape& s, const fs::path& file) {
  for (int pi = 0; pi < s.padded(); ++pi)
    for (int pj = 0; pj < s.padded(); ++pj) {
      const bool inside = pi >= s.pad && pi < s.pad + s.map && pj >= s.pad && pj < s.pad + s.map;
      if (inside) continue;
      const int nij = pi * s.padded() + pj;
      for (int row = 0; row < s.rows; ++row) {
        if (t.a(nij, row) == 0) continue;
        throw InputError(file.string(), 0, fmt::format(
            "data line {} (padded position {}, {}) holds {} in row {}: it is padding, which must "
            "be 0", nij + 1, pi, pj, t.a(nij, row), row));
      }
    }
}

}  // namespace

bool is_layer_dir(const fs::path& dir) { return !activation_tile(dir, 0).empty(); }

Shape detect_layer_shape(const fs::path& dir, Shape s, int map) {
  const fs::path first = activation_tile(dir, 0);
  if (first.empty()) {
    throw InputError((dir / "activation_tile0.txt").string(), 0,
                     "file not found (nor activation_tile0_int.txt): not a tiled layer");
  }
  int itiles = 0, otiles = 0;
  while (!activation_tile(dir, itiles).empty()) ++itiles;
  while (weight_tile(dir, 0, otiles)) ++otiles;
  if (otiles == 0) {
    throw InputError((dir / "weight_itile0_otile0_kij0.txt").string(), 0,
                     "file not found (nor weight_itile0_otile0_kij0_int.txt): a tiled layer needs "
                     "the weights of every input and output tile");
  }
  s.in_ch = itiles * s.rows;
  s.out_ch = otiles * s.cols;
  if (map > 0) {
    s.map = map;
  } else {
    const int lines = data_lines(first);
    int side = 0;
    while ((side + 1) * (side + 1) <= lines) ++side;
    if (side * side != lines || side - 2 * s.pad < 1 || side < s.kernel) {
      throw InputError(first.string(), 0, fmt::format(
          "{} data lines are no padded square map (a map of side m with padding {} has "
          "(m + {})^2 positions)", lines, s.pad, 2 * s.pad));
    }
    s.map = side - 2 * s.pad;
  }
  s.validate();
  return s;
}

Layer read_layer(const fs::path& dir, const Shape& s, std::vector<std::string>& notes,
                 const ReadOptions& opt) {
  Layer l(s);
  for (int i = 0; i < s.ic_tiles(); ++i)
    for (int o = 0; o < s.oc_tiles(); ++o) {
      const Tile t = read_tile(dir, s, i, o, opt);
      if (o == 0) {
        check_padding(t, s, activation_tile(dir, i));
        for (int row = 0; row < s.rows; ++row)
          for (int y = 0; y < s.map; ++y)
            for (int x = 0; x < s.map; ++x) {
              const int nij = (y + s.pad) * s.padded() + x + s.pad;
              l.act[static_cast<size_t>(((i * s.rows + row) * s.map + y) * s.map + x)] = t.a(nij, row);
            }
      }
      for (int kij = 0; kij < s.n_kij(); ++kij)
        for (int col = 0; col < s.cols; ++col)
          for (int row = 0; row < s.rows; ++row) {
            const int oc = o * s.cols + col;
            const int ic = i * s.rows + row;
            l.wgt[static_cast<size_t>((oc * s.in_ch + ic) * s.n_kij() + kij)] = t.w(kij, col, row);
          }
    }
  notes.push_back(fmt::format(
      "layer: {} input x {} output channels ({} x {} tiles of {}x{}), {}x{} map, padding {}, "
      "kernel {}x{}: activation_tile0..{}, weight_itile*_otile*_kij0..{}", s.in_ch, s.out_ch,
      s.ic_tiles(), s.oc_tiles(), s.rows, s.cols, s.map, s.map, s.pad, s.kernel, s.kernel,
      s.ic_tiles() - 1, s.n_kij() - 1));
  return l;
}

}  // namespace golden
