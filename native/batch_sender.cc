#include "batch_sender.h"

#include <linux/netlink.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include "netlink_options.h"
#include "sys_error.h"
#include "thread_in_netns.h"

namespace netns {

namespace {
constexpr int kReceiveBuffer = 32 << 20;  // room for every error of a chunk that fails whole
constexpr int kSendBuffer = 4 << 20;      // a datagram must fit whole
constexpr size_t kReplyBuffer = 64 << 10;

std::vector<uint32_t> ToVector(const Napi::Value& v) {
  auto a = v.As<Napi::Uint32Array>();
  return std::vector<uint32_t>(a.Data(), a.Data() + a.ElementLength());
}

bool SendDatagram(int fd, const uint8_t* p, size_t len, BatchSender::Job& job) {
  sockaddr_nl to{};
  to.nl_family = AF_NETLINK;
  ssize_t n;
  do { n = sendto(fd, p, len, 0, reinterpret_cast<sockaddr*>(&to), sizeof(to)); } while (n < 0 && errno == EINTR);
  if (n >= 0) return true;
  job.err = errno;
  job.syscall = "sendmsg";
  return false;
}

// Reads until the reply to the datagram's last message; keeps every error report on the way.
bool ReadUntilAck(int fd, uint32_t lastSeq, uint8_t* buf, BatchSender::Job& job) {
  for (;;) {
    sockaddr_nl from{};
    iovec iov{buf, kReplyBuffer};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof(from);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    ssize_t n = recvmsg(fd, &msg, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || (msg.msg_flags & MSG_TRUNC)) {
      job.err = n < 0 ? errno : EMSGSIZE;  // ENOBUFS: replies were lost, the outcome is unknown
      job.syscall = "recvmsg";
      return false;
    }
    if (from.nl_pid != 0) continue;  // only the kernel speaks to us
    bool last = false;
    size_t len = static_cast<size_t>(n);
    for (size_t p = 0; p + sizeof(nlmsghdr) <= len;) {
      nlmsghdr hdr;
      memcpy(&hdr, buf + p, sizeof(hdr));
      if (hdr.nlmsg_len < sizeof(nlmsghdr) || hdr.nlmsg_len > len - p) {
        job.err = EPROTO;
        job.syscall = "recvmsg";
        return false;
      }
      if (hdr.nlmsg_type == NLMSG_ERROR && hdr.nlmsg_len >= sizeof(nlmsghdr) + sizeof(int)) {
        int error;
        memcpy(&error, buf + p + sizeof(nlmsghdr), sizeof(error));
        if (error != 0) job.errors.insert(job.errors.end(), buf + p, buf + p + hdr.nlmsg_len);
        if (hdr.nlmsg_seq == lastSeq) last = true;
      }
      p += NLMSG_ALIGN(hdr.nlmsg_len);
    }
    if (last) return true;
  }
}
}  // namespace

void BatchSender::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "BatchSender",
                                    {
                                        InstanceMethod<&BatchSender::Send>("send"),
                                        InstanceMethod<&BatchSender::Close>("close"),
                                    });
  exports.Set("BatchSender", ctor);
}

// new BatchSender(nsFd): a blocking NETLINK_ROUTE socket made inside the namespace, and its thread.
BatchSender::BatchSender(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BatchSender>(info) {
  Napi::Env env = info.Env();
  int nsFd = info[0].As<Napi::Number>().Int32Value();
  int fd = -1;
  SysFailure f = RunInNetns(nsFd, [&fd](SysFailure& inner) {
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) inner.set(errno, "socket");
  });
  if (f.failed()) throw MakeSystemError(env, f);
  fd_ = fd;
  ConfigureNetlinkSocket(fd_, kReceiveBuffer, kSendBuffer);
  sockaddr_nl addr{};
  addr.nl_family = AF_NETLINK;
  if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    int e = errno;
    close(fd_);
    fd_ = -1;
    throw MakeSystemError(env, e, "bind");
  }
  settle_ = Napi::ThreadSafeFunction::New(env, Napi::Function::New(env, [](const Napi::CallbackInfo&) {}),
                                          "netns:batch", 0, 1);
  settle_.Unref(env);  // only queued chunks keep the loop alive
  // Signals belong to Node's threads, not to this one.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  try {
    thread_ = std::thread(&BatchSender::ThreadMain, this);
  } catch (const std::system_error& e) {
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    settle_.Release();
    close(fd_);
    fd_ = -1;
    throw MakeSystemError(env, e.code().value(), "pthread_create");
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (napi_add_env_cleanup_hook(env, OnEnvCleanup, this) == napi_ok) cleanupHook_ = true;
}

BatchSender::~BatchSender() {
  StopThread();
  DropQueued();
  Release();
}

// The environment is ending (a worker_thread terminated): the thread must not outlive it.
void BatchSender::OnEnvCleanup(void* arg) {
  auto* self = static_cast<BatchSender*>(arg);
  self->cleanupHook_ = false;  // Node drops the hook after running it
  self->StopThread();
  self->DropQueued();
  self->Release();
}

void BatchSender::StopThread() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();  // at most the chunk being sent: milliseconds of kernel work
}

// Chunks never sent, once the environment can no longer hear of them.
void BatchSender::DropQueued() {
  for (Job* job : queue_) delete job;
  queue_.clear();
}

// After StopThread: the settle function (chunks it still holds are delivered first), the socket.
void BatchSender::Release() {
  if (!released_) {
    released_ = true;
    settle_.Release();
  }
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  if (cleanupHook_) {
    napi_remove_env_cleanup_hook(Env(), OnEnvCleanup, this);
    cleanupHook_ = false;
  }
}

void BatchSender::ThreadMain() {
  std::unique_ptr<uint8_t[]> reply(new uint8_t[kReplyBuffer]);
  for (;;) {
    Job* job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      queue_.pop_front();
    }
    uint32_t start = 0;
    for (size_t i = 0; i < job->ends.size(); i++) {
      if (!SendDatagram(fd_, job->bytes + start, job->ends[i] - start, *job)) break;
      if (!ReadUntilAck(fd_, job->lastSeqs[i], reply.get(), *job)) break;
      job->done++;
      start = job->ends[i];
    }
    // Settled on the JS thread. If the environment is closing, nobody is left to tell: the job
    // is dropped with it (its references die with the environment).
    if (settle_.NonBlockingCall(job, Settle) != napi_ok) return;
  }
}

void BatchSender::Settle(Napi::Env env, Napi::Function, Job* job) {
  std::unique_ptr<Job> owned(job);
  if (env == nullptr) return;
  Napi::HandleScope scope(env);
  BatchSender* self = job->sender;
  Napi::Object outcome = Napi::Object::New(env);
  outcome.Set("done", Napi::Number::New(env, job->done));
  if (!job->errors.empty())
    outcome.Set("errors", Napi::Buffer<uint8_t>::Copy(env, job->errors.data(), job->errors.size()));
  if (job->err != 0) {
    Napi::Error err = MakeSystemError(env, job->err, job->syscall);
    err.Set("done", outcome.Get("done"));
    if (!job->errors.empty()) err.Set("errors", outcome.Get("errors"));
    job->deferred.Reject(err.Value());
  } else {
    job->deferred.Resolve(outcome);
  }
  if (--self->outstanding_ == 0) {
    self->settle_.Unref(env);
    self->Unref();
  }
}

// send(chunk, datagramEnds: Uint32Array, lastSeqs: Uint32Array) -> Promise<{ done, errors? }>
// Queues the chunk's datagrams (chunk[0, ends[0]), [ends[0], ends[1]), ...), each one's last
// message asking for the ack that vouches for the rest; resolves with the error messages.
Napi::Value BatchSender::Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (fd_ < 0 || released_) throw MakeSystemError(env, EBADF, "sendmsg");
  auto data = info[0].As<Napi::Buffer<uint8_t>>();
  auto job = std::make_unique<Job>(env);
  job->ends = ToVector(info[1]);
  job->lastSeqs = ToVector(info[2]);
  if (job->ends.size() != job->lastSeqs.size() || (!job->ends.empty() && job->ends.back() > data.Length()))
    throw Napi::RangeError::New(env, "batch chunk: datagram ends and sequence numbers disagree");
  job->data = Napi::Persistent(data.As<Napi::Object>());  // the bytes live until the job is settled
  job->sender = this;
  job->bytes = data.Data();
  Napi::Promise promise = job->deferred.Promise();
  if (outstanding_++ == 0) {
    settle_.Ref(env);
    Ref();  // this object (and its thread) lives while a chunk is out
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(job.release());
  }
  wake_.notify_one();
  return promise;
}

// close(): stops the thread after the chunk it is sending (whose promise still settles); chunks
// not yet sent are rejected with EBADF, as a closed socket's.
Napi::Value BatchSender::Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  StopThread();
  std::deque<Job*> left;
  left.swap(queue_);
  for (Job* raw : left) {
    std::unique_ptr<Job> job(raw);
    job->deferred.Reject(MakeSystemError(env, EBADF, "sendmsg").Value());
    if (--outstanding_ == 0) {
      settle_.Unref(env);
      Unref();
    }
  }
  Release();
  return env.Undefined();
}

}  // namespace netns
