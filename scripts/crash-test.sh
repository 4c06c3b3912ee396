#!/usr/bin/env bash
# The crash test (`make crash-test`): kills `anbu detect --checkpoint` with SIGKILL at random moments, resumes it with
# --resume until it finishes, and checks that the alerts file is byte for byte the one an uninterrupted run writes.
#
# One simulated district (dense form, CRASH_HOUSEHOLDS x CRASH_DAYS), CRASH_RUNS runs of up to CRASH_KILLS kills each
# (a run's attempts end when one finishes), kill times uniform over the length of an uninterrupted checkpointed run
# (half of it once resumed). Before one resume in every run the newest checkpoint is damaged (truncated, or one byte
# flipped), so resuming must skip it and say why. The kill schedule
# comes from CRASH_SEED and is printed, so a failure can be repeated.
set -euo pipefail
cd "$(dirname "$0")/.."
anbu=${ANBU:-.build/release/anbu}
households=${CRASH_HOUSEHOLDS:-1500}
days=${CRASH_DAYS:-45}
runs=${CRASH_RUNS:-8}
kills=${CRASH_KILLS:-4}
seed=${CRASH_SEED:-$(date +%s)}
RANDOM=$seed
[[ -x $anbu ]] || { echo "crash-test: $anbu not built (make release)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/anbu-crash-test.XXXXXX")
trap 'status=$?; if [[ $status -ne 0 && -n ${log:-} && -f $log ]]; then echo "crash-test: last stderr of anbu:" >&2; grep -m3 -E "Fatal|error" "$log" >&2 || true; tail -5 "$log" >&2; fi; rm -rf "$work"' EXIT
echo "crash-test: seed $seed, $households households x $days days, $runs runs, up to $kills kills each"
"$anbu" simulate --households "$households" --days "$days" --seed 17 --dense --out "$work/district" >/dev/null
"$anbu" detect "$work/district" --out "$work/reference.csv" >/dev/null

detect() {  # detect OUT CKDIR [--resume]: runs to the end
    "$anbu" detect "$work/district" --out "$1" --checkpoint "$2" --every 12h "${@:3}" >/dev/null 2>>"$log"
}
start_detect() {  # as detect, in the background, with $pid the anbu process itself (not a subshell), so the kill hits it
    "$anbu" detect "$work/district" --out "$1" --checkpoint "$2" --every 12h "${@:3}" >/dev/null 2>>"$log" &
    pid=$!
}

log=$work/log-timed
started=$(date +%s%N)
detect "$work/timed.csv" "$work/timed-ck"
length_ms=$(( ($(date +%s%N) - started) / 1000000 ))
cmp -s "$work/reference.csv" "$work/timed.csv" || { echo "crash-test: checkpointing changed the alerts" >&2; exit 1; }
echo "crash-test: an uninterrupted checkpointed run takes $length_ms ms"

damage() {  # damages the newest checkpoint in $1, if any
    local newest
    newest=$(find "$1" -name 'checkpoint-*.anbusnap' 2>/dev/null | sort | tail -1)
    [[ -n $newest ]] || return 0
    if (( RANDOM % 2 )); then
        truncate -s $(( $(stat -c %s "$newest") / 2 )) "$newest"
    else
        printf '\x5a' | dd of="$newest" bs=1 seek=$(( $(stat -c %s "$newest") / 3 )) conv=notrunc 2>/dev/null
    fi
    echo "    damaged $(basename "$newest")"
}

failed=0
total_kills=0
for run in $(seq 1 "$runs"); do
    out=$work/alerts-$run.csv
    ck=$work/ck-$run
    log=$work/log-$run
    damage_at=$(( RANDOM % kills + 1 ))
    damaged=0
    resume=()
    for attempt in $(seq 1 "$kills"); do
        # A resumed run has less left to do: its kill comes in the first half of a whole run's length.
        delay_ms=$(( (RANDOM * 32768 + RANDOM) % (${#resume[@]} > 0 ? length_ms / 2 : length_ms) + 1 ))
        start_detect "$out" "$ck" "${resume[@]}"
        sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
        if kill -KILL "$pid" 2>/dev/null; then
            wait "$pid" 2>/dev/null || true
            total_kills=$((total_kills + 1))
            echo "  run $run: killed after $delay_ms ms; checkpoints: $(ls "$ck" 2>/dev/null | tr '\n' ' ')"
        else
            wait "$pid" 2>/dev/null || true
            echo "  run $run: finished before the kill at $delay_ms ms"
            break
        fi
        [[ $attempt -eq $damage_at ]] && damage "$ck" && damaged=1
        resume=(--resume)
    done
    [[ $damaged -eq 1 ]] || damage "$ck"
    detect "$out" "$ck" --resume
    grep -h "resuming from\|skipping\|no usable" "$log" | sed 's/^/    /' || true
    if cmp -s "$work/reference.csv" "$out"; then
        echo "  run $run: alerts identical to the uninterrupted run ($(wc -l <"$out") lines)"
    else
        echo "  run $run: ALERTS DIFFER" >&2
        failed=1
    fi
done
if [[ $failed -ne 0 ]]; then
    echo "crash-test: FAILED (seed $seed)" >&2
    exit 1
fi
echo "crash-test: passed, $runs runs, $total_kills kills (seed $seed)"
