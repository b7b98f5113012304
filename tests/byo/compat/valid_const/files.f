// tests/byo/compat/valid_const: ofifo_valid is constant 0 (left undriven in the course's sense): drained open-loop (valid = ignore)
-f ../../alt_core/files.f
+define+WS_VALID=1
