#!/usr/bin/env bash
# rbac.mode=aggregation grants what kro-controller needs and nothing more (issue 13), on the full
# control plane of $KRO_E2E_KUBECONFIG, with the chart's own ServiceAccount (its token):
#   - the chart's ServiceAccount may not touch Secrets, Deployments or the seed's instance kind;
#   - kro-controller, authenticated as that ServiceAccount with leader election on, serves the
#     seed RGD and, once a ClusterRole labelled rbac.kro.run/aggregate-to-controller grants the
#     verbs helm/values.yaml lists for the instance kind and the child kinds, brings the seed
#     instance to ACTIVE and deletes it again, without a single warning or error in its log.
# Usage: aggregation.sh KRO_CONTROLLER_BINARY
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
controller=${1:?usage: aggregation.sh KRO_CONTROLLER_BINARY}
source "$root/dev/lib/versions.sh"
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[ -n "${KRO_E2E_KUBECONFIG:-}" ] && [ -f "$KRO_E2E_KUBECONFIG" ] ||
  fail "KRO_E2E_KUBECONFIG must name a full dev/cluster's kubeconfig"
export KUBECONFIG=$KRO_E2E_KUBECONFIG
tmp=$(mktemp -d)
id=$$
release=kro-agg-$id
ns=kro-agg-$id
grant=kro-agg-$id-seed
pid=""
k() { "$K8S_BIN_DIR/kubectl" --cache-dir="$tmp/kube-cache" "$@"; }
cleanup() {
  local rc=$?
  [ $rc -ne 0 ] && [ -f "$tmp/controller.log" ] && tail -n 40 "$tmp/controller.log" >&2
  k delete -f "$root/examples/seed-application/instance.yaml" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  k delete -f "$root/examples/seed-application/rgd.yaml" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  "$root/dev/helm" uninstall "$release" -n "$ns" >/dev/null 2>&1 || true
  k delete clusterrole "$grant" --ignore-not-found >/dev/null 2>&1 || true
  k delete namespace "$ns" --wait=false >/dev/null 2>&1 || true
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

"$root/dev/helm" install "$release" "$root/helm" -n "$ns" --create-namespace \
  --set rbac.mode=aggregation >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; fail "helm install"; }
sa=system:serviceaccount:$ns:$release
can() { k auth can-i "$@" --as="$sa" 2>/dev/null || true; }
for denied in "create secrets -n $ns" "list deployments.apps" "list applications.kro.run" \
  "create clusterroles.rbac.authorization.k8s.io"; do
  # shellcheck disable=SC2086 # the verb, the resource and flags
  [ "$(can $denied)" = no ] || fail "the chart's ServiceAccount may $denied"
done
for allowed in "update resourcegraphdefinitions.kro.run/status" "create leases.coordination.k8s.io -n $ns" \
  "create customresourcedefinitions.apiextensions.k8s.io" "create graphrevisions.internal.kro.run"; do
  # shellcheck disable=SC2086
  [ "$(can $allowed)" = yes ] || fail "the chart's ServiceAccount may not $allowed"
done
echo "ok: the aggregation-mode ServiceAccount has kro's own rights and no more"

# A kubeconfig holding the ServiceAccount's token.
token=$(k create token "$release" -n "$ns" --duration=1h)
server=$(k config view --minify -o jsonpath='{.clusters[0].cluster.server}')
k config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' |
  base64 -d >"$tmp/ca.crt"
cat >"$tmp/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "$server", certificate-authority: "$tmp/ca.crt"}}]
users: [{name: sa, user: {token: "$token"}}]
contexts: [{name: c, context: {cluster: c, user: sa, namespace: "$ns"}}]
current-context: c
KUBECONFIG
probe=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$controller" --kubeconfig "$tmp/kubeconfig" --leader-elect --leader-election-namespace "$ns" \
  --metrics-bind-address=0 --health-probe-bind-address="127.0.0.1:$probe" >"$tmp/controller.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do
  curl -fsS "http://127.0.0.1:$probe/readyz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || fail "kro-controller exited"
  sleep 0.2
done
grep -q "acquired lease" "$tmp/controller.log" || {
  sleep 3
  grep -q "acquired lease" "$tmp/controller.log" || fail "no leader Lease with the chart's rights"
}

# The grant helm/values.yaml describes, for the seed's instance kind and its three child kinds.
k apply -f - >/dev/null <<GRANT
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: $grant
  labels: {rbac.kro.run/aggregate-to-controller: "true"}
rules:
  - apiGroups: [kro.run]
    resources: [applications]
    verbs: [list, watch, patch, update]
  - apiGroups: [kro.run]
    resources: [applications/status]
    verbs: [patch, update]
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, list, watch, create, patch, delete]
  - apiGroups: [""]
    resources: [services]
    verbs: [get, list, watch, create, patch, delete]
  - apiGroups: [networking.k8s.io]
    resources: [ingresses]
    verbs: [get, list, watch, create, patch, delete]
GRANT
for _ in $(seq 1 50); do [ "$(can list deployments.apps)" = yes ] && break; sleep 0.2; done
[ "$(can list deployments.apps)" = yes ] || fail "the labelled ClusterRole was not aggregated"
[ "$(can create secrets -n "$ns")" = no ] || fail "the grant gave more than it names"

k apply -f "$root/examples/seed-application/rgd.yaml" >/dev/null
k wait --for=jsonpath='{.status.state}'=Active --timeout=120s resourcegraphdefinition/my-application >/dev/null ||
  fail "the seed RGD did not become Active"
k apply -f "$root/examples/seed-application/instance.yaml" >/dev/null
k wait --for=jsonpath='{.status.state}'=ACTIVE --timeout=180s application/my-application-instance >/dev/null ||
  fail "the seed instance did not become ACTIVE: $(k get application my-application-instance -o jsonpath='{.status}')"
k delete -f "$root/examples/seed-application/instance.yaml" --timeout=120s >/dev/null ||
  fail "the instance was not deleted"
k delete -f "$root/examples/seed-application/rgd.yaml" --timeout=120s >/dev/null || fail "the RGD was not deleted"
if grep -E '^[^ ]+ (warn|error) ' "$tmp/controller.log" >&2; then
  fail "kro-controller logged warnings or errors with the granted rights (above)"
fi
echo "ok: with the aggregated grant, the seed example went ACTIVE and away, no warning logged"
