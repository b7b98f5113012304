// ws_core: a second implementation of the course's core, written for the
// harness's bring-your-own-RTL tests (tests/byo). Same ports and cycle
// contract as rtl/core.sv, but behavioural and with other internal names:
// the psum SRAM is `psum_mem_instance` (module sram_w2048, ports CLK, D, Q,
// CEN, WEN, A) and the instruction word has 35 bits: inst[34] is a ReLU pulse
// given after accumulation; without it sfp_out shows the raw sums. The widths
// come from include/ws_core_defs.svh and the define WS_INST_W of files.f.
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
  input  [bw*row-1:0]      D_xmem,
  output                   ofifo_valid,
  output [psum_bw*col-1:0] sfp_out
);
  localparam DEPTH = 64;

  wire relu      = inst[`WS_RELU_BIT];
  wire acc       = inst[33];
  wire ofifo_rd  = inst[6];
  wire l0_rd     = inst[3];
  wire l0_wr     = inst[2];
  wire execute   = inst[1];
  wire load      = inst[0];

  wire [bw*row-1:0]      xmem_q;
  wire [psum_bw*col-1:0] pmem_q;
  wire [psum_bw*col-1:0] ofifo_head;

  sram_w2048 #(.WIDTH(bw*row)) xmem_instance (
    .CLK(clk), .CEN(inst[19]), .WEN(inst[18]), .A(inst[17:7]), .D(D_xmem), .Q(xmem_q));

  // L0: one FIFO of whole words.
  reg [bw*row-1:0] l0_mem [0:DEPTH-1];
  reg [6:0]        l0_wp, l0_rp;
  wire             l0_empty = (l0_wp == l0_rp);
  wire [bw*row-1:0] l0_head = l0_mem[l0_rp[5:0]];
  always @(posedge clk) begin
    if (reset) begin
      l0_wp <= 0;
      l0_rp <= 0;
    end else begin
      if (l0_wr) begin
        l0_mem[l0_wp[5:0]] <= xmem_q;
        l0_wp <= l0_wp + 1;
      end
      if (l0_rd && !l0_empty) l0_rp <= l0_rp + 1;
    end
  end

  // Weights: the c-th word of a load phase is column c (row r in bits r*bw).
  reg [bw*row-1:0] weights [0:col-1];
  reg [7:0]        w_count;
  reg              load_q;
  wire             load_start = load && !load_q;
  wire [7:0]       w_idx = load_start ? 8'd0 : w_count;
  always @(posedge clk) begin
    if (reset) begin
      w_count <= 0;
      load_q  <= 1'b0;
    end else begin
      load_q <= load;
      if (load && l0_rd && !l0_empty) begin
        if (w_idx < col) weights[w_idx] <= l0_head;
        w_count <= w_idx + 1;
      end else if (load_start) begin
        w_count <= 0;
      end
    end
  end

  // One output row: psum[c] = sum_r w[c][r] * a[r], wrapping at psum_bw.
  reg [psum_bw*col-1:0] dot;
  integer r, c;
  reg signed [psum_bw-1:0] sum;
  always @(*) begin
    for (c = 0; c < col; c = c + 1) begin
      sum = 0;
      for (r = 0; r < row; r = r + 1)
        sum = sum + psum_bw'($signed(weights[c][r*bw +: bw]) * $signed({1'b0, l0_head[r*bw +: bw]}));
      dot[c*psum_bw +: psum_bw] = sum;
    end
  end

  // Two pipeline stages between the dot product and the output FIFO.
  reg [psum_bw*col-1:0] pipe0, pipe1;
  reg                   v0, v1;
  always @(posedge clk) begin
    if (reset) begin
      v0 <= 1'b0;
      v1 <= 1'b0;
    end else begin
      v0    <= execute && l0_rd && !l0_empty;
      pipe0 <= dot;
      v1    <= v0;
      pipe1 <= pipe0;
    end
  end

  // Output FIFO, first word fall-through.
  reg [psum_bw*col-1:0] of_mem [0:DEPTH-1];
  reg [6:0]             of_wp, of_rp;
  assign ofifo_valid = (of_wp != of_rp);
  assign ofifo_head  = of_mem[of_rp[5:0]];
  always @(posedge clk) begin
    if (reset) begin
      of_wp <= 0;
      of_rp <= 0;
    end else begin
      if (v1) begin
        of_mem[of_wp[5:0]] <= pipe1;
        of_wp <= of_wp + 1;
      end
      if (ofifo_rd && ofifo_valid) of_rp <= of_rp + 1;
    end
  end

  sram_w2048 #(.WIDTH(psum_bw*col)) psum_mem_instance (
    .CLK(clk), .CEN(inst[32]), .WEN(inst[31]), .A(inst[30:20]), .D(ofifo_head), .Q(pmem_q));

  // SFP: accumulate on acc, clamp at zero on the ReLU pulse.
  reg signed [psum_bw-1:0] acc_q [0:col-1];
  genvar g;
  generate
    for (g = 0; g < col; g = g + 1) begin : sfp_lane
      always @(posedge clk) begin
        if (reset)                   acc_q[g] <= 0;
        else if (acc)                acc_q[g] <= acc_q[g] + $signed(pmem_q[g*psum_bw +: psum_bw]);
        else if (relu && acc_q[g] < 0) acc_q[g] <= 0;
      end
      assign sfp_out[g*psum_bw +: psum_bw] = acc_q[g];
    end
  endgenerate
endmodule
