#!/usr/bin/env bash
# Golden test of the `kro` binary (see README.md): runs each command of one case and compares
# what it prints with the files under <case>/expected/. KRO_UPDATE_GOLDEN=1 rewrites them.
#
#   run.sh KRO case <name>     a case folder under cases/
#   run.sh KRO error <name>    a negative test: errors/<name>.yaml through `kro validate`
#   run.sh KRO preview <name>  preview/<name>.yaml through `kro preview --observed preview/observed`
set -u
kro=$1 mode=$2 name=$3
here=$(cd "$(dirname "$0")" && pwd)
update=${KRO_UPDATE_GOLDEN:-0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# check EXPECTED CMD...: stdout must equal EXPECTED; stderr and a non-zero exit code, when there
# are any, must equal EXPECTED.stderr (whose absence means "none").
check() {
  local want=$1
  shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [[ -s $tmp/err || $rc -ne 0 ]]; then
    echo "exit $rc" >>"$tmp/err"
  fi
  if [[ $update == 1 ]]; then
    mkdir -p "$(dirname "$want")"
    cp "$tmp/out" "$want"
    if [[ -s $tmp/err ]]; then cp "$tmp/err" "$want.stderr"; else rm -f "$want.stderr"; fi
    return
  fi
  if ! diff -u "$want" "$tmp/out"; then
    echo "FAIL: stdout of: $* (expected $want)"
    failed=1
  fi
  if [[ -s $tmp/err || -e $want.stderr ]]; then
    if ! diff -u "$want.stderr" "$tmp/err" 2>&1; then
      echo "FAIL: stderr/exit code of: $* (expected $want.stderr)"
      failed=1
    fi
  fi
}

case $mode in
  case)
    cd "$here/cases" || exit 2
    [[ -f $name/rgd.yaml ]] || { echo "no case $name"; exit 2; }
    args=()
    [[ -f $name/args ]] && read -r -a args <"$name/args"
    exp=$name/expected
    check "$exp/validate.txt" "$kro" validate "$name/rgd.yaml" "${args[@]}"
    check "$exp/crd.yaml" "$kro" crd "$name/rgd.yaml" "${args[@]}"
    check "$exp/graph.txt" "$kro" graph "$name/rgd.yaml" "${args[@]}"
    check "$exp/graph.dot" "$kro" graph -o dot "$name/rgd.yaml" "${args[@]}"
    if [[ -f $name/instance.yaml ]]; then
      check "$exp/render.yaml" "$kro" render "$name/rgd.yaml" "$name/instance.yaml" "${args[@]}"
      if [[ -d $name/observed ]]; then
        check "$exp/render-observed.yaml" "$kro" render "$name/rgd.yaml" "$name/instance.yaml" \
          --observed "$name/observed" "${args[@]}"
      fi
    fi
    if [[ -f $name/render-json ]]; then
      check "$exp/render.json" "$kro" render -o json "$name/rgd.yaml" "$name/instance.yaml" "${args[@]}"
    fi
    ;;
  error)
    cd "$here/errors" || exit 2
    [[ -f $name.yaml ]] || { echo "no error case $name"; exit 2; }
    check "expected/$name.txt" "$kro" validate "$name.yaml"
    # A negative test must fail, and say where.
    if [[ $update != 1 && ! -s expected/$name.txt.stderr ]]; then
      echo "FAIL: $name.yaml must produce an error"
      failed=1
    fi
    ;;
  preview)
    cd "$here/preview" || exit 2
    [[ -f $name.yaml ]] || { echo "no preview case $name"; exit 2; }
    check "expected/$name.txt" "$kro" preview "$name.yaml" --observed observed
    check "expected/$name.json" "$kro" preview -o json "$name.yaml" --observed observed
    ;;
  *)
    echo "usage: run.sh KRO case|error|preview NAME"
    exit 2
    ;;
esac
exit $failed
