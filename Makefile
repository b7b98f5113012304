# Entry points. On a fresh Debian machine `make sim` and `make test` install
# what is missing (tools/deps.sh), configure, build and run.
#
#   make sim      build, then run the default vector set through the RTL
#   make test     build, then run every test (ctest)
#   make build    configure and build into $(BUILD_DIR)
#   make lint     verilator --lint-only -Wall and iverilog elaboration of rtl/
#   make wave     run the default set with a trace and print the gtkwave command
#   make iverilog the same run in Icarus: cosim emit-tb, iverilog, vvp
#   make bench    speed figures (cycles/s, Verilator/Icarus), never part of `make test`
#   make mutate   planted-bug campaign against the checks
#   make fuzz     bounded libFuzzer run of the vector reader
#   make sanitize ASan+UBSan build (build-asan) running the unit tests
#   make deps     install missing Debian packages
#
# Variables: BUILD_DIR (build), BUILD_TYPE (Release), JOBS (nproc),
#            CMAKE_ARGS (extra -D options), VECTORS (tests/vectors/default)
#
# A user's core (README "Bring your own core"), built in USER_BUILD_DIR
# (build-user) so the built-in build is never touched:
#   make sim RTL=path/to/files.f [RTL_TOP=core] [RTL_INST_W=34|35]
#            [RTL_PROBE=psum_mem_instance] [RTL_PROBE_PORTS=CEN,WEN,A,D]
#            [RTL_PARAMS=ON]
#   RTL_PROBE: the psum SRAM's instance path below the core (none: the psum
#   checks are skipped and only the outputs are judged); RTL_PARAMS=ON passes
#   bw, psum_bw, col, row to the core. The interface is checked first.
#   `make wave RTL=...` (same variables) also builds traced models of it.

BUILD_DIR  ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
VECTORS    ?= tests/vectors/default

RTL             ?=
RTL_TOP         ?= core
RTL_INST_W      ?= 34
RTL_PROBE       ?=
RTL_PROBE_PORTS ?= CEN,WEN,A,D
RTL_PARAMS      ?= OFF
USER_BUILD_DIR  ?= build-user
ifneq ($(strip $(RTL)),)
BUILD_DIR  := $(USER_BUILD_DIR)
USER_CMAKE_ARGS := -DCOSIM_USER_RTL=$(abspath $(RTL)) -DCOSIM_USER_TOP=$(RTL_TOP) \
  -DCOSIM_USER_INST_W=$(RTL_INST_W) "-DCOSIM_USER_PROBE=$(RTL_PROBE)" \
  "-DCOSIM_USER_PROBE_PORTS=$(RTL_PROBE_PORTS)" -DCOSIM_USER_PARAMS=$(RTL_PARAMS)
endif
COSIM      := $(BUILD_DIR)/cosim

.PHONY: all help deps configure build build-cosim sim test lint wave iverilog bench mutate fuzz clean

all: build

help:
	@sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@tools/deps.sh

# For a user's core the interface check's verdict (written by CMake to
# interface_*.txt) is printed last; a refused interface exits 2.
configure: deps
	@mkdir -p $(BUILD_DIR) && rm -f $(BUILD_DIR)/interface_*.txt
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(USER_CMAKE_ARGS) $(CMAKE_ARGS) >$(BUILD_DIR)/configure.log 2>&1; \
	  rc=$$?; \
	  if [ -n "$(strip $(RTL))" ]; then cat $(BUILD_DIR)/interface_*.txt 2>/dev/null; fi; \
	  if [ $$rc -ne 0 ]; then \
	    if grep -q 'interface check failed' $(BUILD_DIR)/interface_*.txt 2>/dev/null; then exit 2; fi; \
	    cat $(BUILD_DIR)/configure.log; exit 1; \
	  fi

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Only what a run needs: the cosim program (the tests' models are not built).
build-cosim: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target cosim

sim: build-cosim
	$(COSIM) run --vectors $(VECTORS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

lint: deps
	tools/lint.sh

# The default set with a full VCD; WAVE_ARGS narrows it (--trace-kij K,
# --trace-cycles A:B). cosim prints the gtkwave command that opens it.
# With RTL=..., the user's build gets traced models too (COSIM_USER_TRACE).
WAVE_ARGS ?=
ifneq ($(strip $(RTL)),)
wave: USER_CMAKE_ARGS += -DCOSIM_USER_TRACE=ON
endif
wave: build-cosim
	$(COSIM) run --vectors $(VECTORS) --trace $(BUILD_DIR)/wave.vcd $(WAVE_ARGS)

# The schedule `make sim` plays, replayed in Icarus Verilog (README "Icarus
# replay"): same verdict table, same last line; tools/iverilog_run.sh exits
# 0/1/3 like cosim run (make itself turns any failure into 2). EMIT_ARGS adds
# emit-tb options (--kij 0,3, --inst-width 34, --max-cycles N, ...).
ICARUS_DIR ?= $(BUILD_DIR)/icarus
EMIT_ARGS  ?=
iverilog: build-cosim
	@$(COSIM) emit-tb --vectors $(VECTORS) --out $(ICARUS_DIR) $(EMIT_ARGS)
	@tools/iverilog_run.sh $(ICARUS_DIR)

bench: build-cosim
	tools/bench.sh $(BUILD_DIR)

# Planted-bug campaign: every mutant of tools/mutants.py built and run in
# build-mutate/; ends with `mutants: K killed, S survived, E equivalent`.
mutate: deps
	tools/mutate.py --jobs $(JOBS)

# ASan + UBSan: golden, harness, cosim and the unit tests in their own build
# folder (the Verilated models are linked in uninstrumented: generated code,
# -O2, nothing of ours), then the golden.* vectors.* harness.* cli.* tests.
SANITIZE_DIR ?= build-asan
.PHONY: sanitize
sanitize: deps
	@mkdir -p $(SANITIZE_DIR) && cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOSIM_SANITIZE=ON \
	  -DCOSIM_SMALL_MODELS=OFF $(CMAKE_ARGS) >$(SANITIZE_DIR)/configure.log 2>&1 || { cat $(SANITIZE_DIR)/configure.log; exit 1; }
	@cmake --build $(SANITIZE_DIR) -j $(JOBS) --target cosim unit_tests test_harness fuzz_reader_replay
	cd $(SANITIZE_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -R '^(golden|vectors|harness|cli)\.'

# The vector reader's libFuzzer target: its own build folder, configured with
# clang (-DCOSIM_FUZZ=ON instruments everything with ASan and UBSan); only the
# fuzz targets are built. FUZZ_SECONDS bounds the run (tools/fuzz.sh).
FUZZ_DIR     ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz: deps
	@mkdir -p $(FUZZ_DIR) && CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOSIM_FUZZ=ON \
	  -DCOSIM_SMALL_MODELS=OFF $(CMAKE_ARGS) >$(FUZZ_DIR)/configure.log 2>&1 || { cat $(FUZZ_DIR)/configure.log; exit 1; }
	@cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzz_reader fuzz_reader_replay
	tools/fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD_DIR)
