#!/bin/sh
# UNTESTED: written and reviewed against pkgbuild(1) and productbuild(1), never run: there is no
# Mac and no macOS port of the agent here (its detectors are Linux-only). See docs/deploy.md.
#
# Builds indblik-agent-VERSION.pkg from an installed tree of a macOS build of the agent.
# usage: packaging/macos/build.sh BUILD_DIR VERSION [SIGNING_IDENTITY]
#   BUILD_DIR   a build directory configured with -DCMAKE_INSTALL_PREFIX=/usr/local
#   SIGNING_IDENTITY  "Developer ID Installer: ..." (an MDM accepts unsigned pkgs, Gatekeeper
#               does not; notarize with `xcrun notarytool submit` after signing)
set -eu
build=$1 version=$2 identity=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

root="$work/root"
DESTDIR="$root" cmake --install "$build" --component agent
# The configuration ships as agent.conf.default; postinstall copies it to agent.conf only
# when there is none (a pkg has no conffiles: an edited agent.conf must survive upgrades).
install -d "$root/Library/Application Support/Indblik"
install -m 0644 "$here/../agent.conf" "$root/Library/Application Support/Indblik/agent.conf.default"
install -d "$root/Library/LaunchDaemons"
install -m 0644 "$here/com.indblik.agent.plist" "$root/Library/LaunchDaemons/"
# The Linux-only parts of the agent component.
rm -rf "$root/lib" "$root/usr/local/etc" "$root/etc"

scripts="$work/scripts"
mkdir -p "$scripts"
install -m 0755 "$here/postinstall" "$scripts/postinstall"

pkgbuild --root "$root" --identifier com.indblik.agent --version "$version" \
    --scripts "$scripts" --install-location / --ownership recommended \
    "$work/com.indblik.agent.pkg"
sed "s/@INDBLIK_VERSION@/$version/" "$here/distribution.xml" >"$work/distribution.xml"
set -- --distribution "$work/distribution.xml" --package-path "$work"
[ -z "$identity" ] || set -- "$@" --sign "$identity"
productbuild "$@" "indblik-agent-$version.pkg"
echo "built indblik-agent-$version.pkg"
