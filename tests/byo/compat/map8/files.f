// tests/byo/compat/map8: L0 and the output FIFO 128 deep, for a 10x10 padded map (100 positions, 64 outputs)
-f ../../alt_core/files.f
+define+WS_DEPTH=128
