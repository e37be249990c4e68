#!/usr/bin/env bash
# Builds, once per package set and OpenJDK version, the arm64 Debian bookworm root file system of
# the guest as an uncompressed cpio (the guest boots it as its initramfs). Prints the cpio's path.
set -euo pipefail
cache="${EMON_CI_CACHE:-/var/cache/emon-ci}/gpio-vm"
packages="openjdk-17-jre-headless,gpiod,kmod,busybox,procps,iproute2,curl"
jdk="$(apt-cache policy openjdk-17-jre-headless:arm64 | sed -n 's/.*Candidate: //p')"
[ -n "$jdk" ] && [ "$jdk" != "(none)" ] || { echo "rootfs.sh: no arm64 openjdk-17 known to apt (apt-get update?)" >&2; exit 1; }
key="$(printf '%s|%s' "$packages" "$jdk" | sha256sum | cut -c1-12)"
out="$cache/rootfs-bookworm-jdk$jdk-$key.cpio"
if [ -f "$out" ]; then echo "$out"; exit 0; fi
mkdir -p "$cache"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Leaving out docs saves ~30 MB of initramfs; openjdk's postinst needs usr/share/man/man1 to exist.
mmdebstrap --arch=arm64 --variant=minbase --include="$packages" \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
  bookworm "$work/root" http://deb.debian.org/debian >&2
(cd "$work/root" && find . -mindepth 1 | cpio -o -H newc --quiet) > "$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
