// sram_2d: a psum SRAM of 9 x 36 words addressed {kij, nij} = {A[10:6],
// A[5:0]}, as one course team organised theirs; a write or read outside
// 9 x 36 does nothing (reads give 0). Part of tests/byo/compat/stride64.
module sram_2d #(
  parameter WIDTH = 128
) (
  input                  CLK,
  input                  CEN,
  input                  WEN,
  input      [10:0]      A,
  input      [WIDTH-1:0] D,
  output     [WIDTH-1:0] Q
);
  reg [WIDTH-1:0] memory [0:8][0:35];
  reg [10:0]      add_q;
  wire            in_a = A[10:6] < 9 && A[5:0] < 36;
  wire            in_q = add_q[10:6] < 9 && add_q[5:0] < 36;

  always @(posedge CLK) begin
    if (!CEN && WEN)          add_q <= A;
    if (!CEN && !WEN && in_a) memory[A[10:6]][A[5:0]] <= D;
  end

  assign Q = in_q ? memory[add_q[10:6]][add_q[5:0]] : {WIDTH{1'b0}};
endmodule
