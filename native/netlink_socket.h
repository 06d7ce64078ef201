// One netlink socket, created inside a given network namespace, read from the event loop.
//
// Lifetime: the onData callback lives as a property of the socket's own JS object (it usually
// closes over the object's owner, which holds the socket: a cycle the GC can collect). The
// socket holds itself strongly only while the poll handle is ref'd and not paused, i.e. while a
// reply or event is awaited; otherwise a dropped socket is collected and closed. At environment
// teardown (a worker_thread ending) a cleanup hook closes it.
#pragma once
#include <napi.h>
#include <uv.h>
#include <memory>

namespace netns {

class NetlinkSocket : public Napi::ObjectWrap<NetlinkSocket> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit NetlinkSocket(const Napi::CallbackInfo& info);
  ~NetlinkSocket() override;

 private:
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value RefPoll(const Napi::CallbackInfo& info);
  Napi::Value UnrefPoll(const Napi::CallbackInfo& info);
  Napi::Value Pause(const Napi::CallbackInfo& info);
  Napi::Value Resume(const Napi::CallbackInfo& info);
  Napi::Value AddMembership(const Napi::CallbackInfo& info);
  Napi::Value SetReceiveBuffer(const Napi::CallbackInfo& info);
  Napi::Value GetPort(const Napi::CallbackInfo& info);
  Napi::Value GetFd(const Napi::CallbackInfo& info);

  static void OnReadable(uv_poll_t* handle, int status, int events);
  void DeliverAvailable();
  // Reads queued datagrams (bounded) into one Buffer; undefined when none. err gets a pending errno.
  // Reads what the socket holds (bounded by kChunkBytes). With a stop sequence number, stops after
  // the datagram that ends that request (its ack, error or NLMSG_DONE): what the kernel queued
  // during sendmsg is then all read, and the empty read that would say so is saved.
  Napi::Value ReadChunk(Napi::Env env, int* err, int64_t stopSeq = -1);
  void StartPolling();
  void Shutdown();
  // Holds the JS object strongly exactly while something is awaited (see above).
  void UpdateKeepAlive();
  static void OnEnvCleanup(void* self);

  int fd_ = -1;
  uint32_t port_ = 0;
  uv_poll_t* poll_ = nullptr;
  bool paused_ = false;
  bool refed_ = false;
  bool keptAlive_ = false;
  bool cleanupHook_ = false;
  Napi::FunctionReference onData_;  // weak: the JS object holds the function
  std::unique_ptr<Napi::AsyncContext> asyncContext_;
};

}  // namespace netns
