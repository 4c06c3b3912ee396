#!/usr/bin/env bash
# Detection on the tuning districts, in the repository: simulate each district (cached), run `anbu detect`, score it
# with `anbu evaluate`, print each district's headline row and the split by devices, then the mean of the rows.
#
#   scripts/measure-detection.sh [POLICY.json]
#
# Environment: ANBU (default .build/release/anbu), MEASURE_OUT (default .build/measure: districts, alerts and
# reports), MEASURE_DISTRICTS (default the tuning districts of docs/tuning-journal.md: scenario:seed for the built-in
# scenarios default, shifted and varied of datasets/), MEASURE_HOUSEHOLDS (2000), MEASURE_DAYS (90).
# A district is simulated once and reused; delete MEASURE_OUT after a change to the simulator.
# Held-out seeds are the caller's to choose and to spend once (docs/tuning-journal.md, "Tuning record").
set -euo pipefail
cd "$(dirname "$0")/.."
anbu=${ANBU:-.build/release/anbu}
out=${MEASURE_OUT:-.build/measure}
districts=${MEASURE_DISTRICTS:-default:2 default:5 default:6 shifted:31 shifted:32 varied:41 varied:42}
households=${MEASURE_HOUSEHOLDS:-2000}
days=${MEASURE_DAYS:-90}
policy=(); label=defaults
if [ $# -gt 0 ]; then policy=(--policy "$1"); label=$(basename "$1" .json); fi
[ -x "$anbu" ] || { echo "measure: $anbu is missing (make release)" >&2; exit 1; }
mkdir -p "$out"
rows=()
for district in $districts; do
    scenario=${district%%:*}; seed=${district##*:}
    dir="$out/$scenario-$seed-$households-$days"
    if [ ! -f "$dir/incidents.csv" ]; then
        "$anbu" simulate --households "$households" --days "$days" --seed "$seed" \
            --scenario "datasets/$scenario-district.json" --dense --out "$dir.partial" > /dev/null
        rm -rf "$dir"; mv "$dir.partial" "$dir"
    fi
    alerts="$out/$scenario-$seed-$households-$days.$label.csv"
    "$anbu" detect "$dir" "${policy[@]}" --out "$alerts" > /dev/null
    report=$("$anbu" evaluate "$dir" --alerts "$alerts" --no-reference-rules --json "${alerts%.csv}.json")
    row=$(grep -m1 -E '^alerts ' <<< "$report")
    rows+=("$row")
    echo "== $scenario seed $seed ($households households x $days days), $label"
    sed -n 1,2p <<< "$report"
    echo "$row"
    sed -n '/^by devices/,/^$/p' <<< "$report"
done
echo "== mean of ${#rows[@]} districts, $label (collapse recall@S, median h, p90 h, illness, withdrawal, false S/1k hd, false all/1k hd, load/1k hd, open share)"
printf '%s\n' "${rows[@]}" | awk '{ for (i = 2; i <= 10; i++) s[i] += $i } END { for (i = 2; i <= 10; i++) printf "%s%.3f", (i > 2 ? "  " : ""), s[i] / NR; print "" }'
