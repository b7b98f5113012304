// cli.*: the built `cosim gen` and `cosim check`, run as a user runs them.
#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cosim_config.hpp"
#include "generate.hpp"
#include "util.hpp"
#include "vectors.hpp"

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

// --- files as teams write them, through the commands ----------------------------

namespace {

// A set without psum files whose psum.txt holds the 16 raw output sums and
// output.txt the values after ReLU.
void psum16_set(const TempDir& d) {
  const golden::Shape s;
  golden::VectorSet v = golden::generate(s, golden::Pattern::Random, 31);
  const golden::TileResult g = golden::compute_tile(v.tile);
  v.psum.reset();
  v.out.reset();
  v.out_relu.reset();
  golden::write_vector_set(d.path(), v);
  golden::write_vector_file(d / "psum.txt", golden::FileKind::Out, s, golden::FileFormat::Binary, g.out_raw);
  golden::write_vector_file(d / "output.txt", golden::FileKind::Out, s, golden::FileFormat::Binary, g.out_relu);
}

}  // namespace

TEST_CASE("cli.check.psum_txt_of_outputs") {
  TempDir dir("cli-psum16");
  psum16_set(dir);
  const test::Run r = run_cosim("check " + set_dir_args(dir));
  INFO(r.output);
  CHECK(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("out_raw        16           0  PASS (raw sums)"));
  CHECK_THAT(r.output, Catch::Contains("out            16           0  PASS (after ReLU)"));
  CHECK_THAT(r.output, Catch::Contains("checked as out_raw"));
  CHECK(r.last_line() == "2 passed, 0 failed");
  // Must fail: one sum changed in psum.txt.
  std::string l = test::read_lines(dir / "psum.txt")[10];
  l[127] = l[127] == '0' ? '1' : '0';
  test::replace_line(dir / "psum.txt", 11, l);
  const test::Run bad = run_cosim("check " + set_dir_args(dir));
  INFO(bad.output);
  CHECK(bad.code == 1);
  CHECK_THAT(bad.output, Catch::Contains("out_raw        16           1  FAIL (raw sums)"));
  CHECK_THAT(bad.output, Catch::Contains((dir / "psum.txt").string() + ":11: out_raw o_nij 7, col 0"));
  // cosim run judges the same files as input: the RTL passes, the files do not.
  const test::Run run = run_cosim("run " + set_dir_args(dir));
  INFO(run.output);
  CHECK(run.code == 4);
  CHECK_THAT(run.output, Catch::Contains("psum.txt:11 (out_raw file) disagrees with the golden model"));
}

TEST_CASE("cli.check.out_and_output_both_checked") {
  TempDir dir("cli-both");
  gen(dir, "--pattern relu --seed 5");
  std::filesystem::copy_file(dir / "out.txt", dir / "output.txt");
  const test::Run r = run_cosim("check " + set_dir_args(dir));
  INFO(r.output);
  CHECK(r.code == 0);
  CHECK(r.last_line() == "12 passed, 0 failed");
  CHECK_THAT(r.output, Catch::Contains("output         16           0  PASS"));
  // Must fail: only output.txt wrong, which was once silently ignored.
  std::string l = test::read_lines(dir / "output.txt")[4];
  l[127] = l[127] == '0' ? '1' : '0';
  test::replace_line(dir / "output.txt", 5, l);
  const test::Run bad = run_cosim("check " + set_dir_args(dir));
  INFO(bad.output);
  CHECK(bad.code == 1);
  CHECK_THAT(bad.output, Catch::Contains("output         16           1  FAIL"));
  CHECK(bad.last_line() == "11 passed, 1 failed");
}

TEST_CASE("cli.check.tiled_names") {
  // The course's tiled names: tile 0,0 by default, --tile I,O for another;
  // the psum files beside them are tile 0,0's.
  TempDir dir("cli-tiles");
  golden::Shape s;
  s.in_ch = 16;
  const golden::Layer l = golden::generate_layer(s, golden::Pattern::Random, 32);
  golden::write_layer_tiles(dir.path(), l);
  TempDir t00("cli-tiles-00");
  golden::write_vector_set(t00.path(), golden::complete_set(golden::make_tile(l, 0, 0)));
  for (int k = 0; k < 9; ++k) {
    const std::string f = "psum_kij" + std::to_string(k) + ".txt";
    std::filesystem::copy_file(t00 / f, dir / f);
  }
  const test::Run r = run_cosim("check " + set_dir_args(dir));
  INFO(r.output);
  CHECK(r.code == 0);
  CHECK_THAT(r.output, Catch::Contains("tiled set: tile 0,0 (activation_tile0.txt and weight_itile0_otile0_kij{k}.txt)"));
  CHECK_THAT(r.output, Catch::Contains("out files: not compared: with 2 input-channel tiles"));
  CHECK(r.last_line() == "9 passed, 0 failed");
  CHECK_THAT(r.output, !Catch::Contains("()"));  // no message points at a function
  // Tile 1,0: the psum files are not its own: nothing to compare.
  const test::Run t10 = run_cosim("check " + set_dir_args(dir) + " --tile 1,0");
  INFO(t10.output);
  CHECK(t10.code == 2);
  CHECK_THAT(t10.output, Catch::Contains("psum and out files: not compared: the notebook writes them for tile 0,0"));
  CHECK_THAT(t10.output, Catch::Contains("NOTHING CHECKED"));
  // cosim run without --tile: the whole layer, its psum files said not compared.
  const test::Run layer = run_cosim("run " + set_dir_args(dir));
  INFO(layer.output);
  CHECK(layer.code == 0);
  CHECK_THAT(layer.output, Catch::Contains("otile0_out_relu    PASS        128"));
  CHECK_THAT(layer.output, Catch::Contains("psum_kij0.txt beside the tiles: not compared in a whole-layer run"));
  CHECK(layer.last_line() == "2 passed, 0 failed");
  // With --tile: that tile as a vector set, tile 0,0 with its psum files.
  for (const auto& [tile, last] : std::vector<std::pair<std::string, std::string>>{
           {" --tile 0,0", "11 passed, 0 failed"}, {" --tile 1,0", "10 passed, 0 failed"}}) {
    const test::Run run = run_cosim("run " + set_dir_args(dir) + tile);
    INFO(run.output);
    CHECK(run.code == 0);
    CHECK_THAT(run.output, Catch::Contains("out_relu           PASS        128"));
    CHECK(run.last_line() == last);
  }
  const test::Run none = run_cosim("run " + set_dir_args(dir) + " --tile 2,0");
  INFO(none.output);
  CHECK(none.code == 2);
  CHECK_THAT(none.output, Catch::Contains("activation_tile2.txt: file not found (nor activation_tile2_int.txt): tile "
                                          "2,0 is activation_tile2.txt and weight_itile2_otile0_kij{k}.txt"));
  CHECK(run_cosim("check " + set_dir_args(dir) + " --tile 1").code == 2);
}

TEST_CASE("cli.check.nothing_checked") {
  // Activations and weights only: nothing to compare is not a pass.
  TempDir dir("cli-nothing");
  golden::VectorSet v = golden::generate(golden::Shape{}, golden::Pattern::Random, 33);
  v.psum.reset();
  v.out.reset();
  v.out_relu.reset();
  golden::write_vector_set(dir.path(), v);
  const test::Run r = run_cosim("check " + set_dir_args(dir));
  INFO(r.output);
  CHECK(r.code == 2);
  CHECK_THAT(r.output, Catch::Contains("NOTHING CHECKED: the folder holds no psum, out or out_relu file"));
  CHECK(r.last_line() == "0 passed, 0 failed");
}

// --- the command line ---------------------------------------------------------------

TEST_CASE("cli.short_options_mean_the_same") {
  // -v is --vectors and -o is --out wherever they exist, and nothing else.
  const std::vector<std::string> with_v = {"check", "run", "emit-tb", "schedule", "calibrate", "build"};
  const std::vector<std::string> with_o = {"gen", "emit-tb", "schedule", "calibrate"};
  for (const std::string sub : {"gen", "check", "run", "emit-tb", "schedule", "calibrate", "build"}) {
    INFO(sub);
    const test::Run h = run_cosim(sub + " --help");
    CHECK(h.code == 0);
    const bool v = std::find(with_v.begin(), with_v.end(), sub) != with_v.end();
    const bool o = std::find(with_o.begin(), with_o.end(), sub) != with_o.end();
    CHECK((h.output.find("-v,--vectors") != std::string::npos) == v);
    CHECK((h.output.find("-o,--out") != std::string::npos) == o);
    CHECK(h.output.find("-v,") == h.output.rfind("-v,"));
    CHECK(h.output.find("-o,") == h.output.rfind("-o,"));
  }
  TempDir dir("cli-short");
  CHECK(run_cosim("gen -o " + dir.path().string()).code == 0);
  const test::Run c = run_cosim("check -v " + dir.path().string());
  INFO(c.output);
  CHECK(c.code == 0);
  CHECK(c.last_line() == "11 passed, 0 failed");
}

TEST_CASE("cli.unknown_command_suggests") {
  for (const auto& [typed, meant] : std::vector<std::pair<std::string, std::string>>{
           {"rnu", "run"}, {"chekc", "check"}, {"emit", "emit-tb"}, {"calib", "calibrate"}, {"gne", "gen"}}) {
    const test::Run r = run_cosim(typed + " --vectors x");
    INFO(r.output);
    CHECK(r.code == 2);
    CHECK_THAT(r.output, Catch::Contains("error: unknown command '" + typed + "': did you mean '" + meant + "'?"));
  }
  const test::Run far = run_cosim("xyzzy");
  CHECK(far.code == 2);
  CHECK_THAT(far.output, Catch::Contains("unknown command 'xyzzy'; the commands are gen, check, run"));
}
