#!/usr/bin/env bash
# Builds the indblik-agent and indblik-server .debs with CPack, runs lintian on them (errors fail
# the test, warnings are listed); builds the .rpms and inspects their contents; then installs,
# upgrades, removes and purges the .debs in a throwaway root and checks files, owners,
# permissions, the user, the units' enablement and that data and configuration survive an
# upgrade and a removal but not a purge; then, in the same root, installs the .rpms with this
# machine's rpm (--nodeps: they require Debian's sonames, see in_root_rpm.sh), upgrades them to a
# rebuilt higher release and erases them, with the same kind of checks and `rpm -V`.
#
# The throwaway root: a private mount namespace (unshare) with an overlay whose lower layer is
# this machine's / (read-only) and whose upper layer is a tmpfs, chrooted into. dpkg, adduser and
# the maintainer scripts run for real inside it; every write lands in the tmpfs and vanishes with
# the namespace, so the host's files, dpkg database and users are never touched. debootstrap was
# not used: it needs the network for every run (no offline cache of a whole base system here)
# and takes minutes; the overlay gives a root with the packages' dependencies already present.
# There is no systemd inside, so units are enabled (symlinks) but not started; the RPM
# scriptlets' `systemctl preset` and `disable` run offline (systemctl sees the chroot).
#
# usage: install_test.sh BUILD_DIR      (needs root and overlayfs; exits 77 = skipped otherwise)
set -euo pipefail

build=$(cd "$1" && pwd)
if [ "$(id -u)" != 0 ]; then
    echo "SKIP: needs root (mount namespace, overlayfs, chroot)"
    exit 77
fi
for tool in cpack lintian dpkg-deb unshare rpmbuild; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (scripts/indblik test installs it)"; exit 1; }
done

work=$(mktemp -d /tmp/indblik-install-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
start=$SECONDS

echo "== cpack"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 \
    || { cat "$work/cpack.log"; exit 1; }
agent_deb=$(ls "$work"/out/indblik-agent_*.deb)
server_deb=$(ls "$work"/out/indblik-server_*.deb)
for deb in "$agent_deb" "$server_deb"; do
    echo "-- $(basename "$deb")"
    dpkg-deb -f "$deb" Package Version Section Priority Depends
done

echo "== cpack RPM"
cpack --config "$build/CPackConfig.cmake" -G RPM -B "$work/rpm" >"$work/cpack-rpm.log" 2>&1 \
    || { cat "$work/cpack-rpm.log"; exit 1; }
agent_rpm=$(ls "$work"/rpm/indblik-agent-*.rpm)
server_rpm=$(ls "$work"/rpm/indblik-server-*.rpm)
# Into variables first: grep -q would close the pipe early and pipefail would see rpm's SIGPIPE.
agent_conf=$(rpm -qp --configfiles "$agent_rpm" 2>/dev/null)
agent_files=$(rpm -qlpv "$agent_rpm" 2>/dev/null)
server_files=$(rpm -qlp "$server_rpm" 2>/dev/null)
server_requires=$(rpm -qp --requires "$server_rpm" 2>/dev/null)
grep -qx /etc/indblik/agent.conf <<<"$agent_conf" \
    || { echo "FAIL: agent.conf is not %config in the RPM"; exit 1; }
grep -q '^-rw-r-----.* root *root .* /etc/indblik/agent.conf$' <<<"$agent_files" \
    || { echo "FAIL: agent.conf is not 0640 root:root in the RPM"; exit 1; }
for f in /usr/bin/indblik-agent /usr/bin/indblik-tray /usr/share/indblik/catalog/auditd.json; do
    grep -q " $f\$" <<<"$agent_files" || { echo "FAIL: $f not in the agent RPM"; exit 1; }
done
grep -qx /usr/bin/indblik-server <<<"$server_files" \
    || { echo "FAIL: indblik-server not in the server RPM"; exit 1; }
grep -q libPocoNetSSL <<<"$server_requires" \
    || { echo "FAIL: the server RPM does not require Poco"; exit 1; }
grep -qx /usr/lib/systemd/system-preset/80-indblik-server.preset <<<"$server_files" \
    || { echo "FAIL: the server RPM has no systemd preset"; exit 1; }
for deb in "$agent_deb" "$server_deb"; do
    deb_files=$(dpkg-deb -c "$deb")
    grep -q system-preset <<<"$deb_files" && { echo "FAIL: $deb has a preset"; exit 1; }
done
for rpm_file in "$agent_rpm" "$server_rpm"; do
    scripts=$(rpm -qp --scripts "$rpm_file" 2>/dev/null)
    for s in postinstall preuninstall postuninstall; do
        grep -q "^$s scriptlet" <<<"$scripts" || { echo "FAIL: $rpm_file has no $s scriptlet"; exit 1; }
    done
done
echo "-- $(basename "$agent_rpm") $(basename "$server_rpm")"

echo "== lintian"
lint_rc=0
for deb in "$agent_deb" "$server_deb"; do
    # --fail-on error: warnings are printed but do not fail.
    lintian --fail-on error --tag-display-limit 0 "$deb" || lint_rc=1
done
[ $lint_rc = 0 ] || { echo "FAIL: lintian reported errors"; exit 1; }

echo "== second version for the upgrade"
# The same contents with a higher Debian revision, as a rebuild with INDBLIK_PACKAGE_RELEASE=2
# would give, so the upgrade path (prerm upgrade, postinst configure OLD) really runs.
mkdir -p "$work/v2"
for deb in "$agent_deb" "$server_deb"; do
    rm -rf "$work/unpacked"
    dpkg-deb -R "$deb" "$work/unpacked"
    version=$(dpkg-deb -f "$deb" Version)
    sed -i "s/^Version: .*/Version: ${version%-*}-99/" "$work/unpacked/DEBIAN/control"
    dpkg-deb --root-owner-group -b "$work/unpacked" "$work/v2/" >/dev/null
done

# A real rebuild with release 99: CPack's own configuration with the release raised.
cat >"$work/cpack-v2.cmake" <<EOF
include("$build/CPackConfig.cmake")
set(CPACK_RPM_PACKAGE_RELEASE 99)
EOF
cpack --config "$work/cpack-v2.cmake" -G RPM -B "$work/rpm-v2" >"$work/cpack-rpm-v2.log" 2>&1 \
    || { cat "$work/cpack-rpm-v2.log"; exit 1; }

echo "== install, upgrade, remove, purge in a throwaway root"
cp "$(dirname "$0")/in_root.sh" "$work/in_root.sh"
mkdir -p "$work/debs"
cp "$agent_deb" "$server_deb" "$work/debs/"
cp "$work"/v2/*.deb "$work/debs/"
cp "$(dirname "$0")/in_root_rpm.sh" "$work/in_root_rpm.sh"
mkdir -p "$work/rpms"
cp "$agent_rpm" "$server_rpm" "$work"/rpm-v2/indblik-*-99.*.rpm "$work/rpms/"
unshare --mount --pid --fork --propagation private bash -euo pipefail -c '
    work=$1
    mkdir -p "$work/root"
    mount -t tmpfs -o size=1g tmpfs "$work/root"
    mkdir -p "$work/root/upper" "$work/root/wd" "$work/root/merged"
    mount -t overlay overlay \
        -o "lowerdir=/,upperdir=$work/root/upper,workdir=$work/root/wd" "$work/root/merged"
    m=$work/root/merged
    mountpoint -q "$m" || { echo "FAIL: the overlay is not mounted"; exit 1; }
    mount -t proc proc "$m/proc"
    mount --rbind /dev "$m/dev"
    mount -t tmpfs tmpfs "$m/run"
    mount -t tmpfs tmpfs "$m/tmp"
    mkdir -p "$m/tmp/debs"
    cp "$work"/debs/*.deb "$m/tmp/debs/"
    cp "$work/in_root.sh" "$work/in_root_rpm.sh" "$m/tmp/"
    chroot "$m" /bin/bash /tmp/in_root.sh /tmp/debs
    echo "== rpm -i, rpm -U, rpm -e in the same root"
    mkdir -p "$m/tmp/rpms"
    cp "$work"/rpms/*.rpm "$m/tmp/rpms/"
    chroot "$m" /bin/bash /tmp/in_root_rpm.sh /tmp/rpms
' _ "$work"

echo "PASS in $((SECONDS - start)) s"
