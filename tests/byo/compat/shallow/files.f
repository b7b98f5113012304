// tests/byo/compat/shallow: L0 and the output FIFO are 16 deep, fewer than the 36 positions (stream = true)
-f ../../alt_core/files.f
+define+WS_DEPTH=16
