// A core's flow conventions: how the harness drives it, chosen at run time
// (a profile's [flow] table, the same keys as `cosim run` options), never by
// a rebuild. Each is a legal way real cores follow the course interface;
// none can make a wrong value pass (README "Bring your own core").
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cosim {

/// Whether the drain waits for ofifo_valid before each pop (level), or pops
/// open-loop, as course testbenches do, never looking at it (ignore).
enum class ValidUse { Level, Ignore };
/// How the core applies ReLU to sfp_out: in its logic (comb); on a one-cycle
/// inst[34] pulse after the accumulations (pulse); while inst[34] is held
/// high (hold); not at all (none: the outputs are judged raw, and said so).
enum class ReluMode { Comb, Pulse, Hold, None };
/// When sfp_out is sampled: one idle cycle after the last accumulation
/// (after-acc), or while the last accumulation's acc is still high (with-acc).
enum class SampleAt { AfterAcc, WithAcc };
/// Which FIFO carries the kernel into the PEs: L0 (l0_wr/l0_rd), or the
/// IFIFO bits inst[5:4] (ififo_wr/ififo_rd).
enum class WeightPath { L0, Ififo };
/// The schedule: the course flow of SPEC section 4 (each kij reset, loaded,
/// executed and drained in turn, then the outputs), or the fast flow, which
/// overlaps what the course flow serialises (fast_flow.hpp).
enum class FlowKind { Course, Fast };
/// Which positions of the padded map a kij executes: all of them (every
/// psum of the files is produced), or only those that feed an output (the
/// fast flow only; the other psums are then not produced, and said).
enum class Positions { All, Outputs };

struct Flow {
  int pop_to_write = 0;  // the psum-SRAM write of a row comes N cycles after its pop
  ValidUse valid = ValidUse::Level;
  int drain_delay = -1;     // idle cycles from the last execute to the first pop (the
                            // output FIFO then holds every row); -1 = 0 with valid
                            // level, 2 * (rows + cols) with valid ignore
  bool stream = false;      // fill L0 and drain the output FIFO during execute
                            // (FIFOs shallower than the map's positions)
  int stream_latency = -1;  // stream: a vector's row is popped this many cycles after
                            // its execute; -1 = rows + cols (our RTL's)
  bool load_hold = false;   // load stays high through the idle cycles after the load
  WeightPath weights = WeightPath::L0;
  ReluMode relu = ReluMode::Comb;
  SampleAt sample = SampleAt::AfterAcc;
  int psum_stride = -1;     // psum-SRAM rows per kij (address kij*stride + nij); -1 = positions
  FlowKind kind = FlowKind::Course;
  Positions positions = Positions::All;
};

/// The flow keys as they may be given (a profile, the command line): unset
/// keys take the core's defaults (flow_for()).
struct FlowSettings {
  std::optional<int> pop_to_write;
  std::optional<ValidUse> valid;
  std::optional<int> drain_delay;
  std::optional<bool> stream;
  std::optional<int> stream_latency;
  std::optional<bool> load_hold;
  std::optional<WeightPath> weights;
  std::optional<ReluMode> relu;
  std::optional<SampleAt> sample;
  std::optional<int> psum_stride;
  std::optional<FlowKind> kind;
  std::optional<Positions> positions;

  /// Every key set here replaces the one in `base`.
  FlowSettings over(const FlowSettings& base) const;
};

/// The flow of a core with a `inst_width`-bit instruction under `s`: the
/// defaults (relu pulse for 35 bits, else comb) with the given keys.
/// Throws std::invalid_argument for a combination the core cannot take.
Flow flow_for(const FlowSettings& s, int inst_width);

/// The keys of a [flow] table, in the order a profile lists them.
const std::vector<std::string>& flow_keys();

const char* name(ValidUse v);
const char* name(ReluMode r);
const char* name(SampleAt s);
const char* name(WeightPath w);
const char* name(FlowKind k);
const char* name(Positions p);
/// Parses a key's value; nullopt when it is not one of the names.
std::optional<ValidUse> parse_valid(const std::string& s);
std::optional<ReluMode> parse_relu(const std::string& s);
std::optional<SampleAt> parse_sample(const std::string& s);
std::optional<WeightPath> parse_weights(const std::string& s);
std::optional<FlowKind> parse_flow_kind(const std::string& s);
std::optional<Positions> parse_positions(const std::string& s);

/// "pop_to_write=1 valid=ignore drain_delay=32 relu=pulse ...": every key,
/// -1 values written as "auto".
std::string describe(const Flow& f);
/// The same flow as the `cosim run` options that give it.
std::string as_options(const Flow& f);

}  // namespace cosim
