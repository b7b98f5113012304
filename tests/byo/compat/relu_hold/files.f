// tests/byo/compat/relu_hold: ReLU while inst[34] is high, combinationally (relu = hold)
-f ../../alt_core/files.f
+define+WS_RELU=2
