// corelet: the datapath between the two SRAMs: L0 -> mac_array -> OFIFO,
// and the SFP behind the psum SRAM.
//
// Function:  l0_wdata_i (one word, row r in bits [r*ActW +: ActW]) is pushed
//            into L0; l0_pop_i with load_i or exec_i streams L0 through the
//            array, row r r cycles after row 0 together with its instruction
//            bits; each column's bottom psum goes into the OFIFO when its
//            valid is high; the SFP accumulates sfp_in_i on acc_i.
// Latency:   (row-0 cycle t = the cycle l0_pop_i and exec_i are high)
//            column c of that vector is pushed into the OFIFO at the edge
//            ending t + Rows + c, so its row is complete, and ofifo_valid_o
//            high with it on ofifo_rdata_o, in cycle t + Rows + Cols.
//            Load: l0_pop_i + load_i for Cols cycles from t0; exec_i may
//            follow from t0 + Cols. SFP: see sfp.
// Handshake: see l0 (no back-pressure), ofifo (FWFT, pop only while
//            ofifo_valid_o), sfp.
// Reset:     synchronous, active high: clears L0, the array (weights
//            included), the OFIFO and the SFP accumulators.
module corelet #(
  parameter int Rows       = 8,
  parameter int Cols       = 8,
  parameter int ActW       = 4,
  parameter int WgtW       = 4,
  parameter int PsumW      = 16,
  parameter int AccW       = PsumW,
  parameter int L0Depth    = 64,
  parameter int OfifoDepth = 64
) (
  input  logic                  clk_i,
  input  logic                  rst_i,
  // L0
  input  logic                  l0_push_i,
  input  logic [Rows*ActW-1:0]  l0_wdata_i,
  input  logic                  l0_pop_i,
  output logic [Rows-1:0]       l0_full_o,
  output logic [Rows-1:0]       l0_empty_o,
  // Array
  input  logic                  load_i,
  input  logic                  exec_i,
  // OFIFO
  input  logic                  ofifo_pop_i,
  output logic                  ofifo_valid_o,
  output logic                  ofifo_full_o,
  output logic [Cols*PsumW-1:0] ofifo_rdata_o,
  // SFP
  input  logic                  acc_i,
  input  logic [Cols*PsumW-1:0] sfp_in_i,
  output logic [Cols*AccW-1:0]  sfp_acc_o,
  output logic [Cols*PsumW-1:0] sfp_out_o
);
  logic [Rows*ActW-1:0]  west;
  logic [Cols*PsumW-1:0] south;
  logic [Cols-1:0]       south_valid;

  l0 #(
    .Rows (Rows),
    .ActW (ActW),
    .Depth(L0Depth)
  ) u_l0 (
    .clk_i,
    .rst_i,
    .push_i (l0_push_i),
    .wdata_i(l0_wdata_i),
    .pop_i  (l0_pop_i),
    .rdata_o(west),
    .full_o (l0_full_o),
    .empty_o(l0_empty_o)
  );

  mac_array #(
    .Rows (Rows),
    .Cols (Cols),
    .ActW (ActW),
    .WgtW (WgtW),
    .PsumW(PsumW)
  ) u_mac_array (
    .clk_i,
    .rst_i,
    .act_w_i (west),
    .load_i  (load_i),
    .exec_i  (exec_i),
    .psum_s_o(south),
    .valid_o (south_valid)
  );

  ofifo #(
    .Cols (Cols),
    .PsumW(PsumW),
    .Depth(OfifoDepth)
  ) u_ofifo (
    .clk_i,
    .rst_i,
    .push_i (south_valid),
    .wdata_i(south),
    .pop_i  (ofifo_pop_i),
    .rdata_o(ofifo_rdata_o),
    .valid_o(ofifo_valid_o),
    .full_o (ofifo_full_o)
  );

  sfp #(
    .Cols (Cols),
    .PsumW(PsumW),
    .AccW (AccW)
  ) u_sfp (
    .clk_i,
    .rst_i,
    .acc_i (acc_i),
    .psum_i(sfp_in_i),
    .acc_o (sfp_acc_o),
    .out_o (sfp_out_o)
  );
endmodule
