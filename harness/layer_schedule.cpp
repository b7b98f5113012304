#include "layer_schedule.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "fast_flow.hpp"
#include "schedule_build.hpp"

namespace cosim {

int LayerPlan::wpos(int kij, int r) const {
  if (!compact()) return r;
  return (r / tw + kij / shape.kernel) * win_w() + r % tw + kij % shape.kernel;
}

bool LayerPlan::feeds(int kij, int r) const {
  if (compact()) return r < th * tw;
  const int oi = r / win_w() - kij / shape.kernel;
  const int oj = r % win_w() - kij % shape.kernel;
  return oi >= 0 && oi < th && oj >= 0 && oj < tw;
}

int LayerPlan::layer_nij(const LayerBlock& b, int wp) const {
  return (b.oi0 + wp / win_w()) * shape.padded() + b.oj0 + wp % win_w();
}

uint32_t LayerPlan::sfp_row(int kij, int itile, int oi, int oj) const {
  const int r = compact() ? oi * tw + oj
                          : (oi + kij / shape.kernel) * win_w() + oj + kij % shape.kernel;
  return static_cast<uint32_t>(pass_of(kij, itile) * stride + r);
}

int LayerPlan::sample_index(const LayerBlock& b, int oi, int oj) const {
  return b.otile * shape.n_onij() + (b.oi0 + oi) * shape.out_side() + b.oj0 + oj;
}

namespace {

constexpr int kSramWords = static_cast<int>(kAddrMask) + 1;

// Why a spatial tile of th x tw outputs does not fit, or "" when it does.
std::string misfit(const LayerPlan& p, int requested_stride) {
  const golden::Shape& s = p.shape;
  const int rows = p.passes() * p.stride;
  if (requested_stride >= 0 && requested_stride < p.per_pass()) {
    return fmt::format("psum_stride {} is less than the {} rows a pass writes", requested_stride,
                       p.per_pass());
  }
  if (rows > kSramWords) {
    return fmt::format("{} passes x {} psum rows = {} do not fit the {}-word psum SRAM",
                       p.passes(), p.stride, rows, kSramWords);
  }
  if (s.ic_tiles() * p.win() > static_cast<int>(kWeightBase)) {
    return fmt::format("{} input tiles x {} window positions do not fit below the weights at {}",
                       s.ic_tiles(), p.win(), kWeightBase);
  }
  if (p.flow.kind == FlowKind::Fast && p.passes() * s.cols > kSramWords - static_cast<int>(kWeightBase)) {
    return fmt::format("{} passes x {} weight words do not fit input-SRAM {}..{}", p.passes(),
                       s.cols, kWeightBase, kSramWords - 1);
  }
  return "";
}

// Picks the largest spatial tile (sides dividing the output side) that
// fits; squarer wins a tie. Returns the reason for 1x1 when none fits.
std::string choose_tile(LayerPlan& p, int requested_stride) {
  const int side = p.shape.out_side();
  int best_h = 0, best_w = 0;
  for (int h = 1; h <= side; ++h) {
    for (int w = 1; w <= side; ++w) {
      if (side % h || side % w) continue;
      p.th = h;
      p.tw = w;
      p.stride = requested_stride >= 0 ? requested_stride : p.per_pass();
      if (!misfit(p, requested_stride).empty()) continue;
      const bool larger = h * w > best_h * best_w;
      const bool squarer = h * w == best_h * best_w && std::abs(h - w) < std::abs(best_h - best_w);
      if (larger || squarer) {
        best_h = h;
        best_w = w;
      }
    }
  }
  p.th = best_h > 0 ? best_h : 1;
  p.tw = best_w > 0 ? best_w : 1;
  p.stride = requested_stride >= 0 ? requested_stride : p.per_pass();
  return best_h > 0 ? "" : misfit(p, requested_stride);
}

}  // namespace

LayerPlan plan_layer(const golden::Layer& l, const ScheduleOptions& opt) {
  LayerPlan p;
  p.shape = l.shape;
  p.shape.validate();
  if (p.shape.rows * p.shape.act_w > 64) throw std::invalid_argument("D_xmem wider than 64 bits is not supported");
  if (!opt.kijs.empty()) {
    throw std::invalid_argument("--kij selects kernel positions of a vector set; a layer runs "
                                "every pass of every tile");
  }
  p.flow = resolve_common(p.shape, opt);
  if (p.flow.kind == FlowKind::Course && (p.flow.stream || opt.drain_each)) {
    throw std::invalid_argument("a layer in the course flow drains each pass in a batch; for "
                                "shallow FIFOs run it with --flow fast (it streams)");
  }
  const std::string why = choose_tile(p, p.flow.psum_stride);
  if (!why.empty()) throw std::invalid_argument("the layer does not fit the SRAMs: " + why);
  p.flow.psum_stride = p.stride;
  const int side = p.shape.out_side();
  for (int o = 0; o < p.shape.oc_tiles(); ++o)
    for (int i = 0; i < side; i += p.th)
      for (int j = 0; j < side; j += p.tw) p.blocks.push_back({o, i, j});
  return p;
}

namespace {

// The padded activation of input channel ic at the layer's position nij.
int64_t padded_act(const golden::Layer& l, int ic, int nij) {
  const golden::Shape& s = l.shape;
  const int y = nij / s.padded() - s.pad;
  const int x = nij % s.padded() - s.pad;
  if (y < 0 || y >= s.map || x < 0 || x >= s.map) return 0;
  return l.act[static_cast<size_t>((ic * s.map + y) * s.map + x)];
}

uint64_t act_word(const golden::Layer& l, int itile, int nij) {
  const golden::Shape& s = l.shape;
  std::vector<int64_t> v(static_cast<size_t>(s.rows));
  for (int r = 0; r < s.rows; ++r) v[static_cast<size_t>(r)] = padded_act(l, itile * s.rows + r, nij);
  return pack(v.data(), s.rows, s.act_w);
}

uint64_t weight_word(const golden::Layer& l, int otile, int itile, int kij, int col) {
  const golden::Shape& s = l.shape;
  std::vector<int64_t> v(static_cast<size_t>(s.rows));
  const int oc = otile * s.cols + col;
  for (int r = 0; r < s.rows; ++r) {
    const int ic = itile * s.rows + r;
    v[static_cast<size_t>(r)] = l.wgt[static_cast<size_t>((oc * s.in_ch + ic) * s.n_kij() + kij)];
  }
  return pack(v.data(), s.rows, s.wgt_w);
}

// The input-SRAM words block b needs: every input tile's window, and (with
// `weights`, the fast flow's) every pass's weights.
std::vector<XmemWord> block_words(const golden::Layer& l, const LayerPlan& p, size_t b, bool weights) {
  const LayerBlock& blk = p.blocks[b];
  std::vector<XmemWord> w;
  for (int i = 0; i < l.shape.ic_tiles(); ++i)
    for (int wp = 0; wp < p.win(); ++wp) w.push_back({p.act_addr(i, wp), act_word(l, i, p.layer_nij(blk, wp))});
  if (!weights) return w;
  for (int kij = 0; kij < l.shape.n_kij(); ++kij)
    for (int i = 0; i < l.shape.ic_tiles(); ++i)
      for (int c = 0; c < l.shape.cols; ++c) {
        const uint32_t a = kWeightBase + static_cast<uint32_t>(p.pass_of(kij, i) * l.shape.cols + c);
        w.push_back({a, weight_word(l, blk.otile, i, kij, c)});
      }
  return w;
}

void write_words(Builder& bld, const std::vector<XmemWord>& words) {
  for (const XmemWord& w : words) bld.cycle(xmem_write(w.addr), w.data);
}

FastBlock fast_plan(const golden::Layer& l, const LayerPlan& p, size_t b) {
  const golden::Shape& s = l.shape;
  const LayerBlock& blk = p.blocks[b];
  FastBlock fb;
  fb.reset_first = b > 0;
  for (int kij = 0; kij < s.n_kij(); ++kij)
    for (int i = 0; i < s.ic_tiles(); ++i) {
      FastPass q;
      q.kij = kij;
      q.weights = kWeightBase + static_cast<uint32_t>(p.pass_of(kij, i) * s.cols);
      for (int r = 0; r < p.per_pass(); ++r) {
        q.act.push_back(p.act_addr(i, p.wpos(kij, r)));
        q.psum.push_back(static_cast<uint32_t>(p.pass_of(kij, i) * p.stride + r));
        q.pos.push_back(p.layer_nij(blk, p.wpos(kij, r)));
      }
      fb.passes.push_back(std::move(q));
    }
  for (int oi = 0; oi < p.th; ++oi)
    for (int oj = 0; oj < p.tw; ++oj) {
      FastOutput o;
      o.index = p.sample_index(blk, oi, oj);
      for (int kij = 0; kij < s.n_kij(); ++kij)
        for (int i = 0; i < s.ic_tiles(); ++i) o.reads.push_back(p.sfp_row(kij, i, oi, oj));
      fb.outputs.push_back(std::move(o));
    }
  if (b + 1 < p.blocks.size()) {
    fb.next_writes = block_words(l, p, b + 1, p.blocks[b + 1].otile != blk.otile);
  }
  return fb;
}

struct CourseCtx {
  const golden::Layer& l;
  const LayerPlan& p;
  const ScheduleOptions& opt;
  uint32_t bound;
  int settle;
};

// A pass's weights written at 1024.., read into L0 (or the IFIFO), loaded,
// then the settle cycles.
void course_weights(Builder& bld, const CourseCtx& c, const LayerBlock& blk, int kij, int i) {
  const golden::Shape& s = c.l.shape;
  const Flow& f = c.p.flow;
  const bool ififo = f.weights == WeightPath::Ififo;
  bld.at(Phase::WriteWeights, kij);
  for (int col = 0; col < s.cols; ++col) {
    bld.cycle(xmem_write(kWeightBase + static_cast<uint32_t>(col)), weight_word(c.l, blk.otile, i, kij, col));
  }
  load_weights(bld, kij, s.cols, ififo, f.load_hold, c.settle);
}

// One pass of the course flow: its weights written and loaded, its window
// executed and drained in a batch (SPEC section 4, one kij of one tile).
void course_pass(Builder& bld, const CourseCtx& c, const LayerBlock& blk, int kij, int i) {
  const golden::Shape& s = c.l.shape;
  const Flow& f = c.p.flow;
  if (c.opt.kij_reset) {
    bld.at(Phase::KijReset, kij);
    bld.reset();
  }
  course_weights(bld, c, blk, kij, i);
  bld.at(Phase::ActToL0, kij);
  sram_to_fifo(bld, c.p.act_addr(i, 0), c.p.win(), false);
  bld.at(Phase::Execute, kij);
  Inst exec;
  exec.execute = true;
  exec.l0_rd = true;
  bld.idle(c.p.win(), exec);
  bld.at(Phase::Drain, kij);
  bld.idle(f.drain_delay);
  const int n = c.p.win();
  const uint32_t base = static_cast<uint32_t>(c.p.pass_of(kij, i) * c.p.stride);
  for (int t = 0; t < n + f.pop_to_write; ++t) {
    Inst d;
    if (t < n) {
      if (f.valid == ValidUse::Level) bld.wait_valid(c.bound, t);
      d.ofifo_rd = true;
    }
    if (t >= f.pop_to_write) add_write(d, base + static_cast<uint32_t>(t - f.pop_to_write));
    bld.cycle(d);
  }
  if (f.valid == ValidUse::Level) {
    bld.at(Phase::Drained, kij);
    bld.expect_empty(static_cast<uint32_t>(s.rows + s.cols));
  }
}

// One output of the course flow: reset, every pass's row with acc the
// cycle after its read, the core's ReLU and sample conventions.
void course_output(Builder& bld, const CourseCtx& c, const LayerBlock& blk, int oi, int oj) {
  const golden::Shape& s = c.l.shape;
  const Flow& f = c.p.flow;
  bld.reset();
  std::vector<uint32_t> reads;
  for (int kij = 0; kij < s.n_kij(); ++kij)
    for (int i = 0; i < s.ic_tiles(); ++i) reads.push_back(c.p.sfp_row(kij, i, oi, oj));
  for (size_t k = 0; k <= reads.size(); ++k) {
    Inst in;
    if (k < reads.size()) add_read(in, reads[k]);
    in.acc = k > 0;
    bld.cycle(in);
  }
  if (f.sample == SampleAt::AfterAcc) {
    Inst relu;
    relu.relu = f.relu == ReluMode::Pulse || f.relu == ReluMode::Hold;
    if (relu.relu) bld.cycle(relu);
    relu.relu = f.relu == ReluMode::Hold;
    bld.idle(c.opt.sfp_latency, relu);
  }
  bld.sample(c.p.sample_index(blk, oi, oj));
}

void course_block(Builder& bld, const CourseCtx& c, size_t b) {
  const LayerBlock& blk = c.p.blocks[b];
  bld.at(Phase::Init, -1);
  write_words(bld, block_words(c.l, c.p, b, false));
  for (int kij = 0; kij < c.l.shape.n_kij(); ++kij)
    for (int i = 0; i < c.l.shape.ic_tiles(); ++i) course_pass(bld, c, blk, kij, i);
  bld.at(Phase::Output, -1);
  for (int oi = 0; oi < c.p.th; ++oi)
    for (int oj = 0; oj < c.p.tw; ++oj) course_output(bld, c, blk, oi, oj);
}

}  // namespace

Schedule layer_segment(const golden::Layer& l, const LayerPlan& p, const ScheduleOptions& opt, size_t b) {
  const golden::Shape& s = l.shape;
  Schedule seg;
  seg.shape = s;
  seg.format = opt.format;
  seg.flow = p.flow;
  seg.psum_stride = p.stride;
  for (int k = 0; k < s.n_kij(); ++k) seg.kijs.push_back(k);
  seg.outputs = true;
  const uint64_t seed = opt.scramble_seed ? opt.scramble_seed + b : 0;
  Builder bld(seg, seed, s.rows * s.act_w, p.flow.weights != WeightPath::Ififo);
  const bool fast = p.flow.kind == FlowKind::Fast;
  if (b == 0) {
    bld.at(Phase::Init, -1);
    bld.reset();
    if (fast) write_words(bld, block_words(l, p, 0, true));
  }
  if (fast) {
    fast_block(bld, FastTiming::of(s, opt, p.flow), fast_plan(l, p, b));
    return seg;
  }
  const CourseCtx c{l, p, opt,
                    opt.wait_bound > 0 ? opt.wait_bound : static_cast<uint32_t>(4 * (s.rows + s.cols) + 64),
                    opt.settle_cycles >= 0 ? opt.settle_cycles : s.rows + s.cols};
  course_block(bld, c, b);
  return seg;
}

}  // namespace cosim
