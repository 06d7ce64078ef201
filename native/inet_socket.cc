#include "inet_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <string>

#include "fd_copy.h"
#include "ns_promise_worker.h"

namespace netns {

namespace {

// Binds fd (setsockopt first); on failure fills f.
void Bind(int fd, const std::string& addr, int port, bool reuse, int v6only, SysFailure& f) {
  int one = 1;
  if (reuse && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) return f.set(errno, "setsockopt");
  int rc;
  if (addr.size() == 4) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(port));
    memcpy(&sa.sin_addr, addr.data(), 4);
    rc = bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  } else if (addr.size() == 16) {
    if (v6only >= 0 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only) != 0)
      return f.set(errno, "setsockopt");
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(static_cast<uint16_t>(port));
    memcpy(&sa.sin6_addr, addr.data(), 16);
    rc = bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  } else {
    return f.set(EINVAL, "bind");
  }
  if (rc != 0) f.set(errno, "bind");
}

struct SocketRequest {
  int domain;
  int type;
  std::string device;  // SO_BINDTODEVICE before bind/connect ('' for none): a VRF or any link
  bool bind;           // then: address bytes (4 or 16), port, SO_REUSEADDR, IPV6_V6ONLY (-1: left as is)
  std::string address;
  int port;
  bool reuse;
  int v6only;
};

// The socket is made (and bound) on the namespace thread; the JS thread only waits for the promise.
class OpenSocketWorker : public NsPromiseWorker {
 public:
  OpenSocketWorker(Napi::Env env, FdCopy nsFd, SocketRequest req)
      : NsPromiseWorker(env), nsFd_(std::move(nsFd)), req_(std::move(req)) {}

 protected:
  void Run() override {
    failure_ = RunInNetns(nsFd_.get(), [this](SysFailure& f) {
      fd_ = socket(req_.domain, req_.type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
      if (fd_ < 0) f.set(errno, "socket");
    });
    if (failure_.failed()) return;
    // The name is resolved in the socket's own namespace, whichever thread sets it.
    if (!req_.device.empty() && setsockopt(fd_, SOL_SOCKET, SO_BINDTODEVICE, req_.device.data(),
                                           static_cast<socklen_t>(req_.device.size())) != 0) {
      failure_.set(errno, "setsockopt", req_.device);
    } else if (req_.bind) {
      Bind(fd_, req_.address, req_.port, req_.reuse, req_.v6only, failure_);
    }
    if (!failure_.failed()) return;
    close(fd_);  // JS never sees a socket that could not be bound to its device or address
    fd_ = -1;
  }
  Napi::Value Result(Napi::Env env) override { return Napi::Number::New(env, fd_); }
  void Abandon(Napi::Env) override { close(fd_); }

 private:
  FdCopy nsFd_;
  SocketRequest req_;
  int fd_ = -1;
};

// openInetSocket(nsFd, family 4|6, 'tcp'|'udp', address?: Buffer, port, reuseAddr, v6Only?, device?)
//   -> Promise<fd> (close-on-exec, non-blocking; bound to the device, then to the address, when given)
Napi::Value JsOpenInetSocket(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  FdCopy nsFd(info[0].As<Napi::Number>().Int32Value());
  if (nsFd.error()) throw MakeSystemError(env, nsFd.error(), "fcntl");
  SocketRequest req{};
  req.domain = info[1].As<Napi::Number>().Int32Value() == 6 ? AF_INET6 : AF_INET;
  req.type = std::string(info[2].As<Napi::String>()) == "udp" ? SOCK_DGRAM : SOCK_STREAM;
  req.bind = info[3].IsBuffer();
  if (req.bind) {
    auto addr = info[3].As<Napi::Buffer<uint8_t>>();
    req.address.assign(reinterpret_cast<const char*>(addr.Data()), addr.Length());
    req.port = info[4].As<Napi::Number>().Int32Value();
    req.reuse = info[5].ToBoolean();
    req.v6only = info[6].IsBoolean() ? (info[6].As<Napi::Boolean>().Value() ? 1 : 0) : -1;
  }
  if (info[7].IsString()) req.device = info[7].As<Napi::String>().Utf8Value();
  return (new OpenSocketWorker(env, std::move(nsFd), std::move(req)))->Start();
}

}  // namespace

void InitInetSocket(Napi::Env env, Napi::Object exports) {
  exports.Set("openInetSocket", Napi::Function::New(env, JsOpenInetSocket, "openInetSocket"));
}

}  // namespace netns
