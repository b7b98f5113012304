// `cosim check`: reads a vector set, recomputes everything from its own
// activations and weights with the golden model, and compares every psum and
// output file present. Counting: one check per kij of the psums (psum.txt
// counts as 9 checks too) and one per output file present (out, out_relu).
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <memory>

#include "commands.hpp"
#include "cosim_config.hpp"
#include "options.hpp"
#include "validators.hpp"
#include "vectors.hpp"

namespace cosim {

namespace {

struct CheckOptions {
  std::string vectors;
  int max_report = 10;
  int rows = config::kRows;
  int cols = config::kCols;
  int map = 0;
  std::string tile;
  bool headers_required = false;
};

// "0xfc40 (-960)": the word as the file holds it, and its value.
std::string hex_dec(int64_t v, int bits) {
  const uint64_t mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
  return fmt::format("0x{:0{}x} ({})", static_cast<uint64_t>(v) & mask, (bits + 3) / 4, v);
}

struct Row {
  std::string name;
  int lines = 0;
  int mismatches = 0;
  bool present = false;
  std::string remark;
};

// One row per kij, then one per output file: out, out_relu and any other
// (output.txt beside out.txt, a psum.txt of raw output sums).
std::vector<Row> table_rows(const golden::VectorSet& v, const std::vector<golden::Discrepancy>& bad) {
  const golden::Shape& s = v.shape();
  std::vector<Row> rows;
  for (int kij = 0; kij < s.n_kij(); ++kij)
    rows.push_back({fmt::format("kij {}", kij), s.n_nij(), 0, v.psum.has_value(), ""});
  const auto kind = [](golden::OutKind k) { return k == golden::OutKind::Raw ? "raw sums" : "after ReLU"; };
  rows.push_back({"out", s.n_onij(), 0, v.out.has_value(), kind(v.out_kind)});
  rows.push_back({"out_relu", s.n_onij(), 0, v.out_relu.has_value(), ""});
  for (const golden::OutputFile& f : v.more_out) rows.push_back({f.label, s.n_onij(), 0, true, kind(f.kind)});
  for (const auto& d : bad) {
    if (d.file_kind == "psum") {
      ++rows[static_cast<size_t>(d.kij)].mismatches;
      continue;
    }
    for (size_t r = static_cast<size_t>(s.n_kij()); r < rows.size(); ++r)
      if (rows[r].name == d.file_kind) ++rows[r].mismatches;
  }
  return rows;
}

int run_check(const CheckOptions& o) {
  golden::ReadOptions ro;
  ro.headers_required = o.headers_required;
  const golden::VectorSet v = read_set(o.vectors, o.map, golden::squeezed_shape(o.rows, o.cols), ro,
                                       o.tile.empty() ? std::pair{-1, -1} : parse_tile(o.tile));
  const golden::Shape& s = v.shape();
  const golden::TileResult g = golden::compute_tile(v.tile);
  const std::vector<golden::Discrepancy> bad = golden::check_consistency(v, g);

  fmt::print("cosim check: {} ({}x{} array, {}x{} map, padding {}, psum {} bits, accumulator {} bits)\n", o.vectors,
             s.rows, s.cols, s.map, s.map, s.pad, s.psum_w, s.acc_w);
  for (const auto& n : v.notes) fmt::print("  {}\n", n);

  const std::vector<Row> rows = table_rows(v, bad);
  int passed = 0;
  int failed = 0;
  fmt::print("\n{:<10} {:>6} {:>11}  result\n", "check", "lines", "mismatches");
  for (const auto& r : rows) {
    if (!r.present) {
      fmt::print("{:<10} {:>6} {:>11}  absent\n", r.name, "-", "-");
      continue;
    }
    (r.mismatches == 0 ? passed : failed) += 1;
    fmt::print("{:<10} {:>6} {:>11}  {}{}\n", r.name, r.lines, r.mismatches, r.mismatches == 0 ? "PASS" : "FAIL",
               r.remark.empty() ? "" : " (" + r.remark + ")");
  }

  if (!bad.empty()) {
    const size_t shown = std::min(bad.size(), static_cast<size_t>(std::max(o.max_report, 0)));
    fmt::print("\n{} {} with the golden model computed from the set's own activations and weights "
               "(inconsistent input); first {}:\n",
               bad.size(), bad.size() == 1 ? "value disagrees" : "values disagree", shown);
    for (size_t i = 0; i < shown; ++i) {
      const auto& d = bad[i];
      const int bits = d.file_kind == "psum" ? s.psum_w : s.acc_w;
      const std::string at = d.file_kind == "psum" ? fmt::format("kij {}, nij {}, col {}", d.kij, d.nij, d.col)
                                                   : fmt::format("{} o_nij {}, col {}", d.file_kind, d.nij, d.col);
      fmt::print("  {}:{}: {}: expected {}, actual {}\n", d.where.file, d.where.line, at, hex_dec(d.expected, bits),
                 hex_dec(d.actual, bits));
    }
  }
  for (const std::string& w : v.warnings) fmt::print("\nwarning: {}\n", w);
  if (!g.wraps.empty()) {
    fmt::print("\nwarning: {} {} in the golden model (psum {} bits, accumulator {} bits):\n", g.wraps.size(),
               g.wraps.size() == 1 ? "value wrapped" : "values wrapped", s.psum_w, s.acc_w);
    for (size_t i = 0; i < std::min(g.wraps.size(), static_cast<size_t>(std::max(o.max_report, 0))); ++i)
      fmt::print("  {}: exact {}, wrapped to {}\n", g.wraps[i].where, g.wraps[i].exact, g.wraps[i].wrapped);
  }
  if (passed + failed == 0) {
    // A folder of activations and weights only: nothing to compare is not a pass.
    fmt::print("\nNOTHING CHECKED: the folder holds no psum, out or out_relu file to compare with the "
               "golden model (cosim gen writes them; cosim run checks the RTL without them)\n");
    fmt::print("{} passed, {} failed\n", passed, failed);
    return kBadInput;
  }
  fmt::print("{} passed, {} failed\n", passed, failed);
  return failed == 0 ? kPass : kMismatch;
}

}  // namespace

void add_check_command(CLI::App& root, CommandAction& action) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = root.add_subcommand(
      "check",
      "Check a vector set against itself: recompute the psums and outputs with the golden model from the set's "
      "activations and weights and compare every psum and output file present. Prints what was detected, a table "
      "per kij plus out and out_relu, and the first mismatches. Exit 0 consistent, 1 mismatch, 2 bad file (or "
      "nothing to compare)");
  cmd->add_option("-v,--vectors", o->vectors,
                  "Folder holding activation.txt (or input.txt), weight_kij0..8.txt (or weight.txt) and any of "
                  "psum_kij*.txt (or psum.txt), out.txt and/or output.txt, out_relu.txt; the _int decimal "
                  "variants and the course's tiled names are read too")
      ->required()
      ->check(not_empty("a folder"));
  add_max_report(*cmd, o->max_report, "How many mismatches (and wraps) to list");
  cmd->add_option("--rows", o->rows, "Array rows = input channels")->check(CLI::Range(1, 64))->capture_default_str();
  cmd->add_option("--tile", o->tile,
                  "I,O: read a folder of the course's tiled names as tile I,O (default 0,0)")
      ->check(tile_pair());
  cmd->add_option("--cols", o->cols, "Array columns = output channels")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--map", o->map,
                  "Activation map side before padding (default: what the activation file holds)")
      ->check(CLI::Range(1, 28));
  cmd->add_flag("--strict-headers", o->headers_required,
                "Require the three '#' header lines at the top of every file");
  cmd->callback([o, &action] { action = [o] { return run_check(*o); }; });
}

}  // namespace cosim
