// netns-exec: runs a command inside a network namespace the way `ip netns exec` does.
//   netns-exec NSFD STATUSFD NAME UID GID VRF ARGV0 COMMAND [ARGS...]
// NSFD      the namespace, inherited open (so the child joins exactly the namespace the parent's
//           handle held when it spawned); closed once joined.
// STATUSFD  write end of a status pipe, made close-on-exec here. Once setup is done, "+" is
//           written right before execvp, whose success closes the pipe: EOF after "+" alone means
//           the command runs in the namespace, EOF with nothing means the helper died (killed)
//           before it tried. A failure writes "ERRNO\0CALL\0ARG" (one write, shorter than
//           PIPE_BUF, so it arrives whole) and exits 126 (setup) or 127 (exec). Nothing goes to
//           stderr, so a command's own output can never be mistaken for the helper's.
// NAME      '' for an unnamed namespace (an empty string is never a namespace name); otherwise
//           /etc/netns/NAME/* is bound over /etc and sysfs is mounted with NAME as its source.
// UID, GID  '' to keep root's; otherwise, after the namespace and mounts (which need root),
//           supplementary groups are cleared (where allowed), then setgid, then setuid, as Node's
//           own spawn does for uid/gid (it cannot do it for us: it would drop privileges before
//           the setns).
// VRF       '' for none; otherwise the command runs in that VRF of the namespace, as under `ip vrf
//           exec` (native/vrf_cgroup.h). Before the cgroup is made, "c" DIR "\n" goes to the status
//           pipe: the directory the library removes once the command has exited. A failure after
//           that (the helper's own) takes the helper out of it and removes it first.
// ARGV0     argv[0] of the command; COMMAND is looked up in PATH (execvp).
// Setup, in a private mount namespace (slave, so nothing propagates back to the host): /sys is
// remounted so that it shows the namespace's devices, then the /etc/netns binds.
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "vrf_cgroup.h"

namespace {

int statusFd = -1;
netns::VrfCgroup* vrfEntered = nullptr;

[[noreturn]] void Fail(int status, const char* call, const std::string& arg, int err) {
  if (vrfEntered) vrfEntered->Leave();
  std::string msg = std::to_string(err);
  msg += '\0';
  msg += call;
  msg += '\0';
  msg += arg.substr(0, 512);  // keeps the message below PIPE_BUF
  if (statusFd < 0 || write(statusFd, msg.data(), msg.size()) != static_cast<ssize_t>(msg.size())) {
    fprintf(stderr, "netns-exec: %s '%s': %s\n", call, arg.c_str(), strerror(err));
  }
  _exit(status);
}

// A decimal fd, uid or gid; '' when allowEmpty gives -1 (not given).
long ParseNumber(const char* text, long max, bool allowEmpty, const char* what) {
  if (allowEmpty && *text == '\0') return -1;
  char* end = nullptr;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || errno != 0 || value < 0 || value > max) Fail(126, what, text, EINVAL);
  return value;
}

void RemountSys(const char* source) {
  unsigned long flags = 0;
  if (umount2("/sys", MNT_DETACH) != 0) {
    // No sysfs to detach, or it cannot be: overlay it, read-only if the old one was.
    struct statvfs st;
    if (statvfs("/sys", &st) == 0 && (st.f_flag & ST_RDONLY)) flags = MS_RDONLY;
  }
  if (mount(source, "/sys", "sysfs", flags, nullptr) != 0) Fail(126, "mount", "/sys", errno);
}

void BindEtc(const std::string& name) {
  std::string dir = "/etc/netns/" + name;
  DIR* d = opendir(dir.c_str());
  if (!d) return;  // nothing to bind: the usual case
  while (struct dirent* e = readdir(d)) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    std::string from = dir + "/" + e->d_name, to = std::string("/etc/") + e->d_name;
    // ip netns exec warns and goes on; so does this (the command still runs).
    if (mount(from.c_str(), to.c_str(), "none", MS_BIND, nullptr) != 0) {
      fprintf(stderr, "netns-exec: bind %s -> %s failed: %s\n", from.c_str(), to.c_str(), strerror(errno));
    }
  }
  closedir(d);
}

void EnterVrf(netns::VrfCgroup& cgroup, const char* vrf, const char* name) {
  netns::VrfStepFailure f;
  if (!cgroup.Plan(vrf, name, f)) Fail(126, f.call.c_str(), f.arg, f.err);
  std::string record = "c" + cgroup.top() + "\n";
  if (write(statusFd, record.data(), record.size()) != static_cast<ssize_t>(record.size())) {
    Fail(126, "write", "status fd", errno);
  }
  if (!cgroup.Enter(f)) Fail(126, f.call.c_str(), f.arg, f.err);
}

void DropPrivileges(long uid, long gid) {
  if (uid < 0 && gid < 0) return;
  // EPERM is where groups cannot be changed at all (a user namespace with setgroups "deny"), so
  // there are none to shed; libuv's spawn goes on there too.
  if (setgroups(0, nullptr) != 0 && errno != EPERM) Fail(126, "setgroups", "", errno);
  if (gid >= 0 && setgid(static_cast<gid_t>(gid)) != 0) Fail(126, "setgid", std::to_string(gid), errno);
  if (uid >= 0 && setuid(static_cast<uid_t>(uid)) != 0) Fail(126, "setuid", std::to_string(uid), errno);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 9) {
    fprintf(stderr, "usage: %s NSFD STATUSFD NAME|'' UID|'' GID|'' VRF|'' ARGV0 COMMAND [ARGS...]\n", argv[0]);
    return 2;
  }
  long status = ParseNumber(argv[2], INT_MAX, false, "status fd");
  if (fcntl(static_cast<int>(status), F_SETFD, FD_CLOEXEC) != 0) Fail(126, "fcntl", argv[2], errno);
  statusFd = static_cast<int>(status);
  int nsFd = static_cast<int>(ParseNumber(argv[1], INT_MAX, false, "setns"));
  const char* name = argv[3];
  long uid = ParseNumber(argv[4], 0xfffffffeL, true, "setuid");
  long gid = ParseNumber(argv[5], 0xfffffffeL, true, "setgid");
  const char* vrf = argv[6];
  if (setns(nsFd, CLONE_NEWNET) != 0) Fail(126, "setns", std::string("namespace fd ") + argv[1], errno);
  close(nsFd);
  if (unshare(CLONE_NEWNS) != 0) Fail(126, "unshare", "CLONE_NEWNS", errno);
  // Without this, the /sys remount below would propagate to the host's mount namespace.
  if (mount("", "/", "none", MS_SLAVE | MS_REC, nullptr) != 0) Fail(126, "mount", "/", errno);
  // Before /sys is remounted: the host's cgroup2 mount is below it.
  netns::VrfCgroup cgroup;
  if (*vrf) EnterVrf(cgroup, vrf, name);
  if (cgroup.entered()) vrfEntered = &cgroup;
  RemountSys(*name ? name : "netns");
  if (*name) BindEtc(name);
  DropPrivileges(uid, gid);
  const char* command = argv[8];
  argv[8] = argv[7];  // the command's argv: ARGV0 ARGS...
  if (write(statusFd, "+", 1) != 1) Fail(126, "write", "status fd", errno);
  execvp(command, argv + 8);
  Fail(127, "execvp", command, errno);
}
