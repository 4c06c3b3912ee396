#!/usr/bin/env bash
# The reference computation (../shared/reference-computation.md) by Anbu and its peers in one run, on the same files,
# beside the machine's memory bandwidth and sgemm speed: docs/benchmarks.md "Reference computation and peers".
#
#   Benchmarks/peers/run-all.sh [SCRATCH]        (or: make bench-reference)
#
# SCRATCH (default /tmp/anbu-peers, never inside the repository) holds the standard districts d100k, d5k and d1k;
# the ones missing are made with ../shared/peers/make_dense.py (about 3 minutes, 5.6 GB). REPEAT (default 3) runs
# of each measurement; the summary gives medians. Anbu runs on d100k, d5k and d1k with 2 threads and 1; NumPy (float64
# and float32 state) on d100k; pandas on d5k and River on d1k, as the reference document does. About 25 minutes.
# Needs python3 with numpy, pandas and river (pip install numpy pandas river).
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch="${1:-/tmp/anbu-peers}"
repeat="${REPEAT:-3}"
make_dense="../shared/peers/make_dense.py"
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-$(scripts/openblas-coretype.sh)}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
mkdir -p "$scratch"
case "$(cd "$scratch" && pwd)/" in "$(pwd)/"*) echo "SCRATCH must be outside the repository" >&2; exit 1 ;; esac

make_district() {  # name households seed [--csv]
    [ -f "$scratch/$1/dense/meta.json" ] && return
    echo "making $scratch/$1"
    python3 "$make_dense" --households "$2" --days 90 --seed "$3" ${4:-} --out "$scratch/$1"
}
make_district d100k 100000 1
make_district d5k 5000 3 --csv
make_district d1k 1000 4 --csv

make release >/dev/null
log="$scratch/run-all-$(git rev-parse --short HEAD).log"
: >"$log"
run() {  # label command...: the output, prefixed by the label, into the log
    echo "== $1" | tee -a "$log"
    "${@:2}" 2>&1 | sed "s|^|$1 |" | tee -a "$log"
}
run machine .build/release/anbu bench machine
run machine uptime
for ((i = 1; i <= repeat; i++)); do
    for d in d100k d5k d1k; do
        for t in 2 1; do run "anbu-$t-$d" .build/release/anbu bench reference "$scratch/$d" --threads "$t"; done
    done
    run numpy-f64-d100k python3 Benchmarks/peers/numpy_reference.py "$scratch/d100k" --dtype float64
    run numpy-f32-d100k python3 Benchmarks/peers/numpy_reference.py "$scratch/d100k" --dtype float32
    run pandas-d5k python3 Benchmarks/peers/pandas_reference.py "$scratch/d5k"
    run river-d1k python3 Benchmarks/peers/river_reference.py "$scratch/d1k"
    run machine uptime
done
python3 Benchmarks/peers/summary.py "$log"
