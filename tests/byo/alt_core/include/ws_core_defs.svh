// ws_core_defs.svh: widths of the test core's ports (tests/byo/alt_core).
// WS_INST_W comes from the file list (+define+WS_INST_W=35): without the
// define, or without the include folder, the core does not compile, so the
// tests that build it show that both reach every tool.
`ifndef WS_CORE_DEFS_SVH
`define WS_CORE_DEFS_SVH
`define WS_PSUM_W 16
`define WS_RELU_BIT (`WS_INST_W - 1)
`endif
