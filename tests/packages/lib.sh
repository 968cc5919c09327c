# Shared by the real-package tests: each test unpacks the real Debian packages of a monitoring
# tool into a fresh fake root (never onto this machine), configures them there the way an
# administrator would, and runs the real agent's discovery with --root on that tree.
#
# Usage in a test script (called by ctest as: bash TEST.sh AGENT CATALOG_DIR CACHE_DIR):
#   source "$(dirname "$0")/lib.sh" "$@"
#   unpack snoopy            # downloads (apt, cached in CACHE_DIR) and unpacks into $ROOT
#   discover                 # runs the agent; JSON in $OUT
#   expect_product snoopy    # fails the test unless discovery names it
set -euo pipefail

AGENT=$1
CATALOG=$2
CACHE=$3
mkdir -p "$CACHE"
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/indblik-pkg.XXXXXX")
OUT="$ROOT.json"
trap 'rm -rf "$ROOT" "$OUT"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# Fetches a package's .deb with apt (the only way anything is downloaded) into the cache.
fetch() {
    local pkg=$1
    if ! compgen -G "$CACHE/${pkg}_*.deb" >/dev/null; then
        if ! (cd "$CACHE" && apt-get download -q "$pkg" >/dev/null 2>&1); then
            # A fresh machine may have no package lists yet.
            if [ "$(id -u)" = 0 ]; then apt-get update -q >/dev/null; else sudo apt-get update -q >/dev/null; fi
            (cd "$CACHE" && apt-get download -q "$pkg") || fail "apt-get download $pkg"
        fi
    fi
    compgen -G "$CACHE/${pkg}_*.deb" | head -n1
}

# Unpacks packages into $ROOT and records them in $ROOT/var/lib/dpkg/status as installed, the way
# dpkg would after a real install.
unpack() {
    mkdir -p "$ROOT/var/lib/dpkg"
    for pkg in "$@"; do
        local deb
        deb=$(fetch "$pkg")
        dpkg-deb -x "$deb" "$ROOT"
        dpkg-deb -f "$deb" Package Version Architecture |
            sed '1a Status: install ok installed' >>"$ROOT/var/lib/dpkg/status"
        echo >>"$ROOT/var/lib/dpkg/status"
    done
}

# Writes a file below $ROOT: put /etc/x.conf <<'CONF' ... CONF
put() {
    mkdir -p "$(dirname "$ROOT$1")"
    cat >"$ROOT$1"
}

discover() {
    "$AGENT" discover --json --root "$ROOT" --catalog "$CATALOG" >"$OUT" ||
        fail "discover exited $?"
}

# expect_json PYTHON_EXPRESSION MESSAGE: the expression sees `d` (the discovery JSON) and `obs`.
expect_json() {
    /usr/bin/python3 - "$OUT" "$1" "$2" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
obs = d["observations"]
if not eval(sys.argv[2]):
    print("FAIL:", sys.argv[3], file=sys.stderr)
    print(json.dumps(d, indent=1, ensure_ascii=False)[:4000], file=sys.stderr)
    sys.exit(1)
PY
}

expect_product() {
    expect_json "any(o['product'] == '$1' for o in obs)" "product $1 not discovered"
}

# expect_evidence TEXT: some observation's evidence contains TEXT.
expect_evidence() {
    expect_json "any('''$1''' in e for o in obs for e in o['evidence'])" "no evidence contains: $1"
}

# never_stored TEXT: TEXT (monitored content planted in the tree) appears nowhere in the output.
never_stored() {
    ! grep -qF -- "$1" "$OUT" || fail "monitored content was stored: $1"
}
