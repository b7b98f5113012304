// Where the wrong words are: per kij, the padded map's positions with the
// number of columns wrong at each; per output position, the same. For the
// terminal report (a compact text map) and the HTML page.
#pragma once

#include <string>
#include <vector>

#include "checker.hpp"

namespace cosim {

/// wrong[kij][nij] = columns wrong at that position (value mismatches of the
/// psums); outputs[o_nij] the same for the outputs.
struct WrongMap {
  int side = 0;          // the padded map's side
  int out_side = 0;      // the output map's side
  std::vector<std::vector<int>> psum;  // [kij][nij]
  std::vector<int> out;                // [o_nij]
};
WrongMap wrong_map(const CheckResult& r, const golden::Shape& s);

/// The first kij with wrong psums (or the outputs when none), as rows of
/// digits: '.' right, 1..9 columns wrong, '#' 10 or more. Empty when all
/// is right.
std::string text_heatmap(const WrongMap& m, int cols);

}  // namespace cosim
