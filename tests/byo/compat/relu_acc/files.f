// tests/byo/compat/relu_acc: 34-bit, sfp_out valid only while acc is high (sample = with-acc)
-f ../../alt_core/files.f
+define+WS_INST_W=34
+define+WS_NO_RELU_BIT
+define+WS_RELU=3
