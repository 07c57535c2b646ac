#!/usr/bin/env bash
# Issue 11's proof, run long: the consistency storm (random POST, PUT, PATCH, DELETE, restore and import on a few
# dashboards, then every acknowledged write checked against history and documents), the storm cut by kill -9, and
# the 100-way PATCH race. It runs IntegrityTest with longer settings, on H2 and then on PostgreSQL (embedded, as in
# the tests: the two passes of app's surefire), and prints each test's time; `mvn verify` runs the same tests short.
#   bench/storm.sh                          # storms of 60 s, 50 races in a row
#   STORM_SECONDS=300 RACES=100 ROUNDS=3 bench/storm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
STORM_SECONDS=${STORM_SECONDS:-60}; RACES=${RACES:-50}; ROUNDS=${ROUNDS:-1}
for round in $(seq "$ROUNDS"); do
  start=$(date +%s)
  log=$(mktemp)
  if mvn -B -ntp test -pl app -am -Dtest=IntegrityTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dfulcrum.test.stormMillis=$((STORM_SECONDS * 1000)) -Dfulcrum.test.raceRuns="$RACES" > "$log" 2>&1; then
    verdict=passed
  else
    verdict=FAILED
  fi
  echo "round $round: $verdict in $(( $(date +%s) - start )) s (storms of $STORM_SECONDS s, $RACES races of 100 PATCHes)"
  for report in app/target/surefire-reports/TEST-*IntegrityTest.xml app/target/surefire-reports-postgresql/TEST-*IntegrityTest.xml; do
    [ -f "$report" ] || continue
    case "$report" in *postgresql*) db=pg ;; *) db=h2 ;; esac
    grep -oE '<testcase name="[^"]+"[^>]*time="[^"]+"' "$report" \
      | sed -E "s/<testcase name=\"([^\"]+)\".*time=\"([^\"]+)\"/  $db \2 s  \1/"
  done
  grep -E "^storm on" "$log" | sed "s/^/  /" || true
  grep -E '<<< (FAIL|ERR)' "$log" | sed 's/^/  /' || true
  [ "$verdict" = passed ] || { grep -A30 '<<< FAIL' "$log" | head -80; exit 1; }
  rm -f "$log"
done
