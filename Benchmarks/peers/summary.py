#!/usr/bin/env python3
"""Medians of a run-all.sh log, as a Markdown table, with every run's flag counts checked against the expected
counts of ../shared/reference-computation.md.

    python3 Benchmarks/peers/summary.py LOG
"""
import re
import statistics
import sys
from collections import defaultdict

# district -> (silence, deviation, either, households), from ../shared/reference-computation.md
EXPECTED = {
    "d100k": (1092384, 697838, 1773519, 99272),
    "d5k": (65946, 35157, 100031, 4962),
    "d1k": (7086, 6907, 13894, 995),
}


def main():
    compute, load, flags, machine = defaultdict(list), defaultdict(list), defaultdict(set), []
    for line in open(sys.argv[1], encoding="utf-8"):
        label, _, text = line.rstrip("\n").partition(" ")
        if label == "machine":
            machine.append(text)
        elif m := re.match(r"flags: silence (\d+), deviation (\d+), either (\d+), households (\d+)", text):
            flags[label].add(tuple(int(g) for g in m.groups()))
        elif m := re.match(r"compute ([\d.]+) s: ([\d.]+) M readings/s", text):
            compute[label].append((float(m.group(1)), float(m.group(2))))
        elif m := re.match(r"load ([\d.]+) s", text):
            load[label].append(float(m.group(1)))
    for text in machine:
        print(f"- {text}")
    print()
    print("| run | district | flags (silence, deviation, either, households) | load s | compute s | M readings/s |")
    print("|---|---|---|---|---|---|")
    rate = {}
    for label, runs in compute.items():
        district = label.rsplit("-", 1)[1]
        seconds = statistics.median(s for s, _ in runs)
        rate[label] = statistics.median(r for _, r in runs)
        seen = flags[label]
        verdict = "as expected" if seen == {EXPECTED[district]} else f"**differ**: expected {EXPECTED[district]}"
        shown = ", ".join(str(f) for f in sorted(seen))
        print(f"| {label} ({len(runs)} runs) | {district} | {shown} {verdict} | {statistics.median(load[label]):.2f} "
              f"| {seconds:.3f} | {rate[label]:.3f} |")
    print()
    if "anbu-2-d100k" in rate:
        for peer in ("numpy-f64-d100k", "numpy-f32-d100k"):
            if peer in rate:
                print(f"- Anbu (2 threads) / {peer}: {rate['anbu-2-d100k'] / rate[peer]:.1f}x")
    for anbu, peer in (("anbu-2-d5k", "pandas-d5k"), ("anbu-2-d1k", "river-d1k")):
        if anbu in rate and peer in rate:
            print(f"- {anbu} / {peer}: {rate[anbu] / rate[peer]:.0f}x")


if __name__ == "__main__":
    main()
