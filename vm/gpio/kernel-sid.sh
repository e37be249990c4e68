#!/usr/bin/env bash
# Prepares, once per version, Debian unstable's arm64 kernel for the rig: a kernel as Raspberry Pi
# OS will ship next, built without CONFIG_GPIO_CDEV_V1 (libgpiod 1.x and so Pi4J 2.8 are refused)
# and with gpio-sim as a module. Resolved from sid's package index (the host's apt knows only its
# own release), so the cache key moves with sid's kernel. Prints the cache directory on stdout.
set -euo pipefail
cache="${EMON_CI_CACHE:-/var/cache/emon-ci}/gpio-vm"
mirror=http://deb.debian.org/debian
mkdir -p "$cache"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
curl -fsS -o "$work/Packages.xz" "$mirror/dists/sid/main/binary-arm64/Packages.xz"
xz -dc "$work/Packages.xz" > "$work/Packages"
field() { # PACKAGE FIELD
  awk -v p="Package: $1" -v f="$2: " '$0 == p {on = 1} on && index($0, f) == 1 {print substr($0, length(f) + 1); exit} on && $0 == "" {on = 0}' "$work/Packages"
}
image="$(field linux-image-arm64 Depends | tr ',' '\n' | sed -n 's/^ *\(linux-image-[^ ]*-arm64\) .*/\1/p' | head -1)"
[ -n "$image" ] || { echo "kernel-sid.sh: no linux-image-*-arm64 in sid's index" >&2; exit 1; }
abi="${image#linux-image-}"                       # 7.2.13+deb14-arm64
version="$(field "$image" Version)"
out="$cache/kernel-sid-$abi-$version"
if [ -f "$out/done" ]; then echo "$out"; exit 0; fi
mkdir -p "$out/modules"
# The kernel image and its modules are split into two packages since 6.x in sid.
for pkg in "linux-binary-$abi" "linux-modules-$abi"; do
  file="$(field "$pkg" Filename)"
  [ -n "$file" ] || { echo "kernel-sid.sh: $pkg not in sid's index" >&2; exit 1; }
  curl -fsS -o "$work/$pkg.deb" "$mirror/$file"
  dpkg-deb -x "$work/$pkg.deb" "$work/root"
done
mods="$work/root/usr/lib/modules/$abi"
cp "$mods/vmlinuz" "$out/vmlinuz"
# Decompressed on the host: the guest's insmod then needs no xz support.
for m in fs/configfs/configfs drivers/gpio/gpio-sim; do
  if [ -f "$mods/kernel/$m.ko.xz" ]; then xz -dc "$mods/kernel/$m.ko.xz" > "$out/modules/$(basename "$m").ko"
  elif [ -f "$mods/kernel/$m.ko" ]; then cp "$mods/kernel/$m.ko" "$out/modules/"
  fi
done
[ -f "$out/modules/gpio-sim.ko" ] || { echo "kernel-sid.sh: sid's kernel has no gpio-sim module" >&2; exit 1; }
echo "$abi" > "$out/abi"
touch "$out/done"
echo "$out"
