#!/usr/bin/env bash
# The image archive under containerd (issue 13: "loadable by podman/skopeo/containerd"): a
# containerd of its own (Debian's package, dev/deps image; as root, with a temporary root, state
# and socket, the CRI plugin off, so that nothing else on the machine is touched) imports the
# archive; the image must be listed under its tag with dev/image's manifest digest, unpack, and
# run under containerd's runc shim as both programs: `kro-controller --version`, `kro version`,
# and `kro graph -o svg`, which must say that Graphviz is not in the image (the graph is still
# there with -o dot). containerd is stopped and its folders removed afterwards.
# Usage: containerd_import.sh ARCHIVE TAG DIGEST   e.g. build/image/kro-cpp-0.1.0.tar
#        kro-cpp:0.1.0 sha256:...  (dev/image's last line)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
archive=${1:?usage: containerd_import.sh ARCHIVE TAG DIGEST}
tag=${2:?usage: containerd_import.sh ARCHIVE TAG DIGEST}
digest=${3:?usage: containerd_import.sh ARCHIVE TAG DIGEST}
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[ "$(id -u)" -eq 0 ] || fail "containerd needs root here (no rootless setup)"
command -v containerd >/dev/null && command -v ctr >/dev/null ||
  fail "containerd and ctr are needed: run dev/deps image"
tmp=$(mktemp -d)
pid=""
cleanup() {
  local rc=$?
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  [ $rc -ne 0 ] && [ -f "$tmp/containerd.log" ] && tail -n 20 "$tmp/containerd.log" >&2
  # The native snapshotter's and the runtime's mounts, if a run left any.
  grep -o " $tmp/[^ ]*" /proc/self/mounts | sort -r | xargs -r -n 1 umount -l 2>/dev/null || true
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
cat >"$tmp/config.toml" <<'TOML'
version = 2
disabled_plugins = ["io.containerd.grpc.v1.cri"]
TOML
sock=$tmp/containerd.sock
containerd --config "$tmp/config.toml" --root "$tmp/root" --state "$tmp/state" \
  --address "$sock" >"$tmp/containerd.log" 2>&1 &
pid=$!
ctr() { command ctr -a "$sock" -n kro-test "$@"; }
for _ in $(seq 1 100); do
  ctr version >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || fail "containerd exited"
  sleep 0.1
done
ctr version >/dev/null 2>&1 || fail "containerd did not answer on $sock"
ctr images import --snapshotter native "$archive" >"$tmp/import.log" 2>&1 ||
  { cat "$tmp/import.log" >&2; fail "ctr images import $archive"; }
listed=$(ctr images ls | awk -v t="$tag" '$1 == t { print $3 }')
[ -n "$listed" ] || fail "containerd lists no $tag: $(ctr images ls)"
[ "$listed" = "$digest" ] || fail "containerd has $tag as $listed, dev/image made $digest"
echo "ok: containerd imported $tag ($digest)"
run() { ctr run --rm --snapshotter native --net-host "$@"; }
out=$(run "$tag" kro-test-ctl /usr/local/bin/kro-controller --version 2>&1) ||
  fail "kro-controller --version under containerd: $out"
[[ $out == v* ]] || fail "kro-controller --version printed '$out'"
out=$(run "$tag" kro-test-cli /usr/local/bin/kro version 2>&1) || fail "kro version under containerd: $out"
[[ $out == "kro "* ]] || fail "kro version printed '$out'"
examples=(--mount "type=bind,src=$root/examples/seed-application,dst=/in,options=rbind:ro")
if out=$(run "${examples[@]}" "$tag" kro-test-svg /usr/local/bin/kro graph -o svg /in/rgd.yaml 2>&1); then
  fail "kro graph -o svg succeeded in an image without Graphviz"
fi
[[ $out == *"SVG needs the Graphviz library libgvc.so.6"*"-o dot"* ]] ||
  fail "kro graph -o svg does not say Graphviz is missing: $out"
out=$(run "${examples[@]}" "$tag" kro-test-dot /usr/local/bin/kro graph -o dot /in/rgd.yaml 2>&1) ||
  fail "kro graph -o dot under containerd: $out"
[[ $out == "digraph \"my-application\""* ]] || fail "kro graph -o dot printed: ${out:0:200}"
echo "ok: the image runs under containerd + runc as kro-controller and kro;" \
  "kro graph -o svg says Graphviz is absent, -o dot works"
