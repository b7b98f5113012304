// ws_core_defs.svh: widths of the test core's ports (tests/byo/alt_core), and
// the defaults of its variants (ws_core.sv lists them; tests/byo/compat
// sets them in file lists).
// WS_INST_W comes from the file list (+define+WS_INST_W=35): without the
// define, or without the include folder, the core does not compile, so the
// tests that build it show that both reach every tool.
`ifndef WS_CORE_DEFS_SVH
`define WS_CORE_DEFS_SVH
`define WS_PSUM_W 16
`define WS_RELU_BIT (`WS_INST_W - 1)
// A 34-bit variant has no ReLU bit (+define+WS_NO_RELU_BIT).
`ifndef WS_NO_RELU_BIT
`define WS_HAS_RELU_BIT
`endif
`ifndef WS_POP_LATENCY
`define WS_POP_LATENCY 0
`endif
`ifndef WS_VALID
`define WS_VALID 0
`endif
`ifndef WS_DEPTH
`define WS_DEPTH 64
`endif
`ifndef WS_LOAD_HOLD
`define WS_LOAD_HOLD 0
`endif
`ifndef WS_RELU
`define WS_RELU 0
`endif
`endif
