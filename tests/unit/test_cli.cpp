// cli.*: the built `cosim gen` and `cosim check`, run as a user runs them.
#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <string>

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

void expect_bad_input(const std::string& name) {
  const test::Malformed& m = test::malformed(name);
  TempDir dir("cli-malformed-" + name);
  m.make(dir.path());
  const test::Run r = run_cosim("check " + set_dir_args(dir) + (m.strict_headers ? " --strict-headers" : ""));
  INFO(r.output);
  CHECK(r.code == 2);
  const std::string where = m.line > 0 ? m.file + ":" + std::to_string(m.line) + ": " : m.file + ": ";
  CHECK_THAT(r.output, Catch::Contains("error: ") && Catch::Contains(where + m.cause));
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

TEST_CASE("cli.check.bad_input.wrong_width") { expect_bad_input("wrong_width"); }
TEST_CASE("cli.check.bad_input.other_array_size") { expect_bad_input("other_array_size"); }
TEST_CASE("cli.check.bad_input.empty_file") { expect_bad_input("empty_file"); }
TEST_CASE("cli.check.bad_input.bad_char") { expect_bad_input("bad_char"); }
TEST_CASE("cli.check.bad_input.decimal_in_binary") { expect_bad_input("decimal_in_binary"); }
TEST_CASE("cli.check.bad_input.stray_cr") { expect_bad_input("stray_cr"); }
TEST_CASE("cli.check.bad_input.trailing_space") { expect_bad_input("trailing_space"); }
TEST_CASE("cli.check.bad_input.too_few_lines") { expect_bad_input("too_few_lines"); }
TEST_CASE("cli.check.bad_input.too_many_lines") { expect_bad_input("too_many_lines"); }
TEST_CASE("cli.check.bad_input.single_file_short") { expect_bad_input("single_file_short"); }
TEST_CASE("cli.check.bad_input.missing_file") { expect_bad_input("missing_file"); }
TEST_CASE("cli.check.bad_input.missing_activation") { expect_bad_input("missing_activation"); }
TEST_CASE("cli.check.bad_input.int_out_of_range") { expect_bad_input("int_out_of_range"); }
TEST_CASE("cli.check.bad_input.int_psum_out_of_range") { expect_bad_input("int_psum_out_of_range"); }
TEST_CASE("cli.check.bad_input.int_negative_activation") { expect_bad_input("int_negative_activation"); }
TEST_CASE("cli.check.bad_input.int_wrong_count") { expect_bad_input("int_wrong_count"); }
TEST_CASE("cli.check.bad_input.int_not_integer") { expect_bad_input("int_not_integer"); }
TEST_CASE("cli.check.bad_input.missing_headers_strict") { expect_bad_input("missing_headers_strict"); }
