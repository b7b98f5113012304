// A core with the course's ports but sfp_out 8 bits per column instead of
// psum_bw = 16 (a common slip: psum_bw set to the activation's 8-bit product
// width). The interface check must refuse it, naming sfp_out, expected
// [127:0] (128 bits) and found [63:0] (64 bits), with exit code 2
// (ctest byo.iface.bad_width). It is never simulated.
module core #(
  parameter bw = 4,
  parameter psum_bw = 8,
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
  reg [psum_bw*col-1:0] out_q;
  always @(posedge clk) out_q <= reset ? '0 : {col{inst[psum_bw-1:0]}} ^ {(psum_bw*col/(bw*row)){D_xmem}};
  assign sfp_out     = out_q;
  assign ofifo_valid = 1'b0;
endmodule
