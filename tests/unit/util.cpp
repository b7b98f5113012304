#include "util.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>

#include "generate.hpp"

namespace test {

namespace {

fs::path test_root() {
  return fs::temp_directory_path() / ("cosim-unit-" + std::to_string(static_cast<long>(::getpid())));
}

std::atomic<int> counter{0};

// Removes this process's (by then empty) root folder at exit.
struct RootCleanup {
  ~RootCleanup() {
    std::error_code ec;
    fs::remove(test_root(), ec);
  }
} root_cleanup;

// A valid 8x8 set (random pattern, seed 3) written to dir.
void good_set(const fs::path& dir, const golden::WriteOptions& opt = {}) {
  golden::write_vector_set(dir, golden::generate(golden::Shape{}, golden::Pattern::Random, 3), opt);
}
golden::WriteOptions int_files() {
  golden::WriteOptions o;
  o.format = golden::FileFormat::Int;
  return o;
}

std::map<std::string, Malformed> make_cases() {
  std::vector<Malformed> cases = {
      {"wrong_width",
       [](const fs::path& d) {
         good_set(d);
         replace_line(d / "weight_kij2.txt", 4, read_lines(d / "weight_kij2.txt")[3].substr(1));
       },
       "weight_kij2.txt", 4, "wrong width: expected 32 bits (8 x 4), found 31", false},
      {"other_array_size",
       [](const fs::path& d) {
         golden::write_vector_set(d, golden::generate(golden::squeezed_shape(4, 4), golden::Pattern::Random, 3));
       },
       "activation.txt", 4, "wrong width: expected 32 bits (8 x 4), found 16 (4 x 4: written for 4 rows?)", false},
      {"empty_file",
       [](const fs::path& d) {
         good_set(d);
         write_text(d / "weight_kij7.txt", "");
       },
       "weight_kij7.txt", 0, "too few data lines: expected 8, found 0 (the file is empty)", false},
      {"bad_char",
       [](const fs::path& d) {
         good_set(d);
         std::string l = read_lines(d / "psum_kij5.txt")[9];
         l[6] = '2';
         replace_line(d / "psum_kij5.txt", 10, l);
       },
       "psum_kij5.txt", 10, "character '2' at column 7 is not 0 or 1", false},
      {"decimal_in_binary",
       [](const fs::path& d) {
         good_set(d);
         replace_line(d / "activation.txt", 4, "3,0,0,0,0,0,0,1");
       },
       "activation.txt", 4, "character '3' at column 1 is not 0 or 1 (decimal values belong in an _int file)", false},
      {"stray_cr",
       [](const fs::path& d) {
         good_set(d);
         std::string l = read_lines(d / "psum_kij0.txt")[3];
         l.insert(4, "\r");
         replace_line(d / "psum_kij0.txt", 4, l);
       },
       "psum_kij0.txt", 4, "character a carriage return (CR) at column 5 is not 0 or 1", false},
      {"trailing_space",
       [](const fs::path& d) {
         good_set(d);
         replace_line(d / "out.txt", 4, read_lines(d / "out.txt")[3] + " ");
       },
       "out.txt", 4, "character a space at column 129 is not 0 or 1", false},
      {"too_few_lines",
       [](const fs::path& d) {
         good_set(d);
         auto lines = read_lines(d / "activation.txt");
         lines.pop_back();
         write_lines(d / "activation.txt", lines);
       },
       "activation.txt", 0, "too few data lines: expected 36, found 35 (the file ends at line 38)", false},
      {"too_many_lines",
       [](const fs::path& d) {
         good_set(d);
         auto lines = read_lines(d / "out_relu.txt");
         lines.push_back(lines.back());
         write_lines(d / "out_relu.txt", lines);
       },
       "out_relu.txt", 20, "too many data lines: expected 16, this is data line 17", false},
      {"single_file_short",
       [](const fs::path& d) {
         golden::WriteOptions o;
         o.single_files = true;
         good_set(d, o);
         auto lines = read_lines(d / "weight.txt");
         lines.erase(lines.begin() + 40);
         write_lines(d / "weight.txt", lines);
       },
       "weight.txt", 0, "too few data lines: expected 72, found 71 (the file ends at line 74)", false},
      {"missing_file",
       [](const fs::path& d) {
         good_set(d);
         fs::remove(d / "weight_kij4.txt");
       },
       "weight_kij4.txt", 0,
       "file not found (other files of weight_kij0..8.txt are present: all 9 are needed)", false},
      {"missing_activation",
       [](const fs::path& d) {
         good_set(d);
         fs::remove(d / "activation.txt");
       },
       "activation.txt", 0,
       "file not found (nor activation_project.txt, activation_project_int.txt, activation_int.txt)", false},
      {"int_out_of_range",
       [](const fs::path& d) {
         good_set(d, int_files());
         replace_line(d / "activation_project_int.txt", 5, "16,0,0,0,0,0,0,0,");
       },
       "activation_project_int.txt", 5, "value 16 (field 1, row 7) out of range for 4-bit unsigned (0..15)", false},
      {"int_psum_out_of_range",
       [](const fs::path& d) {
         good_set(d, int_files());
         replace_line(d / "psum_kij1_int.txt", 4, "0,0,0,0,0,0,0,40000,");
       },
       "psum_kij1_int.txt", 4, "value 40000 (field 8, col 0) out of range for 16-bit signed (-32768..32767)",
       false},
      {"int_negative_activation",
       [](const fs::path& d) {
         good_set(d, int_files());
         replace_line(d / "activation_project_int.txt", 6, "0,0,0,-1,0,0,0,0,");
       },
       "activation_project_int.txt", 6, "value -1 (field 4, row 4) out of range for 4-bit unsigned (0..15)", false},
      {"int_wrong_count",
       [](const fs::path& d) {
         good_set(d, int_files());
         replace_line(d / "weight_kij0_int.txt", 6, "1,2,3,4,5,6,7,");
       },
       "weight_kij0_int.txt", 6, "wrong number of values: expected 8 comma-separated integers, found 7", false},
      {"int_not_integer",
       [](const fs::path& d) {
         good_set(d, int_files());
         replace_line(d / "out_int_relu.txt", 4, "1.5, 0, 0, 0, 0, 0, 0, 0, ");
       },
       "out_int_relu.txt", 4, "'1.5' at column 1 is not a decimal integer", false},
      {"missing_headers_strict",
       [](const fs::path& d) {
         golden::WriteOptions o;
         o.headers = false;
         good_set(d, o);
       },
       "activation.txt", 1, "expected 3 header lines starting with '#' before the first data line, found 0", true},
  };
  std::map<std::string, Malformed> m;
  for (auto& c : cases) m.emplace(c.name, c);
  return m;
}

}  // namespace

TempDir::TempDir(const std::string& name) {
  path_ = test_root() / (name + "-" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("test: cannot read " + p.string());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("test: cannot write " + p.string());
}

std::vector<std::string> read_lines(const fs::path& p) {
  const std::string text = read_text(p);
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    const size_t end = nl == std::string::npos ? text.size() : nl;
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

void write_lines(const fs::path& p, const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  write_text(p, text);
}

void replace_line(const fs::path& p, int n, const std::string& text) {
  auto lines = read_lines(p);
  lines.at(static_cast<size_t>(n - 1)) = text;
  write_lines(p, lines);
}

std::string Run::last_line() const {
  size_t end = output.size();
  while (end > 0 && output[end - 1] == '\n') --end;
  const size_t start = output.rfind('\n', end == 0 ? 0 : end - 1);
  return output.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1));
}

Run run_cosim(const std::string& args) {
  fs::create_directories(test_root());
  const fs::path out = test_root() / ("run-" + std::to_string(counter++) + ".txt");
  const std::string cmd = std::string(COSIM_BIN) + " " + args + " > " + out.string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.output = read_text(out);
  fs::remove(out);
  return r;
}

const Malformed& malformed(const std::string& name) {
  static const std::map<std::string, Malformed> cases = make_cases();
  return cases.at(name);
}

}  // namespace test
