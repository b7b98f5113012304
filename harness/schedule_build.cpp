#include "schedule_build.hpp"

namespace cosim {

namespace {

uint64_t next_random(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

uint64_t pack(const int64_t* values, int count, int width) {
  const uint64_t mask = (width >= 64) ? ~0ULL : ((1ULL << width) - 1);
  uint64_t w = 0;
  for (int i = 0; i < count; ++i) {
    w |= (static_cast<uint64_t>(values[i]) & mask) << (i * width);
  }
  return w;
}

Builder::Builder(Schedule& s, uint64_t scramble_seed, int dxmem_bits, bool ififo_free)
    : s_(s), scramble_(scramble_seed != 0), state_(scramble_seed),
      dmask_(dxmem_bits >= 64 ? ~0ULL : ((1ULL << dxmem_bits) - 1)), ififo_free_(ififo_free) {}

void Builder::at(Phase p, int kij) {
  phase_ = p;
  kij_ = static_cast<int8_t>(kij);
}

void Builder::cycle(Inst i, uint64_t dxmem, bool reset, int check_valid_nij, int expect_low_kij) {
  if (scramble_) scramble(i, dxmem);
  Step st;
  st.op = Op::Cycle;
  st.phase = phase_;
  st.kij = kij_;
  st.reset = reset;
  st.inst = i.encode();
  st.dxmem = dxmem;
  if (check_valid_nij >= 0) {
    st.check_valid = true;
    st.index = check_valid_nij;
  } else if (expect_low_kij >= 0) {
    st.expect_low = true;
    st.index = expect_low_kij;
  }
  s_.steps.push_back(st);
}

void Builder::idle(int n, Inst i) {
  for (int k = 0; k < n; ++k) cycle(i);
}

void Builder::special(Op op, uint32_t bound, int index) {
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
void Builder::scramble(Inst& i, uint64_t& dxmem) {
  const uint64_t r = next_random(state_);
  if (i.cen_xmem) {
    i.wen_xmem = (r & 1U) != 0;
    i.a_xmem = static_cast<uint32_t>(r >> 1) & kAddrMask;
  }
  if (i.cen_pmem) {
    i.wen_pmem = ((r >> 12) & 1U) != 0;
    i.a_pmem = static_cast<uint32_t>(r >> 13) & kAddrMask;
  }
  if (ififo_free_) {
    i.ififo_wr = ((r >> 24) & 1U) != 0;
    i.ififo_rd = ((r >> 25) & 1U) != 0;
  }
  if (i.cen_xmem || i.wen_xmem) dxmem = next_random(state_) & dmask_;
}

Inst xmem_write(uint32_t addr) {
  Inst i;
  i.cen_xmem = false;
  i.wen_xmem = false;
  i.a_xmem = addr;
  return i;
}

Inst xmem_read(uint32_t addr) {
  Inst i;
  i.cen_xmem = false;
  i.a_xmem = addr;
  return i;
}

void add_write(Inst& i, uint32_t addr) {
  i.cen_pmem = false;
  i.wen_pmem = false;
  i.a_pmem = addr;
}

void add_read(Inst& i, uint32_t addr) {
  i.cen_pmem = false;
  i.a_pmem = addr;
}

void load_weights(Builder& b, int kij, int cols, bool ififo, bool load_hold, int settle) {
  b.at(Phase::WeightsToL0, kij);
  sram_to_fifo(b, kWeightBase, cols, ififo);
  b.at(Phase::Load, kij);
  Inst load;
  load.load = true;
  (ififo ? load.ififo_rd : load.l0_rd) = true;
  b.idle(cols, load);
  b.at(Phase::Settle, kij);
  Inst hold;
  hold.load = load_hold;
  b.idle(settle, hold);
}

void sram_to_fifo(Builder& b, uint32_t base, int count, bool ififo) {
  for (int t = 0; t <= count; ++t) {
    Inst i = t < count ? xmem_read(base + static_cast<uint32_t>(t)) : Inst{};
    (ififo ? i.ififo_wr : i.l0_wr) = t > 0;
    b.cycle(i);
  }
}

}  // namespace cosim
