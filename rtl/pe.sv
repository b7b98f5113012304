// pe: one weight-stationary MAC processing element (course mac_tile).
//
// Function:  psum_s_o = zext(act_q) * wgt_q + psum_q, wrapping at PsumW.
//            The activation is unsigned ActW bits, the weight signed WgtW bits
//            (the low WgtW bits of the word that carried it), the psum signed.
// Latency:   activation, load and execute go east registered (1 cycle); the
//            psum from the north is registered (1 cycle) and leaves south
//            combinationally from the registers, so a word and the psum it
//            meets must reach this PE in the same cycle (the array's skew).
//            exec_e_o is the valid of psum_s_o in the same cycle.
// Handshake: load_w_i: the first word seen in a load phase is kept as the
//            weight, later ones pass east with load_e_o high, so a row of
//            PEs keeps word c in PE c. A load phase is a run of cycles with
//            load_w_i high; the PE re-arms whenever load_w_i is low, so a new
//            phase replaces the weight with or without a reset in between.
//            act_q only changes when load_w_i or exec_w_i is high.
// Reset:     synchronous, active high: clears every register (weight
//            included) and arms the PE for the next load phase.
module pe #(
  parameter int ActW  = 4,
  parameter int WgtW  = 4,
  parameter int PsumW = 16
) (
  input  logic             clk_i,
  input  logic             rst_i,
  input  logic [ActW-1:0]  act_w_i,
  input  logic             load_w_i,
  input  logic             exec_w_i,
  input  logic [PsumW-1:0] psum_n_i,
  output logic [ActW-1:0]  act_e_o,
  output logic             load_e_o,
  output logic             exec_e_o,
  output logic [PsumW-1:0] psum_s_o
);
  // The product of a zero-extended unsigned ActW and a signed WgtW value.
  localparam int ProdW = ActW + 1 + WgtW;

  // Weights travel on the activation lane, so they must fit in it; the psum
  // must hold any single product, so only the sum can wrap.
  if (ActW < 1 || WgtW < 2 || WgtW > ActW || PsumW < ProdW) begin : g_bad_params
`ifdef VERILATOR
    $error("pe: need 2 <= WgtW <= ActW and PsumW >= ActW+WgtW+1 (ActW=%0d WgtW=%0d PsumW=%0d)",
           ActW, WgtW, PsumW);
`else
    // Icarus 11 has no elaboration-time $error: a missing module stops its
    // elaboration instead, with this name in the message.
    pe_illegal_parameters_need_wgtw_le_actw_and_psumw_ge_product u_param_error ();
`endif
  end

  logic [ActW-1:0]         act_q;
  logic signed [WgtW-1:0]  wgt_q;
  logic signed [PsumW-1:0] psum_q;
  logic                    load_q, exec_q, armed_q;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      act_q   <= '0;
      wgt_q   <= '0;
      psum_q  <= '0;
      load_q  <= 1'b0;
      exec_q  <= 1'b0;
      armed_q <= 1'b1;
    end else begin
      psum_q  <= psum_n_i;
      exec_q  <= exec_w_i;
      if (load_w_i || exec_w_i) act_q <= act_w_i;
      if (load_w_i && armed_q)  wgt_q <= act_w_i[WgtW-1:0];
      // Forward the load bit only once this PE holds its weight (course
      // mac_tile), so the next PE sees the phase start with its own word.
      load_q  <= load_w_i && !armed_q;
      armed_q <= !load_w_i;
    end
  end

  logic signed [ActW:0]    act_s;
  logic signed [ProdW-1:0] prod;

  assign act_s    = $signed({1'b0, act_q});
  assign prod     = ProdW'(act_s) * ProdW'(wgt_q);
  assign psum_s_o = PsumW'(prod) + psum_q;

  assign act_e_o  = act_q;
  assign load_e_o = load_q;
  assign exec_e_o = exec_q;
endmodule
