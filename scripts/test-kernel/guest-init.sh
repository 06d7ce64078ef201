#!/bin/sh
# PID 1 of the user-mode Linux kernel that scripts/test-kernel/run.sh boots. The root is the host's
# filesystem through hostfs, read-only; everything written here goes to tmpfs, except the results,
# which go to the one host directory made for the run (NETNS_UML_RESULTS, from the kernel command
# line, as are NETNS_UML_REPO and NETNS_UML_NODE). PID 1 must never exit (the kernel would panic and
# the host would see an abort): every step is checked by hand and the script always ends in
# power-off, with the tests' status written first.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# CI: jest prints each result once, without redrawing a progress line on the console.
export HOME=/tmp LANG=C.UTF-8 NETNS_TEST_KERNEL=uml CI=true
umask 022
results=/run/netns-uml/results

poweroff_now() {
  sync
  echo o >/proc/sysrq-trigger
  sleep 600  # the power-off runs from a kernel work queue; PID 1 waits for it
}

fail() {
  echo "netns-uml: $*" >&2
  [ -d "$results" ] && mountpoint -q "$results" && echo "$*" >"$results/error" && umount "$results"
  poweroff_now
}

mount -t proc proc /proc || fail 'mount proc'
# The host's filesystem must stay as it was: refuse to go on with a root mounted writable.
awk '$2 == "/" { split($4, o, ","); exit o[1] != "ro" }' /proc/mounts || fail 'the root is not read-only (rootflags=/ ro)'
mount -t sysfs sysfs /sys || fail 'mount sysfs'
mount -t tmpfs -o mode=755 tmpfs /run || fail 'mount tmpfs on /run'
# A checkout under /tmp or /var/tmp would vanish under their tmpfs: kept aside and put back at its
# own path, read-only (the host refuses a checkout under /run).
mkdir -p /run/netns-uml/repo && mount --bind "$NETNS_UML_REPO" /run/netns-uml/repo || fail "bind $NETNS_UML_REPO"
for dir in /tmp /var/tmp; do mount -t tmpfs -o mode=1777 tmpfs "$dir" || fail "mount tmpfs on $dir"; done
if [ ! -e "$NETNS_UML_REPO/scripts/test-kernel/guest-init.sh" ]; then
  mkdir -p "$NETNS_UML_REPO" && mount --bind /run/netns-uml/repo "$NETNS_UML_REPO" \
    && mount -o remount,bind,ro "$NETNS_UML_REPO" || fail "put $NETNS_UML_REPO back"
fi
# The kernel mounts devtmpfs on /dev itself when built with DEVTMPFS_MOUNT; else a tmpfs with the
# few nodes Node and iproute2 open.
if ! mountpoint -q /dev; then
  if ! mount -t devtmpfs devtmpfs /dev 2>/dev/null; then
    mount -t tmpfs -o mode=755 tmpfs /dev || fail 'mount /dev'
    mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/zero c 1 5 && mknod -m 444 /dev/urandom c 1 9 \
      && mknod -m 444 /dev/random c 1 8 && mknod -m 600 /dev/console c 5 1 || fail 'mknod in /dev'
  fi
fi
mkdir -p /dev/shm /dev/pts && mount -t tmpfs -o mode=1777 tmpfs /dev/shm && mount -t devpts devpts /dev/pts \
  || fail 'mount /dev/shm, /dev/pts'
grep -qw cgroup2 /proc/filesystems && mount -t cgroup2 cgroup2 /sys/fs/cgroup

mkdir -p "$results" && mount -t hostfs -o "$NETNS_UML_RESULTS" none "$results" || fail 'mount the results directory'

# Modules: the UML kernel's own, from /usr/lib/uml/modules, through a tree under tmpfs that
# modprobe -d reads (the host has no /lib/modules of this version, and the root is read-only).
# The kernel's own requests (a qdisc kind tc names, say) go through the same tree.
release=$(uname -r)
modules=/run/netns-uml/modules
mkdir -p "$modules/lib/modules/$release" || fail 'mkdir modules'
for f in kernel modules.order modules.builtin modules.builtin.modinfo; do
  ln -s "/usr/lib/uml/modules/$release/$f" "$modules/lib/modules/$release/$f" || fail "link $f"
done
depmod -b "$modules" "$release" || fail 'depmod'
printf '#!/bin/sh\nexec %s -d %s "$@"\n' "$(command -v modprobe)" "$modules" >"$modules/modprobe" && chmod 755 "$modules/modprobe" \
  && echo "$modules/modprobe" >/proc/sys/kernel/modprobe || fail 'modprobe helper'
missing=
for m in $(sed 's/#.*//' "$NETNS_UML_REPO/scripts/test-kernel/modules.txt"); do
  modprobe -d "$modules" "$m" 2>/dev/null || missing="$missing $m"
done
[ -n "$missing" ] && echo "netns-uml: modules this kernel does not have:$missing"

# ip_gre (and ipip, sit, ip6_gre, once loaded) would put fallback devices (gre0, gretap0, ...) into every new
# namespace, where the tests expect only what they made; 2: into no namespace made from now on.
sysctl -qw net.core.fb_tunnels_only_for_init_net=2 || fail 'sysctl fb_tunnels_only_for_init_net'
echo "netns-uml: kernel $release up, modules loaded at $(cut -d' ' -f1 /proc/uptime) s; jest starts"

cd "$NETNS_UML_REPO" || fail "cd $NETNS_UML_REPO"
# shellcheck disable=SC2046  # one test file per line, no spaces in them
"$NETNS_UML_NODE" node_modules/jest/bin/jest.js --config scripts/test-kernel/jest.config.js --ci \
  --json --outputFile="$results/jest.json" --runTestsByPath $(cat "$results/tests")
echo $? >"$results/status"
umount "$results"
poweroff_now
