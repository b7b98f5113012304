// Reader and writer of the notebook's vector files (SPEC section 2).
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
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

/// One squeezed-layer vector set as read from (or written to) a folder.
struct VectorSet {
  Tile tile;                                    // activation.txt + weights
  std::optional<std::vector<int64_t>> psum;     // [(kij * n_nij + nij) * cols + col]
  std::optional<std::vector<int64_t>> out;      // out.txt or output.txt [o_nij * cols + col]
  OutKind out_kind = OutKind::Relu;             // Raw when a negative value was seen
  std::optional<std::vector<int64_t>> out_relu; // out_relu.txt [o_nij * cols + col]

  // Provenance of every data line read (empty for generated sets).
  std::vector<Where> psum_lines;      // [kij * n_nij + nij]
  std::vector<Where> out_lines;       // [o_nij]
  std::vector<Where> out_relu_lines;  // [o_nij]
  /// What was detected and read, one line each, printed by `check` and `run`
  /// ("weights: weight.txt, 72 lines, kij-major"; "out.txt holds raw sums").
  std::vector<std::string> notes;

  explicit VectorSet(const Shape& s = Shape{});
  const Shape& shape() const { return tile.shape; }
};

struct ReadOptions {
  bool headers_required = false;  // false: the three header lines may be absent
};

/// Reads every file of the set that is present in dir. activation and the 9
/// weights are required; psum, out and out_relu are optional. Accepts the
/// variants of SPEC section 2 (single weight.txt / psum.txt, output.txt,
/// no headers, the _int decimal files) and records the choice in notes.
/// Throws InputError on the first bad file.
VectorSet read_vector_set(const std::filesystem::path& dir, const Shape& s,
                          const ReadOptions& opt = {});

/// Writes activation.txt, weight_kij{0..8}.txt and, when present, psum_kij*.txt,
/// out.txt and out_relu.txt, byte for byte as the notebook writes them.
void write_vector_set(const std::filesystem::path& dir, const VectorSet& v);

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
