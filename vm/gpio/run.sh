#!/usr/bin/env bash
# The real-kernel GPIO test: boots Debian bookworm's arm64 kernel under QEMU (-M virt, its device
# tree's model set to a Raspberry Pi 4) with a gpio-sim bank labelled as the Pi 4's header chip,
# installs the emon tar.gz in it as a user would and drives the GPIO lines (guest/test.sh).
# Exits non-zero on any failed check.
#
#   vm/gpio/run.sh [--backend pi4j|uapi2|auto] [--kernel bookworm|sid] [--pi 4|5] [--tarball FILE.tar.gz] [--powercut]
#
# Without --backend the GPIO files carry no backend key (emon's default). --kernel sid boots Debian
# unstable's kernel, which refuses the GPIO uAPI v1 that Pi4J 2.8 speaks. --pi 5 names the board
# and labels the header's chip as a Raspberry Pi 5 does (pinctrl-rp1); the default is a Pi 4. Kernel, modules and root
# file system are cached by version under $EMON_CI_CACHE (default /var/cache/emon-ci).
#
# --powercut (bookworm's kernel only): emon is installed on a virtual ext4 disk (virtio, cache=none:
# what the guest has not written out is lost with it); after the GPIO checks a client posts
# numbered batches of pulses while the LED line keeps flashing, QEMU is killed at a random moment,
# the guest boots again, starts emon from the disk and checks every acknowledged pulse and the
# LED pulses older than the stated window (guest/powercut-check.sh); the host then checks the
# database file itself: PRAGMA integrity_check, meter statistics and rollups against the pulses.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
backend="" tarball="" kernel_kind=bookworm pi=4 powercut=""
# Live (GPIO) pulses driven more than this before the cut must have survived (ms): the stated window is
# 1 s (sync) + 250 ms (commit window); the rest is slack for a writer slowed by emulation.
LIVE_WINDOW_MS=${LIVE_WINDOW_MS:-2000}
while [ $# -gt 0 ]; do
  case "$1" in
    --backend) backend="$2"; shift 2;;
    --tarball) tarball="$2"; shift 2;;
    --kernel) kernel_kind="$2"; shift 2;;
    --pi) pi="$2"; shift 2;;
    --powercut) powercut=1; shift;;
    *) echo "usage: $0 [--backend NAME] [--kernel bookworm|sid] [--pi 4|5] [--tarball FILE] [--powercut]" >&2; exit 2;;
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
install -m 755 "$here/guest/test.sh" "$here/guest/lib.sh" "$here/guest/powercut-check.sh" "$work/overlay/rig/"
cp "$kernel"/modules/configfs.ko "$kernel"/modules/gpio-sim.ko "$work/overlay/rig/modules/"
disk=()
if [ -n "$powercut" ]; then
  [ -f "$kernel/modules/disk.order" ] || { echo "run.sh: --powercut needs the disk modules of bookworm's kernel (kernel.sh)" >&2; exit 2; }
  for m in $(cat "$kernel/modules/disk.order"); do cp "$kernel/modules/$m.ko" "$work/overlay/rig/modules/"; done
  cp "$kernel/modules/disk.order" "$work/overlay/rig/modules/"
  mke2fs -q -t ext4 "$work/disk.img" 1536M >/dev/null
  disk=(-drive "file=$work/disk.img,if=none,id=disk,format=raw,cache=none" -device virtio-blk-pci,drive=disk)
fi
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

echo "run.sh: kernel $abi, root $(basename "$rootfs"), emon $(basename "$tarball"), backend ${backend:-default}${powercut:+, power cut}"
log="${EMON_GPIO_VM_LOG:-/tmp/emon-gpio-vm-console.log}"
# Boots the guest: $1 seconds at most, $2 more kernel arguments, $3 the console log. Prints the
# guest's EMON-RIG lines but the many EDGE/ACK lines of the power-cut round. Sets qemu_rc.
boot() {
  set +e
  timeout "$1" "${qemu[@]}" "${disk[@]}" -pidfile "$work/qemu.pid" -dtb "$work/virt.dtb" -kernel "$kernel/vmlinuz" \
    -initrd "$work/initrd.cpio" -append "console=ttyAMA0 rdinit=/init panic=-1 quiet $2" </dev/null 2>&1 \
    | sed -u 's/\r$//' | tee "$3" | grep --line-buffered 'EMON-RIG:' | grep --line-buffered -v -E 'EMON-RIG: (EDGE|ACK) '
  qemu_rc=${PIPESTATUS[0]}
  set -e
}
# Fails unless the log $1 says RESULT pass and no check failed.
verdict() {
  grep -E 'EMON-RIG: (PASS|FAIL|FIGURE|BOOTED|diag)' "$1" | sed 's/^EMON-RIG: /  /' || true
  if ! grep -q 'EMON-RIG: RESULT pass' "$1" || grep -q 'EMON-RIG: FAIL' "$1"; then
    echo "FAILED: $(grep -c 'EMON-RIG: FAIL' "$1") failed checks$(grep -q 'EMON-RIG: RESULT' "$1" || echo ', the guest did not finish')"
    [ -n "${RIG_KEEP_GOING:-}" ] || exit 1   # set when trying the power-cut round on a busy host
  fi
}
start=$(date +%s)
if [ -z "$powercut" ]; then
  boot 900 "" "$work/console.log"
  cp "$work/console.log" "$log"
  echo
  echo "== real-kernel GPIO test (backend ${backend:-default}): $(( $(date +%s) - start )) s in all, console log $log"
  verdict "$log"
  [ "$qemu_rc" -eq 0 ] || { echo "FAILED: QEMU ended with $qemu_rc (124: timed out)"; exit 1; }
  echo "PASSED"
  exit 0
fi

# --- power cut: kill QEMU 4-10 s into the ingest, once a batch was acknowledged ------------------------
: > "$work/console.log"
boot 1200 "" "$work/console.log" &
booted=$!
cut_at=""
while kill -0 "$booted" 2>/dev/null; do
  if [ -z "$cut_at" ] && grep -q '^EMON-RIG: ACK 0$' "$work/console.log"; then
    cut_at=$(( $(date +%s%N) / 1000000 + 4000 + RANDOM % 6000 ))
  fi
  if [ -n "$cut_at" ] && [ $(( $(date +%s%N) / 1000000 )) -ge "$cut_at" ]; then
    kill -9 "$(cat "$work/qemu.pid")"
    break
  fi
  sleep 0.1
done
wait "$booted" || true
cp "$work/console.log" "$log"
echo
echo "== real-kernel GPIO test (backend ${backend:-default}) and power cut: $(( $(date +%s) - start )) s until the cut, console log $log"
verdict "$log"
[ -n "$cut_at" ] || { echo "FAILED: the guest never acknowledged a batch of the power-cut round"; exit 1; }
acked=$(sed -n 's/^EMON-RIG: ACK \([0-9]*\)$/\1/p' "$log" | tail -1)
# LED pulses the guest reported driven; those more than the window before the last one must be there
sed -n 's/^EMON-RIG: EDGE \([0-9]*\)\..*$/\1/p' "$log" > "$work/edges"
last=$(tail -1 "$work/edges")
awk -v t="${last:-0}" -v w="$LIVE_WINDOW_MS" '$1 <= t - w' "$work/edges" > "$work/edges.must"
live_from=$(head -1 "$work/edges.must"); live_to=$(tail -1 "$work/edges.must"); live_must=$(wc -l < "$work/edges.must")
[ "$live_must" -gt 0 ] || { echo "FAILED: no LED pulse driven ${LIVE_WINDOW_MS} ms before the cut"; exit 1; }
echo "power cut after batch $acked acknowledged ($(( (acked + 1) * 5 )) pulses) and $(wc -l < "$work/edges") LED pulses driven ($live_must of them more than $LIVE_WINDOW_MS ms before the last)"

: > "$work/check.log"
boot 900 "emon.rig=check emon.pc=$acked,$live_from,$live_to,$live_must" "$work/check.log"
cp "$work/check.log" "${log%.log}-check.log"
echo
echo "== after the power cut: $(( $(date +%s) - start )) s in all, console log ${log%.log}-check.log"
grep -q 'FAIL powercut-live' "$work/check.log" && echo "  diag powercut-live driven (ms after the first that must be there): $(awk -v t="$live_from" '{ printf "%d ", $1 - t }' "$work/edges")"
verdict "$work/check.log"
[ "$qemu_rc" -eq 0 ] || { echo "FAILED: QEMU ended with $qemu_rc (124: timed out)"; exit 1; }

# The database file itself, read off the disk image: integrity and the derived tables.
db=$(sed -n 's/^EMON-RIG: DB //p' "$work/check.log" | tail -1)
debugfs -R "dump $db $work/emon.db" "$work/disk.img" 2>/dev/null
[ -s "$work/emon.db" ] || { echo "FAILED: no $db on the disk"; exit 1; }
for f in wal shm; do debugfs -R "dump $db-$f $work/emon.db-$f" "$work/disk.img" >/dev/null 2>&1 || true; done
find "$work" -maxdepth 1 -name 'emon.db-*' -empty -delete
q() { sqlite3 "$work/emon.db" "$1"; }
integrity=$(q 'PRAGMA integrity_check')
stats=$(q 'SELECT count(*) FROM (SELECT meter_id, count(*) AS n FROM pulse GROUP BY meter_id) p LEFT JOIN meter_stats m USING (meter_id) WHERE m.pulses IS NOT p.n')
rollup=$(q 'SELECT count(*) FROM rollup r WHERE r.pulses != (SELECT count(*) FROM pulse p WHERE p.meter_id = r.meter_id AND p.ts >= r.start_ts AND p.ts < r.start_ts + 900000) OR r.pulses_before != (SELECT count(*) FROM pulse p WHERE p.meter_id = r.meter_id AND p.ts < r.start_ts)')
uncounted=$(q 'SELECT (SELECT count(*) FROM pulse) - (SELECT coalesce(sum(pulses), 0) FROM rollup)')
echo "  database: integrity $integrity; meter statistics / rollups disagreeing with the pulses: $stats / $rollup; pulses in no rollup: $uncounted"
[ "$integrity" = ok ] && [ "$stats" = 0 ] && [ "$rollup" = 0 ] && [ "$uncounted" = 0 ] || { echo "FAILED: the database after the power cut"; exit 1; }
echo "PASSED"
