#!/usr/bin/env python3
"""The reference computation (../shared/reference-computation.md) with River, one reading at a time, in time order
as a stream arrives: for each bin, each household, each present value, `stats.EWMean` and `stats.EWVar` of its
(household, signal, slot) are read (the score) and then updated; the standby tracker and silence counter are plain
per-household state.

    python3 Benchmarks/peers/river_reference.py DIR

One core. Prints the four flag counts, load and compute seconds and readings/s of compute time.
"""
import math

from river import stats

from reference import (ABS_FLOOR, ALPHA, D_THRESHOLD, N_MIN, REL_FLOOR, SIGNALS, SILENCE_BINS, STANDBY_DOWN,
                       STANDBY_MARGIN, STANDBY_UP, Stopwatch, load_from_command_line, report)


def main():
    convert = Stopwatch()
    a, arrays, slots, n_readings, load_s = load_from_command_line(__doc__)
    rows = {s: arrays[s].tolist() for s in SIGNALS}  # Python floats, as a stream would deliver them
    load_s = convert.seconds()
    H, T = arrays["power"].shape

    compute = Stopwatch()
    state = [[None] * (len(SIGNALS) * 168) for _ in range(H)]  # [household][signal * 168 + slot]: [n, EWMean, EWVar]
    series = [rows[s] for s in SIGNALS]
    standby = [math.nan] * H
    silent = [0] * H
    flagged = [False] * H
    silence = deviation = either = 0
    for t in range(T):
        k = int(slots[t])
        for h in range(H):
            values = [signal[h][t] for signal in series]
            household = state[h]
            d = 0.0
            for s, x in enumerate(values):
                if x != x:
                    continue
                entry = household[s * 168 + k]
                if entry is None:
                    entry = household[s * 168 + k] = [0, stats.EWMean(fading_factor=ALPHA), stats.EWVar(fading_factor=ALPHA)]
                if entry[0] >= N_MIN:
                    m, v = entry[1].get(), entry[2].get()
                    z = (x - m) / max(math.sqrt(max(v, 0.0)), ABS_FLOOR + REL_FLOOR * abs(m))
                    d += min(z, 0.0) ** 2
                entry[1].update(x)
                entry[2].update(x)
                entry[0] += 1
            power, steps, call_out, call_in = values[0], values[1], values[2], values[3]
            q = standby[h]
            active = steps > 0 or call_out > 0 or call_in > 0 or power > q + STANDBY_MARGIN
            if power == power:
                if q != q:
                    standby[h] = power
                elif power < q:
                    standby[h] = q - STANDBY_DOWN * (q + 1)
                elif power > q:
                    standby[h] = q + STANDBY_UP * (q + 1)
            silent[h] = 0 if active else silent[h] + 1
            sil, dev = silent[h] > SILENCE_BINS, d > D_THRESHOLD
            silence += sil
            deviation += dev
            if sil or dev:
                either += 1
                flagged[h] = True
    report("river", a.directory, H, T, n_readings, load_s, compute.seconds(), silence, deviation, either, sum(flagged))


if __name__ == "__main__":
    main()
