#include "calibrate.hpp"

#include <fmt/format.h>

#include <climits>
#include <map>
#include <optional>
#include <stdexcept>

#include "generate.hpp"
#include "report.hpp"
#include "runner.hpp"

namespace cosim {

namespace {

// A mismatch in a few words, for a profile's comment.
std::string brief(const Mismatch& m) {
  if (m.kind != Kind::Value) return describe(m);
  std::string loc = m.kij >= 0 ? fmt::format("kij {} nij {}", m.kij, m.nij) : fmt::format("o_nij {}", m.nij);
  return fmt::format("{} col {}: expected {} actual {}", loc, m.col, m.expected, m.actual);
}

// Runs one flow on one set and says what happened. kij0: only kij 0 and
// its psums (needs the probe); else the whole set, every case but the
// given files' consistency (a property of the files, not of the core).
class Tester {
 public:
  Tester(const ModelInfo& m, const CalibrateOptions& o, int& trials) : m_(m), o_(o), trials_(trials) {}

  Trial run(const golden::VectorSet& v, const Flow& f, bool kij0, const std::string& scope) {
    Trial t;
    t.flow = f;
    t.scope = scope;
    RunRequest req;
    req.schedule = o_.base;
    req.schedule.flow = f;
    req.schedule.kijs = kij0 ? std::vector<int>{0} : std::vector<int>{};
    req.plusargs = o_.plusargs;
    Outcome out;
    try {
      out = run_set(m_, v, req);
    } catch (const std::invalid_argument& e) {
      t.failed = INT_MAX;
      t.first = e.what();
      return t;
    }
    ++trials_;
    for (const CaseResult& c : out.result.cases) {
      if (c.name == "input_consistency" || c.status == Status::Skip) continue;
      t.checked += c.checked;
      t.failed += c.failed;
    }
    for (const Mismatch& mm : out.result.mismatches) {
      if (mm.check == "input_consistency") continue;
      t.first = brief(mm);
      break;
    }
    t.hung = out.result.hung;
    if (t.hung && t.first.empty()) t.first = out.result.stopped;
    t.pass = t.failed == 0 && !t.hung && t.checked > 0;
    return t;
  }

 private:
  const ModelInfo& m_;
  const CalibrateOptions& o_;
  int& trials_;
};

// Fewer wrong words is closer; a hang is farther than any mismatch.
bool closer(const Trial& a, const Trial& b) {
  if (a.hung != b.hung) return !a.hung;
  const double fa = a.checked ? static_cast<double>(a.failed) / a.checked : 1e9;
  const double fb = b.checked ? static_cast<double>(b.failed) / b.checked : 1e9;
  return fa < fb;
}

std::string outcome(const Trial& t) {
  if (t.pass) return fmt::format("{}: passes", t.scope);
  if (t.failed == INT_MAX) return t.first;
  std::string s = t.hung ? fmt::format("{}: hung", t.scope)
                         : fmt::format("{}: {} of {} words wrong", t.scope, t.failed, t.checked);
  if (!t.first.empty()) s += fmt::format(" (first: {})", t.first);
  return s;
}

template <class T>
std::vector<T> choices(const std::optional<T>& fixed, std::vector<T> all) {
  return fixed ? std::vector<T>{*fixed} : all;
}

// The search, stage by stage, with what it saw kept for the profile's comments.
class Search {
 public:
  Search(const ModelInfo& m, const golden::VectorSet& v, const CalibrateOptions& o, Calibration& c)
      : m_(m), v_(v), o_(o), c_(c), t_(m, o, c.trials), sh_(v.shape()) {}

  void run() {
    Flow f = flow_for(o_.fixed, inst_width(m_.format));
    base_ = f;
    if (!stage_a(f)) return;
    if (!stage_b(f)) return;
    if (!confirm(f)) return;
    c_.ok = true;
    c_.flow = f;
    c_.verdict = fmt::format("calibrated in {} runs: {}", c_.trials, as_options(f));
  }

 private:
  Trial judge(const Flow& f, bool kij0, const golden::VectorSet& v, const std::string& scope) {
    Trial t = t_.run(v, f, kij0 && m_.probe, kij0 && !m_.probe ? scope + ", outputs" : scope);
    if (!t.pass && (c_.closest.checked == 0 || closer(t, c_.closest))) c_.closest = t;
    seen_[describe(f) + "|" + t.scope] = t;
    return t;
  }
  // kij 0 with a probe; without one, the outputs of the whole set under
  // any ReLU convention (the stage-A keys cannot be told apart otherwise).
  Trial judge_a(const Flow& f, const golden::VectorSet& v, const std::string& scope) {
    if (m_.probe) return judge(f, true, v, scope);
    Trial best;
    for (const Flow& g : relu_candidates(f)) {
      Trial t = judge(g, false, v, scope);
      if (t.pass) return t;
      if (best.checked == 0 || closer(t, best)) best = t;
    }
    return best;
  }

  std::vector<Flow> relu_candidates(const Flow& f) const {
    std::vector<Flow> out;
    const bool wide = m_.format == InstFormat::Relu35;
    for (SampleAt s : choices(o_.fixed.sample, {SampleAt::AfterAcc, SampleAt::WithAcc})) {
      std::vector<ReluMode> rs = wide ? std::vector<ReluMode>{ReluMode::Comb, ReluMode::Pulse, ReluMode::Hold, ReluMode::None}
                                      : std::vector<ReluMode>{ReluMode::Comb, ReluMode::None};
      for (ReluMode r : choices(o_.fixed.relu, rs)) {
        if (s == SampleAt::WithAcc && r != ReluMode::Comb && r != ReluMode::None) continue;
        Flow g = f;
        g.relu = r;
        g.sample = s;
        out.push_back(g);
      }
    }
    return out;
  }

  // Stage A: how the kernel loads and the psums drain, judged on kij 0.
  // Preferences, tried in order: no stream, valid level, no load hold (the
  // course flow first). pop_to_write and weights have no preference: two of
  // their values passing is a tie.
  bool stage_a(Flow& f) {
    const int span = sh_.rows + sh_.cols;
    std::vector<int> lat;
    if (o_.fixed.stream_latency) {
      lat = {*o_.fixed.stream_latency};
    } else {
      for (int l = 1; l <= 4 * span + 8; ++l) lat.push_back(l);
    }
    for (bool stream : choices(o_.fixed.stream, {false, true})) {
      for (ValidUse valid : choices(o_.fixed.valid, {ValidUse::Level, ValidUse::Ignore})) {
        for (bool hold : choices(o_.fixed.load_hold, {false, true})) {
          std::vector<Trial> passing;
          for (int pop : choices(o_.fixed.pop_to_write, {0, 1, 2})) {
            for (WeightPath w : choices(o_.fixed.weights, {WeightPath::L0, WeightPath::Ififo})) {
              Flow g = f;
              g.stream = stream;
              g.valid = valid;
              g.load_hold = hold;
              g.pop_to_write = pop;
              g.weights = w;
              if (!stream) {
                Trial t = judge_a(g, v_, "kij 0");
                if (t.pass) passing.push_back(t);
                continue;
              }
              // The shortest latency that passes, and how far the window goes.
              std::optional<Trial> shortest;
              int hi = -1;
              for (int l : lat) {
                g.stream_latency = l;
                const Trial t = judge_a(g, v_, "kij 0");
                if (t.pass && !shortest) shortest = t;
                if (t.pass) hi = l;
                if (!t.pass && shortest) break;
              }
              if (shortest) {
                window_ = {shortest->flow.stream_latency, hi};
                passing.push_back(*shortest);
              }
            }
          }
          c_.log.push_back(fmt::format("stage 1 (kij 0): stream {}, valid {}, load_hold {}: {} of "
                                       "the pop_to_write x weights settings pass",
                                       stream ? "on" : "off", name(valid), hold ? "on" : "off",
                                       passing.size()));
          if (passing.empty()) continue;
          if (passing.size() > 1) passing = break_tie(passing, true);
          if (passing.size() != 1) return ambiguous(passing, "pop_to_write/weights");
          f = passing.front().flow;
          note_stage_a(f);
          return true;
        }
      }
    }
    c_.verdict = fmt::format("no setting of the flow conventions makes kij 0 match the golden "
                             "model: a real bug, or a convention cosim does not know");
    return false;
  }

  // Stage B: how ReLU is applied and when sfp_out is read, on the whole set;
  // and the psum SRAM's row stride, which only the outputs can show (the
  // probe sees what is written at an address, not what the SRAM keeps).
  // Strides: the positions first, then the next power of two, then one
  // more. ReLU: comb, pulse, hold, none, the first that passes (the least
  // use of inst[34] first; none last, since a core that applies ReLU on a
  // pulse also shows raw sums without it, and only ReLU checked is a check).
  bool stage_b(Flow& f) {
    const int n = sh_.n_nij();
    int pow2 = 1;
    while (pow2 < n) pow2 *= 2;
    std::vector<int> strides{n};
    if (pow2 != n && pow2 * sh_.n_kij() <= 2048) strides.push_back(pow2);
    if ((n + 1) * sh_.n_kij() <= 2048) strides.push_back(n + 1);
    for (int stride : choices(o_.fixed.psum_stride, strides)) {
      Flow h = f;
      h.psum_stride = stride;
      std::optional<Trial> chosen;
      int passed = 0;
      for (const Flow& g : relu_candidates(h)) {
        if (chosen && chosen->flow.sample != g.sample) break;
        const Trial t = judge(g, false, v_, "the whole set");
        passed += t.pass;
        if (t.pass && !chosen) chosen = t;
      }
      c_.log.push_back(fmt::format("stage 2 (the whole set): psum_stride {}: {} of the relu x "
                                   "sample settings pass", stride, passed));
      if (!chosen) continue;
      f = chosen->flow;
      note_stage_b(f, strides);
      return true;
    }
    c_.verdict = fmt::format("kij 0 matches under {}, but no ReLU, sampling or psum stride "
                             "convention makes the whole set match", as_options(f));
    return false;
  }

  // Generated sets (random data, the extremes) tell apart settings the
  // given set cannot; those that still all pass are a tie.
  std::vector<Trial> break_tie(const std::vector<Trial>& tied, bool kij0) {
    std::vector<Trial> left = tied;
    for (const golden::VectorSet& g : confirm_sets()) {
      std::vector<Trial> keep;
      for (const Trial& t : left) {
        if (judge(t.flow, kij0, g, "generated " + g.notes.front()).pass) keep.push_back(t);
      }
      if (!keep.empty()) left = keep;
      if (left.size() == 1) break;
    }
    return left;
  }

  bool confirm(const Flow& f) {
    for (const golden::VectorSet& g : confirm_sets()) {
      const Trial t = judge(f, false, g, "generated " + g.notes.front());
      if (!t.pass) {
        c_.verdict = fmt::format("the given set passes under {}, but generated {} does not: {}",
                                 as_options(f), g.notes.front(), outcome(t));
        c_.closest = t;
        return false;
      }
    }
    c_.log.push_back(fmt::format("confirmed on {} generated sets", confirm_sets().size()));
    return true;
  }

  const std::vector<golden::VectorSet>& confirm_sets() {
    if (sets_.empty()) {
      const golden::Pattern pats[] = {golden::Pattern::Random, golden::Pattern::Max,
                                      golden::Pattern::Min, golden::Pattern::Relu};
      for (int i = 0; i < o_.confirm_sets; ++i) {
        const golden::Pattern p = pats[i % 4];
        const uint64_t seed = o_.seed + static_cast<uint64_t>(i);
        golden::VectorSet g = golden::generate(sh_, p, seed);
        g.notes.insert(g.notes.begin(), fmt::format("set {} seed {}",
                                                    golden::pattern_names()[static_cast<size_t>(p)], seed));
        sets_.push_back(std::move(g));
      }
    }
    return sets_;
  }

  bool ambiguous(const std::vector<Trial>& tied, const char* what) {
    c_.verdict = fmt::format("refused: {} settings of {} pass on every set tried (the given one "
                             "and {} generated), and they mean different things about the core; "
                             "fix the key you know on the command line (or in the profile) and "
                             "calibrate again",
                             tied.size(), what, o_.confirm_sets);
    for (const Trial& t : tied) c_.ambiguous.push_back(as_options(t.flow));
    return false;
  }

  // What the alternative of a key did, with every other key as chosen.
  std::string alt(Flow f, const std::string& scope) const {
    const auto it = seen_.find(describe(f) + "|" + scope);
    return it == seen_.end() ? std::string() : outcome(it->second);
  }
  std::string scope_a() const { return m_.probe ? "kij 0" : "kij 0, outputs"; }

  void find(const std::string& key, const std::string& value, std::string why) {
    c_.findings.push_back({key, value, std::move(why)});
  }

  void note_stage_a(const Flow& f) {
    std::string why;
    for (int pop : {0, 1, 2}) {
      if (pop == f.pop_to_write) continue;
      Flow g = f;
      g.pop_to_write = pop;
      const std::string a = alt(g, scope_a());
      if (!a.empty()) why += fmt::format("{}{}: {}", why.empty() ? "" : "; ", pop, a);
    }
    find("pop_to_write", std::to_string(f.pop_to_write),
         o_.fixed.pop_to_write ? "given" : why.empty() ? "the only value tried" : why);
    if (f.valid == ValidUse::Level) {
      find("valid", "\"level\"", o_.fixed.valid ? "given" : "ofifo_valid came before every row the drain waited for");
    } else {
      Flow g = f;
      g.valid = ValidUse::Level;
      find("valid", "\"ignore\"", o_.fixed.valid ? "given" : "level: " + alt(g, scope_a()));
      if (!f.stream) {
        const int delay = f.drain_delay >= 0 ? f.drain_delay : 2 * (sh_.rows + sh_.cols);
        find("drain_delay", std::to_string(delay), "open loop: idle cycles from the last execute to the first pop");
      }
    }
    if (!f.stream) {
      find("stream", "false", o_.fixed.stream ? "given" : fmt::format("the course flow: L0 and the output FIFO hold all {} positions", sh_.n_nij()));
    } else {
      Flow g = f;
      g.stream = false;
      g.stream_latency = base_.stream_latency;
      find("stream", "true", o_.fixed.stream ? "given" : "off: " + alt(g, scope_a()));
      find("stream_latency", std::to_string(f.stream_latency),
           o_.fixed.stream_latency ? "given"
                                   : fmt::format("cycles from execute to the pop of its row; {}..{} pass, the shortest is kept",
                                                 window_.first, window_.second));
    }
    if (f.load_hold) {
      Flow g = f;
      g.load_hold = false;
      find("load_hold", "true", o_.fixed.load_hold ? "given" : "off: " + alt(g, scope_a()));
    } else {
      find("load_hold", "false", o_.fixed.load_hold ? "given" : "the kernel loads without it");
    }
    Flow g = f;
    g.weights = f.weights == WeightPath::L0 ? WeightPath::Ififo : WeightPath::L0;
    const std::string a = alt(g, scope_a());
    find("weights", fmt::format("\"{}\"", name(f.weights)),
         o_.fixed.weights ? "given" : a.empty() ? "the only value tried" : fmt::format("{}: {}", name(g.weights), a));
  }

  void note_stage_b(const Flow& f, const std::vector<int>& strides) {
    std::string why;
    for (ReluMode r : {ReluMode::Comb, ReluMode::Pulse, ReluMode::Hold, ReluMode::None}) {
      if (r == f.relu) continue;
      Flow g = f;
      g.relu = r;
      const std::string a = alt(g, "the whole set");
      if (!a.empty()) why += fmt::format("{}{}: {}", why.empty() ? "" : "; ", name(r), a);
    }
    if (f.relu == ReluMode::None) why = "this core has no ReLU: its outputs are the raw sums; " + why;
    if (!why.empty()) why = "the first of comb, pulse, hold, none that passes; " + why;
    find("relu", fmt::format("\"{}\"", name(f.relu)), o_.fixed.relu ? "given" : why.empty() ? "the only value tried" : why);
    Flow g = f;
    g.sample = SampleAt::AfterAcc;
    find("sample", fmt::format("\"{}\"", name(f.sample)),
         o_.fixed.sample ? "given"
                         : f.sample == SampleAt::AfterAcc ? "sfp_out holds its value after the accumulation"
                                                          : "after-acc: " + alt(g, "the whole set"));
    std::string swhy;
    for (int st : strides) {
      if (st >= f.psum_stride) break;
      Flow h = f;
      h.psum_stride = st;
      swhy += fmt::format("{}{}: {}", swhy.empty() ? "" : "; ", st, alt(h, "the whole set"));
    }
    find("psum_stride", std::to_string(f.psum_stride),
         o_.fixed.psum_stride ? "given"
                              : swhy.empty() ? fmt::format("one psum-SRAM row per position, kij k at k*{}", f.psum_stride)
                                             : swhy);
  }

  const ModelInfo& m_;
  const golden::VectorSet& v_;
  const CalibrateOptions& o_;
  Calibration& c_;
  Tester t_;
  const golden::Shape& sh_;
  std::map<std::string, Trial> seen_;
  std::vector<golden::VectorSet> sets_;
  std::pair<int, int> window_{-1, -1};
  Flow base_;  // the flow the search starts from (the user's fixed keys)
};

}  // namespace

Calibration calibrate(const ModelInfo& model, const golden::VectorSet& set, const CalibrateOptions& o) {
  Calibration c;
  Search(model, set, o, c).run();
  return c;
}

}  // namespace cosim
