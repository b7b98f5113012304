// cosim_tb: the schedule `cosim run` plays, replayed in another simulator
// (Icarus Verilog 11, -g2012). Written by `cosim emit-tb` next to the files it
// reads; the template is harness/icarus/cosim_tb.sv.
//
// The testbench has the RTL, not the golden model: every expectation comes
// from files cosim computed from the golden model.
//   cosim_tb_params.svh  shape, run options, verdicts known before the run
//   steps.hex            one step a line (the schedule of harness/schedule.hpp)
//   exp_psum.hex         golden psum row of every psum-SRAM address kij*nij
//   exp_out.hex          golden output row (after ReLU) of every o_nij
// It drives the generated cosim_top (the core plus the probe on its psum
// SRAM's write port, harness/probe/cosim_top.sv.in) exactly as the Verilator
// driver does: inputs applied with the clock low, the probe sampled before
// the rising edge, outputs read after it; every wait bounded, one watchdog.
// It judges like harness/checker.cpp and prints the same table; the last
// line is `N passed, N failed`, the line before it `cosim-tb exit code: N`
// (0 pass, 1 mismatch of the RTL, 3 hung, 4 the RTL passed but the given
// files disagree with the golden model) which tools/iverilog_run.sh returns.
// Progress: `cosim-tb progress: kij K done at cycle C (D of N)` after each
// kij's drain, which tools/iverilog_run.sh turns into elapsed time and an
// estimate of the time left.
// Step word: op[255:252] phase[251:248] kij[247:240] expect_low[234]
// check_valid[233] reset[232] bound[231:200] index[199:168] inst[167:128]
// dxmem[127:0] (harness/cmd_emit_tb.cpp).
//
// Waveform: +dump=FILE.vcd dumps the core (everything below `dut`, the
// cosim_top wrapper); +dump_kij=K and +dump_cycles=A:B narrow it to the
// cycles `cosim run --trace FILE --trace-kij K --trace-cycles A:B` dumps, at
// the same times: cycle N from N ns (N*10 in the 100 ps time unit below),
// its rising edge at N ns + 500 ps. A window that ends before the run does
// is closed by $dumpoff at the next cycle's start. The line
// `cosim-tb dump: FILE FIRST LAST` (or `cosim-tb dump: none`) before the exit
// code says which cycles were dumped.
module cosim_tb;
  // 1 clock period (#10) = 1 ns, as in cosim's traces.
  timeunit 100ps;
  timeprecision 100ps;
  `include "cosim_tb_params.svh"

  localparam int OutW  = COLS * PSUM_W;
  localparam int NAddr = N_KIJ * N_NIJ;
  localparam int NCase = N_KIJ + 2;  // kij0.., out_relu, input_consistency
  localparam int OutCase = N_KIJ;
  localparam int InCase  = N_KIJ + 1;
  // Ops and phases: the enums of harness/schedule.hpp, in order.
  localparam int OpCycle = 0, OpWaitValid = 1, OpExpectEmpty = 2, OpSample = 3;

  logic                   clk = 1'b0;
  logic                   reset = 1'b0;
  logic [INST_W-1:0]      inst = '0;
  logic [ROWS*ACT_W-1:0]  D_xmem = '0;
  wire                    ofifo_valid;
  wire  [OutW-1:0]        sfp_out;
  wire                    probe_psum_we;
  wire  [10:0]            probe_psum_addr;
  wire  [OutW-1:0]        probe_psum_data;

  cosim_top dut (
    .clk            (clk),
    .reset          (reset),
    .inst           (inst),
    .D_xmem         (D_xmem),
    .ofifo_valid    (ofifo_valid),
    .sfp_out        (sfp_out),
    .probe_psum_we  (probe_psum_we),
    .probe_psum_addr(probe_psum_addr),
    .probe_psum_data(probe_psum_data)
  );

  logic [255:0]   steps    [0:N_STEPS-1];
  logic [OutW-1:0] exp_psum [0:NAddr-1];
  logic [OutW-1:0] exp_out  [0:N_ONIJ-1];

  longint cycles = 0;
  int     cur_kij = -1;
  int     cur_phase = 0;
  bit     stopped = 1'b0;     // the watchdog or a wait bound fired
  string  stop_what;
  longint stop_cycle = 0;
  int     stop_kij = -1;
  int     stop_phase = 0;
  int     checked [0:NCase-1];
  int     failed  [0:NCase-1];
  bit     written [0:NAddr-1];
  longint first_cycle [0:NAddr-1];
  bit     sampled [0:N_ONIJ-1];
  int     reported = 0;
  bit     low_reported = 1'b0;  // a run of expect-low cycles has reported its violation
  int     prev_kij = -1;        // the kij of the step before (progress)
  int     kij_done = 0;
  // +dump=FILE [+dump_kij=K] [+dump_cycles=A:B] (see the top of the file).
  string  dump_file;
  bit     dump_want = 1'b0;
  bit     dump_on = 1'b0;
  bit     dump_started = 1'b0;
  int     dump_kij = -1;
  bit     dump_window = 1'b0;
  longint dump_first = 0, dump_last = 0;
  longint dump_from = -1, dump_to = -1;  // the cycles dumped

  function automatic string phase_name(int p);
    case (p)
      0: return "init";
      1: return "kij-reset";
      2: return "write-weights";
      3: return "weights-to-l0";
      4: return "load";
      5: return "settle";
      6: return "act-to-l0";
      7: return "execute";
      8: return "drain";
      9: return "drained";
      10: return "output";
      default: return "?";
    endcase
  endfunction

  function automatic string case_name(int c);
    if (c < N_KIJ) return $sformatf("kij%0d", c);
    if (c == OutCase) return OUT_CASE;
    return "input_consistency";
  endfunction

  // "0x0012 (18)" for a PSUM_W-bit value, like cosim's report.
  function automatic string hex_dec(logic [PSUM_W-1:0] v);
    logic signed [PSUM_W-1:0] s;
    s = v;
    return $sformatf("0x%h (%0d)", v, s);
  endfunction

  // One mismatch against case c: counted, and printed while few.
  task automatic report(int c, string what);
    failed[c] = failed[c] + 1;
    if (reported < MAX_REPORT) $display("  %s %s", case_name(c), what);
    if (reported == MAX_REPORT) $display("  ... (more mismatches not shown; --max-report)");
    reported = reported + 1;
  endtask

  // A psum-SRAM write seen by the probe in cycle `cycles` (before the edge).
  task automatic record_write(logic [10:0] addr, logic [OutW-1:0] data);
    int a, k, n, c, i;
    logic [PSUM_W-1:0] want, got;
    a = addr;
    k = a / PSUM_STRIDE;
    n = a % PSUM_STRIDE;
    i = k * N_NIJ + n;  // the row's index in exp_psum, written[], first_cycle[]
    // (Icarus 11 cannot `return` from a task: an if/else chain instead.)
    if (k >= N_KIJ || n >= N_NIJ || !SELECTED[k] || !DUE[k * N_NIJ + n]) begin
      report(cur_kij >= 0 ? cur_kij : OutCase,
             $sformatf("[unexpected] at cycle %0d (psum addr %0d) - write during %s is outside the flow's addresses",
                       cycles, a, phase_name(cur_phase)));
    end else if (written[i]) begin
      report(k, $sformatf("[duplicate] kij %0d nij %0d at cycle %0d (psum addr %0d) - written again (first at cycle %0d)",
                          k, n, cycles, a, first_cycle[i]));
    end else begin
      written[i] = 1'b1;
      first_cycle[i] = cycles;
      for (c = 0; c < COLS; c++) begin
        want = exp_psum[i][c*PSUM_W +: PSUM_W];
        got  = data[c*PSUM_W +: PSUM_W];
        checked[k] = checked[k] + 1;
        if (got !== want)
          report(k, $sformatf("[value] kij %0d nij %0d col %0d: expected %s actual %s at cycle %0d (psum addr %0d)",
                              k, n, c, hex_dec(want), hex_dec(got), cycles, a));
      end
    end
  endtask

  task automatic stop(string what);
    stopped = 1'b1;
    stop_what = what;
    stop_cycle = cycles;
    stop_kij = cur_kij;
    stop_phase = cur_phase;
    $display("  hung: %s (cycle %0d, phase %s, kij %0d)", what, cycles, phase_name(cur_phase), cur_kij);
  endtask

  // Whether cycle `cycles` is dumped, as harness/driver.cpp decides it for
  // --trace-kij / --trace-cycles; called before the cycle's inputs change.
  task automatic dump_gate;
    bit on;
    on = (dump_kij < 0 || cur_kij == dump_kij) &&
         (!dump_window || (cycles >= dump_first && cycles <= dump_last));
    if (on && !dump_on) begin
      if (!dump_started) begin
        $dumpfile(dump_file);
        $dumpvars(0, dut);
        dump_started = 1'b1;
        dump_from = cycles;
      end else begin
        $dumpon;
      end
    end else if (!on && dump_on) begin
      $dumpoff;
    end
    if (on) dump_to = cycles;
    dump_on = on;
  endtask

  // One clock period: inputs with the clock low, the probe sampled before the
  // rising edge, outputs settled after it.
  task automatic clock(input logic rst, input logic [39:0] i, input logic [127:0] d);
    if (cycles >= MAX_CYCLES) begin
      stop($sformatf("the cycle watchdog fired after %0d cycles", MAX_CYCLES));
    end else begin
      if (dump_want) dump_gate();
      clk = 1'b0;
      reset = rst;
      inst = i[INST_W-1:0];
      D_xmem = d[ROWS*ACT_W-1:0];
      #5;
      if (HAS_PROBE && probe_psum_we === 1'b1) record_write(probe_psum_addr, probe_psum_data);
      clk = 1'b1;
      #5;
      cycles = cycles + 1;
    end
  endtask

  task automatic sample(int o);
    int c;
    logic [PSUM_W-1:0] want, got;
    sampled[o] = 1'b1;
    for (c = 0; c < COLS; c++) begin
      want = exp_out[o][c*PSUM_W +: PSUM_W];
      got  = sfp_out[c*PSUM_W +: PSUM_W];
      checked[OutCase] = checked[OutCase] + 1;
      if (got !== want)
        report(OutCase, $sformatf("[value] o_nij %0d col %0d: expected %s actual %s at cycle %0d",
                                  o, c, hex_dec(want), hex_dec(got), cycles));
    end
  endtask

  // Rows that never came: the run stopped first, or the core lost them.
  task automatic missing(int c, int count, int total, string what);
    if (stopped)
      report(c, $sformatf("[not-reached] - %0d %s not reached: the run stopped at cycle %0d in phase %s%s: %s",
                          count, what, stop_cycle, phase_name(stop_phase),
                          stop_kij >= 0 ? $sformatf(" of kij %0d", stop_kij) : "", stop_what));
    else
      report(c, $sformatf("[missing] - %0d of %0d %s never %s", count, total, what,
                          c == OutCase ? "sampled" : "written to the psum SRAM"));
  endtask

  initial begin : run
    string dir;
    logic [255:0] w;
    int s, op, k, n, o, c, miss, nd, passed, nfailed, code, files_bad;
    longint waited;
    bit extra;
    string status, detail, window;

    if (!$value$plusargs("cosim_dir=%s", dir)) dir = DATA_DIR;
    if ($value$plusargs("dump=%s", dump_file)) dump_want = 1'b1;
    // A bad option stops the run (exit code 2) before anything is dumped.
    if (dump_want && $value$plusargs("dump_kij=%d", dump_kij) && dump_kij < 0) begin
      dump_want = 1'b0;
      $display("cosim-tb: +dump_kij must be a kij >= 0");
      $display("cosim-tb exit code: 2");
      $finish;
    end
    if (dump_want && $value$plusargs("dump_cycles=%s", window)) begin
      if ($sscanf(window, "%d:%d", dump_first, dump_last) != 2 || dump_first < 0 ||
          dump_first > dump_last) begin
        dump_want = 1'b0;
        $display("cosim-tb: +dump_cycles=%0s: expected A:B with 0 <= A <= B", window);
        $display("cosim-tb exit code: 2");
        $finish;
      end
      dump_window = 1'b1;
    end
    $readmemh({dir, "/steps.hex"}, steps);
    $readmemh({dir, "/exp_psum.hex"}, exp_psum);
    $readmemh({dir, "/exp_out.hex"}, exp_out);
    if (steps[N_STEPS-1] === 'x) begin
      $display("cosim-tb: cannot read %s/steps.hex (%0d steps expected)", dir, N_STEPS);
      $display("cosim-tb exit code: 2");
      $finish;
    end
    for (c = 0; c < NCase; c++) begin
      checked[c] = 0;
      failed[c] = 0;
    end
    for (k = 0; k < NAddr; k++) written[k] = 1'b0;
    for (o = 0; o < N_ONIJ; o++) sampled[o] = 1'b0;

    $display("rtl:     %0s", RTL);
    $display("model:   %0s (Icarus replay of the emitted schedule)", MODEL);
    $display("flow:    %0s", FLOW);
    $display("vectors: %0s", VECTORS);
    $display("");
    $display("mismatches as they happen (at most %0d):", MAX_REPORT);

    for (s = 0; s < N_STEPS && !stopped; s++) begin
      w = steps[s];
      op = w[255:252];
      cur_phase = w[251:248];
      cur_kij = $signed(w[247:240]);
      if (cur_kij != prev_kij) begin
        if (prev_kij >= 0) begin
          kij_done = kij_done + 1;
          $display("cosim-tb progress: kij %0d done at cycle %0d (%0d of %0d)", prev_kij, cycles, kij_done,
                   $countones(SELECTED));
          $fflush;  // vvp's output is a pipe: let tools/iverilog_run.sh see it now
        end
        prev_kij = cur_kij;
      end
      case (op)
        OpCycle: begin
          // A streamed pop: the row must be complete (ofifo_valid high).
          if (w[233] && ofifo_valid !== 1'b1)
            report(cur_kij, $sformatf("[protocol] kij %0d at cycle %0d - row nij %0d was popped while ofifo_valid was low (the row was not complete: stream_latency too short, or valid wrong) (phase %s)",
                                      cur_kij, cycles, $signed(w[199:168]), phase_name(cur_phase)));
          // The fast flow: no row is due, ofifo_valid must be low (one
          // report per run of such cycles, as harness/driver.cpp).
          if (!w[234]) low_reported = 1'b0;
          else if (ofifo_valid === 1'b1 && !low_reported) begin
            low_reported = 1'b1;
            report($signed(w[199:168]), $sformatf("[protocol] kij %0d at cycle %0d - ofifo_valid is high in a cycle where no row is due (the fast flow pops each row in the cycle it completes): a row came early, the output FIFO holds an extra row, or valid is not a level (phase %s)",
                                                  $signed(w[199:168]), cycles, phase_name(cur_phase)));
          end
          clock(w[232], w[167:128], w[127:0]);
        end
        OpWaitValid: begin
          waited = 0;
          while (!stopped && ofifo_valid !== 1'b1) begin
            if (waited >= w[231:200]) begin
              stop($sformatf("ofifo_valid stayed low for %0d cycles waiting for row nij %0d",
                             w[231:200], $signed(w[199:168])));
            end else begin
              clock(1'b0, IDLE_INST, '0);
              waited = waited + 1;
            end
          end
        end
        OpExpectEmpty: begin
          // (Icarus 11 has no `break`: `extra` ends the loop.)
          extra = 1'b0;
          for (waited = 0; waited < w[231:200] && !stopped && !extra; waited++) begin
            if (ofifo_valid === 1'b1) begin
              report(cur_kij >= 0 ? cur_kij : OutCase,
                     $sformatf("[protocol] kij %0d at cycle %0d - ofifo_valid is high after every row of the kij was popped: the output FIFO holds extra rows (phase %s)",
                               cur_kij, cycles, phase_name(cur_phase)));
              extra = 1'b1;
            end else begin
              clock(1'b0, IDLE_INST, '0);
            end
          end
        end
        OpSample: sample($signed(w[199:168]));
        default: begin
          $display("cosim-tb: bad op %0d in step %0d", op, s);
          $display("cosim-tb exit code: 2");
          $finish;
        end
      endcase
    end

    // Psum cases, the output case, the input case (judged by cosim).
    for (k = 0; k < N_KIJ; k++) begin
      if (SELECTED[k] && HAS_PROBE) begin
        miss = 0;
        nd = 0;
        for (n = 0; n < N_NIJ; n++) begin
          if (DUE[k*N_NIJ + n]) nd++;
          if (DUE[k*N_NIJ + n] && !written[k*N_NIJ + n]) miss++;
        end
        if (miss > 0) missing(k, miss, nd, "psum rows");
      end
    end
    if (OUTPUTS) begin
      miss = 0;
      for (o = 0; o < N_ONIJ; o++) if (!sampled[o]) miss++;
      if (miss > 0) missing(OutCase, miss, N_ONIJ, "outputs");
    end
    failed[InCase] = failed[InCase] + IN_FAILED;
    checked[InCase] = IN_CHECKED;

    $display("");
    $display("%-18s %-6s %8s %8s  %s", "check", "result", "checked", "failed", "detail");
    passed = 0;
    nfailed = 0;
    for (c = 0; c < NCase; c++) begin
      status = "PASS";
      detail = $sformatf("%0d words", checked[c]);
      if (c < N_KIJ && !SELECTED[c]) begin
        status = "SKIP";
        detail = "not selected (--kij)";
        checked[c] = 0;
      end else if (c < N_KIJ && !HAS_PROBE) begin
        status = "SKIP";
        detail = "no psum probe: the core's psum SRAM is not visible, outputs only";
        checked[c] = 0;
      end else if (c == OutCase && !OUTPUTS) begin
        status = "SKIP";
        detail = OUT_SKIP_DETAIL;
        checked[c] = 0;
      end else if (c == InCase) begin
        status = IN_STATUS;
        detail = IN_DETAIL;
      end
      if (failed[c] > 0) status = "FAIL";
      if (status == "PASS") passed++;
      if (status == "FAIL") nfailed++;
      $display("%-18s %-6s %8d %8d  %0s", case_name(c), status, checked[c], failed[c], detail);
    end
    if (!HAS_PROBE)
      $display("warning: the core has no psum probe: psum words are not checked, only the final outputs (name the psum SRAM to check every kij)");
    if (FLOW_WARNINGS != "") $write("%0s", FLOW_WARNINGS);
    $display("");
    $display("%0d cycles simulated", cycles);
    // SPEC section 5: 4 when only the given files (judged by cosim) are wrong.
    files_bad = failed[InCase] > 0 ? 1 : 0;
    code = stopped ? 3 : (nfailed - files_bad > 0 ? 1 : (files_bad ? 4 : 0));
    if (dump_want && dump_started) $display("cosim-tb dump: %0s %0d %0d", dump_file, dump_from, dump_to);
    else if (dump_want) $display("cosim-tb dump: none");
    $display("cosim-tb exit code: %0d", code);
    $display("%0d passed, %0d failed", passed, nfailed);
    $finish;
  end
endmodule
