// tests/byo/compat/relu_comb: 34-bit instruction, ReLU in the SFP's logic (relu = comb)
-f ../../alt_core/files.f
+define+WS_INST_W=34
+define+WS_NO_RELU_BIT
+define+WS_RELU=1
