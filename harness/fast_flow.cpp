#include "fast_flow.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "schedule_build.hpp"

namespace cosim {

namespace {

// One cycle of the timeline: the instruction several activities fill, and
// the kij of each kind of activity, from which the step's phase is named.
struct FastSlot {
  Inst inst;
  uint64_t dxmem = 0;
  bool reset = false;
  int check_valid = -1;  // pop of this position: ofifo_valid must be high
  int low_kij = -1;      // no row due: ofifo_valid must be low
  int sample = -1;       // a Sample step of this index after the cycle
  int exec = -1, load = -1, settle = -1, drain = -1, fill = -1;
  bool fill_weights = false;
  bool sfp = false;      // SFP reads, acc, ReLU, the outputs' resets
  bool write = false;    // input-SRAM writes for what follows
  bool pop = false;
};

class FastTimeline {
 public:
  FastSlot& operator[](int t) {
    if (static_cast<size_t>(t) >= slots_.size()) slots_.resize(static_cast<size_t>(t) + 1);
    return slots_[static_cast<size_t>(t)];
  }
  int size() const { return static_cast<int>(slots_.size()); }
  bool pmem_busy(int t) { return !(*this)[t].inst.cen_pmem; }
  bool xmem_busy(int t) { return !(*this)[t].inst.cen_xmem; }
  void emit(Builder& b) const {
    for (const FastSlot& s : slots_) {
      label(b, s);
      b.cycle(s.inst, s.dxmem, s.reset, s.check_valid, s.low_kij);
      if (s.sample >= 0) {
        b.at(Phase::Output, -1);
        b.sample(s.sample);
      }
    }
  }

 private:
  // The phase of a cycle is its array activity first (execute, load), then
  // the drain, the fill, the SFP; a cycle is counted once, under that name.
  static void label(Builder& b, const FastSlot& s) {
    if (s.exec >= 0) return b.at(Phase::Execute, s.exec);
    if (s.load >= 0) return b.at(Phase::Load, s.load);
    if (s.settle >= 0) return b.at(Phase::Settle, s.settle);
    if (s.drain >= 0) return b.at(Phase::Drain, s.drain);
    if (s.fill >= 0) return b.at(s.fill_weights ? Phase::WeightsToL0 : Phase::ActToL0, s.fill);
    if (s.sfp) return b.at(Phase::Output, -1);
    if (s.reset) return b.at(Phase::KijReset, -1);
    if (s.write) return b.at(Phase::Init, -1);
    if (s.low_kij >= 0) return b.at(Phase::Drained, s.low_kij);
    b.at(Phase::Output, -1);
  }
  std::vector<FastSlot> slots_;
};

// Builds one block's timeline.
class BlockBuilder {
 public:
  BlockBuilder(const FastTiming& t, const FastBlock& blk) : t_(t), blk_(blk) {}

  void build() {
    int s = 0;
    if (blk_.reset_first) {
      tl_[0].reset = true;
      s = 1;
    }
    write_at_.resize(blk_.passes.size());
    for (size_t q = 0; q < blk_.passes.size(); ++q) s = pass(s, q);
    last_read_ = s - 1;
    const int compute_end = tl_.size() - 1;
    int end = compute_end;
    if (!blk_.outputs.empty()) end = first_output();
    if (t_.valid_level) mark_low(compute_end, end);
    for (size_t o = 1; o < blk_.outputs.size(); ++o) end = output(end + 1, blk_.outputs[o]);
    next_writes();
  }
  const FastTimeline& timeline() const { return tl_; }

 private:
  // Pass q from slot s (its first weight read); returns the slot after its
  // last activation read.
  int pass(int s, size_t q) {
    const FastPass& p = blk_.passes[q];
    for (int c = 0; c < t_.cols; ++c, ++s) {
      fetch(s, p.weights + static_cast<uint32_t>(c), p.kij, true);
      FastSlot& l = tl_[s + 2];
      l.inst.load = true;
      (t_.ififo ? l.inst.ififo_rd : l.inst.l0_rd) = true;
      l.load = p.kij;
    }
    for (int k = 0; k < t_.settle; ++k, ++s) {
      tl_[s + 2].inst.load = t_.load_hold;
      tl_[s + 2].settle = p.kij;
    }
    for (size_t j = 0; j < p.act.size(); ++j, ++s) {
      fetch(s, p.act[j], p.kij, false);
      FastSlot& e = tl_[s + 2];
      e.inst.execute = true;
      e.inst.l0_rd = true;
      e.exec = p.kij;
      if (first_exec_ < 0) first_exec_ = s + 2;
      const int pop = s + 2 + t_.latency;
      FastSlot& x = tl_[pop];
      x.inst.ofifo_rd = true;
      x.pop = true;
      x.drain = p.kij;
      pop_kij_.emplace_back(pop, p.kij);
      if (t_.valid_level) x.check_valid = p.pos[j];
      const int w = pop + t_.pop_to_write;
      add_write(tl_[w].inst, p.psum[j]);
      tl_[w].drain = p.kij;
      write_at_[q].emplace_back(p.psum[j], w);
    }
    return s;
  }

  // Input-SRAM read in s, pushed in s + 1: into L0, or the IFIFO for the
  // weights of a core that takes them there.
  void fetch(int s, uint32_t addr, int kij, bool weights) {
    FastSlot& r = tl_[s];
    r.inst.cen_xmem = false;
    r.inst.a_xmem = addr;
    r.fill = kij;
    r.fill_weights = weights;
    FastSlot& p = tl_[s + 1];
    (weights && t_.ififo ? p.inst.ififo_wr : p.inst.l0_wr) = true;
    if (p.fill < 0) {
      p.fill = kij;
      p.fill_weights = weights;
    }
  }

  // ofifo_valid must be low from the first execute to `end` except at pops
  // and the pop_to_write cycles after each (a registered pop leaves the row
  // in the FIFO that long); a violation counts against the kij whose row
  // comes next (the last kij after the last pop).
  void mark_low(int compute_end, int end) {
    if (pop_kij_.empty()) return;
    size_t next = 0;
    int popped = -1;  // the last pop at or before t
    for (int t = std::max(first_exec_, 0); t <= std::max(compute_end, end); ++t) {
      while (next < pop_kij_.size() && pop_kij_[next].first < t) ++next;
      if (tl_[t].pop) popped = t;
      if (tl_[t].pop || (popped >= 0 && t - popped <= t_.pop_to_write)) continue;
      tl_[t].low_kij = next < pop_kij_.size() ? pop_kij_[next].second : pop_kij_.back().second;
    }
  }

  // The first output, accumulated while the passes run: each read in the
  // first free psum-SRAM cycle after its row was written. Returns the slot
  // of its sample.
  int first_output() {
    const FastOutput& o = blk_.outputs.front();
    int r = -1;
    for (size_t q = 0; q < o.reads.size(); ++q) {
      int t = std::max(written(q, o.reads[q]) + 1, r + 1);
      while (tl_.pmem_busy(t)) ++t;
      add_read(tl_[t].inst, o.reads[q]);
      tl_[t].sfp = true;
      tl_[t + 1].inst.acc = true;
      tl_[t + 1].sfp = true;
      r = t;
    }
    return tail(r + 1, o.index);
  }

  int written(size_t q, uint32_t addr) const {
    for (const auto& [a, slot] : write_at_[q]) {
      if (a == addr) return slot;
    }
    throw std::logic_error(fmt::format("fast flow: output reads psum row {} that pass {} does "
                                       "not write", addr, q));
  }

  // Another output from slot u: a reset that carries the first read, the
  // other reads each with the acc of the one before, the last acc, the tail.
  int output(int u, const FastOutput& o) {
    tl_[u].reset = true;
    const int n = static_cast<int>(o.reads.size());
    for (int k = 0; k <= n; ++k) {
      FastSlot& s = tl_[u + k];
      if (k < n) add_read(s.inst, o.reads[static_cast<size_t>(k)]);
      s.inst.acc = k > 0;
      s.sfp = true;
    }
    return tail(u + n, o.index);
  }

  // After the last acc in slot a: the core's ReLU and sample conventions
  // (as the course flow's output phase); returns the slot of the sample.
  int tail(int a, int index) {
    int last = a;
    if (t_.sample == SampleAt::AfterAcc) {
      const bool bit = t_.relu == ReluMode::Pulse || t_.relu == ReluMode::Hold;
      if (bit) {
        tl_[++last].inst.relu = true;
        tl_[last].sfp = true;
      }
      for (int k = 0; k < t_.sfp_latency; ++k) {
        tl_[++last].inst.relu = t_.relu == ReluMode::Hold;
        tl_[last].sfp = true;
      }
    }
    tl_[last].sample = index;
    return last;
  }

  // What follows (the next block's words): from the cycle after the last
  // push, one word in each cycle the input SRAM is free.
  void next_writes() {
    int t = last_read_ + 2;
    for (const XmemWord& w : blk_.next_writes) {
      while (tl_.xmem_busy(t)) ++t;
      FastSlot& s = tl_[t];
      s.inst.cen_xmem = false;
      s.inst.wen_xmem = false;
      s.inst.a_xmem = w.addr;
      s.dxmem = w.data;
      s.write = true;
      ++t;
    }
  }

  const FastTiming& t_;
  const FastBlock& blk_;
  FastTimeline tl_;
  int first_exec_ = -1;
  int last_read_ = -1;
  std::vector<std::pair<int, int>> pop_kij_;  // (pop slot, kij), in slot order
  std::vector<std::vector<std::pair<uint32_t, int>>> write_at_;  // [pass]: (psum row, slot)
};

}  // namespace

FastTiming FastTiming::of(const golden::Shape& sh, const ScheduleOptions& opt, const Flow& f) {
  FastTiming t;
  t.rows = sh.rows;
  t.cols = sh.cols;
  t.load_hold = f.load_hold;
  t.settle = opt.settle_cycles >= 0 ? opt.settle_cycles : (f.load_hold ? sh.rows + sh.cols : 0);
  t.ififo = f.weights == WeightPath::Ififo;
  t.latency = f.stream_latency;
  t.pop_to_write = f.pop_to_write;
  t.valid_level = f.valid == ValidUse::Level;
  t.relu = f.relu;
  t.sample = f.sample;
  t.sfp_latency = opt.sfp_latency;
  return t;
}

void fast_block(Builder& b, const FastTiming& t, const FastBlock& blk) {
  for (const FastPass& p : blk.passes) {
    if (p.act.empty() || p.act.size() != p.psum.size() || p.act.size() != p.pos.size()) {
      throw std::logic_error("fast flow: a pass needs one psum row and position per vector");
    }
  }
  BlockBuilder bb(t, blk);
  bb.build();
  bb.timeline().emit(b);
  if (blk.outputs.empty() && t.valid_level) {
    b.at(Phase::Drained, blk.passes.empty() ? -1 : blk.passes.back().kij);
    b.expect_empty(static_cast<uint32_t>(t.rows + t.cols));
  }
}

namespace {

// The positions kij executes: every nij, or those some output reads.
std::vector<int> positions_of(const golden::Shape& sh, int kij, Positions which) {
  std::vector<int> nij;
  if (which == Positions::All) {
    for (int n = 0; n < sh.n_nij(); ++n) nij.push_back(n);
  } else {
    for (int o = 0; o < sh.n_onij(); ++o) nij.push_back(golden::sfp_nij(sh, o, kij));
  }
  return nij;
}

}  // namespace

void compile_fast_set(Schedule& s, const golden::VectorSet& v, const ScheduleOptions& opt) {
  const golden::Shape& sh = s.shape;
  if (kWeightBase + static_cast<uint32_t>(sh.n_kij() * sh.cols) > kAddrMask + 1) {
    throw std::invalid_argument(fmt::format(
        "flow fast writes every kij's weights at once: {} words do not fit input-SRAM "
        "{}..2047", sh.n_kij() * sh.cols, kWeightBase));
  }
  Builder b(s, opt.scramble_seed, sh.rows * sh.act_w, s.flow.weights != WeightPath::Ififo);
  b.at(Phase::Init, -1);
  b.reset();
  for (int nij = 0; nij < sh.n_nij(); ++nij) {
    b.cycle(xmem_write(static_cast<uint32_t>(nij)),
            pack(&v.tile.act[static_cast<size_t>(nij * sh.rows)], sh.rows, sh.act_w));
  }
  const auto w_addr = [&](int kij, int col) {
    return kWeightBase + static_cast<uint32_t>(kij * sh.cols + col);
  };
  for (int kij : s.kijs) {
    b.at(Phase::WriteWeights, kij);
    for (int col = 0; col < sh.cols; ++col) {
      const int64_t* w = &v.tile.wgt[static_cast<size_t>((kij * sh.cols + col) * sh.rows)];
      b.cycle(xmem_write(w_addr(kij, col)), pack(w, sh.rows, sh.wgt_w));
    }
  }

  FastBlock blk;
  const auto psum = [&](int kij, int nij) {
    return static_cast<uint32_t>(kij * s.psum_stride + nij);
  };
  if (s.flow.positions == Positions::Outputs) {
    s.due.assign(static_cast<size_t>(sh.n_kij() * sh.n_nij()), false);
  }
  for (int kij : s.kijs) {
    FastPass p;
    p.kij = kij;
    p.weights = w_addr(kij, 0);
    for (int nij : positions_of(sh, kij, s.flow.positions)) {
      p.act.push_back(static_cast<uint32_t>(nij));
      p.psum.push_back(psum(kij, nij));
      p.pos.push_back(nij);
      if (!s.due.empty()) s.due[static_cast<size_t>(kij * sh.n_nij() + nij)] = true;
    }
    blk.passes.push_back(std::move(p));
  }
  if (s.outputs) {
    for (int o = 0; o < sh.n_onij(); ++o) {
      FastOutput out;
      out.index = o;
      for (int kij : s.kijs) out.reads.push_back(psum(kij, golden::sfp_nij(sh, o, kij)));
      blk.outputs.push_back(std::move(out));
    }
  }
  fast_block(b, FastTiming::of(sh, opt, s.flow), blk);
}

}  // namespace cosim
