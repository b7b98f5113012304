// Plays a schedule on a Dut, cycle by cycle, and records what the core did:
// every psum-SRAM write seen by the probe, every sampled output, protocol
// events, and where it hung if a wait ran out.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dut.hpp"
#include "schedule.hpp"

namespace cosim {

struct PsumWrite {
  uint64_t cycle = 0;
  uint32_t addr = 0;
  Phase phase = Phase::Init;  // the step during which the write happened
  int kij = -1;
  std::vector<int64_t> lanes;  // columns 0..cols-1
};

struct OutSample {
  uint64_t cycle = 0;
  int o_nij = 0;
  std::vector<int64_t> lanes;
};

/// Something the core did that the flow forbids (no data compare involved).
struct ProtocolEvent {
  uint64_t cycle = 0;
  Phase phase = Phase::Init;
  int kij = -1;
  std::string what;
};

struct Hang {
  uint64_t cycle = 0;
  Phase phase = Phase::Init;
  int kij = -1;
  std::string what;
};

/// When a kij's vectors entered the array and its rows left the output
/// FIFO: execute[i] is the i-th execute (with l0_rd) of the kij, pop[i] the
/// pop of its row: rows leave in the order their vectors entered, so the
/// j-th pop of the run is the row of its j-th execute, whatever kij the
/// pop's cycle belongs to (the fast flow pops a kij's last rows while the
/// next one loads). What the report's row timelines are made of
/// (timeline.hpp maps executes to positions).
struct KijTimes {
  std::vector<uint64_t> execute;
  std::vector<uint64_t> pop;
};

/// What the driver counted while it played (counters.hpp makes the report's
/// counters of it): every clocked cycle under the phase and kij of its step.
struct Tally {
  std::vector<uint64_t> phase_cycles = std::vector<uint64_t>(kPhaseCount, 0);  // [Phase]
  std::vector<uint64_t> kij_cycles;   // [kij]: cycles of steps of that kij
  std::vector<uint64_t> kij_vectors;  // [kij]: cycles with execute (one vector each)
  std::vector<uint64_t> kij_stalls;   // [kij]: idle cycles waiting for ofifo_valid
  uint64_t vectors = 0;               // every cycle with execute
  uint64_t stalls = 0;                // every idle cycle of a WaitValid step
};

struct RunLog {
  std::vector<PsumWrite> writes;
  std::vector<KijTimes> times;       // [kij]
  std::optional<TraceWindow> traced; // the cycles written to the trace
  /// Where the run was when: the first cycle of each run of steps of one
  /// phase and kij, in order (the HTML report's timeline of phases).
  struct PhaseStart {
    uint64_t cycle;
    Phase phase;
    int kij;
  };
  std::vector<PhaseStart> phases;
  std::vector<OutSample> samples;
  std::vector<ProtocolEvent> events;
  std::optional<Hang> hang;          // the watchdog fired
  std::optional<Hang> model_error;   // the model reported $error/$fatal
  std::optional<Hang> interrupted;   // SIGINT/SIGTERM arrived (interrupt.hpp)
  uint64_t cycles = 0;
  double seconds = 0;                // wall time of the simulation loop
  Tally tally;
};

struct DriveOptions {
  uint64_t max_cycles = 0;     // watchdog over the whole run; 0 = schedule bound
  std::optional<int> trace_kij;          // dump only the steps of this kij
  std::optional<TraceWindow> trace_cycles;  // dump only these cycles
};

RunLog drive(Dut& dut, const Schedule& s, const DriveOptions& opt);

/// Plays lists of steps on one Dut, one after another, into one log (a
/// layer plays one block at a time; drive() plays one schedule).
class Session {
 public:
  /// limit: the watchdog (cycles); opt.max_cycles, when set, replaces it.
  Session(Dut& dut, const DriveOptions& opt, uint64_t limit);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  /// False when the run must stop (hang or model error): nothing more plays.
  bool play(const std::vector<Step>& steps);
  /// Raises the watchdog (cycles) unless --max-cycles fixed it.
  void extend_limit(uint64_t cycles);
  RunLog& log() { return log_; }
  /// The log with the cycles and the wall time of every play() so far.
  RunLog finish();

 private:
  class Player;
  RunLog log_;
  std::unique_ptr<Player> player_;
  double seconds_ = 0;
  bool stopped_ = false;
};

}  // namespace cosim
