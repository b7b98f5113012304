// `cosim schedule`: write the per-cycle schedule of a vector set, so another
// simulator can replay exactly what `cosim run` drives.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "commands.hpp"
#include "options.hpp"
#include "profile.hpp"
#include "schedule.hpp"
#include "validators.hpp"

namespace cosim {

namespace {

struct ScheduleCmdOptions {
  ProfileBinder profile;
  PeOptions pe;  // a profile's [debug], accepted and unused here
  SetOptions set;
  std::string out;
  FlowOptions flow;
  int inst_width = 34;
};

int run(ScheduleCmdOptions& o) {
  refuse_layer(o.set, "schedule");
  const golden::Shape shape = shape_of(o.set);
  const golden::VectorSet v = load_set(o.set, shape);
  const ScheduleOptions so =
      schedule_options(o.flow, o.inst_width == 35 ? InstFormat::Relu35 : InstFormat::Std34);
  const Schedule s = compile_schedule(v, so);
  if (o.out.empty() || o.out == "-") {
    write_schedule(std::cout, s);
    return kPass;
  }
  std::ofstream f(o.out);
  if (!f) throw std::invalid_argument(fmt::format("cannot write {}", o.out));
  write_schedule(f, s);
  fmt::print("wrote {}: {} steps, {} cycles when every wait succeeds at once\n", o.out,
             s.steps.size(), s.nominal_cycles());
  return kPass;
}

}  // namespace

void add_schedule_command(CLI::App& root, CommandAction& action) {
  auto o = std::make_shared<ScheduleCmdOptions>();
  CLI::App* app = root.add_subcommand(
      "schedule", "Write the per-cycle schedule (inst, D_xmem, waits, samples) of a vector set");
  o->profile.add_option(*app);
  add_set_options(*app, o->set, &o->profile);
  app->add_option("-o,--out", o->out, "Output file (default: standard output)")->check(not_empty("a file name"));
  add_flow_options(*app, o->flow, &o->profile);
  add_pe_options(nullptr, o->pe, &o->profile);
  app->add_option("--inst-width", o->inst_width, "34 (course) or 35 (bit 34 = ReLU pulse)")
      ->check(CLI::IsMember({34, 35}))
      ->capture_default_str();
  app->callback([o, &action] {
    action = [o] {
      o->profile.apply();
      return run(*o);
    };
  });
}

}  // namespace cosim
