// tests/byo/compat/load_hold: a column takes its weight only if load stays high after the load phase (load_hold = true)
-f ../../alt_core/files.f
+define+WS_LOAD_HOLD=1
