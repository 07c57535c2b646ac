#!/usr/bin/env bash
# Fulcrum's HTTP benchmark: each workload against the built server, and against a trivial Javalin
# endpoint of the same shape in the same run (bench/Baseline.java), printed as req/s, p50, p99 and ratio.
#   bench/run.sh                      # N=1000 cubes, 20 s warm-up, 15 s measured per workload
#   N=200 WARMUP=5 DURATION=5 bench/run.sh   # a quick look
#   PROFILE=1 bench/run.sh            # also record a JFR profile of Fulcrum: bench/out/<workload>.jfr,
#                                     # summarised by: java bench/JfrTop.java bench/out/get-one.jfr
#   ONLY="get-one post" bench/run.sh  # a subset of the workloads (post: updates of random cubes; create: new cubes)
#   STORE=pg bench/run.sh             # on PostgreSQL (an embedded one from Maven Central, as in the tests)
#   N=100000 bench/run.sh             # 100,000 cubes (the whole-list workload is left out above 10,000)
#   METRICS=1 bench/run.sh            # with metrics on (metrics: {enabled: true}) and GET /metrics scraped every
#                                     # 5 s, as Prometheus would: compare with a run without it (issue 15: < 5%)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}; WARMUP=${WARMUP:-20}; DURATION=${DURATION:-15}; STORE=${STORE:-h2}; METRICS=${METRICS:-0}
THREADS=${THREADS:-2}; CONNECTIONS=${CONNECTIONS:-32}
FULCRUM_PORT=${FULCRUM_PORT:-19095}; BASELINE_PORT=${BASELINE_PORT:-19096}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
[ -f app/target/fulcrum.jar ] || mvn -B -q -DskipTests package
JAR=${JAR:-$PWD/app/target/fulcrum.jar}
WORK=$(mktemp -d); OUT=${OUT:-$PWD/bench/out}; mkdir -p "$OUT"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

if [ "$STORE" = pg ]; then
  # -am: the sibling modules resolve from this checkout's build, not from a local repository they were never installed in
  mvn -B -q -pl app -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/test.classpath" > "$WORK/classpath.log" 2>&1 \
    || { echo "bench/run.sh: the test classpath for the embedded PostgreSQL could not be built:" >&2; cat "$WORK/classpath.log" >&2; exit 1; }
  java -cp "$(cat "$WORK/test.classpath")" bench/EmbeddedPg.java > "$WORK/pg.log" 2>&1 & pids+=($!)
  until grep -q '^port ' "$WORK/pg.log"; do sleep 0.2; kill -0 "${pids[-1]}" || { cat "$WORK/pg.log"; exit 1; }; done
  STATE_STORE="  type: pg
  connection: jdbc:postgresql://127.0.0.1:$(awk '/^port / {print $2}' "$WORK/pg.log")/postgres
  user: postgres"
else
  STATE_STORE="  type: h2
  connection: $WORK/state"
fi
cat > "$WORK/config.yaml" <<YAML
port: $FULCRUM_PORT
stateStore:
$STATE_STORE
secretKeyFile: $WORK/secret.key
YAML
if [ "$METRICS" = 1 ]; then echo "metrics: {enabled: true}" >> "$WORK/config.yaml"; fi
export FULCRUM_JAR=$JAR # Fulcrum starts the README's way, bin/fulcrum, with the settings it ships and no others
TOKEN=$(bin/fulcrum token create --name bench --config "$WORK/config.yaml" | tail -1)
export TOKEN N
# A recording started mid-run makes the JIT throw away compiled code (JVMTI), so PROFILE records from launch.
# stackdepth: JFR's default of 64 frames cuts a write's stack (Jetty, Javalin, JDBI, H2) short of its root, and
# a share "under" a frame then counts only the samples whose stack still reached it.
JFR_OPTS=(); [ "${PROFILE:-0}" = 1 ] && JFR_OPTS=(-XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=name=bench,settings=profile)
JAVA_OPTS="${JFR_OPTS[*]}" bin/fulcrum serve --config "$WORK/config.yaml" > "$WORK/fulcrum.log" 2>&1 & pids+=($!); FULCRUM_PID=$!
until curl -sf "http://127.0.0.1:$FULCRUM_PORT/health" >/dev/null; do sleep 0.2; done
if [ "$METRICS" = 1 ]; then # a scrape every 5 s, as a Prometheus job would (bench's token is super-admin: ReadMetrics)
  ( while sleep 5; do curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$FULCRUM_PORT/metrics" > "$WORK/metrics.txt" || true; done ) &
  pids+=($!)
fi

echo "seeding $N data cubes..."
curl -sf -X POST -H "x-imply-api-token: $TOKEN" --data '{"connection":{"name":"bench","type":"druid","queryHosts":["localhost:8082"]}}' \
  "http://127.0.0.1:$FULCRUM_PORT/api/v1/connections" >/dev/null
for ((i = 0; i < N; i++)); do
  printf '{"dataCube":{"name":"bench-cube-%d","title":"Bench %d","connectionName":"bench","source":"wikipedia","dimensions":[{"name":"page"},{"name":"countryIsoCode"},{"name":"cityName_1"},{"name":"__time","type":"TIME"}],"measures":[{"name":"count","formula":"$main.sum($count)"},{"name":"added"},{"name":"deleted"}]}}\n' "$i" "$i"
done | split -l 1 - "$WORK/cube-"
first=1
for f in "$WORK"/cube-*; do
  [ "$first" = 1 ] || echo "next"; first=0
  echo "url = \"http://127.0.0.1:$FULCRUM_PORT/api/v1/data-cubes\""; echo "data-binary = \"@$f\""
  echo "header = \"x-imply-api-token: $TOKEN\""; echo "output = /dev/null"; echo "fail"
done > "$WORK/curl.cfg"
curl -s --no-progress-meter --parallel --parallel-max 8 -K "$WORK/curl.cfg"
count=$(curl -sf -H "x-imply-api-token: $TOKEN" "http://127.0.0.1:$FULCRUM_PORT/api/v1/data-cubes?per_page=1" | grep -o '"total":[0-9]*')
echo "seeded: $count data cubes"

# The baseline serves constant documents of the same sizes as Fulcrum's answers.
curl -sf -H "x-imply-api-token: $TOKEN" "http://127.0.0.1:$FULCRUM_PORT/api/v1/data-cubes/bench-cube-1" > "$WORK/one.json"
curl -sf -H "x-imply-api-token: $TOKEN" "http://127.0.0.1:$FULCRUM_PORT/api/v1/data-cubes?per_page=50&after=bench-cube-1" > "$WORK/page.json"
if [ "$N" -le 10000 ]; then
  curl -sf -H "x-imply-api-token: $TOKEN" "http://127.0.0.1:$FULCRUM_PORT/api/v1/data-cubes" > "$WORK/list.json"
else
  cp "$WORK/page.json" "$WORK/list.json"
fi
java -Xmx1g -cp "$JAR" bench/Baseline.java "$BASELINE_PORT" one="$WORK/one.json" list="$WORK/list.json" page="$WORK/page.json" \
  > "$WORK/baseline.log" 2>&1 & pids+=($!)
until curl -sf -H "x-imply-api-token: good" "http://127.0.0.1:$BASELINE_PORT/trivial/one" >/dev/null; do sleep 0.2; done

# run NAME PORT SCRIPT [env...]: warm up, then measure; prints "req/s p50 p99"
run() {
  local name=$1 port=$2 script=$3; shift 3
  env "$@" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "bench/$script" "http://127.0.0.1:$port" > /dev/null
  env "$@" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "bench/$script" "http://127.0.0.1:$port" > "$OUT/$name.txt"
  if [ "${PROFILE:-0}" = 1 ] && [ "$port" = "$FULCRUM_PORT" ]; then
    jcmd "$FULCRUM_PID" JFR.dump name=bench filename="$OUT/$name.jfr" begin="-${DURATION}s" > /dev/null
  fi
  awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {printf "%s %s %s %s\n", rps, p50, p99, bad+0}' "$OUT/$name.txt"
}

declare -A RESULT
workloads=(
  "get-one|$FULCRUM_PORT|get-one.lua|GET_PREFIX=/api/v1/data-cubes/bench-cube-"
  "get-one-trivial|$BASELINE_PORT|get-one.lua|GET_PREFIX=/trivial/one TOKEN=good"
  "get-list|$FULCRUM_PORT|get-one.lua|GET_PREFIX=/api/v1/data-cubes"
  "get-list-trivial|$BASELINE_PORT|get-one.lua|GET_PREFIX=/trivial/list TOKEN=good"
  "get-page|$FULCRUM_PORT|get-page.lua|GET_PREFIX=/api/v1/data-cubes"
  "get-page-trivial|$BASELINE_PORT|get-page.lua|GET_PREFIX=/trivial/page TOKEN=good"
  "bad-token|$FULCRUM_PORT|get-one.lua|GET_PREFIX=/api/v1/data-cubes/bench-cube-1 TOKEN=fulcrum_not-a-real-token"
  "bad-token-trivial|$BASELINE_PORT|get-one.lua|GET_PREFIX=/trivial/one TOKEN=bad"
  "post|$FULCRUM_PORT|post.lua|POST_PATH=/api/v1/data-cubes"
  "post-trivial|$BASELINE_PORT|post.lua|POST_PATH=/trivial/echo"
  "create|$FULCRUM_PORT|create.lua|POST_PATH=/api/v1/data-cubes"
  "create-trivial|$BASELINE_PORT|create.lua|POST_PATH=/trivial/echo"
)
if [ "$N" -le 10000 ]; then ONLY=${ONLY:-get-one get-list get-page bad-token post create}; else ONLY=${ONLY:-get-one get-page bad-token post create}; fi
for w in "${workloads[@]}"; do
  IFS='|' read -r name port script envs <<< "$w"
  [[ " $ONLY " == *" ${name%-trivial} "* ]] || continue
  # shellcheck disable=SC2086
  RESULT[$name]=$(run "$name" "$port" "$script" $envs)
  echo "  measured $name: ${RESULT[$name]}"
done

echo
echo "Fulcrum benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, store=$STORE, metrics=$([ "$METRICS" = 1 ] && echo on || echo off), N=$N, wrk -t$THREADS -c$CONNECTIONS, warm-up ${WARMUP}s, measured ${DURATION}s"
printf '%-10s %12s %10s %10s %14s %10s %s\n' workload "req/s" p50 p99 "trivial req/s" ratio "non-2xx"
for name in $ONLY; do
  read -r rps p50 p99 bad <<< "${RESULT[$name]}"
  read -r trps _ _ _ <<< "${RESULT[$name-trivial]}"
  ratio=$(awk -v a="$rps" -v b="$trps" 'BEGIN {printf "%.0f%%", 100 * a / b}')
  printf '%-10s %12s %10s %10s %14s %10s %s\n' "$name" "$rps" "$p50" "$p99" "$trps" "$ratio" "$bad"
done
echo "(bad-token's non-2xx are its expected 401s; targets: get-one >= 60%, bad-token >= 80%, create >= 15%, post (updates) >= 20%)"
