// vectors.*: the vector-file writer and reader. Expected file text is written
// out by hand from the notebook's writers (cells 97-129).
#include <catch2/catch.hpp>

#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "generate.hpp"
#include "util.hpp"
#include "vectors.hpp"

using golden::FileFormat;
using golden::Shape;
using golden::VectorSet;
using golden::WriteOptions;
using test::TempDir;

namespace {

size_t at(int i) { return static_cast<size_t>(i); }

const char* kActHeader =
    "#time0row7[msb-lsb],time0row6[msb-lst],....,time0row0[msb-lst]#\n"
    "#time1row7[msb-lsb],time1row6[msb-lst],....,time1row0[msb-lst]#\n"
    "#................#\n";
const char* kWgtHeader =
    "#col0row7[msb-lsb],col0row6[msb-lst],....,col0row0[msb-lst]#\n"
    "#col1row7[msb-lsb],col1row6[msb-lst],....,col1row0[msb-lst]#\n"
    "#................#\n";
const char* kPsumHeader =
    "#time0col7[msb-lsb],time0col6[msb-lst],....,time0col0[msb-lst]#\n"
    "#time1col7[msb-lsb],time1col6[msb-lst],....,time1col0[msb-lst]#\n"
    "#................#\n";
const char* kOutHeader =
    "#out7feature0[msb-lsb],out6feature0[msb-lst],....,out0feature0[msb-lst]#\n"
    "#out7feature1[msb-lsb],out6feature1[msb-lst],....,out0feature1[msb-lst]#\n"
    "#................#\n";

std::string repeat_line(const std::string& line, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += line + "\n";
  return s;
}

// Writes v with opt, reads it back, and requires every value to survive.
VectorSet roundtrip(const VectorSet& v, const WriteOptions& opt, const TempDir& dir) {
  golden::write_vector_set(dir.path(), v, opt);
  const VectorSet r = golden::read_vector_set(dir.path(), v.shape());
  CHECK(r.tile.act == v.tile.act);
  CHECK(r.tile.wgt == v.tile.wgt);
  CHECK(r.psum == v.psum);
  CHECK(r.out == v.out);
  CHECK(r.out_relu == v.out_relu);
  CHECK(golden::check_consistency(r, golden::compute_tile(r.tile)).empty());
  return r;
}

std::string all_notes(const VectorSet& v) {
  std::string s;
  for (const auto& n : v.notes) s += n + "\n";
  return s;
}

// The notes and the warnings (the course testbench's misreadings).
std::string notes_and_warnings(const VectorSet& v) {
  std::string s = all_notes(v);
  for (const auto& w : v.warnings) s += "warning: " + w + "\n";
  return s;
}

// What reading a set gave: an InputError's parts, or the notes.
struct ReadResult {
  bool threw = false;
  std::string file;
  int line = 0;
  std::string cause;
  std::string what;
  std::string notes;
  std::string other;  // anything else thrown, or a child that went wrong
};

ReadResult read_here(const std::filesystem::path& set, const golden::ReadOptions& opt) {
  ReadResult r;
  try {
    r.notes = notes_and_warnings(golden::read_vector_set(set, Shape{}, opt));
  } catch (const golden::InputError& e) {
    r = {true, e.file(), e.line(), e.cause(), e.what(), "", ""};
  } catch (const std::exception& e) {
    r.other = std::string("not an InputError: ") + e.what();
  }
  return r;
}

// read_here() in a child process that has become user nobody: root reads a
// file whatever its mode, so a permission test run as root must drop root.
ReadResult read_as_nobody(const std::filesystem::path& set, const golden::ReadOptions& opt) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    ReadResult r;
    if (::setgroups(0, nullptr) != 0 || ::setgid(test::kNobody) != 0 || ::setuid(test::kNobody) != 0)
      r.other = "cannot become user nobody";
    else
      r = read_here(set, opt);
    const std::string msg = std::string(r.threw ? "1" : "0") + '\0' + r.file + '\0' + std::to_string(r.line) + '\0' +
                            r.cause + '\0' + r.what + '\0' + r.notes + '\0' + r.other;
    const ssize_t n = ::write(fds[1], msg.data(), msg.size());
    ::_exit(n == static_cast<ssize_t>(msg.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  std::string msg;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) msg.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ReadResult r;
  std::vector<std::string> f;
  for (size_t pos = 0;;) {
    const size_t z = msg.find('\0', pos);
    f.push_back(msg.substr(pos, z == std::string::npos ? std::string::npos : z - pos));
    if (z == std::string::npos) break;
    pos = z + 1;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || f.size() != 7) {
    r.other = "the reading child failed";
    return r;
  }
  r = {f[0] == "1", f[1], std::stoi(f[2]), f[3], f[4], f[5], f[6]};
  return r;
}

// vectors.malformed.<row>: the reader on one row of the malformed-input table.
void expect_malformed(const test::Malformed& m) {
  TempDir dir("malformed-" + m.name);
  m.make(dir.path());
  const std::filesystem::path set = m.vectors.empty() ? dir.path() : dir / m.vectors;
  golden::ReadOptions opt;
  opt.headers_required = m.strict_headers;
  const bool drop_root = m.unprivileged && test::running_as_root();
  INFO((drop_root ? "running as root: read in a child process as user nobody" : "read in this process"));
  const ReadResult r = drop_root ? read_as_nobody(set, opt) : read_here(set, opt);
  INFO(r.what << r.notes << r.other);
  REQUIRE(r.other.empty());
  if (m.accepted) {
    CHECK_FALSE(r.threw);
    CHECK_THAT(r.notes, Catch::Contains(m.cause));
    return;
  }
  REQUIRE(r.threw);
  CHECK(std::filesystem::path(r.file).filename() == m.file);
  CHECK(r.line == m.line);
  CHECK(r.cause == m.cause);
  // what() is "file:line: cause" (or "file: cause" for the whole file).
  const std::string where = m.line > 0 ? m.file + ":" + std::to_string(m.line) + ": " : m.file + ": ";
  CHECK_THAT(r.what, Catch::Contains(where + m.cause));
}

const bool malformed_registered = test::register_malformed_tests("vectors.malformed.", expect_malformed);

}  // namespace

TEST_CASE("vectors.write.notebook_bytes") {
  VectorSet v{Shape{}};
  for (int r = 0; r < 8; ++r) {
    v.tile.a(0, r) = r;
    v.tile.a(1, r) = 15 - r;
    v.tile.w(0, 0, r) = r - 8;
    v.tile.w(0, 1, r) = 7 - r;
  }
  std::vector<int64_t> psum(at(9 * 36 * 8), 0);
  for (int c = 0; c < 8; ++c) psum[at(c)] = c - 4;  // kij 0 nij 0
  v.psum = psum;
  std::vector<int64_t> out(at(16 * 8), 0);
  out[7] = 32767;
  out[6] = -32768;
  v.out = out;
  v.out_relu = std::vector<int64_t>(at(16 * 8), 0);

  TempDir dir("bytes");
  const auto files = golden::write_vector_set(dir.path(), v);
  REQUIRE(files.size() == 1 + 9 + 9 + 2);
  CHECK(files.front() == dir / "activation.txt");
  CHECK(files.back() == dir / "out_relu.txt");

  const std::string zeros32 = std::string(32, '0');
  const std::string zeros128 = std::string(128, '0');
  // activation: row7 .. row0, 4 bits each; nij 0 = 7,6,5,4,3,2,1,0; nij 1 = 8..15.
  CHECK(test::read_text(dir / "activation.txt") == std::string(kActHeader) +
                                                       "01110110010101000011001000010000\n"
                                                       "10001001101010111100110111101111\n" +
                                                       repeat_line(zeros32, 34));
  // weight col 0 = row7 -1 .. row0 -8 (4-bit two's complement); col 1 = 0 .. 7.
  CHECK(test::read_text(dir / "weight_kij0.txt") == std::string(kWgtHeader) +
                                                        "11111110110111001011101010011000\n"
                                                        "00000001001000110100010101100111\n" +
                                                        repeat_line(zeros32, 6));
  CHECK(test::read_text(dir / "weight_kij8.txt") == std::string(kWgtHeader) + repeat_line(zeros32, 8));
  // psum col7 .. col0 = 3, 2, 1, 0, -1, -2, -3, -4 in 16 bits.
  CHECK(test::read_text(dir / "psum_kij0.txt") ==
        std::string(kPsumHeader) +
            "0000000000000011000000000000001000000000000000010000000000000000"
            "1111111111111111111111111111111011111111111111011111111111111100\n" +
            repeat_line(zeros128, 35));
  // out col7 = 32767, col6 = -32768.
  CHECK(test::read_text(dir / "out.txt") ==
        std::string(kOutHeader) + "01111111111111111000000000000000" + std::string(96, '0') + "\n" +
            repeat_line(zeros128, 15));
  CHECK(test::read_text(dir / "out_relu.txt") == std::string(kOutHeader) + repeat_line(zeros128, 16));
}

TEST_CASE("vectors.write.int_bytes") {
  // The notebook's _int writers: "v," per value, highest lane first; out_int_relu
  // adds a blank after each comma.
  VectorSet v{Shape{}};
  for (int r = 0; r < 8; ++r) v.tile.w(0, 0, r) = r - 8;
  v.out_relu = std::vector<int64_t>(at(16 * 8), 0);
  (*v.out_relu)[0] = 5;
  TempDir dir("int-bytes");
  WriteOptions o;
  o.format = FileFormat::Int;
  golden::write_vector_set(dir.path(), v, o);
  CHECK(test::read_lines(dir / "weight_kij0_int.txt")[3] == "-1,-2,-3,-4,-5,-6,-7,-8,");
  CHECK(test::read_lines(dir / "activation_project_int.txt")[3] == "0,0,0,0,0,0,0,0,");
  CHECK(test::read_lines(dir / "out_int_relu.txt")[3] == "0, 0, 0, 0, 0, 0, 0, 5, ");
  CHECK(test::read_lines(dir / "out_int_relu.txt").size() == 3 + 16);
}

TEST_CASE("vectors.header.small_array") {
  const Shape s = golden::squeezed_shape(4, 2);
  CHECK(golden::header_lines(golden::FileKind::Activation, s) ==
        "#time0row3[msb-lsb],time0row2[msb-lst],....,time0row0[msb-lst]#\n"
        "#time1row3[msb-lsb],time1row2[msb-lst],....,time1row0[msb-lst]#\n"
        "#................#\n");
  CHECK(golden::header_lines(golden::FileKind::Out, s) ==
        "#out1feature0[msb-lsb],out0feature0[msb-lst]#\n"
        "#out1feature1[msb-lsb],out0feature1[msb-lst]#\n"
        "#................#\n");
  CHECK(golden::header_lines(golden::FileKind::Psum, Shape{}) == kPsumHeader);
}

TEST_CASE("vectors.parse.sign_extension") {
  const golden::LineFormat s4{1, 4, true, "row"};
  const golden::LineFormat u4{1, 4, false, "row"};
  CHECK(golden::parse_data_line("1000", s4, FileFormat::Binary, "f", 1) == std::vector<int64_t>{-8});
  CHECK(golden::parse_data_line("1111", s4, FileFormat::Binary, "f", 1) == std::vector<int64_t>{-1});
  CHECK(golden::parse_data_line("0111", s4, FileFormat::Binary, "f", 1) == std::vector<int64_t>{7});
  CHECK(golden::parse_data_line("1000", u4, FileFormat::Binary, "f", 1) == std::vector<int64_t>{8});
  CHECK(golden::parse_data_line("1111110001000000", {1, 16, true, "col"}, FileFormat::Binary, "f", 1) ==
        std::vector<int64_t>{-960});
  // The first field is the highest lane: "0001 0010" is lane 1 = 1, lane 0 = 2.
  CHECK(golden::parse_data_line("00010010", {2, 4, false, "row"}, FileFormat::Binary, "f", 1) ==
        std::vector<int64_t>{2, 1});
  CHECK(golden::parse_data_line(" 3, -1 ,", {2, 4, true, "row"}, FileFormat::Int, "f", 1) ==
        std::vector<int64_t>{-1, 3});
  CHECK(golden::parse_data_line("-8,7", {2, 4, true, "row"}, FileFormat::Int, "f", 1) ==
        std::vector<int64_t>{7, -8});
  CHECK_THROWS_WITH(golden::parse_data_line("3,,1", {3, 4, true, "row"}, FileFormat::Int, "f", 9),
                    "f:9: empty value at column 3");
}

TEST_CASE("vectors.parse.leading_zeros") {
  // Leading zeros are not significant digits: 25 characters can still be 7.
  CHECK(golden::parse_data_line("0000000000000000000000007,-0000000000000000000000008", {2, 4, true, "row"},
                                FileFormat::Int, "f", 1) == std::vector<int64_t>{-8, 7});
  CHECK_THROWS_WITH(golden::parse_data_line("0000000000000000000000016", {1, 4, true, "row"}, FileFormat::Int, "f", 2),
                    "f:2: value 16 (field 1, row 0) out of range for 4-bit signed (-8..7)");
}

TEST_CASE("vectors.roundtrip.binary") {
  TempDir dir("rt-binary");
  const VectorSet r = roundtrip(golden::generate(Shape{}, golden::Pattern::Random, 11), {}, dir);
  CHECK_THAT(all_notes(r), Catch::Contains("activation: activation.txt (binary, 36 data lines)"));
  CHECK_THAT(all_notes(r), Catch::Contains("weights: weight_kij0..8.txt (binary, 8 data lines each)"));
  // Provenance: psum kij 3 nij 13 is data line 14 of psum_kij3.txt = line 17.
  CHECK(r.psum_lines[at(3 * 36 + 13)].file == (dir / "psum_kij3.txt").string());
  CHECK(r.psum_lines[at(3 * 36 + 13)].line == 17);
  CHECK(r.out_relu_lines[at(15)].line == 19);
}

TEST_CASE("vectors.roundtrip.small_arrays") {
  for (int n : {1, 2, 4}) {
    INFO("array " << n << "x" << n);
    TempDir dir("rt-small");
    const Shape s = golden::squeezed_shape(n, n);
    roundtrip(golden::generate(s, golden::Pattern::Random, 5), {}, dir);
    CHECK(test::read_lines(dir / "activation.txt")[3].size() == at(4 * n));
    CHECK(test::read_lines(dir / "psum_kij0.txt")[3].size() == at(16 * n));
  }
}

TEST_CASE("vectors.roundtrip.no_headers") {
  TempDir dir("rt-noheaders");
  WriteOptions o;
  o.headers = false;
  const VectorSet r = roundtrip(golden::generate(Shape{}, golden::Pattern::Relu, 2), o, dir);
  CHECK(test::read_lines(dir / "activation.txt").size() == 36);
  CHECK_THAT(all_notes(r), Catch::Contains("activation: activation.txt (binary, 36 data lines); no header lines"));
  CHECK(r.psum_lines[0].line == 1);
}

TEST_CASE("vectors.roundtrip.int") {
  TempDir dir("rt-int");
  WriteOptions o;
  o.format = FileFormat::Int;
  const VectorSet r = roundtrip(golden::generate(Shape{}, golden::Pattern::Random, 12), o, dir);
  CHECK(std::filesystem::exists(dir / "activation_project_int.txt"));
  CHECK(std::filesystem::exists(dir / "weight_kij8_int.txt"));
  CHECK(std::filesystem::exists(dir / "psum_kij8_int.txt"));
  CHECK(std::filesystem::exists(dir / "out_int.txt"));
  CHECK(std::filesystem::exists(dir / "out_int_relu.txt"));
  CHECK_FALSE(std::filesystem::exists(dir / "activation.txt"));
  CHECK_THAT(all_notes(r), Catch::Contains("activation: activation_project_int.txt (decimal _int, 36 data lines)"));
  CHECK_THAT(all_notes(r), Catch::Contains("psum: psum_kij0..8_int.txt (decimal _int, 36 data lines each)"));

  // The other accepted _int names.
  std::filesystem::rename(dir / "activation_project_int.txt", dir / "activation_int.txt");
  std::filesystem::rename(dir / "out_int_relu.txt", dir / "out_relu_int.txt");
  const VectorSet r2 = golden::read_vector_set(dir.path(), Shape{});
  CHECK(r2.tile.act == r.tile.act);
  CHECK(r2.out_relu == r.out_relu);
  CHECK_THAT(all_notes(r2), Catch::Contains("activation: activation_int.txt"));
}

TEST_CASE("vectors.roundtrip.single_files") {
  for (FileFormat f : {FileFormat::Binary, FileFormat::Int}) {
    TempDir dir("rt-single");
    WriteOptions o;
    o.single_files = true;
    o.format = f;
    const VectorSet r = roundtrip(golden::generate(Shape{}, golden::Pattern::Random, 13), o, dir);
    const std::string w = f == FileFormat::Binary ? "weight.txt" : "weight_int.txt";
    const std::string p = f == FileFormat::Binary ? "psum.txt" : "psum_int.txt";
    CHECK(test::read_lines(dir / w).size() == 3 + 72);
    CHECK(test::read_lines(dir / p).size() == 3 + 324);
    CHECK_FALSE(std::filesystem::exists(dir / "weight_kij0.txt"));
    CHECK_THAT(all_notes(r), Catch::Contains("weights: " + w));
    CHECK_THAT(all_notes(r), Catch::Contains("72 data lines, kij-major"));
    CHECK_THAT(all_notes(r), Catch::Contains("324 data lines, kij-major"));
    // psum kij 3 nij 13 is data line 3 * 36 + 13 + 1 of psum.txt.
    CHECK(r.psum_lines[at(3 * 36 + 13)].line == 3 + 3 * 36 + 14);
  }
}

TEST_CASE("vectors.roundtrip.output_name") {
  TempDir dir("rt-output");
  WriteOptions o;
  o.output_name = true;
  const VectorSet r = roundtrip(golden::generate(Shape{}, golden::Pattern::Relu, 14), o, dir);
  CHECK(std::filesystem::exists(dir / "output.txt"));
  CHECK_FALSE(std::filesystem::exists(dir / "out.txt"));
  CHECK_THAT(all_notes(r), Catch::Contains("out: output.txt (binary, 16 data lines)"));
}

TEST_CASE("vectors.roundtrip.crlf") {
  // Decision: CRLF line ends are accepted (a file saved on Windows) and noted.
  TempDir dir("rt-crlf");
  const VectorSet v = golden::generate(Shape{}, golden::Pattern::Random, 15);
  golden::write_vector_set(dir.path(), v);
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    std::string crlf;
    for (const auto& l : test::read_lines(e.path())) crlf += l + "\r\n";
    test::write_text(e.path(), crlf);
  }
  const VectorSet r = golden::read_vector_set(dir.path(), Shape{});
  CHECK(r.tile.act == v.tile.act);
  CHECK(r.psum == v.psum);
  CHECK(r.out_relu == v.out_relu);
  CHECK_THAT(all_notes(r), Catch::Contains("activation: activation.txt (binary, 36 data lines); CRLF line ends accepted"));
  CHECK_THAT(all_notes(r), Catch::Contains("psum: psum_kij0..8.txt (binary, 36 data lines each); CRLF line ends accepted"));
}

TEST_CASE("vectors.roundtrip.tiled") {
  Shape s;
  s.in_ch = 16;
  s.out_ch = 24;
  const golden::Layer l = golden::generate_layer(s, golden::Pattern::Random, 16);
  for (FileFormat f : {FileFormat::Binary, FileFormat::Int}) {
    TempDir dir("rt-tiled");
    WriteOptions o;
    o.format = f;
    const auto files = golden::write_layer_tiles(dir.path(), l, o);
    CHECK(files.size() == at(2 + 2 * 3 * 9));
    const std::string suffix = f == FileFormat::Binary ? ".txt" : "_int.txt";
    CHECK(std::filesystem::exists(dir / ("activation_tile1" + suffix)));
    CHECK(std::filesystem::exists(dir / ("weight_itile1_otile2_kij8" + suffix)));
    for (int i = 0; i < 2; ++i)
      for (int o2 = 0; o2 < 3; ++o2) {
        const golden::Tile expect = golden::make_tile(l, i, o2);
        const golden::Tile got = golden::read_tile(dir.path(), s, i, o2);
        CHECK(got.act == expect.act);
        CHECK(got.wgt == expect.wgt);
      }
    // A folder of tiles reads as tile 0,0, or as the tile asked for, and says so.
    const VectorSet t00 = golden::read_vector_set(dir.path(), Shape{});
    CHECK(t00.tile.act == golden::make_tile(l, 0, 0).act);
    CHECK(t00.tile.wgt == golden::make_tile(l, 0, 0).wgt);
    CHECK_THAT(all_notes(t00), Catch::Contains("tiled set: tile 0,0 (activation_tile0.txt and "
                                               "weight_itile0_otile0_kij{k}.txt); the folder holds 2 input-channel tiles"));
    golden::ReadOptions ro;
    ro.ic_tile = 1;
    ro.oc_tile = 2;
    const VectorSet t12 = golden::read_vector_set(dir.path(), Shape{}, ro);
    CHECK(t12.tile.act == golden::make_tile(l, 1, 2).act);
    CHECK(t12.tile.wgt == golden::make_tile(l, 1, 2).wgt);
    ro.ic_tile = 2;
    CHECK_THROWS_WITH(golden::read_vector_set(dir.path(), Shape{}, ro),
                      Catch::Contains("activation_tile2.txt: file not found") &&
                          !Catch::Contains("read_tile"));
  }
}

TEST_CASE("vectors.comments_and_blank_lines") {
  // Lenient on everything that is not data: comments anywhere, blank lines.
  TempDir dir("comments");
  const VectorSet v = golden::generate(Shape{}, golden::Pattern::Random, 17);
  golden::write_vector_set(dir.path(), v);
  auto lines = test::read_lines(dir / "psum_kij2.txt");
  lines.insert(lines.begin() + 10, "");
  lines.insert(lines.begin() + 11, "# a remark in the middle, with spaces");
  lines.insert(lines.begin() + 12, "   ");
  lines.push_back("");
  test::write_lines(dir / "psum_kij2.txt", lines);
  const VectorSet r = golden::read_vector_set(dir.path(), Shape{});
  CHECK(r.psum == v.psum);
  CHECK(r.psum_lines[at(2 * 36 + 6)].line == 10);  // data line 7 is before the insert
  CHECK(r.psum_lines[at(2 * 36 + 7)].line == 14);  // data line 8 moved down by 3
}

TEST_CASE("vectors.prefer_binary") {
  TempDir dir("prefer");
  const VectorSet v = golden::generate(Shape{}, golden::Pattern::Random, 18);
  WriteOptions o;
  o.format = FileFormat::Int;
  golden::write_vector_set(dir.path(), v, o);
  golden::write_vector_set(dir.path(), v);
  // The _int files are not read at all: a broken one does not matter.
  test::replace_line(dir / "psum_kij0_int.txt", 4, "garbage");
  const VectorSet r = golden::read_vector_set(dir.path(), Shape{});
  CHECK(r.psum == v.psum);
  CHECK_THAT(all_notes(r), Catch::Contains("psum: psum_kij0..8.txt (binary, 36 data lines each); also present, ignored: "
                    "psum_kij0..8_int.txt (binary preferred over _int)"));
  CHECK_THAT(all_notes(r), Catch::Contains("activation: activation.txt (binary, 36 data lines); also present, ignored: "
                    "activation_project_int.txt (binary preferred over _int)"));
}

TEST_CASE("vectors.out_kind") {
  golden::Tile t = golden::generate(Shape{}, golden::Pattern::Random, 19).tile;
  const golden::TileResult g = golden::compute_tile(t);
  REQUIRE(*std::min_element(g.out_raw.begin(), g.out_raw.end()) < 0);  // the case needs negative sums

  SECTION("raw sums in out.txt") {
    TempDir dir("outkind-raw");
    VectorSet v = golden::complete_set(t);
    v.out = g.out_raw;
    golden::write_vector_set(dir.path(), v);
    const VectorSet r = golden::read_vector_set(dir.path(), Shape{});
    CHECK(r.out_kind == golden::OutKind::Raw);
    CHECK_THAT(all_notes(r), Catch::Contains("holds negative values: raw SFP sums"));
    CHECK(golden::check_consistency(r, g).empty());
  }
  SECTION("after ReLU in out.txt") {
    TempDir dir("outkind-relu");
    golden::write_vector_set(dir.path(), golden::complete_set(t));
    const VectorSet r = golden::read_vector_set(dir.path(), Shape{});
    CHECK(r.out_kind == golden::OutKind::Relu);
    CHECK_THAT(all_notes(r), Catch::Contains("taken as after ReLU"));
    CHECK(golden::check_consistency(r, g).empty());
  }
}

TEST_CASE("vectors.consistency.psum_word") {
  TempDir dir("consist-psum");
  golden::write_vector_set(dir.path(), golden::generate(Shape{}, golden::Pattern::Notebook, 1));
  // psum kij 3, nij 13 = line 17 of psum_kij3.txt; col 5 is field 3 (col7 first),
  // characters 32..47; flip its lowest bit.
  std::string line = test::read_lines(dir / "psum_kij3.txt")[16];
  const std::string before = line.substr(32, 16);
  line[47] = line[47] == '0' ? '1' : '0';
  const std::string after = line.substr(32, 16);
  test::replace_line(dir / "psum_kij3.txt", 17, line);
  auto value = [](const std::string& bits) {
    const long u = std::stol(bits, nullptr, 2);
    return static_cast<int64_t>(u >= 32768 ? u - 65536 : u);
  };

  const VectorSet r = golden::read_vector_set(dir.path(), Shape{});
  const auto d = golden::check_consistency(r, golden::compute_tile(r.tile));
  REQUIRE(d.size() == 1);
  CHECK(d[0].file_kind == "psum");
  CHECK(d[0].kij == 3);
  CHECK(d[0].nij == 13);
  CHECK(d[0].col == 5);
  CHECK(d[0].expected == value(before));
  CHECK(d[0].actual == value(after));
  CHECK(d[0].where.file == (dir / "psum_kij3.txt").string());
  CHECK(d[0].where.line == 17);
}

TEST_CASE("vectors.consistency.out_relu_word") {
  TempDir dir("consist-relu");
  golden::write_vector_set(dir.path(), golden::generate(Shape{}, golden::Pattern::Relu, 4));
  // out_relu o_nij 3 = line 7; col 0 is the last field: characters 112..127.
  std::string line = test::read_lines(dir / "out_relu.txt")[6];
  line[112] = line[112] == '0' ? '1' : '0';  // the sign bit: now negative, or no longer
  test::replace_line(dir / "out_relu.txt", 7, line);
  const VectorSet r = golden::read_vector_set(dir.path(), Shape{});
  const auto d = golden::check_consistency(r, golden::compute_tile(r.tile));
  REQUIRE(d.size() == 1);
  CHECK(d[0].file_kind == "out_relu");
  CHECK(d[0].nij == 3);
  CHECK(d[0].col == 0);
  CHECK(d[0].where.line == 7);
  // Only bit 15 differs; both values are sign-extended, so the XOR is 0x...ffff8000.
  CHECK((d[0].actual ^ d[0].expected) == -32768);
}

TEST_CASE("vectors.default_set") {
  // The committed set is exactly what `cosim gen --pattern notebook --seed 1` writes.
  const std::filesystem::path committed = std::filesystem::path(COSIM_TEST_VECTORS) / "default";
  TempDir dir("default");
  const auto files = golden::write_vector_set(dir.path(), golden::generate(Shape{}, golden::Pattern::Notebook, 1));
  for (const auto& f : files) {
    INFO(f.filename().string());
    CHECK(test::read_text(committed / f.filename()) == test::read_text(f));
  }
  const VectorSet r = golden::read_vector_set(committed, Shape{});
  CHECK(golden::check_consistency(r, golden::compute_tile(r.tile)).empty());
}

TEST_CASE("vectors.missing_folder") {
  CHECK_THROWS_WITH(golden::read_vector_set("/nonexistent/cosim/vectors", Shape{}),
                    "/nonexistent/cosim/vectors: folder not found");
}

TEST_CASE("vectors.corner_set") {
  // The committed corner set is exactly what `cosim gen --pattern corner --seed 1` writes,
  // and it reaches the extremes it is there for.
  const std::filesystem::path committed = std::filesystem::path(COSIM_TEST_VECTORS) / "corner";
  TempDir dir("corner");
  const auto files = golden::write_vector_set(dir.path(), golden::generate(Shape{}, golden::Pattern::Corner, 1));
  CHECK(files.size() == 21);
  for (const auto& f : files) {
    INFO(f.filename().string());
    CHECK(test::read_text(committed / f.filename()) == test::read_text(f));
  }
  const VectorSet r = golden::read_vector_set(committed, Shape{});
  const golden::TileResult g = golden::compute_tile(r.tile);
  CHECK(golden::check_consistency(r, g).empty());
  const auto [wmin, wmax] = std::minmax_element(r.tile.wgt.begin(), r.tile.wgt.end());
  CHECK((*wmin == -8 && *wmax == 7));
  CHECK(*std::max_element(r.tile.act.begin(), r.tile.act.end()) == 15);
  // The largest psums a kij can make (8 rows of 15 x -8, of 15 x 7) and the
  // largest sums of nine of them, both signs.
  CHECK(*std::min_element(g.psum.begin(), g.psum.end()) == -960);
  CHECK(*std::max_element(g.psum.begin(), g.psum.end()) == 840);
  CHECK(*std::min_element(g.out_raw.begin(), g.out_raw.end()) == -8640);
  CHECK(*std::max_element(g.out_raw.begin(), g.out_raw.end()) == 7560);
  // All-zero lines: the activations of the map's last row, the weights of oc 3.
  CHECK(test::read_lines(committed / "activation.txt")[3 + 6 * 4 + 1] == std::string(32, '0'));  // nij 25 = (4, 1)
  CHECK(test::read_lines(committed / "weight_kij4.txt")[3 + 3] == std::string(32, '0'));
  CHECK(g.wraps.empty());
}

// --- files as teams write them ------------------------------------------------

TEST_CASE("vectors.teams.input_txt") {
  TempDir dir("teams-input");
  const VectorSet v = golden::generate(Shape{}, golden::Pattern::Random, 21);
  golden::write_vector_set(dir.path(), v);
  std::filesystem::rename(dir / "activation.txt", dir / "input.txt");
  const VectorSet r = golden::read_vector_set(dir.path(), Shape{});
  CHECK(r.tile.act == v.tile.act);
  CHECK_THAT(all_notes(r), Catch::Contains("activation: input.txt (binary, 36 data lines)"));
}

TEST_CASE("vectors.teams.psum_txt_of_outputs") {
  // A 16-line psum.txt holds the raw output sums; output.txt beside it is
  // then the values after ReLU.
  TempDir dir("teams-psum16");
  const Shape s;
  const VectorSet v = golden::generate(s, golden::Pattern::Random, 22);
  const golden::TileResult g = golden::compute_tile(v.tile);
  VectorSet only = v;
  only.psum.reset();
  only.out.reset();
  only.out_relu.reset();
  golden::write_vector_set(dir.path(), only);
  golden::write_vector_file(dir / "psum.txt", golden::FileKind::Out, s, FileFormat::Binary, g.out_raw);
  golden::write_vector_file(dir / "output.txt", golden::FileKind::Out, s, FileFormat::Binary, g.out_relu);
  REQUIRE(std::any_of(g.out_raw.begin(), g.out_raw.end(), [](int64_t x) { return x < 0; }));
  const VectorSet r = golden::read_vector_set(dir.path(), s);
  CHECK_FALSE(r.psum.has_value());
  REQUIRE(r.more_out.size() == 1);
  CHECK(r.more_out[0].label == "out_raw");
  CHECK(r.more_out[0].kind == golden::OutKind::Raw);
  CHECK(r.more_out[0].values == g.out_raw);
  CHECK(r.more_out[0].lines[5].line == 3 + 6);
  CHECK(r.out_kind == golden::OutKind::Relu);
  CHECK_THAT(all_notes(r), Catch::Contains("psum: psum.txt (binary, 16 data lines); one line per output, not the "
                                           "324 per-kij psums: the raw output sums (before ReLU), checked as out_raw"));
  CHECK_THAT(all_notes(r), Catch::Contains("taken as after ReLU (psum.txt holds the raw sums)"));
  CHECK(golden::check_consistency(r, g).empty());

  // Must fail: the raw sums in output.txt too are not values after ReLU.
  golden::write_vector_file(dir / "output.txt", golden::FileKind::Out, s, FileFormat::Binary, g.out_raw);
  const VectorSet bad = golden::read_vector_set(dir.path(), s);
  const auto d = golden::check_consistency(bad, g);
  REQUIRE_FALSE(d.empty());
  CHECK(d.front().file_kind == "out");
  CHECK(d.front().actual < 0);
}

TEST_CASE("vectors.teams.out_and_output_both_checked") {
  TempDir dir("teams-both");
  const VectorSet v = golden::generate(Shape{}, golden::Pattern::Relu, 23);
  golden::write_vector_set(dir.path(), v);
  std::filesystem::copy_file(dir / "out.txt", dir / "output.txt");
  const VectorSet r = golden::read_vector_set(dir.path(), Shape{});
  REQUIRE(r.more_out.size() == 1);
  CHECK(r.more_out[0].label == "output");
  CHECK_THAT(all_notes(r), Catch::Contains("output: output.txt (binary, 16 data lines); out.txt is present too: "
                                           "both are checked"));
  CHECK_THAT(all_notes(r), !Catch::Contains("ignored"));
  const golden::TileResult g = golden::compute_tile(r.tile);
  CHECK(golden::check_consistency(r, g).empty());
  // Must fail: a wrong value in output.txt alone is found, at its line.
  std::string l = test::read_lines(dir / "output.txt")[8];
  l[100] = l[100] == '0' ? '1' : '0';
  test::replace_line(dir / "output.txt", 9, l);
  const auto d = golden::check_consistency(golden::read_vector_set(dir.path(), Shape{}), g);
  REQUIRE(d.size() == 1);
  CHECK(d[0].file_kind == "output");
  CHECK(d[0].where.line == 9);
}
