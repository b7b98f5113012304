#include "flow.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace cosim {

const char* name(ValidUse v) { return v == ValidUse::Level ? "level" : "ignore"; }
const char* name(SampleAt s) { return s == SampleAt::AfterAcc ? "after-acc" : "with-acc"; }
const char* name(WeightPath w) { return w == WeightPath::L0 ? "l0" : "ififo"; }
const char* name(FlowKind k) { return k == FlowKind::Course ? "course" : "fast"; }
const char* name(Positions p) { return p == Positions::All ? "all" : "outputs"; }
const char* name(ReluMode r) {
  switch (r) {
    case ReluMode::Comb: return "comb";
    case ReluMode::Pulse: return "pulse";
    case ReluMode::Hold: return "hold";
    case ReluMode::None: return "none";
  }
  return "?";
}

std::optional<ValidUse> parse_valid(const std::string& s) {
  if (s == "level") return ValidUse::Level;
  if (s == "ignore") return ValidUse::Ignore;
  return std::nullopt;
}
std::optional<ReluMode> parse_relu(const std::string& s) {
  for (ReluMode r : {ReluMode::Comb, ReluMode::Pulse, ReluMode::Hold, ReluMode::None}) {
    if (s == name(r)) return r;
  }
  return std::nullopt;
}
std::optional<SampleAt> parse_sample(const std::string& s) {
  if (s == "after-acc") return SampleAt::AfterAcc;
  if (s == "with-acc") return SampleAt::WithAcc;
  return std::nullopt;
}
std::optional<WeightPath> parse_weights(const std::string& s) {
  if (s == "l0") return WeightPath::L0;
  if (s == "ififo") return WeightPath::Ififo;
  return std::nullopt;
}

std::optional<FlowKind> parse_flow_kind(const std::string& s) {
  if (s == "course") return FlowKind::Course;
  if (s == "fast") return FlowKind::Fast;
  return std::nullopt;
}
std::optional<Positions> parse_positions(const std::string& s) {
  if (s == "all") return Positions::All;
  if (s == "outputs") return Positions::Outputs;
  return std::nullopt;
}

const std::vector<std::string>& flow_keys() {
  static const std::vector<std::string> keys = {
      "flow",      "positions", "pop_to_write", "valid",  "drain_delay", "stream",
      "stream_latency", "load_hold", "weights", "relu", "sample", "psum_stride"};
  return keys;
}

FlowSettings FlowSettings::over(const FlowSettings& b) const {
  FlowSettings r = b;
  auto take = [](auto& dst, const auto& src) {
    if (src) dst = src;
  };
  take(r.kind, kind);
  take(r.positions, positions);
  take(r.pop_to_write, pop_to_write);
  take(r.valid, valid);
  take(r.drain_delay, drain_delay);
  take(r.stream, stream);
  take(r.stream_latency, stream_latency);
  take(r.load_hold, load_hold);
  take(r.weights, weights);
  take(r.relu, relu);
  take(r.sample, sample);
  take(r.psum_stride, psum_stride);
  return r;
}

namespace {

// The course flow executes every position (SPEC section 4). The fast flow
// takes every other key (drain_delay, the batch drain's, is then unused and
// the report says so).
void check_fast(const Flow& f) {
  if (f.kind == FlowKind::Course && f.positions == Positions::Outputs) {
    throw std::invalid_argument("positions outputs needs flow fast: the course flow executes "
                                "every position of the padded map (SPEC section 4)");
  }
}

}  // namespace

Flow flow_for(const FlowSettings& s, int inst_width) {
  Flow f;
  f.relu = inst_width == 35 ? ReluMode::Pulse : ReluMode::Comb;
  if (s.kind) f.kind = *s.kind;
  if (s.positions) f.positions = *s.positions;
  if (s.pop_to_write) f.pop_to_write = *s.pop_to_write;
  if (s.valid) f.valid = *s.valid;
  if (s.drain_delay) f.drain_delay = *s.drain_delay;
  if (s.stream) f.stream = *s.stream;
  if (s.stream_latency) f.stream_latency = *s.stream_latency;
  if (s.load_hold) f.load_hold = *s.load_hold;
  if (s.weights) f.weights = *s.weights;
  if (s.relu) f.relu = *s.relu;
  if (s.sample) f.sample = *s.sample;
  if (s.psum_stride) f.psum_stride = *s.psum_stride;
  if (f.pop_to_write < 0 || f.pop_to_write > 8) {
    throw std::invalid_argument(fmt::format("pop_to_write {} is not in 0..8", f.pop_to_write));
  }
  if (f.drain_delay < -1 || f.stream_latency < -1 || f.psum_stride < -1) {
    throw std::invalid_argument("drain_delay, stream_latency and psum_stride are cycles or rows "
                                "(0 or more; -1: automatic)");
  }
  if ((f.relu == ReluMode::Pulse || f.relu == ReluMode::Hold) && inst_width != 35) {
    throw std::invalid_argument(fmt::format(
        "relu {} needs a core with a 35-bit instruction (inst[34]); this one has {} bits",
        name(f.relu), inst_width));
  }
  if (f.sample == SampleAt::WithAcc && f.relu != ReluMode::Comb && f.relu != ReluMode::None) {
    throw std::invalid_argument(fmt::format(
        "sample with-acc reads sfp_out in the last accumulation: relu {} gives inst[34] after "
        "it (use relu comb or none)", name(f.relu)));
  }
  check_fast(f);
  return f;
}

namespace {
std::string num(int v) { return v < 0 ? std::string("auto") : std::to_string(v); }
}  // namespace

std::string describe(const Flow& f) {
  std::string d = fmt::format("pop_to_write={} valid={} drain_delay={} stream={} stream_latency={} "
                              "load_hold={} weights={} relu={} sample={} psum_stride={} flow={}",
                              f.pop_to_write, name(f.valid), num(f.drain_delay),
                              f.stream ? "on" : "off", num(f.stream_latency),
                              f.load_hold ? "on" : "off", name(f.weights), name(f.relu),
                              name(f.sample), num(f.psum_stride), name(f.kind));
  if (f.kind == FlowKind::Fast) d += fmt::format(" positions={}", name(f.positions));
  return d;
}

std::string as_options(const Flow& f) {
  std::string o;
  if (f.kind == FlowKind::Fast) o = fmt::format("--flow fast --positions {} ", name(f.positions));
  o += fmt::format("--pop-to-write {} --valid {}", f.pop_to_write, name(f.valid));
  if (f.drain_delay >= 0) o += fmt::format(" --drain-delay {}", f.drain_delay);
  if (f.stream) o += " --stream";
  if (f.stream_latency >= 0) o += fmt::format(" --stream-latency {}", f.stream_latency);
  if (f.load_hold) o += " --load-hold";
  o += fmt::format(" --weights {} --relu {} --sample {}", name(f.weights), name(f.relu),
                   name(f.sample));
  if (f.psum_stride >= 0) o += fmt::format(" --psum-stride {}", f.psum_stride);
  return o;
}

}  // namespace cosim
