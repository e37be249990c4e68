# Shared by the guest's scripts (test.sh, powercut-check.sh): reporting to the host, starting emon
# and talking to its API. Results are "EMON-RIG:" lines on the console, read by the host's run.sh.
say() { echo "EMON-RIG: $*"; }
failures=0
check() { # NAME ok|fail DETAIL
  if [ "$2" = ok ]; then say "PASS $1: $3"; else say "FAIL $1: $3"; failures=$((failures + 1)); fi
}
ms() { echo $(($(date +%s%N) / 1000000)); }

api() { curl -s -m 20 -H "X-Access-Token: $TOKEN" "http://127.0.0.1:8181$1"; }
login() {
  curl -s -m 90 -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$EMON_ADMIN_PASSWORD\"}" \
    http://127.0.0.1:8181/api/login 2>/dev/null | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}
# Starts the distribution in $E as its bin/start does for a user and logs in as admin
# (EMON_ADMIN_PASSWORD); sets TOKEN and started (ms). Exits the script if no login comes.
start_emon() {
  export EXTRA_JAVA_OPTS="-XX:TieredStopAtLevel=1"
  export JAVA_HOME="$(ls -d /usr/lib/jvm/java-17-openjdk-* | head -1)"
  started=$(ms)
  "$E/bin/start"
  TOKEN=""
  until [ -n "$TOKEN" ] || [ $(($(ms) - started)) -gt 400000 ]; do sleep 2; TOKEN="$(login)"; done
  [ -n "$TOKEN" ] || { check emon-start fail "no login within 400 s"; tail -n 40 "$E/data/log/karaf.log"; say "RESULT fail"; exit 1; }
  say "FIGURE emon-start-s $(( ($(ms) - started) / 1000 ))"
}

state() { api /api/v1/status | grep -o "\"name\":\"$1[^\"]*\",\"meterId\":$2,\"state\":\"[A-Z]*\",\"detail\":\"[^\"]*\"" | head -1; }
wait_state() { # NAME METER PATTERN SECONDS
  i=0; while [ $i -lt "$4" ]; do s="$(state "$1" "$2")"; case "$s" in *$3*) return 0;; esac; sleep 1; i=$((i + 1)); done; return 1
}

# pulses of a meter with from <= t < to, one a line
pulses() { api "/api/v1/meters/$1/pulses?from=$2&to=$3&limit=10000" | sed -n 's/.*"pulses":\[\([^]]*\)\].*/\1/p' | tr ',' '\n' | grep -v '^$'; }
count() { pulses "$@" | wc -l; }
