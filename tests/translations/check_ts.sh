#!/bin/bash
# Fails when the tray's Danish translation is not complete: runs lupdate over the tray's sources
# into a copy of the .ts file (so a tr() string added without updating the .ts counts too) and
# lists every message left unfinished or empty. The committed .ts file is not changed.
#
#   check_ts.sh <lupdate> <tray source dir> <ts file>
set -euo pipefail
lupdate=$1 sources=$2 ts=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$ts" "$work/check.ts"
# The same files qt_add_translations gives lupdate: the tray's sources, not its tests.
find "$sources" -maxdepth 1 \( -name '*.cpp' -o -name '*.h' \) ! -name '*_test.cpp' \
    ! -name 'fake_agent.*' | sort >"$work/files"
"$lupdate" -locations none -no-obsolete "@$work/files" -ts "$work/check.ts" >"$work/lupdate.log" 2>&1 \
    || { cat "$work/lupdate.log"; exit 1; }
/usr/bin/python3 - "$work/check.ts" "$(basename "$ts")" <<'PY'
import sys
import xml.etree.ElementTree as ET
path, name = sys.argv[1], sys.argv[2]
missing = []
for context in ET.parse(path).getroot().iter("context"):
    for message in context.iter("message"):
        translation = message.find("translation")
        texts = [translation.text or ""] + [n.text or "" for n in translation.iter("numerusform")]
        if translation.get("type") == "unfinished" or not any(t.strip() for t in texts):
            missing.append(f'{context.findtext("name")}: {message.findtext("source")!r}')
if missing:
    print(f"{name}: {len(missing)} message(s) without a translation:")
    print("\n".join("  " + m for m in missing))
    sys.exit(1)
print(f"{name}: every message translated")
PY
