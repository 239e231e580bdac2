#!/usr/bin/env bash
# dev/cluster's own contract, on throw-away minimal clusters with unique names:
#   - a failed `up` exits non-zero and leaves no process and no state behind;
#   - `up` gets ports no other cluster on the machine holds, is healthy, and prints the
#     export line last; a second `up` of the same name re-prints it without restarting;
#   - `status` notices a dead component; `down` stops exactly that cluster's processes, removes
#     its state, and is idempotent; other clusters keep running.
# Needs the binaries of dev/k8s-binaries; does not need KUBECONFIG.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/dev/lib/versions.sh"
source "$root/dev/lib/cluster-state.sh"
cluster=$root/dev/cluster

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[ -x "$K8S_BIN_DIR/kube-apiserver" ] || fail "no Kubernetes binaries in $K8S_BIN_DIR; run dev/k8s-binaries"
a=lc-a-$$
b=lc-b-$$
bad=lc-bad-$$
tmp=$(mktemp -d)
cleanup() {
  for n in "$a" "$b" "$bad"; do "$cluster" down --name "$n" >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

procs_of() { pgrep -f -- "$KRO_CLUSTER_ROOT/$1/" || true; }

# 1. A failing start cleans up after itself (etcd was already running when the API server died).
if KRO_CLUSTER_APISERVER_ARGS=--no-such-flag "$cluster" up --minimal --name "$bad" \
  >/dev/null 2>"$tmp/bad.err"; then
  fail "up with a bad API server flag succeeded"
fi
grep -q "unknown flag: --no-such-flag" "$tmp/bad.err" ||
  fail "the failed up did not show the API server's error: $(cat "$tmp/bad.err")"
[ -z "$(procs_of "$bad")" ] || fail "processes left after a failed up: $(procs_of "$bad")"
[ ! -e "$KRO_CLUSTER_ROOT/$bad" ] || fail "state left after a failed up"
echo "ok: failed up leaves nothing"

# 2. Two clusters at once, distinct ports, healthy.
"$cluster" up --minimal --name "$a" >"$tmp/$a.out" 2>/dev/null &
"$cluster" up --minimal --name "$b" >"$tmp/$b.out" 2>/dev/null || fail "up $b failed"
wait $! || fail "up $a failed"
for n in "$a" "$b"; do
  line=$(tail -n 1 "$tmp/$n.out")
  [ "$line" = "export KUBECONFIG=$KRO_CLUSTER_ROOT/$n/kubeconfig" ] || fail "last line of up: '$line'"
  "$K8S_BIN_DIR/kubectl" --cache-dir="$tmp/kube-cache" --kubeconfig="$KRO_CLUSTER_ROOT/$n/kubeconfig" get --raw /readyz >/dev/null ||
    fail "$n is not ready"
done
dups=$(cat "$KRO_CLUSTER_ROOT"/*/ports.env | cut -d= -f2 | sort | uniq -d)
[ -z "$dups" ] || fail "ports reserved twice across clusters: $dups ($(grep -H -E "=($(echo $dups | tr ' ' '|'))\$" "$KRO_CLUSTER_ROOT"/*/ports.env | tr '\n' ' '))"
echo "ok: two clusters up side by side with distinct ports"

# 3. up again is idempotent: same processes, same line.
pid_before=$(procs_of "$a" | sort | tr '\n' ' ')
line=$("$cluster" up --minimal --name "$a" 2>/dev/null | tail -n 1)
[ "$line" = "export KUBECONFIG=$KRO_CLUSTER_ROOT/$a/kubeconfig" ] || fail "second up printed '$line'"
[ "$(procs_of "$a" | sort | tr '\n' ' ')" = "$pid_before" ] || fail "second up restarted processes"
echo "ok: second up re-prints the export line without restarting"

# 4. status sees a dead component.
"$cluster" status --name "$b" >/dev/null || fail "status of a healthy cluster failed"
read -r apid _ <"$KRO_CLUSTER_ROOT/$b/pids/kube-apiserver"
kill -KILL "$apid"
for _ in $(seq 1 50); do [ -d "/proc/$apid" ] || break; sleep 0.1; done
if "$cluster" status --name "$b" >/dev/null; then fail "status did not notice the killed API server"; fi
echo "ok: status reports a dead component"

# 5. down stops exactly one cluster, removes its state, and is idempotent.
"$cluster" down --name "$b" 2>/dev/null || fail "down $b failed"
[ -z "$(procs_of "$b")" ] || fail "processes of $b left after down"
[ ! -e "$KRO_CLUSTER_ROOT/$b" ] || fail "state of $b left after down"
"$cluster" down --name "$b" 2>/dev/null || fail "second down failed"
"$K8S_BIN_DIR/kubectl" --cache-dir="$tmp/kube-cache" --kubeconfig="$KRO_CLUSTER_ROOT/$a/kubeconfig" get --raw /readyz >/dev/null ||
  fail "$a stopped working when $b went down"
"$cluster" down --name "$a" 2>/dev/null || fail "down $a failed"
[ -z "$(procs_of "$a")" ] || fail "processes of $a left after down"
echo "ok: down stops only its own cluster and is idempotent"
echo "PASS"
