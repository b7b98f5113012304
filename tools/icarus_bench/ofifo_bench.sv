// ofifo_bench: Icarus speed of rtl/ofifo.sv alone (tools/bench.sh).
// The course flow's use of the output FIFO, repeated every 96 cycles: reset,
// then 36 rows arriving as the array delivers them (column c one cycle after
// column c-1, a random psum each), then 36 pops, one a cycle while
// valid_o is high. +cycles=N clock periods (default 1000); prints the cycles
// and a checksum of the outputs after every edge, so two versions of the RTL
// can be shown to compute the same. The testbench does little per cycle.
module ofifo_bench;
  localparam int Cols = 8, PsumW = 16, Depth = 64, Period = 96, Rows = 36;

  logic                  clk = 1'b0, rst = 1'b0, pop = 1'b0;
  logic [Cols-1:0]       push = '0;
  logic [Cols*PsumW-1:0] wdata = '0;
  wire  [Cols*PsumW-1:0] rdata;
  wire                   valid, full;

  ofifo #(.Cols(Cols), .PsumW(PsumW), .Depth(Depth)) u_dut (
    .clk_i(clk), .rst_i(rst), .push_i(push), .wdata_i(wdata), .pop_i(pop),
    .rdata_o(rdata), .valid_o(valid), .full_o(full)
  );

  initial begin : run
    int cycles, n, ph;
    logic [Cols*PsumW+1:0] sum;
    if (!$value$plusargs("cycles=%d", cycles)) cycles = 1000;
    sum = '0;
    for (n = 0; n < cycles; n++) begin
      ph = n % Period;
      rst = (ph == 0);
      // Column c takes rows in cycles c+1 .. c+Rows (the array's skew).
      push = {push[Cols-2:0], (ph >= 1 && ph <= Rows)};
      pop = (ph > Rows + Cols) && valid;
      wdata = {$random, $random, $random, $random};
      #5 clk = 1'b1;
      #5 clk = 1'b0;
      sum = {sum[$bits(sum)-2:0], sum[$bits(sum)-1]} ^ {valid, full, rdata};
    end
    $display("ofifo_bench: %0d cycles, checksum %h", cycles, sum);
    $finish;
  end
endmodule
