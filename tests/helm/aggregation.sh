#!/usr/bin/env bash
# rbac.mode=aggregation grants what kro-controller needs and nothing more (issue 13), on the full
# control plane of $KRO_E2E_KUBECONFIG, with the chart's own ServiceAccount (its token):
#   - the chart's ServiceAccount may not touch Secrets, Deployments or the seed's instance kind;
#   - kro-controller runs authenticated as that ServiceAccount, leader election on. The seed RGD,
#     whose kinds nothing grants, gets ControllerReady=False naming each verb and resource it
#     lacks, while another RGD whose kinds are granted (a ConfigMap child) serves its instance;
#   - once a ClusterRole labelled rbac.kro.run/aggregate-to-controller grants the verbs
#     helm/values.yaml lists for the seed's instance kind and child kinds, the seed RGD is served
#     on its next retry: within 30 s of the grant, although it was denied for 45 s first (long
#     enough for the RGD's exponential backoff to pass 30 s; access denials are retried every
#     10 s instead), its instance goes ACTIVE and is deleted again, and kro-controller never
#     logged an error.
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
  k delete -f "$tmp/note-rgd.yaml" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  k delete clusterrole "$grant" "$grant-note" --ignore-not-found >/dev/null 2>&1 || true
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

# Denied: the seed RGD names kinds nobody granted. Granted: a small RGD with a ConfigMap child
# (the chart's static role covers ConfigMaps) whose instance kind a labelled ClusterRole grants.
k apply -f - >/dev/null <<GRANT
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: $grant-note
  labels: {rbac.kro.run/aggregate-to-controller: "true"}
rules:
  - apiGroups: [kro.run]
    resources: [helmaggnotes]
    verbs: [list, watch, patch, update]
  - apiGroups: [kro.run]
    resources: [helmaggnotes/status]
    verbs: [patch, update]
GRANT
cat >"$tmp/note-rgd.yaml" <<'RGD'
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: helm-agg-note
spec:
  schema:
    apiVersion: v1alpha1
    kind: HelmAggNote
    spec:
      text: string | default=hello
  resources:
    - id: note
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name}-note
        data:
          text: ${schema.spec.text}
RGD
k apply -f "$root/examples/seed-application/rgd.yaml" -f "$tmp/note-rgd.yaml" >/dev/null
cond() { k get resourcegraphdefinition my-application -o jsonpath='{.status.conditions[?(@.type=="ControllerReady")].'"$1"'}'; }
for _ in $(seq 1 300); do [ "$(cond status)" = False ] && break; sleep 0.2; done
denied_at=$(date +%s)
[ "$(cond status)" = False ] || fail "the seed RGD is not ControllerReady=False: $(k get rgd my-application -o jsonpath='{.status}')"
message=$(cond message)
for want in "list, watch, patch, update applications.kro.run" "patch, update applications.kro.run/status" \
  "get, list, watch, create, patch, delete deployments.apps" \
  "get, list, watch, create, patch, delete services;" "ingresses.networking.k8s.io" \
  "rbac.kro.run/aggregate-to-controller"; do
  [[ $message == *"$want"* ]] || fail "ControllerReady's message lacks '$want': $message"
done
[ "$(k get rgd my-application -o jsonpath='{.status.state}')" = Inactive ] || fail "the seed RGD is not Inactive"
echo "ok: seed RGD without rights: ControllerReady=False \"$message\""
k wait --for=jsonpath='{.status.state}'=Active --timeout=120s resourcegraphdefinition/helm-agg-note >/dev/null ||
  fail "the granted RGD did not become Active"
k apply -n "$ns" -f - >/dev/null <<NOTE
apiVersion: kro.run/v1alpha1
kind: HelmAggNote
metadata:
  name: n1
NOTE
k wait -n "$ns" --for=jsonpath='{.status.state}'=ACTIVE --timeout=120s helmaggnote/n1 >/dev/null ||
  fail "the granted RGD's instance did not become ACTIVE"
[ "$(k get configmap n1-note -n "$ns" -o jsonpath='{.data.text}')" = hello ] || fail "no ConfigMap n1-note"
kill -0 "$pid" 2>/dev/null || fail "kro-controller exited"
echo "ok: meanwhile the granted RGD serves: its instance is ACTIVE with its ConfigMap"
k delete helmaggnote n1 -n "$ns" --timeout=60s >/dev/null || fail "the note was not deleted"
k delete -f "$tmp/note-rgd.yaml" --timeout=60s >/dev/null || fail "the note RGD was not deleted"

# The grant helm/values.yaml describes, for the seed's instance kind and its three child kinds,
# once the seed RGD has been denied for 45 s: by then a backoff doubling from 5 ms would wait
# more than 30 s for its next try.
while [ $(($(date +%s) - denied_at)) -lt 45 ]; do sleep 1; done
[ "$(cond status)" = False ] || fail "the seed RGD was served before anything granted it"
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
granted_at=$(date +%s)

k wait --for=jsonpath='{.status.state}'=Active --timeout=30s resourcegraphdefinition/my-application >/dev/null ||
  fail "the seed RGD did not become Active within 30 s of the grant: $(k get rgd my-application -o jsonpath='{.status.conditions}')"
echo "ok: the seed RGD served $(($(date +%s) - granted_at)) s after the grant (denied $((granted_at - denied_at)) s before)"
k apply -f "$root/examples/seed-application/instance.yaml" >/dev/null
k wait --for=jsonpath='{.status.state}'=ACTIVE --timeout=180s application/my-application-instance >/dev/null ||
  fail "the seed instance did not become ACTIVE: $(k get application my-application-instance -o jsonpath='{.status}')"
k delete -f "$root/examples/seed-application/instance.yaml" --timeout=120s >/dev/null ||
  fail "the instance was not deleted"
k delete -f "$root/examples/seed-application/rgd.yaml" --timeout=120s >/dev/null || fail "the RGD was not deleted"
if grep -E '^[^ ]+ error ' "$tmp/controller.log" >&2; then
  fail "kro-controller logged errors (above)"
fi
echo "ok: once granted, the seed RGD serves; its instance went ACTIVE and away; no error logged"
