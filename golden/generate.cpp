#include "generate.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <limits>
#include <random>
#include <stdexcept>

namespace golden {

namespace {

// std::mt19937_64's output sequence is fixed by the standard; the mapping to a
// range is ours (std::uniform_int_distribution differs between libraries).
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  // Uniform in [lo, hi], by rejection: every value has the same chance.
  int64_t uniform(int64_t lo, int64_t hi) {
    const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    const uint64_t max = std::numeric_limits<uint64_t>::max();
    const uint64_t limit = max - (max % span + 1) % span;  // largest multiple of span, minus 1
    uint64_t x = engine_();
    while (x > limit) x = engine_();
    return lo + static_cast<int64_t>(x % span);
  }
  bool percent(int p) { return uniform(0, 99) < p; }

 private:
  std::mt19937_64 engine_;
};

struct Ranges {
  int64_t act_max;
  int64_t w_min;
  int64_t w_max;
  explicit Ranges(const Shape& s)
      : act_max((int64_t{1} << s.act_w) - 1),
        w_min(-(int64_t{1} << (s.wgt_w - 1))),
        w_max((int64_t{1} << (s.wgt_w - 1)) - 1) {}
};

int64_t draw_act(Pattern p, const Ranges& r, Rng& rng) {
  switch (p) {
    case Pattern::Random: return rng.uniform(0, r.act_max);
    case Pattern::Relu:
    case Pattern::Notebook: {
      // Post-ReLU maps: half zeros, most of the rest small, a few large.
      const int64_t roll = rng.uniform(0, 99);
      if (roll < 50) return 0;
      if (roll < 85) return rng.uniform(1, std::max<int64_t>(1, r.act_max / 4));
      return rng.uniform(1, r.act_max);
    }
    case Pattern::Sparse: return rng.percent(10) ? rng.uniform(1, r.act_max) : 0;
    case Pattern::Zero: return 0;
    case Pattern::Max:
    case Pattern::Min: return r.act_max;
    case Pattern::Ones: return 1;
    case Pattern::Corner: break;  // not drawn
  }
  throw std::logic_error("draw_act: unknown pattern");
}

int64_t draw_wgt(Pattern p, const Ranges& r, Rng& rng, int oc) {
  switch (p) {
    case Pattern::Random: return rng.uniform(r.w_min, r.w_max);
    case Pattern::Relu: return rng.uniform(-r.w_max, r.w_max);  // symmetric, as trained weights are
    case Pattern::Sparse: {
      if (!rng.percent(10)) return 0;
      const int64_t v = rng.uniform(r.w_min, r.w_max - 1);  // a non-zero value
      return v >= 0 ? v + 1 : v;
    }
    case Pattern::Zero: return 0;
    case Pattern::Max: return r.w_min;
    case Pattern::Min: return oc % 2 == 0 ? r.w_max : r.w_min;
    case Pattern::Ones: return 1;
    case Pattern::Notebook:
    case Pattern::Corner: break;  // not drawn
  }
  throw std::logic_error("draw_wgt: unknown pattern");
}

}  // namespace

const std::vector<std::string>& pattern_names() {
  static const std::vector<std::string> names = {"random", "relu", "sparse",   "zero",
                                                 "max",    "min",  "ones",     "notebook",
                                                 "corner"};
  return names;
}

Pattern parse_pattern(const std::string& name) {
  const auto& names = pattern_names();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Pattern>(i);
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  throw std::invalid_argument(fmt::format("unknown pattern '{}': choose one of {}", name, list));
}

namespace {

int64_t corner_act(const Shape& s, const Ranges& r, int ic, int i, int j) {
  if (i == s.map - 1) return 0;
  const int64_t top = int64_t{1} << (s.act_w - 1);
  if (j == s.map - 1) return (i + ic) % 2 == 0 ? top : top - 1;
  return r.act_max;
}

int64_t corner_wgt(const Shape& s, const Ranges& r, Rng& rng, int oc, int ic, int kij) {
  switch (oc % 8) {
    case 0: return r.w_min;
    case 1: return r.w_max;
    case 2: return kij < s.n_kij() / 2 ? r.w_min : r.w_max;
    case 3: return 0;
    case 4: return ic < s.in_ch / 2 ? r.w_max : r.w_min;
    case 5: return ic == s.in_ch - 1 ? r.w_min : 0;
    case 6: return ic == 0 ? r.w_max : 0;
    default: return rng.percent(50) ? r.w_min : r.w_max;
  }
}

}  // namespace

Layer corner_layer(const Shape& s, uint64_t seed) {
  Layer l(s);  // validates s
  const Ranges r(s);
  Rng rng(seed);
  for (int ic = 0; ic < s.in_ch; ++ic)
    for (int i = 0; i < s.map; ++i)
      for (int j = 0; j < s.map; ++j)
        l.act[static_cast<size_t>((ic * s.map + i) * s.map + j)] = corner_act(s, r, ic, i, j);
  for (int oc = 0; oc < s.out_ch; ++oc)
    for (int ic = 0; ic < s.in_ch; ++ic)
      for (int kij = 0; kij < s.n_kij(); ++kij)
        l.wgt[static_cast<size_t>((oc * s.in_ch + ic) * s.n_kij() + kij)] = corner_wgt(s, r, rng, oc, ic, kij);
  return l;
}

Layer generate_layer(const Shape& s, Pattern p, uint64_t seed) {
  if (p == Pattern::Corner) return corner_layer(s, seed);
  Layer l(s);  // validates s
  const Ranges r(s);
  Rng rng(seed);
  for (auto& a : l.act) a = draw_act(p, r, rng);
  if (p == Pattern::Notebook) {
    if (s.in_ch > 8 || s.out_ch > 8 || s.kernel != 3 || s.wgt_w < 4)
      throw std::invalid_argument(fmt::format(
          "pattern notebook: the trained tensor is 8 x 8 channels, 3x3, 4-bit; this shape has {} x {} channels, "
          "kernel {}, wgt_w {}",
          s.out_ch, s.in_ch, s.kernel, s.wgt_w));
    for (int oc = 0; oc < s.out_ch; ++oc)
      for (int ic = 0; ic < s.in_ch; ++ic)
        for (int kij = 0; kij < s.n_kij(); ++kij)
          l.wgt[static_cast<size_t>((oc * s.in_ch + ic) * s.n_kij() + kij)] =
              notebook_weights()[static_cast<size_t>((oc * 8 + ic) * 9 + kij)];
    return l;
  }
  for (int oc = 0; oc < s.out_ch; ++oc)
    for (int k = 0; k < s.in_ch * s.n_kij(); ++k)
      l.wgt[static_cast<size_t>(oc * s.in_ch * s.n_kij() + k)] = draw_wgt(p, r, rng, oc);
  return l;
}

VectorSet complete_set(const Tile& t) {
  const TileResult g = compute_tile(t);
  VectorSet v(t.shape);
  v.tile = t;
  v.psum = g.psum;
  v.out = g.out_relu;
  v.out_kind = OutKind::Relu;
  v.out_relu = g.out_relu;
  return v;
}

VectorSet generate(const Shape& s, Pattern p, uint64_t seed) {
  if (s.in_ch != s.rows || s.out_ch != s.cols)
    throw std::invalid_argument(fmt::format("generate: a vector set is one tile: in_ch ({}) must equal rows ({}) and "
                                            "out_ch ({}) must equal cols ({})",
                                            s.in_ch, s.rows, s.out_ch, s.cols));
  VectorSet v = complete_set(make_tile(generate_layer(s, p, seed), 0, 0));
  v.notes.push_back(fmt::format("generated: pattern {}, seed {}", pattern_names()[static_cast<size_t>(p)], seed));
  return v;
}

}  // namespace golden
