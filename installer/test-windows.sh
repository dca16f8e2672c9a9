#!/usr/bin/env bash
# Runs the cross-built Windows programs under Wine and checks them from Linux:
#   1. crm-server.exe serve --plaintext --demo answers health and a login over gRPC, and keeps
#      its data, logs and (in a second, TLS run) its certificate under ProgramData;
#   2. crm-client.exe --self-check passes: AppData folders, the Windows credential store, the
#      fonts, and the way to both servers (plain, and TLS with its self-signed certificate);
#   3. crm-client.exe opens its Chinese login screen under Xvfb; a screenshot is saved.
# Not part of the default test run (the cross-build is slow). One command:
#   installer/test-windows.sh            (CRM_SKIP_BUILD=1 reuses target/windows/dist)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for package in wine64 xvfb imagemagick gcc-mingw-w64-x86-64 fonts-noto-cjk; do
    dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
[ -n "${CRM_SKIP_BUILD:-}" ] || installer/build-windows.sh

dist="${CRM_WINDOWS_TARGET_DIR:-target/windows}/dist"
shots="${CRM_SHOTS:-target/windows/shots}"
work=$(mktemp -d)
mkdir -p "$work/bin" "$shots"
wine=/usr/lib/wine/wine64
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# One X display for the whole Wine session, from its first program on: Wine's desktop process
# starts with the first program and keeps the display it found then, and without one every
# later window fails ("no driver could be loaded"; winit reports OS error 14007).
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -1 "$work/display")"
cleanup() {
    [ -n "${client_pid:-}" ] && kill "$client_pid" 2>/dev/null || true
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "${tls_pid:-}" ] && kill "$tls_pid" 2>/dev/null || true
    WINEPREFIX="$work/prefix" /usr/lib/wine/wineserver -k 2>/dev/null || true
    kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

cp "$dist/crm-server.exe" "$dist/crm-client.exe" "$work/bin/"
# Wine 8 lacks bcryptprimitives.dll, which Rust's standard library imports; tests get a
# stand-in beside the programs (see installer/wine/bcryptprimitives.c).
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bin/bcryptprimitives.dll" \
    installer/wine/bcryptprimitives.c installer/wine/bcryptprimitives.def -ladvapi32
"$wine" wineboot --init >/dev/null 2>&1 || true
# Wine ships no Chinese system font. A stand-in where Microsoft YaHei lives lets the client's
# system-font fallback read a real font collection, as it does on Windows.
cp /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc "$WINEPREFIX/drive_c/windows/Fonts/msyh.ttc"
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

port=$(free_port)
echo "== crm-server.exe on 127.0.0.1:$port"
"$wine" "$work/bin/crm-server.exe" serve --plaintext --demo --listen "127.0.0.1:$port" \
    >"$work/server.log" 2>&1 &
server_pid=$!

cargo build -q -p crm-tests --bin crm-probe
probe="${CARGO_TARGET_DIR:-target}/debug/crm-probe"
for _ in $(seq 1 60); do
    if "$probe" "http://127.0.0.1:$port" >"$work/probe.log" 2>&1; then break; fi
    sleep 1
done
cat "$work/probe.log"
grep -q "^login: admin" "$work/probe.log" || { echo "server log:"; cat "$work/server.log"; exit 1; }
echo "server data under ProgramData:"
find "$WINEPREFIX/drive_c/ProgramData/CRM" -maxdepth 2 | sed "s|$WINEPREFIX/||"

echo "== crm-server.exe with TLS (self-signed certificate made on first start)"
tls_port=$(free_port)
CRM_DATA_DIR='C:\ProgramData\CRM-TLS' "$wine" "$work/bin/crm-server.exe" serve \
    --listen "127.0.0.1:$tls_port" >"$work/server-tls.log" 2>&1 &
tls_pid=$!
certificate="$WINEPREFIX/drive_c/ProgramData/CRM-TLS/tls/server-cert.pem"
for _ in $(seq 1 60); do
    [ -s "$certificate" ] && (exec 3<>"/dev/tcp/127.0.0.1/$tls_port") 2>/dev/null && break
    sleep 1
done
fingerprint=$(openssl x509 -in "$certificate" -noout -fingerprint -sha256 | cut -d= -f2)
echo "certificate $certificate, SHA-256 $fingerprint"

echo "== crm-client.exe --self-check"
status=0
"$wine" "$work/bin/crm-client.exe" --self-check --server "http://127.0.0.1:$port" \
    >"$work/self-check.txt" 2>"$work/self-check.log" || status=$?
cat "$work/self-check.txt"
[ "$status" = 0 ] || { echo "self-check failed ($status)"; cat "$work/self-check.log"; exit 1; }
grep -q "AppData.Roaming.*config" "$work/self-check.txt" && grep -q "AppData.Local.*data" "$work/self-check.txt" \
    || { echo "client folders not under AppData"; exit 1; }
grep -q 'msyh.ttc' "$work/self-check.txt" || { echo "system font not used"; exit 1; }
status=0
"$wine" "$work/bin/crm-client.exe" --self-check --server "127.0.0.1:$tls_port" \
    >"$work/self-check-tls.txt" 2>>"$work/self-check.log" || status=$?
grep '服务器' "$work/self-check-tls.txt"
# The client saw the certificate the server made, and asks the user to trust it.
grep -q "$fingerprint" "$work/self-check-tls.txt" || { echo "TLS check failed"; exit 1; }
echo "client files under AppData:"
find "$WINEPREFIX/drive_c/users" -path '*crm-client*' | sed "s|$WINEPREFIX/||"

echo "== crm-client.exe under Xvfb"
"$wine" "$work/bin/crm-client.exe" >"$work/client.log" 2>&1 &
client_pid=$!
sleep "${CRM_CLIENT_WAIT:-25}"
import -window root "$shots/client-login-wine.png"
kill "$client_pid" 2>/dev/null || true
tail -20 "$work/client.log" || true
echo "screenshot: $shots/client-login-wine.png"
# A window that never drew leaves the screen one colour; the login screen has hundreds.
colours=$(convert "$shots/client-login-wine.png" -format %k info:)
[ "$colours" -gt 50 ] || { echo "the client drew nothing ($colours colours)"; exit 1; }
