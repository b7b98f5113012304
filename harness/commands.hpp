// Sub-commands of the `cosim` program. main.cpp only parses the command line
// and wires these; each add_*_command() registers its options and, when its
// sub-command is chosen, stores in `action` the function that runs it and
// returns the exit code (SPEC section 5: 0 pass, 1 mismatch, 2 bad input or
// usage, 3 hung, 4 the RTL passed but the given files disagree with the
// golden model; 128 + the signal when interrupted).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cosim {

using CommandAction = std::function<int()>;

void add_gen_command(CLI::App& root, CommandAction& action);
void add_check_command(CLI::App& root, CommandAction& action);
void add_run_command(CLI::App& root, CommandAction& action);
void add_schedule_command(CLI::App& root, CommandAction& action);
void add_emit_tb_command(CLI::App& root, CommandAction& action);
void add_build_command(CLI::App& root, CommandAction& action);
void add_calibrate_command(CLI::App& root, CommandAction& action);

/// The command line cosim was started with (main() keeps it), for reports
/// that print a command to run next.
std::vector<std::string>& command_line();
/// That command line with `drop` options (and their values) taken out and
/// `add` appended, quoted for a shell.
std::string command_with(const std::vector<std::string>& drop, const std::vector<std::string>& add);

/// Exit codes of SPEC section 5. kFilesWrong: every check of the RTL passed,
/// but given vector files disagree with the golden model computed from
/// their own activations and weights (a mismatch of the RTL too: 1).
enum ExitCode : int { kPass = 0, kMismatch = 1, kBadInput = 2, kHung = 3, kFilesWrong = 4 };

/// The footer of every sub-command that runs or checks a set.
inline constexpr const char* kExitCodesHelp =
    "Exit codes: 0 all passed, 1 a mismatch of the RTL, 2 bad input or usage (also: nothing was "
    "checked), 3 the watchdog fired (hung), 4 the RTL passed every check but the given vector files "
    "disagree with the golden model; 130/143 interrupted (SIGINT/SIGTERM).";

}  // namespace cosim
