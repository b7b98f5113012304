#include "driver.hpp"

#include <fmt/format.h>

#include <chrono>

#include "inst.hpp"
#include "interrupt.hpp"

namespace cosim {

class Session::Player {
 public:
  Player(Dut& dut, const DriveOptions& opt, RunLog& log, uint64_t limit)
      : dut_(dut), opt_(opt), log_(log), idle_(Inst{}.encode()),
        limit_(opt.max_cycles > 0 ? opt.max_cycles : limit) {}

  void extend(uint64_t cycles) {
    if (opt_.max_cycles == 0) limit_ += cycles;
  }
  uint64_t cycles() const { return dut_.cycles(); }

  // Runs one step; false when the run must stop (hang or model error).
  bool play(const Step& st) {
    step_ = &st;
    if (log_.phases.empty() || log_.phases.back().phase != st.phase || log_.phases.back().kij != st.kij) {
      log_.phases.push_back({dut_.cycles(), st.phase, st.kij});
    }
    switch (st.op) {
      case Op::Cycle:
        check_valid(st);
        return clock(st.reset, st.inst, st.dxmem);
      case Op::WaitValid:
        return wait_valid(st);
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
  // What a cycle asks of ofifo_valid before it is clocked: high at a
  // streamed pop; low where the fast flow has no row due (one event per run
  // of such cycles, so a valid stuck high is one failure per gap).
  void check_valid(const Step& st) {
    if (st.check_valid && !dut_.ofifo_valid()) {
      log_.events.push_back({dut_.cycles(), st.phase, st.kij,
                             fmt::format("row nij {} was popped while ofifo_valid was low "
                                         "(the row was not complete: stream_latency too "
                                         "short, or valid wrong)", st.index)});
    }
    if (!st.expect_low) {
      low_reported_ = false;
      return;
    }
    if (dut_.ofifo_valid() && !low_reported_) {
      low_reported_ = true;
      log_.events.push_back({dut_.cycles(), st.phase, st.index,
                             "ofifo_valid is high in a cycle where no row is due (the fast flow "
                             "pops each row when it completes, stream_latency cycles after its "
                             "execute): a row came early (a core faster than that: give its "
                             "latency, --stream-latency N, which cosim calibrate --stream "
                             "finds), the output FIFO holds an extra row, or valid is not a "
                             "level"});
    }
  }

  bool wait_valid(const Step& st) {
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
      ++log_.tally.stalls;
      if (st.kij >= 0) ++at(log_.tally.kij_stalls, st.kij);
      if (!clock(false, idle_, 0)) return false;
    }
    return true;
  }

  static uint64_t& at(std::vector<uint64_t>& v, int i) {
    if (v.size() <= static_cast<size_t>(i)) v.resize(static_cast<size_t>(i) + 1, 0);
    return v[static_cast<size_t>(i)];
  }

  void count(uint64_t inst) {
    Tally& t = log_.tally;
    ++t.phase_cycles[static_cast<size_t>(step_->phase)];
    const bool exec = Inst::decode(inst).execute;
    t.vectors += exec;
    if (step_->kij < 0) return;
    ++at(t.kij_cycles, step_->kij);
    if (exec) ++at(t.kij_vectors, step_->kij);
  }

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
    if (step_->kij >= 0 && !reset) note_times(inst);
    count(inst);
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

  // The instruction bits of a vector entering the array and a row popped.
  void note_times(uint64_t inst) {
    const bool exec = ((inst >> 1) & 1U) && ((inst >> 3) & 1U);
    const bool pop = (inst >> 6) & 1U;
    if (!exec && !pop) return;
    if (exec) {
      const size_t k = static_cast<size_t>(step_->kij);
      if (log_.times.size() <= k) log_.times.resize(k + 1);
      log_.times[k].execute.push_back(dut_.cycles());
      executed_.push_back(k);
    }
    if (pop && popped_ < executed_.size()) {
      const size_t k = executed_[popped_++];
      if (k < log_.times.size()) log_.times[k].pop.push_back(dut_.cycles());
    }
  }

  void trace_gate() {
    bool on = true;
    if (opt_.trace_kij) on = on && step_->kij == *opt_.trace_kij;
    if (opt_.trace_cycles) on = on && opt_.trace_cycles->contains(dut_.cycles());
    dut_.set_trace_enabled(on);
    if (on) {
      if (!log_.traced) log_.traced = TraceWindow{dut_.cycles(), dut_.cycles()};
      log_.traced->last = dut_.cycles();
    }
  }

  void hang(std::string what) {
    log_.hang = Hang{dut_.cycles(), step_->phase, step_->kij, std::move(what)};
  }

  Dut& dut_;
  const DriveOptions opt_;
  RunLog& log_;
  uint64_t idle_;
  uint64_t limit_;
  const Step* step_ = nullptr;
  bool low_reported_ = false;
  std::vector<size_t> executed_;  // the kij of each execute, in order
  size_t popped_ = 0;             // pops so far: the next is the row of executed_[popped_]
};

Session::Session(Dut& dut, const DriveOptions& opt, uint64_t limit)
    : player_(std::make_unique<Player>(dut, opt, log_, limit)) {}

Session::~Session() = default;

void Session::extend_limit(uint64_t cycles) { player_->extend(cycles); }

bool Session::play(const std::vector<Step>& steps) {
  if (stopped_) return false;
  const auto t0 = std::chrono::steady_clock::now();
  for (const Step& st : steps) {
    if (!player_->play(st)) {
      stopped_ = true;
      break;
    }
  }
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return !stopped_;
}

RunLog Session::finish() {
  RunLog out = std::move(log_);
  log_ = RunLog{};
  out.seconds = seconds_;
  out.cycles = player_->cycles();
  return out;
}

RunLog drive(Dut& dut, const Schedule& s, const DriveOptions& opt) {
  Session session(dut, opt, s.max_cycles());
  session.play(s.steps);
  return session.finish();
}

}  // namespace cosim
