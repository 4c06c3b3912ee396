#!/usr/bin/env bash
# Builds the libFuzzer harnesses with `swiftc -sanitize=fuzzer,address`:
#   1. `Anbu` without the reference computation (a benchmark kernel the harnesses never reach) as a static library and
#      module, with its linear-algebra layer over OpenBLAS (the engine's cohort priors run on it);
#   2. each harness named on the command line (`fuzz/build.sh readings npy policy snapshot`; the Makefile's
#      FUZZ_TARGETS) compiled together with AnbuIO's sources into one executable, fuzz/.build/<name>.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -gt 0 ]] || { echo "usage: $0 TARGET... (directories of fuzz/ holding a harness)" >&2; exit 2; }
out=fuzz/.build
mkdir -p "$out"
flags=(-swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault
       -package-name Anbu -enable-testing -O -g -sanitize=fuzzer,address -parse-as-library)
swiftc "${flags[@]}" -module-name Anbu -emit-module -emit-module-path "$out/Anbu.swiftmodule" \
    -I Sources/CAnbuOpenBLAS -emit-library -static -o "$out/libAnbu.a" \
    $(find Sources/Anbu -name '*.swift' -not -path '*/Reference/*' | sort) 2>&1 | { grep -v "Cannot export local symbol" || true; }
io_sources=$(find Sources/AnbuIO -name '*.swift' | sort)
for name in "$@"; do
    # shellcheck disable=SC2086
    swiftc "${flags[@]}" -module-name "Fuzz_$name" -I "$out" -I Sources/CAnbuOpenBLAS -L "$out" -lAnbu \
        -lopenblas -llapacke \
        fuzz/$name/*.swift $io_sources -o "$out/$name" 2>&1 | { grep -v "Cannot export local symbol" || true; }
done
echo "built $* in $out"
