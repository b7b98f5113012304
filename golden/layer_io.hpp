// A whole layer in the notebook's tiled names (activation_tile{t}.txt,
// weight_itile{i}_otile{o}_kij{k}.txt, or their _int variants: SPEC
// section 2), read back into a Layer: the shape it holds, its tiles, and
// the zero padding every activation tile must have.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "model.hpp"
#include "vectors.hpp"

namespace golden {

/// True when `dir` holds activation_tile0.txt (or _int.txt): a tiled layer.
bool is_layer_dir(const std::filesystem::path& dir);

/// The layer a tiled folder holds, on the array of `s` (rows, cols,
/// widths): in_ch = rows x the activation tiles (activation_tile0..),
/// out_ch = cols x the output tiles (weight_itile0_otile0.._kij0), the map
/// side from activation_tile0's data lines ((map + 2*pad)^2), or `map` when
/// > 0. Throws InputError naming the file when there is none to count, or
/// its lines are no square map.
Shape detect_layer_shape(const std::filesystem::path& dir, Shape s, int map = 0);

/// Every tile of the layer of shape s. Each activation tile must be zero in
/// its padding (InputError naming file, data line and value otherwise).
/// `notes` gets one line on what was read.
Layer read_layer(const std::filesystem::path& dir, const Shape& s, std::vector<std::string>& notes,
                 const ReadOptions& opt = {});

}  // namespace golden
