#!/bin/bash
# clang-tidy over the project's own sources (core, agent, server, tray; not tests, not moc output)
# with the committed .clang-tidy; fails on any finding. ctest runs it as lint.clang_tidy (about
# 10 minutes of two cores, started first so it overlaps the tests that mostly wait).
#
#   tests/lint/clang-tidy.sh <build dir with compile_commands.json>
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: clang-tidy.sh <build dir>}
command -v run-clang-tidy >/dev/null || { echo "clang-tidy is not installed (apt install clang-tidy)" >&2; exit 2; }
mapfile -t files < <(/usr/bin/python3 - "$build/compile_commands.json" "$source_dir" <<'PY'
import json, sys
commands, root = sys.argv[1], sys.argv[2]
for f in sorted({e["file"] for e in json.load(open(commands))}):
    if any(f.startswith(f"{root}/{part}/") for part in ("core", "agent", "server", "tray")) \
            and not f.endswith("_test.cpp") and "_autogen" not in f and "fake_" not in f:
        print(f)
PY
)
echo "clang-tidy: ${#files[@]} files" >&2
run-clang-tidy -p "$build" -j "$(nproc)" -quiet "${files[@]}"
