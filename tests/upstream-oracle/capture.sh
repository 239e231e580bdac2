#!/usr/bin/env bash
# Captures what upstream kro ($KRO_UPSTREAM_VERSION, dev/upstream-kro) does with the seed example
# and with an RGD holding a type error, on a fresh minimal local control plane, into
# tests/upstream-oracle/<version>/ (see README.md). Starts cluster $KRO_ORACLE_CLUSTER (default
# h-up) and stops it again on exit. Progress goes to stderr. Needs no kro-cpp build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
source dev/lib/versions.sh
source dev/lib/cluster-state.sh
name=${KRO_ORACLE_CLUSTER:-h-up}
out=$here/$KRO_UPSTREAM_VERSION
step() { printf '== %s\n' "$*" >&2; }

upstream=$(dev/upstream-kro | tail -n 1)
kubectl="$(dev/k8s-binaries | tail -n 1)/kubectl"
step "starting minimal cluster $name"
eval "$(dev/cluster up --minimal --name "$name" | tail -n 1)"
state=$(cluster_dir "$name")
log="$state/upstream-kro.log"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
  fi
  # The controller log goes with the cluster's state folder; keep a copy for a look afterwards.
  [ -f "$log" ] && cp "$log" "${TMPDIR:-/tmp}/upstream-kro-$name.log"
  step "stopping cluster $name (controller log: ${TMPDIR:-/tmp}/upstream-kro-$name.log)"
  dev/cluster down --name "$name" >&2
}
trap cleanup EXIT
k() { "$kubectl" --cache-dir="$state/kubectl-cache" "$@"; }
dump() { # dump FILE kubectl-get-args...: one object or list, normalised (normalize.py)
  local file=$1
  shift
  mkdir -p "$(dirname "$out/$file")"
  k get "$@" --show-managed-fields -o json | "$here/normalize.py" >"$out/$file"
}
# settle CMD...: waits until CMD's output is the same for three polls two seconds apart (max 90 s)
settle() {
  local prev="" cur same=0
  for _ in $(seq 1 45); do
    cur=$("$@" 2>/dev/null || true)
    if [ -n "$cur" ] && [ "$cur" = "$prev" ]; then
      same=$((same + 1))
      [ $same -ge 2 ] && return 0
    else
      same=0
    fi
    prev=$cur
    sleep 2
  done
  step "warning: did not settle: $*"
}

step "installing upstream's CRDs"
k apply --server-side -f "$upstream/crds/" >&2
k wait --for condition=established --timeout=60s \
  crd/resourcegraphdefinitions.kro.run crd/graphrevisions.internal.kro.run >&2

step "starting upstream kro $KRO_UPSTREAM_VERSION (log: $log)"
dev/upstream-kro run --kubeconfig "$KUBECONFIG" >"$log" 2>&1 &
pid=$!

rm -rf "$out"
mkdir -p "$out"
step "seed example: RGD"
k apply -f examples/seed-application/rgd.yaml >&2
k wait --for=jsonpath='{.status.state}'=Active --timeout=120s rgd/my-application >&2
k wait --for condition=established --timeout=60s crd/applications.kro.run >&2
step "seed example: instance"
k apply -n default -f examples/seed-application/instance.yaml >&2
for kind in deployment/my-awesome-app service/my-awesome-app-service \
  ingress/my-awesome-app-ingress; do
  k wait -n default --for=create --timeout=120s "$kind" >&2
done
settle k get -n default application/my-application-instance -o jsonpath='{.status}'
settle k get rgd/my-application -o jsonpath='{.status}'
dump seed-application/rgd.yaml rgd/my-application
dump seed-application/crd.yaml crd/applications.kro.run
dump seed-application/graphrevisions.yaml graphrevisions.internal.kro.run
dump seed-application/instance.yaml -n default application/my-application-instance
dump seed-application/deployment.yaml -n default deployment/my-awesome-app
dump seed-application/service.yaml -n default service/my-awesome-app-service
dump seed-application/ingress.yaml -n default ingress/my-awesome-app-ingress

step "seed example: an edit adding shortNames and categories (a second GraphRevision)"
k patch rgd/my-application --type merge \
  -p '{"spec":{"schema":{"shortNames":["app"],"categories":["kro"]}}}' >&2
k wait --for=jsonpath='{.status.lastIssuedRevision}'=2 --timeout=120s rgd/my-application >&2
k wait --for=jsonpath='{.spec.names.shortNames[0]}'=app --timeout=60s crd/applications.kro.run >&2
settle k get rgd/my-application -o jsonpath='{.status}'
dump seed-edit/rgd.yaml rgd/my-application
dump seed-edit/crd.yaml crd/applications.kro.run
dump seed-edit/graphrevisions.yaml graphrevisions.internal.kro.run
k get -n default kro -o name >"$out/seed-edit/kubectl-get-category-kro.txt"

step "RGD with a type error"
k apply -f "$here/inputs/rgd-type-error.yaml" >&2
k wait --for=jsonpath='{.status.conditions[?(@.type=="GraphAccepted")].status}'=False \
  --timeout=120s rgd/type-error >&2
settle k get rgd/type-error -o jsonpath='{.status}'
dump type-error/rgd.yaml rgd/type-error
k get rgd/type-error \
  -o jsonpath='{.status.conditions[?(@.type=="GraphAccepted")].message}{"\n"}' \
  >"$out/type-error/graphaccepted-message.txt"
# No revision and no CRD are expected for it; record what exists.
k get graphrevisions.internal.kro.run -o name >"$out/type-error/graphrevisions-after.txt"
k get crd -o name | grep -v -e '\.k8s\.io$' >"$out/type-error/crds-after.txt" || true

{
  echo "upstream: github.com/kubernetes-sigs/kro $KRO_UPSTREAM_VERSION (dev/upstream-kro run, default flags)"
  echo "cluster: dev/cluster up --minimal (kube-apiserver $KUBE_VERSION, etcd $ETCD_VERSION)"
  echo "captured: $(date -u +%Y-%m-%d) by tests/upstream-oracle/capture.sh"
} >"$out/CAPTURED"
step "captured into $out"
