// sfp: special function processor, one accumulate + ReLU lane per column.
//
// Function:  lane c: acc_q += sext(psum_i[c*PsumW +: PsumW]) when acc_i is
//            high, wrapping at AccW; out_o lane c = max(acc_q, 0). When
//            AccW > PsumW the PsumW-bit out_o lane saturates at
//            2^(PsumW-1) - 1 (ReLU output is never negative, so only the top
//            can clip); acc_o always has the raw AccW-bit accumulator.
// Latency:   acc_i in cycle t adds the psum_i of cycle t at the edge ending t;
//            out_o and acc_o are combinational from the accumulator, so they
//            show the sum from t + 1.
// Handshake: none.
// Reset:     synchronous, active high: clears every accumulator.
module sfp #(
  parameter int Cols  = 8,
  parameter int PsumW = 16,
  parameter int AccW  = 16
) (
  input  logic                  clk_i,
  input  logic                  rst_i,
  input  logic                  acc_i,
  input  logic [Cols*PsumW-1:0] psum_i,
  output logic [Cols*AccW-1:0]  acc_o,
  output logic [Cols*PsumW-1:0] out_o
);
  if (PsumW < 2 || AccW < PsumW) begin : g_bad_params
`ifdef VERILATOR
    $error("sfp: need PsumW >= 2 and AccW >= PsumW (PsumW=%0d AccW=%0d)", PsumW, AccW);
`else
    // Icarus 11 has no elaboration-time $error: a missing module stops its
    // elaboration instead, with this name in the message.
    sfp_illegal_parameters_need_accw_ge_psumw u_param_error ();
`endif
  end

  // Largest positive PsumW-bit value, as an AccW-bit number.
  localparam logic signed [AccW-1:0] OutMax = AccW'({1'b0, {(PsumW-1){1'b1}}});

  for (genvar c = 0; c < Cols; c++) begin : g_lane
    logic signed [AccW-1:0]  acc_q;
    logic signed [PsumW-1:0] psum;
    logic signed [AccW-1:0]  relu;

    assign psum = psum_i[c*PsumW +: PsumW];

    always_ff @(posedge clk_i) begin
      if (rst_i)      acc_q <= '0;
      else if (acc_i) acc_q <= acc_q + AccW'(psum);
    end

    assign relu = acc_q[AccW-1] ? '0 : acc_q;
    assign acc_o[c*AccW +: AccW]   = acc_q;
    assign out_o[c*PsumW +: PsumW] = (relu > OutMax) ? OutMax[PsumW-1:0] : relu[PsumW-1:0];
  end
endmodule
