#!/usr/bin/env bash
# Migration both ways between upstream kro and kro-controller on one cluster (issue #11 §5):
#   1. upstream kro ($KRO_UPSTREAM_VERSION, dev/upstream-kro) with upstream's CRDs manages three
#      RGDs — the seed example, a forEach RGD and an externalRef RGD — and N instances of each,
#      until every instance is ACTIVE;
#   2. upstream is stopped and kro-controller started: nothing upstream made may be written
#      (children keep uid, resourceVersion and generation; instances, RGDs and GraphRevisions are
#      not rewritten, so conditions keep their lastTransitionTime; no revision is issued);
#   3. kro-controller applies a change to one instance;
#   4. kro-controller is stopped and upstream started again, with the same checks.
# Every object written in 2 and 4 is printed with the paths that changed (snapshot.py); writes
# not in its allow-list fail the test.
#   tests/migration/migrate.sh KRO_CONTROLLER_BIN      (cluster: $KRO_E2E_KUBECONFIG, full tier)
# Knobs: KRO_MIGRATION_INSTANCES (per RGD, default 10), KRO_MIGRATION_QUIET (seconds a controller
# runs after start before the snapshot, default 20).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ours=${1:?usage: migrate.sh KRO_CONTROLLER_BIN}
cd "$root"
source dev/lib/versions.sh
kubeconfig=${KRO_E2E_KUBECONFIG:?set KRO_E2E_KUBECONFIG to a full cluster (dev/cluster up)}
count=${KRO_MIGRATION_INSTANCES:-10}
quiet=${KRO_MIGRATION_QUIET:-20}
upstream=$(dev/upstream-kro | tail -n 1)
kubectl="$(dev/k8s-binaries | tail -n 1)/kubectl"
work=$(mktemp -d)
ns=migration-$$
pid=""
k() { "$kubectl" --kubeconfig "$kubeconfig" "$@"; }
step() { printf '== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }

stop_controller() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
  fi
  pid=""
}
cleanup() {
  local rc=$?
  stop_controller
  # Hand the cluster back with kro-cpp's CRDs and without this test's objects: the RGDs go with
  # a controller running, so that their finalizers are released.
  KUBECONFIG=$kubeconfig "$ours" --metrics-bind-address 0 --health-probe-bind-address 127.0.0.1:0 \
    >"$work/cleanup.log" 2>&1 &
  pid=$!
  k delete ns "$ns" --timeout=120s >/dev/null 2>&1 || true
  k delete rgd my-application env-configs uses-shared-config --timeout=60s >/dev/null 2>&1 || true
  stop_controller
  k delete crd $kinds --ignore-not-found --timeout=60s >/dev/null 2>&1 || true
  k apply --server-side --force-conflicts -f deploy/ >/dev/null 2>&1 || true
  [ $rc -ne 0 ] && [ -d "$work" ] && echo "logs kept in $work" >&2
  [ $rc -eq 0 ] && rm -rf "$work"
  exit $rc
}
trap cleanup EXIT

start_upstream() {
  step "starting upstream kro $KRO_UPSTREAM_VERSION"
  "$upstream/bin/kro-controller-upstream" --kubeconfig "$kubeconfig" \
    --metrics-bind-address 127.0.0.1:0 --health-probe-bind-address 127.0.0.1:0 \
    >>"$work/upstream.log" 2>&1 &
  pid=$!
}
start_ours() {
  step "starting kro-controller"
  KUBECONFIG=$kubeconfig "$ours" --metrics-bind-address 0 \
    --health-probe-bind-address 127.0.0.1:0 >>"$work/ours.log" 2>&1 &
  pid=$!
}
# wait_for DESCRIPTION SECONDS CMD...: polls CMD until it succeeds.
wait_for() {
  local what=$1 secs=$2
  shift 2
  for _ in $(seq 1 "$secs"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "timed out waiting for $what" >&2
  return 1
}
all_active() {
  local kind states
  for kind in applications envconfigs configuredapps; do
    states=$(k get "$kind" -n "$ns" -o jsonpath='{range .items[*]}{.status.state}{"\n"}{end}')
    [ "$(grep -c '^ACTIVE$' <<<"$states")" -eq "$count" ] || return 1
  done
}
snapshot() { # snapshot NAME: every object the controllers made or manage
  local out=$work/$1
  mkdir -p "$out"
  k get rgd -o json >"$out/rgds.json"
  k get graphrevisions.internal.kro.run -o json >"$out/grs.json"
  # shellcheck disable=SC2086 # a list of names
  k get crd $kinds -o json >"$out/crds.json"
  k get applications,envconfigs,configuredapps -n "$ns" -o json >"$out/instances.json"
  k get deployments,services,ingresses,configmaps -n "$ns" -l kro.run/owned=true -o json \
    >"$out/children.json"
  "$here/snapshot.py" take "$work/$1.json" "$out"/*.json
}

kinds="applications.kro.run envconfigs.kro.run configuredapps.kro.run"
step "upstream's CRDs (and no leftovers of an earlier run)"
# shellcheck disable=SC2086 # a list of names
k delete crd $kinds --ignore-not-found --timeout=60s >/dev/null
k apply --server-side --force-conflicts -f "$upstream/crds/" >/dev/null
k wait --for condition=established --timeout=60s crd/resourcegraphdefinitions.kro.run \
  crd/graphrevisions.internal.kro.run >/dev/null
start_upstream
k create ns "$ns" >/dev/null
# The ConfigMap the externalRef RGD reads, in the instances' namespace.
sed "s/namespace: team-a/namespace: $ns/; /uid:/d" examples/external-ref-name/observed/platform-config.yaml |
  k apply -f - >/dev/null
for f in examples/seed-application/rgd.yaml examples/foreach-basic/rgd.yaml \
  examples/external-ref-name/rgd.yaml; do
  k apply -f "$f" >/dev/null
done
for rgd in my-application env-configs uses-shared-config; do
  k wait --for=jsonpath='{.status.state}'=Active --timeout=120s "rgd/$rgd" >/dev/null
done
step "$count instances of each RGD"
for i in $(seq 1 "$count"); do
  cat <<YAML
---
apiVersion: kro.run/v1alpha1
kind: Application
metadata: {name: app-$i, namespace: $ns}
spec: {name: app-$i, ingress: {enabled: $([ $((i % 2)) -eq 0 ] && echo true || echo false)}}
---
apiVersion: kro.run/v1alpha1
kind: EnvConfigs
metadata: {name: env-$i, namespace: $ns}
spec: {app: env-$i, environments: [dev, prod]}
---
apiVersion: kro.run/v1alpha1
kind: ConfiguredApp
metadata: {name: cfg-$i, namespace: $ns}
spec: {}
YAML
done | k apply -f - >/dev/null
wait_for "every instance ACTIVE under upstream" 240 all_active
sleep "$quiet"
snapshot upstream-1

stop_controller
start_ours
sleep "$quiet"
wait_for "every instance ACTIVE under kro-controller" 60 all_active
snapshot ours-1
step "upstream -> kro-controller: what kro-controller wrote"
rc=0
"$here/snapshot.py" compare "$work/upstream-1.json" "$work/ours-1.json" "upstream -> kro-cpp" || rc=1

step "kro-controller applies a change to one instance"
k patch application app-1 -n "$ns" --type merge -p '{"spec":{"image":"nginx:1.27"}}' >/dev/null
wait_for "app-1's Deployment to get the new image" 60 bash -c \
  "[ \"\$('$kubectl' --kubeconfig '$kubeconfig' get deployment app-1 -n '$ns' -o jsonpath='{.spec.template.spec.containers[0].image}')\" = nginx:1.27 ]"
wait_for "every instance ACTIVE after the change" 120 all_active
sleep "$quiet"
snapshot ours-2

stop_controller
start_upstream
sleep "$quiet"
wait_for "every instance ACTIVE under upstream again" 60 all_active
snapshot upstream-2
step "kro-controller -> upstream: what upstream wrote"
"$here/snapshot.py" compare "$work/ours-2.json" "$work/upstream-2.json" "kro-cpp -> upstream" || rc=1
if [ $rc -ne 0 ]; then
  echo "FAILED: a controller wrote what the other made (listed above)"
  exit 1
fi
echo "migration both ways: no unexpected writes"
