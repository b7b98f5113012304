// vectors.fuzz.regression.*: each input the fuzzer (make fuzz) found that
// broke the reader, committed under tests/fuzz/regressions/, fed exactly as
// found: through the fuzz target's decoder (no contract violation) and, by
// hand, to the reader function it reached (the message the user now gets).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "reader_case.hpp"
#include "util.hpp"
#include "vectors.hpp"

namespace {

std::string regression(const std::string& name) {
  return test::read_text(std::filesystem::path(COSIM_FUZZ_REGRESSIONS) / name);
}

fuzz::Outcome replay(const std::string& bytes) {
  return fuzz::run_reader_case(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

// Found in 159 executions on the reader as it was: a byte of the file that is
// not printable ASCII went raw into the message ("'<0xd7>' at column 1 is not
// a decimal integer"), so a binary or fuzzed file could put control bytes
// (terminal escapes) and megabytes into the error. Fixed: the token is shown
// escaped (\xNN, \t) and cut after 24 characters.
TEST_CASE("vectors.fuzz.regression.raw_byte_in_int_message") {
  const std::string in = regression("raw-byte-in-int-message");
  REQUIRE(in == std::string("\xcc\xd7"));  // selector 0xcc: psum.txt, _int, shape 6; the file is one byte
  const fuzz::Outcome o = replay(in);
  INFO(o.error);
  CHECK(o.violation.empty());
  CHECK_FALSE(o.parsed);

  // psum.txt of shape 6: 8 columns of 24 bits, 324 data lines.
  const golden::LineFormat f{8, 24, true, "col"};
  CHECK_THROWS_WITH(golden::parse_vector_text(in.substr(1), "psum_int.txt", f, golden::FileFormat::Int, 324),
                    "psum_int.txt:1: '\\xd7' at column 1 is not a decimal integer; the file ends in this line, "
                    "without a line end: cut short?");
  // The same byte inside a longer token, and a long token: escaped and cut.
  CHECK_THROWS_WITH(golden::parse_vector_text("1,\x1b[2J,3\n", "f", {3, 8, false, "col"}, golden::FileFormat::Int, 1),
                    "f:1: '\\x1b[2J' at column 3 is not a decimal integer");
  CHECK_THROWS_WITH(golden::parse_vector_text(std::string(1000, 'x') + "\n", "f", {1, 8, false, "col"},
                                              golden::FileFormat::Int, 1),
                    "f:1: 'xxxxxxxxxxxxxxxxxxxxxxxx...' (1000 characters) at column 1 is not a decimal integer");
}
