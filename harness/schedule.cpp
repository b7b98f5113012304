#include "schedule.hpp"

#include <fmt/format.h>

#include <ostream>
#include <stdexcept>

namespace cosim {

const char* phase_name(Phase p) {
  switch (p) {
    case Phase::Init: return "init";
    case Phase::KijReset: return "kij-reset";
    case Phase::WriteWeights: return "write-weights";
    case Phase::WeightsToL0: return "weights-to-l0";
    case Phase::Load: return "load";
    case Phase::Settle: return "settle";
    case Phase::ActToL0: return "act-to-l0";
    case Phase::Execute: return "execute";
    case Phase::Drain: return "drain";
    case Phase::Drained: return "drained";
    case Phase::Output: return "output";
  }
  return "?";
}

namespace {

// Packs one word per row (or column) of `width` bits, element 0 in the LSBs.
uint64_t pack(const int64_t* values, int count, int width) {
  const uint64_t mask = (width >= 64) ? ~0ULL : ((1ULL << width) - 1);
  uint64_t w = 0;
  for (int i = 0; i < count; ++i) {
    w |= (static_cast<uint64_t>(values[i]) & mask) << (i * width);
  }
  return w;
}

// splitmix64: a small, fixed generator, so a scramble seed means the same
// inputs on every machine.
uint64_t next_random(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Builder {
 public:
  Builder(Schedule& s, uint64_t scramble_seed, int dxmem_bits)
      : s_(s), scramble_(scramble_seed != 0), state_(scramble_seed),
        dmask_(dxmem_bits >= 64 ? ~0ULL : ((1ULL << dxmem_bits) - 1)) {}
  void at(Phase p, int kij) {
    phase_ = p;
    kij_ = static_cast<int8_t>(kij);
  }
  void cycle(Inst i, uint64_t dxmem = 0, bool reset = false) {
    if (scramble_) scramble(i, dxmem);
    Step st;
    st.op = Op::Cycle;
    st.phase = phase_;
    st.kij = kij_;
    st.reset = reset;
    st.inst = i.encode();
    st.dxmem = dxmem;
    s_.steps.push_back(st);
  }
  void reset() { cycle(Inst{}, 0, true); }
  void idle(int n) {
    for (int k = 0; k < n; ++k) cycle(Inst{});
  }
  void wait_valid(uint32_t bound, int nij) { special(Op::WaitValid, bound, nij); }
  void expect_empty(uint32_t cycles) { special(Op::ExpectEmpty, cycles, -1); }
  void sample(int o_nij) { special(Op::Sample, 0, o_nij); }

 private:
  void special(Op op, uint32_t bound, int index) {
    Step st;
    st.op = op;
    st.phase = phase_;
    st.kij = kij_;
    st.inst = Inst{}.encode();
    st.bound = bound;
    st.index = index;
    s_.steps.push_back(st);
  }
  // Random values on the inputs the cycle contract says are ignored.
  void scramble(Inst& i, uint64_t& dxmem) {
    const uint64_t r = next_random(state_);
    if (i.cen_xmem) {
      i.wen_xmem = (r & 1U) != 0;
      i.a_xmem = static_cast<uint32_t>(r >> 1) & kAddrMask;
    }
    if (i.cen_pmem) {
      i.wen_pmem = ((r >> 12) & 1U) != 0;
      i.a_pmem = static_cast<uint32_t>(r >> 13) & kAddrMask;
    }
    i.ififo_wr = ((r >> 24) & 1U) != 0;
    i.ififo_rd = ((r >> 25) & 1U) != 0;
    if (i.cen_xmem || i.wen_xmem) dxmem = next_random(state_) & dmask_;
  }

  Schedule& s_;
  bool scramble_;
  uint64_t state_;
  uint64_t dmask_;
  Phase phase_ = Phase::Init;
  int8_t kij_ = -1;
};

Inst xmem_write(uint32_t addr) {
  Inst i;
  i.cen_xmem = false;
  i.wen_xmem = false;
  i.a_xmem = addr;
  return i;
}

// `count` words read from the input SRAM at base.. into L0: the push comes one
// cycle after each read address, so the flow takes count + 1 cycles.
void sram_to_l0(Builder& b, uint32_t base, int count) {
  for (int t = 0; t <= count; ++t) {
    Inst i;
    if (t < count) {
      i.cen_xmem = false;
      i.a_xmem = base + static_cast<uint32_t>(t);
    }
    i.l0_wr = t > 0;
    b.cycle(i);
  }
}

}  // namespace

uint64_t Schedule::nominal_cycles() const {
  uint64_t n = 0;
  for (const Step& st : steps) {
    if (st.op == Op::Cycle) ++n;
    if (st.op == Op::ExpectEmpty) n += st.bound;
  }
  return n;
}

uint64_t Schedule::max_cycles() const {
  uint64_t n = nominal_cycles();
  for (const Step& st : steps) {
    if (st.op == Op::WaitValid) n += st.bound;
  }
  return n;
}

Schedule compile_schedule(const golden::VectorSet& v, const ScheduleOptions& opt) {
  const golden::Shape& sh = v.shape();
  sh.validate();
  if (sh.rows * sh.act_w > 64 || sh.rows * sh.wgt_w > 64) {
    throw std::invalid_argument("D_xmem wider than 64 bits is not supported");
  }
  if (sh.n_kij() * sh.n_nij() > static_cast<int>(kAddrMask) + 1 ||
      sh.n_nij() > static_cast<int>(kWeightBase)) {
    throw std::invalid_argument("the layer does not fit the 2048-word SRAMs");
  }

  Schedule s;
  s.shape = sh;
  s.format = opt.format;
  if (opt.kijs.empty()) {
    for (int k = 0; k < sh.n_kij(); ++k) s.kijs.push_back(k);
  } else {
    for (int k : opt.kijs) {
      if (k < 0 || k >= sh.n_kij()) {
        throw std::invalid_argument(
            fmt::format("kij {} is out of range 0..{}", k, sh.n_kij() - 1));
      }
      s.kijs.push_back(k);
    }
  }
  s.outputs = opt.outputs && static_cast<int>(s.kijs.size()) == sh.n_kij();

  const int settle = opt.settle_cycles >= 0 ? opt.settle_cycles : sh.rows + sh.cols;
  // Generous: the first row needs rows + cols cycles to cross the array;
  // anything beyond 4x that plus slack is a hang, not a slow design.
  const uint32_t bound =
      opt.wait_bound > 0 ? opt.wait_bound : static_cast<uint32_t>(4 * (sh.rows + sh.cols) + 64);

  Builder b(s, opt.scramble_seed, sh.rows * sh.act_w);
  b.at(Phase::Init, -1);
  b.reset();
  for (int nij = 0; nij < sh.n_nij(); ++nij) {
    b.cycle(xmem_write(static_cast<uint32_t>(nij)), pack(&v.tile.act[static_cast<size_t>(nij * sh.rows)], sh.rows, sh.act_w));
  }

  for (int kij : s.kijs) {
    if (opt.kij_reset) {
      b.at(Phase::KijReset, kij);
      b.reset();
    }
    b.at(Phase::WriteWeights, kij);
    for (int c = 0; c < sh.cols; ++c) {
      const int64_t* w = &v.tile.wgt[static_cast<size_t>((kij * sh.cols + c) * sh.rows)];
      b.cycle(xmem_write(kWeightBase + static_cast<uint32_t>(c)), pack(w, sh.rows, sh.wgt_w));
    }
    b.at(Phase::WeightsToL0, kij);
    sram_to_l0(b, kWeightBase, sh.cols);
    b.at(Phase::Load, kij);
    for (int c = 0; c < sh.cols; ++c) {
      Inst i;
      i.load = true;
      i.l0_rd = true;
      b.cycle(i);
    }
    b.at(Phase::Settle, kij);
    b.idle(settle);
    b.at(Phase::ActToL0, kij);
    sram_to_l0(b, 0, sh.n_nij());
    auto execute = [&b, kij] {
      b.at(Phase::Execute, kij);
      Inst i;
      i.execute = true;
      i.l0_rd = true;
      b.cycle(i);
    };
    auto drain = [&b, &sh, kij, bound](int nij) {
      b.at(Phase::Drain, kij);
      b.wait_valid(bound, nij);
      Inst i;
      i.ofifo_rd = true;
      i.cen_pmem = false;
      i.wen_pmem = false;
      i.a_pmem = static_cast<uint32_t>(kij * sh.n_nij() + nij);
      b.cycle(i);
    };
    if (opt.drain_each) {
      for (int nij = 0; nij < sh.n_nij(); ++nij) {
        execute();
        drain(nij);
      }
    } else {
      for (int nij = 0; nij < sh.n_nij(); ++nij) execute();
      for (int nij = 0; nij < sh.n_nij(); ++nij) drain(nij);
    }
    b.at(Phase::Drained, kij);
    b.expect_empty(static_cast<uint32_t>(sh.rows + sh.cols));
  }

  if (s.outputs) {
    b.at(Phase::Output, -1);
    for (int o = 0; o < sh.n_onij(); ++o) {
      b.reset();
      for (int k = 0; k <= sh.n_kij(); ++k) {
        Inst i;
        if (k < sh.n_kij()) {
          i.cen_pmem = false;
          i.a_pmem = static_cast<uint32_t>(k * sh.n_nij() + golden::sfp_nij(sh, o, k));
        }
        i.acc = k > 0;  // the read data arrives one cycle after its address
        b.cycle(i);
      }
      if (opt.format == InstFormat::Relu35) {
        Inst i;
        i.relu = true;
        b.cycle(i);
      }
      b.idle(opt.sfp_latency);
      b.sample(o);
    }
  }
  return s;
}

void write_schedule(std::ostream& os, const Schedule& s) {
  const golden::Shape& sh = s.shape;
  os << "# cosim schedule v1\n";
  os << fmt::format("# shape rows={} cols={} act_w={} wgt_w={} psum_w={} nij={} onij={} kij={}\n",
                    sh.rows, sh.cols, sh.act_w, sh.wgt_w, sh.psum_w, sh.n_nij(), sh.n_onij(),
                    sh.n_kij());
  os << fmt::format("# inst_width={} steps={} nominal_cycles={} max_cycles={}\n",
                    inst_width(s.format), s.steps.size(), s.nominal_cycles(), s.max_cycles());
  os << "# C phase kij reset inst dxmem | W phase kij bound nij | E phase kij cycles | S o_nij\n";
  for (const Step& st : s.steps) {
    switch (st.op) {
      case Op::Cycle:
        os << fmt::format("C {} {} {} {:09x} {:x}  # {}\n", phase_name(st.phase), st.kij,
                          st.reset ? 1 : 0, st.inst, st.dxmem,
                          st.reset ? std::string("reset") : Inst::decode(st.inst).describe());
        break;
      case Op::WaitValid:
        os << fmt::format("W {} {} {} {}\n", phase_name(st.phase), st.kij, st.bound, st.index);
        break;
      case Op::ExpectEmpty:
        os << fmt::format("E {} {} {}\n", phase_name(st.phase), st.kij, st.bound);
        break;
      case Op::Sample:
        os << fmt::format("S {}\n", st.index);
        break;
    }
  }
}

}  // namespace cosim
