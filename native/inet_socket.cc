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

// bindInet(fd, addressBytes (4 or 16), port, reuseAddr, v6Only?) ; throws EADDRINUSE etc.
Napi::Value JsBindInet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = info[0].As<Napi::Number>().Int32Value();
  auto addr = info[1].As<Napi::Buffer<uint8_t>>();
  int port = info[2].As<Napi::Number>().Int32Value();
  bool reuse = info[3].ToBoolean();
  int one = 1;
  if (reuse && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
    throw MakeSystemError(env, errno, "setsockopt");
  int rc;
  if (addr.Length() == 4) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(port));
    memcpy(&sa.sin_addr, addr.Data(), 4);
    rc = bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  } else if (addr.Length() == 16) {
    if (info.Length() > 4 && info[4].IsBoolean()) {
      int v6only = info[4].As<Napi::Boolean>().Value() ? 1 : 0;
      if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only) != 0)
        throw MakeSystemError(env, errno, "setsockopt");
    }
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(static_cast<uint16_t>(port));
    memcpy(&sa.sin6_addr, addr.Data(), 16);
    rc = bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  } else {
    throw MakeSystemError(env, EINVAL, "bind");
  }
  if (rc != 0) throw MakeSystemError(env, errno, "bind");
  return env.Undefined();
}

}  // namespace

void InitInetSocket(Napi::Env env, Napi::Object exports) {
  exports.Set("openInetSocket", Napi::Function::New(env, JsOpenInetSocket, "openInetSocket"));
  exports.Set("bindInet", Napi::Function::New(env, JsBindInet, "bindInet"));
}

}  // namespace netns
