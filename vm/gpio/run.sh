#!/usr/bin/env bash
# The real-kernel GPIO test: boots Debian bookworm's arm64 kernel under QEMU (-M virt, its device
# tree's model set to a Raspberry Pi 4) with a gpio-sim bank labelled as the Pi 4's header chip,
# installs the emon tar.gz in it as a user would and drives the GPIO lines (guest/test.sh).
# Exits non-zero on any failed check.
#
#   vm/gpio/run.sh [--backend pi4j|uapi2|auto] [--kernel bookworm|sid] [--pi 4|5] [--tarball FILE.tar.gz]
#
# Without --backend the GPIO files carry no backend key (emon's default). --kernel sid boots Debian
# unstable's kernel, which refuses the GPIO uAPI v1 that Pi4J 2.8 speaks. --pi 5 names the board
# and labels the header's chip as a Raspberry Pi 5 does (pinctrl-rp1); the default is a Pi 4. Kernel, modules and root
# file system are cached by version under $EMON_CI_CACHE (default /var/cache/emon-ci).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
backend="" tarball="" kernel_kind=bookworm pi=4
while [ $# -gt 0 ]; do
  case "$1" in
    --backend) backend="$2"; shift 2;;
    --tarball) tarball="$2"; shift 2;;
    --kernel) kernel_kind="$2"; shift 2;;
    --pi) pi="$2"; shift 2;;
    *) echo "usage: $0 [--backend NAME] [--kernel bookworm|sid] [--pi 4|5] [--tarball FILE]" >&2; exit 2;;
  esac
done
[ -n "$tarball" ] || tarball="$(ls "$repo"/karaf-assembly/target/*.tar.gz 2>/dev/null | head -1)"
[ -f "$tarball" ] || { echo "run.sh: no emon tar.gz (build it first: mvn install)" >&2; exit 2; }

"$here/host-packages.sh"
case "$kernel_kind" in
  bookworm) kernel="$("$here/kernel.sh")";;
  sid) kernel="$("$here/kernel-sid.sh")";;
  *) echo "run.sh: --kernel bookworm or sid, not $kernel_kind" >&2; exit 2;;
esac
# EMON_GPIO_VM_ROOTFS: a root cpio of one's own, for trying a change without rebuilding.
rootfs="${EMON_GPIO_VM_ROOTFS:-$("$here/rootfs.sh")}"
abi="$(cat "$kernel/abi")"

work="$(mktemp -d /tmp/emon-gpio-vm.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/overlay/rig/modules" "$work/overlay/rig/etc"
aarch64-linux-gnu-gcc -O2 -static -o "$work/overlay/rig/edges" "$here/guest/edges.c"
install -m 755 "$here/guest/init" "$work/overlay/init"
install -m 755 "$here/guest/test.sh" "$work/overlay/rig/test.sh"
cp "$kernel"/modules/configfs.ko "$kernel"/modules/gpio-sim.ko "$work/overlay/rig/modules/"
cp "$here"/guest/etc/*.cfg "$work/overlay/rig/etc/"
cp "$tarball" "$work/overlay/rig/emon.tar.gz"
echo "$backend" > "$work/overlay/rig/backend"
case "$pi" in
  4) model="Raspberry Pi 4 Model B Rev 1.5"; label=pinctrl-bcm2711;;
  5) model="Raspberry Pi 5 Model B Rev 1.0"; label=pinctrl-rp1;;
  *) echo "run.sh: --pi 4 or 5, not $pi" >&2; exit 2;;
esac
echo "$label" > "$work/overlay/rig/label"
# What emon must read the pins with: Pi4J where the kernel speaks uAPI v1, else the uAPI v2 backend.
expected="${backend:-$([ "$kernel_kind" = sid ] && echo uapi2 || echo pi4j)}"
[ "$expected" = auto ] && expected="$([ "$kernel_kind" = sid ] && echo uapi2 || echo pi4j)"
echo "$expected" > "$work/overlay/rig/expected-backend"
# Appended after the root file system: a later cpio's files win. No lib/ here: it would replace
# the merged-/usr /lib symlink and the kernel would find no /init.
(cd "$work/overlay" && find . -mindepth 1 | cpio -o -H newc --quiet) > "$work/overlay.cpio"
cat "$rootfs" "$work/overlay.cpio" > "$work/initrd.cpio"

# No network card: the guest talks to nothing but its own loopback.
qemu=(qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -smp 2 -m 3072 -nographic -no-reboot -nic none)
# Pi4J starts its gpiod provider only on a board it recognises by the device tree's model.
"${qemu[@]}" -machine dumpdtb="$work/virt.dtb" >/dev/null 2>&1
fdtput -t s "$work/virt.dtb" / model "$model"

echo "run.sh: kernel $abi, root $(basename "$rootfs"), emon $(basename "$tarball"), backend ${backend:-default}"
start=$(date +%s)
set +e
timeout 900 "${qemu[@]}" -dtb "$work/virt.dtb" -kernel "$kernel/vmlinuz" -initrd "$work/initrd.cpio" \
  -append "console=ttyAMA0 rdinit=/init panic=-1 quiet" </dev/null 2>&1 | sed -u 's/\r$//' | tee "$work/console.log" | grep --line-buffered 'EMON-RIG:'
qemu_rc=${PIPESTATUS[0]}
set -e
took=$(( $(date +%s) - start ))
log="${EMON_GPIO_VM_LOG:-/tmp/emon-gpio-vm-console.log}"
cp "$work/console.log" "$log"

echo
echo "== real-kernel GPIO test (backend ${backend:-default}): $took s in all, console log $log"
grep -E 'EMON-RIG: (PASS|FAIL|FIGURE|BOOTED)' "$log" | sed 's/^EMON-RIG: /  /' || true
if [ "$qemu_rc" -ne 0 ]; then echo "FAILED: QEMU ended with $qemu_rc (124: timed out)"; exit 1; fi
if ! grep -q 'EMON-RIG: RESULT pass' "$log" || grep -q 'EMON-RIG: FAIL' "$log"; then
  echo "FAILED: $(grep -c 'EMON-RIG: FAIL' "$log") failed checks$(grep -q 'EMON-RIG: RESULT' "$log" || echo ', the guest did not finish')"
  exit 1
fi
echo "PASSED"
