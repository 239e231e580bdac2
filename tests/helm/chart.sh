#!/usr/bin/env bash
# The Helm chart in helm/ without a cluster (issue 13):
#   - helm lint passes; the chart's appVersion is the project's version (the image's tag);
#   - helm/crds/ holds exactly deploy/'s CRD files, byte for byte (one source);
#   - deploy/kubectl/ is what dev/manifests renders from the chart today;
#   - per rbac mode and replica count, the rendered objects are the expected ones (names as in
#     upstream's chart, the PodDisruptionBudget only with 2 replicas, aggregation's static role);
#   - every argument the Deployment passes is one kro-controller accepts: the binary, started with
#     the rendered arguments, gets as far as loading its (missing) kubeconfig;
#   - values kro-cpp does not support fail `helm template` with a message naming the value, and
#     values.schema.json rejects unknown keys;
#   - upstream kro v0.9.4's own values.yaml (from the Go module cache) renders with our chart.
# Usage: chart.sh KRO_CONTROLLER_BINARY
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
controller=${1:?usage: chart.sh KRO_CONTROLLER_BINARY}
helm() { "$root/dev/helm" "$@"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
render() { helm template kro "$root/helm" --namespace kro-system "$@"; }
# objects FILE: "Kind/name" of every rendered object, sorted.
objects() {
  awk '/^kind: /{k=$2} /^  name: /{ if (k != "") { print k "/" $2; k="" } }' "$1" | sort
}

helm lint --strict "$root/helm" >"$tmp/lint" 2>&1 || { cat "$tmp/lint" >&2; fail "helm lint"; }
echo "ok: helm lint --strict"

version=$(sed -n 's/^project(kro-cpp VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
grep -qx "appVersion: \"$version\"" "$root/helm/Chart.yaml" ||
  fail "helm/Chart.yaml's appVersion is not the project version $version (dev/image's tag)"

(cd "$root" && diff -r deploy/ helm/crds/ -x kubectl) >"$tmp/crds" 2>&1 || {
  cat "$tmp/crds" >&2
  fail "helm/crds/ differs from deploy/ (copy deploy/*.yaml to helm/crds/)"
}
echo "ok: helm/crds/ == deploy/"

"$root/dev/manifests" --check || fail "deploy/kubectl/ is stale"
echo "ok: deploy/kubectl/ is current"

common="ClusterRole/kro-edit ClusterRole/kro-view ClusterRoleBinding/NAME Deployment/kro ServiceAccount/kro"
for mode in unrestricted aggregation; do
  for replicas in 1 2; do
    out=$tmp/$mode-$replicas.yaml
    render --set rbac.mode=$mode --set deployment.replicaCount=$replicas >"$out" ||
      fail "helm template $mode $replicas"
    if [ "$mode" = unrestricted ]; then
      want="${common/NAME/kro-cluster-role-binding} ClusterRole/kro-cluster-role"
    else
      want="${common/NAME/kro:controller} ClusterRole/kro:controller ClusterRole/kro:controller:static"
    fi
    [ "$replicas" = 2 ] && want="$want PodDisruptionBudget/kro"
    got=$(objects "$out" | tr '\n' ' ' | sed 's/ $//')
    want=$(echo "$want" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
    [ "$got" = "$want" ] || fail "$mode, $replicas replicas: objects '$got', want '$want'"
    grep -q "^  replicas: $replicas\$" "$out" || fail "$mode: replicas not $replicas"
  done
done
grep -q -- '- --leader-elect$' "$tmp/unrestricted-1.yaml" || fail "leader election is not on"
grep -q 'aggregate-to-controller: "true"' "$tmp/aggregation-1.yaml" || fail "no aggregation label"
grep -q 'resources: \["leases"\]' "$tmp/aggregation-1.yaml" || fail "static role lacks leases"
if grep -q 'verbs: \["\*"\]' "$tmp/aggregation-1.yaml"; then fail "aggregation grants '*'"; fi
for ctx in "runAsNonRoot: true" "readOnlyRootFilesystem: true" "allowPrivilegeEscalation: false" \
  "type: RuntimeDefault" "- ALL"; do
  grep -qF -- "$ctx" "$tmp/unrestricted-1.yaml" || fail "default security context lacks '$ctx'"
done
echo "ok: objects per rbac mode and replica count, secure defaults"

# Every flag, with every config value set away from its default.
render --set config.allowCRDDeletion=true --set config.leaderElectionNamespace=kro-le \
  --set config.development=true --set config.logLevel=debug --set config.logEncoder=json \
  --set config.featureGates.InstanceConditionEvents=true \
  --set config.featureGates.CELOmitFunction=false --set-json config.clientQps=12.5 \
  --set config.dynamicControllerRateLimiterMaxDelay=1000s --set config.instance.requeueInterval=0 \
  --set metrics.service.create=true --set metrics.serviceMonitor.enabled=true >"$tmp/all.yaml" ||
  fail "helm template with every flag"
args=$(awk '/^          args:/{on=1; next} on && /^            - /{sub(/^            - /, ""); print; next} on{exit}' "$tmp/all.yaml")
[ "$(echo "$args" | wc -l)" -ge 25 ] || fail "too few arguments rendered: $args"
for want in --allow-crd-deletion --leader-election-namespace=kro-le --zap-devel --log-level=debug \
  --log-format=json --feature-gates=CELOmitFunction=false,InstanceConditionEvents=true \
  --client-qps=12.5 --instance-requeue-interval=0; do
  echo "$args" | grep -qxF -- "$want" || fail "rendered arguments lack $want"
done
# Listeners off (":8078" may be taken on this machine); the rest exactly as rendered.
mapfile -t argv < <(echo "$args" | sed -E 's/^(--metrics-bind-address|--health-probe-bind-address)=.*/\1=0/')
set +e
timeout 20 "$controller" "${argv[@]}" --kubeconfig "$tmp/no-such-kubeconfig" >"$tmp/controller.log" 2>&1
set -e
grep -q "no kubeconfig file found" "$tmp/controller.log" || {
  cat "$tmp/controller.log" >&2
  fail "kro-controller did not accept the chart's arguments"
}
grep -q "^kind: ServiceMonitor" "$tmp/all.yaml" || fail "no ServiceMonitor"
grep -q "^kind: Service$" "$tmp/all.yaml" || fail "no metrics Service"
echo "ok: kro-controller accepts all $(echo "$args" | wc -l) rendered arguments"

# refuse VALUES... MESSAGE: helm template fails and says MESSAGE.
refuse() {
  local msg=${*: -1}
  if render "${@:1:$#-1}" >/dev/null 2>"$tmp/err"; then fail "accepted: ${*:1:$#-1}"; fi
  grep -qF -- "$msg" "$tmp/err" || fail "${*:1:$#-1}: message '$(cat "$tmp/err")' lacks '$msg'"
}
refuse --set image.ko=true "image.ko=true is not supported"
refuse --set debug.pprof.enabled=true "debug.pprof.enabled=true is not supported"
refuse --set config.enableControllerWarmup=true "config.enableControllerWarmup=true is not supported"
refuse --set config.logLevel=panic "config.logLevel=panic is not supported"
refuse --set config.logLevel=3 "config.logLevel=3 is not supported"
refuse --set config.featureGates.NoSuchGate=true "config.featureGates.NoSuchGate is not supported"
refuse --set deployment.replicaCount=2 --set config.enableLeaderElection=false \
  "needs config.enableLeaderElection=true"
refuse --set config.noSuchFlag=1 "additional properties 'noSuchFlag' not allowed"
refuse --set rbac.mode=readonly "/rbac/mode"
refuse --set config.gracefulShutdownTimeout=soon "/config/gracefulShutdownTimeout"
echo "ok: unsupported values are refused by name"

upstream=$(cd "$root" && go mod download -json github.com/kubernetes-sigs/kro@v0.9.4 |
  sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[ -f "$upstream/helm/values.yaml" ] || fail "upstream kro v0.9.4's chart not found ($upstream)"
render -f "$upstream/helm/values.yaml" >"$tmp/upstream-values.yaml" ||
  fail "upstream's values.yaml does not render with our chart"
helm template kro "$upstream/helm" --namespace kro-system >"$tmp/upstream-chart.yaml"
[ "$(objects "$tmp/upstream-values.yaml")" = "$(objects "$tmp/upstream-chart.yaml")" ] ||
  fail "object names differ from upstream's chart: $(diff <(objects "$tmp/upstream-values.yaml") <(objects "$tmp/upstream-chart.yaml") | tr '\n' ' ')"
echo "ok: upstream's values.yaml renders, with upstream's object names"
