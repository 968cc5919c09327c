#!/usr/bin/env bash
# A short fuzzing run for ctest: run_short.sh HARNESS CORPUS SECONDS CRASH_DIR [libFuzzer options]
# Fuzzes for SECONDS (or $INDBLIK_FUZZ_SECONDS when set) from a copy of CORPUS, so the committed
# seeds stay as they are, and fails when the harness crashes, leaks or hangs; the input that did
# it is kept in CRASH_DIR to reproduce with `HARNESS CRASH_DIR/crash-...`. The random seed is
# fixed ($INDBLIK_FUZZ_SEED, default 1; 0 lets libFuzzer choose) so that a test run does not fail
# at random on a crash nobody changed code for: longer, random runs are for finding new ones
# (docs/fuzzing.md).
set -euo pipefail
harness=$1 corpus=$2 seconds=${INDBLIK_FUZZ_SECONDS:-$3} crashes=$4
shift 4
work=$(mktemp -d "${TMPDIR:-/tmp}/indblik-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R "$corpus"/. "$work"/
mkdir -p "$crashes"
# -timeout: one input taking longer is a hang, and a failure; -rss_limit_mb bounds memory.
"$harness" -seed="${INDBLIK_FUZZ_SEED:-1}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "$@" "$work"
