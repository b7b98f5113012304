// The device under test as the driver sees it: the core's ports plus the one
// documented probe on the psum SRAM's write port (docs/ARCHITECTURE.md).
// VerilatedDut<> (verilated_dut.hpp) adapts a Verilated model to it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cosim {

/// What one clock cycle showed on the probe: the psum SRAM was written.
struct ProbeWrite {
  bool valid = false;
  uint32_t addr = 0;
};

/// Which cycles go to the waveform file.
struct TraceWindow {
  uint64_t first = 0;
  uint64_t last = UINT64_MAX;
  bool contains(uint64_t c) const { return c >= first && c <= last; }
};

class Dut {
 public:
  virtual ~Dut() = default;

  /// Inputs for the next cycle (applied while the clock is low).
  virtual void set_inputs(bool reset, uint64_t inst, uint64_t dxmem) = 0;
  /// One clock period: settle the inputs with the clock low, sample the
  /// probe (the write the coming edge performs), then the rising edge.
  /// Returns the probe sample; its data is read with probe_lanes().
  virtual ProbeWrite cycle() = 0;
  /// Lanes (columns 0..cols-1) of the last probed write, sign-extended.
  virtual void probe_lanes(std::vector<int64_t>& lanes) const = 0;
  /// Outputs after the last rising edge.
  virtual bool ofifo_valid() const = 0;
  virtual void sfp_out(std::vector<int64_t>& lanes) const = 0;

  /// Cycles run so far; cycle n starts at time n clock periods.
  virtual uint64_t cycles() const = 0;

  /// Waveforms: only models built with tracing write them.
  virtual void open_trace(const std::string& path) { (void)path; }
  virtual void set_trace_enabled(bool on) { (void)on; }
  virtual void close_trace() {}

  /// True when the model reported an error ($error, $fatal, an assertion).
  virtual bool got_error() const { return false; }
};

}  // namespace cosim
