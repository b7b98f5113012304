// tests/byo/compat/ports: other port names (d_xmem, sfu_out), an extra input mode (tied to 1), an extra output busy: a port map
-f ../../alt_core/files.f
+define+WS_PORTS_RENAMED
