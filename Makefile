# Anbu's commands. The README names them; .ci/run calls `make test`.
#
# OPENBLAS_CORETYPE is chosen from /proc/cpuinfo (scripts/openblas-coretype.sh) unless the caller's environment
# already sets it: OpenBLAS picks its kernel when the library loads, and Debian 12's build misdetects recent CPUs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

OPENBLAS_CORETYPE ?= $(shell scripts/openblas-coretype.sh)
export OPENBLAS_CORETYPE

# Release builds of the tool and benchmarks target this machine's CPU level; the library manifest never does.
TARGET_CPU_FLAGS := $(shell scripts/target-cpu.sh)
RELEASE := swift build -c release $(TARGET_CPU_FLAGS)
ANBU := .build/release/anbu

.PHONY: help deps build release test doctor demo bench bench-reference clean fuzz

help: ## List the commands.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

deps: ## Install OpenBLAS and LAPACKE when pkg-config cannot find them.
	@scripts/ensure-system-deps.sh

build: deps ## Debug build of the library and the tool.
	swift build

release: deps ## Release build of the tool for this CPU.
	$(RELEASE) --product anbu

test: deps ## Set up what is missing, build, and run every test.
	@echo "OPENBLAS_CORETYPE=$(OPENBLAS_CORETYPE)"
	swift test

doctor: release ## Release build, then report the build, CPU features and OpenBLAS kernel.
	$(ANBU) doctor

# The main job (README): set-up, release build, then `anbu demo` simulates the default district, runs the engine and the
# deployed rules, scores them, prints the table and writes the report into DEMO_OUT.
DEMO_OUT ?= out/demo
demo: release ## Simulate the default district, run the engine and the deployed rules, score them, write the report.
	$(ANBU) demo --out $(DEMO_OUT)

bench: deps ## Run the package-benchmark suites in Benchmarks/ (release, this CPU).
	cd Benchmarks && swift package --disable-sandbox benchmark $(BENCH_ARGS)

bench-reference: deps ## Reference computation: Anbu vs NumPy, pandas, River, with memory bandwidth (~25 min).
	Benchmarks/peers/run-all.sh $(BENCH_SCRATCH)

clean: ## Remove build products.
	rm -rf .build Benchmarks/.build

# libFuzzer harnesses for the readings.csv reader and the .npy reader (fuzz/README.md): each runs FUZZ_SECONDS
# from the committed seeds in fuzz/seeds/<name>, keeping what it finds in fuzz/corpus-work/<name> (not committed).
FUZZ_SECONDS ?= 600
fuzz: ## Build the fuzz harnesses and run each for FUZZ_SECONDS (default 600).
	fuzz/build.sh
	@for name in readings npy; do \
		mkdir -p fuzz/corpus-work/$$name; \
		echo "fuzzing $$name for $(FUZZ_SECONDS) s"; \
		fuzz/.build/$$name -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			fuzz/corpus-work/$$name fuzz/seeds/$$name || exit 1; \
	done
