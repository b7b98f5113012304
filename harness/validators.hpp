// CLI11 validators every sub-command shares, so that an option means and
// checks the same on run, emit-tb, schedule, calibrate, check and gen: each
// refuses a bad value with a one-line reason (exit 2) before anything runs.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace cosim {

/// A value that must not be empty: `what` says what it names ("a folder").
/// An empty value is most often an unset shell variable, and says so.
CLI::Validator not_empty(const std::string& what);

/// A whole number >= lo (no sign, no fraction). `hint` is added when the
/// value is below lo, e.g. "leave the option out for the schedule's bound".
CLI::Validator at_least(int64_t lo, const std::string& hint = "");

/// A seed: a whole number 0..2^64-1 written without a sign ("-1" would
/// otherwise wrap to 18446744073709551615).
CLI::Validator seed_number();

/// A list such as "0,3-5" of numbers lo..hi, checked (bounds, duplicates,
/// size) before a range is expanded: parse_int_list's rules.
CLI::Validator int_list(int lo, int hi, const std::string& item);

/// A tile "I,O" (parse_tile's rules).
CLI::Validator tile_pair();

/// The name of the closest of `names` to `typed` (edit distance at most a
/// third of its length, and at least 1 off), or "" when none is that close.
std::string closest_name(const std::string& typed, const std::vector<std::string>& names);

}  // namespace cosim
