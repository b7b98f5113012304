// l0_bench: Icarus speed of rtl/l0.sv alone (tools/bench.sh).
// The course flow's use of L0, repeated every 80 cycles: reset, 36 pushes of
// a random word, then 36 staggered pops (row r pops r cycles after row 0).
// +cycles=N clock periods (default 1000); prints the cycles and a checksum
// of the outputs after every edge, so two versions of the RTL can be shown
// to compute the same. The testbench does little per cycle (one fold).
module l0_bench;
  localparam int Rows = 8, ActW = 4, Depth = 64, Period = 80, Words = 36;

  logic                 clk = 1'b0, rst = 1'b0, push = 1'b0, pop = 1'b0;
  logic [Rows*ActW-1:0] wdata = '0;
  wire  [Rows*ActW-1:0] rdata;
  wire  [Rows-1:0]      full, empty;

  l0 #(.Rows(Rows), .ActW(ActW), .Depth(Depth)) u_dut (
    .clk_i(clk), .rst_i(rst), .push_i(push), .wdata_i(wdata), .pop_i(pop),
    .rdata_o(rdata), .full_o(full), .empty_o(empty)
  );

  initial begin : run
    int cycles, n, ph;
    logic [Rows*ActW+2*Rows-1:0] sum;
    if (!$value$plusargs("cycles=%d", cycles)) cycles = 1000;
    sum = '0;
    for (n = 0; n < cycles; n++) begin
      ph = n % Period;
      rst = (ph == 0);
      push = (ph >= 1 && ph <= Words);
      pop = (ph > Words + 1 && ph <= 2 * Words + 1);
      wdata = $random;
      #5 clk = 1'b1;
      #5 clk = 1'b0;
      sum = {sum[$bits(sum)-2:0], sum[$bits(sum)-1]} ^ {full, empty, rdata};
    end
    $display("l0_bench: %0d cycles, checksum %h", cycles, sum);
    $finish;
  end
endmodule
