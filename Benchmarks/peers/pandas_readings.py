#!/usr/bin/env python3
"""The pandas way to do what `anbu convert DIR --dense OUT` does: read readings.csv, parse its times, and pivot
it into [households, bins] arrays (power mean, steps sum, call counts, talk seconds).

    python3 Benchmarks/peers/pandas_readings.py /tmp/d1k [--repeat 3]

Installs pandas with pip when it is missing. Prints the time of each step and readings/s for the whole, best of
--repeat runs. Bins are hourly from dense/meta.json's start_unix when present, else from the first reading.
"""
import argparse
import importlib
import json
import os
import subprocess
import sys
import time


def ensure_pandas():
    try:
        return importlib.import_module("pandas")
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "pandas"])
        return importlib.import_module("pandas")


def run(pd, np, directory):
    t0 = time.perf_counter()
    df = pd.read_csv(os.path.join(directory, "readings.csv"), dtype={"household": "category", "signal": "category"})
    t1 = time.perf_counter()
    times = pd.to_datetime(df["time"], utc=True, format="ISO8601")
    t2 = time.perf_counter()
    meta_path = os.path.join(directory, "dense", "meta.json")
    if os.path.exists(meta_path):
        start = pd.Timestamp(json.load(open(meta_path))["start_unix"], unit="s", tz="UTC")
    else:
        start = times.min().floor("D")
    df["bin"] = (times - start) // pd.Timedelta(seconds=3600)
    power = df[df["signal"] == "power"].pivot_table(
        index="household", columns="bin", values="value", aggfunc="mean", observed=True)
    steps = df[df["signal"] == "steps"].pivot_table(
        index="household", columns="bin", values="value", aggfunc="sum", observed=True)
    calls = df[df["signal"].isin(["call_out", "call_in", "call_missed"])]
    counts = calls.pivot_table(index="household", columns=["signal", "bin"], values="time", aggfunc="size",
                               observed=True)
    talk = calls[calls["signal"] != "call_missed"].pivot_table(
        index="household", columns="bin", values="value", aggfunc="sum", observed=True)
    t3 = time.perf_counter()
    return len(df), (t1 - t0, t2 - t1, t3 - t2), (power.shape, steps.shape, counts.shape, talk.shape)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("directory")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.directory, "readings.csv")):
        sys.exit(f"no readings.csv in {a.directory}: make one with ../shared/peers/make_dense.py --csv")
    pd = ensure_pandas()
    import numpy as np
    best = None
    for _ in range(a.repeat):
        rows, steps, shapes = run(pd, np, a.directory)
        if best is None or sum(steps) < sum(best):
            best = steps
    total = sum(best)
    print(f"pandas {pd.__version__}: {rows:,} readings; read_csv {best[0]:.2f} s + to_datetime {best[1]:.2f} s + "
          f"pivot {best[2]:.2f} s = {total:.2f} s; {rows / total / 1e6:.2f} M readings/s (best of {a.repeat}); "
          f"shapes {shapes}")


if __name__ == "__main__":
    main()
