// sram_w2048: the course's SRAM macro model, with its port names (CLK, D, Q,
// CEN, WEN, A). Part of the test core tests/byo/alt_core, which is written
// unlike rtl/ on purpose: other module and instance names, course-style
// ports, a 35-bit instruction word.
//
// Function:  2048 words of WIDTH bits. CEN=0, WEN=0: write D at A.
//            CEN=0, WEN=1: read A; Q shows that word from the next cycle.
// Reset:     none.
module sram_w2048 #(
  parameter WIDTH = 32
) (
  input                  CLK,
  input                  CEN,
  input                  WEN,
  input      [10:0]      A,
  input      [WIDTH-1:0] D,
  output     [WIDTH-1:0] Q
);
  reg [WIDTH-1:0] memory [0:2047];
  reg [10:0]      add_q;

  always @(posedge CLK) begin
    if (!CEN && WEN)  add_q <= A;
    if (!CEN && !WEN) memory[A] <= D;
  end

  assign Q = memory[add_q];
endmodule
