#include "schedule.hpp"

#include <fmt/format.h>

#include <ostream>
#include <stdexcept>

#include "fast_flow.hpp"
#include "schedule_build.hpp"

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

// Cycles of a kij that overlap (a streamed kij, an open-loop drain): built
// as a timeline whose slots several activities fill, then emitted.
struct Slot {
  Inst inst;
  int check_valid_nij = -1;
};

class Timeline {
 public:
  Inst& at(int t) { return slot(t).inst; }
  void check_valid(int t, int nij) { slot(t).check_valid_nij = nij; }
  // One step a slot; the phase of a slot is its latest activity.
  void emit(Builder& b, int kij) {
    for (const Slot& s : slots_) {
      const Inst& i = s.inst;
      const bool drain = i.ofifo_rd || (!i.cen_pmem && !i.wen_pmem);
      b.at(drain ? Phase::Drain : i.execute ? Phase::Execute : Phase::ActToL0, kij);
      b.cycle(i, 0, false, s.check_valid_nij);
    }
  }

 private:
  Slot& slot(int t) {
    if (static_cast<size_t>(t) >= slots_.size()) slots_.resize(static_cast<size_t>(t) + 1);
    return slots_[static_cast<size_t>(t)];
  }
  std::vector<Slot> slots_;
};

// What every part of the flow compiler needs to know.
struct Ctx {
  const golden::Shape& sh;
  const ScheduleOptions& opt;
  const Flow& f;          // resolved (no automatic values left)
  uint32_t bound;         // per-wait bound
  int settle;

  uint32_t psum_addr(int kij, int nij) const {
    return static_cast<uint32_t>(kij * f.psum_stride + nij);
  }
  Inst execute() const {
    Inst i;
    i.execute = true;
    i.l0_rd = true;
    return i;
  }
};

void weights_phase(Builder& b, const Ctx& c, const golden::VectorSet& v, int kij) {
  const golden::Shape& sh = c.sh;
  const bool ififo = c.f.weights == WeightPath::Ififo;
  b.at(Phase::WriteWeights, kij);
  for (int col = 0; col < sh.cols; ++col) {
    const int64_t* w = &v.tile.wgt[static_cast<size_t>((kij * sh.cols + col) * sh.rows)];
    b.cycle(xmem_write(kWeightBase + static_cast<uint32_t>(col)), pack(w, sh.rows, sh.wgt_w));
  }
  load_weights(b, kij, sh.cols, ififo, c.f.load_hold, c.settle);
}

// The drain of a kij whose vectors all executed: drain_delay idle cycles,
// then pops back to back, each row's write pop_to_write cycles after its
// pop. Level: a bounded wait for ofifo_valid before each pop, then the FIFO
// must stay empty. Ignore: open loop, valid never looked at.
void drain_batch(Builder& b, const Ctx& c, int kij) {
  const int n = c.sh.n_nij();
  const int lag = c.f.pop_to_write;
  b.at(Phase::Drain, kij);
  b.idle(c.f.drain_delay);
  for (int t = 0; t < n + lag; ++t) {
    Inst i;
    if (t < n) {
      if (c.f.valid == ValidUse::Level) b.wait_valid(c.bound, t);
      i.ofifo_rd = true;
    }
    if (t >= lag) add_write(i, c.psum_addr(kij, t - lag));
    b.cycle(i);
  }
  if (c.f.valid == ValidUse::Level) {
    b.at(Phase::Drained, kij);
    b.expect_empty(static_cast<uint32_t>(c.sh.rows + c.sh.cols));
  }
}

// One vector at a time: execute it, wait for its row, pop it and write it
// (pop_to_write cycles later) before the next, so the output FIFO is read
// while its columns are still filling.
void drain_each(Builder& b, const Ctx& c, int kij) {
  for (int nij = 0; nij < c.sh.n_nij(); ++nij) {
    b.at(Phase::Execute, kij);
    b.cycle(c.execute());
    b.at(Phase::Drain, kij);
    b.wait_valid(c.bound, nij);
    Inst pop;
    pop.ofifo_rd = true;
    if (c.f.pop_to_write == 0) add_write(pop, c.psum_addr(kij, nij));
    b.cycle(pop);
    for (int k = 1; k <= c.f.pop_to_write; ++k) {
      Inst w;
      if (k == c.f.pop_to_write) add_write(w, c.psum_addr(kij, nij));
      b.cycle(w);
    }
  }
  b.at(Phase::Drained, kij);
  b.expect_empty(static_cast<uint32_t>(c.sh.rows + c.sh.cols));
}

// A streamed kij: vector i is read from the input SRAM in cycle i, pushed
// into L0 in i+1, executed in i+2, its row popped stream_latency cycles
// later (ofifo_valid checked there, unless ignored) and written
// pop_to_write cycles after that: L0 and the output FIFO hold a few
// entries at a time.
void stream_kij(Builder& b, const Ctx& c, int kij) {
  const int n = c.sh.n_nij();
  const int lead = 2;
  Timeline tl;
  for (int i = 0; i < n; ++i) {
    Inst& rd = tl.at(i);
    rd.cen_xmem = false;
    rd.a_xmem = static_cast<uint32_t>(i);
    tl.at(i + 1).l0_wr = true;
    tl.at(i + lead).execute = true;
    tl.at(i + lead).l0_rd = true;
    const int pop = i + lead + c.f.stream_latency;
    tl.at(pop).ofifo_rd = true;
    if (c.f.valid == ValidUse::Level) tl.check_valid(pop, i);
    add_write(tl.at(pop + c.f.pop_to_write), c.psum_addr(kij, i));
  }
  tl.emit(b, kij);
  if (c.f.valid == ValidUse::Level) {
    b.at(Phase::Drained, kij);
    b.expect_empty(static_cast<uint32_t>(c.sh.rows + c.sh.cols));
  }
}

// Output o_nij: reset the SFP, read the 9 psums with acc high the cycle
// after each read, then give the core's ReLU its due and sample sfp_out.
void output_phase(Builder& b, const Ctx& c, int o) {
  const golden::Shape& sh = c.sh;
  b.reset();
  for (int k = 0; k <= sh.n_kij(); ++k) {
    Inst i;
    if (k < sh.n_kij()) {
      i.cen_pmem = false;
      i.a_pmem = c.psum_addr(k, golden::sfp_nij(sh, o, k));
    }
    i.acc = k > 0;  // the read data arrives one cycle after its address
    b.cycle(i);
  }
  if (c.f.sample == SampleAt::AfterAcc) {
    Inst relu;
    relu.relu = c.f.relu == ReluMode::Pulse || c.f.relu == ReluMode::Hold;
    if (relu.relu) b.cycle(relu);
    relu.relu = c.f.relu == ReluMode::Hold;  // held through the sample
    b.idle(c.opt.sfp_latency, relu);
  }
  b.sample(o);
}

}  // namespace

Flow resolve_common(const golden::Shape& sh, const ScheduleOptions& opt) {
  Flow f = opt.flow;
  const bool fast = f.kind == FlowKind::Fast;
  if (f.drain_delay < 0 && !fast) {
    f.drain_delay = f.valid == ValidUse::Ignore ? 2 * (sh.rows + sh.cols) : 0;
  }
  if (f.stream_latency < 0) f.stream_latency = sh.rows + sh.cols;
  if ((f.relu == ReluMode::Pulse || f.relu == ReluMode::Hold) && opt.format != InstFormat::Relu35) {
    throw std::invalid_argument(fmt::format("relu {} needs a 35-bit instruction (inst[34])", name(f.relu)));
  }
  if (opt.drain_each && fast) {
    throw std::invalid_argument("--drain-each is a variant of the course flow; --flow fast pops "
                                "each row stream_latency cycles after its execute");
  }
  if (opt.drain_each && (f.stream || f.valid == ValidUse::Ignore)) {
    throw std::invalid_argument("--drain-each waits for ofifo_valid after every vector: it needs "
                                "valid level and no stream");
  }
  return f;
}

Flow resolve_flow(const golden::Shape& sh, const ScheduleOptions& opt) {
  Flow f = resolve_common(sh, opt);
  if (f.psum_stride < 0) f.psum_stride = sh.n_nij();
  if (f.psum_stride < sh.n_nij()) {
    throw std::invalid_argument(fmt::format("psum_stride {} is less than the {} positions of a kij",
                                            f.psum_stride, sh.n_nij()));
  }
  if (sh.n_kij() * f.psum_stride > static_cast<int>(kAddrMask) + 1) {
    throw std::invalid_argument(fmt::format(
        "{} kij x psum_stride {} = {} psum rows do not fit the 2048-word psum SRAM", sh.n_kij(),
        f.psum_stride, sh.n_kij() * f.psum_stride));
  }
  return f;
}

bool Schedule::is_due(int kij, int nij) const {
  if (due.empty()) return true;
  return due[static_cast<size_t>(kij * shape.n_nij() + nij)];
}

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
  if (sh.n_nij() > static_cast<int>(kWeightBase)) {
    throw std::invalid_argument(fmt::format(
        "{} positions do not fit below the weights at input-SRAM address {}", sh.n_nij(),
        kWeightBase));
  }

  Schedule s;
  s.shape = sh;
  s.format = opt.format;
  s.flow = resolve_flow(sh, opt);
  s.psum_stride = s.flow.psum_stride;
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
  if (s.flow.kind == FlowKind::Fast) {
    compile_fast_set(s, v, opt);
    return s;
  }

  // Generous: the first row needs rows + cols cycles to cross the array;
  // anything beyond 4x that plus slack is a hang, not a slow design.
  const Ctx c{sh, opt, s.flow,
              opt.wait_bound > 0 ? opt.wait_bound : static_cast<uint32_t>(4 * (sh.rows + sh.cols) + 64),
              opt.settle_cycles >= 0 ? opt.settle_cycles : sh.rows + sh.cols};

  Builder b(s, opt.scramble_seed, sh.rows * sh.act_w, s.flow.weights != WeightPath::Ififo);
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
    weights_phase(b, c, v, kij);
    if (s.flow.stream) {
      stream_kij(b, c, kij);
      continue;
    }
    b.at(Phase::ActToL0, kij);
    sram_to_fifo(b, 0, sh.n_nij(), false);
    if (opt.drain_each) {
      drain_each(b, c, kij);
      continue;
    }
    b.at(Phase::Execute, kij);
    b.idle(sh.n_nij(), c.execute());
    drain_batch(b, c, kij);
  }

  if (s.outputs) {
    b.at(Phase::Output, -1);
    for (int o = 0; o < sh.n_onij(); ++o) output_phase(b, c, o);
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
  os << fmt::format("# flow {}\n", describe(s.flow));
  os << "# C phase kij reset inst dxmem [valid nij | low kij] | W phase kij bound nij | E phase kij "
        "cycles | S o_nij\n";
  for (const Step& st : s.steps) {
    switch (st.op) {
      case Op::Cycle:
        os << fmt::format("C {} {} {} {:09x} {:x}{}  # {}\n", phase_name(st.phase), st.kij,
                          st.reset ? 1 : 0, st.inst, st.dxmem,
                          st.check_valid ? fmt::format(" valid {}", st.index)
                          : st.expect_low ? fmt::format(" low {}", st.index)
                                          : "",
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
