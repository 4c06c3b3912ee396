#!/usr/bin/env bash
# Prints the `-Xswiftc -target-cpu` flags for release builds of the tool and benchmarks on this machine:
# skylake-avx512 (AVX-512) or haswell (AVX2, FMA) when every feature that CPU model implies is present, nothing
# otherwise. (swiftc's clang importer does not accept the x86-64-v3/v4 level names.)
# Only for binaries run here: a binary built for AVX2 dies on a CPU without it. Never in Package.swift.
set -eu
flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
has() { for f in "$@"; do case "$flags" in *" $f "*) ;; *) return 1 ;; esac; done; }
if [ "$(uname -m)" != "x86_64" ]; then
    echo ""
elif has avx512f avx512bw avx512cd avx512dq avx512vl avx2 fma bmi2 movbe; then
    echo "-Xswiftc -target-cpu -Xswiftc skylake-avx512"
elif has avx2 fma bmi1 bmi2 movbe f16c lzcnt; then
    echo "-Xswiftc -target-cpu -Xswiftc haswell"
else
    echo ""
fi
