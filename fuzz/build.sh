#!/usr/bin/env bash
# Builds the libFuzzer harnesses with `swiftc -sanitize=fuzzer,address`:
#   1. the parts of `Anbu` the readers use (Telemetry, Ingest, Alerts: no OpenBLAS) as a static library and module;
#   2. each harness compiled together with AnbuIO's sources into one executable, fuzz/.build/<name>.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/.build
mkdir -p "$out"
flags=(-swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault
       -O -g -sanitize=fuzzer,address -parse-as-library)
swiftc "${flags[@]}" -module-name Anbu -emit-module -emit-module-path "$out/Anbu.swiftmodule" \
    -emit-library -static -o "$out/libAnbu.a" \
    Sources/Anbu/Telemetry/*.swift Sources/Anbu/Ingest/*.swift Sources/Anbu/Alerts/*.swift 2>&1 | { grep -v "Cannot export local symbol" || true; }
io_sources=$(find Sources/AnbuIO -name '*.swift' | sort)
for name in readings npy; do
    # shellcheck disable=SC2086
    swiftc "${flags[@]}" -module-name "Fuzz_$name" -I "$out" -L "$out" -lAnbu \
        fuzz/$name/*.swift $io_sources -o "$out/$name" 2>&1 | { grep -v "Cannot export local symbol" || true; }
done
echo "built $out/readings $out/npy"
