// core: the course's weight-stationary accelerator top (SPEC section 3).
// Port and parameter names are the course's, so users' testbenches bind.
//
// Function:  input SRAM u_xmem (row*bw bits x 2048: activations at 0..,
//            weights at 1024..) -> L0 -> array -> OFIFO -> psum SRAM u_pmem
//            (col*psum_bw bits x 2048) -> SFP (accumulate + ReLU) -> sfp_out.
//            inst fields: [33] acc, [32] CEN_pmem, [31] WEN_pmem,
//            [30:20] A_pmem, [19] CEN_xmem, [18] WEN_xmem, [17:7] A_xmem,
//            [6] ofifo_rd, [5] ififo_wr, [4] ififo_rd (both unused in WS),
//            [3] l0_rd, [2] l0_wr, [1] execute, [0] load.
// Latency:   (docs/ARCHITECTURE.md, "The core's cycle contract")
//            SRAM read data one cycle after the address; l0_wr in t pushes
//            u_xmem's read data of t; l0_rd pops row r in t + r with the
//            instruction skewed alike; execute + l0_rd in t completes that
//            vector's row in the OFIFO in cycle t + row + col (at the head,
//            with ofifo_valid, if the rows before it were popped); ofifo_rd
//            with a psum SRAM write stores the head row of that cycle; acc in t adds u_pmem's read data of t;
//            sfp_out is combinational from the SFP accumulators.
// Handshake: ofifo_valid: pop only while it is high. No other back-pressure.
// Reset:     synchronous, active high: clears L0, the array (weights
//            included), the OFIFO and the SFP; never the SRAM contents.
module core #(
  parameter bw = 4,
  parameter psum_bw = 16,
  parameter col = 8,
  parameter row = 8
) (
  input                    clk,
  input                    reset,
  input  [33:0]            inst,
  input  [bw*row-1:0]      D_xmem,
  output                   ofifo_valid,
  output [psum_bw*col-1:0] sfp_out
);
  // Both SRAMs have 2048 words: the instruction's addresses are 11 bits.
  localparam int SramDepth = 2048;
  localparam int AddrW     = $clog2(SramDepth);

  logic             acc, cen_pmem, wen_pmem, cen_xmem, wen_xmem;
  logic             ofifo_rd, l0_rd, l0_wr, execute, load;
  logic [AddrW-1:0] a_pmem, a_xmem;
  logic             unused_ififo;

  assign acc          = inst[33];
  assign cen_pmem     = inst[32];
  assign wen_pmem     = inst[31];
  assign a_pmem       = inst[30:20];
  assign cen_xmem     = inst[19];
  assign wen_xmem     = inst[18];
  assign a_xmem       = inst[17:7];
  assign ofifo_rd     = inst[6];
  assign unused_ififo = ^inst[5:4];  // output-stationary mode only
  assign l0_rd        = inst[3];
  assign l0_wr        = inst[2];
  assign execute      = inst[1];
  assign load         = inst[0];

  logic [bw*row-1:0]      xmem_rdata;
  logic [psum_bw*col-1:0] ofifo_head, pmem_rdata;
  logic [row-1:0]         unused_l0_full, unused_l0_empty;
  logic                   unused_ofifo_full;
  logic [psum_bw*col-1:0] unused_sfp_acc;

  sram_sp #(
    .Width(bw * row),
    .Depth(SramDepth)
  ) u_xmem (
    .clk_i  (clk),
    .cen_ni (cen_xmem),
    .wen_ni (wen_xmem),
    .addr_i (a_xmem),
    .wdata_i(D_xmem),
    .rdata_o(xmem_rdata)
  );

  corelet #(
    .Rows (row),
    .Cols (col),
    .ActW (bw),
    .WgtW (bw),
    .PsumW(psum_bw),
    .AccW (psum_bw)
  ) u_corelet (
    .clk_i        (clk),
    .rst_i        (reset),
    .l0_push_i    (l0_wr),
    .l0_wdata_i   (xmem_rdata),
    .l0_pop_i     (l0_rd),
    .l0_full_o    (unused_l0_full),
    .l0_empty_o   (unused_l0_empty),
    .load_i       (load),
    .exec_i       (execute),
    .ofifo_pop_i  (ofifo_rd),
    .ofifo_valid_o(ofifo_valid),
    .ofifo_full_o (unused_ofifo_full),
    .ofifo_rdata_o(ofifo_head),
    .acc_i        (acc),
    .sfp_in_i     (pmem_rdata),
    .sfp_acc_o    (unused_sfp_acc),
    .sfp_out_o    (sfp_out)
  );

  sram_sp #(
    .Width(psum_bw * col),
    .Depth(SramDepth)
  ) u_pmem (
    .clk_i  (clk),
    .cen_ni (cen_pmem),
    .wen_ni (wen_pmem),
    .addr_i (a_pmem),
    .wdata_i(ofifo_head),
    .rdata_o(pmem_rdata)
  );
endmodule
