// tests/byo/compat/stride64: the psum SRAM is 9 x 36 words addressed {kij, nij} = {A[10:6], A[5:0]} (psum_stride = 64)
-f ../../alt_core/files.f
+define+WS_PSUM_2D
sram_2d.sv
