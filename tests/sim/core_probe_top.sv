// core_probe_top: test wrapper around `core`, the way the harness's generated
// cosim_top sees it (docs/ARCHITECTURE.md, "The probe"): the psum SRAM's
// write port is read by hierarchical reference, so this file also proves the
// names u_core.u_pmem.{cen_ni,wen_ni,addr_i,wdata_i} exist.
module core_probe_top #(
  parameter bw = 4,
  parameter psum_bw = 16,
  parameter col = 8,
  parameter row = 8
) (
  input                    clk,
  input                    reset,
  input  [33:0]            inst,
  input  [bw*row-1:0]      D_xmem,
  output                   ofifo_valid,
  output [psum_bw*col-1:0] sfp_out,
  output                   probe_cen_n,
  output                   probe_wen_n,
  output [10:0]            probe_addr,
  output [psum_bw*col-1:0] probe_wdata
);
  core #(
    .bw     (bw),
    .psum_bw(psum_bw),
    .col    (col),
    .row    (row)
  ) u_core (
    .clk        (clk),
    .reset      (reset),
    .inst       (inst),
    .D_xmem     (D_xmem),
    .ofifo_valid(ofifo_valid),
    .sfp_out    (sfp_out)
  );

  assign probe_cen_n = u_core.u_pmem.cen_ni;
  assign probe_wen_n = u_core.u_pmem.wen_ni;
  assign probe_addr  = u_core.u_pmem.addr_i;
  assign probe_wdata = u_core.u_pmem.wdata_i;
endmodule
