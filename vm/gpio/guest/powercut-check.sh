#!/bin/sh
# The power-cut round's second boot (run.sh --powercut): starts the emon that was running on the
# disk when QEMU was killed, as a Pi's emon starts after the power comes back, and checks through
# its API that every batch the API had acknowledged is there exactly once, that every LED pulse
# driven more than the stated window before the cut is there, and that the store is healthy.
# Its arguments come on the kernel command line: emon.pc=ACKED,LIVE_FROM,LIVE_TO,LIVE_MUST
# (the last batch acknowledged; the first and last LED pulse (ms) that must have survived, and
# how many were driven from one to the other).
set -u
. /rig/lib.sh
set -- $(sed 's/.*emon\.pc=\([^ ]*\).*/\1/; s/,/ /g' /proc/cmdline)
acked=$1 live_from=$2 live_to=$3 live_must=$4
E="$(ls -d /disk/opt/*/ | head -1)"; E="${E%/}"
EMON_ADMIN_PASSWORD="$(cat /disk/rig-password)"; export EMON_ADMIN_PASSWORD
base="$(cat /disk/rig-ingest-base)"
say "powercut-check: emon $E, acknowledged batches 0..$acked, live pulses $live_from..$live_to ($live_must)"
start_emon

# Every acknowledged pulse exactly once (a pulse is one second apart from the next, 5 a batch).
n=$(( (acked + 1) * 5 ))
awk -v b="$base" -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "%.0f\n", b + i * 1000 }' > /tmp/acked.expected
pulses 21 "$base" $((base + n * 1000)) | sort > /tmp/acked.stored   # 13 digits: text order is number order
sort /tmp/acked.expected > /tmp/acked.expected.sorted
missing=$(comm -23 /tmp/acked.expected.sorted /tmp/acked.stored | wc -l)
twice=$(uniq -d /tmp/acked.stored | wc -l)
other=$(comm -13 /tmp/acked.expected.sorted /tmp/acked.stored | sort -u | wc -l)
[ "$missing" -eq 0 ] && [ "$twice" -eq 0 ] && [ "$other" -eq 0 ] \
  && check powercut-acked ok "all $n pulses of the $((acked + 1)) acknowledged batches are there, each once" \
  || check powercut-acked fail "of $n acknowledged pulses $missing are missing, $twice stored twice; $other other pulses in their range"
# The batch in flight when the power went may be there in whole or not at all, never in part.
inflight=$(count 21 $((base + n * 1000)) $((base + (n + 5) * 1000)))
[ "$inflight" -eq 0 ] || [ "$inflight" -eq 5 ] \
  && check powercut-inflight ok "the batch in flight at the cut: $inflight of 5 pulses (all or none)" \
  || check powercut-inflight fail "the batch in flight at the cut: $inflight of 5 pulses stored (a part)"

# LED pulses driven up to the stated window before the cut (live_to) must all be there; edges are
# 250 ms apart, so +100 ms takes in live_to's pulse (timed at its edge, a few ms after) and no other.
live=$(count 21 $((live_from - 1)) $((live_to + 100)))
after=$(count 21 $((live_to + 100)) $(ms))
[ "$live" -eq "$live_must" ] \
  && check powercut-live ok "all $live_must LED pulses driven until the window before the cut are there ($after later ones survived too)" \
  || { check powercut-live fail "$live of $live_must LED pulses driven until the window before the cut are there"
       say "diag powercut-live stored (ms after the first edge that must be there): $(pulses 21 $((live_from - 1)) $(ms) | awk -v t="$live_from" '{ printf "%d ", $1 - t }' | head -c 1500)"; }
say "FIGURE powercut live-after-window-kept $after"

store="$(api /api/v1/status | sed 's/.*"store"://')"
case "$(echo "$store" | grep -o '"state":"[A-Z_]*"' | head -1)" in
  '"state":"OK"') check powercut-store ok "the store's state after the restart is OK: $(echo "$store" | head -c 200)";;
  *) check powercut-store fail "the store after the restart: $(echo "$store" | head -c 600)";;
esac

"$E/bin/stop" >/dev/null 2>&1
# bin/stop returns at once: wait for the JVM, so the database is closed before the disk is unmounted
i=0; while pgrep -x java >/dev/null && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
sync; umount /disk
[ "$failures" -eq 0 ] && say "RESULT pass" || say "RESULT fail ($failures failed)"
say "DB ${E#/disk}/data/emon.db"
