#include "runner.hpp"

#include <fmt/format.h>

#include <memory>
#include <stdexcept>

#include "commands.hpp"

namespace cosim {

Outcome run_set(const ModelInfo& model, const golden::VectorSet& v, const RunRequest& req) {
  Outcome out;
  out.schedule = compile_schedule(v, req.schedule);
  out.golden = golden::compute_tile(v.tile);
  const golden::TileResult& g = out.golden;
  std::unique_ptr<Dut> dut = model.make(req.plusargs);
  if (!req.trace.empty()) dut->open_trace(req.trace);
  out.log = drive(*dut, out.schedule, req.drive);
  dut->close_trace();
  dut.reset();
  out.result = check_run(out.schedule, v, g, out.log, model.probe);
  out.counters = count_set(out.schedule, out.log);
  if (!req.x_seeds.empty()) {
    // The same run from randomised initial state, once per seed.
    std::vector<std::pair<uint64_t, RunLog>> seeded;
    for (const int seed : req.x_seeds) {
      if (seed < 1) {
        throw std::invalid_argument("--x-seeds: seeds start at 1 (Verilator takes 0 as 'pick one')");
      }
      std::vector<std::string> args = req.plusargs;
      args.push_back("+verilator+rand+reset+2");
      args.push_back(fmt::format("+verilator+seed+{}", seed));
      std::unique_ptr<Dut> xdut = model.make(args);
      seeded.emplace_back(static_cast<uint64_t>(seed),
                          drive(*xdut, out.schedule, DriveOptions{req.drive.max_cycles, {}, {}}));
    }
    check_x_init(out.result, out.log, seeded, v.shape().psum_w);
  }
  return out;
}

int exit_code(const CheckResult& r, const RunLog& log) {
  if (log.hang) return kHung;
  return r.failed() > 0 || log.model_error ? kMismatch : kPass;
}

}  // namespace cosim
