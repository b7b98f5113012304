// l0: the input FIFO in front of the array's west edge, one FIFO per row.
//
// Function:  a push stores one word per row (row r takes
//            wdata_i[r*ActW +: ActW]); a pop in cycle t pops row 0 in t and
//            row r in t + r, so the rows leave as the array's skewed wavefront.
// Latency:   a word pushed in cycle t can be popped from t + 1. Each row is
//            first-word-fall-through: rdata_o row r shows that row's head
//            (0 when empty), which is the word its pop consumes.
// Handshake: push_i / pop_i, no back-pressure. full_o[r] / empty_o[r] are
//            per row; a push into a full row is dropped for that row and a
//            pop of an empty row is ignored (see fifo_sync), so the caller
//            keeps pushes within Depth words.
// Reset:     synchronous, active high: empties every row and cancels the
//            staggered pops still on their way to the lower rows.
module l0 #(
  parameter int Rows  = 8,
  parameter int ActW  = 4,
  parameter int Depth = 64
) (
  input  logic                 clk_i,
  input  logic                 rst_i,
  input  logic                 push_i,
  input  logic [Rows*ActW-1:0] wdata_i,
  input  logic                 pop_i,
  output logic [Rows*ActW-1:0] rdata_o,
  output logic [Rows-1:0]      full_o,
  output logic [Rows-1:0]      empty_o
);
  logic [Rows-1:0] pop_row;

  skew #(
    .Width(1),
    .Lanes(Rows)
  ) u_pop_skew (
    .clk_i,
    .rst_i,
    .in_i (pop_i),
    .out_o(pop_row)
  );

  for (genvar r = 0; r < Rows; r++) begin : g_row
    fifo_sync #(
      .Width(ActW),
      .Depth(Depth)
    ) u_fifo (
      .clk_i,
      .rst_i,
      .push_i (push_i),
      .wdata_i(wdata_i[r*ActW +: ActW]),
      .pop_i  (pop_row[r]),
      .rdata_o(rdata_o[r*ActW +: ActW]),
      .empty_o(empty_o[r]),
      .full_o (full_o[r])
    );
  end
endmodule
