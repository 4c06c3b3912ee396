#!/usr/bin/env python3
"""Compare a simulated district with the real public recordings in ../shared/realdata.

    anbu simulate --households 2000 --days 90 --seed 1 --dense --out /tmp/district
    python3 scripts/simulation_calibration.py /tmp/district [--realdata ../shared/realdata] [--plots docs/simulation]

Reads the district's dense form (dense/meta.json, *.npy) and, when present, the real recordings: SGSC and Melbourne
half-hourly household power, the UCI one-house minute power, Fitbit hourly and daily steps, Copenhagen and SherLock
call logs. Prints a Markdown table of the five comparisons of docs/simulation.md and writes one SVG per comparison
(deterministic: fixed hash salt, no dates). Needs numpy and matplotlib (installed with pip when missing).
Skips the real side, with a message, when ../shared/realdata is absent.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import glob
import json
import os
import subprocess
import sys

import numpy as np

try:
    import matplotlib
except ImportError:  # install on first use
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "matplotlib"])
    import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams["svg.hashsalt"] = "anbu-simulation"
plt.rcParams["font.size"] = 9


# ------------------------------------------------------------------ simulated district
def load_district(directory):
    meta = json.load(open(os.path.join(directory, "dense", "meta.json")))
    start = dt.datetime.fromisoformat(meta["start"])
    offset_hours = int(start.utcoffset().total_seconds() // 3600)
    bins = meta["bins"]
    first_hour = (meta["start_unix"] // 3600 + offset_hours) % 24
    hours = (first_hour + np.arange(bins)) % 24
    arrays = {s: np.load(os.path.join(directory, "dense", f"{s}.npy"), mmap_mode="r") for s in meta["signals"]}
    return arrays, hours, bins


def longest_run(active_by_hour):
    """Longest run of consecutive False in a boolean vector."""
    best = run = 0
    for a in active_by_hour:
        run = 0 if a else run + 1
        best = max(best, run)
    return best


def simulated_stats(directory):
    arrays, hours, bins = load_district(directory)
    power = np.asarray(arrays["power"], dtype=np.float64)
    steps = np.asarray(arrays["steps"], dtype=np.float64)
    calls = sum(np.asarray(arrays[s], dtype=np.float64) for s in ("call_out", "call_in", "call_missed"))
    days = bins // 24
    stats = {}
    # 1. hourly power profile: mean watts per local hour over households with a plug.
    with np.errstate(invalid="ignore"):
        stats["power_profile"] = np.array([np.nanmean(power[:, hours == h]) for h in range(24)])
    # 2. share of zero-step hours among reported hours, by hour of day.
    present = ~np.isnan(steps)
    stats["zero_share_by_hour"] = np.array(
        [(steps[:, hours == h][present[:, hours == h]] == 0).mean() for h in range(24)])
    stats["zero_share"] = (steps[present] == 0).mean()
    # 3. daily steps, on household-days with all 24 hourly reports.
    first = int(np.argmax(hours == 0))
    whole = (bins - first) // 24
    s = steps[:, first:first + whole * 24].reshape(steps.shape[0], whole, 24)
    complete = ~np.isnan(s).any(axis=2)
    stats["daily_steps"] = s.sum(axis=2)[complete]
    # 4. calls per day per household (households with calls).
    has_calls = ~np.isnan(calls).all(axis=1)
    stats["calls_per_day"] = np.nansum(calls[has_calls], axis=1) / days
    # 5. longest daily gap (hours) without steps > 0, on complete days.
    gaps = []
    for row in s[:, :, :][complete][:20000]:
        gaps.append(longest_run(row > 0))
    stats["gap_steps"] = np.array(gaps)
    # power activity gap: power above the household's 10th percentile + 20 W.
    p = power[:, first:first + whole * 24].reshape(power.shape[0], whole, 24)
    gaps = []
    for h in range(min(p.shape[0], 1000)):
        if np.isnan(p[h]).all():
            continue
        standby = np.nanpercentile(p[h], 10)
        for day in p[h]:
            if not np.isnan(day).any():
                gaps.append(longest_run(day > standby + 20))
    stats["gap_power"] = np.array(gaps)
    return stats


# ------------------------------------------------------------------ real recordings
def real_stats(root):
    stats = {}
    # Power: SGSC (50 AU homes, kWh per half hour -> mean W per hour of day) and the 4 Melbourne homes.
    profile = np.zeros(24)
    count = np.zeros(24)
    gaps = []
    for path in sorted(glob.glob(os.path.join(root, "sgsc_smart_grid_smart_city_50_households/households/*.csv"))):
        rows = list(csv.reader(open(path)))[1:]
        hour = np.array([int(r[0][11:13]) for r in rows])
        watts = np.array([float(r[1]) * 2000 for r in rows])
        np.add.at(profile, hour, watts)
        np.add.at(count, hour, 1)
        # hourly means per local day, longest run of hours without activity above the 10th percentile + 20 W.
        standby = np.percentile(watts, 10)
        by_day = {}
        for r, w in zip(rows, watts):
            by_day.setdefault(r[0][:10], np.full(48, np.nan))[int(r[0][11:13]) * 2 + int(r[0][14:16]) // 30] = w
        for day in by_day.values():
            if not np.isnan(day).any():
                gaps.append(longest_run(day.reshape(24, 2).mean(axis=1) > standby + 20))
    if count.sum():
        stats["power_profile"] = profile / count
        stats["gap_power"] = np.array(gaps)
    melbourne = os.path.join(root, "melbourne_smart_meters_4_households/melbourne_4_households_halfhourly.csv")
    if os.path.exists(melbourne):
        m_profile = np.zeros(24)
        m_count = np.zeros(24)
        for r in list(csv.reader(open(melbourne)))[1:]:
            h = int(r[1][11:13])
            m_profile[h] += float(r[2]) * 2000
            m_count[h] += 1
        stats["power_profile_melbourne"] = m_profile / m_count
    # Steps: Fitbit hourly (both periods) and daily.
    hourly = []
    for path in glob.glob(os.path.join(root, "fitbit_fitabase/*/hourlySteps_merged.csv")):
        rows = list(csv.DictReader(open(path)))
        for r in rows:
            stamp = r["ActivityHour"]
            try:
                t = dt.datetime.strptime(stamp, "%m/%d/%Y %H:%M")
            except ValueError:
                t = dt.datetime.strptime(stamp, "%m/%d/%Y %I:%M:%S %p")
            hourly.append((r["Id"], t, int(float(r["StepTotal"]))))
    if hourly:
        values = np.array([v for _, _, v in hourly])
        hours = np.array([t.hour for _, t, _ in hourly])
        stats["zero_share"] = (values == 0).mean()
        stats["zero_share_by_hour"] = np.array([(values[hours == h] == 0).mean() for h in range(24)])
        days = {}
        for person, t, v in hourly:
            days.setdefault((person, t.date()), np.full(24, -1))[t.hour] = v
        stats["gap_steps"] = np.array([longest_run(d > 0) for d in days.values() if (d >= 0).all()])
    daily = []
    for path in glob.glob(os.path.join(root, "fitbit_fitabase/*/dailyActivity_merged.csv")):
        daily += [int(r["TotalSteps"]) for r in csv.DictReader(open(path))]
    if daily:
        stats["daily_steps"] = np.array(daily)
    # Calls: Copenhagen (participants only, 28 days), calls per person-day.
    cns = os.path.join(root, "copenhagen_networks_study_calls_sms/calls.csv")
    if os.path.exists(cns):
        per = {}
        for r in list(csv.DictReader(open(cns))):
            per[r["from"]] = per.get(r["from"], 0) + 1
            per[r["to"]] = per.get(r["to"], 0) + 1
        stats["calls_per_day"] = np.array(sorted(per.values())) / 28
    sherlock = os.path.join(root, "sherlock_sample_call_log/Calls.csv")
    if os.path.exists(sherlock):
        rows = list(csv.DictReader(open(sherlock, encoding="utf-8-sig")))
        distinct = {(r["Address"], r["Date"], r["Duration"], r["Type"]) for r in rows}
        dates = [int(d[1]) for d in distinct]
        span_days = (max(dates) - min(dates)) / 86_400_000
        stats["calls_per_day_sherlock"] = len(distinct) / span_days
    return stats


# ------------------------------------------------------------------ output
def describe(values):
    if values is None or len(values) == 0:
        return "—"
    q = np.percentile(values, [10, 50, 90])
    return f"{q[1]:.3g} (10–90%: {q[0]:.3g}–{q[2]:.3g})"


def save(fig, directory, name):
    path = os.path.join(directory, name)
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("district")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--realdata", default=os.path.join(here, "..", "..", "shared", "realdata"))
    parser.add_argument("--plots", default=os.path.join(here, "..", "docs", "simulation"))
    args = parser.parse_args()
    sim = simulated_stats(args.district)
    if os.path.isdir(args.realdata):
        real = real_stats(args.realdata)
    else:
        print(f"note: {args.realdata} not found; showing the simulated side only", file=sys.stderr)
        real = {}
    os.makedirs(args.plots, exist_ok=True)

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot(range(24), sim["power_profile"], label="simulated (one-person, Seoul)", color="C0")
    if "power_profile" in real:
        ax.plot(range(24), real["power_profile"], label="SGSC, 50 homes (AU)", color="C1")
    if "power_profile_melbourne" in real:
        ax.plot(range(24), real["power_profile_melbourne"], label="Melbourne, 4 homes", color="C2", ls="--")
    ax.set_xlabel("local hour")
    ax.set_ylabel("mean power, W")
    ax.legend()
    save(fig, args.plots, "power-profile.svg")

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot(range(24), sim["zero_share_by_hour"], label="simulated phones", color="C0")
    if "zero_share_by_hour" in real:
        ax.plot(range(24), real["zero_share_by_hour"], label="Fitbit, 33–35 people", color="C1")
    ax.set_xlabel("local hour")
    ax.set_ylabel("share of reported hours with 0 steps")
    ax.set_ylim(0, 1)
    ax.legend()
    save(fig, args.plots, "zero-step-hours.svg")

    def cdf(ax, values, label, color):
        v = np.sort(values)
        ax.step(v, np.arange(1, len(v) + 1) / len(v), where="post", label=label, color=color)

    fig, ax = plt.subplots(figsize=(6, 3))
    cdf(ax, sim["daily_steps"], "simulated household-days", "C0")
    if "daily_steps" in real:
        cdf(ax, real["daily_steps"], "Fitbit person-days", "C1")
    ax.set_xlabel("steps per day")
    ax.set_ylabel("cumulative share")
    ax.set_xlim(0, 25000)
    ax.legend()
    save(fig, args.plots, "daily-steps.svg")

    fig, ax = plt.subplots(figsize=(6, 3))
    cdf(ax, sim["calls_per_day"], "simulated households", "C0")
    if "calls_per_day" in real:
        cdf(ax, real["calls_per_day"], "Copenhagen students (calls among participants only)", "C1")
    if "calls_per_day_sherlock" in real:
        ax.axvline(real["calls_per_day_sherlock"], color="C2", ls="--", label="SherLock, 1 person")
    ax.set_xscale("symlog", linthresh=0.1)
    ax.set_xlabel("calls per day (out + in + missed)")
    ax.set_ylabel("cumulative share")
    ax.legend()
    save(fig, args.plots, "calls-per-day.svg")

    fig, axes = plt.subplots(1, 2, figsize=(7, 3))
    bins = np.arange(0, 25) - 0.5
    for ax, key, title in ((axes[0], "gap_steps", "no steps > 0"), (axes[1], "gap_power", "no power > standby + 20 W")):
        ax.hist(sim[key], bins=bins, density=True, alpha=0.6, label="simulated", color="C0")
        if key in real:
            ax.hist(real[key], bins=bins, density=True, alpha=0.6, label="Fitbit" if key == "gap_steps" else "SGSC",
                    color="C1")
        ax.set_title(f"longest daily gap: {title}")
        ax.set_xlabel("hours")
        ax.legend()
    save(fig, args.plots, "longest-gap.svg")

    print("| measure | simulated | real |")
    print("|---|---|---|")
    real_power = real.get("power_profile")
    print(f"| mean power, W (peak hour / trough hour) | {sim['power_profile'].mean():.0f} "
          f"({int(np.argmax(sim['power_profile']))}h / {int(np.argmin(sim['power_profile']))}h) | "
          + (f"SGSC {real_power.mean():.0f} ({int(np.argmax(real_power))}h / {int(np.argmin(real_power))}h)"
             if real_power is not None else "—") + " |")
    if real_power is not None:
        ratio_sim = sim["power_profile"].max() / sim["power_profile"].min()
        ratio_real = real_power.max() / real_power.min()
        print(f"| peak / trough of the hourly profile | {ratio_sim:.2f} | SGSC {ratio_real:.2f} |")
    print(f"| share of zero-step hours | {sim['zero_share']:.2f} | "
          + (f"Fitbit {real['zero_share']:.2f}" if "zero_share" in real else "—") + " |")
    print(f"| daily steps, median (10–90%) | {describe(sim['daily_steps'])} | Fitbit {describe(real.get('daily_steps'))} |")
    print(f"| calls per day, median (10–90%) | {describe(sim['calls_per_day'])} | "
          f"Copenhagen {describe(real.get('calls_per_day'))}"
          + (f"; SherLock {real['calls_per_day_sherlock']:.2f}" if "calls_per_day_sherlock" in real else "") + " |")
    print(f"| longest daily gap without steps, h | {describe(sim['gap_steps'])} | Fitbit {describe(real.get('gap_steps'))} |")
    print(f"| longest daily gap without power activity, h | {describe(sim['gap_power'])} | "
          f"SGSC {describe(real.get('gap_power'))} |")


if __name__ == "__main__":
    main()
