#include "ns_handle.h"
#include "env_state.h"
#include "thread_in_netns.h"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cmath>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace netns {

namespace {
Napi::Value JsOpen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = info[0].As<Napi::String>();
  SysFailure f;
  NsIdentity id = OpenNetns(path, f);
  if (id.fd < 0) throw MakeSystemError(env, f);
  return IdentityToJs(env, id);
}

Napi::Value JsClose(const Napi::CallbackInfo& info) {
  int err = CloseOwnedFd(info.Env(), info[0].As<Napi::Number>().Int32Value());
  if (err != 0) throw MakeSystemError(info.Env(), err, "close");
  return info.Env().Undefined();
}

// dupFd(fd): a close-on-exec copy of fd, for a request that must name exactly this namespace
// until it completes (the kernel resolves fd numbers in a message when it handles it).
Napi::Value JsDup(const Napi::CallbackInfo& info) {
  int fd = info[0].As<Napi::Number>().Int32Value();
  int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) throw MakeSystemError(info.Env(), errno, "fcntl");
  TrackFd(info.Env(), copy);
  return Napi::Number::New(info.Env(), copy);
}

// openFilesLimit() -> the soft RLIMIT_NOFILE now (Infinity if unlimited): what idle sockets are budgeted against.
Napi::Value JsOpenFilesLimit(const Napi::CallbackInfo& info) {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) throw MakeSystemError(info.Env(), errno, "getrlimit");
  double limit = rl.rlim_cur == RLIM_INFINITY ? INFINITY : static_cast<double>(rl.rlim_cur);
  return Napi::Number::New(info.Env(), limit);
}

// trimMemory(): gives the C heap's free pages back to the system (glibc's malloc_trim; elsewhere
// nothing). A burst over thousands of namespaces leaves much memory freed but kept by malloc: the
// reply buffers and socket state of connections since closed for being idle.
Napi::Value JsTrim(const Napi::CallbackInfo& info) {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
  return info.Env().Undefined();
}

Napi::Value JsInitial(const Napi::CallbackInfo& info) {
  return IdentityToJs(info.Env(), StateOf(info.Env()).initial);
}
}  // namespace

NsIdentity OpenNetns(const std::string& path, SysFailure& f) {
  NsIdentity id;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    f.set(errno, "open", path);
    return id;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    f.set(errno, "fstat", path);
    close(fd);
    return id;
  }
  int type = ioctl(fd, NS_GET_NSTYPE);
  if (type != CLONE_NEWNET) {
    f.set(EINVAL, "open", path, "not a network namespace file (nsfs)");
    close(fd);
    return id;
  }
  id.fd = fd;
  id.dev = static_cast<double>(st.st_dev);
  id.ino = static_cast<double>(st.st_ino);
  return id;
}

Napi::Object IdentityToJs(Napi::Env env, const NsIdentity& id) {
  Napi::Object o = Napi::Object::New(env);
  TrackFd(env, id.fd);  // from here on JS owns it (and the environment closes it if JS never does)
  o.Set("fd", Napi::Number::New(env, id.fd));
  o.Set("dev", Napi::Number::New(env, id.dev));
  o.Set("ino", Napi::Number::New(env, id.ino));
  return o;
}

void InitNsHandle(Napi::Env env, Napi::Object exports) {
  InitEnvState(env);
  OpenNsThreadHome();
  exports.Set("openNamespace", Napi::Function::New(env, JsOpen, "openNamespace"));
  exports.Set("closeFd", Napi::Function::New(env, JsClose, "closeFd"));
  exports.Set("dupFd", Napi::Function::New(env, JsDup, "dupFd"));
  exports.Set("initialNamespace", Napi::Function::New(env, JsInitial, "initialNamespace"));
  exports.Set("trimMemory", Napi::Function::New(env, JsTrim, "trimMemory"));
  exports.Set("openFilesLimit", Napi::Function::New(env, JsOpenFilesLimit, "openFilesLimit"));
}

}  // namespace netns
