#include "options.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <stdexcept>

#include "cosim_config.hpp"

namespace cosim {

void add_set_options(CLI::App& app, SetOptions& o) {
  app.add_option("-v,--vectors", o.vectors,
                 "Vector folder (activation.txt, weight_kij*.txt, optional psum_kij*.txt, "
                 "out.txt, out_relu.txt); default: the built-in tests/vectors/default");
  app.add_option("--gen", o.gen,
                 "Generate the set(s) in memory instead of reading files: pattern name(s), "
                 "comma-separated (see `cosim gen --help`)");
  app.add_option("--seed", o.seed, "Generator seed (with --gen)")->capture_default_str();
  app.add_option("--rows", o.rows, "Array rows (default: the build's size)");
  app.add_option("--cols", o.cols, "Array columns (default: the build's size)");
}

golden::Shape shape_of(const SetOptions& o) {
  golden::Shape s = golden::squeezed_shape(o.rows > 0 ? o.rows : cosim::config::kRows,
                                           o.cols > 0 ? o.cols : cosim::config::kCols);
  s.validate();
  return s;
}

std::vector<golden::Pattern> patterns_of(const SetOptions& o) {
  std::vector<golden::Pattern> ps;
  size_t start = 0;
  while (start <= o.gen.size()) {
    const size_t comma = o.gen.find(',', start);
    const std::string name =
        o.gen.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    ps.push_back(golden::parse_pattern(name));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return ps;
}

std::string vectors_dir(const SetOptions& o) {
  if (!o.vectors.empty()) return o.vectors;
  return std::string(cosim::config::kSourceDir) + "/tests/vectors/default";
}

void add_flow_options(CLI::App& app, FlowOptions& o) {
  app.add_option("--kij", o.kij, "Only these kernel positions, e.g. 0,3-5 (skips the outputs)");
  app.add_option("--settle", o.settle, "Idle cycles after the weight load (default rows+cols)");
  app.add_option("--wait-bound", o.wait_bound,
                 "Most idle cycles to wait for ofifo_valid per row (default 4*(rows+cols)+64)");
  app.add_flag("--no-kij-reset", o.no_kij_reset,
               "Do not reset before each kij: new load phases must replace the weights (beyond "
               "the course flow, which resets)");
  app.add_flag("--drain-each", o.drain_each,
               "Execute one vector at a time and drain its row before the next, so the output "
               "FIFO is read while its columns are still filling");
  app.add_option("--scramble", o.scramble,
                 "Drive random values (this seed) on every input the contract says is ignored: "
                 "addresses/WEN of a disabled SRAM, D_xmem when not writing, the ififo bits");
  app.add_option("--relu", o.relu,
                 "How the core applies ReLU: comb (in sfp_out, no instruction bit) or pulse "
                 "(one cycle of inst[34] after the accumulations; 35-bit cores). Default: pulse "
                 "for a 35-bit core, else comb")
      ->check(CLI::IsMember({"comb", "pulse"}));
}

ScheduleOptions schedule_options(const FlowOptions& o, InstFormat model_format) {
  ScheduleOptions so;
  so.format = model_format;
  if (o.relu == "comb") so.format = InstFormat::Std34;
  if (o.relu == "pulse" && model_format != InstFormat::Relu35) {
    throw std::invalid_argument("--relu pulse needs a core with a 35-bit instruction (inst[34])");
  }
  if (!o.kij.empty()) so.kijs = parse_int_list(o.kij);
  so.settle_cycles = o.settle;
  so.wait_bound = o.wait_bound;
  so.kij_reset = !o.no_kij_reset;
  so.drain_each = o.drain_each;
  so.scramble_seed = o.scramble;
  return so;
}

golden::VectorSet load_set(const SetOptions& o, const golden::Shape& s) {
  return o.gen.empty() ? golden::read_vector_set(vectors_dir(o), s)
                       : golden::generate(s, patterns_of(o).front(), o.seed);
}

std::vector<int> parse_int_list(const std::string& text) {
  std::vector<int> out;
  auto number = [&](const std::string& s) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) {
      throw std::invalid_argument(fmt::format("'{}' in list '{}' is not a number", s, text));
    }
    return std::stoi(s);
  };
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const std::string part =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const size_t dash = part.find('-');
    if (dash == std::string::npos) {
      out.push_back(number(part));
    } else {
      const int a = number(part.substr(0, dash));
      const int b = number(part.substr(dash + 1));
      if (b < a) throw std::invalid_argument(fmt::format("range '{}' runs backwards", part));
      for (int k = a; k <= b; ++k) out.push_back(k);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace cosim
