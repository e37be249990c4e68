#!/usr/bin/env bash
# Package test: installs the emon .deb with dpkg on a clean Debian 12 (a minbase chroot made by
# mmdebstrap, cached by its package list under /var/cache/emon-ci), starts it through the systemd
# unit's own command line as user emon, logs in over HTTP on loopback, upgrades to a newer build
# (keeping data and an edited configuration), removes and purges it. Checks the unit with
# systemd-analyze verify. Needs root. Usage: package-test.sh path/to/emon_*.deb
set -euo pipefail
DEB=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
HTTP_PORT=${EMON_TEST_HTTP_PORT:-18481}
SSH_PORT=${EMON_TEST_SSH_PORT:-18411}

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need curl curl
ROOTFS_TAR=$("$HERE/debian-rootfs.sh")

WORK=$(mktemp -d /tmp/emon-deb-test.XXXXXX)
ROOT=$WORK/root
PID=
cleanup() {
    if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -9 "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
    umount "$ROOT/proc" 2>/dev/null || umount -l "$ROOT/proc" 2>/dev/null || true
    # Never delete through a mount point (a host file system would go with it).
    if grep -q " $WORK/" /proc/mounts; then
        echo "package-test: $WORK still has mounts; not removed" >&2
    else
        rm -rf --one-file-system "$WORK"
    fi
}
trap cleanup EXIT
mkdir -p "$ROOT"
tar -C "$ROOT" -xf "$ROOTFS_TAR"
# Java needs /proc; the root file system's tar has its own /dev nodes (null, zero, urandom, ...).
mount -t proc proc "$ROOT/proc"
in_root() { chroot "$ROOT" "$@"; }
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }

# A newer build of the same package: only the version raised. The data part is taken over as it
# is (its owners and modes exactly as built); only the control part is rewritten.
mkdir -p "$WORK/newer/control"
OLD_VERSION=$(dpkg-deb -f "$DEB" Version)
(cd "$WORK/newer" && ar x "$DEB")
CONTROL_TAR=$(cd "$WORK/newer" && ls control.tar.*)
tar -C "$WORK/newer/control" -xf "$WORK/newer/$CONTROL_TAR"
sed -i "s/^Version: .*/Version: ${OLD_VERSION}+test1/" "$WORK/newer/control/control"
tar -C "$WORK/newer/control" --owner=0 --group=0 -czf "$WORK/newer/control.tar.gz" .
DATA_TAR=$(cd "$WORK/newer" && ls data.tar.*)
(cd "$WORK/newer" && ar rc emon_newer_all.deb debian-binary control.tar.gz "$DATA_TAR")
dpkg-deb -f "$WORK/newer/emon_newer_all.deb" Version | grep -q 'test1$' || fail "could not make the newer package"
cp "$DEB" "$ROOT/tmp/emon.deb"
cp "$WORK/newer/emon_newer_all.deb" "$ROOT/tmp/emon-newer.deb"

echo "package-test: dpkg -i $(basename "$DEB") ($(du -k "$DEB" | cut -f1) KiB)"
in_root dpkg -i /tmp/emon.deb
in_root getent passwd emon >/dev/null || fail "no user emon"
[ -x "$ROOT/opt/emon/bin/karaf" ] || fail "no /opt/emon/bin/karaf"
[ "$(readlink "$ROOT/opt/emon/etc")" = /etc/emon ] || fail "/opt/emon/etc is not a link to /etc/emon"
grep -q '^/etc/emon/org.ops4j.pax.web.cfg$' "$ROOT/var/lib/dpkg/info/emon.conffiles" || fail "etc not conffiles"
[ "$(in_root stat -c %U /var/lib/emon)" = emon ] || fail "/var/lib/emon not owned by emon"

UNIT=$ROOT/lib/systemd/system/emon.service
echo "package-test: systemd-analyze verify"
out=$(in_root systemd-analyze verify /lib/systemd/system/emon.service 2>&1) || fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify is not clean: $out"

# The user's edit, which an upgrade must keep: loopback ports of this test.
sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $HTTP_PORT/" "$ROOT/etc/emon/org.ops4j.pax.web.cfg"
grep -q "port = $HTTP_PORT" "$ROOT/etc/emon/org.ops4j.pax.web.cfg" || fail "could not edit the HTTP port"
sed -i "s/^sshPort *=.*/sshPort = $SSH_PORT/; s/^sshHost *=.*/sshHost = 127.0.0.1/" "$ROOT/etc/emon/org.apache.karaf.shell.cfg"

# What systemd would run: the unit's ExecStart, as its User, with its EnvironmentFile.
EXEC=$(sed -n 's/^ExecStart=//p' "$UNIT")
USER=$(sed -n 's/^User=//p' "$UNIT")
ENVFILE=$(sed -n 's/^EnvironmentFile=-\{0,1\}//p' "$UNIT")
start() {
    chroot --userspec="$USER:$USER" "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/var/lib/emon \
        /bin/sh -c "set -a; . $ENVFILE; set +a; exec $EXEC" >"$WORK/console.$1" 2>&1 &
    PID=$!
    # Ready: the API refuses a request without a token (401), and the first start's password is written.
    for _ in $(seq 1 180); do
        code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/api/v1/status" 2>/dev/null || true)
        if [ "$code" = 401 ] && [ -s "$ROOT/var/lib/emon/emon/admin-password.txt" ]; then return 0; fi
        kill -0 "$PID" 2>/dev/null || { cat "$WORK/console.$1"; fail "emon exited"; }
        sleep 1
    done
    cat "$WORK/console.$1"; fail "no answer on port $HTTP_PORT"
}
stop() { # as systemd stops it: SIGTERM; the store must have closed (committed its queue) before the exit
    kill -TERM "$PID"
    for _ in $(seq 1 90); do
        if ! kill -0 "$PID" 2>/dev/null; then
            PID=
            grep -q "Pulse store on /var/lib/emon/emon.db closed" "$ROOT/var/log/emon/karaf.log" \
                || fail "the store did not close on SIGTERM"
            return 0
        fi
        sleep 1
    done
    fail "emon did not stop within 90 s of SIGTERM"
}
login() {
    curl -fsS -H 'Content-Type: application/json' \
        -d "{\"username\":\"admin\",\"password\":\"$1\"}" "http://127.0.0.1:$HTTP_PORT/api/login" 2>/dev/null | grep -q '"token"'
}

echo "package-test: start as $USER: $EXEC"
start 1
PWFILE=$ROOT/var/lib/emon/emon/admin-password.txt
[ -s "$PWFILE" ] || fail "no generated admin password in /var/lib/emon/emon/admin-password.txt"
mode=$(in_root stat -c '%U %a' /var/lib/emon/emon/admin-password.txt)
[ "$mode" = "emon 600" ] || fail "password file is $mode, not emon 600"
grep -q "/var/lib/emon/emon/admin-password.txt" "$WORK/console.1" || fail "the console (journal) does not say where the password is"
PASSWORD=$(tr -d '\n' <"$PWFILE")
login "$PASSWORD" || fail "login with the generated password"
login "not-$PASSWORD" && fail "login with a wrong password succeeded"
ls "$ROOT/var/log/emon" | grep -q karaf.log || fail "no log in /var/log/emon"
echo "package-test: logged in as admin"
# The SSH console is optional (docs/security.md): nothing listens on its port until it is asked for.
(exec 3<>"/dev/tcp/127.0.0.1/$SSH_PORT") 2>/dev/null && fail "something listens on the SSH port $SSH_PORT of a fresh install"
stop

echo "package-test: upgrade to ${OLD_VERSION}+test1"
in_root dpkg -i /tmp/emon-newer.deb
[ "$(in_root dpkg-query -W -f '${Version}' emon)" = "${OLD_VERSION}+test1" ] || fail "not upgraded"
grep -q "port = $HTTP_PORT" "$ROOT/etc/emon/org.ops4j.pax.web.cfg" || fail "the edited configuration was lost"
start 2
login "$PASSWORD" || fail "login after the upgrade (data lost?)"
grep -q "first start" "$WORK/console.2" && fail "the upgrade started from empty data"
echo "package-test: upgraded, configuration and data kept"
stop

in_root dpkg -r emon
[ ! -e "$ROOT/opt/emon/bin/karaf" ] || fail "remove left /opt/emon"
[ -s "$PWFILE" ] && [ -f "$ROOT/etc/emon/org.ops4j.pax.web.cfg" ] || fail "remove deleted data or configuration"
in_root dpkg -P emon
for gone in /var/lib/emon /etc/emon /var/log/emon /etc/default/emon /opt/emon; do
    [ ! -e "$ROOT$gone" ] || fail "purge left $gone"
done
in_root getent passwd emon >/dev/null && fail "purge left the user emon"
echo "package-test: OK (install, start as emon, login, upgrade, remove, purge)"
