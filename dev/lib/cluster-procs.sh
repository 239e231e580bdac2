# Starting, checking and stopping a cluster's processes. Sourced, never run; needs
# cluster-state.sh and $CLUSTER_DIR.
#
# A process is "ours" only if its pid is alive, its start time (field 22 of /proc/<pid>/stat)
# equals the one recorded when we started it, and its command line names this cluster's folder.
# The start time guards against pid reuse; the folder guards against a copied pid file. So `down`
# never signals a stranger, even long after the cluster died.

# proc_start_time PID: the kernel's start time of a process, in clock ticks since boot.
proc_start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  # The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
  stat=${stat##*) }
  set -- $stat
  echo "${20}"
}

# start_component NAME LOG ARGS...: runs ARGS in a new session (so a terminal's Ctrl-C or hang-up
# does not reach it) with stdin from /dev/null and all output to LOG, and records its pid.
# Lock descriptors 8 and 9 are closed so a long-lived server never holds dev/cluster's locks.
start_component() {
  local name=$1 logf=$2
  shift 2
  mkdir -p "$CLUSTER_DIR/pids"
  setsid "$@" </dev/null >>"$logf" 2>&1 8>&- 9>&- &
  local pid=$! start i
  # setsid execs in place (we are not a process-group leader), so $! becomes the server itself;
  # the start time survives exec. Wait for the exec so that component_pid recognises it.
  start=$(proc_start_time "$pid") || died_at_start "$name" "$pid" "$logf"
  echo "$pid $start" >"$CLUSTER_DIR/pids/$name"
  for ((i = 0; i < 100; i++)); do
    { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$CLUSTER_DIR/" && return 0
    [ -d "/proc/$pid" ] || break
    sleep 0.05
  done
  died_at_start "$name" "$pid" "$logf"
}

# died_at_start NAME PID LOG: a component that exited before it was seen running (a bad flag makes
# kube-apiserver exit within milliseconds) fails the start with the end of its log, like one that
# dies later (wait_until). The reaped exit status means the log is complete.
died_at_start() {
  wait "$2" 2>/dev/null || true
  log "$1 exited while starting; last lines of its log:"
  tail -n 25 "$3" >&2 || true
  die "$1 did not start; see $3"
}

# component_pid NAME: prints the pid of a recorded component if it is still ours and alive.
component_pid() {
  local f=$CLUSTER_DIR/pids/$1 pid start now
  [ -f "$f" ] || return 1
  read -r pid start <"$f" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  now=$(proc_start_time "$pid") || return 1
  [ "$now" = "$start" ] || return 1
  { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$CLUSTER_DIR/" || return 1
  echo "$pid"
}

# stop_component NAME: SIGTERM, up to 15 s grace, then SIGKILL. Succeeds if nothing is left.
stop_component() {
  local name=$1 pid i
  if pid=$(component_pid "$name"); then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
      component_pid "$name" >/dev/null || break
      sleep 0.1
    done
    if component_pid "$name" >/dev/null; then
      log "$name (pid $pid) ignored SIGTERM for 15 s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do
        component_pid "$name" >/dev/null || break
        sleep 0.1
      done
    fi
  fi
  if component_pid "$name" >/dev/null; then
    log "could not stop $name"
    return 1
  fi
  rm -f "$CLUSTER_DIR/pids/$name"
}

# stop_all: stops every component of the cluster, last started first.
stop_all() {
  local i rc=0
  for ((i = ${#KRO_CLUSTER_COMPONENTS[@]} - 1; i >= 0; i--)); do
    stop_component "${KRO_CLUSTER_COMPONENTS[$i]}" || rc=1
  done
  return $rc
}

# wait_until TIMEOUT_S WHAT COMPONENT CMD...: polls CMD every 0.2 s until it succeeds. Fails early,
# with the end of the log, when COMPONENT has died; fails with the log when TIMEOUT_S passes.
wait_until() {
  local timeout=$1 what=$2 comp=$3
  shift 3
  local deadline=$(($(date +%s) + timeout))
  while ! "$@" >/dev/null 2>&1; do
    if [ -n "$comp" ] && ! component_pid "$comp" >/dev/null; then
      log "$comp exited while waiting for $what; last lines of its log:"
      tail -n 25 "$CLUSTER_DIR/logs/$comp.log" >&2 || true
      return 1
    fi
    if [ "$(date +%s)" -ge $deadline ]; then
      log "timed out after ${timeout}s waiting for $what"
      [ -n "$comp" ] && tail -n 25 "$CLUSTER_DIR/logs/$comp.log" >&2
      return 1
    fi
    sleep 0.2
  done
}
