#include "vectors.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <iterator>

namespace golden {

namespace fs = std::filesystem;

namespace {

size_t idx(int i) { return static_cast<size_t>(i); }

std::string what_text(const std::string& file, int line, const std::string& cause) {
  return line > 0 ? fmt::format("{}:{}: {}", file, line, cause) : fmt::format("{}: {}", file, cause);
}

// A character as a reader of an error message needs to see it.
std::string show_char(char c) {
  switch (c) {
    case ' ': return "a space";
    case '\t': return "a tab";
    case '\r': return "a carriage return (CR)";
    default: break;
  }
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u <= 0x7e) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02x}", u);
}

// Text taken from a file as an error message shows it: quoted, printable
// ASCII kept, a tab as \t, other bytes as \xNN, cut after 24 characters (a
// binary or fuzzed file must not put control bytes or megabytes into a message).
std::string shown(const std::string& text) {
  constexpr size_t kMax = 24;
  std::string s = "'";
  for (size_t i = 0; i < text.size() && i < kMax; ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (u >= 0x20 && u <= 0x7e && u != '\\' && u != '\'')
      s += text[i];
    else if (u == '\t')
      s += "\\t";
    else
      s += fmt::format("\\x{:02x}", u);
  }
  if (text.size() > kMax) return s + fmt::format("...' ({} characters)", text.size());
  return s + "'";
}

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t") == std::string::npos; }

std::string range_text(const LineFormat& f) {
  if (f.is_signed)
    return fmt::format("{}-bit signed ({}..{})", f.width, -(int64_t{1} << (f.width - 1)),
                       (int64_t{1} << (f.width - 1)) - 1);
  return fmt::format("{}-bit unsigned (0..{})", f.width, (int64_t{1} << f.width) - 1);
}

bool fits(int64_t v, const LineFormat& f) { return f.is_signed ? fits_signed(v, f.width) : fits_unsigned(v, f.width); }

// Field p of a line (p = 0 is the first, highest lane) and its lane name.
std::string field_name(const LineFormat& f, int p) { return fmt::format("field {}, {} {}", p + 1, f.lane, f.fields - 1 - p); }

// A line of hexadecimal digits as long as the line's bits in hex (with or
// without "0x"): a hex file, whatever its digits happen to be.
bool looks_hex(const std::string& text, size_t bits) {
  const bool prefixed = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  const std::string digits = prefixed ? text.substr(2) : text;
  return bits % 4 == 0 && bits >= 8 && digits.size() * 4 == bits &&
         digits.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

std::vector<int64_t> parse_binary(const std::string& text, const LineFormat& f, const std::string& file, int line) {
  const size_t nbits = idx(f.fields * f.width);
  if (looks_hex(text, nbits))
    throw InputError(file, line,
                     fmt::format("{} hexadecimal digits where {} binary digits belong: a hex file? The vector "
                                 "files hold one 0 or 1 per bit, MSB first",
                                 nbits / 4, nbits));
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] != '0' && text[i] != '1')
      throw InputError(file, line,
                       fmt::format("character {} at column {} is not 0 or 1{}", show_char(text[i]), i + 1,
                                   text.find(',') != std::string::npos
                                       ? " (decimal values belong in an _int file)"
                                       : ""));
  const size_t bits = idx(f.fields * f.width);
  if (text.size() != bits) {
    // A whole number of fields usually means a set made for another array size.
    const size_t w = idx(f.width);
    const std::string hint = text.size() % w == 0 ? fmt::format(" ({} x {}: written for {} {}s?)", text.size() / w,
                                                                f.width, text.size() / w, f.lane)
                                                  : "";
    throw InputError(file, line,
                     fmt::format("wrong width: expected {} bits ({} x {}), found {}{}", bits, f.fields, f.width,
                                 text.size(), hint));
  }
  std::vector<int64_t> values(idx(f.fields));
  for (int p = 0; p < f.fields; ++p) {
    uint64_t u = 0;
    for (int b = 0; b < f.width; ++b) u = (u << 1) | static_cast<uint64_t>(text[idx(p * f.width + b)] - '0');
    const auto raw = static_cast<int64_t>(u);
    values[idx(f.fields - 1 - p)] = f.is_signed ? wrap_signed(raw, f.width) : raw;
  }
  return values;
}

std::vector<int64_t> parse_int(const std::string& text, const LineFormat& f, const std::string& file, int line) {
  struct Token {
    std::string text;
    size_t column;  // 1-based, of the first non-blank character (or of the comma)
  };
  std::vector<Token> tokens;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const size_t end = comma == std::string::npos ? text.size() : comma;
    const size_t first = text.find_first_not_of(" \t", start);
    const size_t b = (first == std::string::npos || first > end) ? end : first;
    size_t e = end;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
    tokens.push_back({text.substr(b, e - b), b + 1});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  // One trailing comma (the notebook writes "v," or "v, " after every value).
  if (tokens.size() > 1 && tokens.back().text.empty()) tokens.pop_back();

  std::vector<int64_t> values(idx(f.fields));
  for (size_t p = 0; p < tokens.size(); ++p) {
    const Token& t = tokens[p];
    if (t.text.empty()) throw InputError(file, line, fmt::format("empty value at column {}", t.column));
    const size_t digits_at = t.text[0] == '-' ? 1 : 0;
    const bool numeric = t.text.size() > digits_at &&
                         t.text.find_first_not_of("0123456789", digits_at) == std::string::npos;
    if (!numeric)
      throw InputError(file, line, fmt::format("{} at column {} is not a decimal integer", shown(t.text), t.column));
    if (p >= idx(f.fields)) continue;  // counted below
    // More than 18 significant digits cannot fit int64_t (nor any legal width);
    // leading zeros do not count ("0007" is 7).
    const size_t significant = t.text.find_first_not_of('0', digits_at);
    if (significant != std::string::npos && t.text.size() - significant > 18)
      throw InputError(file, line, fmt::format("value {} ({}) out of range for {}", shown(t.text),
                                               field_name(f, static_cast<int>(p)), range_text(f)));
    const int64_t v = std::stoll(t.text);
    if (!fits(v, f))
      throw InputError(file, line, fmt::format("value {} ({}) out of range for {}", v,
                                               field_name(f, static_cast<int>(p)), range_text(f)));
    values[idx(f.fields) - 1 - p] = v;
  }
  if (tokens.size() != idx(f.fields))
    throw InputError(file, line,
                     fmt::format("wrong number of values: expected {} comma-separated integers, found {}", f.fields,
                                 tokens.size()));
  return values;
}

std::string format_line(const std::vector<int64_t>& values, size_t first, const LineFormat& f, FileFormat format,
                        FileKind k) {
  std::string s;
  for (int lane = f.fields - 1; lane >= 0; --lane) {
    const int64_t v = values[first + idx(lane)];
    if (!fits(v, f))
      throw std::invalid_argument(fmt::format("write: value {} ({} {}) does not fit {}", v, f.lane, lane,
                                              range_text(f)));
    if (format == FileFormat::Int) {
      // The notebook's out_int_relu.txt has a blank after each comma.
      s += fmt::format("{},{}", v, (k == FileKind::Out || k == FileKind::OutRelu) ? " " : "");
      continue;
    }
    const uint64_t u = static_cast<uint64_t>(v);
    for (int b = f.width - 1; b >= 0; --b) s += ((u >> b) & 1ULL) ? '1' : '0';
  }
  return s;
}

// ---------------------------------------------------------------------------
// Groups: one logical piece of a set (the activations, the weights, ...) that
// may come in several files and encodings. The candidates are tried in order;
// the first present one is read, the others are named in the notes.

struct Candidate {
  FileFormat format;
  bool per_kij;      // one file per kij, name has "{k}"
  std::string name;  // file name, "{k}" = kij
};

struct Group {
  FileKind kind;
  std::string label;  // "activation", "weights", ...
  int lines;          // data lines (per kij when kij_split)
  bool kij_split;     // lines repeat for every kij (weights, psums)
  std::vector<Candidate> candidates;
};

std::string subst_k(const std::string& name, const std::string& k) {
  std::string s = name;
  const size_t at = s.find("{k}");
  if (at != std::string::npos) s.replace(at, 3, k);
  return s;
}

std::string display_name(const Candidate& c, const Shape& s) {
  return c.per_kij ? subst_k(c.name, fmt::format("0..{}", s.n_kij() - 1)) : c.name;
}

// Something is at p: a file, or an entry that cannot be examined, which
// read_vector_file() then reports (never silently passed over).
bool exists_at(const fs::path& p) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(p, ec);
  return st.type() != fs::file_type::not_found;
}

bool present(const fs::path& dir, const Candidate& c, const Shape& s) {
  if (!c.per_kij) return exists_at(dir / c.name);
  for (int k = 0; k < s.n_kij(); ++k)
    if (exists_at(dir / subst_k(c.name, std::to_string(k)))) return true;
  return false;
}

Group make_group(FileKind k, const Shape& s) {
  using F = FileFormat;
  switch (k) {
    case FileKind::Activation:
      return {k, "activation", s.n_nij(), false,
              {{F::Binary, false, "activation.txt"},
               {F::Binary, false, "activation_project.txt"},
               {F::Binary, false, "input.txt"},
               {F::Int, false, "activation_project_int.txt"},
               {F::Int, false, "activation_int.txt"}}};
    case FileKind::Weight:
      return {k, "weights", s.cols, true,
              {{F::Binary, true, "weight_kij{k}.txt"},
               {F::Binary, false, "weight.txt"},
               {F::Int, true, "weight_kij{k}_int.txt"},
               {F::Int, false, "weight_int.txt"}}};
    case FileKind::Psum:
      return {k, "psum", s.n_nij(), true,
              {{F::Binary, true, "psum_kij{k}.txt"},
               {F::Binary, false, "psum.txt"},
               {F::Int, true, "psum_kij{k}_int.txt"},
               {F::Int, false, "psum_int.txt"}}};
    case FileKind::Out:
      return {k, "out", s.n_onij(), false,
              {{F::Binary, false, "out.txt"},
               {F::Binary, false, "output.txt"},
               {F::Int, false, "out_int.txt"},
               {F::Int, false, "output_int.txt"}}};
    case FileKind::OutRelu:
      return {k, "out_relu", s.n_onij(), false,
              {{F::Binary, false, "out_relu.txt"},
               {F::Int, false, "out_int_relu.txt"},
               {F::Int, false, "out_relu_int.txt"}}};
  }
  throw std::logic_error("make_group: unknown FileKind");
}

// The tiled names of the notebook's full layer.
Group tile_group(FileKind k, const Shape& s, int ic_tile, int oc_tile) {
  using F = FileFormat;
  if (k == FileKind::Activation) {
    const std::string stem = fmt::format("activation_tile{}", ic_tile);
    return {k, "activation", s.n_nij(), false, {{F::Binary, false, stem + ".txt"}, {F::Int, false, stem + "_int.txt"}}};
  }
  const std::string stem = fmt::format("weight_itile{}_otile{}_kij{{k}}", ic_tile, oc_tile);
  return {k, "weights", s.cols, true, {{F::Binary, true, stem + ".txt"}, {F::Int, true, stem + "_int.txt"}}};
}

// The testbench warnings of a group's files, one per kind of issue: the
// first file's place, and how many more files have it.
void testbench_warnings(const std::vector<std::pair<std::string, FileData>>& files, const std::string& group,
                        std::vector<std::string>& warnings) {
  std::vector<std::string> seen;
  for (const auto& [name, d] : files)
    for (const auto& [line, what] : d.testbench_issues) {
      if (std::find(seen.begin(), seen.end(), what) != seen.end()) continue;
      seen.push_back(what);
      int more = 0;
      for (const auto& other : files)
        for (const auto& issue : other.second.testbench_issues) more += issue.second == what && other.first != name;
      warnings.push_back(fmt::format("{}:{}: the course testbench would misread this file: {}{}", name, line, what,
                                     more ? fmt::format(" (so would it {} more file{} of {})", more,
                                                        more == 1 ? "" : "s", group)
                                          : ""));
    }
}

// Reads the first present candidate of g; nullopt when none is present.
// Testbench issues of its files go to `warnings`.
std::optional<FileData> read_group(const fs::path& dir, const Group& g, const Shape& s, const ReadOptions& opt,
                                   std::vector<std::string>& notes, std::vector<std::string>& warnings) {
  std::vector<const Candidate*> found;
  for (const Candidate& c : g.candidates)
    if (present(dir, c, s)) found.push_back(&c);
  if (found.empty()) return std::nullopt;

  const Candidate& c = *found.front();
  const LineFormat f = line_format(g.kind, s);
  FileData all;
  int files = 0;
  int headerless = 0;
  int crlf = 0;
  int bom = 0;
  std::vector<std::pair<std::string, FileData>> issues;
  auto read_one = [&](const fs::path& p, int n_lines) {
    FileData d = read_vector_file(p, f, c.format, n_lines, opt);
    all.values.insert(all.values.end(), d.values.begin(), d.values.end());
    all.lines.insert(all.lines.end(), d.lines.begin(), d.lines.end());
    ++files;
    headerless += d.header_lines == 0 ? 1 : 0;
    crlf += d.crlf ? 1 : 0;
    bom += d.bom ? 1 : 0;
    if (!d.testbench_issues.empty()) {
      FileData only;
      only.testbench_issues = std::move(d.testbench_issues);
      issues.emplace_back(p.string(), std::move(only));
    }
  };
  if (c.per_kij) {
    for (int k = 0; k < s.n_kij(); ++k) {
      const fs::path p = dir / subst_k(c.name, std::to_string(k));
      if (!exists_at(p))
        throw InputError(p.string(), 0,
                         fmt::format("file not found (other files of {} are present: all {} are needed)",
                                     display_name(c, s), s.n_kij()));
      read_one(p, g.lines);
    }
  } else {
    read_one(dir / c.name, g.kij_split ? g.lines * s.n_kij() : g.lines);
  }

  std::string note = fmt::format("{}: {} ({}, {} data lines{})", g.label, display_name(c, s),
                                 c.format == FileFormat::Binary ? "binary" : "decimal _int",
                                 c.per_kij || !g.kij_split ? g.lines : g.lines * s.n_kij(),
                                 c.per_kij ? " each" : (g.kij_split ? ", kij-major" : ""));
  if (headerless == files)
    note += "; no header lines";
  else if (headerless > 0)
    note += fmt::format("; no header lines in {} of {} files", headerless, files);
  if (crlf > 0) note += "; CRLF line ends accepted";
  if (bom > 0) note += "; UTF-8 byte-order mark skipped";
  if (found.size() > 1) {
    std::string ignored;
    bool int_ignored = false;
    for (size_t i = 1; i < found.size(); ++i) {
      ignored += (i > 1 ? ", " : "") + display_name(*found[i], s);
      int_ignored = int_ignored || found[i]->format == FileFormat::Int;
    }
    note += fmt::format("; also present, ignored: {} ({})", ignored,
                        c.format == FileFormat::Binary && int_ignored ? "binary preferred over _int"
                                                                      : display_name(c, s) + " takes precedence");
  }
  notes.push_back(note);
  testbench_warnings(issues, display_name(c, s), warnings);
  return all;
}

const Candidate& write_candidate(const Group& g, const WriteOptions& opt) {
  for (const Candidate& c : g.candidates) {
    if (c.format != opt.format) continue;
    if (g.kij_split && c.per_kij == opt.single_files) continue;
    if (g.kind == FileKind::Out && (c.name.rfind("output", 0) == 0) != opt.output_name) continue;
    return c;
  }
  throw std::logic_error("write_vector_set: no file name for " + g.label);
}

// Writes one group: one file, or one per kij. values as the group's FileData.
void write_group(const fs::path& dir, const Group& g, const Shape& s, const std::vector<int64_t>& values,
                 const WriteOptions& opt, std::vector<fs::path>& written) {
  const Candidate& c = write_candidate(g, opt);
  const size_t expected = idx(g.lines * (g.kij_split ? s.n_kij() : 1) * line_format(g.kind, s).fields);
  if (values.size() != expected)
    throw std::invalid_argument(fmt::format("write {}: {} values, the shape needs {}", g.label, values.size(), expected));
  if (!c.per_kij) {
    written.push_back(dir / c.name);
    write_vector_file(written.back(), g.kind, s, c.format, values, opt.headers);
    return;
  }
  const size_t per_file = values.size() / idx(s.n_kij());
  for (int k = 0; k < s.n_kij(); ++k) {
    const auto first = values.begin() + static_cast<std::ptrdiff_t>(idx(k) * per_file);
    written.push_back(dir / subst_k(c.name, std::to_string(k)));
    write_vector_file(written.back(), g.kind, s, c.format,
                      std::vector<int64_t>(first, first + static_cast<std::ptrdiff_t>(per_file)), opt.headers);
  }
}

}  // namespace

InputError::InputError(std::string file, int line, std::string cause)
    : std::runtime_error(what_text(file, line, cause)),
      file_(std::move(file)),
      line_(line),
      cause_(std::move(cause)) {}

VectorSet::VectorSet(const Shape& s) : tile(s) {}

LineFormat line_format(FileKind k, const Shape& s) {
  switch (k) {
    case FileKind::Activation: return {s.rows, s.act_w, false, "row"};
    case FileKind::Weight: return {s.rows, s.wgt_w, true, "row"};
    case FileKind::Psum: return {s.cols, s.psum_w, true, "col"};
    case FileKind::Out:
    case FileKind::OutRelu: return {s.cols, s.acc_w, true, "col"};
  }
  throw std::logic_error("line_format: unknown FileKind");
}

std::string header_lines(FileKind k, const Shape& s) {
  // item(t, i): the name of lane i on data line t, e.g. "time0row7".
  auto item = [k](int t, int i) {
    switch (k) {
      case FileKind::Activation: return fmt::format("time{}row{}", t, i);
      case FileKind::Weight: return fmt::format("col{}row{}", t, i);
      case FileKind::Psum: return fmt::format("time{}col{}", t, i);
      case FileKind::Out:
      case FileKind::OutRelu: return fmt::format("out{}feature{}", i, t);
    }
    return std::string();
  };
  const int hi = line_format(k, s).fields - 1;
  std::string h;
  for (int t = 0; t < 2; ++t) {
    h += fmt::format("#{}[msb-lsb]", item(t, hi));
    if (hi >= 2) h += fmt::format(",{}[msb-lst],....", item(t, hi - 1));
    if (hi >= 1) h += fmt::format(",{}[msb-lst]", item(t, 0));
    h += "#\n";
  }
  return h + "#................#\n";
}

std::vector<int64_t> parse_data_line(const std::string& text, const LineFormat& f, FileFormat format,
                                     const std::string& file, int line) {
  return format == FileFormat::Binary ? parse_binary(text, f, file, line) : parse_int(text, f, file, line);
}

FileData read_vector_file(const fs::path& path, const LineFormat& f, FileFormat format, int n_lines,
                          const ReadOptions& opt) {
  const std::string file = path.string();
  // Examine before opening: only a regular file is read (std::ifstream would
  // block forever on a FIFO and never end on /dev/zero).
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) {
    std::error_code lec;
    if (fs::is_symlink(fs::symlink_status(path, lec)))
      throw InputError(file, 0,
                       fmt::format("file not found: a symbolic link to {}, which does not exist",
                                   fs::read_symlink(path, lec).string()));
    throw InputError(file, 0, "file not found");
  }
  if (ec) throw InputError(file, 0, fmt::format("cannot be examined ({})", ec.message()));
  if (fs::is_directory(st)) throw InputError(file, 0, "is a directory, not a file");
  if (!fs::is_regular_file(st)) {
    const char* what = fs::is_fifo(st)             ? "a FIFO (named pipe)"
                       : fs::is_character_file(st) ? "a character device"
                       : fs::is_block_file(st)     ? "a block device"
                       : fs::is_socket(st)         ? "a socket"
                                                   : "not a regular file";
    throw InputError(file, 0, fmt::format("is {}, not a regular file: only regular files are read", what));
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxFileBytes)
    throw InputError(file, 0,
                     fmt::format("is {} bytes, more than any vector file (at most {} MiB are read)", size,
                                 kMaxFileBytes >> 20));

  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(file, 0,
                     fmt::format("cannot be opened for reading ({})", errno != 0 ? std::strerror(errno) : "unknown cause"));
  std::string content;
  std::vector<char> buf(1 << 16);
  while (content.size() <= kMaxFileBytes) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const std::streamsize got = in.gcount();
    if (got <= 0) break;
    content.append(buf.data(), static_cast<size_t>(got));
  }
  // A read that fails part-way must not look like a short file.
  if (in.bad())
    throw InputError(file, 0, fmt::format("read error after {} bytes ({})", content.size(),
                                          errno != 0 ? std::strerror(errno) : "unknown cause"));
  if (content.size() > kMaxFileBytes)
    throw InputError(file, 0, fmt::format("holds more than {} MiB, more than any vector file", kMaxFileBytes >> 20));
  return parse_vector_text(content, file, f, format, n_lines, opt);
}

namespace {

// Encodings and line ends the reader does not take, each with its own
// message (before a line is parsed, so none reads as "wrong width").
void refuse_foreign_text(const std::string& content, const std::string& file) {
  const auto at = [&](size_t i) { return i < content.size() ? static_cast<unsigned char>(content[i]) : 0x100U; };
  if ((at(0) == 0xff && at(1) == 0xfe) || (at(0) == 0xfe && at(1) == 0xff))
    throw InputError(file, 0,
                     fmt::format("is UTF-16 text (byte-order mark {:02X} {:02X}, as Windows PowerShell and some "
                                 "editors write it): save it as UTF-8 or ASCII",
                                 at(0), at(1)));
  if (content.size() >= 4 && ((at(1) == 0 && at(3) == 0 && at(0) != 0) || (at(0) == 0 && at(2) == 0 && at(1) != 0)))
    throw InputError(file, 0,
                     "looks like UTF-16 text without a byte-order mark (a NUL byte beside every character): "
                     "save it as UTF-8 or ASCII");
  const size_t crs = static_cast<size_t>(std::count(content.begin(), content.end(), '\r'));
  if (crs >= 2 && content.find('\n') == std::string::npos)
    throw InputError(file, 1,
                     fmt::format("the lines end in a carriage return (CR) alone ({} of them, no line feed), as "
                                 "classic Mac OS wrote them: the whole file is one line; convert the line ends "
                                 "to LF or CRLF",
                                 crs));
}

// What the course testbench would misread in a binary file: it skips
// exactly three whitespace-separated tokens, then reads every token as data.
class TestbenchView {
 public:
  void header(const std::string& text, int line) {
    if (text.find_first_of(" \t") != std::string::npos)
      note(line, "a header line holds a space (the course testbench skips exactly three whitespace-separated "
                 "tokens of header: the rest of this line would be read as data)");
  }
  void comment_after_data(int line) {
    if (!pending_) pending_ = line;
  }
  void data(int line, int header_lines, int index) {
    if (index == 0 && header_lines != 3)
      note(line, fmt::format("{} header line{} before the data, not 3 (the course testbench skips exactly three "
                             "tokens of header)",
                             header_lines, header_lines == 1 ? "" : "s"));
    if (pending_) {
      note(pending_, "a '#' line among the data (the course testbench reads every line after the header as data)");
      pending_ = 0;
    }
  }
  std::vector<std::pair<int, std::string>> take() { return std::move(issues_); }

 private:
  void note(int line, std::string what) {
    for (const auto& i : issues_)
      if (i.second == what) return;
    issues_.emplace_back(line, std::move(what));
  }
  int pending_ = 0;
  std::vector<std::pair<int, std::string>> issues_;
};

}  // namespace

FileData parse_vector_text(const std::string& content, const std::string& file, const LineFormat& f,
                           FileFormat format, int n_lines, const ReadOptions& opt) {
  refuse_foreign_text(content, file);
  FileData d;
  TestbenchView tb;
  int data = 0;
  int line = 0;
  size_t pos = 0;
  // Some Windows editors start a UTF-8 file with a byte-order mark.
  if (content.compare(0, 3, "\xef\xbb\xbf") == 0) {
    d.bom = true;
    pos = 3;
  }
  while (pos < content.size()) {
    const size_t nl = content.find('\n', pos);
    const size_t end = nl == std::string::npos ? content.size() : nl;
    std::string text = content.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (!text.empty() && text.back() == '\r') {
      text.pop_back();
      d.crlf = true;
    }
    if (is_blank(text)) continue;
    if (text[0] == '#') {
      if (data == 0) {
        ++d.header_lines;
        tb.header(text, line);
      } else {
        tb.comment_after_data(line);
      }
      continue;
    }
    if (data == 0 && opt.headers_required && d.header_lines < 3)
      throw InputError(file, line,
                       fmt::format("expected 3 header lines starting with '#' before the first data line, found {}",
                                   d.header_lines));
    if (data == n_lines)
      throw InputError(file, line,
                       fmt::format("too many data lines: expected {}, this is data line {}", n_lines, data + 1));
    std::vector<int64_t> v;
    try {
      v = parse_data_line(text, f, format, file, line);
    } catch (const InputError& e) {
      // The last line, without a line end: most likely a file cut short.
      if (nl != std::string::npos) throw;
      throw InputError(file, line, e.cause() + "; the file ends in this line, without a line end: cut short?");
    }
    d.values.insert(d.values.end(), v.begin(), v.end());
    d.lines.push_back({file, line});
    tb.data(line, d.header_lines, data);
    ++data;
  }
  if (data < n_lines)
    throw InputError(file, 0,
                     fmt::format("too few data lines: expected {}, found {} ({})", n_lines, data,
                                 line == 0 ? std::string("the file is empty") : fmt::format("the file ends at line {}", line)));
  if (format == FileFormat::Binary) d.testbench_issues = tb.take();
  return d;
}

void write_vector_file(const fs::path& path, FileKind k, const Shape& s, FileFormat format,
                       const std::vector<int64_t>& values, bool headers) {
  const LineFormat f = line_format(k, s);
  if (values.size() % idx(f.fields) != 0)
    throw std::invalid_argument(fmt::format("write {}: {} values is not a whole number of {}-value lines",
                                            path.string(), values.size(), f.fields));
  std::string text = headers ? header_lines(k, s) : std::string();
  for (size_t first = 0; first < values.size(); first += idx(f.fields))
    text += format_line(values, first, f, format, k) + "\n";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

int count_data_lines(std::istream& in) {
  int lines = 0;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line[first] != '#') ++lines;
  }
  return lines;
}

namespace {

// Data lines of a file (lines neither blank nor '#'), without parsing them;
// -1 when it is not a regular file the reader would read.
int count_data_lines(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec) || fs::file_size(p, ec) > kMaxFileBytes) return -1;
  std::ifstream in(p, std::ios::binary);
  return golden::count_data_lines(in);
}

bool plain_activation_present(const fs::path& dir, const Shape& s) {
  for (const Candidate& c : make_group(FileKind::Activation, s).candidates)
    if (exists_at(dir / c.name)) return true;
  return false;
}

// How many activation_tile{i} files (binary or _int) the folder holds.
int activation_tiles(const fs::path& dir) {
  int n = 0;
  while (n < 4096 && (exists_at(dir / fmt::format("activation_tile{}.txt", n)) ||
                      exists_at(dir / fmt::format("activation_tile{}_int.txt", n))))
    ++n;
  return n;
}

// The tile the folder is read as: {-1, -1} for the plain names.
std::pair<int, int> tile_to_read(const fs::path& dir, const Shape& s, const ReadOptions& opt) {
  if (opt.ic_tile >= 0) return {opt.ic_tile, std::max(opt.oc_tile, 0)};
  if (!plain_activation_present(dir, s) && activation_tiles(dir) > 0) return {0, 0};
  return {-1, -1};
}

std::string tile_files(const std::pair<int, int>& t) {
  return fmt::format("activation_tile{0}.txt and weight_itile{0}_otile{1}_kij{{k}}.txt", t.first, t.second);
}

void read_activation_and_weights(const fs::path& dir, const Shape& s, const ReadOptions& opt,
                                 const std::pair<int, int>& tile, VectorSet& v) {
  const bool tiled = tile.first >= 0;
  const Group act = tiled ? tile_group(FileKind::Activation, s, tile.first, tile.second)
                          : make_group(FileKind::Activation, s);
  std::optional<FileData> a = read_group(dir, act, s, opt, v.notes, v.warnings);
  if (!a && tiled)
    throw InputError((dir / act.candidates[0].name).string(), 0,
                     fmt::format("file not found (nor {}): tile {},{} is {}", act.candidates[1].name, tile.first,
                                 tile.second, tile_files(tile)));
  if (!a) {
    std::string names;
    for (size_t i = 1; i < act.candidates.size(); ++i) names += (i > 1 ? ", " : "") + act.candidates[i].name;
    throw InputError((dir / "activation.txt").string(), 0, fmt::format("file not found (nor {})", names));
  }
  v.tile.act = std::move(a->values);

  const Group wgt = tiled ? tile_group(FileKind::Weight, s, tile.first, tile.second) : make_group(FileKind::Weight, s);
  std::optional<FileData> w = read_group(dir, wgt, s, opt, v.notes, v.warnings);
  if (!w && tiled)
    throw InputError((dir / subst_k(wgt.candidates[0].name, "0")).string(), 0,
                     fmt::format("file not found (nor {}): tile {},{} is {}", display_name(wgt.candidates[1], s),
                                 tile.first, tile.second, tile_files(tile)));
  if (!w)
    throw InputError((dir / subst_k(wgt.candidates[0].name, "0")).string(), 0,
                     fmt::format("file not found (nor weight.txt, weight_kij0_int.txt, weight_int.txt)"));
  v.tile.wgt = std::move(w->values);
}

// A psum.txt of one data line per output holds the raw output sums.
bool psum_txt_is_raw_out(const fs::path& dir, const Shape& s) {
  const Group g = make_group(FileKind::Psum, s);
  if (present(dir, g.candidates[0], s)) return false;  // psum_kij{k}.txt come first
  const int n = count_data_lines(dir / "psum.txt");
  return n == s.n_onij() && n != s.n_nij() * s.n_kij();
}

void read_psums(const fs::path& dir, const Shape& s, const ReadOptions& opt, VectorSet& v) {
  if (psum_txt_is_raw_out(dir, s)) {
    const Group raw{FileKind::Out, "psum", s.n_onij(), false, {{FileFormat::Binary, false, "psum.txt"}}};
    std::optional<FileData> d = read_group(dir, raw, s, opt, v.notes, v.warnings);
    v.notes.back() += fmt::format("; one line per output, not the {} per-kij psums: the raw output sums (before "
                                  "ReLU), checked as out_raw",
                                  s.n_nij() * s.n_kij());
    v.more_out.push_back({"out_raw", OutKind::Raw, std::move(d->values), std::move(d->lines)});
    return;
  }
  if (auto p = read_group(dir, make_group(FileKind::Psum, s), s, opt, v.notes, v.warnings)) {
    v.psum = std::move(p->values);
    v.psum_lines = std::move(p->lines);
  } else {
    v.notes.push_back("psum: absent (psum_kij{k}.txt, psum.txt and their _int variants not found)");
  }
}

// After ReLU or raw, as the values say; after ReLU beside a raw psum.txt.
OutKind out_kind_of(const std::vector<int64_t>& values, bool raw_elsewhere, std::string& note) {
  bool negative = false;
  for (int64_t x : values) negative = negative || x < 0;
  if (raw_elsewhere) {
    note += "; taken as after ReLU (psum.txt holds the raw sums), compared with the golden out_relu";
    return OutKind::Relu;
  }
  note += negative ? "; holds negative values: raw SFP sums, compared with the golden out before ReLU"
                   : "; no negative value: taken as after ReLU (as the notebook writes it), compared with the "
                     "golden out_relu";
  return negative ? OutKind::Raw : OutKind::Relu;
}

void read_outputs(const fs::path& dir, const Shape& s, const ReadOptions& opt, VectorSet& v) {
  const bool raw_elsewhere = !v.more_out.empty();
  Group out = make_group(FileKind::Out, s);
  const bool both = exists_at(dir / "out.txt") && exists_at(dir / "output.txt");
  if (both) out.candidates.erase(out.candidates.begin() + 1);  // output.txt: read on its own below
  if (auto o = read_group(dir, out, s, opt, v.notes, v.warnings)) {
    v.out_kind = out_kind_of(o->values, raw_elsewhere, v.notes.back());
    v.out = std::move(o->values);
    v.out_lines = std::move(o->lines);
  } else {
    v.notes.push_back("out: absent (out.txt, output.txt and their _int variants not found)");
  }
  if (both) {
    const Group g{FileKind::Out, "output", s.n_onij(), false, {{FileFormat::Binary, false, "output.txt"}}};
    std::optional<FileData> d = read_group(dir, g, s, opt, v.notes, v.warnings);
    v.notes.back() += "; out.txt is present too: both are checked";
    const OutKind kind = out_kind_of(d->values, raw_elsewhere, v.notes.back());
    v.more_out.push_back({"output", kind, std::move(d->values), std::move(d->lines)});
  }
  if (auto r = read_group(dir, make_group(FileKind::OutRelu, s), s, opt, v.notes, v.warnings)) {
    v.out_relu = std::move(r->values);
    v.out_relu_lines = std::move(r->lines);
  } else {
    v.notes.push_back("out_relu: absent (out_relu.txt, out_int_relu.txt, out_relu_int.txt not found)");
  }
}

// The expected files of a tiled folder: tile 0,0's (the notebook writes
// those); outputs only when one input-channel tile makes them.
void read_tiled_expectations(const fs::path& dir, const Shape& s, const ReadOptions& opt,
                             const std::pair<int, int>& tile, VectorSet& v) {
  const int ic_tiles = activation_tiles(dir);
  v.notes.push_back(fmt::format("tiled set: tile {},{} ({}); the folder holds {} input-channel tile{} "
                                "(--tile I,O reads another)",
                                tile.first, tile.second, tile_files(tile), ic_tiles, ic_tiles == 1 ? "" : "s"));
  if (tile != std::pair<int, int>{0, 0}) {
    v.notes.push_back(fmt::format("psum and out files: not compared: the notebook writes them for tile 0,0, "
                                  "this is tile {},{}",
                                  tile.first, tile.second));
    return;
  }
  read_psums(dir, s, opt, v);
  if (v.psum) v.notes.back() += "; taken as tile 0,0's, as the notebook writes them";
  if (ic_tiles > 1) {
    v.notes.push_back(fmt::format("out files: not compared: with {} input-channel tiles they hold sums over "
                                  "every tile, not tile 0,0's",
                                  ic_tiles));
    return;
  }
  read_outputs(dir, s, opt, v);
}

}  // namespace

VectorSet read_vector_set(const fs::path& dir, const Shape& s, const ReadOptions& opt) {
  s.validate();
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (st.type() == fs::file_type::not_found) throw InputError(dir.string(), 0, "folder not found");
  if (ec) throw InputError(dir.string(), 0, fmt::format("cannot be examined ({})", ec.message()));
  if (!fs::is_directory(st)) throw InputError(dir.string(), 0, "is not a folder");
  VectorSet v(s);
  const std::pair<int, int> tile = tile_to_read(dir, s, opt);
  read_activation_and_weights(dir, s, opt, tile, v);
  if (tile.first >= 0) {
    read_tiled_expectations(dir, s, opt, tile, v);
    return v;
  }
  read_psums(dir, s, opt, v);
  read_outputs(dir, s, opt, v);
  return v;
}

std::optional<MapGuess> detect_map(const fs::path& dir, const Shape& s, const ReadOptions& opt) {
  const std::pair<int, int> tile = tile_to_read(dir, s, opt);
  const Group act = tile.first >= 0 ? tile_group(FileKind::Activation, s, tile.first, tile.second)
                                    : make_group(FileKind::Activation, s);
  for (const Candidate& c : act.candidates) {
    const fs::path p = dir / c.name;
    const int lines = count_data_lines(p);
    if (lines < 0) {
      if (exists_at(p)) return std::nullopt;  // the reader says what is wrong with it
      continue;
    }
    int side = 0;
    while ((side + 1) * (side + 1) <= lines) ++side;
    if (side * side != lines || side - 2 * s.pad < 1 || side < s.kernel) return std::nullopt;
    return MapGuess{side - 2 * s.pad, p.string(), lines};
  }
  return std::nullopt;
}

std::vector<fs::path> write_vector_set(const fs::path& dir, const VectorSet& v, const WriteOptions& opt) {
  const Shape& s = v.shape();
  fs::create_directories(dir);
  std::vector<fs::path> written;
  write_group(dir, make_group(FileKind::Activation, s), s, v.tile.act, opt, written);
  write_group(dir, make_group(FileKind::Weight, s), s, v.tile.wgt, opt, written);
  if (v.psum) write_group(dir, make_group(FileKind::Psum, s), s, *v.psum, opt, written);
  if (v.out) write_group(dir, make_group(FileKind::Out, s), s, *v.out, opt, written);
  if (v.out_relu) write_group(dir, make_group(FileKind::OutRelu, s), s, *v.out_relu, opt, written);
  return written;
}

Tile read_tile(const fs::path& dir, const Shape& s, int ic_tile, int oc_tile, const ReadOptions& opt) {
  s.validate();
  if (ic_tile < 0 || ic_tile >= s.ic_tiles() || oc_tile < 0 || oc_tile >= s.oc_tiles())
    throw std::invalid_argument(fmt::format("read_tile: tile ({}, {}) outside {} x {} tiles", ic_tile, oc_tile,
                                            s.ic_tiles(), s.oc_tiles()));
  Shape ts = s;
  ts.in_ch = s.rows;
  ts.out_ch = s.cols;
  Tile t(ts);
  std::vector<std::string> notes, warnings;  // a single tile has no VectorSet to keep them
  for (FileKind k : {FileKind::Activation, FileKind::Weight}) {
    const Group g = tile_group(k, s, ic_tile, oc_tile);
    std::optional<FileData> d = read_group(dir, g, ts, opt, notes, warnings);
    if (!d)
      throw InputError((dir / subst_k(g.candidates[0].name, "0")).string(), 0,
                       fmt::format("file not found (nor {})", display_name(g.candidates[1], ts)));
    (k == FileKind::Activation ? t.act : t.wgt) = std::move(d->values);
  }
  return t;
}

std::vector<fs::path> write_layer_tiles(const fs::path& dir, const Layer& l, const WriteOptions& opt) {
  const Shape& s = l.shape;
  fs::create_directories(dir);
  std::vector<fs::path> written;
  for (int i = 0; i < s.ic_tiles(); ++i)
    for (int o = 0; o < s.oc_tiles(); ++o) {
      const Tile t = make_tile(l, i, o);
      if (o == 0) write_group(dir, tile_group(FileKind::Activation, s, i, o), t.shape, t.act, opt, written);
      write_group(dir, tile_group(FileKind::Weight, s, i, o), t.shape, t.wgt, opt, written);
    }
  return written;
}

std::vector<Discrepancy> check_consistency(const VectorSet& v, const TileResult& g) {
  const Shape& s = v.shape();
  std::vector<Discrepancy> d;
  auto where = [](const std::vector<Where>& lines, int i) { return lines.empty() ? Where{} : lines[idx(i)]; };
  if (v.psum)
    for (int kij = 0; kij < s.n_kij(); ++kij)
      for (int nij = 0; nij < s.n_nij(); ++nij)
        for (int col = 0; col < s.cols; ++col) {
          const int line = kij * s.n_nij() + nij;
          const int64_t actual = (*v.psum)[idx(line * s.cols + col)];
          const int64_t expected = g.psum_at(kij, nij, col);
          if (actual != expected) d.push_back({where(v.psum_lines, line), "psum", kij, nij, col, expected, actual});
        }
  auto outputs = [&](const std::optional<std::vector<int64_t>>& file, const std::vector<Where>& lines,
                     const std::vector<int64_t>& golden, const char* kind) {
    if (!file) return;
    for (int o = 0; o < s.n_onij(); ++o)
      for (int col = 0; col < s.cols; ++col) {
        const size_t i = idx(o * s.cols + col);
        if ((*file)[i] != golden[i]) d.push_back({where(lines, o), kind, -1, o, col, golden[i], (*file)[i]});
      }
  };
  outputs(v.out, v.out_lines, v.out_kind == OutKind::Raw ? g.out_raw : g.out_relu, "out");
  outputs(v.out_relu, v.out_relu_lines, g.out_relu, "out_relu");
  for (const OutputFile& o : v.more_out)
    outputs(std::optional<std::vector<int64_t>>(o.values), o.lines, o.kind == OutKind::Raw ? g.out_raw : g.out_relu,
            o.label.c_str());
  return d;
}

}  // namespace golden
