#!/usr/bin/env bash
# Runs one busybox container with `ctr run --cni` on a private containerd, networked by a CNI
# plugin: the reference `bridge` (Debian's /usr/lib/cni) or the project's `netns-bridge`
# (dist/bin/netns-cni.js). Prints the container's view (ip addr, ip route, ping of the gateway)
# and the host side's state during and after the run.
#
#   [NSTEST_NETNS=nstest-NAME] [SNAPSHOTTER=native] scripts/cni-containerd.sh [bridge|netns-bridge]
#
# Exit 0: the container got its address and reached the gateway, and DEL left no port behind.
# Exit 77: a prerequisite is missing (the reason is printed on stderr). Anything else: failure.
#
# Safety: containerd, its shims and ctr (which executes the CNI plugins) run inside a network
# namespace made here (nstest-ctrd-*), with root, state, sockets and FIFOs under a temp dir, so
# the bridge and veths the plugin makes never reach the initial namespace. They also run in a
# private mount namespace (ip netns exec makes one, / already a slave there) in which overlays
# give /etc/cni/net.d and the plugin directory this run's files and a tmpfs on /run takes the
# shim sockets that containerd 1.6 always places under /run/containerd/s: ctr --cni has no flag
# for its config or plugin directory. Nothing is written to the host's /etc, /run or /usr.
# Cleanup kills only this run's processes, by PID: those in its namespace and in its cgroups.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
self="$here/$(basename "$0")"
SUBNET_PREFIX=10.88.0
GATEWAY=$SUBNET_PREFIX.1

skip() { echo "skip: $*" >&2; exit 77; }

# Builds a one-layer OCI image (static busybox plus applet links) as an OCI layout tar.
build_image() { # dir out.tar
  local d=$1 out=$2 rootfs=$1/rootfs blobs=$1/oci/blobs/sha256
  mkdir -p "$rootfs/bin" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/etc" "$rootfs/tmp" "$blobs"
  cp "$(command -v busybox)" "$rootfs/bin/busybox"
  local a
  for a in sh ip ping sleep cat ls echo; do ln -s busybox "$rootfs/bin/$a"; done
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$rootfs" -cf "$d/layer.tar" .
  local layer lsize config csize manifest msize arch
  case $(uname -m) in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac  # OCI's names
  layer=$(sha256sum "$d/layer.tar" | cut -d' ' -f1)
  lsize=$(stat -c %s "$d/layer.tar")
  mv "$d/layer.tar" "$blobs/$layer"
  printf '{"architecture":"%s","os":"linux","config":{"Cmd":["sh"],"Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$arch" "$layer" >"$d/config.json"
  config=$(sha256sum "$d/config.json" | cut -d' ' -f1)
  csize=$(stat -c %s "$d/config.json")
  mv "$d/config.json" "$blobs/$config"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$config" "$csize" "$layer" "$lsize" >"$d/manifest.json"
  manifest=$(sha256sum "$d/manifest.json" | cut -d' ' -f1)
  msize=$(stat -c %s "$d/manifest.json")
  mv "$d/manifest.json" "$blobs/$manifest"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"%s","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"latest"}}]}' \
    "$manifest" "$msize" "$arch" "$IMAGE" >"$d/oci/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$d/oci/oci-layout"
  tar --owner=0 --group=0 -C "$d/oci" -cf "$out" oci-layout index.json blobs
}

# ---- inside the namespace (network and mount) ---------------------------------------------------
inner() {
  # Overlays, not bind mounts: /etc/cni does not exist on the host, and creating it there is
  # what this script must not do. The upper layers live under $T.
  # /var/lib takes libcni's result cache (/var/lib/cni/results), which ctr cannot move either.
  mkdir -p "$T/up/etc/cni/net.d" "$T/up/usr/lib/cni" "$T/up/var/lib"
  cp "$T/net.conflist" "$T/up/etc/cni/net.d/10-nstest.conflist"
  # The plugin ctr finds is a wrapper that logs each call (command, interface, netns path) and
  # runs the real one: the log shows which plugin did the work and that DEL followed ADD.
  local real
  if [ "$PLUGIN" = netns-bridge ]; then
    real="$(command -v node) $repo/dist/bin/netns-cni.js"
  else
    cp /usr/lib/cni/bridge "$T/bridge"
    real=$T/bridge
  fi
  printf '#!/bin/sh\necho "$CNI_COMMAND $CNI_IFNAME $CNI_NETNS" >>%s\nexec %s "$@"\n' "$T/calls" "$real" >"$T/up/usr/lib/cni/$PLUGIN"
  chmod +x "$T/up/usr/lib/cni/$PLUGIN"
  local dir
  for dir in /etc /usr/lib/cni /var/lib; do
    mkdir -p "$T/work$dir"
    mount -t overlay overlay -o "lowerdir=$dir,upperdir=$T/up$dir,workdir=$T/work$dir" "$dir"
  done
  mount -t tmpfs -o mode=0755 tmpfs /run
  # Debian's ctr passes CNI_PATH=/opt/cni/bin:/usr/lib/cni: plugins of the host's in the first
  # would be run instead of this run's.
  if [ -d /opt/cni/bin ]; then mount -t tmpfs -o mode=0755 tmpfs /opt/cni/bin; fi
  # ip netns exec mounts a fresh sysfs (so /sys/class/net shows this namespace), which has no
  # cgroup mounts under it; runc needs them: mount the host's hierarchies again, same options.
  local target fstype opts
  while read -r target fstype opts; do
    mkdir -p "$target"
    mount -t "$fstype" -o "$opts" "$fstype" "$target"
  done <"$T/cgroup-mounts"
  ip link set lo up

  containerd --config "$T/containerd.toml" >"$T/containerd.log" 2>&1 &
  local ctr=(ctr -a "$T/containerd.sock" -n "$CNS") i up=''
  # The socket file appears at bind(), before containerd listens: ask it until it answers (30 s).
  for i in $(seq 300); do
    "${ctr[@]}" version >/dev/null 2>&1 && { up=1; break; }
    sleep 0.1
  done
  [ -n "$up" ] || { echo "containerd did not start" >&2; return 1; }
  "${ctr[@]}" image import "$T/image.tar" >&2
  # ctr runs the plugin's ADD before the task starts and its DEL after the task exits. The host
  # side is captured between the two, once the container has started (ADD complete), and the
  # container waits (30 s at most) until it has been: /sync is a directory of $T.
  mkdir -p "$T/sync"
  "${ctr[@]}" run --rm --cni --fifo-dir "$T/fifo" ${SNAPSHOTTER:+--snapshotter "$SNAPSHOTTER"} \
    --mount "type=bind,src=$T/sync,dst=/sync,options=rbind:rw" \
    "$IMAGE" "$CID" sh -c "touch /sync/started; echo '== container: ip addr'; ip addr; \
      echo '== container: ip route'; ip route; echo '== container: ping'; ping -c1 -W3 $GATEWAY; rc=\$?; \
      i=0; while [ ! -e /sync/captured ] && [ \$i -lt 300 ]; do sleep 0.1; i=\$((i + 1)); done; exit \$rc" >"$T/container.out" &
  local runpid=$!
  while [ ! -e "$T/sync/started" ] && kill -0 "$runpid" 2>/dev/null; do sleep 0.05; done
  echo '== host: ports of cni0 during the run'
  ip -o link show master cni0 2>/dev/null | sed 's/^[0-9]*: //; s/[@:].*//' || true  # no cni0: ADD failed
  touch "$T/sync/captured"
  local rc=0
  wait "$runpid" || rc=$?
  cat "$T/container.out"
  echo "== ctr run exit: $rc"
  echo '== host: ports of cni0 after the run'
  ip -o link show master cni0 2>/dev/null | sed 's/^[0-9]*: //; s/[@:].*//' || true
  echo '== host: addresses left in host-local'
  ls "$T/ipam/nstest-ctrd" 2>/dev/null | grep -E '^[0-9]' || true
  echo "== plugin calls ($PLUGIN)"
  cat "$T/calls" 2>/dev/null || true
  return "$rc"
}

if [ "${1:-}" = --inner ]; then
  inner
  exit $?
fi

# ---- outside: prerequisites, temp dir, namespace, cleanup ---------------------------------------
PLUGIN=${1:-bridge}
case $PLUGIN in bridge | netns-bridge) ;; *) echo "usage: $0 [bridge|netns-bridge]" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || skip "needs root"
for c in containerd ctr runc containerd-shim-runc-v2 busybox ip; do
  command -v "$c" >/dev/null || skip "$c not installed (apt-get install containerd runc busybox-static)"
done
# A dynamic busybox would need its libraries in the image.
if od -An -c -N 1024 "$(command -v busybox)" | tr -d ' \n' | grep -q 'ld-linux'; then skip "busybox is not static (apt-get install busybox-static)"; fi
[ -x /usr/lib/cni/bridge ] && [ -x /usr/lib/cni/host-local ] || skip "/usr/lib/cni/{bridge,host-local} missing (apt-get install containernetworking-plugins)"
if [ "$PLUGIN" = netns-bridge ] && [ ! -f "$repo/dist/bin/netns-cni.js" ]; then skip "dist/bin/netns-cni.js not built (npx tsc -p tsconfig.json)"; fi

# The tests pass a name of their run's prefix (NSTEST_NETNS), so that their teardown sees leftovers.
NS=${NSTEST_NETNS:-nstest-ctrd-$$-$RANDOM}
case $NS in nstest-*) ;; *) echo "NSTEST_NETNS must start with nstest-" >&2; exit 2 ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/nstest-ctrd-XXXXXX")
CNS=$NS                    # containerd namespace: also the name of the cgroups runc makes
CID=c$$
IMAGE=localhost/nstest-busybox:latest
export T PLUGIN NS CNS CID IMAGE

# PIDs of this run's processes: the container's (in the cgroups runc made under this run's name)
# and containerd's, its shims', ctr's and the plugins' (in this run's network namespace). A shim
# outlives a failed ADD and its bundle's shim.pid, so recorded PID files would miss it.
run_pids() {
  cat /sys/fs/cgroup/*/"$CNS"/*/cgroup.procs /sys/fs/cgroup/"$CNS"/*/cgroup.procs 2>/dev/null || true
  [ -z "${made_ns:-}" ] || ip netns pids "$NS" 2>/dev/null || true
}

cleanup() {
  local f pids
  pids=$(run_pids | sort -u)
  if [ -n "$pids" ]; then
    # shellcheck disable=SC2086  # one PID a word
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 50); do
      [ -n "$(run_pids)" ] || break
      sleep 0.1
    done
    pids=$(run_pids | sort -u)
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  fi
  [ -n "${made_ns:-}" ] && ip netns delete "$NS"
  # runc removes the container's cgroups but not their parent, named after the containerd
  # namespace: remove the (empty) directories of this run's name only.
  for f in /sys/fs/cgroup/*/"$CNS" /sys/fs/cgroup/"$CNS"; do
    [ -d "$f" ] && { find "$f" -depth -type d -exec rmdir {} + 2>/dev/null || true; }
  done
  # Snapshot mounts lived in the namespace's private mount namespace, gone with its processes.
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

build_image "$T/img" "$T/image.tar"
findmnt -rn -o TARGET,FSTYPE,FS-OPTIONS -R /sys/fs/cgroup >"$T/cgroup-mounts" || true
mkdir -p "$T/fifo" "$T/ipam"
cat >"$T/containerd.toml" <<EOF
version = 2
root = "$T/root"
state = "$T/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$T/containerd.sock"
[ttrpc]
  address = "$T/containerd.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$T/opt"
EOF
cat >"$T/net.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "nstest-ctrd",
  "plugins": [{
    "type": "$PLUGIN", "bridge": "cni0", "isGateway": true, "ipMasq": false,
    "ipam": { "type": "host-local", "dataDir": "$T/ipam",
              "ranges": [[{ "subnet": "$SUBNET_PREFIX.0/24" }]], "routes": [{ "dst": "0.0.0.0/0" }] }
  }]
}
EOF

ip netns add "$NS"
made_ns=1
echo "== namespace $NS (also containerd's), temp dir $T, plugin $PLUGIN"
rc=0
ip netns exec "$NS" "$self" --inner || rc=$?
if [ "$rc" != 0 ]; then
  echo "== containerd log (last 30 lines)" >&2
  tail -n 30 "$T/containerd.log" >&2 || true
fi
exit "$rc"
