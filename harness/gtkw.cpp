#include "gtkw.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <stdexcept>

namespace cosim {

namespace {

// GTKWave's display flags: binary, hex, decimal, signed decimal (all right-
// justified), a group's title.
constexpr const char* kBin = "@28";
constexpr const char* kHex = "@22";
constexpr const char* kDec = "@24";
constexpr const char* kSigned = "@424";
constexpr const char* kTitle = "@200";

// The size of the window the view is laid out for, and of its two name
// panes: the waves get what is left.
constexpr int kWidth = 1600, kHeight = 900, kSignals = 260, kTree = 180;
constexpr int kWaves = kWidth - 620;  // the waves' pixels, with the panes' borders

std::string bus(const std::string& name, int w) {
  return w == 1 ? name : fmt::format("{}[{}:0]", name, w - 1);
}

}  // namespace

bool is_our_rtl(const ModelInfo& m) {
  return m.top == "core" && m.probe_path.rfind("u_core.u_pmem ", 0) == 0;
}

void write_gtkw(const std::string& path, const std::string& dumpfile, const ModelInfo& m,
                const GtkwView& v) {
  const std::string top = "TOP.cosim_top.";
  // Times in the save file are in GTKWave's unit for a trace of 100 ps
  // resolution, picoseconds: a clock period (1 ns) is 1000.
  constexpr uint64_t kPs = 1000;
  const uint64_t first = v.window.first * kPs;
  const uint64_t span = (v.window.last - v.window.first + 1) * kPs;
  // GTKWave's zoom z: 2^-z units per 200 pixels (its "pixels per frame").
  const double per_pixel = static_cast<double>(span) / kWaves;
  const double zoom = -std::log2(per_pixel * 200);
  std::string s;
  s += fmt::format("[*] GTKWave save file written by cosim run: {}\n", v.title);
  s += fmt::format("[*] {} (top {}); 1 clock period = 1 ns: cycle N of the report is at N ns.\n",
                   m.rtl, m.top);
  s += fmt::format("[dumpfile] \"{}\"\n", dumpfile);
  s += fmt::format("[timestart] {}\n[size] {} {}\n[pos] -1 -1\n", first, kWidth, kHeight);
  std::string named;
  for (int i = 0; i < 26; ++i) named += " -1";
  s += fmt::format("*{:.6f} {}{}\n", zoom, v.marker ? static_cast<int64_t>(*v.marker * kPs) : -1, named);
  s += fmt::format("[sst_width] {}\n[signals_width] {}\n[sst_expanded] 1\n", kTree, kSignals);
  s += fmt::format("{}\n-Clock, reset, instruction\n{}\n{}clk\n{}reset\n{}\n{}\n{}\n{}ofifo_valid\n",
                   kTitle, kBin, top, top, kHex, top + bus("inst", inst_width(m.format)), kBin, top);
  if (m.probe) {
    s += fmt::format("{}\n-Psum SRAM writes, a column a trace\n{}\n{}probe_psum_we\n{}\n{}\n{}\n",
                     kTitle, kBin, top, kDec, top + bus("probe_psum_addr", 11), kSigned);
    for (int c = 0; c < m.cols; ++c) s += top + bus(fmt::format("probe_col{}", c), m.psum_w) + "\n";
  }
  s += fmt::format("{}\n-sfp_out, a column a trace\n{}\n", kTitle, kSigned);
  for (int c = 0; c < m.cols; ++c) s += top + bus(fmt::format("sfp_col{}", c), m.psum_w) + "\n";
  if (v.pe && v.probe) {
    const auto [r, c] = *v.pe;
    const PeProbe& p = *v.probe;
    const bool ours = is_our_rtl(m);
    const std::string dir = p.signal(r, c, "");  // "TOP.....u_pe."
    s += fmt::format("{}\n-PE row {} col {}\n", kTitle, r, c);
    if (ours) s += fmt::format("{}\n{}exec_q\n", kBin, dir);
    if (!p.act.empty()) s += fmt::format("{}\n{}\n", kDec, dir + bus(p.act, m.act_w));
    s += fmt::format("{}\n", kSigned);
    if (!p.weight.empty()) s += dir + bus(p.weight, m.act_w) + "\n";
    if (ours) s += fmt::format("{}\n{}\n", dir + bus("prod", 2 * m.act_w + 1), dir + bus("psum_q", m.psum_w));
    s += dir + bus(p.psum, m.psum_w) + "\n";
  }
  std::ofstream f(path);
  f << s;
  f.close();
  if (!f) throw std::runtime_error(fmt::format("cannot write {}", path));
}

}  // namespace cosim
