// tests/byo/compat/ififo: the kernel comes through the IFIFO bits inst[5:4] (weights = ififo)
-f ../../alt_core/files.f
+define+WS_WEIGHTS_IFIFO
