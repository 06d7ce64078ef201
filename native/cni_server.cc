#include "cni_server.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "cni_wire.h"
#include "promise_worker.h"

namespace netns {

namespace {

// A client that connected sends its whole request at once (a few KiB, right after connect): one
// that stalls is given up on soon, as each waiting request holds a libuv pool thread (4 by default).
constexpr int kRequestTimeoutMs = 5000;

struct Request {
  ucred peer{};
  CniRequestHead head{};
  std::string body;      // environment then stdin
  std::vector<int> fds;  // the caller's namespace, then the container's
};

class ReceiveWorker : public PromiseWorker {
 public:
  ReceiveWorker(Napi::Env env, int sock) : PromiseWorker(env, "netnsCniReceive"), sock_(sock) {}
  ~ReceiveWorker() override { CloseFds(); }

 protected:
  void Run() override {
    socklen_t len = sizeof req_.peer;
    if (getsockopt(sock_, SOL_SOCKET, SO_PEERCRED, &req_.peer, &len) != 0)
      return failure_.set(errno, "getsockopt", "", "SO_PEERCRED");
    deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(kRequestTimeoutMs);
    if (!ReadFull(reinterpret_cast<char*>(&req_.head), sizeof req_.head)) return;
    const CniRequestHead& h = req_.head;
    if (h.magic != CNI_WIRE_REQUEST_MAGIC || h.envLen > CNI_WIRE_MAX_PART || h.stdinLen > CNI_WIRE_MAX_PART) {
      return failure_.set(EPROTO, "recvmsg", "", "not a netns-cni request");
    }
    if (req_.fds.empty()) return failure_.set(EPROTO, "recvmsg", "", "the request carries no namespace fd");
    req_.body.resize(static_cast<size_t>(h.envLen) + h.stdinLen);
    ReadFull(req_.body.data(), req_.body.size());
  }

  Napi::Value Result(Napi::Env env) override {
    Napi::Object o = Napi::Object::New(env);
    o.Set("uid", Napi::Number::New(env, req_.peer.uid));
    o.Set("pid", Napi::Number::New(env, req_.peer.pid));
    o.Set("netnsErrno", Napi::Number::New(env, req_.head.netnsErrno));
    o.Set("env", Napi::Buffer<char>::Copy(env, req_.body.data(), req_.head.envLen));
    o.Set("stdin", Napi::Buffer<char>::Copy(env, req_.body.data() + req_.head.envLen, req_.head.stdinLen));
    Napi::Array fds = Napi::Array::New(env, req_.fds.size());
    for (size_t i = 0; i < req_.fds.size(); i++) fds.Set(static_cast<uint32_t>(i), Napi::Number::New(env, req_.fds[i]));
    o.Set("fds", fds);
    req_.fds.clear();  // JS owns them now
    return o;
  }

 private:
  // recvmsg until n bytes came, keeping every fd passed (close-on-exec); false on failure (failure_ set).
  bool ReadFull(char* p, size_t n) {
    while (n > 0) {
      int left = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now()).count());
      pollfd pfd{sock_, POLLIN, 0};
      int ready = left > 0 ? poll(&pfd, 1, left) : 0;
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0) return failure_.set(errno, "poll"), false;
      if (ready == 0) return failure_.set(ETIMEDOUT, "recvmsg", "", "the client sent no whole request"), false;
      union {
        char buf[CMSG_SPACE(sizeof(int) * 4)];
        cmsghdr align;
      } control;
      iovec iov{p, n};
      msghdr msg{};
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control.buf;
      msg.msg_controllen = sizeof control.buf;
      ssize_t got = recvmsg(sock_, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got < 0) return failure_.set(errno, "recvmsg"), false;
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < count; i++) {
          int fd;
          memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
          // More than two (a confused client) are not kept.
          if (req_.fds.size() < 2) req_.fds.push_back(fd);
          else close(fd);
        }
      }
      if (got == 0)
        return failure_.set(ECONNRESET, "recvmsg", "", "the client closed the connection mid-request"), false;
      p += got;
      n -= static_cast<size_t>(got);
    }
    return true;
  }

  void CloseFds() {
    for (int fd : req_.fds) close(fd);
    req_.fds.clear();
  }

  int sock_;
  Request req_;
  std::chrono::steady_clock::time_point deadline_;
};

// cniReceive(socketFd): Promise<{uid, pid, netnsErrno, env: Buffer, stdin: Buffer, fds: number[]}>.
// The socket stays the caller's (a paused net.Socket's fd): it is read here, never closed.
Napi::Value JsCniReceive(const Napi::CallbackInfo& info) {
  return (new ReceiveWorker(info.Env(), info[0].As<Napi::Number>().Int32Value()))->Start();
}

}  // namespace

void InitCniServer(Napi::Env env, Napi::Object exports) {
  exports.Set("cniReceive", Napi::Function::New(env, JsCniReceive, "cniReceive"));
}

}  // namespace netns
