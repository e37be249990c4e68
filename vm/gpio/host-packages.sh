#!/usr/bin/env bash
# Installs the host tools the GPIO rig needs, only when one is missing (CI machines start clean).
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have qemu-system-aarch64 || need+=(qemu-system-arm)
have qemu-aarch64-static || need+=(qemu-user-static)
have mmdebstrap          || need+=(mmdebstrap)
have arch-test           || need+=(arch-test)
have aarch64-linux-gnu-gcc || need+=(gcc-aarch64-linux-gnu)
[ -e /usr/aarch64-linux-gnu/include/stdio.h ] || need+=(libc6-dev-arm64-cross)
have fdtput              || need+=(device-tree-compiler)
have cpio                || need+=(cpio)
have depmod              || need+=(kmod)
have make                || need+=(make)
have bc                  || need+=(bc)
have xz                  || need+=(xz-utils)
have bzip2               || need+=(bzip2)
have flex                || need+=(flex)
have bison               || need+=(bison)
have mke2fs              || need+=(e2fsprogs)   # the power-cut round's disk (mke2fs, debugfs)
have debugfs             || need+=(e2fsprogs)
have sqlite3             || need+=(sqlite3)     # its database checked on the host
# arm64 serves the kernel and headers packages, unpacked by hand (kernel.sh).
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
  fresh=1
fi
if [ ${#need[@]} -gt 0 ] || [ -n "${fresh:-}" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  [ ${#need[@]} -eq 0 ] || apt-get install -y -q --no-install-recommends "${need[@]}"
fi
# mmdebstrap's second stage runs arm64 binaries through qemu-user: binfmt_misc must be mounted.
if [ ! -e /proc/sys/fs/binfmt_misc/status ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || true
fi
# qemu-user-static ships the registration line; a machine without systemd-binfmt running (a
# container) never loads it, so it is written here.
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  grep -v '^#' /usr/lib/binfmt.d/qemu-aarch64.conf > /proc/sys/fs/binfmt_misc/register
fi
