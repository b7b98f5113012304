// Reader and writer of the notebook's vector files (SPEC section 2).
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "model.hpp"

namespace golden {

/// A bad input file. Maps to exit code 2. line is 1-based; 0 means the whole
/// file (missing, unreadable, too few lines).
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, int line, std::string cause);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& cause() const { return cause_; }

 private:
  std::string file_;
  int line_;
  std::string cause_;
};

/// Where a value came from, for reports ("psum_kij3.txt:17").
struct Where {
  std::string file;
  int line = 0;
};

enum class OutKind { Relu, Raw };  // what out.txt / output.txt holds (detected)

/// A further file of final outputs beside out.txt: output.txt when both are
/// present (both are checked), or a psum.txt of one line per output (the
/// raw sums, before ReLU).
struct OutputFile {
  std::string label;                 // "output", "out_raw": the check's name
  OutKind kind = OutKind::Relu;
  std::vector<int64_t> values;       // [o_nij * cols + col]
  std::vector<Where> lines;          // [o_nij]
};

/// One squeezed-layer vector set as read from (or written to) a folder.
struct VectorSet {
  Tile tile;                                    // activation.txt + weights
  std::optional<std::vector<int64_t>> psum;     // [(kij * n_nij + nij) * cols + col]
  std::optional<std::vector<int64_t>> out;      // out.txt or output.txt [o_nij * cols + col]
  OutKind out_kind = OutKind::Relu;             // Raw when a negative value was seen
  std::optional<std::vector<int64_t>> out_relu; // out_relu.txt [o_nij * cols + col]
  std::vector<OutputFile> more_out;             // output.txt beside out.txt; a 16-line psum.txt

  // Provenance of every data line read (empty for generated sets).
  std::vector<Where> psum_lines;      // [kij * n_nij + nij]
  std::vector<Where> out_lines;       // [o_nij]
  std::vector<Where> out_relu_lines;  // [o_nij]
  /// What was detected and read, one line each, printed by `check` and `run`
  /// ("weights: weight.txt, 72 lines, kij-major"; "out.txt holds raw sums").
  std::vector<std::string> notes;
  /// Files that read, but that the course testbench would misread
  /// ("FILE:LINE: the course testbench would misread this file: ..."),
  /// printed as warnings (never a failure).
  std::vector<std::string> warnings;

  explicit VectorSet(const Shape& s = Shape{});
  const Shape& shape() const { return tile.shape; }
};

struct ReadOptions {
  bool headers_required = false;  // false: the three header lines may be absent
  /// The course's tiled names: read activation_tile{ic}.txt and
  /// weight_itile{ic}_otile{oc}_kij{k}.txt as the set. -1: tile 0,0, and only
  /// when the folder holds no activation file of the plain names.
  int ic_tile = -1;
  int oc_tile = -1;
};

// ---------------------------------------------------------------------------
// Single files. Every kind of file is one LineFormat: `fields` values of
// `width` bits per data line, the highest lane first (row7..row0 / col7..col0).

/// The kinds of file of a set; each has its own line format and headers.
enum class FileKind { Activation, Weight, Psum, Out, OutRelu };

/// The two encodings of a data line: "0101..." (MSB first, no separators) or
/// the notebook's _int files, comma-separated decimal integers ("3,0,-1," with
/// optional spaces and one optional trailing comma).
enum class FileFormat { Binary, Int };

/// How the values of one data line are laid out.
struct LineFormat {
  int fields = 0;          // values per line
  int width = 0;           // bits per value
  bool is_signed = false;  // two's complement (binary) / allowed range (int)
  std::string lane;        // what a field is: "row" or "col"
};
LineFormat line_format(FileKind k, const Shape& s);

/// The three header lines the notebook writes for k, '\n'-terminated.
std::string header_lines(FileKind k, const Shape& s);

/// The data of one file: values[line * fields + lane] (lane 0 = last field of
/// a line), and where each data line was.
struct FileData {
  std::vector<int64_t> values;
  std::vector<Where> lines;
  int header_lines = 0;  // comment lines before the first data line
  bool crlf = false;     // some line ended in "\r\n" (accepted, reported in notes)
  bool bom = false;      // the file started with a UTF-8 byte-order mark (skipped, reported in notes)
  /// Binary files only: what the course testbench, which skips exactly three
  /// whitespace-separated tokens of header and then reads every token as
  /// data, would misread: {line, what}, the first of each kind.
  std::vector<std::pair<int, std::string>> testbench_issues;
};

/// Parses one data line (without its line end). Throws InputError(file, line, cause).
std::vector<int64_t> parse_data_line(const std::string& text, const LineFormat& f, FileFormat format,
                                     const std::string& file, int line);

/// Reads one file that must hold exactly n_lines data lines. Only a regular
/// file (or a symbolic link to one) of at most kMaxFileBytes is read: a
/// folder, FIFO, device or socket is refused before it is opened (reading a
/// FIFO or /dev/zero would block or never end), and so is a dangling link.
FileData read_vector_file(const std::filesystem::path& path, const LineFormat& f, FileFormat format,
                          int n_lines, const ReadOptions& opt = {});

/// The largest file read_vector_file() reads. A psum.txt for a 64x64 array
/// with 16-bit psums is about 330 KB; the bound keeps a wrong file (a log, a
/// disk image) from being read whole into memory.
inline constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{64} << 20;

/// The data lines of a file's text (lines neither blank nor a '#'
/// comment), without parsing them: how many a file holds, to tell its
/// geometry or kind before it is read.
int count_data_lines(std::istream& in);

/// What read_vector_file() does with a file's bytes once read: `content` is
/// the whole file, `file` is the name errors give.
FileData parse_vector_text(const std::string& content, const std::string& file, const LineFormat& f,
                           FileFormat format, int n_lines, const ReadOptions& opt = {});

/// Writes one file (headers unless `headers` is false); values as in FileData.
/// Throws std::invalid_argument when a value does not fit the line format.
void write_vector_file(const std::filesystem::path& path, FileKind k, const Shape& s, FileFormat format,
                       const std::vector<int64_t>& values, bool headers = true);

// ---------------------------------------------------------------------------
// Whole sets.

/// Reads every file of the set that is present in dir. activation and the 9
/// weights are required; psum, out and out_relu are optional. Accepts the
/// variants of SPEC section 2 (single weight.txt / psum.txt, output.txt,
/// no headers, the _int decimal files) and records the choice in notes.
/// Throws InputError on the first bad file.
///
/// Names tried, first present wins (binary before _int; the others present
/// are named in notes as ignored):
///   activation  activation.txt, activation_project.txt, input.txt, activation_project_int.txt,
///               activation_int.txt; or the tiled activation_tile{i}.txt (ReadOptions)
///   weights     weight_kij{k}.txt, weight.txt (72 lines, kij-major), weight_kij{k}_int.txt, weight_int.txt;
///               or the tiled weight_itile{i}_otile{o}_kij{k}.txt
///   psum        psum_kij{k}.txt, psum.txt (324 lines, kij-major), psum_kij{k}_int.txt, psum_int.txt;
///               a psum.txt of one line per output holds the raw output sums (more_out "out_raw")
///   out         out.txt, output.txt, out_int.txt, output_int.txt; out.txt and output.txt both
///               present: both read (output.txt in more_out "output")
///   out_relu    out_relu.txt, out_int_relu.txt, out_relu_int.txt
/// Lines: '#' starts a comment, blank lines are skipped, a trailing "\r"
/// (CRLF) and a UTF-8 byte-order mark at the start of a file are accepted
/// and noted; every other line is data and must be exact.
/// out: a negative value means raw sums (out_kind Raw), otherwise after ReLU
/// (always after ReLU beside a psum.txt of raw sums).
/// A tiled folder: psum and out files are read as tile 0,0's (the notebook
/// writes tile 0,0), out files only when the folder has one input-channel
/// tile (otherwise they sum several); for another tile they are not read,
/// and the notes say so.
VectorSet read_vector_set(const std::filesystem::path& dir, const Shape& s,
                          const ReadOptions& opt = {});

/// The activation map side a folder's set implies: its activation file (the
/// first of the names read_vector_set() tries) holds (map + 2*pad)^2 data
/// lines. nullopt when there is no such file or its count of data lines is
/// not such a square (the reader then says what is wrong).
struct MapGuess {
  int map = 0;
  std::string file;
  int lines = 0;
};
std::optional<MapGuess> detect_map(const std::filesystem::path& dir, const Shape& s,
                                   const ReadOptions& opt = {});

/// The variants write_vector_set() can produce (the default is the notebook's
/// binary set; the others exist so the reader's variants can be tested).
struct WriteOptions {
  FileFormat format = FileFormat::Binary;  // Int: the notebook's _int names
  bool headers = true;                     // the three header lines
  bool single_files = false;               // weight.txt / psum.txt, kij-major
  bool output_name = false;                // output.txt instead of out.txt
};

/// Writes activation.txt, weight_kij{0..8}.txt and, when present, psum_kij*.txt,
/// out.txt and out_relu.txt, byte for byte as the notebook writes them.
/// Creates dir. Returns the paths written, in order.
std::vector<std::filesystem::path> write_vector_set(const std::filesystem::path& dir, const VectorSet& v,
                                                    const WriteOptions& opt = {});

/// The tiled names of the notebook's full layer: activation_tile{t}.txt and
/// weight_itile{i}_otile{o}_kij{k}.txt (or *_int.txt). read_tile() reads tile
/// (ic_tile, oc_tile) of a layer of shape s; write_layer_tiles() writes every
/// tile of a layer (format and headers from opt).
Tile read_tile(const std::filesystem::path& dir, const Shape& s, int ic_tile, int oc_tile,
               const ReadOptions& opt = {});
std::vector<std::filesystem::path> write_layer_tiles(const std::filesystem::path& dir, const Layer& l,
                                                     const WriteOptions& opt = {});

/// A given file value that disagrees with the golden model computed from the
/// set's own activation and weights.
struct Discrepancy {
  Where where;
  std::string file_kind;  // "psum", "out", "out_relu"
  int kij = -1;           // psum only
  int nij = -1;           // psum: padded position; out/out_relu: o_nij
  int col = 0;
  int64_t expected = 0;   // golden
  int64_t actual = 0;     // file
};
std::vector<Discrepancy> check_consistency(const VectorSet& v, const TileResult& g);

}  // namespace golden
