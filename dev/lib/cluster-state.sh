# Where a local cluster keeps its state, and small helpers shared by dev/cluster's parts.
# Sourced, never run.
#
# Every cluster lives in one folder, $KRO_CLUSTER_ROOT/<name>/ (default root:
# ${TMPDIR:-/tmp}/kro-cpp-<uid>/clusters), holding:
#   ports.env           the ports reserved for it (read by other clusters' port allocation)
#   pki/                the throw-away CA, serving and client certificates, service-account keys
#   kubeconfig          admin credentials (CN=admin, O=system:masters)
#   pids/<component>    "<pid> <start time>" of each running process
#   logs/<component>.log
#   etcd/               etcd's data
#   tier                "minimal" or "full"
#   kubectl-cache/      kubectl's discovery cache for this cluster (not ~/.kube/cache)
# The folder is removed by `dev/cluster down`; apart from small lock files in the root, nothing
# else is written anywhere. Not $XDG_RUNTIME_DIR: that is a small tmpfs on many desktops, and
# etcd's data of a benchmark run can outgrow it.

KRO_CLUSTER_ROOT=${KRO_CLUSTER_ROOT:-${TMPDIR:-/tmp}/kro-cpp-$(id -u)/clusters}

# Components in start order; they are stopped in the reverse order.
KRO_CLUSTER_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

log() { printf '[cluster %s] %s\n' "${CLUSTER_NAME:-?}" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# cluster_dir NAME: the state folder of a cluster (it may not exist).
cluster_dir() { printf '%s/%s\n' "$KRO_CLUSTER_ROOT" "$1"; }

# valid_cluster_name NAME: names become folder names and appear in process arguments, so keep
# them to what a DNS label allows.
valid_cluster_name() { [[ $1 =~ ^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$ ]]; }

# now_ms: wall clock in milliseconds, for the start-up times printed by `up`.
now_ms() { date +%s%3N; }
