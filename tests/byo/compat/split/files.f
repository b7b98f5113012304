// tests/byo/compat/split: the psum memory is four 32-bit SRAM macros in a generate loop (probe psum_mem[*].u_sram)
-f ../../alt_core/files.f
+define+WS_PSUM_SPLIT
