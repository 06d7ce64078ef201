#include "inet_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include "sys_error.h"
#include "thread_in_netns.h"

namespace netns {

namespace {

// openInetSocket(nsFd, family 4|6, 'tcp'|'udp') -> fd (close-on-exec, non-blocking)
Napi::Value JsOpenInetSocket(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int nsFd = info[0].As<Napi::Number>().Int32Value();
  int domain = info[1].As<Napi::Number>().Int32Value() == 6 ? AF_INET6 : AF_INET;
  int type = std::string(info[2].As<Napi::String>()) == "udp" ? SOCK_DGRAM : SOCK_STREAM;
  int fd = -1;
  auto make = [&](SysFailure& f) {
    fd = socket(domain, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) f.set(errno, "socket");
  };
  SysFailure f = RunInNetns(nsFd, make);
  if (f.failed()) throw MakeSystemError(env, f);
  return Napi::Number::New(env, fd);
}

// Binds fd (setsockopt first); on failure fills f. The caller closes fd then.
void Bind(int fd, const uint8_t* addr, size_t len, int port, bool reuse, int v6only, SysFailure& f) {
  int one = 1;
  if (reuse && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) return f.set(errno, "setsockopt");
  int rc;
  if (len == 4) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(port));
    memcpy(&sa.sin_addr, addr, 4);
    rc = bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  } else if (len == 16) {
    if (v6only >= 0 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only) != 0)
      return f.set(errno, "setsockopt");
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(static_cast<uint16_t>(port));
    memcpy(&sa.sin6_addr, addr, 16);
    rc = bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  } else {
    return f.set(EINVAL, "bind");
  }
  if (rc != 0) f.set(errno, "bind");
}

// bindInet(fd, addressBytes (4 or 16), port, reuseAddr, v6Only?); throws EADDRINUSE etc. having
// closed fd: the socket is not JS's until it is bound, so JS never closes a socket by number.
Napi::Value JsBindInet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  auto addr = info[1].As<Napi::Buffer<uint8_t>>();
  int v6only = info.Length() > 4 && info[4].IsBoolean() ? (info[4].As<Napi::Boolean>().Value() ? 1 : 0) : -1;
  SysFailure f;
  Bind(fd, addr.Data(), addr.Length(), info[2].As<Napi::Number>().Int32Value(), info[3].ToBoolean(), v6only, f);
  if (f.failed()) {
    close(fd);
    throw MakeSystemError(env, f);
  }
  return env.Undefined();
}

}  // namespace

void InitInetSocket(Napi::Env env, Napi::Object exports) {
  exports.Set("openInetSocket", Napi::Function::New(env, JsOpenInetSocket, "openInetSocket"));
  exports.Set("bindInet", Napi::Function::New(env, JsBindInet, "bindInet"));
}

}  // namespace netns
