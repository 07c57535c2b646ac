# Target "fulcrum-metrics": "fulcrum" with metrics on (`metrics: {enabled: true}` in its config.yaml), everything
# else as shipped. Against "fulcrum", it is the cost of the meters on the request path (issue 15: under 5% of GET
# throughput); nothing scrapes it meanwhile (bench/run.sh's METRICS=1 scrapes every 5 s).
FULCRUM_PORT=18085 source "$BENCH_DIR/targets/fulcrum.sh"

target_prepare() {        # $1 = N; as "fulcrum", and metrics on
  rm -rf "$FULCRUM_DATA"; mkdir -p "$FULCRUM_DATA"
  printf 'port: %s\nstateStore:\n  type: h2\n  connection: %s/state\nsecretKeyFile: %s/secret.key\nmetrics: {enabled: true}\n' \
    "$TARGET_PORT" "$FULCRUM_DATA" "$FULCRUM_DATA" > "$FULCRUM_DATA/config.yaml"
  BENCH_TOKEN=$("$FULCRUM_HOME/bin/fulcrum" token create --name bench --config "$FULCRUM_DATA/config.yaml" | tail -1)
  export BENCH_TOKEN
}
