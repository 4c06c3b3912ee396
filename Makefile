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

.PHONY: help deps build release test doctor demo bench bench-reference clean fuzz api-check api-baseline docs \
	crash-test soak measure measure-real

help: ## List the commands.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

deps: ## Install OpenBLAS and LAPACKE when pkg-config cannot find them.
	@scripts/ensure-system-deps.sh

build: deps ## Debug build of the library and the tool.
	swift build

release: deps ## Release build of the tool for this CPU.
	$(RELEASE) --product anbu

# Every test runs twice on x86-64: on this CPU's kernel, then on Prescott (SSE3, which any x86-64 CPU runs). Results
# that must be the same bits (threads, blocks, snapshots) must not hang on one kernel's way of splitting a product: the
# CI machine's Haswell kernel once found what this machine's SkylakeX kernel hid (docs/performance.md).
test: deps ## Set up what is missing, build, and run every test (twice: this CPU's OpenBLAS kernel, then Prescott).
	@echo "OPENBLAS_CORETYPE=$(OPENBLAS_CORETYPE)"
	@scripts/check-doc-refs.py
	swift test
	@if [ "$$(uname -m)" = x86_64 ] && [ "$(OPENBLAS_CORETYPE)" != Prescott ]; then \
		echo "again with OPENBLAS_CORETYPE=Prescott"; OPENBLAS_CORETYPE=Prescott swift test --skip-build; fi

doctor: release ## Release build, then report the build, CPU features and OpenBLAS kernel.
	$(ANBU) doctor

# The main job (README): set-up, release build, then `anbu demo` simulates the default district, runs the engine and the
# deployed rules, scores them, prints the table and writes the report into DEMO_OUT.
DEMO_OUT ?= out/demo
demo: release ## Simulate the default district, run the engine and the deployed rules, score them, write the report.
	$(ANBU) demo --out $(DEMO_OUT)

bench: deps ## Run the package-benchmark suites in Benchmarks/ (release, this CPU).
	cd Benchmarks && swift package --disable-sandbox benchmark $(BENCH_ARGS)

api-check: deps ## Compare the public API of the library modules with the baselines in api/ (scripts/check-api.sh).
	scripts/check-api.sh

api-baseline: deps ## Rewrite the public-API baselines in api/ from this build; commit them with the API change.
	scripts/check-api.sh --update

# DocC for the library modules, one combined archive (cross-module links resolve). The swift-docc-plugin dependency is
# added to the manifest only when ANBU_GENERATE_DOCS is set, so packages that depend on Anbu never resolve it.
DOCS_OUT ?= .build/documentation
docs: deps ## Build the DocC documentation into DOCS_OUT (.build/documentation); fails on any warning.
	@set -o pipefail; ANBU_GENERATE_DOCS=1 swift package --disable-sandbox generate-documentation \
		--target Anbu --target AnbuIO --target AnbuSimulation --target AnbuEvaluation \
		--enable-experimental-combined-documentation --warnings-as-errors --output-path $(DOCS_OUT) 2>&1 \
		| tee .build/docs.log
	@! grep -E '^(warning|error):' .build/docs.log || { echo "make docs: warnings above" >&2; exit 1; }

crash-test: release ## Kill `anbu detect --checkpoint` with SIGKILL at random moments, resume, compare the alerts.
	scripts/crash-test.sh

# The soak test (docs/reliability.md): a synthetic district streamed through the one-reading-at-a-time API for weeks,
# a checkpoint every week, resident memory sampled once a simulated day into .build/soak.csv.
SOAK_ARGS ?= --households 200000 --days 60 --every 7
soak: deps ## Soak: 200,000 households x 60 days through the streaming API with checkpoints, RSS per day (long).
	$(RELEASE) --product AnbuSoak
	@set -o pipefail; .build/release/AnbuSoak $(SOAK_ARGS) --checkpoint .build/soak | tee .build/soak.csv

# Detection quality on the tuning districts (docs/tuning-journal.md): simulated once into .build/measure, then detected
# and scored on every run. POLICY=FILE measures a policy file instead of the defaults.
measure: release ## Detection on the 7 tuning districts (2,000 x 90 each): headline rows, split by devices, mean (~3 min).
	scripts/measure-detection.sh $(POLICY)

measure-real: release ## Detection on the real recordings (../shared/realdata, seeds 1-3): clean and injected (~3 min).
	scripts/measure-real.sh $(POLICY)

bench-reference: deps ## Reference computation: Anbu vs NumPy, pandas, River, with memory bandwidth (~25 min).
	Benchmarks/peers/run-all.sh $(BENCH_SCRATCH)

clean: ## Remove build products.
	rm -rf .build Benchmarks/.build

# libFuzzer harnesses (fuzz/README.md): the readings.csv reader, the .npy reader, the policy JSON loader and the
# snapshot reader. Each runs FUZZ_SECONDS from the committed seeds in fuzz/seeds/<name>, keeping what it finds in
# fuzz/corpus-work/<name> (not committed).
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= readings npy policy snapshot
fuzz: ## Build the fuzz harnesses and run each of FUZZ_TARGETS for FUZZ_SECONDS (default 600).
	fuzz/build.sh $(FUZZ_TARGETS)
	@for name in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/corpus-work/$$name; \
		echo "fuzzing $$name for $(FUZZ_SECONDS) s"; \
		fuzz/.build/$$name -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			fuzz/corpus-work/$$name fuzz/seeds/$$name || exit 1; \
	done
