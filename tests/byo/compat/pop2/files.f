// tests/byo/compat/pop2: the output FIFO's pop and output are registered (pop_to_write = 2)
-f ../../alt_core/files.f
+define+WS_POP_LATENCY=2
