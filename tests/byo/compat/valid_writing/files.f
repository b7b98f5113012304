// tests/byo/compat/valid_writing: ofifo_valid is high only while the output FIFO is written (valid = ignore)
-f ../../alt_core/files.f
+define+WS_VALID=3
