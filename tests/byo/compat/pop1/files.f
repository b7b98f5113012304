// tests/byo/compat/pop1: the output FIFO's pop is registered: a row's head comes one cycle after ofifo_rd (pop_to_write = 1)
-f ../../alt_core/files.f
+define+WS_POP_LATENCY=1
