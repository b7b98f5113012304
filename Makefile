# Entry points. On a fresh Debian machine `make sim` and `make test` install
# what is missing (tools/deps.sh), configure, build and run.
#
#   make sim      build, then run the default vector set through the RTL
#   make test     build, then run every test (ctest)
#   make build    configure and build into $(BUILD_DIR)
#   make lint     verilator --lint-only -Wall and iverilog elaboration of rtl/
#   make wave     run the default set with a trace and print the gtkwave command
#   make bench    speed figures (cycles/s), never part of `make test`
#   make mutate   planted-bug campaign against the checks
#   make fuzz     bounded libFuzzer run of the vector reader
#   make deps     install missing Debian packages
#
# Variables: BUILD_DIR (build), BUILD_TYPE (Release), JOBS (nproc),
#            CMAKE_ARGS (extra -D options), RTL (a user's file list)

BUILD_DIR  ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
VECTORS    ?= tests/vectors/default
COSIM      := $(BUILD_DIR)/cosim

.PHONY: all help deps configure build sim test lint wave bench mutate fuzz clean

all: build

help:
	@sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@tools/deps.sh

configure: deps
	@mkdir -p $(BUILD_DIR) && cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS) >$(BUILD_DIR)/configure.log 2>&1 \
	  || { cat $(BUILD_DIR)/configure.log; exit 1; }

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

sim: build
	$(COSIM) run --vectors $(VECTORS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

lint: deps
	tools/lint.sh

# The default set with a full VCD; WAVE_ARGS narrows it (--trace-kij K,
# --trace-cycles A:B). cosim prints the gtkwave command that opens it.
WAVE_ARGS ?=
wave: build
	$(COSIM) run --vectors $(VECTORS) --trace $(BUILD_DIR)/wave.vcd $(WAVE_ARGS)

bench: build
	tools/bench.sh $(BUILD_DIR)

# Planted-bug campaign: every mutant of tools/mutants.py built and run in
# build-mutate/; ends with `mutants: K killed, S survived, E equivalent`.
mutate: deps
	tools/mutate.py --jobs $(JOBS)

clean:
	rm -rf $(BUILD_DIR)
