// harness.report.*, harness.options.*: the pieces of CI-grade results
// without a model: lists checked before they are expanded, exit codes of a
// run of several sets, text made valid for JSON and XML, report files
// written whole, the JSON report's nulls and the JUnit report's errors.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "commands.hpp"
#include "options.hpp"
#include "printable.hpp"
#include "report_file.hpp"
#include "report_json.hpp"
#include "report_junit.hpp"
#include "run_report.hpp"
#include "runner.hpp"
#include "validators.hpp"

using namespace cosim;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

fs::path scratch(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("cosim-reports-" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

CaseResult make_case(const std::string& name, Status s) { return CaseResult{name, s, 8, s == Status::Fail, ""}; }

}  // namespace

TEST_CASE("harness.options.int_list_bounds", "[harness]") {
  CHECK(parse_int_list("0-8", 0, 8, "kij").size() == 9);
  CHECK_THROWS_WITH(parse_int_list("9", 0, 8, "kij"), "kij 9 in list '9' is out of range 0..8");
  // Checked before it is expanded: no list of 400 million is ever built.
  CHECK_THROWS_WITH(parse_int_list("0-400000000", 0, 4095, "kij"), Catch::Contains("400000000") &&
                                                                       Catch::Contains("out of range 0..4095"));
  CHECK_THROWS_WITH(parse_int_list("1-100001", 1, kMaxListValue, "X seed"), Catch::Contains("more than 100000"));
  CHECK_THROWS_WITH(parse_int_list("99999999999999999999", 0, 8, "kij"), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(parse_int_list("0,3,1-3", 0, 8, "kij"), "kij 3 is named twice in list '0,3,1-3'");
  CHECK_THROWS_WITH(parse_int_list("", 0, 8, "kij"), Catch::Contains("empty list"));
  CHECK_THROWS_WITH(parse_int_list("1,", 0, 8, "kij"), Catch::Contains("is not a number"));
  CHECK(parse_tile("1,0") == std::pair<int, int>{1, 0});
  CHECK_THROWS(parse_tile("1"));
  CHECK_THROWS(parse_tile("1,-1"));
}

TEST_CASE("harness.options.closest_name", "[harness]") {
  const std::vector<std::string> names = {"gen", "check", "run", "schedule", "emit-tb", "build", "calibrate"};
  CHECK(closest_name("rnu", names) == "run");
  CHECK(closest_name("chekc", names) == "check");
  CHECK(closest_name("sched", names) == "schedule");
  CHECK(closest_name("xyzzy", names).empty());
  CHECK(closest_name("r", names).empty());
}

TEST_CASE("harness.report.exit_codes", "[harness]") {
  // A set: the RTL failing wins over the files; only the files wrong is 4.
  RunLog log;
  CheckResult r;
  r.cases = {make_case("kij0", Status::Pass), make_case("input_consistency", Status::Fail)};
  CHECK(exit_code(r, log) == kFilesWrong);
  r.cases[0].status = Status::Fail;
  CHECK(exit_code(r, log) == kMismatch);
  log.hang = Hang{};
  CHECK(exit_code(r, log) == kHung);
  // A run: 3 before 1 before 4 before 0.
  CHECK(combine_exit_codes({kPass, kFilesWrong}) == kFilesWrong);
  CHECK(combine_exit_codes({kFilesWrong, kMismatch, kPass}) == kMismatch);
  CHECK(combine_exit_codes({kMismatch, kHung, kFilesWrong}) == kHung);
  CHECK(combine_exit_codes({}) == kPass);
  // Nothing of the RTL checked: only input_consistency ran.
  CheckResult skipped;
  skipped.cases = {make_case("kij0", Status::Skip), make_case("input_consistency", Status::Pass)};
  CHECK_FALSE(rtl_checked(skipped));
  skipped.cases[0].status = Status::Pass;
  CHECK(rtl_checked(skipped));
}

TEST_CASE("harness.report.printable", "[harness]") {
  CHECK(utf8_safe("caf\xc3\xa9") == "caf\xc3\xa9");                    // valid UTF-8 kept
  CHECK(utf8_safe("a\xff" "b") == "a\\xffb");                            // a stray byte
  CHECK(utf8_safe("\xc0\xaf") == "\\xc0\\xaf");                          // overlong
  CHECK(utf8_safe("\xed\xa0\x80") == "\\xed\\xa0\\x80");                 // a surrogate
  CHECK(utf8_safe("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");        // beyond U+10FFFF
  CHECK(utf8_safe("\xe2\x82") == "\\xe2\\x82");                          // cut short
  CHECK(xml_escape("<a&\"b'>", true) == "&lt;a&amp;&quot;b&apos;&gt;");
  CHECK(xml_escape("x\x01y\tz\n", false) == "x\\x01y\tz\n");             // XML 1.0 forbids \x01
  CHECK(xml_escape("t\tn\n", true) == "t&#9;n&#10;");                    // kept through attribute normalisation
  CHECK(xml_escape("\xef\xbf\xbf", false) == "\\xef\\xbf\\xbf");         // U+FFFF is no XML character
}

TEST_CASE("harness.report.file_written_whole", "[harness]") {
  const fs::path d = scratch("whole");
  const std::string path = (d / "r.json").string();
  std::ofstream(path) << "old";
  write_report_file(path, "new report\n");
  CHECK(slurp(path) == "new report\n");
  for (const auto& e : fs::directory_iterator(d)) CHECK(e.path().filename() == "r.json");  // no temporary left
  // Through a symbolic link: the target is replaced, the link stays.
  fs::create_symlink("r.json", d / "link.json");
  write_report_file((d / "link.json").string(), "via link\n");
  CHECK(fs::is_symlink(d / "link.json"));
  CHECK(slurp(path) == "via link\n");
  // A failed write is an error naming the file and the cause.
  CHECK_THROWS_WITH(write_report_file("/dev/full", "x"), Catch::Contains("/dev/full") &&
                                                             Catch::Contains("No space left on device"));
  CHECK_THROWS_AS(write_report_file((d / "no_dir/r.json").string(), "x"), ReportWriteError);
  CHECK_THROWS_WITH(check_report_path((d / "no_dir/r.json").string(), "--json"), Catch::Contains("does not exist"));
  CHECK_THROWS_WITH(check_report_path(d.string(), "--json"), Catch::Contains("is a folder"));
  check_report_path("/dev/null", "--json");  // a device is written in place
  fs::remove_all(d.parent_path());
}

TEST_CASE("harness.report.json_and_junit", "[harness]") {
  RunReport run;
  run.timestamp = "2025-01-31T12:00:00";
  run.model_name = "core_r8c8";
  run.planned_sets = 1;
  SetReport s;
  s.name = "default";
  s.vectors = "tests/vectors/default";
  s.result.cases = {make_case("kij0", Status::Pass), make_case("input_consistency", Status::Fail),
                    make_case("kij1", Status::Skip)};
  s.result.cases[2].detail = "not selected (--kij)";
  Mismatch m;
  m.check = "input_consistency";
  m.kind = Kind::Inconsistent;
  m.kij = 3;
  m.nij = 17;
  m.col = 0;
  m.expected = -42;
  m.actual = 6;
  s.result.mismatches = {m};
  s.exit_code = kFilesWrong;
  run.sets = {s};
  run.exit_code = kFilesWrong;
  // The text as nlohmann/json writes it (dump(2)): one key a line.
  const std::string j = json_report(run);
  CHECK_THAT(j, Catch::Contains("\"schema_version\": " + std::to_string(kJsonSchemaVersion) + ","));
  CHECK_THAT(j, Catch::Contains("\"verdict\": \"files-disagree\""));
  CHECK_THAT(j, Catch::Contains("\"profile\": null"));
  CHECK_THAT(j, Catch::Contains("\"cycle\": null"));  // a file's value has no cycle
  CHECK_THAT(j, Catch::Contains("\"addr\": null"));
  CHECK_THAT(j, Catch::Contains("\"expected\": -42"));
  CHECK_THAT(j, Catch::Contains("\"skipped\": 1"));
  CHECK_THAT(j, !Catch::Contains(": -1,"));  // absent values are null, never -1
  const std::string x = junit_report(run, "ci host");
  CHECK_THAT(x, Catch::Contains("<error type=\"inconsistent-input\""));
  CHECK_THAT(x, !Catch::Contains("<failure"));
  CHECK_THAT(x, Catch::Contains("tests=\"2\" failures=\"0\" errors=\"1\""));  // the skipped case is no test
  CHECK_THAT(x, Catch::Contains("<property name=\"skipped.kij1\" value=\"not selected (--kij)\"/>"));
  CHECK_THAT(x, Catch::Contains("hostname=\"ci_host\""));
  CHECK_THAT(x, Catch::Contains("classname=\"cosim.core_r8c8.default\""));
}
