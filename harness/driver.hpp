// Plays a schedule on a Dut, cycle by cycle, and records what the core did:
// every psum-SRAM write seen by the probe, every sampled output, protocol
// events, and where it hung if a wait ran out.
#pragma once

#include <cstdint>
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

struct RunLog {
  std::vector<PsumWrite> writes;
  std::vector<OutSample> samples;
  std::vector<ProtocolEvent> events;
  std::optional<Hang> hang;          // the watchdog fired
  std::optional<Hang> model_error;   // the model reported $error/$fatal
  std::optional<Hang> interrupted;   // SIGINT/SIGTERM arrived (interrupt.hpp)
  uint64_t cycles = 0;
  double seconds = 0;                // wall time of the simulation loop
};

struct DriveOptions {
  uint64_t max_cycles = 0;     // watchdog over the whole run; 0 = schedule bound
  std::optional<int> trace_kij;          // dump only the steps of this kij
  std::optional<TraceWindow> trace_cycles;  // dump only these cycles
};

RunLog drive(Dut& dut, const Schedule& s, const DriveOptions& opt);

}  // namespace cosim
