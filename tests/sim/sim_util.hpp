// Helpers shared by the block tests: a clocked wrapper around a Verilated
// model, bit-field access that works for every port width Verilator emits
// (CData..QData and VlWide), two's complement helpers and the test seed.
#pragma once

#include <verilated.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <type_traits>

namespace simtest {

inline uint64_t mask(int width) {
  return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
}

/// Two's complement value of the low `width` bits of v.
inline int64_t sext(uint64_t v, int width) {
  v &= mask(width);
  const uint64_t sign = uint64_t{1} << (width - 1);
  return static_cast<int64_t>(v ^ sign) - static_cast<int64_t>(sign);
}

/// v wrapped to a `width`-bit two's complement number.
inline int64_t wrap(int64_t v, int width) { return sext(static_cast<uint64_t>(v), width); }

/// Bits [lsb +: width] of a port (width <= 64).
template <class T>
uint64_t get_bits(const T& sig, int lsb, int width) {
  if constexpr (std::is_integral_v<T>) {
    return (static_cast<uint64_t>(sig) >> lsb) & mask(width);
  } else {
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) {
      const int b = lsb + i;
      const uint64_t bit = (sig[static_cast<size_t>(b / 32)] >> (b % 32)) & 1u;
      v |= bit << i;
    }
    return v;
  }
}

/// Sets bits [lsb +: width] of a port to the low bits of val.
template <class T>
void set_bits(T& sig, int lsb, int width, uint64_t val) {
  if constexpr (std::is_integral_v<T>) {
    const uint64_t m = mask(width) << lsb;
    const uint64_t cur = static_cast<uint64_t>(sig);
    sig = static_cast<T>((cur & ~m) | ((val << lsb) & m));
  } else {
    for (int i = 0; i < width; ++i) {
      const int b = lsb + i;
      auto& word = sig[static_cast<size_t>(b / 32)];
      const uint32_t bit = uint32_t{1} << (b % 32);
      word = ((val >> i) & 1u) ? (word | bit) : (word & ~bit);
    }
  }
}

/// Seed of a randomised test: $COSIM_SEED or the given default. Printed so a
/// failing run can be repeated.
inline uint32_t test_seed(const char* test, uint32_t fallback = 1) {
  uint32_t seed = fallback;
  if (const char* env = std::getenv("COSIM_SEED")) {
    seed = static_cast<uint32_t>(std::strtoul(env, nullptr, 0));
  }
  std::printf("%s: seed %u (set COSIM_SEED to change)\n", test, seed);
  return seed;
}

/// A Verilated model with its own context and a clock. A cycle is: drive the
/// inputs, settle() to see the combinational outputs of this cycle, then
/// tick() for the rising edge that ends it. Registers start random
/// (--x-initial unique + randReset(2)) so a missing reset shows up.
template <class M>
class Dut {
 public:
  explicit Dut(uint32_t seed = 1) : ctx_(std::make_unique<VerilatedContext>()) {
    ctx_->randReset(2);
    ctx_->randSeed(static_cast<int>(seed % 0x7fffffffu));
    m_ = std::make_unique<M>(ctx_.get());
  }
  ~Dut() { m_->final(); }
  Dut(const Dut&) = delete;
  Dut& operator=(const Dut&) = delete;

  M* operator->() { return m_.get(); }
  M& m() { return *m_; }
  uint64_t cycle() const { return cycle_; }

  void settle() { m_->eval(); }
  // The rising edge that ends the cycle. Model ports are references in
  // Verilator 5 (no pointer to member), so the two clock names get one
  // function each; a member of a class template is only compiled if used.
  void tick() { edge([](M& m) -> auto& { return m.clk_i; }); }  // the blocks
  void tick_clk() { edge([](M& m) -> auto& { return m.clk; }); }  // `core`

 private:
  template <class Clk>
  void edge(Clk clk) {
    if (cycle_ == 0) {  // randReset also randomises inputs: start the clock low
      clk(*m_) = 0;
      m_->eval();
    }
    clk(*m_) = 1;
    m_->eval();
    clk(*m_) = 0;
    m_->eval();
    ++cycle_;
  }

  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<M> m_;
  uint64_t cycle_ = 0;
};

}  // namespace simtest
