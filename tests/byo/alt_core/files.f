// The test core of tests/byo: leaves first, the top (ws_core) last.
sram_w2048.sv
ws_core.sv
