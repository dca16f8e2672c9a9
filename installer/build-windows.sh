#!/usr/bin/env bash
# Cross-builds crm-server.exe and crm-client.exe for x86_64 Windows on this Debian machine, with
# Debian's rustc-web and its standard library sources (rustup cannot add the Windows target
# here) and the MinGW linker. The programs land in target/windows/dist/.
#
#   installer/build-windows.sh            # release build of both programs
#   CRM_WINDOWS_PROFILE=dev installer/build-windows.sh
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for package in rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64; do
    dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

target=x86_64-pc-windows-gnu
profile="${CRM_WINDOWS_PROFILE:-release}"
# Debian's compiler, not rustup's proxies that come first on PATH; build-std needs the
# bootstrap switch on a stable compiler.
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
# Another compiler than the host build's: keep its artefacts apart.
export CARGO_TARGET_DIR="${CRM_WINDOWS_TARGET_DIR:-target/windows}"

/usr/bin/cargo build --locked --profile "$profile" --target "$target" -Zbuild-std \
    -p crm-server -p crm-client

out_profile="$profile"
[ "$profile" = dev ] && out_profile=debug
dist="$CARGO_TARGET_DIR/dist"
mkdir -p "$dist"
cp "$CARGO_TARGET_DIR/$target/$out_profile/crm-server.exe" \
   "$CARGO_TARGET_DIR/$target/$out_profile/crm-client.exe" "$dist/"
ls -l "$dist"
