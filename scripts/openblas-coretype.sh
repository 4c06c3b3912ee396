#!/usr/bin/env bash
# Prints the OpenBLAS kernel name that suits this CPU, read from /proc/cpuinfo flags:
# SkylakeX with AVX-512, Haswell with AVX2, nothing otherwise (OpenBLAS's own detection is then trusted).
# Debian 12's OpenBLAS 0.3.21 misdetects recent CPUs as Prescott (6x slower sgemm); see docs/benchmarks.md.
set -eu
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
case " $flags " in
    *" avx512f "*) echo SkylakeX ;;
    *" avx2 "*) echo Haswell ;;
    *) echo "" ;;
esac
