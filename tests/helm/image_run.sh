#!/usr/bin/env bash
# kro-cpp installed the way kro users install kro (issue 13), on the full control plane of
# $KRO_E2E_KUBECONFIG:
#   1. dev/image builds the image twice: same manifest digest; containerd imports the archive
#      with that digest and runs both programs from it (containerd_import.sh);
#   2. a release of upstream's own chart upgrades to ours in place; then `helm install` of helm/
#      into a throw-away namespace (its ServiceAccount, RBAC, Deployment);
#   3. the image runs under podman + runc (dev/podman/containers.conf) as the chart's Pod would:
#      the chart's arguments, user 65532, read-only root, no capabilities, no privilege
#      escalation, KUBERNETES_SERVICE_HOST/PORT and the chart ServiceAccount's token, CA and
#      namespace at /var/run/secrets/kubernetes.io/serviceaccount/ (kwok's fake node runs no
#      containers, so podman stands in for the kubelet). It must become ready, take the leader
#      Lease, and bring the seed example (examples/seed-application) to ACTIVE, then every other
#      example under examples/ (created and deleted again);
#      Then a second container stands by and the leader is killed: the standby takes the Lease
#      within lease duration + retry period;
#   4. `helm upgrade` to the next chart version leaves the RGD, the instance and its children
#      untouched (same resourceVersion);
#   5. SIGTERM: the container exits 0 well within the grace period and releases the Lease.
# Prints the figures docs/benchmarks.md records: image sizes, start to ready, idle memory.
# Usage: image_run.sh [BUILD_DIR]: the image dev/image builds (its own build tree, the minimal
# static libcurl), or with BUILD_DIR the one from that build's bin/kro-cpp (dev/image --build-dir).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
image_args=()
[ $# -eq 0 ] || image_args=(--build-dir "$1")
source "$root/dev/lib/versions.sh"
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[ -n "${KRO_E2E_KUBECONFIG:-}" ] && [ -f "$KRO_E2E_KUBECONFIG" ] ||
  fail "KRO_E2E_KUBECONFIG must name a full dev/cluster's kubeconfig"
"$root/dev/deps" image
command -v podman >/dev/null && command -v runc >/dev/null ||
  fail "podman and runc are needed: run dev/deps image"
export KUBECONFIG=$KRO_E2E_KUBECONFIG
tmp=$(mktemp -d)
id=$$
release=kro-image-$id
ns=kro-image-$id
container=kro-image-$id
k() { "$K8S_BIN_DIR/kubectl" --cache-dir="$tmp/kube-cache" "$@"; }
helm() { "$root/dev/helm" "$@"; }
export CONTAINERS_CONF=$root/dev/podman/containers.conf
export CONTAINERS_STORAGE_CONF=$root/dev/podman/storage.conf
pod() { podman --root "$tmp/podman/root" --runroot "$tmp/podman/run" "$@"; }
now_ms() { date +%s%3N; }
cleanup() {
  local rc=$?
  if [ $rc -ne 0 ] && pod container exists "$container" 2>/dev/null; then
    echo "--- container log (last 40 lines)" >&2
    pod logs "$container" 2>&1 | tail -n 40 >&2
  fi
  k delete -f "$root/examples/seed-application/instance.yaml" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  k delete -f "$root/examples/seed-application/rgd.yaml" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  pod rm -f -t 5 "kro-image-$id" "kro-image-$id-2" >/dev/null 2>&1 || true
  helm uninstall "$release" -n "$ns" >/dev/null 2>&1 || true
  helm uninstall "$release-up" -n "$ns-up" >/dev/null 2>&1 || true
  k delete namespace "$ns" "$ns-up" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# 1. The image, twice.
digests=()
for run in a b; do
  digests+=("$("$root/dev/image" "${image_args[@]}" --out "$tmp/image-$run" 2>"$tmp/image-$run.log" | tail -n 1)") ||
    { cat "$tmp/image-$run.log" >&2; fail "dev/image failed"; }
done
[ "${digests[0]}" = "${digests[1]}" ] || fail "two builds, two digests: ${digests[*]}"
archive=$(ls "$tmp"/image-a/kro-cpp-*.tar)
version=$(basename "$archive" .tar | sed 's/^kro-cpp-//')
echo "ok: dev/image is reproducible: kro-cpp:$version ${digests[0]}"
grep '^image ' "$tmp/image-a.log"
bash "$root/tests/helm/containerd_import.sh" "$archive" "kro-cpp:$version" "${digests[0]}" ||
  fail "containerd"
pod load -q -i "$archive" >/dev/null || fail "podman cannot load $archive"

# Switching charts: a release of upstream kro v0.9.4's own chart (from the Go module cache) is
# upgraded to ours in place (same selector labels, ClusterRoles replaced), then removed.
upstream=$(cd "$root" && go mod download -json github.com/kubernetes-sigs/kro@v0.9.4 |
  sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[ -d "$upstream/helm" ] || fail "upstream kro v0.9.4's chart not found"
helm install "$release-up" "$upstream/helm" -n "$ns-up" --create-namespace --set image.tag=v0.9.4 \
  >"$tmp/up.log" 2>&1 || { cat "$tmp/up.log" >&2; fail "helm install of upstream's chart"; }
helm upgrade "$release-up" "$root/helm" -n "$ns-up" --set image.repository=localhost/kro-cpp \
  >"$tmp/up.log" 2>&1 || { cat "$tmp/up.log" >&2; fail "helm upgrade from upstream's chart to ours"; }
image=$(k get deployment "$release-up" -n "$ns-up" -o jsonpath='{.spec.template.spec.containers[0].image}')
[ "$image" = "localhost/kro-cpp:$version" ] || fail "after the switch the Deployment runs $image"
helm uninstall "$release-up" -n "$ns-up" >/dev/null
k delete namespace "$ns-up" --wait=false >/dev/null
echo "ok: a release of upstream's chart upgrades to ours in place"

# 2. helm install.
helm install "$release" "$root/helm" -n "$ns" --create-namespace \
  --set image.repository=localhost/kro-cpp >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; fail "helm install"; }
echo "ok: helm install $release"

# 3. The image as the chart's Pod. The Deployment's arguments, with the listeners moved to free
# ports (the host network is shared with whatever else runs here).
helm get manifest "$release" -n "$ns" >"$tmp/manifest.yaml"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
metrics_port=$(free_port)
probe_port=$(free_port)
mapfile -t argv < <(awk '/^          args:/{on=1; next} on && /^            - /{sub(/^            - /, ""); print; next} on{exit}' "$tmp/manifest.yaml")
[ "${#argv[@]}" -ge 25 ] || fail "no arguments in the chart's Deployment"
printf '%s\n' "${argv[@]}" | grep -qx -- --leader-elect || fail "the chart does not elect a leader"
user=$(sed -n 's/^ *runAsUser: //p' "$tmp/manifest.yaml" | head -n 1)
[ "$user" = 65532 ] || fail "the chart's Pod runs as '$user', not 65532"
sa=$tmp/serviceaccount
mkdir -p "$sa"
k create token "$release" -n "$ns" --duration=1h >"$sa/token"
k config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' |
  base64 -d >"$sa/ca.crt"
printf '%s' "$ns" >"$sa/namespace"
chmod 0755 "$sa"
chmod 0644 "$sa"/*
server=$(k config view --minify -o jsonpath='{.clusters[0].cluster.server}')
host=$(echo "$server" | sed -E 's#^https://([^:/]+):([0-9]+).*#\1#')
port=$(echo "$server" | sed -E 's#^https://([^:/]+):([0-9]+).*#\2#')
# start_container NAME METRICS_PORT PROBE_PORT: the chart's Pod, its listeners on those ports;
# returns once /readyz answers 200 (a standby is ready too) and sets ready_ms.
start_container() {
  local t0 args
  t0=$(now_ms)
  mapfile -t args < <(printf '%s\n' "${argv[@]}" |
    sed -E "s/^--metrics-bind-address=.*/--metrics-bind-address=127.0.0.1:$2/; s/^--health-probe-bind-address=.*/--health-probe-bind-address=127.0.0.1:$3/")
  pod run -d --name "$1" --network host --user 65532:65532 --read-only \
    --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges \
    -e KUBERNETES_SERVICE_HOST="$host" -e KUBERNETES_SERVICE_PORT="$port" \
    -v "$sa:/var/run/secrets/kubernetes.io/serviceaccount:ro" \
    "localhost/kro-cpp:$version" "${args[@]}" >/dev/null || fail "podman run $1"
  ready_ms=""
  for _ in $(seq 1 300); do
    if curl -fsS "http://127.0.0.1:$3/readyz" >/dev/null 2>&1; then
      ready_ms=$(($(now_ms) - t0))
      return 0
    fi
    [ "$(pod inspect -f '{{.State.Running}}' "$1")" = true ] || fail "$1 exited"
    sleep 0.1
  done
  fail "$1 not ready within 30 s"
}
lease_holder() { k get lease controller.kro.run -n "$ns" -o jsonpath='{.spec.holderIdentity}' 2>/dev/null || true; }
start_container "$container" "$metrics_port" "$probe_port"
echo "ok: container ready ${ready_ms} ms after podman run"
for _ in $(seq 1 100); do
  holder=$(lease_holder)
  [ -n "$holder" ] && break
  sleep 0.2
done
[ -n "$holder" ] || fail "no leader Lease controller.kro.run in $ns"
echo "ok: leader Lease held by $holder"

k apply -f "$root/examples/seed-application/rgd.yaml" >/dev/null
k wait --for=jsonpath='{.status.state}'=Active --timeout=120s resourcegraphdefinition/my-application >/dev/null ||
  fail "the seed RGD did not become Active"
k apply -f "$root/examples/seed-application/instance.yaml" >/dev/null
k wait --for=jsonpath='{.status.state}'=ACTIVE --timeout=180s application/my-application-instance >/dev/null ||
  fail "the seed instance did not become ACTIVE"
echo "ok: the seed example is ACTIVE"
sleep 5
pid=$(pod inspect -f '{{.State.Pid}}' "$container")
rss_kib=$(awk '/^VmRSS:/{print $2}' "/proc/$pid/status")
echo "idle memory (VmRSS) with the seed example: $((rss_kib / 1024)) MiB"

# Every other example (unrestricted mode): observed/ objects first, its RGDs Active, the instance
# ACTIVE, then all of it deleted again (instance first, while the controller runs).
for dir in "$root"/examples/*/; do
  ex=$(basename "$dir")
  [ "$ex" = seed-application ] && continue
  for f in "$dir"observed/*.yaml; do
    [ -f "$f" ] || continue
    for n in $(grep -ho 'namespace: [a-z0-9-]*' "$f" | cut -d' ' -f2 | sort -u); do
      k get namespace "$n" >/dev/null 2>&1 || k create namespace "$n" >/dev/null
      echo "$n" >>"$tmp/example-namespaces"
    done
    sed '/^ *uid:/d' "$f" | k apply -f - >/dev/null || fail "$ex: observed/$(basename "$f")"
  done
  rgds=$(grep -l '^kind: ResourceGraphDefinition' "$dir"*.yaml)
  for f in $rgds; do k apply -f "$f" >/dev/null || fail "$ex: $(basename "$f")"; done
  for f in $rgds; do
    k wait --for=jsonpath='{.status.state}'=Active --timeout=120s -f "$f" >/dev/null ||
      fail "$ex: $(basename "$f") did not become Active: $(k get -f "$f" -o jsonpath='{.status.conditions}')"
  done
  k apply -f "$dir/instance.yaml" >/dev/null || fail "$ex: instance"
  k wait --for=jsonpath='{.status.state}'=ACTIVE --timeout=180s -f "$dir/instance.yaml" >/dev/null ||
    fail "$ex: the instance did not become ACTIVE: $(k get -f "$dir/instance.yaml" -o jsonpath='{.status}')"
  k delete -f "$dir/instance.yaml" --timeout=120s >/dev/null || fail "$ex: the instance was not deleted"
  for f in "$dir"observed/*.yaml; do [ -f "$f" ] && k delete -f "$f" --ignore-not-found >/dev/null; done
  for f in $rgds; do k delete -f "$f" --timeout=60s >/dev/null || fail "$ex: RGD not deleted"; done
  echo "ok: example $ex ACTIVE and deleted"
done
if [ -f "$tmp/example-namespaces" ]; then
  for n in $(sort -u "$tmp/example-namespaces"); do k delete namespace "$n" --wait=false >/dev/null 2>&1 || true; done
fi

# Two replicas: a second container stands by; the leader is killed (SIGKILL: no release), and the
# standby takes the Lease once it expires: within lease duration + retry period (15 s + 2 s) of
# the last renewal, so of the kill; 2 s more for this test's polling on a loaded machine.
start_container "$container-2" "$(free_port)" "$(free_port)"
sleep 3
[ "$(lease_holder)" = "$holder" ] || fail "the standby took the Lease from a live leader"
t0=$(now_ms)
pod kill -s KILL "$container" >/dev/null
new_holder=""
for _ in $(seq 1 300); do
  new_holder=$(lease_holder)
  [ -n "$new_holder" ] && [ "$new_holder" != "$holder" ] && break
  sleep 0.1
done
handover_ms=$(($(now_ms) - t0))
[ -n "$new_holder" ] && [ "$new_holder" != "$holder" ] || fail "no handover 30 s after killing the leader"
[ "$handover_ms" -le 19000 ] || fail "handover took ${handover_ms} ms (lease 15 s + retry 2 s)"
echo "ok: leader killed, the standby ($new_holder) took over after ${handover_ms} ms"
pod rm -f "$container" >/dev/null
container=$container-2
k wait --for=jsonpath='{.status.state}'=ACTIVE --timeout=60s application/my-application-instance >/dev/null ||
  fail "the instance is not ACTIVE under the new leader"

# 4. helm upgrade to the next chart version.
objects="resourcegraphdefinition/my-application application/my-application-instance"
objects="$objects deployment/my-awesome-app service/my-awesome-app-service ingress/my-awesome-app-ingress"
versions() { k get $objects -o jsonpath='{range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion} {end}'; }
before=$(versions)
[ "$(echo "$before" | wc -w)" -eq 5 ] || fail "expected 5 objects, got: $before"
cp -r "$root/helm" "$tmp/chart-next"
sed -i -E 's/^version: ([0-9]+)\.([0-9]+)\.([0-9]+)$/echo "version: \1.\2.$((\3+1))"/e' "$tmp/chart-next/Chart.yaml"
next=$(sed -n 's/^version: //p' "$tmp/chart-next/Chart.yaml")
helm upgrade "$release" "$tmp/chart-next" -n "$ns" --reuse-values >"$tmp/upgrade.log" 2>&1 ||
  { cat "$tmp/upgrade.log" >&2; fail "helm upgrade"; }
[ "$(helm list -n "$ns" -o json | grep -o "\"chart\":\"kro-$next\"")" ] || fail "release not at chart $next"
sleep 8
after=$(versions)
[ "$before" = "$after" ] || fail "helm upgrade touched objects: before $before, after $after"
echo "ok: helm upgrade to chart $next left the RGD, the instance and its children untouched"

# Clean up the example while the controller runs (its finalizers), then 5. SIGTERM.
k delete -f "$root/examples/seed-application/instance.yaml" --timeout=120s >/dev/null ||
  fail "the instance was not deleted"
k delete -f "$root/examples/seed-application/rgd.yaml" --timeout=120s >/dev/null || fail "the RGD was not deleted"
t0=$(now_ms)
pod stop -t 60 "$container" >/dev/null
stop_ms=$(($(now_ms) - t0))
code=$(pod inspect -f '{{.State.ExitCode}}' "$container")
[ "$code" = 0 ] || fail "exit code $code after SIGTERM"
[ "$stop_ms" -lt 30000 ] || fail "took ${stop_ms} ms to stop after SIGTERM"
holder=$(lease_holder)
[ -z "$holder" ] || fail "the Lease is still held by $holder after SIGTERM"
echo "ok: SIGTERM: exit 0 after ${stop_ms} ms, Lease released"
