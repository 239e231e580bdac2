#!/usr/bin/env bash
# The chart's objects pass the real API server's validation and admission (issue 13): for each
# rbac mode and 1 and 2 replicas, `helm template --include-crds` is applied with
# `kubectl apply --server-side --dry-run=server` to the kube-apiserver named by $KUBECONFIG (a
# minimal dev/cluster is enough), into a throw-away namespace; so are the plain manifests in
# deploy/kubectl/ (moved to that namespace). A typo in a field name, a bad label or an invalid rule fails here.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/dev/lib/versions.sh"
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[ -n "${KUBECONFIG:-}" ] && [ -f "$KUBECONFIG" ] || fail "KUBECONFIG must name a cluster's kubeconfig"
tmp=$(mktemp -d)
ns=kro-helm-dry-$$
k() { "$K8S_BIN_DIR/kubectl" --cache-dir="$tmp/kube-cache" "$@"; }
cleanup() {
  k delete namespace "$ns" --wait=false >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
k create namespace "$ns" >/dev/null

# dry_run FILE: every object accepted; prints how many.
dry_run() {
  k apply --server-side --force-conflicts --dry-run=server --field-manager=kro-helm-test \
    -f "$1" >"$tmp/out" 2>&1 || { cat "$tmp/out" >&2; return 1; }
  grep -c "serverside-applied (server dry run)" "$tmp/out"
}

for mode in unrestricted aggregation; do
  for replicas in 1 2; do
    "$root/dev/helm" template kro "$root/helm" --namespace "$ns" --include-crds \
      --set rbac.mode=$mode --set deployment.replicaCount=$replicas \
      --set metrics.service.create=true --set config.featureGates.InstanceConditionEvents=true \
      --set deployment.extraEnv[0].name=GODEBUG --set deployment.extraEnv[0].value=x \
      --set deployment.tolerations[0].operator=Exists >"$tmp/chart.yaml"
    want=$(grep -c '^kind: ' "$tmp/chart.yaml")
    n=$(dry_run "$tmp/chart.yaml") || fail "$mode, $replicas replicas: the API server refused an object"
    [ "$n" -eq "$want" ] || fail "$mode, $replicas replicas: $n of $want objects accepted"
    echo "ok: $mode, $replicas replicas: $n objects pass server-side dry-run"
  done
done

# The plain manifests create kro-system, which a dry run does not: they go to $ns instead.
for f in "$root"/deploy/kubectl/*.yaml; do
  grep -q "namespace: kro-system" "$f" || fail "$(basename "$f") does not install into kro-system"
  sed "s/\bkro-system\b/$ns/" "$f" >"$tmp/plain.yaml"
  n=$(dry_run "$tmp/plain.yaml") || fail "$(basename "$f"): the API server refused an object"
  [ "$n" -eq "$(grep -c '^kind: ' "$f")" ] || fail "$(basename "$f"): only $n objects accepted"
  echo "ok: deploy/kubectl/$(basename "$f"): $n objects pass server-side dry-run"
done
