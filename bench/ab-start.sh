#!/bin/bash
# First authenticated 200 of two checkouts' bin/fulcrum (the README's start command), alternating run by run on one
# database made by `token create`; every run printed, then the medians. Each checkout needs its own build (jar and
# CDS archive beside it).  RUNS=12 bench/ab-start.sh /work/wt-before /work/main
A=$1; B=$2; RUNS=${RUNS:-6}
cd /tmp; rm -rf abst; mkdir abst
printf 'port: 19305\nstateStore:\n  type: h2\n  connection: /tmp/abst/state\nsecretKeyFile: /tmp/abst/secret.key\n' > abst/config.yaml
T=$($A/bin/fulcrum token create --name s --config abst/config.yaml 2>/dev/null | tail -1)
one() {
  s=$(date +%s%N); ($1/bin/fulcrum serve --config abst/config.yaml > abst/log 2>&1 &)
  for i in $(seq 1000); do c=$(curl -s -o /dev/null -w '%{http_code}' -H "x-imply-api-token: $T" http://127.0.0.1:19305/api/v1/data-cubes); [ "$c" = 200 ] && break; sleep 0.01; done
  e=$(date +%s%N); echo $(( (e-s)/1000000 )); pkill -f "abst/config.yaml"; sleep 1.5
}
ra=(); rb=()
for r in $(seq $RUNS); do a=$(one $A); b=$(one $B); echo "run $r: A $a  B $b"; ra+=($a); rb+=($b); done
med() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "A median $(med ${ra[@]})  B median $(med ${rb[@]})"
