// cli.*: the built `cosim gen` and `cosim check`, run as a user runs them.
#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cosim_config.hpp"
#include "generate.hpp"
#include "util.hpp"

using test::run_cosim;
using test::TempDir;

namespace {

std::string set_dir_args(const TempDir& d) { return "--vectors " + d.path().string(); }

void gen(const TempDir& d, const std::string& args) {
  const test::Run r = run_cosim("gen --out " + d.path().string() + " " + args);
  INFO(r.output);
  REQUIRE(r.code == 0);
}

// "0x00ff (255)" for a 16-bit word given as text.
std::string word(const std::string& bits) {
  const long u = std::stol(bits, nullptr, 2);
  return fmt::format("0x{:04x} ({})", u, u >= 32768 ? u - 65536 : u);
}

// cli.malformed.<row>: `cosim check` (and `cosim run`) on one row of the
// malformed-input table, as a user runs them.
void expect_cli(const test::Malformed& m) {
  TempDir dir("cli-malformed-" + m.name);
  m.make(dir.path());
  const std::string set = (m.vectors.empty() ? dir.path() : dir / m.vectors).string();
  // Root reads a file whatever its mode: run cosim as user nobody then.
  const bool as_nobody = m.unprivileged && test::running_as_root();
  std::vector<std::string> commands = {"check --vectors " + set + (m.strict_headers ? " --strict-headers" : "")};
  if (!m.strict_headers) commands.push_back("run --vectors " + set);  // run has no --strict-headers
  const std::string where = m.line > 0 ? m.file + ":" + std::to_string(m.line) + ": " : m.file + ": ";
  for (const std::string& c : commands) {
    const test::Run r = as_nobody ? test::run_cosim_as_nobody(c) : run_cosim(c);
    INFO((as_nobody ? "as user nobody: " : "") << "cosim " << c << "\n" << r.output);
    if (m.accepted) {
      CHECK(r.code == 0);
      CHECK_THAT(r.output, Catch::Contains(m.cause));
      CHECK_THAT(r.last_line(), Catch::EndsWith(" passed, 0 failed"));
    } else {
      CHECK(r.code == 2);
      CHECK_THAT(r.output, Catch::Contains("error: ") && Catch::Contains(where + m.cause));
      CHECK_THAT(r.output, !Catch::Contains("internal error"));
    }
  }
}

const bool malformed_registered = test::register_malformed_tests("cli.malformed.", expect_cli);

// The message a row gives (`cosim check`), with the temporary folder as DIR.
std::string row_message(const test::Malformed& m) {
  TempDir dir("cli-table-" + m.name);
  m.make(dir.path());
  const std::string set = (m.vectors.empty() ? dir.path() : dir / m.vectors).string();
  const std::string args = "check --vectors " + set + (m.strict_headers ? " --strict-headers" : "");
  const test::Run r = m.unprivileged && test::running_as_root() ? test::run_cosim_as_nobody(args) : run_cosim(args);
  std::string line;
  for (size_t pos = 0; pos < r.output.size();) {
    const size_t nl = r.output.find('\n', pos);
    const std::string l = r.output.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if ((m.accepted && l.find(m.cause) != std::string::npos) || (!m.accepted && l.rfind("error: ", 0) == 0)) line = l;
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  for (size_t at; (at = line.find(dir.path().string())) != std::string::npos;)
    line.replace(at, dir.path().string().size(), "DIR");
  return fmt::format("{} | `{}`", r.code, line.substr(line.find_first_not_of(' ')));
}

}  // namespace

TEST_CASE("cli.gen.writes_set") {
  TempDir dir("cli-gen");
  const test::Run r = run_cosim("gen --out " + (dir / "new/sub").string() + " --pattern max --seed 3");
  INFO(r.output);
  REQUIRE(r.code == 0);
  for (const std::string f : {"activation.txt", "weight_kij0.txt", "weight_kij8.txt", "psum_kij0.txt",
                              "psum_kij8.txt", "out.txt", "out_relu.txt"}) {
    CHECK(std::filesystem::exists(dir / "new/sub" / f));
    CHECK_THAT(r.output, Catch::Contains("wrote " + (dir / "new/sub" / f).string()));
  }
  CHECK_THAT(r.output, Catch::Contains("21 files written"));
  // max: every weight is -8 = 1000, every interior activation 15 = 1111.
  CHECK(test::read_lines(dir / "new/sub/weight_kij5.txt")[3] == "10001000100010001000100010001000");
  CHECK(test::read_lines(dir / "new/sub/activation.txt")[3 + 7] == std::string(32, '1'));  // nij 7 = (1, 1)
}

TEST_CASE("cli.gen.reproducible") {
  TempDir a("cli-gen-a");
  TempDir b("cli-gen-b");
  TempDir c("cli-gen-c");
  gen(a, "--pattern random --seed 7");
  gen(b, "--pattern random --seed 7");
  gen(c, "--pattern random --seed 8");
  CHECK(test::read_text(a / "activation.txt") == test::read_text(b / "activation.txt"));
  CHECK(test::read_text(a / "psum_kij4.txt") == test::read_text(b / "psum_kij4.txt"));
  CHECK(test::read_text(a / "activation.txt") != test::read_text(c / "activation.txt"));
}

TEST_CASE("cli.gen.bad_pattern") {
  TempDir dir("cli-gen-bad");
  const test::Run r = run_cosim("gen --out " + dir.path().string() + " --pattern bogus");
  INFO(r.output);
  CHECK(r.code == 2);
  for (const auto& name : golden::pattern_names()) CHECK_THAT(r.output, Catch::Contains(name));
  CHECK_FALSE(std::filesystem::exists(dir / "activation.txt"));
}

TEST_CASE("cli.gen.usage") {
  const test::Run help = run_cosim("gen --help");
  CHECK(help.code == 0);
  for (const char* opt : {"--out", "--seed", "--pattern", "--rows", "--cols", "notebook"})
    CHECK_THAT(help.output, Catch::Contains(opt));
  CHECK(run_cosim("gen").code == 2);  // --out is required
  TempDir dir("cli-gen-usage");
  CHECK(run_cosim("gen --out " + dir.path().string() + " --rows 0").code == 2);
  CHECK_FALSE(std::filesystem::exists(dir / "activation.txt"));
}

TEST_CASE("cli.check.usage") {
  const test::Run help = run_cosim("check --help");
  CHECK(help.code == 0);
  for (const char* opt : {"--vectors", "--max-report", "--strict-headers"}) CHECK_THAT(help.output, Catch::Contains(opt));
  CHECK(run_cosim("check").code == 2);
  const test::Run missing = run_cosim("check --vectors /nonexistent/cosim/set");
  CHECK(missing.code == 2);
  CHECK_THAT(missing.output, Catch::Contains("/nonexistent/cosim/set: folder not found"));
}

TEST_CASE("cli.check.passes_generated") {
  for (const auto& pattern : golden::pattern_names()) {
    INFO("pattern " << pattern);
    TempDir dir("cli-pass");
    gen(dir, "--pattern " + pattern + " --seed 21");
    const test::Run r = run_cosim("check " + set_dir_args(dir));
    INFO(r.output);
    CHECK(r.code == 0);
    CHECK(r.last_line() == "11 passed, 0 failed");
    CHECK_THAT(r.output, Catch::Contains("kij 8          36           0  PASS"));
    CHECK_THAT(r.output, Catch::Contains("out_relu       16           0  PASS"));
  }
  for (const char* size : {"--rows 4 --cols 4", "--rows 2 --cols 3"}) {
    INFO(size);
    TempDir dir("cli-pass-small");
    gen(dir, std::string("--pattern random ") + size);
    const test::Run r = run_cosim("check " + set_dir_args(dir) + " " + size);
    INFO(r.output);
    CHECK(r.code == 0);
    CHECK(r.last_line() == "11 passed, 0 failed");
  }
}

TEST_CASE("cli.check.default_set") {
  const test::Run r = run_cosim(std::string("check --vectors ") + COSIM_TEST_VECTORS + "/default");
  INFO(r.output);
  CHECK(r.code == 0);
  CHECK(r.last_line() == "11 passed, 0 failed");
}

TEST_CASE("cli.check.corrupt_psum") {
  TempDir dir("cli-corrupt-psum");
  gen(dir, "--pattern notebook --seed 1");
  // psum kij 3 nij 13 = line 17 of psum_kij3.txt; col 5 = characters 32..47.
  std::string line = test::read_lines(dir / "psum_kij3.txt")[16];
  const std::string before = line.substr(32, 16);
  line[40] = line[40] == '0' ? '1' : '0';
  const std::string after = line.substr(32, 16);
  test::replace_line(dir / "psum_kij3.txt", 17, line);

  const test::Run r = run_cosim("check " + set_dir_args(dir));
  INFO(r.output);
  CHECK(r.code == 1);
  CHECK_THAT(r.output, Catch::Contains("kij 3          36           1  FAIL"));
  CHECK_THAT(r.output, Catch::Contains("kij 2          36           0  PASS"));
  CHECK_THAT(r.output, Catch::Contains((dir / "psum_kij3.txt").string() + ":17: kij 3, nij 13, col 5: expected " +
                                       word(before) + ", actual " + word(after)));
  CHECK(r.last_line() == "10 passed, 1 failed");
}

TEST_CASE("cli.check.corrupt_out_relu") {
  TempDir dir("cli-corrupt-relu");
  gen(dir, "--pattern relu --seed 2");
  // out_relu o_nij 3 = line 7; col 0 = the last 16 characters.
  std::string line = test::read_lines(dir / "out_relu.txt")[6];
  const std::string before = line.substr(112, 16);
  line[127] = line[127] == '0' ? '1' : '0';
  const std::string after = line.substr(112, 16);
  test::replace_line(dir / "out_relu.txt", 7, line);

  const test::Run r = run_cosim("check " + set_dir_args(dir));
  INFO(r.output);
  CHECK(r.code == 1);
  CHECK_THAT(r.output, Catch::Contains("out_relu       16           1  FAIL"));
  CHECK_THAT(r.output, Catch::Contains((dir / "out_relu.txt").string() + ":7: out_relu o_nij 3, col 0: expected " +
                                       word(before) + ", actual " + word(after)));
  CHECK(r.last_line() == "10 passed, 1 failed");
}

TEST_CASE("cli.check.max_report") {
  TempDir dir("cli-max-report");
  gen(dir, "--pattern random --seed 3");
  for (int line : {4, 5, 6}) {
    std::string l = test::read_lines(dir / "psum_kij0.txt")[static_cast<size_t>(line - 1)];
    l[0] = l[0] == '0' ? '1' : '0';
    test::replace_line(dir / "psum_kij0.txt", line, l);
  }
  const test::Run r = run_cosim("check " + set_dir_args(dir) + " --max-report 2");
  INFO(r.output);
  CHECK(r.code == 1);
  CHECK_THAT(r.output, Catch::Contains("3 values disagree") && Catch::Contains("first 2:"));
  CHECK_THAT(r.output, Catch::Contains("psum_kij0.txt:5:"));
  CHECK_THAT(r.output, !Catch::Contains("psum_kij0.txt:6:"));
  CHECK(r.last_line() == "10 passed, 1 failed");
}

TEST_CASE("cli.check.partial_set") {
  TempDir dir("cli-partial");
  gen(dir, "--pattern random --seed 4");
  for (int k = 0; k < 9; ++k) std::filesystem::remove(dir / ("psum_kij" + std::to_string(k) + ".txt"));
  std::filesystem::remove(dir / "out.txt");
  const test::Run r = run_cosim("check " + set_dir_args(dir));
  INFO(r.output);
  CHECK(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("kij 0           -           -  absent"));
  CHECK_THAT(r.output, Catch::Contains("psum: absent"));
  CHECK(r.last_line() == "1 passed, 0 failed");
}

TEST_CASE("cli.check.raw_out") {
  TempDir dir("cli-raw");
  const golden::Tile t = golden::generate(golden::Shape{}, golden::Pattern::Random, 19).tile;
  golden::VectorSet v = golden::complete_set(t);
  v.out = golden::compute_tile(t).out_raw;
  golden::write_vector_set(dir.path(), v);
  const test::Run r = run_cosim("check " + set_dir_args(dir));
  INFO(r.output);
  CHECK(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("out            16           0  PASS (raw sums)"));
  CHECK(r.last_line() == "11 passed, 0 failed");
}

TEST_CASE("cli.check.warns_wraps") {
  // 64 rows of 15 x -8: psums -7680 fit in 16 bits, 9 of them (-69120) do not.
  TempDir dir("cli-wraps");
  gen(dir, "--pattern max --rows 64 --cols 1");
  const test::Run r = run_cosim("check " + set_dir_args(dir) + " --rows 64 --cols 1");
  INFO(r.output);
  CHECK(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("warning: 12 values wrapped"));  // 8 edge (6 taps) + 4 interior (9 taps)
  CHECK_THAT(r.output, Catch::Contains("acc o_nij 5 col 0: exact -69120, wrapped to -3584"));
  CHECK(r.last_line() == "11 passed, 0 failed");
}

// The malformed-input table of docs/ROBUSTNESS.md, from the rows and the
// messages cosim actually prints. Hidden: `unit_tests cli.malformed_table -s`
// prints it (rerun after changing a row or a message).
TEST_CASE("cli.malformed_table", "[.]") {
  std::string t = "| case | input | exit | message (`cosim check --vectors DIR`) |\n|---|---|---|---|\n";
  for (const test::Malformed& m : test::malformed_cases())
    t += fmt::format("| `{}` | {} | {} |\n", m.name, m.what, row_message(m));
  std::printf("%s", t.c_str());
  SUCCEED();
}

// Every row is in docs/ROBUSTNESS.md with its message.
TEST_CASE("cli.malformed_documented") {
  const std::string doc = test::read_text(std::filesystem::path(cosim::config::kSourceDir) / "docs/ROBUSTNESS.md");
  for (const test::Malformed& m : test::malformed_cases()) {
    INFO(m.name);
    const std::string where = m.accepted ? "" : (m.line > 0 ? m.file + ":" + std::to_string(m.line) + ": " : m.file + ": ");
    CHECK_THAT(doc, Catch::Contains("| `" + m.name + "` |") && Catch::Contains(where + m.cause));
  }
}
