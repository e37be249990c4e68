#!/usr/bin/env bash
# Prints the path of a clean Debian 12 (bookworm) minbase root file system as a tar, with Java 17,
# adduser and systemd, built once by mmdebstrap and cached under /var/cache/emon-ci (keyed by its
# package list). Used by the package test (a chroot) and the power-cut test (a VM's root disk).
set -euo pipefail
CACHE=${EMON_CI_CACHE:-/var/cache/emon-ci}/deb-test
INCLUDE=openjdk-17-jre-headless,adduser,systemd
TAR=$CACHE/bookworm-minbase-$(echo "$INCLUDE" | md5sum | cut -c1-8).tar
if [ ! -s "$TAR" ]; then
    command -v mmdebstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq mmdebstrap >/dev/null; }
    mkdir -p "$CACHE"
    echo "debian-rootfs: building $TAR (once)" >&2
    # mmdebstrap picks the output format by the name's ending: .tar
    mmdebstrap --variant=minbase --include="$INCLUDE" bookworm "${TAR%.tar}.part.tar" \
        http://deb.debian.org/debian >&2
    mv "${TAR%.tar}.part.tar" "$TAR"
fi
echo "$TAR"
