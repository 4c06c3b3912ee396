#!/usr/bin/env python3
"""The reference computation (../shared/reference-computation.md) in pandas, as a researcher writes it: the values
in long form, `groupby([household, signal, slot]).ewm(alpha, adjust=False)` for the slot means and variances
(shifted one value within each group, so a value is scored against the state from before it), the statistic D as a
groupby sum, and the standby tracker and silence counter as a loop over each household's bins.

    python3 Benchmarks/peers/pandas_reference.py DIR

One core. Prints the four flag counts, load and compute seconds and readings/s of compute time.
"""

import numpy as np
import pandas as pd

from reference import (ABS_FLOOR, ALPHA, D_THRESHOLD, N_MIN, REL_FLOOR, SIGNALS, SILENCE_BINS, STANDBY_DOWN,
                       STANDBY_MARGIN, STANDBY_UP, Stopwatch, load_from_command_line, report)


def main():
    a, arrays, slots, n_readings, load_s = load_from_command_line(__doc__)
    H, T = arrays["power"].shape

    compute = Stopwatch()
    wide = pd.concat({s: pd.DataFrame(arrays[s]).rename_axis(index="household", columns="bin") for s in SIGNALS},
                     names=["signal"])
    long = wide.stack().dropna().rename("value").reset_index()  # the present values only
    long = long.astype({"signal": "category", "household": "int32", "bin": "int32"})
    long["slot"] = slots[long["bin"].to_numpy()].astype("int16")
    long = long.sort_values(["household", "signal", "slot", "bin"], ignore_index=True)
    keys = ["household", "signal", "slot"]
    groups = long.groupby(keys, sort=False, observed=True)["value"]
    ewm = groups.ewm(alpha=ALPHA, adjust=False)
    # the state a value is scored against is the one from before it: the previous row of its group
    long["prev_mean"] = ewm.mean().reset_index(level=[0, 1, 2], drop=True).groupby(
        [long[k] for k in keys], observed=True).shift(1)
    long["prev_var"] = ewm.var(bias=True).reset_index(level=[0, 1, 2], drop=True).groupby(
        [long[k] for k in keys], observed=True).shift(1)
    long["n_before"] = groups.cumcount()
    sigma = np.maximum(np.sqrt(long["prev_var"]), ABS_FLOOR + REL_FLOOR * long["prev_mean"].abs())
    z = (long["value"] - long["prev_mean"]) / sigma
    long["contribution"] = np.where(long["n_before"] >= N_MIN, np.minimum(z, 0) ** 2, 0.0)
    d = long.groupby(["household", "bin"])["contribution"].sum()
    d = d.reindex(pd.MultiIndex.from_product([range(H), range(T)], names=["household", "bin"]), fill_value=0.0)
    deviation_flag = (d > D_THRESHOLD).to_numpy().reshape(H, T)

    # activity, standby and silence: a recurrence per household, bin by bin
    power, steps, call_out, call_in = (wide.loc[s] for s in ("power", "steps", "call_out", "call_in"))
    silence_flag = np.zeros((H, T), bool)
    for h in range(H):
        q = np.nan
        c = 0
        p_row, s_row, o_row, i_row = (frame.iloc[h].tolist() for frame in (power, steps, call_out, call_in))
        for t in range(T):
            p = p_row[t]
            active = s_row[t] > 0 or o_row[t] > 0 or i_row[t] > 0 or p > q + STANDBY_MARGIN
            if p == p:
                if q != q:
                    q = p
                elif p < q:
                    q -= STANDBY_DOWN * (q + 1)
                elif p > q:
                    q += STANDBY_UP * (q + 1)
            c = 0 if active else c + 1
            silence_flag[h, t] = c > SILENCE_BINS
    either_flag = silence_flag | deviation_flag
    report("pandas", a.directory, H, T, n_readings, load_s, compute.seconds(),
           int(silence_flag.sum()), int(deviation_flag.sum()), int(either_flag.sum()), int(either_flag.any(axis=1).sum()))


if __name__ == "__main__":
    main()
