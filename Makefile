# Entry points. On a fresh Debian machine `make sim` and `make test` install
# what is missing (tools/deps.sh), configure, build and run.
#
#   make sim      build cosim, then run the default and the corner vector sets through
#                 the RTL (cosim builds the model it runs, on first use and after an edit)
#   make calibrate  find the flow conventions of a core (RTL=...), write its profile
#   make test     build everything, then run every test (ctest)
#   make build    configure and build into $(BUILD_DIR)
#   make lint     verilator --lint-only -Wall and iverilog elaboration of rtl/
#   make wave     run the default set with a trace and print the gtkwave command
#   make iverilog the same run in Icarus: cosim emit-tb, iverilog, vvp
#   make bench    speed figures (cycles/s, Verilator/Icarus), never part of `make test`
#   make bench-build  edit-to-verdict and build times (scratch worktree; 10-20 min)
#   make mutate   planted-bug campaign against the checks
#   make fuzz     bounded libFuzzer run of the vector reader
#   make sanitize ASan+UBSan build (build-asan) running the unit tests
#   make deps     install missing Debian packages
#   make clean    remove BUILD_DIR and USER_BUILD_DIR
#   make help     this text
#
# Variables (default), each a make argument: make sim VECTORS=my/set
#   BUILD_DIR (build)       where cosim and the models are built
#   BUILD_TYPE (Release)    CMake build type
#   JOBS (nproc)            parallel build jobs
#   CMAKE_ARGS ()           extra -D options for CMake
#   VECTORS (tests/vectors/default)  the set make sim, wave and iverilog run
#   CORNER_VECTORS (tests/vectors/corner)  the value extremes make sim runs
#                           too (weights -8 and 7, activations 15, the largest
#                           psums); CORNER_VECTORS= leaves it out
#   RUN_ARGS ()             more `cosim run` options for make sim, e.g.
#                           RUN_ARGS="--junit r.xml --json r.json" (relative paths
#                           are relative to this folder)
#   PROFILE ()              a profile (make calibrate writes it, make sim reads it)
#   CALIBRATE_ARGS ()       more `cosim calibrate` options (flow keys you know)
#   WAVE_ARGS ()            make wave: --trace-kij K, --trace-cycles A:B
#   EMIT_ARGS ()            make iverilog: emit-tb options (--kij 0,3, --max-cycles N)
#   ICARUS_DIR (BUILD_DIR/icarus, USER_BUILD_DIR/icarus with RTL)  make iverilog's folder
#   BENCH_RUNS (5)          make bench-build: runs per figure
#   SANITIZE_DIR (build-asan)  make sanitize's build folder
#   FUZZ_DIR (build-fuzz)   make fuzz's build folder
#   FUZZ_SECONDS (60)       make fuzz's time bound
#   USER_BUILD_DIR (build-user)  where a user's core (RTL=...) is built
#
# A user's core (README "Bring your own core"); the harness is the same cosim:
#   make sim RTL=path/to/files.f [RTL_TOP=core] [RTL_INST_W=34|35]
#            [RTL_PROBE=psum_mem_instance] [RTL_PROBE_PORTS=CEN,WEN,A,D]
#            [RTL_PARAMS=ON] [RTL_VFLAGS="-Wno-BLKANDNBLK ..."]
#            [RTL_PORTS="sfp_out=sfu_out D_xmem=d_xmem"] [RTL_TIES="mode=1"]
#   RTL (): the core's file list; RTL_TOP (core): its top module; RTL_INST_W
#   (34): 35 for a core whose inst[34] is a ReLU bit; RTL_PROBE (found): the
#   psum SRAM's instance path below the core (none: the psum checks are
#   skipped and only the outputs are judged); RTL_PROBE_PORTS (CEN,WEN,A,D):
#   that SRAM's enable, write enable, address and data ports; RTL_PARAMS=ON
#   passes bw, psum_bw, col, row to the core; RTL_VFLAGS: Verilator options
#   for its RTL; RTL_PORTS maps course ports to the core's names, RTL_TIES
#   ties its extra inputs. The interface is checked first.
#   `make wave RTL=...` and `make iverilog RTL=...` take the same variables.
#   make calibrate RTL=... [PROFILE=file.toml]: finds how to drive the core
#   and writes its profile (default: cosim.toml beside the file list);
#   make sim RTL=... PROFILE=file.toml runs it that way (README).

SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -c

BUILD_DIR  ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
VECTORS    ?= tests/vectors/default
CORNER_VECTORS ?= tests/vectors/corner
RUN_ARGS   ?=
PROFILE    ?=
USER_BUILD_DIR ?= build-user
COSIM      := $(BUILD_DIR)/cosim

# The model options of every cosim command: a user's core, or the built-in
# RTL. Only the variables given are passed, so cosim's defaults hold.
RTL ?=
ifneq ($(strip $(RTL)),)
MODEL_ARGS := --rtl $(abspath $(RTL)) --build-dir $(abspath $(USER_BUILD_DIR)) \
  $(if $(strip $(RTL_TOP)),--top $(RTL_TOP)) \
  $(if $(strip $(RTL_INST_W)),--inst-width $(RTL_INST_W)) \
  $(if $(strip $(RTL_PROBE)),--probe '$(RTL_PROBE)') \
  $(if $(strip $(RTL_PROBE_PORTS)),--probe-ports $(RTL_PROBE_PORTS)) \
  $(if $(filter ON on 1 yes,$(RTL_PARAMS)),--params) \
  $(foreach f,$(RTL_VFLAGS),--vflags=$(f)) \
  $(foreach p,$(RTL_PORTS),--port $(p)) $(foreach t,$(RTL_TIES),--tie $(t))
endif

PROFILE_ARG := $(if $(strip $(PROFILE)),--profile $(abspath $(PROFILE)))

.PHONY: all help deps configure build build-cosim sim calibrate test lint wave iverilog bench bench-build mutate fuzz clean

all: build

help:
	@sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@tools/deps.sh

# Configure once (and again when BUILD_TYPE or CMAKE_ARGS change); CMake
# itself re-runs when a CMakeLists.txt changes. An RTL edit never needs it.
CONFIG_KEY := $(BUILD_TYPE) $(CMAKE_ARGS)
configure: deps
	@mkdir -p $(BUILD_DIR); \
	if [ ! -f $(BUILD_DIR)/CMakeCache.txt ] || [ "$$(cat $(BUILD_DIR)/.configured 2>/dev/null)" != "$(CONFIG_KEY)" ]; then \
	  gen=; [ -f $(BUILD_DIR)/CMakeCache.txt ] || ! command -v ninja >/dev/null || gen="-G Ninja"; \
	  cmake -S . -B $(BUILD_DIR) $$gen -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS) >$(BUILD_DIR)/configure.log 2>&1 \
	    || { cat $(BUILD_DIR)/configure.log; exit 1; }; \
	  echo "$(CONFIG_KEY)" >$(BUILD_DIR)/.configured; \
	fi

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Only what a run needs: the cosim program (no RTL in it: cosim builds the
# model it runs, tools/build_model.py).
build-cosim: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target cosim | sed '/^ninja: no work to do/d'

# The default set and the corner set (the value extremes the default set
# never reaches): one table, the set of each row named.
sim: build-cosim
	@$(COSIM) run --vectors $(VECTORS) $(if $(strip $(CORNER_VECTORS)),--vectors $(CORNER_VECTORS)) \
	  $(PROFILE_ARG) $(MODEL_ARGS) $(RUN_ARGS)

# The flow conventions of a core (README "Bring your own core"): one build,
# every convention tried at run time; writes PROFILE (default: cosim.toml
# beside the file list). CALIBRATE_ARGS adds options (flow keys you know).
CALIBRATE_ARGS ?=
calibrate: build-cosim
	@$(COSIM) calibrate --vectors $(VECTORS) $(MODEL_ARGS) \
	  $(if $(strip $(PROFILE)),--out $(abspath $(PROFILE))) $(CALIBRATE_ARGS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

lint: deps
	tools/lint.sh

# The default set with a full VCD; WAVE_ARGS narrows it (--trace-kij K,
# --trace-cycles A:B). cosim builds the traced model on first use and
# prints the gtkwave command that opens the trace.
WAVE_ARGS ?=
WAVE_DIR  := $(if $(strip $(RTL)),$(USER_BUILD_DIR),$(BUILD_DIR))
wave: build-cosim
	@$(COSIM) run --vectors $(VECTORS) $(PROFILE_ARG) $(MODEL_ARGS) --trace $(WAVE_DIR)/wave.fst $(WAVE_ARGS)

# The schedule `make sim` plays, replayed in Icarus Verilog (README "Icarus
# replay"): same verdict table, same last line; tools/iverilog_run.sh exits
# 0/1/3/4 like cosim run (make itself turns any failure into 2). EMIT_ARGS adds
# emit-tb options (--kij 0,3, --relu comb, --max-cycles N, ...).
ICARUS_DIR ?= $(WAVE_DIR)/icarus
EMIT_ARGS  ?=
iverilog: build-cosim
	@$(COSIM) emit-tb --vectors $(VECTORS) $(PROFILE_ARG) $(MODEL_ARGS) --out $(ICARUS_DIR) $(EMIT_ARGS)
	@tools/iverilog_run.sh $(ICARUS_DIR)

bench: build-cosim
	tools/bench.sh $(BUILD_DIR)

# How long the edit loop takes (tools/bench_build.sh): clean, no-op and
# edit-to-verdict builds in a scratch worktree of HEAD, medians of RUNS.
BENCH_RUNS ?= 5
bench-build: deps
	tools/bench_build.sh $(BENCH_RUNS)

# Planted-bug campaign: every mutant of tools/mutants.py built as a model
# (build-mutate/models) and run; ends with `mutants: K killed, S survived, E equivalent`.
mutate: build-cosim
	tools/mutate.py --cosim $(COSIM) --jobs $(JOBS)

# ASan + UBSan: golden, harness, cosim and the unit tests in their own build
# folder (the Verilated models are loaded uninstrumented: generated code,
# nothing of ours), then the golden.* vectors.* harness.* cli.* tests.
SANITIZE_DIR ?= build-asan
.PHONY: sanitize
sanitize: deps
	@mkdir -p $(SANITIZE_DIR) && cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOSIM_SANITIZE=ON \
	  $(CMAKE_ARGS) >$(SANITIZE_DIR)/configure.log 2>&1 || { cat $(SANITIZE_DIR)/configure.log; exit 1; }
	@cmake --build $(SANITIZE_DIR) -j $(JOBS) --target cosim unit_tests test_harness fuzz_reader_replay test_models
	cd $(SANITIZE_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -R '^(golden|vectors|harness|cli)\.'

# The vector reader's libFuzzer target: its own build folder, configured with
# clang (-DCOSIM_FUZZ=ON instruments everything with ASan and UBSan); only the
# fuzz targets are built. FUZZ_SECONDS bounds the run (tools/fuzz.sh).
FUZZ_DIR     ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz: deps
	@mkdir -p $(FUZZ_DIR) && CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOSIM_FUZZ=ON \
	  $(CMAKE_ARGS) >$(FUZZ_DIR)/configure.log 2>&1 || { cat $(FUZZ_DIR)/configure.log; exit 1; }
	@cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzz_reader fuzz_reader_replay
	tools/fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD_DIR) $(USER_BUILD_DIR)
