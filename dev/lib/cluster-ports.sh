# Free TCP ports on 127.0.0.1 for a local cluster. Sourced, never run; needs cluster-state.sh.
#
# A port is handed out only if no socket on the machine uses it (read from /proc/net/tcp*, so no
# extra tool is needed) and no other cluster under $KRO_CLUSTER_ROOT has reserved it. Reservation
# happens under a lock, so clusters started at the same moment never get the same port. Ports come
# from 20000-32767: below Linux's default ephemeral range (32768-60999), so an outgoing connection
# cannot take one between reservation and bind.

# ports_in_use: every local TCP port with a socket, one a line (any state, IPv4 and IPv6).
ports_in_use() {
  local f line hex
  for f in /proc/net/tcp /proc/net/tcp6; do
    [ -r "$f" ] || continue
    while read -r _ line _; do
      hex=${line##*:}
      [[ $hex =~ ^[0-9A-Fa-f]{4}$ ]] && printf '%d\n' "0x$hex"
    done <"$f"
  done
}

# ports_reserved: ports written in any cluster's ports.env.
ports_reserved() {
  local f
  for f in "$KRO_CLUSTER_ROOT"/*/ports.env; do
    [ -f "$f" ] || continue
    sed -n 's/^[A-Z_]*_PORT=\([0-9]*\)$/\1/p' "$f"
  done
}

# reserve_ports FILE VAR...: picks a distinct free port for each VAR and writes VAR=port lines to
# FILE (which then counts as a reservation). Fails after many unlucky tries.
reserve_ports() {
  local file=$1
  shift
  mkdir -p "$KRO_CLUSTER_ROOT"
  (
    flock -w 60 8 || die "timed out waiting for the port lock $KRO_CLUSTER_ROOT/.ports.lock"
    declare -A taken=()
    local p var tries
    while read -r p; do taken[$p]=1; done < <(ports_in_use; ports_reserved)
    : >"$file.tmp"
    for var in "$@"; do
      tries=0
      while :; do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 12768))
        [ -z "${taken[$p]:-}" ] && break
        tries=$((tries + 1))
        [ $tries -lt 1000 ] || die "no free port found in 20000-32767"
      done
      taken[$p]=1
      echo "${var}_PORT=$p" >>"$file.tmp"
    done
    mv "$file.tmp" "$file"
  ) 8>"$KRO_CLUSTER_ROOT/.ports.lock"
}
