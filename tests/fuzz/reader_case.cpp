#include "reader_case.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "generate.hpp"
#include "model.hpp"
#include "vectors.hpp"

namespace fuzz {

namespace fs = std::filesystem;

namespace {

size_t at(int i) { return static_cast<size_t>(i); }

golden::Shape shape(int rows, int cols, int act_w, int wgt_w, int psum_w, int acc_w) {
  golden::Shape s = golden::squeezed_shape(rows, cols);
  s.act_w = act_w;
  s.wgt_w = wgt_w;
  s.psum_w = psum_w;
  s.acc_w = acc_w;
  return s;
}

struct Mode {
  const char* name;
  golden::FileKind kind;
  bool single;  // weight.txt / psum.txt: the lines of all kij in one file
};
const Mode kModes[7] = {
    {"activation", golden::FileKind::Activation, false}, {"weight_kij", golden::FileKind::Weight, false},
    {"weight.txt", golden::FileKind::Weight, true},      {"psum_kij", golden::FileKind::Psum, false},
    {"psum.txt", golden::FileKind::Psum, true},          {"out", golden::FileKind::Out, false},
    {"out_relu", golden::FileKind::OutRelu, false},
};

int data_lines(const Mode& m, const golden::Shape& s) {
  int n = 0;
  switch (m.kind) {
    case golden::FileKind::Activation: n = s.n_nij(); break;
    case golden::FileKind::Weight: n = s.cols; break;
    case golden::FileKind::Psum: n = s.n_nij(); break;
    case golden::FileKind::Out:
    case golden::FileKind::OutRelu: n = s.n_onij(); break;
  }
  return m.single ? n * s.n_kij() : n;
}

// What an error message may hold: printable ASCII, a bounded length.
std::string message_problem(const std::string& what) {
  if (what.size() > 400) return fmt::format("error message of {} characters", what.size());
  for (char c : what) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return fmt::format("error message holds byte 0x{:02x}", u);
  }
  return "";
}

// The physical lines of content as the reader splits them ('\n'; a final
// newline does not start another line).
std::vector<std::string> physical_lines(const std::string& content) {
  std::vector<std::string> lines;
  size_t pos = content.compare(0, 3, "\xef\xbb\xbf") == 0 ? 3 : 0;  // a byte-order mark is skipped
  while (pos < content.size()) {
    const size_t nl = content.find('\n', pos);
    const size_t end = nl == std::string::npos ? content.size() : nl;
    lines.push_back(content.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

// A data line written from values (lane 0 = last field), independently of
// the library's writer: binary MSB first, or "v,v,...,v".
std::string encode_line(const std::vector<int64_t>& values, size_t first, const golden::LineFormat& f,
                        golden::FileFormat format) {
  std::string s;
  for (int lane = f.fields - 1; lane >= 0; --lane) {
    const int64_t v = values[first + at(lane)];
    if (format == golden::FileFormat::Int) {
      s += std::to_string(v) + (lane > 0 ? "," : "");
      continue;
    }
    const auto u = static_cast<uint64_t>(v);
    for (int b = f.width - 1; b >= 0; --b) s += ((u >> b) & 1U) ? '1' : '0';
  }
  return s;
}

// The contract of a successful parse of content.
std::string check_parsed(const golden::FileData& d, const std::string& content, const std::string& file,
                         const golden::LineFormat& f, golden::FileFormat format, int n_lines,
                         const golden::ReadOptions& opt) {
  if (d.lines.size() != at(n_lines)) return fmt::format("{} data lines recorded, {} expected", d.lines.size(), n_lines);
  if (d.values.size() != at(n_lines * f.fields))
    return fmt::format("{} values for {} lines of {}", d.values.size(), n_lines, f.fields);
  const std::vector<std::string> phys = physical_lines(content);
  bool any_cr = false;
  for (const auto& l : phys) any_cr = any_cr || (!l.empty() && l.back() == '\r');
  if (d.crlf != any_cr) return fmt::format("crlf = {}, but a line ending in CR is {}", d.crlf, any_cr ? "there" : "not there");
  if (d.bom != (content.compare(0, 3, "\xef\xbb\xbf") == 0)) return fmt::format("bom = {}", d.bom);
  if (opt.headers_required && d.header_lines < 3) return fmt::format("headers required, {} read", d.header_lines);
  int prev = 0;
  for (int i = 0; i < n_lines; ++i) {
    const golden::Where& w = d.lines[at(i)];
    if (w.file != file) return fmt::format("data line {} attributed to '{}'", i + 1, w.file);
    if (w.line <= prev || w.line > static_cast<int>(phys.size()))
      return fmt::format("data line {} at physical line {} (previous {}, {} lines)", i + 1, w.line, prev, phys.size());
    prev = w.line;
    std::string text = phys[at(w.line - 1)];
    if (!text.empty() && text.back() == '\r') text.pop_back();
    const size_t first = at(i * f.fields);
    for (int lane = 0; lane < f.fields; ++lane) {
      const int64_t v = d.values[first + at(lane)];
      if (f.is_signed ? !golden::fits_signed(v, f.width) : !golden::fits_unsigned(v, f.width))
        return fmt::format("line {}: value {} does not fit {} bits", w.line, v, f.width);
    }
    const std::string again = encode_line(d.values, first, f, format);
    // Binary data is strict: the only accepted text for these values is the
    // re-encoded one. Decimal text may differ (spaces, trailing comma, leading
    // zeros), but must read back as the same values.
    if (format == golden::FileFormat::Binary && again != text)
      return fmt::format("line {} accepted as binary but is not its values re-encoded", w.line);
    if (format == golden::FileFormat::Int) {
      const std::vector<int64_t> back = golden::parse_data_line(again, f, format, file, w.line);
      if (!std::equal(back.begin(), back.end(), d.values.begin() + static_cast<std::ptrdiff_t>(first)))
        return fmt::format("line {}: values do not survive re-encoding", w.line);
    }
  }
  return "";
}

Outcome run_single(const Mode& m, const golden::Shape& s, golden::FileFormat format, const golden::ReadOptions& opt,
                   const std::string& content, Outcome o) {
  const std::string file = "fuzz.txt";
  const golden::LineFormat f = golden::line_format(m.kind, s);
  const int n_lines = data_lines(m, s);
  try {
    const golden::FileData d = golden::parse_vector_text(content, file, f, format, n_lines, opt);
    o.parsed = true;
    o.violation = check_parsed(d, content, file, f, format, n_lines, opt);
  } catch (const golden::InputError& e) {
    o.error = e.what();
    const int n_phys = static_cast<int>(physical_lines(content).size());
    if (e.file() != file) o.violation = fmt::format("error names file '{}'", e.file());
    else if (e.line() < 0 || e.line() > n_phys)
      o.violation = fmt::format("error names line {} of a {}-line file", e.line(), n_phys);
    else if (e.cause().empty()) o.violation = "error without a cause";
    else o.violation = message_problem(e.what());
  }
  return o;
}

// A per-process scratch folder (in memory when /dev/shm is there), removed
// when the process ends.
struct Scratch {
  fs::path dir;
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};
// A crash (the point of fuzzing) skips the destructor: the first call also
// removes the folders of cosim-fuzz processes that no longer exist.
const fs::path& scratch() {
  static const Scratch s = [] {
    const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    std::error_code ec;
    const bool proc = fs::exists("/proc/self", ec);  // without /proc, no process can be told gone
    for (const auto& e : fs::directory_iterator(base, ec)) {
      if (!proc) break;
      const std::string name = e.path().filename().string();
      const std::string prefix = "cosim-fuzz-";
      if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size() ||
          name.find_first_not_of("0123456789", prefix.size()) != std::string::npos)
        continue;
      std::error_code ignored;
      if (!fs::exists(fs::path("/proc") / name.substr(prefix.size()), ignored)) fs::remove_all(e.path(), ignored);
    }
    return Scratch{base / fmt::format("cosim-fuzz-{}", static_cast<long>(::getpid()))};
  }();
  return s.dir;
}

Outcome run_folder(const golden::Shape& s, bool dirs, const golden::ReadOptions& opt, const std::string& rest,
                   Outcome o) {
  const fs::path dir = scratch() / "set";
  fs::remove_all(dir);
  fs::create_directories(dir);
  size_t pos = 0;
  while (pos < rest.size()) {
    const size_t z = rest.find('\0', pos);
    const size_t end = z == std::string::npos ? rest.size() : z;
    if (end > pos) {
      const auto sel = static_cast<unsigned char>(rest[pos]);
      const fs::path p = dir / folder_names()[sel % folder_names().size()];
      // A name given twice: the first entry stays what it is, a later file
      // entry replaces the content of a file.
      std::error_code ec;
      if (dirs && (sel & 0x80) != 0) {
        fs::create_directory(p, ec);
      } else if (!fs::is_directory(p, ec)) {
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out.write(rest.data() + pos + 1, static_cast<std::streamsize>(end - pos - 1));
      }
    }
    pos = end + 1;
  }
  try {
    const golden::VectorSet v = golden::read_vector_set(dir, s, opt);
    o.parsed = true;
    if (v.tile.act.size() != at(s.n_nij() * s.rows) || v.tile.wgt.size() != at(s.n_kij() * s.cols * s.rows))
      o.violation = "activation or weight count wrong";
    else if (v.psum && (v.psum->size() != at(s.n_kij() * s.n_nij() * s.cols) || v.psum_lines.size() != at(s.n_kij() * s.n_nij())))
      o.violation = "psum count wrong";
    else if (v.out && v.out->size() != at(s.n_onij() * s.cols))
      o.violation = "out count wrong";
    else if (v.out_relu && v.out_relu->size() != at(s.n_onij() * s.cols))
      o.violation = "out_relu count wrong";
    else if (std::any_of(v.more_out.begin(), v.more_out.end(), [&](const golden::OutputFile& f) {
               return f.values.size() != at(s.n_onij() * s.cols) || f.lines.size() != at(s.n_onij());
             }))
      o.violation = "output file (output.txt, 16-line psum.txt) count wrong";
    else
      golden::check_consistency(v, golden::compute_tile(v.tile));  // must not throw: the reader checked ranges
  } catch (const golden::InputError& e) {
    o.error = e.what();
    if (e.file().rfind(dir.string(), 0) != 0) o.violation = fmt::format("error names '{}', outside the folder", e.file());
    else if (e.line() < 0) o.violation = fmt::format("error names line {}", e.line());
    else if (e.cause().empty()) o.violation = "error without a cause";
    else o.violation = message_problem(e.cause());
  }
  return o;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

const std::vector<golden::Shape>& shapes() {
  static const std::vector<golden::Shape> all = {
      golden::Shape{},            shape(4, 4, 4, 4, 16, 16),  shape(2, 2, 4, 4, 16, 16),
      shape(1, 1, 4, 4, 16, 16),  shape(8, 8, 4, 4, 32, 32),  shape(2, 3, 4, 4, 16, 16),
      shape(8, 8, 8, 8, 24, 28),  shape(3, 5, 1, 1, 5, 62),
  };
  return all;
}

const std::vector<std::string>& folder_names() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> n = {"activation.txt", "activation_project.txt", "activation_project_int.txt",
                                  "activation_int.txt", "weight.txt", "weight_int.txt", "psum.txt", "psum_int.txt",
                                  "out.txt", "output.txt", "out_int.txt", "output_int.txt", "out_relu.txt",
                                  "out_int_relu.txt", "out_relu_int.txt", "activation_tile0.txt"};
    for (int k = 0; k < 9; ++k)
      for (const char* stem : {"weight_kij", "psum_kij"}) {
        n.push_back(fmt::format("{}{}.txt", stem, k));
        n.push_back(fmt::format("{}{}_int.txt", stem, k));
      }
    // Later names: input.txt and the tiled weights (tile 0,0).
    n.push_back("input.txt");
    for (int k = 0; k < 9; ++k) n.push_back(fmt::format("weight_itile0_otile0_kij{}.txt", k));
    return n;
  }();
  return all;
}

Outcome run_reader_case(const uint8_t* data, size_t size) {
  Outcome o;
  if (size == 0) return o;
  const unsigned sel = data[0];
  const unsigned mode = sel & 7U;
  const bool int_bit = (sel & 8U) != 0;
  golden::ReadOptions opt;
  opt.headers_required = (sel & 16U) != 0;
  const unsigned shape_index = sel >> 5;
  const golden::Shape& s = shapes()[shape_index];
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    if (mode == 7) {
      o.mode = fmt::format("folder{}{}, shape {}", int_bit ? " with sub-folders" : "",
                           opt.headers_required ? ", strict headers" : "", shape_index);
      return run_folder(s, int_bit, opt, rest, o);
    }
    const golden::FileFormat format = int_bit ? golden::FileFormat::Int : golden::FileFormat::Binary;
    o.mode = fmt::format("{} {}{}, shape {}", kModes[mode].name, int_bit ? "_int" : "binary",
                         opt.headers_required ? ", strict headers" : "", shape_index);
    return run_single(kModes[mode], s, format, opt, rest, o);
  } catch (const std::exception& e) {
    o.violation = fmt::format("exception other than InputError: {}", e.what());
  } catch (...) {
    o.violation = "exception that is not a std::exception";
  }
  return o;
}

std::vector<Seed> seed_inputs() {
  std::vector<Seed> seeds;
  const fs::path dir = scratch() / "seeds";
  for (size_t si = 0; si < shapes().size(); ++si) {
    const golden::Shape& s = shapes()[si];
    const golden::VectorSet v = golden::generate(s, golden::Pattern::Random, 1 + si);
    for (golden::FileFormat format : {golden::FileFormat::Binary, golden::FileFormat::Int}) {
      const bool is_int = format == golden::FileFormat::Int;
      for (bool single : {false, true}) {
        fs::remove_all(dir);
        golden::WriteOptions wo;
        wo.format = format;
        wo.single_files = single;
        wo.headers = !single;  // one of the two without header lines
        const std::vector<fs::path> files = golden::write_vector_set(dir, v, wo);
        // Folder seed: every file of the set.
        std::string folder(1, static_cast<char>(7U | (si << 5)));
        for (const fs::path& p : files) {
          const std::string name = p.filename().string();
          for (size_t i = 0; i < folder_names().size(); ++i)
            if (folder_names()[i] == name) folder += static_cast<char>(i + folder_names().size());  // never 0x00
          folder += read_bytes(p) + '\0';
        }
        seeds.push_back({fmt::format("folder-s{}-{}-{}", si, is_int ? "int" : "bin", single ? "single" : "perkij"),
                         folder});
        // Single-file seeds: one file of each kind (activation and outputs
        // twice: with header lines from the per-kij set, without from the other).
        for (unsigned m = 0; m < 7; ++m) {
          if (kModes[m].single != single && (kModes[m].kind == golden::FileKind::Weight ||
                                             kModes[m].kind == golden::FileKind::Psum))
            continue;
          for (const fs::path& p : files) {
            const std::string name = p.filename().string();
            const bool match = (m == 0 && name.rfind("activation", 0) == 0) ||
                               (m == 1 && name.rfind("weight_kij1", 0) == 0) || (m == 2 && name.rfind("weight", 0) == 0) ||
                               (m == 3 && name.rfind("psum_kij2", 0) == 0) || (m == 4 && name.rfind("psum", 0) == 0) ||
                               (m == 5 && name.rfind("out", 0) == 0 && name.find("relu") == std::string::npos) ||
                               (m == 6 && name.find("relu") != std::string::npos);
            if (!match) continue;
            const auto sel = static_cast<char>(m | (is_int ? 8U : 0U) | (si << 5));
            seeds.push_back({fmt::format("{}-s{}-{}-{}", kModes[m].name, si, is_int ? "int" : "bin",
                                         wo.headers ? "headers" : "no-headers"),
                             std::string(1, sel) + read_bytes(p)});
            break;
          }
        }
      }
    }
  }
  fs::remove_all(dir);
  return seeds;
}

}  // namespace fuzz
