#!/usr/bin/env python3
"""The reference computation (../shared/reference-computation.md) in NumPy, written well: bin by bin over a chunk
of households at a time, every step a whole-array operation into preallocated buffers, state as
[signal, slot, household] so a bin's slot is one contiguous row per signal.

    python3 Benchmarks/peers/numpy_reference.py DIR [--dtype float64|float32] [--chunk 16384]

One core (OPENBLAS_NUM_THREADS / OMP_NUM_THREADS are irrelevant: NumPy's element-wise operations are single-threaded).
Prints the four flag counts, load and compute seconds and readings/s of compute time.
"""

import numpy as np

from reference import (ABS_FLOOR, ALPHA, D_THRESHOLD, N_MIN, REL_FLOOR, SIGNALS, SILENCE_BINS, SLOTS, STANDBY_DOWN,
                       STANDBY_MARGIN, STANDBY_UP, Stopwatch, load_from_command_line, report)


def run_chunk(x, slots, dtype):
    """Counts for one chunk: x is [signal, bin, household] (contiguous per bin) in dtype."""
    S, T, H = x.shape
    n = np.zeros((S, SLOTS, H), np.int32)
    m = np.zeros((S, SLOTS, H), dtype)
    v = np.zeros((S, SLOTS, H), dtype)
    q = np.full(H, np.nan, dtype)
    c = np.zeros(H, np.int32)
    any_flag = np.zeros(H, bool)
    d = np.empty(H, dtype)
    sigma, z, delta, tmp, q_before = (np.empty(H, dtype) for _ in range(5))
    present, scored, fresh, active, cond = (np.empty(H, bool) for _ in range(5))
    alpha, keep = dtype(ALPHA), dtype(1 - ALPHA)
    silence = deviation = either = 0
    for t in range(T):
        k = slots[t]
        d[:] = 0
        for s in range(S):
            xs, ns, ms, vs = x[s, t], n[s, k], m[s, k], v[s, k]
            np.equal(xs, xs, out=present)
            # score against the state before the value
            np.greater_equal(ns, N_MIN, out=scored)
            scored &= present
            np.sqrt(vs, out=sigma)
            np.abs(ms, out=tmp)
            tmp *= dtype(REL_FLOOR)
            tmp += dtype(ABS_FLOOR)
            np.maximum(sigma, tmp, out=sigma)
            np.subtract(xs, ms, out=delta)
            np.divide(delta, sigma, out=z)
            np.minimum(z, 0, out=z)
            z *= z
            np.add(d, z, out=d, where=scored)
            # then update it (delta = x - m)
            np.equal(ns, 0, out=fresh)
            np.multiply(delta, delta, out=tmp)
            tmp *= alpha
            tmp += vs
            tmp *= keep
            np.copyto(vs, tmp, where=present)
            delta *= alpha
            delta += ms
            np.copyto(ms, delta, where=present)
            fresh &= present
            np.copyto(ms, xs, where=fresh)
            np.copyto(vs, 0, where=fresh)
            ns += present
        power = x[0, t]
        np.greater(x[1, t], 0, out=active)
        active |= x[2, t] > 0
        active |= x[3, t] > 0
        np.add(q, dtype(STANDBY_MARGIN), out=tmp)
        active |= power > tmp
        # standby: the first value, else a step down or up toward the value (both judged on q before this bin)
        np.copyto(q_before, q)
        np.add(q_before, 1, out=tmp)
        np.less(power, q_before, out=cond)
        np.subtract(q_before, dtype(STANDBY_DOWN) * tmp, out=q, where=cond)
        np.greater(power, q_before, out=cond)
        np.add(q_before, dtype(STANDBY_UP) * tmp, out=q, where=cond)
        np.isnan(q_before, out=cond)
        np.copyto(q, power, where=cond)
        c += 1
        c[active] = 0
        sil = c > SILENCE_BINS
        dev = d > D_THRESHOLD
        either_flag = sil | dev
        silence += int(np.count_nonzero(sil))
        deviation += int(np.count_nonzero(dev))
        either += int(np.count_nonzero(either_flag))
        any_flag |= either_flag
    return silence, deviation, either, int(np.count_nonzero(any_flag))


def main():
    def options(parser):
        parser.add_argument("--dtype", choices=["float64", "float32"], default="float64")
        parser.add_argument("--chunk", type=int, default=16384, help="households per chunk")

    a, arrays, slots, n_readings, load_s = load_from_command_line(__doc__, options)
    dtype = np.float64 if a.dtype == "float64" else np.float32
    H, T = arrays["power"].shape
    compute = Stopwatch()
    totals = [0, 0, 0, 0]
    for h0 in range(0, H, a.chunk):
        # [signal, bin, household]: one bin of a signal is a contiguous vector over the chunk's households
        x = np.stack([arrays[s][h0:h0 + a.chunk].T.astype(dtype) for s in SIGNALS])
        for i, value in enumerate(run_chunk(x, slots, dtype)):
            totals[i] += value
    report(f"numpy ({a.dtype} state)", a.directory, H, T, n_readings, load_s, compute.seconds(), *totals)


if __name__ == "__main__":
    main()
