#include "util.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/core.h>

#include "generate.hpp"

namespace test {

namespace {

fs::path test_root() {
  return fs::temp_directory_path() / ("cosim-unit-" + std::to_string(static_cast<long>(::getpid())));
}

std::atomic<int> counter{0};

// The copy of cosim that user nobody runs (run_cosim_as_nobody).
fs::path nobody_copy() { return test_root() / "cosim-for-nobody"; }

// Removes this process's (by then empty) root folder at exit.
struct RootCleanup {
  ~RootCleanup() {
    std::error_code ec;
    fs::remove(nobody_copy(), ec);
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

// Windows line ends for every line of p.
void to_crlf(const fs::path& p) {
  std::string crlf;
  for (char c : read_text(p)) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  write_text(p, crlf);
}

// The text as UTF-16 little-endian (ASCII only), with or without the
// byte-order mark Windows tools write.
void to_utf16(const fs::path& p, bool bom) {
  std::string out = bom ? std::string("\xff\xfe") : std::string();
  for (char c : read_text(p)) {
    out += c;
    out += '\0';
  }
  write_text(p, out);
}

// Every data line of a binary file as hexadecimal digits (4 bits each).
void to_hex(const fs::path& p) {
  std::vector<std::string> lines = read_lines(p);
  for (std::string& l : lines) {
    if (l.empty() || l[0] == '#') continue;
    std::string hex;
    for (size_t i = 0; i + 4 <= l.size(); i += 4) hex += "0123456789abcdef"[std::stoi(l.substr(i, 4), nullptr, 2)];
    l = hex;
  }
  write_lines(p, lines);
}

// Lets user nobody read everything under dir (whatever the umask), so that
// only the file a row makes unreadable is.
void open_to_others(const fs::path& dir) {
  const auto dir_mode = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                        fs::perms::others_read | fs::perms::others_exec;
  const auto file_mode = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                         fs::perms::others_read;
  fs::permissions(test_root(), dir_mode);
  fs::permissions(dir, dir_mode);
  for (const auto& e : fs::recursive_directory_iterator(dir))
    fs::permissions(e.path(), e.is_directory() ? dir_mode : file_mode);
}

std::vector<Malformed> make_cases() {
  std::vector<Malformed> cases = {
      // --- line structure ---------------------------------------------------
      {"truncated", "file cut in the middle of a data line (no final line end)",
       [](const fs::path& d) {
         good_set(d);
         const auto lines = read_lines(d / "psum_kij4.txt");
         std::string text;
         for (size_t i = 0; i < 23; ++i) text += lines[i] + "\n";  // 3 headers, 20 data lines
         write_text(d / "psum_kij4.txt", text + lines[23].substr(0, 61));
       },
       "psum_kij4.txt", 24,
       "wrong width: expected 128 bits (8 x 16), found 61; the file ends in this line, without a line end: cut short?"},
      {"too_few_lines", "one data line missing (the file ends early, at a line end)",
       [](const fs::path& d) {
         good_set(d);
         auto lines = read_lines(d / "activation.txt");
         lines.pop_back();
         write_lines(d / "activation.txt", lines);
       },
       "activation.txt", 0, "too few data lines: expected 36, found 35 (the file ends at line 38)"},
      {"too_many_lines", "one data line too many",
       [](const fs::path& d) {
         good_set(d);
         auto lines = read_lines(d / "out_relu.txt");
         lines.push_back(lines.back());
         write_lines(d / "out_relu.txt", lines);
       },
       "out_relu.txt", 20, "too many data lines: expected 16, this is data line 17"},
      {"single_file_short", "weight.txt (all kij in one file) one line short",
       [](const fs::path& d) {
         golden::WriteOptions o;
         o.single_files = true;
         good_set(d, o);
         auto lines = read_lines(d / "weight.txt");
         lines.erase(lines.begin() + 40);
         write_lines(d / "weight.txt", lines);
       },
       "weight.txt", 0, "too few data lines: expected 72, found 71 (the file ends at line 74)"},
      {"empty_file", "an empty weight file",
       [](const fs::path& d) {
         good_set(d);
         write_text(d / "weight_kij7.txt", "");
       },
       "weight_kij7.txt", 0, "too few data lines: expected 8, found 0 (the file is empty)"},
      {"missing_headers_strict", "no header lines, read with --strict-headers",
       [](const fs::path& d) {
         golden::WriteOptions o;
         o.headers = false;
         good_set(d, o);
       },
       "activation.txt", 1, "expected 3 header lines starting with '#' before the first data line, found 0", true},
      // --- line ends and invisible characters ----------------------------------
      {"crlf", "Windows (CRLF) line ends in every file: accepted, and said",
       [](const fs::path& d) {
         good_set(d);
         for (const auto& e : fs::directory_iterator(d)) to_crlf(e.path());
       },
       "", 0, "weights: weight_kij0..8.txt (binary, 8 data lines each); CRLF line ends accepted", false, true},
      {"utf8_bom", "a UTF-8 byte-order mark before the headers: accepted, and said",
       [](const fs::path& d) {
         good_set(d);
         write_text(d / "activation.txt", "\xef\xbb\xbf" + read_text(d / "activation.txt"));
       },
       "", 0, "activation: activation.txt (binary, 36 data lines); UTF-8 byte-order mark skipped", false, true},
      {"cr_only", "old Mac line ends: a carriage return (CR) alone ends every line",
       [](const fs::path& d) {
         good_set(d);
         std::string t = read_text(d / "out_relu.txt");
         for (char& c : t) c = c == '\n' ? '\r' : c;
         write_text(d / "out_relu.txt", t);
       },
       "out_relu.txt", 1,
       "the lines end in a carriage return (CR) alone (19 of them, no line feed), as classic Mac OS wrote them: the "
       "whole file is one line; convert the line ends to LF or CRLF"},
      {"utf16", "activation.txt saved as UTF-16 with a byte-order mark (PowerShell's `>`)",
       [](const fs::path& d) {
         good_set(d);
         to_utf16(d / "activation.txt", true);
       },
       "activation.txt", 0,
       "is UTF-16 text (byte-order mark FF FE, as Windows PowerShell and some editors write it): save it as UTF-8 "
       "or ASCII"},
      {"utf16_no_bom", "a weight file saved as UTF-16 without a byte-order mark",
       [](const fs::path& d) {
         good_set(d);
         to_utf16(d / "weight_kij2.txt", false);
       },
       "weight_kij2.txt", 0,
       "looks like UTF-16 text without a byte-order mark (a NUL byte beside every character): save it as UTF-8 or "
       "ASCII"},
      {"hex_file", "activation.txt in hexadecimal (its first data line, all zeros, is 8 zeros)",
       [](const fs::path& d) {
         good_set(d);
         to_hex(d / "activation.txt");
       },
       "activation.txt", 4,
       "8 hexadecimal digits where 32 binary digits belong: a hex file? The vector files hold one 0 or 1 per bit, "
       "MSB first"},
      // --- read, but the course testbench would misread them (warnings) ------
      {"header_spaces", "a header line with spaces (the course testbench skips exactly three tokens): warned",
       [](const fs::path& d) {
         good_set(d);
         replace_line(d / "activation.txt", 1, "# time0 row7 .. row0 #");
       },
       "", 0,
       "activation.txt:1: the course testbench would misread this file: a header line holds a space (the course "
       "testbench skips exactly three whitespace-separated tokens of header: the rest of this line would be read as "
       "data)",
       false, true},
      {"two_header_lines", "two header lines instead of three: warned",
       [](const fs::path& d) {
         good_set(d);
         auto lines = read_lines(d / "weight_kij3.txt");
         lines.erase(lines.begin() + 2);
         write_lines(d / "weight_kij3.txt", lines);
       },
       "", 0,
       "weight_kij3.txt:3: the course testbench would misread this file: 2 header lines before the data, not 3 (the "
       "course testbench skips exactly three tokens of header)",
       false, true},
      {"comment_among_data", "a '#' line between two data lines: warned",
       [](const fs::path& d) {
         good_set(d);
         auto lines = read_lines(d / "psum_kij2.txt");
         lines.insert(lines.begin() + 13, "#nij10");
         write_lines(d / "psum_kij2.txt", lines);
       },
       "", 0,
       "psum_kij2.txt:14: the course testbench would misread this file: a '#' line among the data (the course "
       "testbench reads every line after the header as data)",
       false, true},
      {"stray_cr", "a carriage return inside a data line",
       [](const fs::path& d) {
         good_set(d);
         std::string l = read_lines(d / "psum_kij0.txt")[3];
         l.insert(4, "\r");
         replace_line(d / "psum_kij0.txt", 4, l);
       },
       "psum_kij0.txt", 4, "character a carriage return (CR) at column 5 is not 0 or 1"},
      {"tab_in_binary", "a tab between two fields of a binary line",
       [](const fs::path& d) {
         good_set(d);
         std::string l = read_lines(d / "weight_kij6.txt")[4];
         l.insert(4, "\t");
         replace_line(d / "weight_kij6.txt", 5, l);
       },
       "weight_kij6.txt", 5, "character a tab at column 5 is not 0 or 1"},
      {"tab_separated_int", "tabs instead of commas in an _int file",
       [](const fs::path& d) {
         good_set(d, int_files());
         replace_line(d / "activation_project_int.txt", 7, "1\t2\t3\t4\t5\t6\t7\t8");
       },
       "activation_project_int.txt", 7, "'1\\t2\\t3\\t4\\t5\\t6\\t7\\t8' at column 1 is not a decimal integer"},
      {"trailing_space", "a space after a binary line",
       [](const fs::path& d) {
         good_set(d);
         replace_line(d / "out.txt", 4, read_lines(d / "out.txt")[3] + " ");
       },
       "out.txt", 4, "character a space at column 129 is not 0 or 1"},
      {"nul_byte", "a NUL byte inside a binary line",
       [](const fs::path& d) {
         good_set(d);
         std::string l = read_lines(d / "out.txt")[5];
         l[2] = '\0';
         replace_line(d / "out.txt", 6, l);
       },
       "out.txt", 6, "character byte 0x00 at column 3 is not 0 or 1"},
      // --- characters and values -------------------------------------------------
      {"bad_char", "a '2' in a binary line",
       [](const fs::path& d) {
         good_set(d);
         std::string l = read_lines(d / "psum_kij5.txt")[9];
         l[6] = '2';
         replace_line(d / "psum_kij5.txt", 10, l);
       },
       "psum_kij5.txt", 10, "character '2' at column 7 is not 0 or 1"},
      {"decimal_in_binary", "decimal values in a binary file",
       [](const fs::path& d) {
         good_set(d);
         replace_line(d / "activation.txt", 4, "3,0,0,0,0,0,0,1");
       },
       "activation.txt", 4, "character '3' at column 1 is not 0 or 1 (decimal values belong in an _int file)"},
      {"wrong_width", "a binary line one bit short",
       [](const fs::path& d) {
         good_set(d);
         replace_line(d / "weight_kij2.txt", 4, read_lines(d / "weight_kij2.txt")[3].substr(1));
       },
       "weight_kij2.txt", 4, "wrong width: expected 32 bits (8 x 4), found 31"},
      {"other_array_size", "a set written for a 4x4 array",
       [](const fs::path& d) {
         golden::write_vector_set(d, golden::generate(golden::squeezed_shape(4, 4), golden::Pattern::Random, 3));
       },
       "activation.txt", 4, "wrong width: expected 32 bits (8 x 4), found 16 (4 x 4: written for 4 rows?)"},
      {"int_out_of_range", "activation 16 in an _int file (4-bit unsigned)",
       [](const fs::path& d) {
         good_set(d, int_files());
         replace_line(d / "activation_project_int.txt", 5, "16,0,0,0,0,0,0,0,");
       },
       "activation_project_int.txt", 5, "value 16 (field 1, row 7) out of range for 4-bit unsigned (0..15)"},
      {"int_negative_activation", "activation -1 in an _int file",
       [](const fs::path& d) {
         good_set(d, int_files());
         replace_line(d / "activation_project_int.txt", 6, "0,0,0,-1,0,0,0,0,");
       },
       "activation_project_int.txt", 6, "value -1 (field 4, row 4) out of range for 4-bit unsigned (0..15)"},
      {"int_psum_out_of_range", "psum 40000 in an _int file (16-bit signed)",
       [](const fs::path& d) {
         good_set(d, int_files());
         replace_line(d / "psum_kij1_int.txt", 4, "0,0,0,0,0,0,0,40000,");
       },
       "psum_kij1_int.txt", 4, "value 40000 (field 8, col 0) out of range for 16-bit signed (-32768..32767)"},
      {"int_huge_value", "a 30-digit value in an _int file",
       [](const fs::path& d) {
         good_set(d, int_files());
         replace_line(d / "psum_kij2_int.txt", 8, "0,123456789012345678901234567890,0,0,0,0,0,0,");
       },
       "psum_kij2_int.txt", 8,
       "value '123456789012345678901234...' (30 characters) (field 2, col 6) out of range for 16-bit signed "
       "(-32768..32767)"},
      {"int_wrong_count", "7 values where 8 are needed (_int)",
       [](const fs::path& d) {
         good_set(d, int_files());
         replace_line(d / "weight_kij0_int.txt", 6, "1,2,3,4,5,6,7,");
       },
       "weight_kij0_int.txt", 6, "wrong number of values: expected 8 comma-separated integers, found 7"},
      {"int_not_integer", "1.5 in an _int file",
       [](const fs::path& d) {
         good_set(d, int_files());
         replace_line(d / "out_int_relu.txt", 4, "1.5, 0, 0, 0, 0, 0, 0, 0, ");
       },
       "out_int_relu.txt", 4, "'1.5' at column 1 is not a decimal integer"},
      // --- files and folders -------------------------------------------------------
      {"missing_kij_file", "weight_kij4.txt missing, the other 8 present",
       [](const fs::path& d) {
         good_set(d);
         fs::remove(d / "weight_kij4.txt");
       },
       "weight_kij4.txt", 0, "file not found (other files of weight_kij0..8.txt are present: all 9 are needed)"},
      {"missing_activation", "no activation file under any accepted name",
       [](const fs::path& d) {
         good_set(d);
         fs::remove(d / "activation.txt");
       },
       "activation.txt", 0,
       "file not found (nor activation_project.txt, input.txt, activation_project_int.txt, activation_int.txt)"},
      {"directory", "a folder named weight_kij3.txt",
       [](const fs::path& d) {
         good_set(d);
         fs::remove(d / "weight_kij3.txt");
         fs::create_directory(d / "weight_kij3.txt");
       },
       "weight_kij3.txt", 0, "is a directory, not a file"},
      {"unreadable", "psum_kij6.txt with mode 000 (read as user nobody when the tests run as root)",
       [](const fs::path& d) {
         good_set(d);
         open_to_others(d);
         fs::permissions(d / "psum_kij6.txt", fs::perms::none);
       },
       "psum_kij6.txt", 0, "cannot be opened for reading (Permission denied)", false, false, true},
      {"read_error", "psum_kij7.txt a link to /proc/self/mem, whose first read fails (EIO)",
       [](const fs::path& d) {
         good_set(d);
         fs::remove(d / "psum_kij7.txt");
         fs::create_symlink("/proc/self/mem", d / "psum_kij7.txt");
       },
       "psum_kij7.txt", 0, "read error after 0 bytes (Input/output error)"},
      {"fifo", "a FIFO named weight_kij5.txt (reading it would block forever)",
       [](const fs::path& d) {
         good_set(d);
         fs::remove(d / "weight_kij5.txt");
         if (::mkfifo((d / "weight_kij5.txt").c_str(), 0644) != 0) throw std::runtime_error("test: mkfifo failed");
       },
       "weight_kij5.txt", 0, "is a FIFO (named pipe), not a regular file: only regular files are read"},
      {"device", "activation.txt a link to /dev/zero (reading it would never end)",
       [](const fs::path& d) {
         good_set(d);
         fs::remove(d / "activation.txt");
         fs::create_symlink("/dev/zero", d / "activation.txt");
       },
       "activation.txt", 0, "is a character device, not a regular file: only regular files are read"},
      {"dangling_symlink", "out_relu.txt a link to a file that does not exist",
       [](const fs::path& d) {
         good_set(d);
         fs::remove(d / "out_relu.txt");
         fs::create_symlink("gone.txt", d / "out_relu.txt");
       },
       "out_relu.txt", 0, "file not found: a symbolic link to gone.txt, which does not exist"},
      {"vectors_is_file", "--vectors names a file, not a folder",
       [](const fs::path& d) { write_text(d / "set", "activation.txt\n"); }, "set", 0, "is not a folder", false, false,
       false, "set"},
      {"missing_folder", "--vectors names nothing",
       [](const fs::path&) {}, "nothing", 0, "folder not found", false, false, false, "nothing"},
  };
  return cases;
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

Run run_cosim(const std::string& args, const std::string& prefix) {
  return run_program(prefix + COSIM_BIN, args);
}

Run run_cosim_as_nobody(const std::string& args) {
  // nobody may not reach the build folder (a clone under /root, say): it
  // runs a copy in this process's temporary folder, opened to others.
  const auto exec_mode = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                         fs::perms::others_read | fs::perms::others_exec;
  fs::create_directories(test_root());
  fs::permissions(test_root(), exec_mode);
  if (!fs::exists(nobody_copy())) fs::copy_file(COSIM_BIN, nobody_copy());
  fs::permissions(nobody_copy(), exec_mode);
  return run_program(fmt::format("setpriv --reuid={0} --regid={0} --clear-groups ", kNobody) + nobody_copy().string(),
                     args);
}

Run run_program(const std::string& program, const std::string& args) {
  fs::create_directories(test_root());
  const fs::path out = test_root() / ("run-" + std::to_string(counter++) + ".txt");
  const std::string cmd = program + " " + args + " > " + out.string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.output = read_text(out);
  fs::remove(out);
  return r;
}

const std::vector<Malformed>& malformed_cases() {
  static const std::vector<Malformed> cases = make_cases();
  return cases;
}

const Malformed& malformed(const std::string& name) {
  for (const Malformed& m : malformed_cases())
    if (m.name == name) return m;
  throw std::out_of_range("test: no malformed case " + name);
}

namespace {
// A Catch2 test body that runs fn on one row.
struct RowInvoker : Catch::ITestInvoker {
  RowInvoker(const Malformed& r, void (*f)(const Malformed&)) : row(r), fn(f) {}
  void invoke() const override { fn(row); }
  const Malformed& row;
  void (*fn)(const Malformed&);
};
}  // namespace

bool register_malformed_tests(const std::string& prefix, void (*fn)(const Malformed&)) {
  for (const Malformed& m : malformed_cases()) {
    const std::string name = prefix + m.name;
    // Catch copies the name; the invoker lives as long as the registry.
    Catch::AutoReg(new RowInvoker(m, fn), CATCH_INTERNAL_LINEINFO, Catch::StringRef(),
                   Catch::NameAndTags{Catch::StringRef(name), Catch::StringRef()});
  }
  return true;
}

bool running_as_root() { return ::geteuid() == 0; }

}  // namespace test
