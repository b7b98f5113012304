// cosim: the command-line front end. Parses the command line, runs the chosen
// sub-command and maps errors to the exit codes of SPEC section 5.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <exception>
#include <filesystem>
#include <system_error>

#include "commands.hpp"
#include "models.hpp"
#include "cosim_config.hpp"
#include "vectors.hpp"

int main(int argc, char** argv) {
  CLI::App app{"cosim: co-simulation harness for the 8x8 weight-stationary array"};
  app.set_version_flag("--version", std::string("cosim ") + cosim::config::kVersion);
  app.require_subcommand(1);

  cosim::command_line().assign(argv, argv + argc);
  cosim::CommandAction action;
  cosim::add_gen_command(app, action);
  cosim::add_check_command(app, action);
  cosim::add_run_command(app, action);
  cosim::add_schedule_command(app, action);
  cosim::add_emit_tb_command(app, action);
  cosim::add_build_command(app, action);
  cosim::add_calibrate_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : cosim::kBadInput;
  }

  try {
    return action ? action() : cosim::kBadInput;
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
