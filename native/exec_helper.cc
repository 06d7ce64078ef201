// netns-exec: runs a command inside a network namespace the way `ip netns exec` does.
//   netns-exec NSPATH NAME|- COMMAND [ARGS...]
// Joins the namespace at NSPATH, then in a private mount namespace (slave, so nothing propagates
// back to the host) remounts /sys for it and, for named namespaces, bind-mounts
// /etc/netns/NAME/* over /etc. Finally execvp(COMMAND). Errors before exec go to stderr prefixed
// "netns-exec:" with exit status 126 (setup failed) or 127 (command not runnable).
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

[[noreturn]] void Fail(int status, const char* what, const std::string& arg, int err) {
  fprintf(stderr, "netns-exec: %s '%s': %s (errno %d)\n", what, arg.c_str(), strerror(err), err);
  _exit(status);
}

void RemountSys(const char* source) {
  unsigned long flags = 0;
  if (umount2("/sys", MNT_DETACH) != 0) {
    // No sysfs to detach, or it cannot be: overlay it, read-only if the old one was.
    struct statvfs st;
    if (statvfs("/sys", &st) == 0 && (st.f_flag & ST_RDONLY)) flags = MS_RDONLY;
  }
  if (mount(source, "/sys", "sysfs", flags, nullptr) != 0) Fail(126, "mount sysfs on", "/sys", errno);
}

void BindEtc(const std::string& name) {
  std::string dir = "/etc/netns/" + name;
  DIR* d = opendir(dir.c_str());
  if (!d) return;  // nothing to bind: the usual case
  while (struct dirent* e = readdir(d)) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    std::string from = dir + "/" + e->d_name, to = std::string("/etc/") + e->d_name;
    if (mount(from.c_str(), to.c_str(), "none", MS_BIND, nullptr) != 0) {
      fprintf(stderr, "netns-exec: bind %s -> %s failed: %s\n", from.c_str(), to.c_str(), strerror(errno));
    }
  }
  closedir(d);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s NSPATH NAME|- COMMAND [ARGS...]\n", argv[0]);
    return 2;
  }
  const char* nsPath = argv[1];
  std::string name = argv[2];
  int fd = open(nsPath, O_RDONLY | O_CLOEXEC);
  if (fd < 0) Fail(126, "open", nsPath, errno);
  if (setns(fd, CLONE_NEWNET) != 0) Fail(126, "setns", nsPath, errno);
  close(fd);
  if (unshare(CLONE_NEWNS) != 0) Fail(126, "unshare mount namespace for", nsPath, errno);
  // Without this, the /sys remount below would propagate to the host's mount namespace.
  if (mount("", "/", "none", MS_SLAVE | MS_REC, nullptr) != 0) Fail(126, "make mounts slave under", "/", errno);
  RemountSys(name == "-" ? "netns" : name.c_str());
  if (name != "-") BindEtc(name);
  execvp(argv[3], argv + 3);
  Fail(127, "exec", argv[3], errno);
}
