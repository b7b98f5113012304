// mac_array: Rows x Cols grid of weight-stationary PEs (course mac_array).
//
// Function:  row r takes act_w_i[r*ActW +: ActW] at its west edge; psums flow
//            north to south starting from 0, so column c's bottom output is
//            sum_r wgt[r][c] * act[r] (wrapping at PsumW) for the activation
//            vector whose row-r element entered in that vector's row-r cycle.
// Latency:   load_i/exec_i are skewed inside: row r sees them r cycles after
//            row 0. The caller skews the data the same way (L0 pops row r r
//            cycles late). A vector whose row-0 cycle is t (exec_i high in t)
//            leaves column c in cycle t + Rows + c with valid_o[c] high; one
//            vector per cycle, back to back.
//            Loading: load_i high for Cols cycles with word k (row-0 time) on
//            each row leaves word c in PE (r, c); PE (r, c) takes it at the
//            edge ending cycle t0 + r + 2c. Execution may start right after
//            the load phase (exec_i in t0 + Cols).
// Handshake: valid_o[c] is the execute bit that travelled with the data to
//            the bottom PE of column c; one pulse per vector.
// Reset:     synchronous, active high: clears every PE (weights included) and
//            the instruction skew.
module mac_array #(
  parameter int Rows  = 8,
  parameter int Cols  = 8,
  parameter int ActW  = 4,
  parameter int WgtW  = 4,
  parameter int PsumW = 16
) (
  input  logic                  clk_i,
  input  logic                  rst_i,
  input  logic [Rows*ActW-1:0]  act_w_i,
  input  logic                  load_i,
  input  logic                  exec_i,
  output logic [Cols*PsumW-1:0] psum_s_o,
  output logic [Cols-1:0]       valid_o
);
  if (Rows < 1 || Cols < 1) begin : g_bad_params
`ifdef VERILATOR
    $error("mac_array: need Rows >= 1 and Cols >= 1 (Rows=%0d Cols=%0d)", Rows, Cols);
`else
    // Icarus 11 has no elaboration-time $error: a missing module stops its
    // elaboration instead, with this name in the message.
    mac_array_illegal_parameters_need_rows_1_cols_1 u_param_error ();
`endif
  end

  // Instruction per row, {load, exec} for row r delayed r cycles.
  logic [2*Rows-1:0] inst_row;

  skew #(
    .Width(2),
    .Lanes(Rows)
  ) u_inst_skew (
    .clk_i,
    .rst_i,
    .in_i ({load_i, exec_i}),
    .out_o(inst_row)
  );

  // Mesh nets: column index c is the west side of PE (r, c); row index r is
  // the north side of PE (r, c). The extra east column and south row are the
  // array's edges. Unpacked arrays of nets, one net per PE port: Icarus keeps
  // a packed multi-dimensional net as one vector, rebuilt and sent to every
  // PE that reads a slice of it whenever any PE drives its slice (the whole
  // core ran about 40x slower). split_var makes Verilator split them into one
  // variable per element, as it optimises packed nets; without it the core
  // ran about half as fast in Verilator.
  wire [ActW-1:0]  act  [Rows][Cols+1] /*verilator split_var*/;
  wire             load [Rows][Cols+1] /*verilator split_var*/;
  wire             exec [Rows][Cols+1] /*verilator split_var*/;
  wire [PsumW-1:0] psum [Rows+1][Cols] /*verilator split_var*/;

  for (genvar r = 0; r < Rows; r++) begin : g_row
    assign act[r][0]  = act_w_i[r*ActW +: ActW];
    assign exec[r][0] = inst_row[2*r];
    assign load[r][0] = inst_row[2*r+1];

    // What leaves the east edge has nowhere to go.
    logic unused_east;
    assign unused_east = ^{act[r][Cols], load[r][Cols], exec[r][Cols]};

    for (genvar c = 0; c < Cols; c++) begin : g_col
      if (r == 0) begin : g_north_edge
        assign psum[0][c] = '0;
      end

      pe #(
        .ActW (ActW),
        .WgtW (WgtW),
        .PsumW(PsumW)
      ) u_pe (
        .clk_i,
        .rst_i,
        .act_w_i (act[r][c]),
        .load_w_i(load[r][c]),
        .exec_w_i(exec[r][c]),
        .psum_n_i(psum[r][c]),
        .act_e_o (act[r][c+1]),
        .load_e_o(load[r][c+1]),
        .exec_e_o(exec[r][c+1]),
        .psum_s_o(psum[r+1][c])
      );
    end
  end

  for (genvar c = 0; c < Cols; c++) begin : g_out
    assign psum_s_o[c*PsumW +: PsumW] = psum[Rows][c];
    assign valid_o[c]                 = exec[Rows-1][c+1];
  end
endmodule
