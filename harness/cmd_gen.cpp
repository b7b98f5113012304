// `cosim gen`: writes a complete squeezed-layer vector set made by the
// generator and the golden model.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <memory>
#include <stdexcept>

#include "commands.hpp"
#include "cosim_config.hpp"
#include "generate.hpp"
#include "model.hpp"
#include "validators.hpp"

namespace cosim {

namespace {

struct GenOptions {
  std::string out;
  uint64_t seed = 1;
  std::string pattern = "random";
  int rows = config::kRows;
  int cols = config::kCols;
  int map = 4;
  std::string layer = "squeezed";
  int in_ch = 0;   // 0: the layer's default
  int out_ch = 0;
};

// A tiled layer: the notebook's tiled files (activation_tile{t},
// weight_itile{i}_otile{o}_kij{k}); the expectations are the golden
// model's, computed from them by cosim run.
int gen_layer(const GenOptions& o, CLI::App& app) {
  const bool full = o.layer == "full";
  golden::Shape s = golden::squeezed_shape(o.rows, o.cols);
  s.in_ch = o.in_ch > 0 ? o.in_ch : full ? 64 : 2 * o.rows;
  s.out_ch = o.out_ch > 0 ? o.out_ch : full ? 64 : 2 * o.cols;
  s.map = app.count("--map") ? o.map : full ? 32 : 8;
  s.validate();
  const golden::Layer l = golden::generate_layer(s, golden::parse_pattern(o.pattern), o.seed);
  const auto files = golden::write_layer_tiles(o.out, l);
  const golden::LayerResult g = golden::compute_layer(l);
  const uint64_t macs = static_cast<uint64_t>(s.n_onij()) * static_cast<uint64_t>(s.out_ch) *
                        static_cast<uint64_t>(s.in_ch) * static_cast<uint64_t>(s.n_kij());
  fmt::print("cosim gen: layer {}, pattern {}, seed {}: {} -> {} channels ({} x {} tiles of {}x{}), "
             "{}x{} map, padding {}, kernel {}x{}: {} MACs\n", o.layer, o.pattern, o.seed, s.in_ch,
             s.out_ch, s.ic_tiles(), s.oc_tiles(), s.rows, s.cols, s.map, s.map, s.pad, s.kernel,
             s.kernel, macs);
  if (!g.wraps.empty()) {
    fmt::print("warning: {} golden values wrapped (psum {} bits, accumulator {} bits); first: {}: "
               "exact {}, wrapped {}\n", g.wraps.size(), s.psum_w, s.acc_w, g.wraps[0].where,
               g.wraps[0].exact, g.wraps[0].wrapped);
  }
  fmt::print("{} files written to {} (run: cosim run --vectors {})\n", files.size(), o.out, o.out);
  return kPass;
}

int run_gen(const GenOptions& o, CLI::App& app) {
  if (o.layer != "squeezed") return gen_layer(o, app);
  if (o.in_ch > 0 || o.out_ch > 0) {
    throw std::invalid_argument("--in-ch / --out-ch make a tiled layer: give --layer tiled");
  }
  golden::Shape s = golden::squeezed_shape(o.rows, o.cols);
  s.map = o.map;
  s.validate();
  const golden::VectorSet v = golden::generate(s, golden::parse_pattern(o.pattern), o.seed);
  const auto files = golden::write_vector_set(o.out, v);
  fmt::print("cosim gen: pattern {}, seed {}, {}x{} array, {}x{} map, padding {}, kernel {}x{}\n", o.pattern, o.seed,
             s.rows, s.cols, s.map, s.map, s.pad, s.kernel, s.kernel);
  for (const auto& f : files) fmt::print("wrote {}\n", f.string());
  const auto wraps = golden::compute_tile(v.tile).wraps;
  if (!wraps.empty())
    fmt::print("warning: {} values wrapped (psum {} bits, accumulator {} bits); first: {}: exact {}, wrapped {}\n",
               wraps.size(), s.psum_w, s.acc_w, wraps[0].where, wraps[0].exact, wraps[0].wrapped);
  fmt::print("{} files written to {}\n", files.size(), o.out);
  return kPass;
}

std::string pattern_help() {
  return "Values to generate (activations x weights):\n"
         "  random    uniform over each width\n"
         "  relu      post-ReLU-like activations (half zeros, mostly small), weights -7..7\n"
         "  sparse    about 10% non-zero activations and weights\n"
         "  zero      all zeros\n"
         "  max       activation 15 x weight -8 everywhere (the largest negative products)\n"
         "  min       activation 15, weight 7 on even and -8 on odd output channels\n"
         "  ones      activation 1 x weight 1\n"
         "  notebook  the trained weights of the notebook's cell [5], relu activations\n"
         "  corner    the value extremes: weights -8 and 7, activations 15 (and 8, 7), all-zero rows,\n"
         "            the largest positive and negative psums and outputs the layer can reach";
}

}  // namespace

void add_gen_command(CLI::App& root, CommandAction& action) {
  auto o = std::make_shared<GenOptions>();
  CLI::App* cmd = root.add_subcommand(
      "gen",
      "Write a complete vector set for one squeezed layer: activation.txt, weight_kij0..8.txt, "
      "psum_kij0..8.txt, out.txt and out_relu.txt, in the notebook's format, expected values from the golden model");
  cmd->add_option("-o,--out", o->out, "Folder to write (created if missing; existing files are overwritten)")
      ->required()
      ->check(not_empty("a folder"));
  cmd->add_option("--seed", o->seed, "Seed of the generator: the same seed gives the same files")
      ->check(seed_number())
      ->capture_default_str();
  cmd->add_option("--pattern", o->pattern, pattern_help())
      ->check(CLI::IsMember(golden::pattern_names()))
      ->capture_default_str();
  cmd->add_option("--rows", o->rows, "Array rows = input channels")->check(CLI::Range(1, 64))->capture_default_str();
  cmd->add_option("--map", o->map,
                  "Activation map side before padding (4: 6x6 padded, 36 positions; 8: 10x10, "
                  "100 positions)")
      ->check(CLI::Range(1, 28))
      ->capture_default_str();
  cmd->add_option("--cols", o->cols, "Array columns = output channels")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--layer", o->layer,
                  "squeezed: one tile, the notebook's squeezed files (default); full: the "
                  "notebook's layer, 64 -> 64 channels, 32x32 map, in its tiled files "
                  "(activation_tile{t}.txt, weight_itile{i}_otile{o}_kij{k}.txt); tiled: the same "
                  "files for --in-ch, --out-ch, --map (default 2*rows, 2*cols, 8)")
      ->check(CLI::IsMember({"squeezed", "full", "tiled"}))
      ->capture_default_str();
  cmd->add_option("--in-ch", o->in_ch, "With --layer tiled/full: input channels (a multiple of rows)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--out-ch", o->out_ch, "With --layer tiled/full: output channels (a multiple of cols)")
      ->check(CLI::Range(1, 4096));
  cmd->callback([o, cmd, &action] { action = [o, cmd] { return run_gen(*o, *cmd); }; });
}

}  // namespace cosim
