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
// The kernel answers a datagram inside sendmsg; an ack missing this long after it means it never comes.
constexpr int kReplyTimeoutSeconds = 30;

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
      // ENOBUFS: replies were lost; EAGAIN: no ack in time. Either way the outcome is unknown.
      job.err = n >= 0 ? EMSGSIZE : errno == EAGAIN ? ETIMEDOUT : errno;
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
  timeval timeout{kReplyTimeoutSeconds, 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_nl addr{};
  addr.nl_family = AF_NETLINK;
  if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    int e = errno;
    Release();
    throw MakeSystemError(env, e, "bind");
  }
  Napi::String name = Napi::String::New(env, "netns:batch");
  if (napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, nullptr, nullptr, this, CallJs, &settle_) !=
      napi_ok) {
    settle_ = nullptr;
    Release();
    throw MakeSystemError(env, ENOMEM, "napi_create_threadsafe_function");
  }
  napi_unref_threadsafe_function(env, settle_);  // only chunks that are out keep the loop alive
  // Signals belong to Node's threads, not to this one.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  try {
    thread_ = std::thread(&BatchSender::ThreadMain, this);
  } catch (const std::system_error& e) {
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    Release();
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
  if (thread_.joinable()) thread_.join();  // at most the chunk being sent: the kernel's work on it
}

// Chunks never sent, once the environment can no longer hear of them.
void BatchSender::DropQueued() {
  for (Job* job : queue_) delete job;
  queue_.clear();
}

void BatchSender::Release() {
  if (settle_ != nullptr) napi_release_threadsafe_function(settle_, napi_tsfn_release);
  settle_ = nullptr;
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
    RunJob(*job, reply.get());
    // Settled on the JS thread; an ending environment hands it to CallJs without one, to free it.
    if (napi_call_threadsafe_function(settle_, job, napi_tsfn_nonblocking) != napi_ok) {
      delete job;  // the function is closing: nobody is left to tell
      return;
    }
  }
}

void BatchSender::RunJob(Job& job, uint8_t* reply) {
  if (brokenErr_ != 0) {
    job.err = brokenErr_;  // an earlier chunk failed: this one is not sent
    job.syscall = brokenCall_;
    return;
  }
  uint32_t start = 0;
  for (size_t i = 0; i < job.ends.size(); i++) {
    if (!SendDatagram(fd_, job.bytes + start, job.ends[i] - start, job)) break;
    if (!ReadUntilAck(fd_, job.lastSeqs[i], reply, job)) break;
    job.done++;
    start = job.ends[i];
  }
  if (job.err != 0) {
    brokenErr_ = job.err;
    brokenCall_ = job.syscall;
  }
}

void BatchSender::CallJs(napi_env env, napi_value, void*, void* data) {
  std::unique_ptr<Job> job(static_cast<Job*>(data));
  if (env == nullptr) return;  // the environment is ending: the job just goes
  job->sender->Settle(Napi::Env(env), *job);
}

// Resolves the job's promise with { done, errno, syscall, errors? } as own properties of a fresh
// object (defined, not assigned: a setter on Object.prototype is never called). Never throws.
void BatchSender::Settle(Napi::Env env, Job& job) {
  try {
    Napi::HandleScope scope(env);
    Napi::Object outcome = Napi::Object::New(env);
    std::vector<Napi::PropertyDescriptor> fields{
        Napi::PropertyDescriptor::Value("done", Napi::Number::New(env, job.done), napi_enumerable),
        Napi::PropertyDescriptor::Value("errno", Napi::Number::New(env, job.err), napi_enumerable),
        Napi::PropertyDescriptor::Value("syscall", Napi::String::New(env, job.syscall), napi_enumerable),
    };
    if (!job.errors.empty())
      fields.push_back(Napi::PropertyDescriptor::Value(
          "errors", Napi::Buffer<uint8_t>::Copy(env, job.errors.data(), job.errors.size()), napi_enumerable));
    outcome.DefineProperties(fields);
    job.deferred.Resolve(outcome);
  } catch (const Napi::Error& e) {
    try {
      job.deferred.Reject(e.Value());  // out of memory building the outcome
    } catch (const Napi::Error&) {
      // The environment cannot run JS any more: nobody is left to tell.
    }
  }
  // Last: letting go of this object may let it be collected.
  if (--outstanding_ == 0) {
    if (settle_ != nullptr) napi_unref_threadsafe_function(env, settle_);
    Unref();
  }
}

// send(chunk, datagramEnds: Uint32Array, lastSeqs: Uint32Array) -> Promise<{ done, errno, syscall, errors? }>
// Queues the chunk's datagrams (chunk[0, ends[0]), [ends[0], ends[1]), ...), each one's last
// message asking for the ack that vouches for the rest; resolves with the error messages, and
// errno set when the chunk could not be sent whole (done: the datagrams that were).
Napi::Value BatchSender::Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (fd_ < 0 || settle_ == nullptr) throw MakeSystemError(env, EBADF, "sendmsg");
  auto data = info[0].As<Napi::Buffer<uint8_t>>();
  auto job = std::make_unique<Job>(env, this);
  job->ends = ToVector(info[1]);
  job->lastSeqs = ToVector(info[2]);
  if (job->ends.size() != job->lastSeqs.size() || (!job->ends.empty() && job->ends.back() > data.Length()))
    throw Napi::RangeError::New(env, "batch chunk: datagram ends and sequence numbers disagree");
  job->data = Napi::Persistent(data.As<Napi::Object>());  // the bytes live until the job is settled
  job->bytes = data.Data();
  Napi::Promise promise = job->deferred.Promise();
  if (outstanding_++ == 0) {
    napi_ref_threadsafe_function(env, settle_);
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
// not yet sent settle with EBADF, as a closed socket's.
Napi::Value BatchSender::Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  StopThread();
  std::deque<Job*> left;
  left.swap(queue_);
  for (Job* raw : left) {
    std::unique_ptr<Job> job(raw);
    job->err = EBADF;
    job->syscall = "sendmsg";
    Settle(env, *job);
  }
  Release();
  return env.Undefined();
}

}  // namespace netns
