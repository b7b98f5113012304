// Running another program (the model builder) with cosim's own standard
// output and error, and waiting for it.
#pragma once

#include <string>
#include <vector>

namespace cosim {

/// Runs argv[0] (looked up in PATH when it has no '/') with these arguments;
/// returns its exit code, 128+N when signal N ended it. Throws
/// std::runtime_error when it cannot be started.
int run_process(const std::vector<std::string>& argv);

}  // namespace cosim
