// The test core of tests/byo, listed the way course projects list theirs:
// an include folder for its header, a define the header needs, the memory
// model through a nested list, the top (ws_core) last.
+incdir+include
+define+WS_INST_W=35
-f mem/files.f
ws_core.sv
