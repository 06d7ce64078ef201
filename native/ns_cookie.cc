// The kernel's cookie of a network namespace (SO_NETNS_COOKIE, Linux 5.14): a 64-bit number given
// once and never reused, unlike nsfs inode numbers, which a namespace made after another was freed
// can get again. A handle that gives up its fd while idle (an unpinned named handle) keeps it, so
// that reopening the name finds out whether the namespace there is still the same one.
#include "ns_cookie.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdint>

#include "env_state.h"
#include "ns_handle.h"
#include "thread_in_netns.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

namespace netns {

namespace {

// The cookie of nsFd's namespace, read from a socket made inside it on the namespace thread; 0
// where the kernel has no SO_NETNS_COOKIE (the check then rests on device and inode alone).
uint64_t CookieOf(int nsFd, SysFailure& f) {
  uint64_t cookie = 0;
  f = RunInNetns(nsFd, [&cookie](SysFailure& in) {
    int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return in.set(errno, "socket");
    socklen_t len = sizeof(cookie);
    if (getsockopt(s, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) != 0) {
      int e = errno;
      cookie = 0;
      if (e != ENOPROTOOPT) in.set(e, "getsockopt");
    }
    close(s);
  });
  return cookie;
}

// namespaceCookie(fd) -> bigint (0n where the kernel has none)
Napi::Value JsCookie(const Napi::CallbackInfo& info) {
  SysFailure f;
  uint64_t cookie = CookieOf(info[0].As<Napi::Number>().Int32Value(), f);
  if (f.failed()) throw MakeSystemError(info.Env(), f);
  return Napi::BigInt::New(info.Env(), cookie);
}

// reopenNamespace(path, dev, ino, cookie) -> { fd, dev, ino }: path opened again, if it still holds
// the namespace with that identity; ESTALE (nothing left open) if it holds another.
Napi::Value JsReopen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = info[0].As<Napi::String>();
  double dev = info[1].As<Napi::Number>().DoubleValue();
  double ino = info[2].As<Napi::Number>().DoubleValue();
  bool lossless = false;
  uint64_t cookie = info[3].As<Napi::BigInt>().Uint64Value(&lossless);
  SysFailure f;
  NsIdentity id = OpenNetns(path, f);
  if (id.fd < 0) throw MakeSystemError(env, f);
  uint64_t now = 0;
  if (id.dev == dev && id.ino == ino && cookie != 0) now = CookieOf(id.fd, f);
  if (!f.failed() && (id.dev != dev || id.ino != ino || now != cookie))
    f.set(ESTALE, "open", path,
          "the name now holds another namespace than this handle's: it was deleted and made again");
  if (f.failed()) {
    close(id.fd);
    throw MakeSystemError(env, f);
  }
  return IdentityToJs(env, id);
}

}  // namespace

void InitNsCookie(Napi::Env, Napi::Object exports) {
  exports.Set("namespaceCookie", Napi::Function::New(exports.Env(), JsCookie, "namespaceCookie"));
  exports.Set("reopenNamespace", Napi::Function::New(exports.Env(), JsReopen, "reopenNamespace"));
}

}  // namespace netns
