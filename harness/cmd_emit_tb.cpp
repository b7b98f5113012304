// `cosim emit-tb`: write a self-contained Verilog testbench that replays the
// schedule `cosim run` plays, for Icarus Verilog (README "Icarus replay").
// The testbench (harness/icarus/cosim_tb.sv) has no golden model: cosim
// writes the expectations next to it, computed by the golden model, plus
// the model's generated cosim_top wrapper and a file list for iverilog.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "checker.hpp"
#include "commands.hpp"
#include "driver.hpp"
#include "models.hpp"
#include "options.hpp"
#include "profile.hpp"
#include "schedule.hpp"
#include "validators.hpp"

namespace cosim {

extern const char* const kCosimTbText;  // generated from harness/icarus/cosim_tb.sv

namespace {

namespace fs = std::filesystem;

struct EmitOptions {
  ProfileBinder profile;
  PeOptions pe;  // a profile's [debug], accepted and unused here
  SetOptions set;
  std::string out;
  ModelOptions models;
  FlowOptions flow;
  uint64_t max_cycles = 0;
  int max_report = 10;
};

std::ofstream open_out(const fs::path& p) {
  std::ofstream f(p);
  if (!f) throw std::invalid_argument(fmt::format("cannot write {}", p.string()));
  return f;
}

// Hex digits of a row of `count` lanes of `width` bits, lane count-1 first
// (the vector files' col7..col0 order), as $readmemh reads a packed word.
std::string hex_row(const int64_t* lanes, int count, int width) {
  const int bits = count * width;
  const int digits = (bits + 3) / 4;
  std::string s(static_cast<size_t>(digits), '0');
  for (int d = 0; d < digits; ++d) {
    int nibble = 0;
    for (int b = 0; b < 4; ++b) {
      const int pos = d * 4 + b;  // bit of the packed word
      if (pos >= bits) break;
      const uint64_t lane = static_cast<uint64_t>(lanes[pos / width]);
      if ((lane >> (pos % width)) & 1U) nibble |= 1 << b;
    }
    s[static_cast<size_t>(digits - 1 - d)] = "0123456789abcdef"[nibble];
  }
  return s;
}

// A Verilog string literal.
std::string vstr(const std::string& s) {
  std::string o = "\"";
  for (const char c : s) {
    if (c == '\n') {
      o += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

// The rows the flow writes, bit kij*N_NIJ+nij, as a Verilog literal.
std::string due_mask(const Schedule& s) {
  const golden::Shape& sh = s.shape;
  const int bits = sh.n_kij() * sh.n_nij();
  std::string hex;
  for (int d = (bits + 3) / 4 - 1; d >= 0; --d) {
    int nibble = 0;
    for (int b = 0; b < 4; ++b) {
      const int i = d * 4 + b;
      if (i < bits && s.is_due(i / sh.n_nij(), i % sh.n_nij())) nibble |= 1 << b;
    }
    hex += "0123456789abcdef"[nibble];
  }
  return fmt::format("{}'h{}", bits, hex);
}

int emit(const EmitOptions& o) {
  if (o.out.empty()) throw std::invalid_argument("--out DIR is required");
  refuse_layer(o.set, "emit-tb");
  const ModelChoice choice = choose_model(o.set, o.models, TraceKind::None);
  const ModelInfo& model = choice.model;
  const golden::Shape& shape = choice.shape;
  const int model_w = inst_width(model.format);
  if (model.wrapper.empty() || !fs::exists(model.wrapper)) {
    throw std::invalid_argument(fmt::format(
        "model {}: its generated wrapper {} is missing (rebuild)", model.name, model.wrapper));
  }

  const golden::VectorSet v = load_set(o.set, shape);
  const ScheduleOptions so = schedule_options(o.flow, model.format);
  const int width = inst_width(so.format);
  const Schedule s = compile_schedule(v, so);
  const golden::TileResult g = golden::compute_tile(v.tile);
  // The input-consistency verdict is about the files, not the simulator:
  // judged here, once, and passed to the testbench.
  const CheckResult pre = check_run(s, v, g, RunLog{}, model.probe);
  CaseResult input{"input_consistency", Status::Skip, 0, 0, ""};
  for (const CaseResult& c : pre.cases) {
    if (c.name == "input_consistency") input = c;
  }
  const uint64_t max_cycles = o.max_cycles > 0 ? o.max_cycles : s.max_cycles();

  const fs::path dir = fs::absolute(fs::path(o.out)).lexically_normal();
  fs::create_directories(dir);

  {  // steps.hex: one 256-bit word a step (field layout in cosim_tb.sv)
    std::ofstream f = open_out(dir / "steps.hex");
    f << "// cosim emit-tb: op_phase_kij_reset_bound_index_inst_dxmem, one step a line\n";
    for (const Step& st : s.steps) {
      f << fmt::format("{:x}_{:x}_{:02x}_{:02x}_{:08x}_{:08x}_{:010x}_0000000000000000{:016x}  // {}",
                       static_cast<unsigned>(st.op), static_cast<unsigned>(st.phase),
                       static_cast<uint8_t>(st.kij),
                       (st.expect_low ? 4 : 0) | (st.check_valid ? 2 : 0) | (st.reset ? 1 : 0),
                       st.bound,
                       static_cast<uint32_t>(st.index), st.inst, st.dxmem, phase_name(st.phase));
      if (st.op == Op::Cycle) {
        f << (st.reset ? std::string(" reset") : " " + Inst::decode(st.inst).describe());
      }
      f << '\n';
    }
  }
  const golden::Shape& sh = v.shape();
  {  // exp_psum.hex: the golden psum row of every address kij * n_nij + nij
    std::ofstream f = open_out(dir / "exp_psum.hex");
    f << "// cosim emit-tb: golden psum rows, address kij*" << sh.n_nij() << "+nij, col"
      << sh.cols - 1 << "..col0\n";
    for (int k = 0; k < sh.n_kij(); ++k) {
      for (int n = 0; n < sh.n_nij(); ++n) {
        const int64_t* row = &g.psum[static_cast<size_t>((k * sh.n_nij() + n) * sh.cols)];
        f << hex_row(row, sh.cols, sh.psum_w) << "  // kij " << k << " nij " << n << '\n';
      }
    }
  }
  const bool raw = s.flow.relu == ReluMode::None;
  {  // exp_out.hex: the golden outputs after ReLU (raw sums for a core without)
    std::ofstream f = open_out(dir / "exp_out.hex");
    f << "// cosim emit-tb: golden outputs " << (raw ? "(raw sums, relu none)" : "after ReLU")
      << ", one o_nij a line\n";
    for (int on = 0; on < sh.n_onij(); ++on) {
      const int64_t* row = &(raw ? g.out_raw : g.out_relu)[static_cast<size_t>(on * sh.cols)];
      f << hex_row(row, sh.cols, sh.psum_w) << "  // o_nij " << on << '\n';
    }
  }
  {
    uint64_t selected = 0;
    for (int k : s.kijs) selected |= 1ULL << k;
    std::ofstream f = open_out(dir / "cosim_tb_params.svh");
    f << "// Generated by cosim emit-tb: the run cosim_tb.sv replays.\n";
    f << fmt::format("localparam int ROWS = {}, COLS = {}, ACT_W = {}, PSUM_W = {};\n", sh.rows,
                     sh.cols, sh.act_w, sh.psum_w);
    f << fmt::format("localparam int N_NIJ = {}, N_KIJ = {}, N_ONIJ = {};\n", sh.n_nij(),
                     sh.n_kij(), sh.n_onij());
    f << fmt::format("localparam int PSUM_STRIDE = {};  // kij's row nij at kij*stride+nij\n",
                     s.psum_stride);
    f << fmt::format("localparam OUT_CASE = {};\n", vstr(raw ? "out_raw" : "out_relu"));
    std::string warnings;
    for (const std::string& w : pre.warnings) {
      if (w.rfind("the core has no psum probe", 0) != 0) warnings += "warning: " + w + "\n";
    }
    f << fmt::format("localparam FLOW_WARNINGS = {};\n", vstr(warnings));
    f << fmt::format("localparam FLOW = {};\n", vstr(describe(s.flow)));
    f << fmt::format("localparam int INST_W = {};  // the wrapper's inst port\n", model_w);
    f << fmt::format("localparam int N_STEPS = {};\n", s.steps.size());
    f << fmt::format("localparam longint MAX_CYCLES = {};\n", max_cycles);
    f << fmt::format("localparam logic [63:0] SELECTED = 64'h{:x};\n", selected);
    f << fmt::format("localparam logic [N_KIJ*N_NIJ-1:0] DUE = {};  // rows the flow writes\n",
                     due_mask(s));
    f << fmt::format("localparam bit HAS_PROBE = 1'b{};\n", model.probe ? 1 : 0);
    f << fmt::format("localparam bit OUTPUTS = 1'b{};\n", s.outputs ? 1 : 0);
    f << fmt::format("localparam logic [39:0] IDLE_INST = 40'h{:x};\n", Inst{}.encode());
    f << fmt::format("localparam OUT_SKIP_DETAIL = {};\n",
                     vstr(fmt::format("needs all {} kij; this run has {}", sh.n_kij(),
                                      s.kijs.size())));
    f << fmt::format("localparam IN_STATUS = {};\n", vstr(status_name(input.status)));
    f << fmt::format("localparam IN_DETAIL = {};\n", vstr(input.detail + " (judged by cosim)"));
    f << fmt::format("localparam int IN_CHECKED = {}, IN_FAILED = {};\n", input.checked,
                     input.failed);
    f << fmt::format("localparam int MAX_REPORT = {};\n", o.max_report);
    f << fmt::format("localparam DATA_DIR = {};\n", vstr(dir.string()));
    f << fmt::format("localparam RTL = {};\n", vstr(fmt::format("{} (top {})", model.rtl, model.top)));
    f << fmt::format("localparam MODEL = {};\n", vstr(describe_model(model)));
    f << fmt::format("localparam VECTORS = {};\n",
                     vstr(o.set.gen.empty() ? vectors_dir(o.set)
                                            : fmt::format("generated: pattern {} seed {}",
                                                          o.set.gen, o.set.seed)));
  }
  open_out(dir / "cosim_tb.sv") << kCosimTbText;
  fs::copy_file(model.wrapper, dir / "cosim_top.sv", fs::copy_options::overwrite_existing);
  {  // files.f: iverilog -c; the RTL as its file list was read at configure
     // time (include folders, defines, sources leaves first), the testbench last
    std::ofstream f = open_out(dir / "files.f");
    f << "+incdir+" << dir.string() << '\n';
    for (const std::string& p : model.incdirs) f << "+incdir+" << p << '\n';
    for (const std::string& d : model.defines) f << "+define+" << d << '\n';
    for (const std::string& p : model.sources) f << p << '\n';
    f << (dir / "cosim_top.sv").string() << '\n' << (dir / "cosim_tb.sv").string() << '\n';
  }
  fmt::print("wrote {}: {} steps, {} cycles when every wait succeeds at once, {}-bit instruction\n",
             dir.string(), s.steps.size(), s.nominal_cycles(), width);
  fmt::print("  model {}: {}; wrapper {}\n", model.name, model.rtl, model.wrapper);
  fmt::print("  replay: tools/iverilog_run.sh {}\n", dir.string());
  return kPass;
}

}  // namespace

void add_emit_tb_command(CLI::App& root, CommandAction& action) {
  auto o = std::make_shared<EmitOptions>();
  CLI::App* app = root.add_subcommand(
      "emit-tb", "Write a Verilog testbench, stimulus and expectations that replay the schedule "
                 "of `cosim run` in Icarus (tools/iverilog_run.sh DIR runs it)");
  o->profile.add_option(*app);
  add_set_options(*app, o->set, &o->profile);
  app->add_option("-o,--out", o->out, "Output folder")->required()->check(not_empty("a folder"));
  add_model_options(*app, o->models, &o->profile);
  add_flow_options(*app, o->flow, &o->profile);
  add_pe_options(nullptr, o->pe, &o->profile);
  add_run_limits(*app, o->max_cycles, o->max_report);
  app->footer("The same options as `cosim run` give the same schedule; the testbench prints the "
              "same verdict table.\nExit codes: 0 written, 2 bad input or usage.");
  app->callback([o, &action] {
    action = [o] {
      o->profile.apply();
      return emit(*o);
    };
  });
}

}  // namespace cosim
