// What the flow compilers (schedule.cpp: the course flow; fast_flow.cpp;
// layer_schedule.cpp) build steps with: the Builder that appends steps (and
// scrambles the inputs the contract ignores), and the instruction words of
// SRAM accesses. Internal to the harness.
#pragma once

#include <cstdint>

#include "schedule.hpp"

namespace cosim {

/// Packs one word per row (or column) of `width` bits, element 0 in the LSBs.
uint64_t pack(const int64_t* values, int count, int width);

/// Appends steps to a schedule. With a scramble seed, every input the cycle
/// contract ignores gets a random value (splitmix64: the same seed means the
/// same inputs on every machine).
class Builder {
 public:
  Builder(Schedule& s, uint64_t scramble_seed, int dxmem_bits, bool ififo_free);
  /// The phase and kij of the steps that follow.
  void at(Phase p, int kij);
  /// One clock cycle. check_valid_nij >= 0: ofifo_valid must be high (the pop
  /// of row nij); expect_low_kij >= 0: ofifo_valid must be low (no row is
  /// due), a failure counted against that kij.
  void cycle(Inst i, uint64_t dxmem = 0, bool reset = false, int check_valid_nij = -1,
             int expect_low_kij = -1);
  void reset() { cycle(Inst{}, 0, true); }
  void idle(int n, Inst i = Inst{});
  void wait_valid(uint32_t bound, int nij) { special(Op::WaitValid, bound, nij); }
  void expect_empty(uint32_t cycles) { special(Op::ExpectEmpty, cycles, -1); }
  void sample(int o_nij) { special(Op::Sample, 0, o_nij); }

 private:
  void special(Op op, uint32_t bound, int index);
  void scramble(Inst& i, uint64_t& dxmem);

  Schedule& s_;
  bool scramble_;
  uint64_t state_;
  uint64_t dmask_;
  bool ififo_free_;
  Phase phase_ = Phase::Init;
  int8_t kij_ = -1;
};

Inst xmem_write(uint32_t addr);
Inst xmem_read(uint32_t addr);
/// The psum-SRAM write of a drained row, added to what else the cycle does.
void add_write(Inst& i, uint32_t addr);
/// A psum-SRAM read, added to what else the cycle does.
void add_read(Inst& i, uint32_t addr);
/// `count` words read from the input SRAM at base.. into L0 (or the IFIFO):
/// the push comes one cycle after each read address, so it takes count + 1
/// cycles.
void sram_to_fifo(Builder& b, uint32_t base, int count, bool ififo);
/// The weights of kij, already in the input SRAM at kWeightBase..: read
/// into L0 (or the IFIFO), loaded into the array (`cols` cycles of load),
/// then `settle` cycles with load held when `load_hold` (the course PE
/// forwards load east only once loaded).
void load_weights(Builder& b, int kij, int cols, bool ififo, bool load_hold, int settle);

}  // namespace cosim
