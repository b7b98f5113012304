// fifo_sync: synchronous first-word-fall-through FIFO (L0 rows, OFIFO columns).
//
// Function:  Depth entries of Width bits, in order.
// Latency:   a word pushed at the edge ending cycle t is on rdata_o in t+1
//            (FWFT: the head is on rdata_o before it is popped; rdata_o is 0
//            while empty so an early pop feeds zeros, not stale data).
// Handshake: push_i stores wdata_i unless the FIFO is full; a push while full
//            is dropped (contents unchanged) unless a pop happens in the same
//            cycle, which frees the slot. pop_i removes the head, and is
//            ignored while empty. full_o / empty_o describe the current cycle.
// Reset:     synchronous, active high: empties the FIFO (pointers and count;
//            the storage itself is not cleared, it is unreachable when empty).
module fifo_sync #(
  parameter int Width = 4,
  parameter int Depth = 64
) (
  input  logic             clk_i,
  input  logic             rst_i,
  input  logic             push_i,
  input  logic [Width-1:0] wdata_i,
  input  logic             pop_i,
  output logic [Width-1:0] rdata_o,
  output logic             empty_o,
  output logic             full_o
);
  if (Width < 1 || Depth < 2) begin : g_bad_params
`ifdef VERILATOR
    $error("fifo_sync: need Width >= 1 and Depth >= 2 (Width=%0d Depth=%0d)", Width, Depth);
`else
    // Icarus 11 has no elaboration-time $error: a missing module stops its
    // elaboration instead, with this name in the message.
    fifo_sync_illegal_parameters_need_width_1_depth_2 u_param_error ();
`endif
  end

  // Guarded so an illegal Depth reaches the check above, not a width error.
  localparam int PtrW = (Depth > 1) ? $clog2(Depth) : 1;
  localparam int CntW = $clog2(Depth + 1);
  // Depth need not be a power of two, so pointers wrap explicitly.
  localparam logic [PtrW-1:0] LastPtr = PtrW'(Depth - 1);
  localparam logic [CntW-1:0] FullCnt = CntW'(Depth);

  logic [Width-1:0] mem_q [Depth];
  logic [PtrW-1:0]  wptr_q, rptr_q;
  logic [CntW-1:0]  count_q;
  logic             do_push, do_pop;

  assign empty_o = (count_q == '0);
  assign full_o  = (count_q == FullCnt);
  assign do_pop  = pop_i && !empty_o;
  assign do_push = push_i && (!full_o || do_pop);
  assign rdata_o = empty_o ? '0 : mem_q[rptr_q];

  always_ff @(posedge clk_i) begin
    if (do_push) mem_q[wptr_q] <= wdata_i;
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      wptr_q  <= '0;
      rptr_q  <= '0;
      count_q <= '0;
    end else begin
      if (do_push) wptr_q <= (wptr_q == LastPtr) ? '0 : wptr_q + 1'b1;
      if (do_pop)  rptr_q <= (rptr_q == LastPtr) ? '0 : rptr_q + 1'b1;
      if (do_push && !do_pop)      count_q <= count_q + 1'b1;
      else if (do_pop && !do_push) count_q <= count_q - 1'b1;
    end
  end
endmodule
