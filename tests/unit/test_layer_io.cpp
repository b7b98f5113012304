// golden.layer_io.*: a tiled layer folder (the notebook's tiled names) read
// back: its shape from the files, its values, the zero padding each
// activation tile must have, and the file named when one is wrong.
#include <catch2/catch.hpp>

#include <filesystem>

#include "generate.hpp"
#include "layer_io.hpp"
#include "util.hpp"

using golden::Shape;
using test::TempDir;

namespace {

Shape layer_shape() {
  Shape s;
  s.in_ch = 16;
  s.out_ch = 24;
  s.map = 6;
  return s;
}

}  // namespace

TEST_CASE("golden.layer_io.roundtrip") {
  const Shape s = layer_shape();
  const golden::Layer l = golden::generate_layer(s, golden::Pattern::Random, 21);
  TempDir dir("layer-rt");
  golden::write_layer_tiles(dir.path(), l);
  CHECK(golden::is_layer_dir(dir.path()));
  const Shape d = golden::detect_layer_shape(dir.path(), Shape{});
  CHECK(d.in_ch == 16);   // 2 activation tiles of 8 rows
  CHECK(d.out_ch == 24);  // 3 output tiles of 8 columns
  CHECK(d.map == 6);      // 8 x 8 = 64 padded positions
  std::vector<std::string> notes;
  const golden::Layer r = golden::read_layer(dir.path(), d, notes);
  CHECK(r.act == l.act);
  CHECK(r.wgt == l.wgt);
  REQUIRE(notes.size() == 1);
  CHECK_THAT(notes[0], Catch::Contains("16 input x 24 output channels (2 x 3 tiles of 8x8)"));
}

TEST_CASE("golden.layer_io.not_a_layer") {
  TempDir dir("layer-none");
  CHECK_FALSE(golden::is_layer_dir(dir.path()));
  CHECK_THROWS_WITH(golden::detect_layer_shape(dir.path(), Shape{}),
                    Catch::Contains("activation_tile0.txt: file not found"));
}

TEST_CASE("golden.layer_io.padding_must_be_zero") {
  // Must fail: a padded position of tile 1 holds an activation.
  const Shape s = layer_shape();
  const golden::Layer l = golden::generate_layer(s, golden::Pattern::Random, 22);
  TempDir dir("layer-pad");
  golden::write_layer_tiles(dir.path(), l);
  golden::Tile t = golden::make_tile(l, 1, 0);
  t.a(9, 3) = 5;  // padded row 1, column 1 is inside; 8 = row 1, column 0 is padding
  t.a(8, 3) = 5;
  golden::write_vector_file(dir / "activation_tile1.txt", golden::FileKind::Activation, t.shape,
                            golden::FileFormat::Binary, t.act);
  std::vector<std::string> notes;
  CHECK_THROWS_WITH(golden::read_layer(dir.path(), golden::detect_layer_shape(dir.path(), Shape{}), notes),
                    Catch::Contains("activation_tile1.txt") &&
                        Catch::Contains("data line 9 (padded position 1, 0) holds 5 in row 3: it is "
                                        "padding, which must be 0"));
}

TEST_CASE("golden.layer_io.missing_and_bad_files") {
  const Shape s = layer_shape();
  const golden::Layer l = golden::generate_layer(s, golden::Pattern::Random, 23);
  TempDir dir("layer-bad");
  golden::write_layer_tiles(dir.path(), l);
  std::filesystem::remove(dir / "weight_itile1_otile2_kij4.txt");
  std::vector<std::string> notes;
  CHECK_THROWS_WITH(golden::read_layer(dir.path(), golden::detect_layer_shape(dir.path(), Shape{}), notes),
                    Catch::Contains("weight_itile1_otile2_kij4.txt"));
  // 63 positions are no square padded map: the last data line cut.
  TempDir odd("layer-odd");
  golden::write_layer_tiles(odd.path(), l);
  std::vector<std::string> lines = test::read_lines(odd / "activation_tile0.txt");
  REQUIRE(lines.size() == 3 + 64);
  lines.pop_back();
  test::write_lines(odd / "activation_tile0.txt", lines);
  CHECK_THROWS_WITH(golden::detect_layer_shape(odd.path(), Shape{}),
                    Catch::Contains("activation_tile0.txt") && Catch::Contains("63 data lines are no padded square map"));
}
