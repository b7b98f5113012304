// A core whose sfp_out is too narrow: must be refused by the interface check.
core.sv
