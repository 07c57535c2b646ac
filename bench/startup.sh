#!/usr/bin/env bash
# Startup and memory at rest: time to the first authenticated 200, RSS 10 s later (idle), and `token create`
# end to end, for `bin/fulcrum` (the README's way) against `java -jar` with no flags (the way before it) and,
# with CEILING_JAR, the shared harness's trivial Javalin app (../shared/bench/peers/ceiling), interleaved run by
# run so that the machine's load falls on all alike. Every run is printed, then min / median / max.
#   bench/startup.sh                                   # 5 runs each
#   RUNS=3 CEILING_JAR=/tmp/bench/peers/ceiling/target/ceiling.jar bench/startup.sh
#   JAR_BEFORE=/tmp/old-fulcrum.jar bench/startup.sh   # `java -jar` runs another jar (e.g. main's), same workload
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}; PORT=${PORT:-19097}; IDLE=${IDLE:-10}
JAR=$PWD/app/target/fulcrum.jar
JAR_BEFORE=${JAR_BEFORE:-$JAR}
[ -f "$JAR" ] || mvn -B -q -DskipTests package
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results.tsv

# serve_once LABEL PATH CMD...: a fresh database with one token, CMD started; first authenticated 200 on PATH
# (as the shared harness times it), then the RSS after IDLE seconds of rest
serve_once() {
    local label=$1 path=$2 dir=$WORK/$1 token start pid code ms rss; shift 2
    rm -rf "$dir"; mkdir -p "$dir"
    printf 'port: %s\nstateStore:\n  type: h2\n  connection: %s/state\nsecretKeyFile: %s/secret.key\n' \
        "$PORT" "$dir" "$dir" > "$dir/config.yaml"
    token=$(java -jar "$JAR_BEFORE" token create --name startup --config "$dir/config.yaml" 2>/dev/null | tail -1)
    start=$(date +%s%N)
    (cd "$dir" && BENCH_TOKEN=$token exec "$@") > "$dir/log" 2>&1 & # the ceiling checks $BENCH_TOKEN
    pid=$!
    for _ in $(seq 1 3000); do
        code=$(curl -s -o /dev/null -w '%{http_code}' -H "x-imply-api-token: $token" "http://127.0.0.1:$PORT$path" || true)
        if [ "$code" = 200 ]; then break; fi
        sleep 0.02
    done
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    sleep "$IDLE"
    rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    printf '%s\tstartup_ms\t%s\n%s\tidle_rss_mb\t%s\n' "$label" "$ms" "$label" "$rss" >> "$RESULTS"
    echo "  $label: first authenticated answer after $ms ms, idle RSS $rss MB"
}

# token_once LABEL CMD...: `CMD token create` on an existing database, wall time end to end
token_once() {
    local label=$1 dir=$WORK/cli start ms; shift
    start=$(date +%s%N)
    "$@" token create --name "t$RANDOM$RANDOM" --config "$dir/config.yaml" > /dev/null 2>&1
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    printf '%s\ttoken_create_ms\t%s\n' "$label" "$ms" >> "$RESULTS"
    echo "  $label: token create in $ms ms"
}

mkdir -p "$WORK/cli"
printf 'stateStore:\n  type: h2\n  connection: %s/state\nsecretKeyFile: %s/secret.key\n' "$WORK/cli" "$WORK/cli" \
    > "$WORK/cli/config.yaml"
java -jar "$JAR" token create --name first --config "$WORK/cli/config.yaml" > /dev/null 2>&1 # migrations done once
for run in $(seq 1 "$RUNS"); do
    echo "run $run (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    if [ -n "${CEILING_JAR:-}" ]; then
        serve_once ceiling /api/v1/data-cubes/dc-0 java -jar "$CEILING_JAR" "$PORT"
    fi
    serve_once java-jar /api/v1/data-cubes java -jar "$JAR_BEFORE" serve --config config.yaml
    serve_once bin-fulcrum /api/v1/data-cubes "$PWD/bin/fulcrum" serve --config config.yaml
    token_once java-jar java -jar "$JAR_BEFORE"
    token_once bin-fulcrum bin/fulcrum
done

echo
echo "Startup, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $RUNS runs each (every run above), min / median / max:"
sort -k1,1 -k2,2 -k3,3n "$RESULTS" | awk -F'\t' '
    { key = $1 " " $2; v[key, ++n[key]] = $3 }
    END { for (key in n) { m = n[key]; printf "%-32s %6d %6d %6d\n", key, v[key, 1], v[key, int((m + 1) / 2)], v[key, m] } }' | sort
