#!/usr/bin/env bash
# Runs the cross-built Windows programs under Wine and checks them from Linux:
#   1. crm-server.exe serve --plaintext --demo answers health and a login over gRPC;
#   2. crm-client.exe opens its Chinese login screen under Xvfb; a screenshot is saved.
# Not part of the default test run (the cross-build is slow). One command:
#   installer/test-windows.sh            (CRM_SKIP_BUILD=1 reuses target/windows/dist)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for package in wine64 xvfb imagemagick gcc-mingw-w64-x86-64; do
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
cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
    WINEPREFIX="$work/prefix" /usr/lib/wine/wineserver -k 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

cp "$dist/crm-server.exe" "$dist/crm-client.exe" "$work/bin/"
# Wine 8 lacks bcryptprimitives.dll, which Rust's standard library imports; tests get a
# stand-in beside the programs (see installer/wine/bcryptprimitives.c).
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bin/bcryptprimitives.dll" \
    installer/wine/bcryptprimitives.c installer/wine/bcryptprimitives.def -ladvapi32
"$wine" wineboot --init >/dev/null 2>&1 || true

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
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

echo "== crm-client.exe under Xvfb"
xvfb-run -a -s "-screen 0 1280x800x24" sh -c "
    '$wine' '$work/bin/crm-client.exe' >'$work/client.log' 2>&1 &
    sleep \${CRM_CLIENT_WAIT:-25}
    import -window root '$shots/client-login-wine.png'
    kill \$! 2>/dev/null || true
"
tail -20 "$work/client.log" || true
echo "screenshot: $shots/client-login-wine.png"
