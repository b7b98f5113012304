// A scripted Dut for the driver's tests: ofifo_valid follows a function of
// the cycle; the probe reports the pmem writes the instruction asks for,
// with zero data (test_harness.cpp, test_counters.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "driver.hpp"
#include "inst.hpp"

namespace cosim::test {

class FakeDut : public Dut {
 public:
  explicit FakeDut(std::function<bool(uint64_t)> valid) : valid_(std::move(valid)) {}
  void set_inputs(bool, uint64_t inst, uint64_t) override { inst_ = inst; }
  ProbeWrite cycle() override {
    const Inst i = Inst::decode(inst_);
    ++cycle_;
    return ProbeWrite{!i.cen_pmem && !i.wen_pmem, i.a_pmem};
  }
  void probe_lanes(std::vector<int64_t>& l) const override { l.assign(8, 0); }
  bool ofifo_valid() const override { return valid_(cycle_); }
  void sfp_out(std::vector<int64_t>& l) const override { l.assign(8, 0); }
  uint64_t cycles() const override { return cycle_; }

 private:
  std::function<bool(uint64_t)> valid_;
  uint64_t inst_ = 0;
  uint64_t cycle_ = 0;
};

}  // namespace cosim::test
