// skew: the diagonal wavefront of the array. Lane l carries in_i delayed by l
// cycles, so row r of the array acts r cycles after row 0 (course mac_array's
// inst_w_temp, L0's staggered read).
//
// Function:  out_o[l*Width +: Width] = in_i as it was l cycles ago.
// Latency:   lane 0 is combinational (0 cycles), lane l is l cycles.
// Handshake: none, one value per cycle.
// Reset:     synchronous, active high: clears every delayed lane to 0 so no
//            instruction issued before the reset reaches a later row after it.
module skew #(
  parameter int Width = 1,
  parameter int Lanes = 8
) (
  input  logic                   clk_i,
  input  logic                   rst_i,
  input  logic [Width-1:0]       in_i,
  output logic [Lanes*Width-1:0] out_o
);
  if (Width < 1 || Lanes < 1) begin : g_bad_params
`ifdef VERILATOR
    $error("skew: need Width >= 1 and Lanes >= 1 (Width=%0d Lanes=%0d)", Width, Lanes);
`else
    // Icarus 11 has no elaboration-time $error: a missing module stops its
    // elaboration instead, with this name in the message.
    skew_illegal_parameters_need_width_1_lanes_1 u_param_error ();
`endif
  end

  assign out_o[Width-1:0] = in_i;

  if (Lanes == 1) begin : g_no_delay
    logic unused_clk_rst;
    assign unused_clk_rst = clk_i ^ rst_i;
  end

  for (genvar l = 1; l < Lanes; l++) begin : g_lane
    logic [Width-1:0] stage_q;
    always_ff @(posedge clk_i) begin
      if (rst_i) stage_q <= '0;
      else       stage_q <= out_o[(l-1)*Width +: Width];
    end
    assign out_o[l*Width +: Width] = stage_q;
  end
endmodule
