#include "runner.hpp"

#include <fmt/format.h>

#include <memory>
#include <stdexcept>

#include "commands.hpp"
#include "interrupt.hpp"

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
  if (!req.x_seeds.empty() && !out.log.interrupted) {
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
      RunLog log = drive(*xdut, out.schedule, DriveOptions{req.drive.max_cycles, {}, {}});
      if (log.interrupted) {
        // An interrupted run proves nothing about X: the seeds so far count.
        out.log.interrupted = log.interrupted;
        out.result.hung = true;
        out.result.stopped = fmt::format("{} during the X-seed run +verilator+seed+{}", log.interrupted->what, seed);
        break;
      }
      seeded.emplace_back(static_cast<uint64_t>(seed), std::move(log));
    }
    check_x_init(out.result, out.log, seeded, v.shape().psum_w);
  }
  return out;
}

int exit_code(const CheckResult& r, const RunLog& log) {
  if (log.interrupted && !log.hang) return 128 + interrupted();
  if (log.hang) return kHung;
  if (log.model_error) return kMismatch;
  bool rtl_failed = false, files_wrong = false;
  for (const CaseResult& c : r.cases) {
    if (c.status != Status::Fail) continue;
    (c.name == "input_consistency" ? files_wrong : rtl_failed) = true;
  }
  return rtl_failed ? kMismatch : files_wrong ? kFilesWrong : kPass;
}

bool rtl_checked(const CheckResult& r) {
  for (const CaseResult& c : r.cases)
    if (c.name != "input_consistency" && c.status != Status::Skip) return true;
  return false;
}

}  // namespace cosim
