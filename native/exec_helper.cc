// netns-exec: runs a command inside a network namespace the way `ip netns exec` does.
//   netns-exec FD NAME COMMAND [ARGS...]   named namespace (gets /etc/netns/NAME/* binds)
//   netns-exec FD '' COMMAND [ARGS...]     unnamed (an empty string is never a namespace name)
// FD is the namespace, inherited open from the parent (so the child joins exactly the namespace
// the parent's handle held when it spawned). Then, in a private mount namespace (slave, so nothing
// propagates back to the host), /sys is remounted for it and, for named namespaces,
// /etc/netns/NAME/* bound over /etc. Finally execvp(COMMAND). A failure before exec is reported
// on stderr as "netns-exec: <call> '<arg>': <text> (errno N)" with exit status 126 (setup) or 127
// (command not runnable).
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

[[noreturn]] void Fail(int status, const char* call, const std::string& arg, int err) {
  fprintf(stderr, "netns-exec: %s '%s': %s (errno %d)\n", call, arg.c_str(), strerror(err), err);
  _exit(status);
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
    if (mount(from.c_str(), to.c_str(), "none", MS_BIND, nullptr) != 0) {
      fprintf(stderr, "netns-exec: bind %s -> %s failed: %s\n", from.c_str(), to.c_str(), strerror(errno));
    }
  }
  closedir(d);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s FD NAME|'' COMMAND [ARGS...]\n", argv[0]);
    return 2;
  }
  char* end = nullptr;
  long fd = strtol(argv[1], &end, 10);
  if (*argv[1] == '\0' || *end != '\0' || fd < 0) Fail(126, "setns", argv[1], EBADF);
  bool named = argv[2][0] != '\0';
  if (setns(static_cast<int>(fd), CLONE_NEWNET) != 0) Fail(126, "setns", argv[1], errno);
  close(static_cast<int>(fd));
  if (unshare(CLONE_NEWNS) != 0) Fail(126, "unshare", "CLONE_NEWNS", errno);
  // Without this, the /sys remount below would propagate to the host's mount namespace.
  if (mount("", "/", "none", MS_SLAVE | MS_REC, nullptr) != 0) Fail(126, "mount", "/", errno);
  RemountSys(named ? argv[2] : "netns");
  if (named) BindEtc(argv[2]);
  execvp(argv[3], argv + 3);
  Fail(127, "execvp", argv[3], errno);
}
