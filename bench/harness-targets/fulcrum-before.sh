# Target "fulcrum-before": the jar of main before the launcher ($FULCRUM_BEFORE_JAR), started as the README then
# said, `java -jar fulcrum.jar serve` with no flags: the shared harness's own fulcrum target, on its own port.
FULCRUM_PORT=18083 source "$BENCH_DIR/targets/fulcrum.sh"
FULCRUM_BEFORE_JAR=${FULCRUM_BEFORE_JAR:?the jar to compare with}

target_prepare() {
  rm -rf "$FULCRUM_DATA"; mkdir -p "$FULCRUM_DATA"
  printf 'port: %s\nstateStore:\n  type: h2\n  connection: %s/state\nsecretKeyFile: %s/secret.key\n' \
    "$TARGET_PORT" "$FULCRUM_DATA" "$FULCRUM_DATA" > "$FULCRUM_DATA/config.yaml"
  BENCH_TOKEN=$(java -jar "$FULCRUM_BEFORE_JAR" token create --name bench --config "$FULCRUM_DATA/config.yaml" | tail -1)
  export BENCH_TOKEN
}

target_start() {
  cd "$FULCRUM_DATA" && exec java $JAVA_OPTS -jar "$FULCRUM_BEFORE_JAR" serve --config "$FULCRUM_DATA/config.yaml"
}
