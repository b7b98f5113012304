// ofifo: the output FIFO under the array's south edge, one FIFO per column.
//
// Function:  column c stores wdata_i[c*PsumW +: PsumW] when push_i[c] is high
//            (the array's per-column valid, which arrives one cycle later
//            per column); a pop takes the head of every column, one row.
// Latency:   a psum pushed in cycle t counts from t + 1. First-word-fall-
//            through: while valid_o is high, rdata_o is the head row, i.e.
//            the row a pop in this cycle removes.
// Handshake: valid_o is high while every column holds at least one psum.
//            pop_i is ignored unless valid_o is high, so the columns never
//            drift apart. full_o is high while any column is full; a push
//            into a full column is dropped (see fifo_sync).
// Reset:     synchronous, active high: empties every column.
module ofifo #(
  parameter int Cols  = 8,
  parameter int PsumW = 16,
  parameter int Depth = 64
) (
  input  logic                  clk_i,
  input  logic                  rst_i,
  input  logic [Cols-1:0]       push_i,
  input  logic [Cols*PsumW-1:0] wdata_i,
  input  logic                  pop_i,
  output logic [Cols*PsumW-1:0] rdata_o,
  output logic                  valid_o,
  output logic                  full_o
);
  logic [Cols-1:0] empty, full;
  logic            pop;

  assign valid_o = ~|empty;
  assign full_o  = |full;
  assign pop     = pop_i && valid_o;

  for (genvar c = 0; c < Cols; c++) begin : g_col
    fifo_sync #(
      .Width(PsumW),
      .Depth(Depth)
    ) u_fifo (
      .clk_i,
      .rst_i,
      .push_i (push_i[c]),
      .wdata_i(wdata_i[c*PsumW +: PsumW]),
      .pop_i  (pop),
      .rdata_o(rdata_o[c*PsumW +: PsumW]),
      .empty_o(empty[c]),
      .full_o (full[c])
    );
  end
endmodule
