// tests/byo/compat/relu_none: 34-bit, no ReLU at all: raw sums (relu = none)
-f ../../alt_core/files.f
+define+WS_INST_W=34
+define+WS_NO_RELU_BIT
+define+WS_RELU=4
