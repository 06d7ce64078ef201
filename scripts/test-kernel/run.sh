#!/usr/bin/env bash
# npm run test:kernel [TEST FILES...]: runs the live tests of what this machine's kernel lacks (the
# files in scripts/test-kernel/tests.txt, or those named) with jest inside a user-mode Linux kernel
# (Debian's user-mode-linux, 6.1), and exits with jest's status. The guest's root is this machine's
# filesystem, read-only; it writes only to its own tmpfs and to one temporary directory made here
# for the results. Its network stack is its own kernel's: nothing it does reaches this machine's.
# Environment: NETNS_UML_JOBS (kernels at once; default one per CPU, at most 2), NETNS_UML_TIMEOUT
# (seconds per kernel, default 270), NETNS_UML_MEM (per kernel, default 1536M), NETNS_UML_KEEP=1
# (keep the run's directory: each kernel's console, test list and jest JSON).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
here=scripts/test-kernel

die() { echo "test:kernel: $*" >&2; exit 1; }

uml=$(command -v linux.uml || true)
[ -n "$uml" ] || die "no linux.uml on PATH: install Debian's user-mode-linux package (apt-get install user-mode-linux kmod)"
[ -d /usr/lib/uml/modules ] || die "no /usr/lib/uml/modules: reinstall the user-mode-linux package"
command -v modprobe >/dev/null && command -v depmod >/dev/null \
  || die "no modprobe/depmod: install kmod (the guest loads the UML kernel's modules with them)"
# The guest cannot build anything (its root is read-only): the addon and dist/ come from this side.
[ -f build/Release/netns.node ] || die "build/Release/netns.node missing: run npm ci (or npx node-gyp build) first"
[ -d dist/lib ] || die "dist/ missing: run npx tsc -p tsconfig.json first"
case "$repo" in *[[:space:]]*) die "the checkout's path holds a space, which a kernel command line cannot carry: $repo" ;; esac
case "$repo/" in /run/*) die "the checkout is under /run, where the guest mounts its own tmpfs: $repo" ;; esac

if [ "$#" -gt 0 ]; then
  tests=("$@")
else
  mapfile -t tests < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/tests.txt")
fi
for t in "${tests[@]}"; do [ -f "$t" ] || die "no test file $t"; done

# One kernel per CPU, at most two (each UML kernel runs on one CPU, in 1.5 GiB): the files are
# dealt out in turn, in the list's order, and each kernel writes to its own directory of the run's.
jobs=${NETNS_UML_JOBS:-$(($(nproc) < 2 ? 1 : 2))}
[ "$jobs" -le "${#tests[@]}" ] || jobs=${#tests[@]}
limit=${NETNS_UML_TIMEOUT:-270}

results=$(mktemp -d "${TMPDIR:-/tmp}/netns-uml.XXXXXX")
if [ -n "${NETNS_UML_KEEP:-}" ]; then
  trap 'echo "test:kernel: consoles and jest reports kept in $results"' EXIT
else
  trap 'rm -rf "$results"' EXIT
fi
for ((i = 0; i < ${#tests[@]}; i++)); do
  mkdir -p "$results/$((i % jobs))"
  echo "${tests[$i]}" >>"$results/$((i % jobs))/tests"
done

# Unknown name=value words of the kernel command line reach init as its environment. con0 is the
# guest's console (its stdout goes to the kernel's console file, no input); the other consoles
# go nowhere. uml_dir: the kernel's pid and management socket go with the results, not to ~/.uml.
boot() {
  local dir=$1 status=0
  timeout --kill-after=10 "$limit" "$uml" mem="${NETNS_UML_MEM:-1536M}" \
    root=/dev/root rootfstype=hostfs rootflags=/ ro init="$repo/$here/guest-init.sh" \
    con=null con0=null,fd:1 quiet uml_dir="$dir" \
    NETNS_UML_RESULTS="$dir" NETNS_UML_REPO="$repo" NETNS_UML_NODE="$(command -v node)" \
    </dev/null >"$dir/console" 2>&1 || status=$?
  echo "$status" >"$dir/uml-status"
}
started=$SECONDS
pids=()
for ((j = 0; j < jobs; j++)); do
  boot "$results/$j" &
  pids+=("$!")
done
wait "${pids[@]}"
echo "test:kernel: ${#tests[@]} test files on $jobs user-mode Linux kernel(s) in $((SECONDS - started)) s"

status=0
reports=()
for ((j = 0; j < jobs; j++)); do
  dir=$results/$j
  echo "---- kernel $((j + 1)) of $jobs: $(tr '\n' ' ' <"$dir/tests")"
  cat "$dir/console"
  if [ "$(cat "$dir/uml-status")" -eq 124 ]; then
    echo "test:kernel: kernel $((j + 1)) timed out after $limit s (NETNS_UML_TIMEOUT)" >&2
  elif [ -f "$dir/error" ]; then
    echo "test:kernel: kernel $((j + 1)) failed before jest: $(cat "$dir/error")" >&2
  elif [ ! -f "$dir/status" ]; then
    echo "test:kernel: kernel $((j + 1)) stopped without a test status (linux.uml exited $(cat "$dir/uml-status"))" >&2
  fi
  [ -f "$dir/jest.json" ] && reports+=("$dir/jest.json")
  [ "$(cat "$dir/status" 2>/dev/null)" = 0 ] || status=1
done
[ "${#reports[@]}" -eq 0 ] || node "$here/summary.js" "${reports[@]}"
exit "$status"
