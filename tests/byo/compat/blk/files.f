// tests/byo/compat/blk: RTL that Verilator takes only with -Wno-BLKANDNBLK (vflags)
-f ../../alt_core/files.f
+define+WS_BLKANDNBLK
