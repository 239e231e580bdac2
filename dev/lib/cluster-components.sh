# Command lines and health probes of the control-plane components. Sourced, never run; needs
# cluster-state.sh, cluster-procs.sh, $CLUSTER_DIR, $K8S_BIN_DIR and the variables of ports.env.
#
# Everything listens on 127.0.0.1 only. Each component gets its own --cert-dir inside the
# cluster folder: the upstream default, /var/run/kubernetes, would be shared by every cluster.
# Extra flags for a component can be given, space-separated, in KRO_CLUSTER_<COMPONENT>_ARGS
# (ETCD, APISERVER, KCM, SCHEDULER, KWOK), e.g. KRO_CLUSTER_APISERVER_ARGS=--feature-gates=X=true.

# Service IPs and pod IPs come from distinct ranges, so neither hides the other in test output.
SERVICE_CIDR=10.96.0.0/16
POD_CIDR=10.244.0.0/16

_pki() { printf '%s/pki/%s' "$CLUSTER_DIR" "$1"; }
_logf() { printf '%s/logs/%s.log' "$CLUSTER_DIR" "$1"; }

start_etcd() {
  local url_c=http://127.0.0.1:$ETCD_CLIENT_PORT url_p=http://127.0.0.1:$ETCD_PEER_PORT
  # shellcheck disable=SC2086 # extra args are split on purpose
  start_component etcd "$(_logf etcd)" "$K8S_BIN_DIR/etcd" \
    --name=kro-dev --data-dir="$CLUSTER_DIR/etcd" \
    --listen-client-urls="$url_c" --advertise-client-urls="$url_c" \
    --listen-peer-urls="$url_p" --initial-advertise-peer-urls="$url_p" \
    --initial-cluster="kro-dev=$url_p" --initial-cluster-state=new \
    --unsafe-no-fsync=true --log-level=warn ${KRO_CLUSTER_ETCD_ARGS:-}
}
etcd_healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_CLIENT_PORT/health" >/dev/null; }

# start_apiserver TIER: flags as envtest and kro's integration suite use them (RBAC, no
# priority-and-fairness, max in-flight 800/400, ValidatingAdmissionPolicy). The minimal tier has
# no controller manager to create the "default" ServiceAccount of each namespace, so it drops the
# ServiceAccount admission plugin, as envtest does; the full tier keeps it, like a real cluster.
start_apiserver() {
  local tier=$1 disable=""
  [ "$tier" = minimal ] && disable=--disable-admission-plugins=ServiceAccount
  mkdir -p "$CLUSTER_DIR/kube-apiserver"
  # shellcheck disable=SC2086
  start_component kube-apiserver "$(_logf kube-apiserver)" "$K8S_BIN_DIR/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$APISERVER_PORT" \
    --cert-dir="$CLUSTER_DIR/kube-apiserver" \
    --tls-cert-file="$(_pki apiserver.crt)" --tls-private-key-file="$(_pki apiserver.key)" \
    --client-ca-file="$(_pki ca.crt)" --authorization-mode=RBAC \
    --service-account-issuer="https://127.0.0.1:$APISERVER_PORT" \
    --service-account-key-file="$(_pki sa.pub)" \
    --service-account-signing-key-file="$(_pki sa.key)" \
    --service-cluster-ip-range="$SERVICE_CIDR" --allow-privileged=true \
    --enable-admission-plugins=ValidatingAdmissionPolicy $disable \
    --enable-priority-and-fairness=false \
    --max-requests-inflight=800 --max-mutating-requests-inflight=400 \
    --endpoint-reconciler-type=none \
    --requestheader-client-ca-file="$(_pki ca.crt)" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    ${KRO_CLUSTER_APISERVER_ARGS:-}
}
# --endpoint-reconciler-type=none: Endpoints may not hold loopback addresses, so the default
# reconciler would fail (and log) every few seconds trying to publish 127.0.0.1.
# --requestheader-*: published in kube-system/extension-apiserver-authentication, where the
# controller manager and scheduler look for it; without it they log an error every 20 s.
# Only a cert with CN front-proxy-client (none is issued) could use the headers.

apiserver_get() {
  curl -fsS --max-time 5 --cacert "$(_pki ca.crt)" --cert "$(_pki admin.crt)" \
    --key "$(_pki admin.key)" "https://127.0.0.1:$APISERVER_PORT$1"
}
apiserver_ready() { apiserver_get /readyz >/dev/null; }

start_controller_manager() {
  local kc=$CLUSTER_DIR/kubeconfig
  mkdir -p "$CLUSTER_DIR/kube-controller-manager"
  # shellcheck disable=SC2086
  start_component kube-controller-manager "$(_logf kube-controller-manager)" \
    "$K8S_BIN_DIR/kube-controller-manager" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" \
    --cert-dir="$CLUSTER_DIR/kube-controller-manager" \
    --leader-elect=false --controllers='*' --use-service-account-credentials=false \
    --root-ca-file="$(_pki ca.crt)" --service-account-private-key-file="$(_pki sa.key)" \
    --cluster-signing-cert-file="$(_pki ca.crt)" --cluster-signing-key-file="$(_pki ca.key)" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --kube-api-qps=1000 --kube-api-burst=2000 ${KRO_CLUSTER_KCM_ARGS:-}
}
controller_manager_healthy() {
  curl -fsSk --max-time 2 "https://127.0.0.1:$KCM_PORT/healthz" >/dev/null
}

start_scheduler() {
  local kc=$CLUSTER_DIR/kubeconfig
  mkdir -p "$CLUSTER_DIR/kube-scheduler"
  # shellcheck disable=SC2086
  start_component kube-scheduler "$(_logf kube-scheduler)" "$K8S_BIN_DIR/kube-scheduler" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT" \
    --cert-dir="$CLUSTER_DIR/kube-scheduler" --leader-elect=false ${KRO_CLUSTER_SCHEDULER_ARGS:-}
}
scheduler_healthy() {
  curl -fsSk --max-time 2 "https://127.0.0.1:$SCHEDULER_PORT/healthz" >/dev/null
}

# start_kwok: kwok drives only nodes annotated kwok.x-k8s.io/node=fake, with the stages of
# dev/k8s/kwok-stages.yaml, and renews each node's Lease (what the node lifecycle controller
# watches) every 40 s.
start_kwok() {
  # shellcheck disable=SC2086
  start_component kwok "$(_logf kwok)" "$K8S_BIN_DIR/kwok" \
    --kubeconfig="$CLUSTER_DIR/kubeconfig" --config="$CLUSTER_DIR/kwok-stages.yaml" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --cidr="$POD_CIDR" --node-ip=10.240.0.1 --node-lease-duration-seconds=40 \
    --server-address="127.0.0.1:$KWOK_PORT" ${KRO_CLUSTER_KWOK_ARGS:-}
}
kwok_healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$KWOK_PORT/healthz" >/dev/null; }
