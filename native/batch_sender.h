// The batch path's socket: a netlink socket of its own inside one namespace, served by one thread
// of its own. send() queues a chunk (many datagrams) and returns at once; the thread sends the
// chunks in order and reads each datagram's replies, so the event loop never waits for the
// kernel. Each datagram's messages ask for no ack except the last: the replies of a chunk are its
// errors and one ack per datagram, and only the errors are handed back. After a chunk fails
// (sendmsg refused, replies lost), the chunks queued after it are not sent: a batch is applied
// up to a point, never with a hole in the middle.
#pragma once
#include <napi.h>

#include <condition_variable>
#include <deque>
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
    BatchSender* sender;  // alive while the job is out (it holds itself then)
    Napi::ObjectReference data;
    const uint8_t* bytes = nullptr;
    std::vector<uint32_t> ends;
    std::vector<uint32_t> lastSeqs;
    Napi::Promise::Deferred deferred;
    std::vector<uint8_t> errors;
    uint32_t done = 0;
    int err = 0;
    const char* syscall = "";
    Job(Napi::Env env, BatchSender* s) : sender(s), deferred(Napi::Promise::Deferred::New(env)) {}
  };

 private:
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  void ThreadMain();
  void RunJob(Job& job, uint8_t* reply);
  // Stops the thread (after the chunk it is sending) and joins it.
  void StopThread();
  void DropQueued();
  // After StopThread: the threadsafe function (chunks it still holds are delivered first), the
  // socket, the cleanup hook.
  void Release();
  void Settle(Napi::Env env, Job& job);
  static void OnEnvCleanup(void* self);
  static void CallJs(napi_env env, napi_value, void* context, void* data);

  int fd_ = -1;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  // The first failure (thread only): later chunks are not sent.
  int brokenErr_ = 0;
  const char* brokenCall_ = "";
  size_t outstanding_ = 0;  // queued or being sent, not yet settled (JS thread only)
  napi_threadsafe_function settle_ = nullptr;
  bool cleanupHook_ = false;
};

}  // namespace netns
