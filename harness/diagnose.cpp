#include "diagnose.hpp"

#include <fmt/format.h>

#include <functional>
#include <optional>

namespace cosim {

namespace {

using Values = std::vector<std::optional<int64_t>>;  // nullopt: not seen / undefined

// What the core produced, in the golden model's layouts: psum
// [(kij * n_nij + nij) * cols + col], out [o_nij * cols + col].
struct Seen {
  Values psum;
  Values out;
};

Seen observed(const Schedule& s, const golden::Shape& sh, const RunLog& log) {
  Seen o;
  o.psum.assign(static_cast<size_t>(sh.n_kij() * sh.n_nij() * sh.cols), std::nullopt);
  o.out.assign(static_cast<size_t>(sh.n_onij() * sh.cols), std::nullopt);
  for (const PsumWrite& w : log.writes) {
    const int kij = static_cast<int>(w.addr) / s.psum_stride;
    const int nij = static_cast<int>(w.addr) % s.psum_stride;
    if (kij >= sh.n_kij() || nij >= sh.n_nij()) continue;
    for (int c = 0; c < sh.cols; ++c) {
      std::optional<int64_t>& slot = o.psum[static_cast<size_t>((kij * sh.n_nij() + nij) * sh.cols + c)];
      if (!slot) slot = w.lanes[static_cast<size_t>(c)];  // the first write counts
    }
  }
  for (const OutSample& smp : log.samples) {
    for (int c = 0; c < sh.cols; ++c) {
      o.out[static_cast<size_t>(smp.o_nij * sh.cols + c)] = smp.lanes[static_cast<size_t>(c)];
    }
  }
  return o;
}

// A hypothesis' prediction: every psum and output as the bug would make
// them (nullopt: the bug leaves that value undefined, e.g. the row a shift
// brings in from outside the kij).
struct Prediction {
  Values psum;
  Values out;
};

// The SFP over predicted psums: the 9 psums of each output summed, wrapping
// at acc_w (or `acc_w`, when > 0), then ReLU unless the core has none.
Values outputs_of(const golden::Shape& sh, const Values& psum, bool relu, int acc_w = 0) {
  const int acc_bits = acc_w > 0 ? acc_w : sh.acc_w;
  Values out(static_cast<size_t>(sh.n_onij() * sh.cols), std::nullopt);
  for (int o = 0; o < sh.n_onij(); ++o) {
    for (int c = 0; c < sh.cols; ++c) {
      int64_t acc = 0;
      bool known = true;
      for (int k = 0; k < sh.n_kij() && known; ++k) {
        const auto& p = psum[static_cast<size_t>((k * sh.n_nij() + golden::sfp_nij(sh, o, k)) * sh.cols + c)];
        known = p.has_value();
        if (known) acc = golden::wrap_signed(acc + *p, acc_bits);
      }
      if (known) out[static_cast<size_t>(o * sh.cols + c)] = relu ? std::max<int64_t>(acc, 0) : acc;
    }
  }
  return out;
}

// The array's maths with a bug in it: how an activation and a weight are
// read, which rows count, the width the psum wraps at, and weights read
// transposed.
struct Mac {
  std::function<int64_t(int64_t)> act = [](int64_t a) { return a; };
  std::function<int64_t(int64_t)> wgt = [](int64_t w) { return w; };
  std::function<int64_t(int64_t)> prod = [](int64_t p) { return p; };       // the product as added
  std::function<int64_t(int64_t)> after_add = [](int64_t s) { return s; };  // each PE's psum out
  int skip_row = -1;
  int wrap_w = 0;       // 0: psum_w
  bool transposed = false;
  int weights_col = -1;  // every column holds this column's weights
  int late_row = -1;     // this row meets the activation of vector nij - late_by
  int late_by = 0;
};

Values psums_of(const golden::Tile& t, const Mac& m) {
  const golden::Shape& sh = t.shape;
  Values p(static_cast<size_t>(sh.n_kij() * sh.n_nij() * sh.cols));
  const int w_bits = m.wrap_w > 0 ? m.wrap_w : sh.psum_w;
  for (int k = 0; k < sh.n_kij(); ++k) {
    for (int n = 0; n < sh.n_nij(); ++n) {
      for (int c = 0; c < sh.cols; ++c) {
        int64_t acc = 0;
        for (int r = 0; r < sh.rows; ++r) {
          if (r == m.skip_row) continue;
          const int wc = m.weights_col >= 0 ? m.weights_col : c;
          const int64_t w = m.transposed ? t.w(k, r, wc) : t.w(k, wc, r);
          const int an = r == m.late_row ? n - m.late_by : n;
          const int64_t a = (an >= 0 && an < sh.n_nij()) ? t.a(an, r) : 0;
          acc = m.after_add(golden::wrap_signed(acc + m.prod(m.wgt(w) * m.act(a)), w_bits));
        }
        p[static_cast<size_t>((k * sh.n_nij() + n) * sh.cols + c)] = golden::wrap_signed(acc, sh.psum_w);
      }
    }
  }
  return p;
}

Values golden_psums(const golden::TileResult& g) {
  return Values(g.psum.begin(), g.psum.end());
}

struct Candidate {
  std::string id;
  std::string what;
  Prediction pred;
  bool needs_address_fault = false;  // only with missing or unexpected writes
};

class Judge {
 public:
  Judge(const golden::Shape& sh, const Seen& seen, const golden::TileResult& g, bool relu)
      : sh_(sh), seen_(seen), g_(g), relu_(relu) {
    golden_out_ = outputs_of(sh, golden_psums(g), relu);
  }

  int mismatches() const {
    int n = 0;
    walk([&](const std::optional<int64_t>& obs, int64_t gold, const std::optional<int64_t>&) {
      n += *obs != gold;
    }, nullptr);
    return n;
  }

  Hypothesis score(const Candidate& c) const {
    Hypothesis h{c.id, c.what, 0, 0};
    walk([&](const std::optional<int64_t>& obs, int64_t gold, const std::optional<int64_t>& pred) {
      if (*obs != gold) {
        h.explained += !pred || *pred == *obs;
      } else if (pred && *pred != gold) {
        ++h.contradicted;
      }
    }, &c.pred);
    return h;
  }

 private:
  // Calls f(observed, golden, predicted) for every value the run saw.
  template <class F>
  void walk(F f, const Prediction* p) const {
    for (size_t i = 0; i < seen_.psum.size(); ++i) {
      if (seen_.psum[i]) f(seen_.psum[i], g_.psum[i], p ? p->psum[i] : std::optional<int64_t>());
    }
    for (size_t i = 0; i < seen_.out.size(); ++i) {
      if (seen_.out[i]) f(seen_.out[i], *golden_out_[i], p ? p->out[i] : std::optional<int64_t>());
    }
  }

  const golden::Shape& sh_;
  const Seen& seen_;
  const golden::TileResult& g_;
  bool relu_;
  Values golden_out_;
};

int64_t sext(int64_t v, int bits) { return golden::wrap_signed(v, bits); }

// Every hypothesis, with its prediction for this set: the golden model
// with a bug in the array's maths (a Mac), or the golden psums moved about.
class Candidates {
 public:
  Candidates(const golden::VectorSet& v, const golden::TileResult& g, const Seen& observed, bool with_relu)
      : v_(v), sh(v.shape()), seen(observed), relu(with_relu), gold(golden_psums(g)) {}

  std::vector<Candidate> all() {
    arithmetic();
    positions();
    columns();
    kernel_order();
    sfp();
    return std::move(out);
  }

 private:
  void from_mac(std::string id, std::string what, const Mac& m) {
    Candidate c{std::move(id), std::move(what), {}};
    c.pred.psum = psums_of(v_.tile, m);
    c.pred.out = outputs_of(sh, c.pred.psum, relu);
    out.push_back(std::move(c));
  }
  void from_psums(std::string id, std::string what, Values p) {
    Candidate c{std::move(id), std::move(what), {}};
    c.pred.out = outputs_of(sh, p, relu);
    c.pred.psum = std::move(p);
    out.push_back(std::move(c));
  }
  size_t at(int k, int n, int c) const { return static_cast<size_t>((k * sh.n_nij() + n) * sh.cols + c); }

  // How an activation, a weight, a product or a psum is read; rows missing,
  // late or early; the weights of the wrong column.
  void arithmetic() {
    const int act_w = sh.act_w, wgt_w = sh.wgt_w;
    Mac m;
    m.act = [act_w](int64_t a) { return sext(a, act_w); };
    from_mac("act_signed", "activations read as signed (sign-extended, not zero-extended)", m);
    for (int b = 0; b < act_w; ++b) {
      for (int v1 : {0, 1}) {
        m = Mac{};
        const int64_t bit = int64_t{1} << b;
        m.act = [bit, v1](int64_t a) { return v1 ? (a | bit) : (a & ~bit); };
        from_mac(fmt::format("act_bit{}_stuck{}", b, v1), fmt::format("activation bit {} stuck at {}{}", b, v1,
                                                                      v1 ? "" : " (the bit lost)"), m);
      }
    }
    m = Mac{};
    m.wgt = [wgt_w](int64_t w) { return w & ((int64_t{1} << wgt_w) - 1); };
    from_mac("wgt_unsigned", "weights read as unsigned (their sign lost)", m);
    const int64_t wmin = -(int64_t{1} << (sh.wgt_w - 1));
    m = Mac{};
    m.wgt = [wmin](int64_t w) { return w == wmin ? 0 : w; };
    from_mac("wgt_min_zero", fmt::format("weight {} read as 0", wmin), m);
    m = Mac{};
    m.wgt = [wmin](int64_t w) { return w == wmin ? wmin + 1 : w; };
    from_mac("wgt_min_sat", fmt::format("weight {} read as {}", wmin, wmin + 1), m);
    if (sh.rows == sh.cols) {
      m = Mac{};
      m.transposed = true;
      from_mac("wgt_transposed", "weights transposed (row and column swapped)", m);
    }
    for (int r = 0; r < sh.rows; ++r) {
      m = Mac{};
      m.skip_row = r;
      from_mac(fmt::format("row{}_missing", r), fmt::format("array row {} (input channel {}) missing from every psum", r, r), m);
    }
    for (int w = 2; w < sh.psum_w; ++w) {
      m = Mac{};
      m.wrap_w = w;
      from_mac(fmt::format("wrap{}", w), fmt::format("psums wrap at {} bits, not {}", w, sh.psum_w), m);
    }
    for (int b = 0; b < sh.psum_w; ++b) {
      for (int v1 : {0, 1}) {
        m = Mac{};
        const int64_t bit = int64_t{1} << b;
        const int pw = sh.psum_w;
        m.after_add = [bit, v1, pw](int64_t s) { return golden::wrap_signed(v1 ? (s | bit) : (s & ~bit), pw); };
        from_mac(fmt::format("bit{}_stuck{}", b, v1), fmt::format("psum bit {} stuck at {} in every PE", b, v1), m);
      }
    }
    {
      m = Mac{};
      const int pbits = sh.act_w + sh.wgt_w;
      m.prod = [pbits](int64_t p) { return p & ((int64_t{1} << pbits) - 1); };
      from_mac("prod_unsigned", fmt::format("products cut to {} bits, their sign lost", pbits), m);
    }
    for (int col = 0; col < sh.cols; ++col) {
      m = Mac{};
      m.weights_col = col;
      from_mac(fmt::format("all_cols_weights{}", col),
               fmt::format("every column holds column {}'s weights (a weight load that gives each PE of "
                           "a row the same word)", col), m);
    }
    for (int r = 0; r < sh.rows; ++r) {
      for (int d : {1, -1}) {
        m = Mac{};
        m.late_row = r;
        m.late_by = d;
        from_mac(fmt::format("row{}_{}", r, d == 1 ? "late" : "early"),
                 fmt::format("array row {} one vector {} (its L0 stagger off by one)", r, d == 1 ? "late" : "early"), m);
      }
    }

  }

  // Rows one position late or early within a kij: a pop or write latency
  // off by one (the row brought in from outside the kij is undefined), or,
  // with a row never written and one written elsewhere, the psum address.
  void positions() {
    for (int d : {1, -1}) {
      Values p = gold;
      for (int k = 0; k < sh.n_kij(); ++k) {
        for (int n = 0; n < sh.n_nij(); ++n) {
          const int from = n - d;
          for (int c = 0; c < sh.cols; ++c) {
            p[at(k, n, c)] = (from >= 0 && from < sh.n_nij()) ? gold[at(k, from, c)]
                                                               : (d == 1 ? gold[at(k, n, c)] : std::nullopt);
          }
        }
      }
      from_psums(d == 1 ? "rows_late" : "rows_early",
                 d == 1 ? "every row written one position late (a registered output-FIFO pop: pop_to_write 1)"
                        : "every row written one position early (the psum write before its pop)",
                 p);
      // The psum SRAM's address off by d, for writes and reads alike: every
      // row lands d addresses away (across kij), the outputs read them back
      // from there and are right; a row goes missing at one end.
      Candidate a{d == 1 ? "addr_plus1" : "addr_minus1",
                  fmt::format("the psum SRAM address {} one (every row at the address {} its own)",
                              d == 1 ? "plus" : "minus", d == 1 ? "after" : "before"),
                  {}, true};
      a.pred.psum = Values(gold.size());
      const int rows_total = sh.n_kij() * sh.n_nij();
      for (int i = 0; i < rows_total; ++i) {
        const int from = i - d;
        for (int c = 0; c < sh.cols; ++c) {
          if (from >= 0 && from < rows_total) {
            a.pred.psum[static_cast<size_t>(i * sh.cols + c)] = gold[static_cast<size_t>(from * sh.cols + c)];
          }
        }
      }
      a.pred.out = outputs_of(sh, gold, relu);
      out.push_back(std::move(a));
    }
  }

  // Columns reversed, swapped or stuck.
  void columns() {
    Values rev = gold;
    for (int k = 0; k < sh.n_kij(); ++k) {
      for (int n = 0; n < sh.n_nij(); ++n) {
        for (int c = 0; c < sh.cols; ++c) rev[at(k, n, c)] = gold[at(k, n, sh.cols - 1 - c)];
      }
    }
    from_psums("cols_reversed", "columns reversed (output channel c in column cols-1-c)", rev);
    for (int c1 = 0; c1 < sh.cols; ++c1) {
      for (int c2 = c1 + 1; c2 < sh.cols; ++c2) {
        Values p = gold;
        for (int k = 0; k < sh.n_kij(); ++k) {
          for (int n = 0; n < sh.n_nij(); ++n) std::swap(p[at(k, n, c1)], p[at(k, n, c2)]);
        }
        from_psums(fmt::format("cols{}_{}_swapped", c1, c2), fmt::format("columns {} and {} swapped", c1, c2), p);
      }
    }
    for (int col = 0; col < sh.cols; ++col) {
      Values p = gold;
      for (int k = 0; k < sh.n_kij(); ++k) {
        for (int n = 0; n < sh.n_nij(); ++n) p[at(k, n, col)] = 0;
      }
      from_psums(fmt::format("col{}_zero", col), fmt::format("column {} stuck at 0 (or never written)", col), p);
    }

  }

  // The kij's psums of another kij: the kernel positions out of order.
  void kernel_order() {
    {
      Values p = gold;
      bool moved = false;
      std::string map;
      for (int k = 0; k < sh.n_kij(); ++k) {
        for (int k2 = 0; k2 < sh.n_kij(); ++k2) {
          if (k2 == k) continue;
          bool all = true, any = false;
          for (int n = 0; n < sh.n_nij() && all; ++n) {
            for (int c = 0; c < sh.cols && all; ++c) {
              const auto& o = seen.psum[at(k, n, c)];
              if (!o) continue;
              any = true;
              all = *o == *gold[at(k2, n, c)];
            }
          }
          if (all && any && !std::equal(gold.begin() + static_cast<long>(at(k, 0, 0)),
                                        gold.begin() + static_cast<long>(at(k + 1, 0, 0)),
                                        gold.begin() + static_cast<long>(at(k2, 0, 0)))) {
            for (int n = 0; n < sh.n_nij(); ++n) {
              for (int c = 0; c < sh.cols; ++c) p[at(k, n, c)] = gold[at(k2, n, c)];
            }
            moved = true;
            map += fmt::format("{}kij {} holds kij {}'s", map.empty() ? "" : ", ", k, k2);
            break;
          }
        }
      }
      if (moved) from_psums("kij_order", fmt::format("kernel positions out of order ({})", map), p);
    }

  }

  // The SFP: no ReLU, its threshold off by one, accumulators not cleared
  // between outputs or wrapping at fewer bits.
  void sfp() {
    for (int w = sh.psum_w / 2; w < sh.acc_w; ++w) {
      Candidate c{fmt::format("acc_wrap{}", w), fmt::format("the SFP accumulator wraps at {} bits, not {}", w, sh.acc_w), {}};
      c.pred.psum = gold;
      c.pred.out = outputs_of(sh, gold, relu, w);
      out.push_back(std::move(c));
    }
    if (relu) {
      Candidate c{"no_relu", "no ReLU: the outputs are the raw sums", {}};
      c.pred.psum = gold;
      c.pred.out = outputs_of(sh, gold, false);
      out.push_back(std::move(c));
      Candidate t{"relu_threshold", "ReLU's threshold off by one (an output of 1 becomes 0)", {}};
      t.pred.psum = gold;
      t.pred.out = outputs_of(sh, gold, true);
      for (auto& x : t.pred.out) {
        if (x && *x == 1) x = 0;
      }
      out.push_back(std::move(t));
    }
    {
      Candidate c{"acc_not_cleared", "the SFP accumulators not cleared between outputs (each output adds the ones before)", {}};
      c.pred.psum = gold;
      const Values raw = outputs_of(sh, gold, false);
      c.pred.out = Values(raw.size());
      for (int col = 0; col < sh.cols; ++col) {
        int64_t acc = 0;
        for (int o = 0; o < sh.n_onij(); ++o) {
          acc = golden::wrap_signed(acc + *raw[static_cast<size_t>(o * sh.cols + col)], sh.acc_w);
          c.pred.out[static_cast<size_t>(o * sh.cols + col)] = relu ? std::max<int64_t>(acc, 0) : acc;
        }
      }
      out.push_back(std::move(c));
    }
  }

  const golden::VectorSet& v_;
  const golden::Shape& sh;
  const Seen& seen;
  bool relu;
  const Values gold;
  std::vector<Candidate> out;
};

std::vector<Candidate> candidates(const golden::VectorSet& v, const golden::TileResult& g,
                                  const Seen& seen, bool relu) {
  return Candidates(v, g, seen, relu).all();
}

bool has_address_fault(const CheckResult& r) {
  for (const Mismatch& m : r.mismatches) {
    if (m.kind == Kind::Missing || m.kind == Kind::Unexpected || m.kind == Kind::Duplicate) return true;
  }
  return false;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> known_hypotheses(const golden::Shape& s) {
  golden::VectorSet v(s);
  const golden::TileResult g = golden::compute_tile(v.tile);
  Seen none;
  std::vector<std::pair<std::string, std::string>> out;
  for (const Candidate& c : candidates(v, g, none, true)) out.emplace_back(c.id, c.what);
  return out;
}

Diagnosis diagnose(const Schedule& s, const golden::VectorSet& v, const golden::TileResult& g,
                   const RunLog& log, const CheckResult& r) {
  Diagnosis d;
  const golden::Shape& sh = v.shape();
  const bool relu = s.flow.relu != ReluMode::None;
  const Seen seen = observed(s, sh, log);
  const Judge judge(sh, seen, g, relu);
  d.mismatches = judge.mismatches();
  if (d.mismatches == 0) return d;
  const bool address = has_address_fault(r);
  for (const Candidate& c : candidates(v, g, seen, relu)) {
    if (c.needs_address_fault && !address) continue;
    const Hypothesis h = judge.score(c);
    if (h.explained == d.mismatches && h.contradicted == 0) {
      d.exact.push_back(h);
    } else if (h.explained > d.closest.explained ||
               (h.explained == d.closest.explained && h.contradicted < d.closest.contradicted)) {
      d.closest = h;
    }
  }
  // A shift that comes with rows missing or written elsewhere is the address.
  const auto named = [&](const char* id) {
    return std::any_of(d.exact.begin(), d.exact.end(), [&](const Hypothesis& h) { return h.id == id; });
  };
  if (named("addr_plus1") || named("addr_minus1")) {
    d.exact.erase(std::remove_if(d.exact.begin(), d.exact.end(), [](const Hypothesis& h) {
                    return h.id == "rows_late" || h.id == "rows_early";
                  }),
                  d.exact.end());
  }
  if (!d.exact.empty()) {
    std::string names;
    for (const Hypothesis& h : d.exact) names += (names.empty() ? "" : "; or ") + h.what;
    d.verdict = fmt::format("{}: explains all {} mismatching words and no other", names, d.mismatches);
  } else if (d.closest.explained > 0) {
    d.verdict = fmt::format("no known pattern (closest: {}: explains {} of {} mismatching words{})",
                            d.closest.what, d.closest.explained, d.mismatches,
                            d.closest.contradicted
                                ? fmt::format(", and would have made {} right words wrong", d.closest.contradicted)
                                : "");
  } else {
    d.verdict = fmt::format("no known pattern ({} mismatching words)", d.mismatches);
  }
  return d;
}

}  // namespace cosim
