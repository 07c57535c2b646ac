# Target "fulcrum": the project started the README's way, `bin/fulcrum serve` (the launcher with the JVM settings
# the product ships; it execs the JVM, so the PID the harness holds is the server's), from the checkout in
# $FULCRUM_HOME (default: the current directory); embedded H2 in a fresh directory, one token made by its CLI.
# Changed from the shared harness's `java -jar app/target/fulcrum.jar serve` when the launcher became the README's way.
# Sourced by run-peers.sh. See README.md for what each variable and function means.

TARGET_PORT=${FULCRUM_PORT:-18082}
TARGET_READY_PATH=/api/v1/data-cubes
TARGET_GET_PATH=/api/v1/data-cubes/__NAME__
TARGET_CREATE_PATH=/api/v1/data-cubes
TARGET_BODY_STYLE=wrapped
TARGET_AUTH=1
TARGET_BIG_N=${FULCRUM_BIG_N:-1}

FULCRUM_HOME=${FULCRUM_HOME:-$PWD}
FULCRUM_DATA="$BENCH_DIR/results/${TARGET:-fulcrum}-data"

target_build() {
  [ -f "$FULCRUM_HOME/app/target/fulcrum.jar" ] || (cd "$FULCRUM_HOME" && mvn -q -B -DskipTests package)
}

target_prepare() {        # $1 = N; empty database, a fresh token (Fulcrum makes its own tokens)
  rm -rf "$FULCRUM_DATA"; mkdir -p "$FULCRUM_DATA"
  printf 'port: %s\nstateStore:\n  type: h2\n  connection: %s/state\nsecretKeyFile: %s/secret.key\n' \
    "$TARGET_PORT" "$FULCRUM_DATA" "$FULCRUM_DATA" > "$FULCRUM_DATA/config.yaml"
  BENCH_TOKEN=$("$FULCRUM_HOME/bin/fulcrum" token create --name bench --config "$FULCRUM_DATA/config.yaml" | tail -1)
  export BENCH_TOKEN
}

target_start() {
  cd "$FULCRUM_DATA" && exec "$FULCRUM_HOME/bin/fulcrum" serve --config "$FULCRUM_DATA/config.yaml"
}

target_seed() {           # $1 = N; the cubes' connection first (references must exist)
  curl -sf -o /dev/null -H "x-imply-api-token: $BENCH_TOKEN" \
    --data '{"connection":{"name":"c1","type":"druid","queryHosts":["127.0.0.1:1"]}}' \
    "http://127.0.0.1:$TARGET_PORT/api/v1/connections"
  python3 "$BENCH_DIR/seed.py" http --url "http://127.0.0.1:$TARGET_PORT$TARGET_CREATE_PATH" \
    --style "$TARGET_BODY_STYLE" --n "$1" --token "$BENCH_TOKEN"
}
