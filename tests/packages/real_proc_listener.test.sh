# Against this machine's REAL /proc (not a fake tree): a program listening on a free VNC port is
# reported as possible remote screen viewing with that program's path.
source "$(dirname "$0")/lib.sh" "$@"
py=$(readlink -f /usr/bin/python3)
port=$("$py" - <<'PY'
import socket
for p in range(5990, 5900, -1):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); print(p); break
    except OSError:
        pass
    finally:
        s.close()
PY
)
[ -n "$port" ] || fail "no free port in the VNC range"
"$py" -c "import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $port)); s.listen(1); time.sleep(60)" &
listener=$!
trap 'kill $listener 2>/dev/null; rm -rf "$ROOT" "$OUT"' EXIT
for _ in $(seq 50); do grep -q ":$(printf '%04X' "$port") 00000000:0000 0A" /proc/net/tcp && break; sleep 0.1; done
"$AGENT" discover --json --root / --catalog "$CATALOG" >"$OUT" || fail "discover exited $?"
expect_json "any('screen_live_view' in o['categories'] and any(e == 'listening on TCP 127.0.0.1:$port: $py' for e in o['evidence']) for o in obs)" \
    "the listener on 127.0.0.1:$port ($py) was not reported"
