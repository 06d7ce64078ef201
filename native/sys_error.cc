#include "sys_error.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <sys/resource.h>

#include "errno_name.h"

namespace netns {

Napi::Error MakeSystemError(Napi::Env env, const SysFailure& f) {
  std::string code = ErrnoName(f.err);
  std::string msg = code + ": " + strerror(f.err) + ", " + f.syscall;
  if (!f.path.empty()) msg += " '" + f.path + "'";
  std::string hint = f.hint;
  if (hint.empty() && (f.err == EPERM || f.err == EACCES)) hint = CapabilityHint(f.syscall, f.path);
  if (hint.empty() && f.err == EMFILE) hint = OpenFilesHint();
  if (hint.empty() && f.err == ENFILE)
    hint = "the system's table of open files is full (sysctl fs.file-max): close namespace handles you no longer use";
  if (!hint.empty()) msg += " (" + hint + ")";
  Napi::Error e = Napi::Error::New(env, msg);
  e.Set("code", Napi::String::New(env, code));
  e.Set("errno", Napi::Number::New(env, -f.err));
  e.Set("syscall", Napi::String::New(env, f.syscall));
  if (!f.path.empty()) e.Set("path", Napi::String::New(env, f.path));
  return e;
}

Napi::Error MakeSystemError(Napi::Env env, int err, const char* syscall, const std::string& path) {
  SysFailure f;
  f.set(err, syscall, path);
  return MakeSystemError(env, f);
}

// The limit as it stands when the error is made: the number a user compares with their count of
// handles, and the command that raises it.
std::string OpenFilesHint() {
  std::string limit = "RLIMIT_NOFILE";
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
    limit = std::to_string(rl.rlim_cur) + " (" + limit;
  else limit = "(" + limit;
  return "this process reached its limit of open files, " + limit +
         ", ulimit -n): each open namespace handle holds 1 fd (a named one opened with { pin: false } none while "
         "idle), plus 1 socket while in use; close handles you no "
         "longer use, or raise the limit (ulimit -n, or LimitNOFILE= in a systemd unit)";
}

std::string CapabilityHint(const std::string& syscall, const std::string& path) {
  if (syscall == "unshare" || syscall == "setns" || syscall == "mount" || syscall == "umount2")
    return "CAP_SYS_ADMIN is required: run as root or grant the capability";
  if (path.rfind("/proc/sys/", 0) == 0) return "changing a sysctl requires root (CAP_NET_ADMIN)";
  if (path == "/dev/net/tun") return "creating tun/tap devices requires CAP_NET_ADMIN";
  // /proc/PID/ns/net: the kernel's ptrace access check, not file permissions.
  if (path.rfind("/proc/", 0) == 0 && path.find("/ns/") != std::string::npos)
    return "opening another user's process namespace requires being that user or CAP_SYS_PTRACE";
  if (syscall == "open" || syscall == "mkdir" || syscall == "unlink" || syscall == "flock")
    return "writing under the namespace run directory requires root (CAP_DAC_OVERRIDE)";
  if (syscall == "sendmsg" || syscall == "netlink") return "CAP_NET_ADMIN is required to change network configuration";
  return "";
}

}  // namespace netns
