// VerilatedDut<VTop, TraceT>: a Dut over a Verilated `cosim_top` (the core
// plus its probe wrapper). Port widths differ with the array size (CData up
// to VlWide<N>), so the ports are read and written through width-generic
// helpers. TraceT is void (no tracing), VerilatedVcdC or VerilatedFstC.
#pragma once

#include <verilated.h>

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "dut.hpp"

namespace cosim {

namespace port {

template <class T>
void set(T& p, uint64_t v) {
  p = static_cast<T>(v);
}
template <std::size_t N>
void set(VlWide<N>& p, uint64_t v) {
  for (std::size_t i = 0; i < N; ++i) p[i] = 0;
  p[0] = static_cast<EData>(v);
  if constexpr (N > 1) p[1] = static_cast<EData>(v >> 32);
}

// `width` bits (<= 64) of a port starting at bit `lsb`.
template <class T>
uint64_t get(const T& p, int lsb, int width) {
  const uint64_t v = static_cast<uint64_t>(p) >> lsb;
  return width >= 64 ? v : (v & ((1ULL << width) - 1));
}
template <std::size_t N>
uint64_t get(const VlWide<N>& p, int lsb, int width) {
  std::size_t word = static_cast<std::size_t>(lsb / 32);
  const int offset = lsb % 32;
  uint64_t v = static_cast<uint64_t>(p[word]) >> offset;
  // Gather the following words until `width` bits are in (width <= 64).
  for (int have = 32 - offset; have < width && ++word < N; have += 32) {
    v |= static_cast<uint64_t>(p[word]) << have;
  }
  return width >= 64 ? v : (v & ((1ULL << width) - 1));
}

inline int64_t sign_extend(uint64_t v, int width) {
  if (width >= 64) return static_cast<int64_t>(v);
  const uint64_t sign = 1ULL << (width - 1);
  return static_cast<int64_t>((v ^ sign) - sign);
}

template <class T>
void lanes(const T& p, int count, int width, std::vector<int64_t>& out) {
  out.resize(static_cast<std::size_t>(count));
  for (int c = 0; c < count; ++c) {
    out[static_cast<std::size_t>(c)] = sign_extend(get(p, c * width, width), width);
  }
}

}  // namespace port

template <class VTop, class TraceT = void>
class VerilatedDut final : public Dut {
 public:
  /// lanes/lane_width: the sfp_out and probe layout (cols x psum_w).
  /// args: Verilator plusargs, applied before the model is built (X
  /// randomisation happens in its constructor).
  VerilatedDut(int lanes, int lane_width, bool probe, const std::vector<std::string>& args)
      : lanes_(lanes), width_(lane_width), probe_(probe) {
    ctx_ = std::make_unique<VerilatedContext>();
    ctx_->fatalOnError(false);
    ctx_->fatalOnVpiError(false);
    if constexpr (!std::is_void_v<TraceT>) ctx_->traceEverOn(true);
    std::vector<const char*> argv{"cosim"};
    for (const auto& a : args) argv.push_back(a.c_str());
    ctx_->commandArgs(static_cast<int>(argv.size()), argv.data());
    top_ = std::make_unique<VTop>(ctx_.get(), "TOP");
    top_->clk = 0;
    top_->reset = 0;
    top_->eval();
  }
  ~VerilatedDut() override {
    close_trace();
    top_->final();
  }

  void set_inputs(bool reset, uint64_t inst, uint64_t dxmem) override {
    top_->reset = reset;
    port::set(top_->inst, inst);
    port::set(top_->D_xmem, dxmem);
  }

  ProbeWrite cycle() override {
    const uint64_t t = cycle_ * 10;  // 1 ns clock period, 100 ps resolution
    top_->clk = 0;
    top_->eval();
    dump(t);
    ProbeWrite w;
    if (probe_ && top_->probe_psum_we) {
      w.valid = true;
      w.addr = static_cast<uint32_t>(top_->probe_psum_addr);
    }
    if (w.valid) port::lanes(top_->probe_psum_data, lanes_, width_, probe_data_);
    top_->clk = 1;
    top_->eval();
    dump(t + 5);
    ++cycle_;
    ctx_->time(static_cast<uint64_t>(cycle_ * 10));
    return w;
  }

  void probe_lanes(std::vector<int64_t>& out) const override { out = probe_data_; }
  bool ofifo_valid() const override { return top_->ofifo_valid != 0; }
  void sfp_out(std::vector<int64_t>& out) const override {
    port::lanes(top_->sfp_out, lanes_, width_, out);
  }
  uint64_t cycles() const override { return cycle_; }
  bool got_error() const override { return ctx_->gotError(); }

  void open_trace(const std::string& path) override {
    if constexpr (!std::is_void_v<TraceT>) {
      trace_ = std::make_unique<TraceT>();
      top_->trace(trace_.get(), 99);
      trace_->set_time_unit("1ns");
      trace_->set_time_resolution("100ps");
      trace_->open(path.c_str());
    } else {
      (void)path;
    }
  }
  void set_trace_enabled(bool on) override { trace_on_ = on; }
  void close_trace() override {
    if constexpr (!std::is_void_v<TraceT>) {
      if (trace_) {
        trace_->close();
        trace_.reset();
      }
    }
  }

 private:
  void dump(uint64_t t) {
    if constexpr (!std::is_void_v<TraceT>) {
      if (trace_ && trace_on_) trace_->dump(t);
    } else {
      (void)t;
    }
  }

  int lanes_;
  int width_;
  bool probe_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<VTop> top_;
  std::conditional_t<std::is_void_v<TraceT>, std::unique_ptr<int>, std::unique_ptr<TraceT>> trace_;
  bool trace_on_ = true;
  uint64_t cycle_ = 0;
  std::vector<int64_t> probe_data_;
};

}  // namespace cosim
