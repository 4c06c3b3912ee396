#!/usr/bin/env bash
# Detection on the real recordings (docs/evaluation.md, "Real data"): for each seed, `anbu realdata` builds a clean
# district (the recordings as they are) and an injected one (collapses and illnesses written into a share of the
# households), then `anbu detect` and `anbu evaluate` run on both. Prints each district's headline row: on the clean
# ones every person alert is false; on the injected ones the collapses and illnesses found.
#
#   scripts/measure-real.sh [POLICY.json]
#
# Environment: ANBU (default .build/release/anbu), REALDATA (default ../shared/realdata), MEASURE_OUT (default
# .build/measure-real; the recordings' licences forbid publishing what is written there), MEASURE_REAL_SEEDS ("1 2 3").
set -euo pipefail
cd "$(dirname "$0")/.."
anbu=${ANBU:-.build/release/anbu}
from=${REALDATA:-../shared/realdata}
out=${MEASURE_OUT:-.build/measure-real}
seeds=${MEASURE_REAL_SEEDS:-1 2 3}
policy=(); label=defaults
if [ $# -gt 0 ]; then policy=(--policy "$1"); label=$(basename "$1" .json); fi
[ -x "$anbu" ] || { echo "measure-real: $anbu is missing (make release)" >&2; exit 1; }
[ -d "$from" ] || { echo "measure-real: no recordings at $from (set REALDATA)" >&2; exit 1; }
mkdir -p "$out"
for seed in $seeds; do
    dir="$out/seed-$seed"
    [ -f "$dir/injected/incidents.csv" ] || "$anbu" realdata --from "$from" --out "$dir" --seed "$seed" > /dev/null
    for part in clean injected; do
        alerts="$dir/$part.$label.csv"
        "$anbu" detect "$dir/$part" "${policy[@]}" --out "$alerts" > /dev/null
        report=$("$anbu" evaluate "$dir/$part" --alerts "$alerts" --no-reference-rules)
        echo "== real recordings, seed $seed, $part, $label"
        if [ "$part" = clean ]; then
            sed -n 1,4p <<< "$report"
        else
            grep -E '^(incident|collapse +serious|illness +attention)' <<< "$report"
        fi
    done
done
