// The batch path's socket: a netlink socket of its own inside one namespace, served by one thread
// of its own. send() queues a chunk (many datagrams) and returns at once; the thread sends the
// chunks in order and reads each datagram's replies, so the main thread goes on encoding (or the
// caller's batch callback goes on recording) while the kernel works, and the event loop never
// waits for the kernel. Each datagram's messages ask for no ack except the last: the replies of
// a chunk are its errors and one ack per datagram, and only the errors are handed back.
#pragma once
#include <napi.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace netns {

class BatchSender : public Napi::ObjectWrap<BatchSender> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit BatchSender(const Napi::CallbackInfo& info);
  ~BatchSender() override;

  // One chunk: its bytes (kept alive by a reference), where its datagrams end, the sequence
  // number of each datagram's last message, and what came back.
  struct Job {
    Napi::ObjectReference data;
    BatchSender* sender = nullptr;  // alive while the job is out (it holds itself then)
    const uint8_t* bytes = nullptr;
    std::vector<uint32_t> ends;
    std::vector<uint32_t> lastSeqs;
    Napi::Promise::Deferred deferred;
    std::vector<uint8_t> errors;
    uint32_t done = 0;
    int err = 0;
    const char* syscall = "";
    explicit Job(Napi::Env env) : deferred(Napi::Promise::Deferred::New(env)) {}
  };

 private:
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  void ThreadMain();
  void RunJob(Job& job);
  // Stops the thread (after the chunk it is sending) and joins it.
  void StopThread();
  void DropQueued();
  void Release();
  static void OnEnvCleanup(void* self);
  static void Settle(Napi::Env env, Napi::Function, Job* job);

  int fd_ = -1;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  size_t outstanding_ = 0;  // queued or being sent, not yet settled (main thread only)
  Napi::ThreadSafeFunction settle_;
  bool cleanupHook_ = false;
  bool released_ = false;
};

}  // namespace netns
