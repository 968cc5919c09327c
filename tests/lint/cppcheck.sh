#!/bin/bash
# cppcheck over the project's own sources (not tests, not generated code), with the options
# and suppressions committed here; fails on any finding. The checks are cppcheck's warning,
# performance and portability classes; its style class (about 280 findings, most of them
# single-argument constructors without `explicit`, which Result and Status use on purpose) is
# not enabled yet.
#
#   tests/lint/cppcheck.sh <build dir with compile_commands.json>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build=${1:?usage: cppcheck.sh <build dir>}
command -v cppcheck >/dev/null || { echo "cppcheck is not installed (apt install cppcheck)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The compile commands of core/, agent/, server/ and tray/ sources, without tests and moc output.
/usr/bin/python3 - "$build/compile_commands.json" "$source_dir" "$work/cc.json" <<'PY'
import json, sys
commands, root, out = sys.argv[1], sys.argv[2], sys.argv[3]
keep = []
for entry in json.load(open(commands)):
    f = entry["file"]
    if any(f.startswith(f"{root}/{part}/") for part in ("core", "agent", "server", "tray")) \
            and not f.endswith("_test.cpp") and "_autogen" not in f and "fake_" not in f:
        keep.append(entry)
json.dump(keep, open(out, "w"))
print(f"cppcheck: {len(keep)} files", file=sys.stderr)
PY
cppcheck --project="$work/cc.json" --library=qt --std=c++20 \
    --enable=warning,performance,portability --inline-suppr \
    --suppressions-list="$here/cppcheck-suppressions.txt" \
    --cppcheck-build-dir="$work" -j "$(nproc)" --quiet --error-exitcode=1 \
    --template='{file}:{line}: {severity}/{id}: {message}'
echo "cppcheck: clean"
