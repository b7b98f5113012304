// sram_sp: single-port synchronous SRAM model, the course's sram_*_w2048.
//
// Function:  Depth words of Width bits, one access per cycle.
// Latency:   a write lands at the edge ending its cycle. A read registers the
//            address at that edge, so the word is on rdata_o in the next cycle.
//            rdata_o is read through the registered address (as in the course
//            macro), so it stays on the last address read until the next read
//            and follows a later write to that same address.
// Handshake: active low. cen_ni=0, wen_ni=0: write wdata_i at addr_i.
//            cen_ni=0, wen_ni=1: read addr_i. cen_ni=1: nothing changes.
// Reset:     none. Contents survive the core's reset; they (and the read
//            address) start undefined.
module sram_sp #(
  parameter int Width = 32,
  parameter int Depth = 2048,
  // Guarded so an illegal Depth reaches the check below, not a width error.
  localparam int AddrW = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             cen_ni,
  input  logic             wen_ni,
  input  logic [AddrW-1:0] addr_i,
  input  logic [Width-1:0] wdata_i,
  output logic [Width-1:0] rdata_o
);
  if (Width < 1 || Depth < 2) begin : g_bad_params
`ifdef VERILATOR
    $error("sram_sp: need Width >= 1 and Depth >= 2 (Width=%0d Depth=%0d)", Width, Depth);
`else
    // Icarus 11 has no elaboration-time $error: a missing module stops its
    // elaboration instead, with this name in the message.
    sram_sp_illegal_parameters_need_width_1_depth_2 u_param_error ();
`endif
  end

  logic [Width-1:0] mem_q [Depth];
  logic [AddrW-1:0] raddr_q;

  always_ff @(posedge clk_i) begin
    if (!cen_ni && !wen_ni) mem_q[addr_i] <= wdata_i;
    if (!cen_ni && wen_ni)  raddr_q <= addr_i;
  end

  assign rdata_o = mem_q[raddr_q];
endmodule
