// tests/byo/compat/valid_strobe: ofifo_valid is a one-cycle strobe when the last row of a burst is written (valid = ignore)
-f ../../alt_core/files.f
+define+WS_VALID=2
