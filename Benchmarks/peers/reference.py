"""What the reference-computation peers share: the definition's constants, reading a district's dense form, the
hour-of-week slot of each bin, and the one result line every peer (and `anbu bench reference`) prints.

The computation is defined in ../shared/reference-computation.md; every peer implements exactly that.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import time
from zoneinfo import ZoneInfo

import numpy as np

SIGNALS = ["power", "steps", "call_out", "call_in", "call_missed", "talk_seconds"]
SLOTS = 168                      # hour-of-week, household local time, Monday 00:00 = 0
ALPHA = 1.0 - 0.5 ** 0.25        # half-life of 4 updates of a slot
N_MIN = 4                        # a value is scored after this many earlier updates of its slot
ABS_FLOOR, REL_FLOOR = 1e-3, 0.1  # sigma = max(sqrt(v), 0.001 + 0.1 |m|)
D_THRESHOLD = 25.0               # deviation flag: D > 25
SILENCE_BINS = 24                # silence flag: c > 24
STANDBY_MARGIN = 20.0            # activity: power > q + 20
STANDBY_DOWN, STANDBY_UP = 0.045, 0.005


def load_dense(directory: str):
    """(arrays {signal: float32 [households, bins]}, slots int64 [bins]) of a district with dense/meta.json.

    The district must have one time zone (as make_dense.py writes); the slots are read in it."""
    with open(os.path.join(directory, "dense", "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    assert int(meta.get("bin_seconds", 3600)) == 3600, "the reference computation is defined for hourly bins"
    with open(os.path.join(directory, "households.csv"), newline="", encoding="utf-8") as f:
        zones = sorted({row["timezone"] for row in csv.DictReader(f)})
    if len(zones) != 1:
        raise SystemExit(f"the peers assume one time zone per district, found {zones[:5]}")
    zone = ZoneInfo(zones[0]) if "/" in zones[0] or zones[0] == "UTC" else dt.datetime.fromisoformat(
        "2000-01-01T00:00:00" + zones[0]).tzinfo
    listed = meta.get("signals", SIGNALS)
    arrays = {}
    for s in SIGNALS:
        if s in listed:
            arrays[s] = np.load(os.path.join(directory, "dense", f"{s}.npy"))
        else:
            arrays[s] = np.full((int(meta["households"]), int(meta["bins"])), np.nan, np.float32)
    start = int(meta["start_unix"])
    slots = np.empty(int(meta["bins"]), dtype=np.int64)
    for t in range(slots.size):
        local = dt.datetime.fromtimestamp(start + 3600 * t, zone)
        slots[t] = 24 * local.weekday() + local.hour
    return arrays, slots


def readings(arrays) -> int:
    """The number of values present (not NaN): the unit of every readings/s figure."""
    return int(sum(np.count_nonzero(~np.isnan(a)) for a in arrays.values()))


class Stopwatch:
    """Seconds since creation, with time.perf_counter (monotonic)."""

    def __init__(self):
        self.start = time.perf_counter()

    def seconds(self) -> float:
        return time.perf_counter() - self.start


def report(peer: str, directory: str, households: int, bins: int, n_readings: int, load_s: float, compute_s: float,
           silence: int, deviation: int, either: int, flagged_households: int):
    print(f"{peer}: {directory}, {households} households x {bins} bins, {n_readings} readings, 1 thread")
    print(f"flags: silence {silence}, deviation {deviation}, either {either}, households {flagged_households}")
    print(f"load {load_s:.3f} s")
    print(f"compute {compute_s:.3f} s: {n_readings / compute_s / 1e6:.3f} M readings/s", flush=True)


def load_from_command_line(doc: str, add_options=None):
    """Parses `DIR` (and the peer's own options, added by add_options(parser)) and loads DIR's dense form.

    Returns (arguments, arrays, slots, readings, load seconds)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory")
    if add_options:
        add_options(parser)
    arguments = parser.parse_args()
    load = Stopwatch()
    arrays, slots = load_dense(arguments.directory)
    return arguments, arrays, slots, readings(arrays), load.seconds()
