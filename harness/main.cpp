// cosim: the command-line front end. Parses the command line, runs the chosen
// sub-command and maps errors to the exit codes of SPEC section 5.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "commands.hpp"
#include "models.hpp"
#include "cosim_config.hpp"
#include "report_file.hpp"
#include "validators.hpp"
#include "vectors.hpp"

namespace {

// A first word that is no sub-command: say which one was meant.
bool unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return false;
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == argv[1]) return false;
    names.push_back(sub->get_name());
  }
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  const std::string near = cosim::closest_name(argv[1], names);
  fmt::print(stderr, "error: unknown command '{}'{}; the commands are {} (cosim --help)\n", argv[1],
             near.empty() ? "" : fmt::format(": did you mean '{}'?", near), list);
  return true;
}

// Standard output that could not be written (a full disk, a closed pipe)
// is a failure, not a silent loss of the report.
int checked_stdout(int rc) {
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    fmt::print(stderr, "error: cannot write standard output ({})\n", std::strerror(errno));
    return cosim::kBadInput;
  }
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  // Line by line even into a pipe (CI logs, tee): a long run shows its
  // progress, and an interrupted one has printed all it had.
  std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ);
  CLI::App app{"cosim: co-simulation harness for the 8x8 weight-stationary array"};
  app.set_version_flag("--version", std::string("cosim ") + cosim::config::kVersion);
  app.require_subcommand(1);
  // One line: the option, its value and why it is refused.
  app.failure_message([](const CLI::App* root, const CLI::Error& e) {
    std::string path = "cosim";
    for (const CLI::App* sub : root->get_subcommands()) path += " " + sub->get_name();  // the one parsed
    return fmt::format("error: {}: {} (see {} --help)\n", path, e.what(), path);
  });

  cosim::command_line().assign(argv, argv + argc);
  cosim::CommandAction action;
  cosim::add_gen_command(app, action);
  cosim::add_check_command(app, action);
  cosim::add_run_command(app, action);
  cosim::add_schedule_command(app, action);
  cosim::add_emit_tb_command(app, action);
  cosim::add_build_command(app, action);
  cosim::add_calibrate_command(app, action);

  if (unknown_command(app, argc, argv)) return cosim::kBadInput;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? checked_stdout(0) : cosim::kBadInput;
  }

  try {
    return checked_stdout(action ? action() : cosim::kBadInput);
  } catch (const cosim::BuildFailed&) {
    return cosim::kBadInput;  // the model builder printed why
  } catch (const golden::InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return cosim::kBadInput;
  } catch (const std::filesystem::filesystem_error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return cosim::kBadInput;
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return cosim::kBadInput;
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return cosim::kBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\n", e.what());
    return cosim::kBadInput;
  }
}
