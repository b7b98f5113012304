// The clock cycles of a schedule as they are played when every wait
// succeeds at once, for the schedule tests (test_flow.cpp, test_fast.cpp):
// each Cycle step with its cycle number and decoded instruction, and the
// Sample steps between them.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "generate.hpp"
#include "inst.hpp"
#include "schedule.hpp"

namespace cosim::test {

inline golden::VectorSet set8() {
  return golden::generate(golden::squeezed_shape(8, 8), golden::Pattern::Random, 5);
}

struct Played {
  uint64_t cycle;
  const Step* step;
  Inst inst;
};
struct Run {
  std::vector<Played> cycles;
  std::vector<std::pair<uint64_t, int>> samples;  // (cycles clocked before it, o_nij)
};
// (The steps are pointed to: keep the schedule alive while the run is used.)
inline Run play(const Schedule& s) {
  Run r;
  uint64_t t = 0;
  for (const Step& st : s.steps) {
    if (st.op == Op::Cycle) r.cycles.push_back({t++, &st, Inst::decode(st.inst)});
    if (st.op == Op::ExpectEmpty) t += st.bound;
    if (st.op == Op::Sample) r.samples.emplace_back(t, st.index);
  }
  return r;
}
inline std::vector<Played> played(const Schedule& s) { return play(s).cycles; }

}  // namespace cosim::test
