// array_bench: Icarus speed of rtl/mac_array.sv alone (tools/bench.sh).
// The course flow's pattern on the 8x8 array, repeated: reset, Cols cycles of
// load, Rows + Cols idle cycles, then execute with a new random activation
// vector every cycle until the period of 64 cycles ends. +cycles=N clock
// periods (default 1000); prints the cycles and a checksum of the outputs
// after every edge, so two versions of the RTL can be shown to compute the
// same. The testbench itself does little per cycle (one fold of the outputs)
// so that the figure is the block's.
module array_bench;
  localparam int Rows = 8, Cols = 8, ActW = 4, WgtW = 4, PsumW = 16, Period = 64;

  logic                  clk = 1'b0, rst = 1'b0, load = 1'b0, exec = 1'b0;
  logic [Rows*ActW-1:0]  act = '0;
  wire  [Cols*PsumW-1:0] psum;
  wire  [Cols-1:0]       valid;

  mac_array #(.Rows(Rows), .Cols(Cols), .ActW(ActW), .WgtW(WgtW), .PsumW(PsumW)) u_dut (
    .clk_i(clk), .rst_i(rst), .act_w_i(act), .load_i(load), .exec_i(exec),
    .psum_s_o(psum), .valid_o(valid)
  );

  initial begin : run
    int cycles, n, ph;
    logic [Cols*PsumW+Cols-1:0] sum;
    if (!$value$plusargs("cycles=%d", cycles)) cycles = 1000;
    sum = '0;
    for (n = 0; n < cycles; n++) begin
      ph = n % Period;
      rst = (ph == 0);
      load = (ph >= 1 && ph <= Cols);
      exec = (ph > 2 * Cols + Rows);
      act = $random;
      #5 clk = 1'b1;
      #5 clk = 1'b0;
      sum = {sum[$bits(sum)-2:0], sum[$bits(sum)-1]} ^ {valid, psum};
    end
    $display("array_bench: %0d cycles, checksum %h", cycles, sum);
    $finish;
  end
endmodule
