#include "driver.hpp"

#include <fmt/format.h>

#include <chrono>

#include "interrupt.hpp"

namespace cosim {

namespace {

class Player {
 public:
  Player(Dut& dut, const Schedule& s, const DriveOptions& opt, RunLog& log)
      : dut_(dut), opt_(opt), log_(log), idle_(Inst{}.encode()) {
    limit_ = opt.max_cycles > 0 ? opt.max_cycles : s.max_cycles();
  }

  // Runs one step; false when the run must stop (hang or model error).
  bool play(const Step& st) {
    step_ = &st;
    switch (st.op) {
      case Op::Cycle:
        if (st.check_valid && !dut_.ofifo_valid()) {
          log_.events.push_back({dut_.cycles(), st.phase, st.kij,
                                 fmt::format("row nij {} was popped while ofifo_valid was low "
                                             "(the row was not complete: stream_latency too "
                                             "short, or valid wrong)", st.index)});
        }
        return clock(st.reset, st.inst, st.dxmem);
      case Op::WaitValid: {
        for (uint32_t waited = 0; !dut_.ofifo_valid(); ++waited) {
          if (waited >= st.bound) {
            hang(fmt::format("ofifo_valid stayed low for {} cycles waiting for row nij {}{}",
                             st.bound, st.index,
                             st.index > 0 ? fmt::format(" (rows 0..{} came: an L0 or output FIFO "
                                                        "{} deep would drop the rest, try --stream; "
                                                        "an ofifo_valid that is not a level, try "
                                                        "--valid ignore; cosim calibrate tries both)",
                                                        st.index - 1, st.index)
                                          : ""));
            return false;
          }
          if (!clock(false, idle_, 0)) return false;
        }
        return true;
      }
      case Op::ExpectEmpty:
        for (uint32_t k = 0; k < st.bound; ++k) {
          if (dut_.ofifo_valid()) {
            log_.events.push_back({dut_.cycles(), st.phase, st.kij,
                                   "ofifo_valid is high after every row of the kij was "
                                   "popped: the output FIFO holds extra rows"});
            break;
          }
          if (!clock(false, idle_, 0)) return false;
        }
        return true;
      case Op::Sample: {
        OutSample o;
        o.cycle = dut_.cycles();
        o.o_nij = st.index;
        dut_.sfp_out(o.lanes);
        log_.samples.push_back(std::move(o));
        return true;
      }
    }
    return true;
  }

 private:
  bool clock(bool reset, uint64_t inst, uint64_t dxmem) {
    if (const int sig = interrupted()) {
      log_.interrupted = Hang{dut_.cycles(), step_->phase, step_->kij,
                              fmt::format("interrupted ({})", signal_name(sig))};
      return false;
    }
    if (dut_.cycles() >= limit_) {
      hang(fmt::format("the cycle watchdog fired after {} cycles", limit_));
      return false;
    }
    trace_gate();
    dut_.set_inputs(reset, inst, dxmem);
    const ProbeWrite w = dut_.cycle();
    if (w.valid) {
      PsumWrite pw;
      pw.cycle = dut_.cycles() - 1;
      pw.addr = w.addr;
      pw.phase = step_->phase;
      pw.kij = step_->kij;
      dut_.probe_lanes(pw.lanes);
      log_.writes.push_back(std::move(pw));
    }
    if (dut_.got_error()) {
      log_.model_error = Hang{dut_.cycles() - 1, step_->phase, step_->kij,
                              "the model reported an error ($error, $fatal or an assertion)"};
      return false;
    }
    return true;
  }

  void trace_gate() {
    bool on = true;
    if (opt_.trace_kij) on = on && step_->kij == *opt_.trace_kij;
    if (opt_.trace_cycles) on = on && opt_.trace_cycles->contains(dut_.cycles());
    dut_.set_trace_enabled(on);
  }

  void hang(std::string what) {
    log_.hang = Hang{dut_.cycles(), step_->phase, step_->kij, std::move(what)};
  }

  Dut& dut_;
  const DriveOptions& opt_;
  RunLog& log_;
  uint64_t idle_;
  uint64_t limit_ = 0;
  const Step* step_ = nullptr;
};

}  // namespace

RunLog drive(Dut& dut, const Schedule& s, const DriveOptions& opt) {
  RunLog log;
  Player p(dut, s, opt, log);
  const auto t0 = std::chrono::steady_clock::now();
  for (const Step& st : s.steps) {
    if (!p.play(st)) break;
  }
  log.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log.cycles = dut.cycles();
  return log;
}

}  // namespace cosim
