# Target "fulcrum-nocap": bin/fulcrum serve with the heap cap lifted (JAVA_OPTS=-Xmx6g, what this 24 GB machine's
# JVM picks by default; a user's flags win over the launcher's): everything else as shipped. Against "fulcrum",
# it is the throughput cost of -Xmx256m.
FULCRUM_PORT=18084 source "$BENCH_DIR/targets/fulcrum.sh"

target_start() {
  cd "$FULCRUM_DATA" && JAVA_OPTS="-Xmx6g" exec "$FULCRUM_HOME/bin/fulcrum" serve --config "$FULCRUM_DATA/config.yaml"
}
