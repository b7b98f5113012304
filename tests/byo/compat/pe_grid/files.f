// tests/byo/compat/pe_grid: the dot product in a systolic grid of PE instances pe_row[r].pe_col[c].u_pe (the fault location's [debug] pe pattern)
-f ../../alt_core/files.f
+define+WS_PE_GRID
