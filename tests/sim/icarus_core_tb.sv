// icarus_core_tb: the course flow on `core` in Icarus Verilog (ctest
// sim.icarus.core_flow), so the RTL is known to simulate the same in the
// simulator users bring, not only to elaborate. Two kij at 8x8 with extreme
// values included (activation 15, weights -8 and 7); every psum written to
// the psum SRAM is checked against sums computed here, then one SFP output.
// Exits through $fatal on any mismatch.
module icarus_core_tb;
  localparam int Row = 8, Col = 8, Bw = 4, PsumBw = 16, Nij = 36, Nkij = 2;

  logic                  clk = 1'b0;
  logic                  reset;
  logic [33:0]           inst;
  logic [Bw*Row-1:0]     D_xmem;
  logic                  ofifo_valid;
  logic [PsumBw*Col-1:0] sfp_out;

  core #(.bw(Bw), .psum_bw(PsumBw), .col(Col), .row(Row)) u_core (
    .clk, .reset, .inst, .D_xmem, .ofifo_valid, .sfp_out
  );

  always #5 clk = ~clk;

  int act [Nij][Row];
  int wgt [Nkij][Row][Col];
  int checks = 0, errors = 0;
  int lfsr = 32'h1234_5678;

  function automatic int next_rand();
    lfsr = lfsr ^ (lfsr << 13);
    lfsr = lfsr ^ (lfsr >>> 17);
    lfsr = lfsr ^ (lfsr << 5);
    return lfsr & 32'h7fff_ffff;
  endfunction

  function automatic logic signed [PsumBw-1:0] psum(int k, int n, int c);
    int s = 0;
    for (int r = 0; r < Row; r++) s += wgt[k][r][c] * act[n][r];
    return PsumBw'(s);
  endfunction

  // Instruction fields (SPEC section 3); idle = both SRAMs disabled.
  localparam logic [33:0] Idle = (34'd1 << 32) | (34'd1 << 31) | (34'd1 << 19) | (34'd1 << 18);
  function automatic logic [33:0] xmem_write(int a);
    return (Idle & ~(34'd3 << 18)) | (34'(a) << 7);
  endfunction
  function automatic logic [33:0] xmem_read(int a);
    return (Idle & ~(34'd1 << 19)) | (34'(a) << 7);
  endfunction

  // Drive one cycle's inputs just after the edge, so the next edge acts on them.
  task automatic cycle(input logic [33:0] i, input logic [Bw*Row-1:0] d = '0, input logic rst = 1'b0);
    inst = i;
    D_xmem = d;
    reset = rst;
    @(posedge clk);
    #1;
  endtask

  // The probe: every psum-SRAM write, sampled at the edge that performs it.
  always @(posedge clk) begin : probe
    int k, n;
    logic signed [PsumBw-1:0] got;
    if (!u_core.u_pmem.cen_ni && !u_core.u_pmem.wen_ni) begin
      for (int c = 0; c < Col; c++) begin
        k = u_core.u_pmem.addr_i / Nij;
        n = u_core.u_pmem.addr_i % Nij;
        got = u_core.u_pmem.wdata_i[c*PsumBw +: PsumBw];
        checks++;
        if (got !== psum(k, n, c)) begin
          errors++;
          $display("MISMATCH kij %0d nij %0d col %0d: expected %0d, got %0d", k, n, c,
                   psum(k, n, c), got);
        end
      end
    end
  end

  initial begin : flow
    logic signed [PsumBw-1:0] sum, want;
    for (int n = 0; n < Nij; n++)
      for (int r = 0; r < Row; r++) act[n][r] = (n == 5) ? 15 : next_rand() % 16;
    for (int k = 0; k < Nkij; k++)
      for (int r = 0; r < Row; r++)
        for (int c = 0; c < Col; c++)
          wgt[k][r][c] = (c == 0) ? -8 : (c == 1) ? 7 : (next_rand() % 16) - 8;

    #1;
    cycle(Idle, '0, 1'b1);
    for (int n = 0; n < Nij; n++) begin
      logic [Bw*Row-1:0] word;
      for (int r = 0; r < Row; r++) word[r*Bw +: Bw] = Bw'(act[n][r]);
      cycle(xmem_write(n), word);
    end
    for (int k = 0; k < Nkij; k++) begin
      cycle(Idle, '0, 1'b1);
      for (int c = 0; c < Col; c++) begin
        logic [Bw*Row-1:0] word;
        for (int r = 0; r < Row; r++) word[r*Bw +: Bw] = Bw'(wgt[k][r][c]);
        cycle(xmem_write(1024 + c), word);
      end
      for (int j = 0; j <= Col; j++)  // read address in t, l0_wr in t + 1
        cycle(((j < Col) ? xmem_read(1024 + j) : Idle) | ((j > 0) ? 34'h4 : 34'h0));
      for (int j = 0; j < Col; j++) cycle(Idle | 34'h9);  // l0_rd + load
      for (int j = 0; j < Row + Col; j++) cycle(Idle);
      for (int j = 0; j <= Nij; j++)
        cycle(((j < Nij) ? xmem_read(j) : Idle) | ((j > 0) ? 34'h4 : 34'h0));
      for (int j = 0; j < Nij; j++) cycle(Idle | 34'ha);  // l0_rd + execute
      for (int n = 0; n < Nij; n++) begin
        for (int polls = 0; !ofifo_valid; polls++) begin
          if (polls > 100) $fatal(1, "ofifo_valid never rose (kij %0d nij %0d)", k, n);
          cycle(Idle);
        end
        // ofifo_rd + psum SRAM write of the head row at kij*36 + nij.
        cycle((Idle & ~(34'h3 << 31)) | (34'(k * Nij + n) << 20) | 34'h40);
      end
    end
    // SFP: psum(0, 7) + psum(1, 7), acc the cycle after each read.
    cycle(Idle, '0, 1'b1);
    cycle((Idle & ~(34'd1 << 32)) | (34'(7) << 20));
    cycle((Idle & ~(34'd1 << 32)) | (34'(Nij + 7) << 20) | (34'd1 << 33));
    cycle(Idle | (34'd1 << 33));
    for (int c = 0; c < Col; c++) begin
      sum = psum(0, 7, c) + psum(1, 7, c);
      want = (sum < 0) ? '0 : sum;
      checks++;
      if (sfp_out[c*PsumBw +: PsumBw] !== want) begin
        errors++;
        $display("MISMATCH sfp col %0d: expected %0d, got %0d", c, want,
                 $signed(sfp_out[c*PsumBw +: PsumBw]));
      end
    end
    if (checks != Nkij * Nij * Col + Col) $fatal(1, "only %0d checks ran", checks);
    if (errors != 0) $fatal(1, "%0d of %0d checks failed", errors, checks);
    $display("icarus_core_tb: all %0d checks passed", checks);
    $finish;
  end
endmodule
