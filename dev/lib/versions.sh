# Pinned versions of the Kubernetes test binaries. Sourced by dev/ scripts.
KUBE_VERSION=v1.36.3
ETCD_VERSION=v3.6.8
KWOK_VERSION=v0.8.0
KRO_CPP_CACHE=${KRO_CPP_CACHE:-$HOME/.cache/kro-cpp}
K8S_BIN_DIR=$KRO_CPP_CACHE/k8s-$KUBE_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION/bin
# KRO_UPSTREAM_*: upstream kro, the test oracle (dev/upstream-kro). dev/k8s-binaries leaves
# lines naming KRO_UPSTREAM out of its stamp, so changing them does not rebuild Kubernetes.
KRO_UPSTREAM_VERSION=v0.9.4
KRO_UPSTREAM_DIR=$KRO_CPP_CACHE/kro-upstream-$KRO_UPSTREAM_VERSION
# HELM_*: Helm, built from its Go module by dev/helm for the chart in helm/. dev/k8s-binaries
# leaves lines naming HELM out of its stamp too.
HELM_VERSION=v4.3.2
HELM_DIR=$KRO_CPP_CACHE/helm-$HELM_VERSION
