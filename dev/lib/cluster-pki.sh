# The throw-away PKI of a local cluster, made with the openssl command. Sourced, never run.
#
# make_pki DIR writes into DIR:
#   ca.crt, ca.key           one CA (ECDSA P-256, 7 days) that signs the serving and client certs;
#                            it is the apiserver's --client-ca-file and the kubeconfig's trust root
#   apiserver.crt/.key       serving cert, CN=localhost, SANs localhost, 127.0.0.1, kubernetes,
#                            kubernetes.default(.svc), and the first service IP
#   admin.crt/.key           client cert CN=admin, O=system:masters (cluster-admin under RBAC)
#   sa.key, sa.pub           RSA 2048 key pair that signs and verifies service-account tokens
# A fresh PKI per cluster means nothing is trusted across clusters or runs.

make_pki() {
  local d=$1
  mkdir -p "$d"
  (
    set -e
    cd "$d"
    umask 077
    ec() { openssl ecparam -name prime256v1 -genkey -noout -out "$1" 2>/dev/null; }
    ec ca.key
    openssl req -x509 -new -key ca.key -subj "/CN=kro-cpp-local-ca" -days 7 -sha256 \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" -out ca.crt

    ec apiserver.key
    openssl req -new -key apiserver.key -subj "/CN=localhost" -out apiserver.csr
    cat >apiserver.ext <<'EOF'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:127.0.0.1,IP:10.96.0.1
EOF
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 7 \
      -sha256 -extfile apiserver.ext -out apiserver.crt 2>/dev/null

    ec admin.key
    openssl req -new -key admin.key -subj "/CN=admin/O=system:masters" -out admin.csr
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' \
      >admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 7 \
      -sha256 -extfile admin.ext -out admin.crt 2>/dev/null

    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    rm -f ./*.csr ./*.ext ca.srl
  ) || die "could not create the PKI in $d (openssl failed)"
}

# write_kubeconfig FILE SERVER PKI_DIR CONTEXT: an admin kubeconfig with the certificates inline,
# so it stays valid when copied elsewhere.
write_kubeconfig() {
  local file=$1 server=$2 pki=$3 ctx=$4
  local b64='base64 -w0'
  (
    umask 077
    cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $ctx
  cluster:
    server: $server
    certificate-authority-data: $($b64 "$pki/ca.crt")
users:
- name: $ctx-admin
  user:
    client-certificate-data: $($b64 "$pki/admin.crt")
    client-key-data: $($b64 "$pki/admin.key")
contexts:
- name: $ctx
  context:
    cluster: $ctx
    user: $ctx-admin
current-context: $ctx
EOF
  )
}
