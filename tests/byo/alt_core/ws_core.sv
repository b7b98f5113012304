// ws_core: a second implementation of the course's core, written for the
// harness's bring-your-own-RTL tests (tests/byo). Same ports and cycle
// contract as rtl/core.sv, but behavioural and with other internal names:
// the psum SRAM is `psum_mem_instance` (module sram_w2048, ports CLK, D, Q,
// CEN, WEN, A) and the instruction word has 35 bits: inst[34] is a ReLU pulse
// given after accumulation; without it sfp_out shows the raw sums. The widths
// come from include/ws_core_defs.svh and the define WS_INST_W of files.f.
//
// The flow conventions real course cores follow (README "Bring your own
// core") are variants of this core, one define each, set by the file lists
// of tests/byo/compat/*/files.f (the defaults, in ws_core_defs.svh, give the
// core described here):
//   WS_POP_LATENCY 1: the output FIFO's pop is registered (the head moves one
//                  cycle after ofifo_rd); 2: its output is registered too
//   WS_VALID       1: ofifo_valid constant 0; 2: a one-cycle strobe when the
//                  last row of a burst is written; 3: high only while writing
//   WS_DEPTH       the depth of L0 and of the output FIFO (16: shallow)
//   WS_LOAD_HOLD   1: a column keeps its weight only if load is still high
//                  cols + c cycles after the load began (the course PE passes
//                  load east only once it holds its weight)
//   WS_WEIGHTS_IFIFO 1: the kernel comes through inst[5:4] (ififo_wr/rd)
//   WS_RELU        0: clamp on an inst[34] pulse; 1: combinational ReLU;
//                  2: ReLU while inst[34] is high; 3: sfp_out valid only while
//                  acc is high (0 otherwise); 4: no ReLU at all
//   WS_PSUM_2D     1: the psum SRAM is 9 x 36 words addressed {kij, nij}
//                  (A[10:6], A[5:0]): a row stride of 64
//   WS_PSUM_SPLIT  the psum memory is four 32-bit macros psum_mem[0..3].u_sram
//                  (a generate loop), instance q holding columns 2q, 2q+1
//   WS_PORTS_RENAMED  d_xmem and sfu_out for D_xmem and sfp_out, an extra
//                  input `mode` that must be 1, an extra output `busy`
//   WS_BLKANDNBLK  a register written by blocking and non-blocking
//                  assignments (Verilator needs -Wno-BLKANDNBLK)
//   WS_PE_GRID     the dot product in a systolic grid of PE instances
//                  pe_row[r].pe_col[c].u_pe (for the fault location of a
//                  profile's [debug] pe pattern); 16 cycles more latency
// A planted bug for the must-fail tests, at run time: the plusarg
// +ws_bug_sign sign-extends the activations (8..15 become negative).
//
// Function:  input SRAM -> one L0 FIFO of row*bw-bit words -> weights (load)
//            or a dot-product row (execute) -> a 2-stage pipeline -> output
//            FIFO -> psum SRAM -> SFP (accumulate; ReLU on inst[34]).
// Latency:   execute + l0_rd in t: the row is at the OFIFO head in t + 3.
//            acc in t adds the psum SRAM's Q of t; relu in t clamps the
//            accumulators at the edge ending t. sfp_out = the accumulators.
// Handshake: ofifo_valid: the output FIFO holds at least one row.
// Reset:     synchronous, active high: L0, weights, pipeline, OFIFO, SFP.
`include "ws_core_defs.svh"

module ws_core #(
  parameter bw = 4,
  parameter psum_bw = `WS_PSUM_W,
  parameter col = 8,
  parameter row = 8
) (
  input                    clk,
  input                    reset,
  input  [`WS_INST_W-1:0]  inst,
`ifdef WS_PORTS_RENAMED
  input  [bw*row-1:0]      d_xmem,
  input                    mode,     // must be 1: 0 holds sfu_out at zero
  output                   ofifo_valid,
  output [psum_bw*col-1:0] sfu_out,
  output                   busy
`else
  input  [bw*row-1:0]      D_xmem,
  output                   ofifo_valid,
  output [psum_bw*col-1:0] sfp_out
`endif
);
`ifdef WS_PORTS_RENAMED
  wire [bw*row-1:0]      D_xmem = d_xmem;
  wire [psum_bw*col-1:0] sfp_out;
  assign sfu_out = mode ? sfp_out : {psum_bw*col{1'b0}};
  assign busy    = ofifo_valid;
`endif
`ifdef WS_BLKANDNBLK
  // One register written both ways: Verilator refuses it unless told
  // -Wno-BLKANDNBLK (Icarus accepts it).
  // (High only in a second reset cycle in a row, which no flow has.)
  reg [1:0] mixed;
  always @(posedge clk) mixed[0] <= reset;
  always @(*) mixed[1] = reset;
  wire both_reset = &mixed;
`else
  wire both_reset = 1'b0;
`endif
  localparam DEPTH = `WS_DEPTH;
  localparam PW    = $clog2(DEPTH);

  wire acc       = inst[33];
  wire ofifo_rd  = inst[6];
  wire ififo_wr  = inst[5];
  wire ififo_rd  = inst[4];
  wire l0_rd     = inst[3];
  wire l0_wr     = inst[2];
  wire execute   = inst[1];
  wire load      = inst[0];
`ifdef WS_HAS_RELU_BIT
  wire relu      = inst[`WS_RELU_BIT];
`else
  wire relu      = 1'b0;
`endif

  reg bug_sign;
  initial bug_sign = $test$plusargs("ws_bug_sign");

  wire [bw*row-1:0]      xmem_q;
  wire [psum_bw*col-1:0] pmem_q;
  wire [psum_bw*col-1:0] ofifo_head;

  sram_w2048 #(.WIDTH(bw*row)) xmem_instance (
    .CLK(clk), .CEN(inst[19]), .WEN(inst[18]), .A(inst[17:7]), .D(D_xmem), .Q(xmem_q));

  // L0: one FIFO of whole words; a push into a full FIFO is dropped.
  reg [bw*row-1:0] l0_mem [0:DEPTH-1];
  reg [PW:0]       l0_wp, l0_rp;
  wire             l0_empty = (l0_wp == l0_rp);
  wire             l0_full  = (l0_wp - l0_rp) == DEPTH[PW:0];
  wire [bw*row-1:0] l0_head = l0_mem[l0_rp[PW-1:0]];
  always @(posedge clk) begin
    if (reset) begin
      l0_wp <= 0;
      l0_rp <= 0;
    end else begin
      if (l0_wr && !l0_full) begin
        l0_mem[l0_wp[PW-1:0]] <= xmem_q;
        l0_wp <= l0_wp + 1;
      end
      if (l0_rd && !l0_empty) l0_rp <= l0_rp + 1;
    end
  end

  // The kernel's FIFO: L0, or (WS_WEIGHTS_IFIFO) an IFIFO of its own on
  // inst[5:4], which L0 then never sees.
`ifdef WS_WEIGHTS_IFIFO
  reg [bw*row-1:0] if_mem [0:15];
  reg [4:0]        if_wp, if_rp;
  wire             if_empty = (if_wp == if_rp);
  always @(posedge clk) begin
    if (reset) begin
      if_wp <= 0;
      if_rp <= 0;
    end else begin
      if (ififo_wr) begin
        if_mem[if_wp[3:0]] <= xmem_q;
        if_wp <= if_wp + 1;
      end
      if (ififo_rd && !if_empty) if_rp <= if_rp + 1;
    end
  end
  wire             w_pop  = load && ififo_rd && !if_empty;
  wire [bw*row-1:0] w_head = if_mem[if_rp[3:0]];
`else
  wire             w_pop  = load && l0_rd && !l0_empty;
  wire [bw*row-1:0] w_head = l0_head;
  wire             unused_ififo = ififo_wr ^ ififo_rd;
`endif

  // Weights: the c-th word of a load phase is column c (row r in bits r*bw).
  // WS_LOAD_HOLD: it waits in a stage and becomes column c's weight only if
  // load is still high col + c cycles after the load began.
  reg [bw*row-1:0] weights [0:col-1];
  reg [bw*row-1:0] stage   [0:col-1];
  reg [7:0]        w_count;
  reg [7:0]        load_age;
  reg              load_q;
  wire             load_start = load && !load_q;
  wire [7:0]       w_idx = load_start ? 8'd0 : w_count;
  always @(posedge clk) begin
    if (reset) begin
      w_count  <= 0;
      load_q   <= 1'b0;
      load_age <= 0;
    end else begin
      load_q   <= load;
      load_age <= load ? load_age + 1 : 8'd0;
      if (w_pop) begin
        if (w_idx < col) begin
          if (`WS_LOAD_HOLD) stage[w_idx] <= w_head;
          else               weights[w_idx] <= w_head;
        end
        w_count <= w_idx + 1;
      end else if (load_start) begin
        w_count <= 0;
      end
      if (`WS_LOAD_HOLD && load && load_age >= col && load_age < 2 * col)
        weights[load_age - col] <= stage[load_age - col];
    end
  end

  wire fire = execute && l0_rd && !l0_empty;
`ifdef WS_PE_GRID
  // The dot product in a systolic grid of PEs pe_row[r].pe_col[c].u_pe: a
  // vector fired in t is registered (grid_in), its row-r word enters PE
  // (r, 0) in t + 1 + r (a skew line of r registers) and moves east a PE a
  // cycle, psums move south: PE (r, c) shows the vector's partial sum of
  // rows 0..r (out_s) and its activation (a_q) in t + 2 + r + c. Column c
  // leaves through col - 1 - c registers: the row is whole in
  // t + row + col, and tagged valid then.
  localparam GRID_LAT = row + col;
  reg [bw*row-1:0] grid_in;
  always @(posedge clk) grid_in <= l0_head;
  wire [psum_bw*col-1:0] dot;
  reg  [GRID_LAT-1:0]    fire_line;
  always @(posedge clk) fire_line <= {fire_line[GRID_LAT-2:0], fire};
  wire fire_out = fire_line[GRID_LAT-1];
  genvar gr, gc, gk;
  for (gr = 0; gr < row; gr = gr + 1) begin : pe_row
    wire [bw-1:0] a_west [0:col];
    if (gr == 0) begin : g_noskew
      assign a_west[0] = grid_in[gr*bw +: bw];
    end else begin : g_skew
      reg [bw-1:0] skew [0:gr-1];
      always @(posedge clk) skew[0] <= grid_in[gr*bw +: bw];
      for (gk = 1; gk < gr; gk = gk + 1) begin : g_stage
        always @(posedge clk) skew[gk] <= skew[gk-1];
      end
      assign a_west[0] = skew[gr-1];
    end
    for (gc = 0; gc < col; gc = gc + 1) begin : pe_col
      wire [psum_bw-1:0] north;
      if (gr == 0) begin : g_top
        assign north = {psum_bw{1'b0}};
      end else begin : g_below
        assign north = pe_row[gr-1].pe_col[gc].south;
      end
      wire [psum_bw-1:0] south;
      ws_pe #(.bw(bw), .psum_bw(psum_bw)) u_pe (
        .clk(clk), .bug(bug_sign), .a_in(a_west[gc]), .w_i(weights[gc][gr*bw +: bw]),
        .in_s(north), .a_q(a_west[gc+1]), .out_s(south));
    end
  end
  for (gc = 0; gc < col; gc = gc + 1) begin : deskew
    if (gc == col - 1) begin : g_last
      assign dot[gc*psum_bw +: psum_bw] = pe_row[row-1].pe_col[gc].south;
    end else begin : g_delay
      reg [psum_bw-1:0] line [0:col-2-gc];
      always @(posedge clk) line[0] <= pe_row[row-1].pe_col[gc].south;
      for (gk = 1; gk < col - 1 - gc; gk = gk + 1) begin : g_stage
        always @(posedge clk) line[gk] <= line[gk-1];
      end
      assign dot[gc*psum_bw +: psum_bw] = line[col-2-gc];
    end
  end
`else
  // One output row: psum[c] = sum_r w[c][r] * a[r], wrapping at psum_bw.
  wire fire_out = fire;
  reg [psum_bw*col-1:0] dot;
  integer r, c;
  reg signed [psum_bw-1:0] sum;
  reg        [bw-1:0]      a;
  always @(*) begin
    for (c = 0; c < col; c = c + 1) begin
      sum = 0;
      for (r = 0; r < row; r = r + 1) begin
        a = l0_head[r*bw +: bw];
        sum = sum + psum_bw'($signed(weights[c][r*bw +: bw]) *
                             $signed({bug_sign & a[bw-1], a}));
      end
      dot[c*psum_bw +: psum_bw] = sum;
    end
  end
`endif

  // Two pipeline stages between the dot product and the output FIFO.
  reg [psum_bw*col-1:0] pipe0, pipe1;
  reg                   v0, v1;
  always @(posedge clk) begin
    if (reset) begin
      v0 <= 1'b0;
      v1 <= 1'b0;
    end else begin
      v0    <= fire_out;
      pipe0 <= dot;
      v1    <= v0;
      pipe1 <= pipe0;
    end
  end

  // Output FIFO, first word fall-through unless its pop (WS_POP_LATENCY 1)
  // or its pop and output (2) are registered.
  reg [psum_bw*col-1:0] of_mem [0:DEPTH-1];
  reg [PW:0]            of_wp, of_rp;
  reg                   rd_q;
  reg [psum_bw*col-1:0] head_q;
  wire                  of_nonempty = (of_wp != of_rp);
  wire                  of_full = (of_wp - of_rp) == DEPTH[PW:0];
  wire                  pop = (`WS_POP_LATENCY == 0) ? (ofifo_rd && of_nonempty) : (rd_q && of_nonempty);
  assign ofifo_head = (`WS_POP_LATENCY == 2) ? head_q : of_mem[of_rp[PW-1:0]];
  always @(posedge clk) begin
    head_q <= of_mem[of_rp[PW-1:0]];
    if (reset) begin
      of_wp <= 0;
      of_rp <= 0;
      rd_q  <= 1'b0;
    end else begin
      rd_q <= ofifo_rd;
      if (v1 && !of_full) begin
        of_mem[of_wp[PW-1:0]] <= pipe1;
        of_wp <= of_wp + 1;
      end
      if (pop) of_rp <= of_rp + 1;
    end
  end
  assign ofifo_valid = both_reset ? 1'b1 :
                       (`WS_VALID == 0) ? of_nonempty :
                       (`WS_VALID == 1) ? 1'b0 :
                       (`WS_VALID == 2) ? (v1 && !v0) : v1;

`ifdef WS_PSUM_2D
  sram_2d #(.WIDTH(psum_bw*col)) psum_mem_instance (
    .CLK(clk), .CEN(inst[32]), .WEN(inst[31]), .A(inst[30:20]), .D(ofifo_head), .Q(pmem_q));
`elsif WS_PSUM_SPLIT
  // The psum memory as four macros of a quarter row each, in a generate loop.
  localparam QW = psum_bw * col / 4;
  genvar q;
  for (q = 0; q < 4; q = q + 1) begin : psum_mem
    sram_w2048 #(.WIDTH(QW)) u_sram (
      .CLK(clk), .CEN(inst[32]), .WEN(inst[31]), .A(inst[30:20]), .D(ofifo_head[q*QW +: QW]),
      .Q(pmem_q[q*QW +: QW]));
  end
`else
  sram_w2048 #(.WIDTH(psum_bw*col)) psum_mem_instance (
    .CLK(clk), .CEN(inst[32]), .WEN(inst[31]), .A(inst[30:20]), .D(ofifo_head), .Q(pmem_q));
`endif

  // SFP: accumulate on acc; ReLU as WS_RELU says.
  reg signed [psum_bw-1:0] acc_q [0:col-1];
  genvar g;
  generate
    for (g = 0; g < col; g = g + 1) begin : sfp_lane
      always @(posedge clk) begin
        if (reset)                                  acc_q[g] <= 0;
        else if (acc)                               acc_q[g] <= acc_q[g] + $signed(pmem_q[g*psum_bw +: psum_bw]);
        else if (`WS_RELU == 0 && relu && acc_q[g] < 0) acc_q[g] <= 0;
      end
      wire signed [psum_bw-1:0] clamped = acc_q[g] < 0 ? 0 : acc_q[g];
      assign sfp_out[g*psum_bw +: psum_bw] =
          (`WS_RELU == 1) ? clamped :
          (`WS_RELU == 2) ? (relu ? clamped : acc_q[g]) :
          (`WS_RELU == 3) ? (acc ? clamped : {psum_bw{1'b0}}) : acc_q[g];
    end
  endgenerate
endmodule

`ifdef WS_PE_GRID
// One PE of the grid: a_q and out_s are registered; out_s = in_s + w * a
// (the bug input: a sign-extended, the planted bug +ws_bug_sign).
module ws_pe #(
  parameter bw = 4,
  parameter psum_bw = 16
) (
  input                    clk,
  input                    bug,
  input  [bw-1:0]          a_in,
  input  [bw-1:0]          w_i,
  input  [psum_bw-1:0]     in_s,
  output reg [bw-1:0]      a_q,
  output reg [psum_bw-1:0] out_s
);
  always @(posedge clk) begin
    a_q   <= a_in;
    out_s <= in_s + psum_bw'($signed(w_i) * $signed({bug & a_in[bw-1], a_in}));
  end
endmodule
`endif
