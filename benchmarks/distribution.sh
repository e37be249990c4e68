# Sourced by the benchmark scripts: the built distribution unpacked into a temporary folder and
# started on free ports, with a generated admin password; stopped and removed on exit.
#   unpack_distribution [PARENT]   sets $work (a new temporary folder in PARENT) and $home
#   start_distribution             starts $home, sets $pid, $base, $password, $token
#   ingest_pulses METER FROM_MS TO_MS STEP_MS   posts one pulse every STEP_MS in [FROM_MS, TO_MS) in
#                                  batches of 10,000 (the most one request may carry); prints how many were new
# Between the two, a script may change $home/etc.

tarball=${TARBALL:-$(ls karaf-assembly/target/karaf-assembly-*.tar.gz 2>/dev/null | head -1)}
[ -n "$tarball" ] || { echo "no karaf-assembly/target/karaf-assembly-*.tar.gz: run mvn install first" >&2; exit 1; }
work=""
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  [ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

unpack_distribution() {
  work=$(mktemp -d ${1:+-p "$1"})
  tar -xzf "$tarball" -C "$work"
  home=$(ls -d "$work"/*/)
  home=${home%/}
}

start_distribution() {
  local port
  port=$(free_port)
  sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $port/" "$home/etc/org.ops4j.pax.web.cfg"
  sed -i "s/^sshPort *=.*/sshPort = $(free_port)/" "$home/etc/org.apache.karaf.shell.cfg"
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  base=http://127.0.0.1:$port
  EMON_ADMIN_PASSWORD=$password "$home/bin/karaf" server > "$work/console.log" 2>&1 &
  while [ -z "$pid" ]; do pid=$(pgrep -f "karaf.base=$home" || true); sleep 0.05; done
  token=""
  local body
  for _ in $(seq 1 900); do
    body=$(curl -s -m 2 -X POST -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$base/api/login" || true)
    case "$body" in *'"token"'*) token=$(sed 's/.*"token":"\([^"]*\)".*/\1/' <<<"$body"); break ;; esac
    sleep 0.1
  done
  [ -n "$token" ] || { echo "emon did not answer a login within 90 s:" >&2; tail -n 20 "$work/console.log" >&2; exit 1; }
}

ingest_pulses() {
  local meter=$1 from_ms=$2 to_ms=$3 step=$4 start end answer n total=0
  for (( start = from_ms; start < to_ms; start += 10000 * step )); do
    end=$(( start + 10000 * step < to_ms ? start + 10000 * step : to_ms ))
    awk -v s="$start" -v e="$end" -v d="$step" 'BEGIN { printf "{\"timestamps\":["; sep=""; for (t = s; t < e; t += d) { printf "%s%.0f", sep, t; sep="," } printf "]}" }' > "$work/batch.json"
    answer=$(curl -s -m 120 -X POST -H "X-Access-Token: $token" -H 'Content-Type: application/json' --data-binary "@$work/batch.json" "$base/api/v1/meters/$meter/pulses")
    n=$(sed -n 's/.*"accepted":\([0-9]*\),"duplicates":\([0-9]*\).*/\1+\2/p' <<<"$answer")
    [ -n "$n" ] || { echo "ingest failed: $answer" >&2; exit 1; }
    total=$(( total + n ))
  done
  echo "$total"
}
