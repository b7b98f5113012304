// The SRAM macro model of the test core: a nested list, its paths relative
// to this folder.
sram_w2048.sv
