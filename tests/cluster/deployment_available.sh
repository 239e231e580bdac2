#!/usr/bin/env bash
# End-to-end proof that the full local control plane behaves like a cluster: the API server is
# v1.36.3, and a 3-replica Deployment reaches availableReplicas 3 with no help (controller
# manager -> ReplicaSet -> Pods, scheduler -> fake node, kwok -> Ready), then garbage collection
# removes its Pods once it is deleted.
# Needs KRO_E2E_KUBECONFIG: the kubeconfig of a full cluster (dev/cluster up without --minimal).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/dev/lib/versions.sh"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[ -n "${KRO_E2E_KUBECONFIG:-}" ] ||
  fail "KRO_E2E_KUBECONFIG is not set; start a full cluster (dev/cluster up --name e2e) and export its kubeconfig path as KRO_E2E_KUBECONFIG"
[ -r "$KRO_E2E_KUBECONFIG" ] || fail "KRO_E2E_KUBECONFIG=$KRO_E2E_KUBECONFIG is not readable"
[ -x "$K8S_BIN_DIR/kubectl" ] || fail "no kubectl in $K8S_BIN_DIR; run dev/k8s-binaries"
cache=$(mktemp -d)
ns=""
cleanup() {
  [ -z "$ns" ] || k delete namespace "$ns" --wait=false >/dev/null 2>&1 || true
  rm -rf "$cache"
}
trap cleanup EXIT
k() { "$K8S_BIN_DIR/kubectl" --kubeconfig="$KRO_E2E_KUBECONFIG" --cache-dir="$cache" "$@"; }

version=$(k get --raw /version)
echo "$version" | grep -q "\"gitVersion\": *\"$KUBE_VERSION\"" ||
  fail "server /version does not report $KUBE_VERSION: $version"
echo "ok: server reports $KUBE_VERSION"
k get node kwok-node-0 >/dev/null 2>&1 ||
  fail "no node kwok-node-0: KRO_E2E_KUBECONFIG must name a full cluster (dev/cluster up without --minimal)"

ns=e2e-deploy-$$-$RANDOM
k create namespace "$ns" >/dev/null
# The namespace's default ServiceAccount (made by the controller manager) must exist before the
# ServiceAccount admission plugin lets Pods in; the ReplicaSet controller retries anyway.
k apply -n "$ns" -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: registry.k8s.io/pause:3.10
        resources:
          requests: {cpu: 100m, memory: 64Mi}
YAML

start=$(date +%s%3N)
if ! k wait -n "$ns" --for=jsonpath='{.status.availableReplicas}'=3 deployment/web --timeout=120s \
  >/dev/null; then
  k get -n "$ns" deployment,replicaset,pods -o wide >&2 || true
  k get -n "$ns" events --sort-by=.lastTimestamp >&2 || true
  k get nodes -o wide >&2 || true
  fail "deployment web did not reach availableReplicas 3 within 120 s"
fi
echo "ok: availableReplicas 3 after $(($(date +%s%3N) - start)) ms"

pods=$(k get pods -n "$ns" -l app=web \
  -o jsonpath='{range .items[*]}{.status.phase}/{.spec.nodeName}/{.status.podIP}{"\n"}{end}')
[ "$(echo "$pods" | grep -c '^Running/kwok-node-0/10\.244\.')" -eq 3 ] ||
  fail "expected 3 Running pods on kwok-node-0 with pod IPs, got: $pods"
available=$(k get deployment web -n "$ns" \
  -o jsonpath='{.status.conditions[?(@.type=="Available")].status}')
[ "$available" = True ] || fail "condition Available is '$available', want True"
echo "ok: 3 pods Running on kwok-node-0, condition Available=True"

k delete deployment web -n "$ns" --wait=true --timeout=60s >/dev/null
for _ in $(seq 1 300); do
  n=$(k get pods -n "$ns" -l app=web -o name | wc -l)
  [ "$n" -eq 0 ] && break
  sleep 0.2
done
[ "$n" -eq 0 ] || fail "$n pods left 60 s after the deployment was deleted (garbage collection)"
echo "ok: pods garbage-collected after the deployment was deleted"
echo "PASS"
