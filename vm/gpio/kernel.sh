#!/usr/bin/env bash
# Prepares, once per Debian kernel version, the arm64 guest kernel and the modules the rig loads:
# Debian bookworm's stock arm64 kernel (its ABI name resolved from the linux-image-arm64
# meta package, so a security update moves the cache key) and gpio-sim built out of tree for it
# (bookworm's kernels do not build gpio-sim). Prints the cache directory on stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${EMON_CI_CACHE:-/var/cache/emon-ci}/gpio-vm"
abi="$(apt-cache depends linux-image-arm64:arm64 | sed -n 's/.*Depends: linux-image-\([0-9.]*-[0-9]*\)-arm64.*/\1/p' | head -1)"
[ -n "$abi" ] || { echo "kernel.sh: cannot resolve the arm64 kernel ABI (apt-get update?)" >&2; exit 1; }
image="linux-image-$abi-arm64"
version="$(apt-cache policy "$image:arm64" | sed -n 's/.*Candidate: //p')"
series="${abi%.*-*}"            # 6.1.0-57 -> 6.1
series="${abi%%.0-*}"
out="$cache/kernel-$abi-$version"
# A virtio disk with ext4, for the power-cut round (run.sh --powercut), in load order.
DISK_MODULES="crypto/crc32c_generic lib/crc16 fs/mbcache fs/jbd2/jbd2 fs/ext4/ext4 drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci drivers/block/virtio_blk"

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
mkdir -p "$cache/debs"
cd "$cache/debs"
download() {
  for pkg in "$@"; do
    name="${pkg%%:*}"
    ls "${name}"_*.deb >/dev/null 2>&1 || apt-get download -q "$pkg" >&2
  done
}
# Added after the first caches were made: taken from the kept image package when missing.
disk_modules() {
  download "$image:arm64"
  mkdir -p "$work/image"
  dpkg-deb -x "$image"_*.deb "$work/image"
  local kd="$work/image/lib/modules/$abi-arm64/kernel"
  [ -d "$kd" ] || kd="$work/image/usr/lib/modules/$abi-arm64/kernel"
  for m in $DISK_MODULES; do cp "$kd/$m.ko" "$out/modules/"; done
  echo "$DISK_MODULES" | tr ' ' '\n' | sed 's#.*/##' > "$out/modules/disk.order"
}
if [ -f "$out/done" ]; then
  [ -f "$out/modules/disk.order" ] || disk_modules
  echo "$out"; exit 0
fi
mkdir -p "$out"
# linux-source is big (~140 MB): kept by version beside the kernel debs.
download "$image:arm64" "linux-headers-$abi-arm64:arm64" "linux-headers-$abi-common" \
         "linux-kbuild-$series" "linux-source-$series"
for deb in "$image"_*.deb "linux-headers-$abi-arm64"_*.deb "linux-headers-$abi-common"_*.deb "linux-kbuild-$series"_*.deb; do
  dpkg-deb -x "$deb" "$work/root"
done
cp "$work/root/boot/vmlinuz-$abi-arm64" "$out/vmlinuz"
kdir="$work/root/lib/modules/$abi-arm64/kernel"
[ -d "$kdir" ] || kdir="$work/root/usr/lib/modules/$abi-arm64/kernel"
mkdir -p "$out/modules"
for m in fs/configfs/configfs.ko fs/9p/9p.ko net/9p/9pnet.ko net/9p/9pnet_virtio.ko fs/netfs/netfs.ko fs/fscache/fscache.ko; do
  [ -f "$kdir/$m" ] && cp "$kdir/$m" "$out/modules/" || true
done
disk_modules

# gpio-sim out of tree: three GPL-2.0 files of the kernel source, two changes (pi-vm.md).
src="$(ls "linux-source-$series"_*.deb)"
mkdir -p "$work/src" "$work/mod"
dpkg-deb --fsys-tarfile "$src" | tar -x -C "$work/src" --wildcards '*/linux-source-*.tar.xz'
tar -xJf "$work"/src/usr/src/linux-source-*.tar.xz -C "$work/src" --wildcards \
  '*/drivers/gpio/gpio-sim.c' '*/drivers/gpio/gpiolib.h' '*/kernel/irq/irq_sim.c'
cp "$work"/src/linux-source-*/drivers/gpio/gpio-sim.c "$work"/src/linux-source-*/drivers/gpio/gpiolib.h \
   "$work"/src/linux-source-*/kernel/irq/irq_sim.c "$work/mod/"
# irq_to_desc is not exported to modules; generic_handle_irq does the same for a simulated irq.
sed -i 's/handle_simple_irq(irq_to_desc(\([^)]*\)))/generic_handle_irq(\1)/' "$work/mod/irq_sim.c"
grep -q 'generic_handle_irq' "$work/mod/irq_sim.c" || { echo "kernel.sh: irq_sim.c patch did not apply" >&2; exit 1; }
cat > "$work/mod/Makefile" <<'MK'
obj-m := gpio-sim.o
gpio-sim-y := gpio-sim-main.o irq_sim.o
MK
mv "$work/mod/gpio-sim.c" "$work/mod/gpio-sim-main.c"
hdr="$work/root/usr/src/linux-headers-$abi-arm64"
# The headers' Makefile includes the common headers by absolute path: point it at our copy.
sed -i "s#/usr/src/linux-headers-$abi-common#$work/root/usr/src/linux-headers-$abi-common#g" "$hdr/Makefile"
for link in "$hdr/scripts" "$hdr/tools" "$work/root/usr/src/linux-headers-$abi-common/scripts" "$work/root/usr/src/linux-headers-$abi-common/tools"; do
  if [ -L "$link" ]; then
    t="$(readlink "$link")"; case "$t" in /*) ln -sfn "$work/root$t" "$link";; esac
  fi
done
make -s -C "$hdr" M="$work/mod" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- modules >&2
cp "$work/mod/gpio-sim.ko" "$out/modules/"
echo "$abi" > "$out/abi"
touch "$out/done"
echo "$out"
