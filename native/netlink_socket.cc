#include "netlink_socket.h"

#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "netlink_options.h"
#include "sys_error.h"
#include "thread_in_netns.h"

namespace netns {

namespace {
// All reads happen on the thread that owns the env, so one buffer per thread serves every socket.
constexpr size_t kReadBufferSize = 4 << 20;
constexpr size_t kMaxDatagram = 256 << 10;  // keep this much free before each recv
// A delivery, which list() decodes in one go, ends once it holds this much: with the kernel's dump
// datagrams of up to 32 KiB that is two of them, ~64 KiB or ~1 000 routes, under a millisecond of
// JS once optimised (1 MiB held the loop ~10 ms); a delivery costs a few µs more.
constexpr size_t kChunkBytes = 32 << 10;
constexpr int kReceiveBuffer = 32 << 20;
constexpr int kSendBuffer = 4 << 20;

uint8_t* ReadBuffer() {
  thread_local std::vector<uint8_t> buf(kReadBufferSize);
  return buf.data();
}

}  // namespace

void NetlinkSocket::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NetlinkSocket",
                                    {
                                        InstanceMethod<&NetlinkSocket::Send>("send"),
                                        InstanceMethod<&NetlinkSocket::Close>("close"),
                                        InstanceMethod<&NetlinkSocket::RefPoll>("ref"),
                                        InstanceMethod<&NetlinkSocket::UnrefPoll>("unref"),
                                        InstanceMethod<&NetlinkSocket::Pause>("pause"),
                                        InstanceMethod<&NetlinkSocket::Resume>("resume"),
                                        InstanceMethod<&NetlinkSocket::AddMembership>("addMembership"),
                                        InstanceMethod<&NetlinkSocket::SetReceiveBuffer>("setReceiveBuffer"),
                                        InstanceAccessor<&NetlinkSocket::GetPort>("port"),
                                        InstanceAccessor<&NetlinkSocket::GetFd>("fd"),
                                    });
  exports.Set("NetlinkSocket", ctor);
}

// new NetlinkSocket(nsFd, protocol, groups, onData(buffer?, errno?))
NetlinkSocket::NetlinkSocket(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NetlinkSocket>(info) {
  Napi::Env env = info.Env();
  int nsFd = info[0].As<Napi::Number>().Int32Value();
  int protocol = info[1].As<Napi::Number>().Int32Value();
  uint32_t groups = info[2].As<Napi::Number>().Uint32Value();
  Napi::Function onData = info[3].As<Napi::Function>();
  // The object holds its callback (under a key nothing else has); this side only looks it up.
  info.This().As<Napi::Object>().DefineProperty(
      Napi::PropertyDescriptor::Value(Napi::Symbol::New(env, "onData"), onData, napi_default));
  onData_ = Napi::Weak(onData);
  asyncContext_ = std::make_unique<Napi::AsyncContext>(env, "netns:netlink");

  int fd = -1;
  auto makeSocket = [&fd, protocol](SysFailure& f) {
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol);
    if (fd < 0) f.set(errno, "socket");
  };
  SysFailure f = RunInNetns(nsFd, makeSocket);  // the socket keeps the namespace it was made in
  if (f.failed()) throw MakeSystemError(env, f);
  fd_ = fd;

  ConfigureNetlinkSocket(fd_, kReceiveBuffer, kSendBuffer);

  sockaddr_nl addr{};
  addr.nl_family = AF_NETLINK;
  addr.nl_groups = groups;
  if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    int e = errno;
    Shutdown();
    throw MakeSystemError(env, e, "bind");
  }
  socklen_t len = sizeof(addr);
  if (getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    int e = errno;
    Shutdown();
    throw MakeSystemError(env, e, "getsockname");
  }
  port_ = addr.nl_pid;
  StartPolling();
  if (napi_add_env_cleanup_hook(env, OnEnvCleanup, this) == napi_ok) cleanupHook_ = true;
}

NetlinkSocket::~NetlinkSocket() {
  keptAlive_ = false;  // being finalized: the reference is going away with the object
  Shutdown();
}

// The environment is ending (a worker_thread terminated): its loop must not keep our handle.
void NetlinkSocket::OnEnvCleanup(void* arg) {
  auto* self = static_cast<NetlinkSocket*>(arg);
  self->cleanupHook_ = false;  // Node drops the hook after running it
  try {
    self->Shutdown();
  } catch (const Napi::Error&) {
    // Releasing the self-reference failed: the environment frees it anyway.
  }
}

void NetlinkSocket::UpdateKeepAlive() {
  bool awaited = poll_ != nullptr && refed_ && !paused_;
  if (awaited == keptAlive_) return;
  keptAlive_ = awaited;
  if (awaited) Napi::Reference<Napi::Object>::Ref();
  else Napi::Reference<Napi::Object>::Unref();
}

void NetlinkSocket::StartPolling() {
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(Env(), &loop);
  poll_ = new uv_poll_t;
  if (uv_poll_init(loop, poll_, fd_) != 0) {
    delete poll_;
    poll_ = nullptr;
    Shutdown();
    throw MakeSystemError(Env(), EINVAL, "uv_poll_init");
  }
  poll_->data = this;
  uv_unref(reinterpret_cast<uv_handle_t*>(poll_));  // only pending work keeps the loop alive
  uv_poll_start(poll_, UV_READABLE, OnReadable);
}

void NetlinkSocket::Shutdown() {
  if (poll_) {
    uv_poll_stop(poll_);
    poll_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
    poll_ = nullptr;
  }
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
  if (cleanupHook_) {
    napi_remove_env_cleanup_hook(Env(), OnEnvCleanup, this);
    cleanupHook_ = false;
  }
  UpdateKeepAlive();
}

// Whether a datagram holds the final message (ack, error or NLMSG_DONE) of request `seq`.
static bool EndsRequest(const uint8_t* data, size_t len, uint32_t seq) {
  for (size_t p = 0; p + sizeof(nlmsghdr) <= len;) {
    nlmsghdr hdr;
    memcpy(&hdr, data + p, sizeof(hdr));
    if (hdr.nlmsg_len < sizeof(nlmsghdr) || hdr.nlmsg_len > len - p) return false;
    if ((hdr.nlmsg_type == NLMSG_ERROR || hdr.nlmsg_type == NLMSG_DONE) && hdr.nlmsg_seq == seq) return true;
    p += NLMSG_ALIGN(hdr.nlmsg_len);
  }
  return false;
}

Napi::Value NetlinkSocket::ReadChunk(Napi::Env env, int* err, int64_t stopSeq) {
  uint8_t* buf = ReadBuffer();
  size_t used = 0;
  *err = 0;
  while (used + kMaxDatagram <= kReadBufferSize && used < kChunkBytes) {
    sockaddr_nl from{};
    iovec iov{buf + used, kReadBufferSize - used};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof(from);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    ssize_t n = recvmsg(fd_, &msg, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) *err = errno;  // ENOBUFS: the kernel dropped messages
      break;
    }
    if (msg.msg_flags & MSG_TRUNC) {
      *err = EMSGSIZE;
      break;
    }
    if (from.nl_pid != 0) continue;  // only the kernel speaks to us
    bool last = stopSeq >= 0 && EndsRequest(buf + used, static_cast<size_t>(n), static_cast<uint32_t>(stopSeq));
    used += static_cast<size_t>(n);
    if (last) break;
  }
  if (used == 0) return env.Undefined();
  return Napi::Buffer<uint8_t>::Copy(env, buf, used);
}

void NetlinkSocket::OnReadable(uv_poll_t* handle, int status, int) {
  auto* self = static_cast<NetlinkSocket*>(handle->data);
  if (!self) return;
  self->DeliverAvailable();
  // On POLLERR (the kernel's ENOBUFS after dropping messages) libuv reports an error status and
  // stops the handle. The read above consumed the pending error; keep listening.
  if (status < 0 && self->poll_ == handle && !self->paused_) uv_poll_start(handle, UV_READABLE, OnReadable);
}

void NetlinkSocket::DeliverAvailable() {
  Napi::Env env = Env();
  Napi::HandleScope scope(env);  // outside the try: the catch below makes handles too
  try {
    int err = 0;
    Napi::Value chunk = ReadChunk(env, &err);
    if (chunk.IsUndefined() && err == 0) return;
    // Empty once the object was collected (its finalizer, which closes the socket, is pending).
    Napi::Object self = Value();
    Napi::Function onData = onData_.Value();
    if (self.IsEmpty() || onData.IsEmpty()) return;
    onData.MakeCallback(self, {chunk, Napi::Number::New(env, err)}, *asyncContext_);
  } catch (const Napi::Error& e) {
    // Like an exception thrown from any Node callback; a no-op once the environment is ending.
    napi_fatal_exception(env, e.Value());
  }
}

// send(buffer, lastSeq?, length?) -> Buffer of replies the kernel queued while handling it (bounded), or
// undefined. lastSeq is the sequence number of the datagram's last message (the one that asks for
// an ack): reading stops once its reply is in.
Napi::Value NetlinkSocket::Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (fd_ < 0) throw MakeSystemError(env, EBADF, "sendmsg");
  auto data = info[0].As<Napi::Buffer<uint8_t>>();
  size_t length = data.Length();
  if (info.Length() > 2 && info[2].IsNumber())
    length = std::min<size_t>(length, info[2].As<Napi::Number>().Uint32Value());
  sockaddr_nl to{};
  to.nl_family = AF_NETLINK;
  ssize_t n;
  do {
    n = sendto(fd_, data.Data(), length, MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&to), sizeof(to));
  } while (n < 0 && errno == EINTR);
  if (n < 0) throw MakeSystemError(env, errno, "sendmsg");
  int err = 0;
  int64_t stopSeq = info.Length() > 1 && info[1].IsNumber() ? info[1].As<Napi::Number>().Int64Value() : -1;
  Napi::Value replies = ReadChunk(env, &err, stopSeq);
  if (err != 0) {
    Napi::Object result = Napi::Object::New(env);
    result.Set("data", replies);
    result.Set("errno", Napi::Number::New(env, err));
    return result;
  }
  return replies;
}

Napi::Value NetlinkSocket::Close(const Napi::CallbackInfo& info) {
  Shutdown();
  onData_.Reset();
  return info.Env().Undefined();
}

Napi::Value NetlinkSocket::RefPoll(const Napi::CallbackInfo& info) {
  if (poll_ && !refed_) {
    uv_ref(reinterpret_cast<uv_handle_t*>(poll_));
    refed_ = true;
  }
  UpdateKeepAlive();
  return info.Env().Undefined();
}

Napi::Value NetlinkSocket::UnrefPoll(const Napi::CallbackInfo& info) {
  if (poll_ && refed_) {
    uv_unref(reinterpret_cast<uv_handle_t*>(poll_));
    refed_ = false;
  }
  UpdateKeepAlive();
  return info.Env().Undefined();
}

// pause()/resume(): stop reading so the kernel holds (or, for events, drops) what comes next.
Napi::Value NetlinkSocket::Pause(const Napi::CallbackInfo& info) {
  if (poll_ && !paused_) {
    uv_poll_stop(poll_);
    paused_ = true;
  }
  UpdateKeepAlive();
  return info.Env().Undefined();
}

Napi::Value NetlinkSocket::Resume(const Napi::CallbackInfo& info) {
  if (poll_ && paused_) {
    uv_poll_start(poll_, UV_READABLE, OnReadable);
    paused_ = false;
  }
  UpdateKeepAlive();
  return info.Env().Undefined();
}

Napi::Value NetlinkSocket::AddMembership(const Napi::CallbackInfo& info) {
  int group = info[0].As<Napi::Number>().Int32Value();
  if (fd_ < 0 || setsockopt(fd_, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) != 0)
    throw MakeSystemError(info.Env(), fd_ < 0 ? EBADF : errno, "setsockopt");
  return info.Env().Undefined();
}

// setReceiveBuffer(bytes): a smaller buffer for event sockets that should overrun early, or a
// larger one than the default; root may exceed rmem_max (SO_RCVBUFFORCE).
Napi::Value NetlinkSocket::SetReceiveBuffer(const Napi::CallbackInfo& info) {
  int bytes = info[0].As<Napi::Number>().Int32Value();
  if (fd_ < 0) throw MakeSystemError(info.Env(), EBADF, "setsockopt");
  if (!SetBufferSize(fd_, SO_RCVBUFFORCE, SO_RCVBUF, bytes)) throw MakeSystemError(info.Env(), errno, "setsockopt");
  return info.Env().Undefined();
}

Napi::Value NetlinkSocket::GetPort(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), port_);
}

Napi::Value NetlinkSocket::GetFd(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), fd_);
}

}  // namespace netns
