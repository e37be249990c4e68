#!/usr/bin/env bash
# Power-cut test of the pulse store: the store (the org.emon.store.sqlite classes, driven by
# PowerCutHarness) runs inside an x86_64 Linux VM (QEMU under emulation, Debian's amd64 kernel, a
# Debian 12 root disk with Java 17) with its database on a virtual ext4 disk (virtio-blk,
# cache=none: what the guest has not written out is lost with it). Clients' batches are acknowledged
# on the serial console as they complete; the host kills QEMU at a random moment, boots the VM again
# and checks: PRAGMA integrity_check, every acknowledged pulse there, meter statistics, rollups and the
# original's 600 s tables agreeing with the pulses, and the live (GPIO-like) pulses lost within the
# window. Usage: benchmarks/powercut.sh [rounds] (default 100; CI runs 3). Needs root (for nothing
# but apt-get when a tool is missing). Caches the kernel, root disk and initramfs base under
# /var/cache/emon-ci/powercut.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-100}
CACHE=${EMON_CI_CACHE:-/var/cache/emon-ci}/powercut
# Live pulses older than this (guest clock, before the last one seen) must have survived: the stated
# window is 1 s (sync) + 250 ms (commit window); the rest is slack for a writer slowed by emulation.
LIVE_WINDOW_MS=${LIVE_WINDOW_MS:-2000}
mkdir -p "$CACHE"

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need qemu-system-x86_64 qemu-system-x86
need cpio cpio
need mke2fs e2fsprogs

# Kernel: Debian's current amd64 image, its vmlinuz and the modules a virtio ext4 disk needs.
ABI=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: linux-image-\(.*\)-amd64$/\1/p' | head -1)
KDIR=$CACHE/kernel-$ABI
MODULES="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk crc16 mbcache jbd2 crc32c_generic ext4"
if [ ! -s "$KDIR/vmlinuz" ]; then
    tmp=$(mktemp -d)
    (cd "$tmp" && apt-get download -q "linux-image-$ABI-amd64" busybox-static >/dev/null 2>&1)
    dpkg-deb -x "$tmp"/linux-image-*.deb "$tmp/k"
    dpkg-deb -x "$tmp"/busybox-static_*.deb "$tmp/b"
    mkdir -p "$KDIR.part/mods"
    cp "$tmp"/k/boot/vmlinuz-* "$KDIR.part/vmlinuz"
    cp "$tmp/b/bin/busybox" "$KDIR.part/busybox"
    for m in $MODULES; do cp "$(find "$tmp/k/lib/modules" -name "$m.ko")" "$KDIR.part/mods/"; done
    rm -rf "$tmp" "$KDIR"
    mv "$KDIR.part" "$KDIR"
fi

# Root disk: the clean Debian of the package test (Java 17 included) as an ext4 image.
ROOTFS_TAR=$(deb/src/test/debian-rootfs.sh)
ROOTIMG=$CACHE/$(basename "${ROOTFS_TAR%.tar}").img
if [ ! -s "$ROOTIMG" ]; then
    tmp=$(mktemp -d)
    tar -C "$tmp" -xf "$ROOTFS_TAR"
    mke2fs -q -t ext4 -d "$tmp" "$ROOTIMG.part" 1200M
    rm -rf "$tmp"
    mv "$ROOTIMG.part" "$ROOTIMG"
fi

# The harness: the store module's classes and test classes, and its run-time libraries.
module=bundles/org.emon.store.sqlite
mvn -B -q ${MVN_ARGS:-} -pl "$module" test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/powercut.classpath >/dev/null
WORK=$(mktemp -d /tmp/emon-powercut.XXXXXX)
QEMU_PID=
cleanup() {
    if [ -n "$QEMU_PID" ]; then kill -9 "$QEMU_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/initrd/harness" "$WORK/initrd/bin" "$WORK/initrd/mods"
(cd "$module/target/classes" && jar cf "$WORK/initrd/harness/store.jar" .)
(cd "$module/target/test-classes" && jar cf "$WORK/initrd/harness/store-tests.jar" .)
tr ':' '\n' <"$module/target/powercut.classpath" | grep -E 'org.emon.api|sqlite-jdbc|slf4j' | xargs -I{} cp {} "$WORK/initrd/harness/"
cp "$KDIR/busybox" "$WORK/initrd/bin/busybox"
cp "$KDIR"/mods/*.ko "$WORK/initrd/mods/"
cat >"$WORK/initrd/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc 2>/dev/null || { mkdir -p /proc && mount -t proc proc /proc; }
mkdir -p /sys /dev /newroot && mount -t sysfs sys /sys && mount -t devtmpfs dev /dev
for m in $MODULES; do insmod /mods/\$m.ko; done
mount -t ext4 /dev/vda /newroot && mount -t ext4 /dev/vdb /newroot/mnt
mkdir -p /newroot/harness && cp /harness/*.jar /newroot/harness/
mount -t proc proc /newroot/proc
set -- \$(sed 's/.*emon=\([^ ]*\).*/\1/; s/,/ /g' /proc/cmdline)
echo "GUEST \$(date +%s) \$*"
chroot /newroot /usr/lib/jvm/java-17-openjdk-amd64/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp '/harness/*' \
    org.emon.store.sqlite.internal.PowerCutHarness "\$1" /mnt/emon.db \$2 \$3
umount /newroot/mnt
poweroff -f
INIT
chmod +x "$WORK/initrd/init"
(cd "$WORK/initrd" && find . | cpio -o -H newc --quiet) >"$WORK/initrd.cpio"

# Boots the VM; $1 the harness's arguments (comma-separated), $2 the console log. no_timer_check:
# on a loaded host the emulated timer can miss the kernel's boot-time check, which then panics.
boot() {
    qemu-system-x86_64 -machine q35 -cpu max -smp 2 -m 1024 -nographic -no-reboot \
        -kernel "$KDIR/vmlinuz" -initrd "$WORK/initrd.cpio" \
        -append "console=ttyS0 rdinit=/init panic=-1 quiet no_timer_check emon=$1" \
        -drive file="$ROOTIMG",if=virtio,format=raw,snapshot=on \
        -drive file="$WORK/data.img",if=virtio,format=raw,cache=none \
        </dev/null >"$2" 2>&1 &
    QEMU_PID=$!
}
wait_for() { # pattern, log, seconds
    for _ in $(seq 1 "$3"); do
        grep -q "$1" "$2" && return 0
        kill -0 "$QEMU_PID" 2>/dev/null || break
        sleep 1
    done
    grep -q "$1" "$2"
}

failed=0; acked_total=0; live_lost_total=0; worst_window=0
for round in $(seq 1 "$ROUNDS"); do
    rm -f "$WORK/data.img"
    mke2fs -q -t ext4 "$WORK/data.img" 256M
    log=$WORK/write.$round
    boot write "$log"
    wait_for '^ACK 0' "$log" 300 || { tail -20 "$log"; echo "powercut: round $round: no first ACK"; exit 1; }
    sleep "$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 1 + rand() * 6 }')"
    kill -9 "$QEMU_PID"; wait "$QEMU_PID" 2>/dev/null || true; QEMU_PID=
    acked=$(tr -d '\r' <"$log" | sed -n 's/^ACK \([0-9]*\)$/\1/p' | tail -1)
    # The last heartbeat seen, and the newest one at least LIVE_WINDOW_MS older: its pulses must be there.
    read -r last_k last_t < <(tr -d '\r' <"$log" | grep -E '^HB [0-9]+ [0-9]+$' | tail -1 | cut -d' ' -f2,3)
    must=$(tr -d '\r' <"$log" | grep -E '^HB [0-9]+ [0-9]+$' | awk -v t="$last_t" -v w="$LIVE_WINDOW_MS" '$3 <= t - w { k = $2 } END { print k + 0 }')
    clog=$WORK/check.$round
    boot "check,$acked,$must" "$clog"
    wait_for '^CHECKED' "$clog" 300 || { tail -30 "$clog"; echo "powercut: round $round: the check did not finish"; exit 1; }
    wait "$QEMU_PID" 2>/dev/null || true; QEMU_PID=
    result() { tr -d '\r' <"$clog" | sed -n "s/^RESULT $1 //p"; }
    stored=$(result live_stored)
    lost=$((last_k - stored)); [ "$lost" -lt 0 ] && lost=0
    line="round $round: acked batches 0..$acked ($(((acked + 1) * 5)) pulses): missing $(result acked_missing);"
    line="$line integrity $(result integrity); stats/rollup/collect mismatches $(result stats_mismatch)/$(result rollup_mismatch)/$(result collect_mismatch), rollup uncounted $(result rollup_uncounted);"
    line="$line live: $last_k appended, $lost lost (10 ms apart), $(result live_missing) lost older than ${LIVE_WINDOW_MS} ms"
    echo "powercut: $line"
    if [ -n "$(result error)" ]; then echo "powercut: round $round: the check failed: $(result error)"; fi
    if [ "$(result integrity)" != ok ] || [ "$(result acked_missing)" != 0 ] || [ "$(result live_missing)" != 0 ] \
        || [ "$(result stats_mismatch)" != 0 ] || [ "$(result rollup_mismatch)" != 0 ] \
        || [ "$(result rollup_uncounted)" != 0 ] || [ "$(result collect_mismatch)" != 0 ]; then
        failed=$((failed + 1))
    fi
    acked_total=$((acked_total + (acked + 1) * 5)); live_lost_total=$((live_lost_total + lost))
    [ "$lost" -gt "$worst_window" ] && worst_window=$lost
done
echo "powercut: $ROUNDS rounds, $failed failed; $acked_total acknowledged pulses, 0 of them may be lost;" \
    "live pulses lost: $live_lost_total in all, at most $worst_window in a round ($((worst_window * 10)) ms of pulses)"
[ "$failed" -eq 0 ]
