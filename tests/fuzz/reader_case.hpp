// One fuzz input for the vector reader, decoded and run: shared by the
// libFuzzer target (fuzz_reader), its plain replay driver (fuzz_reader_replay,
// a ctest) and the Catch2 regression tests (vectors.fuzz.*).
//
// Input layout: byte 0 selects what is read, the rest is the data.
//   bits 0..2  0 activation, 1 weight_kij{k} (cols lines), 2 weight.txt
//              (cols * 9 lines), 3 psum_kij{k}, 4 psum.txt, 5 out, 6 out_relu,
//              7 a whole folder (read_vector_set)
//   bit 3      single file: the decimal _int format (binary otherwise);
//              folder: entries named with bit 7 set become sub-folders
//   bit 4      headers required (cosim check --strict-headers)
//   bits 5..7  the shape: index into shapes() (array size and widths)
// Single file: the rest is the file's bytes, parsed by parse_vector_text().
// Folder: the rest is split at 0x00 bytes into entries; an entry's first byte
// picks its name from folder_names() (modulo), the other bytes are the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "shape.hpp"

namespace fuzz {

/// The eight shapes bits 5..7 choose from (every one passes Shape::validate()).
const std::vector<golden::Shape>& shapes();
/// Every file name read_vector_set() looks for (per-kij names expanded).
const std::vector<std::string>& folder_names();

/// What happened to one input.
struct Outcome {
  std::string mode;       // "activation binary, shape 0", "folder, shape 2", ...
  bool parsed = false;    // read without error
  std::string error;      // InputError::what() when not parsed
  std::string violation;  // non-empty: the reader broke its contract (a bug)
};

/// Decodes and runs one input. Never throws: an exception other than
/// golden::InputError, or a result or message that breaks the reader's
/// contract, is returned as a violation.
Outcome run_reader_case(const uint8_t* data, size_t size);

/// Seed inputs made from valid generated sets: every mode, format and shape,
/// with and without header lines. name = a file name for the corpus.
struct Seed {
  std::string name;
  std::string bytes;
};
std::vector<Seed> seed_inputs();

}  // namespace fuzz
