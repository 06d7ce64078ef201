#include "thread_in_netns.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <new>

namespace netns {

namespace {

thread_local bool onNsThread = false;

// Waking a thread that sleeps costs tens of µs on an idle (virtual) CPU, more than most jobs
// (a socket is made in about 10 µs). So the namespace thread stays awake a short while after a
// job for the next one (a loop of socket opens, the delete after a create), and a caller waiting
// for its job watches for the result a short while before it sleeps.
constexpr auto kThreadSpin = std::chrono::microseconds(300);
constexpr auto kCallerSpin = std::chrono::microseconds(200);

// Polls ready() until it holds or the time is up; true if it held. Yields between polls: when the
// other thread shares this CPU (the machine is busy), it then runs instead of waiting for the spin.
template <typename Ready>
bool SpinUntil(Ready ready, std::chrono::microseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (int i = 0;; i++) {
    if (ready()) return true;
    if ((i & 7) == 7 && std::chrono::steady_clock::now() >= deadline) return false;
    sched_yield();
  }
}

// The one namespace thread. Lives from first use until exit (atexit stops it after running what
// is queued, and joins it); a forked child starts its own when it needs one.
class NsThread {
 public:
  // Queues job. Returns false (with why) if no thread can run it: the caller then runs
  // job->Execute with that failure itself.
  bool Post(NsJob* job, SysFailure& refused) {
    std::unique_lock<std::mutex> lock(mu_);
    if (state_ == State::kIdle) Start();
    if (state_ != State::kRunning) {
      refused = startFailure_;
      return false;
    }
    queue_.push_back(job);
    queued_.fetch_add(1, std::memory_order_release);
    lock.unlock();
    wake_.notify_one();
    return true;
  }

  int homeFd() const { return homeFd_; }

  void OpenHome() {
    std::lock_guard<std::mutex> lock(mu_);
    if (homeFd_ < 0) homeFd_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  }

  static NsThread& Get() {
    static NsThread* thread = new NsThread();  // never destroyed: worker threads may post during exit
    return *thread;
  }

 private:
  enum class State { kIdle, kRunning, kFailed, kStopped };

  // Under mu_. The home namespace is the caller's: Node's threads never leave the initial one.
  void Start() {
    static std::once_flag hooks;
    std::call_once(hooks, [] {
      pthread_atfork([] { Get().mu_.lock(); }, [] { Get().mu_.unlock(); }, [] { Get().ResetInChild(); });
      atexit([] { Get().Stop(); });
    });
    if (homeFd_ < 0) homeFd_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (homeFd_ < 0) return Fail(errno, "open", "/proc/thread-self/ns/net");
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    // Signals belong to Node's threads: this one is born with all of them blocked.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&tid_, &attr, Main, this);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    pthread_attr_destroy(&attr);
    if (rc != 0) return Fail(rc, "pthread_create");
    pthread_setname_np(tid_, "netns-ns");
    state_ = State::kRunning;
  }

  void Fail(int err, const char* call, const std::string& path = "") {
    startFailure_.set(err, call, path, "could not start the thread that enters namespaces");
    state_ = State::kFailed;
  }

  static void* Main(void* arg) {
    onNsThread = true;
    static_cast<NsThread*>(arg)->Loop();
    return nullptr;
  }

  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      if (queue_.empty() && !stopping_) {
        lock.unlock();
        SpinUntil([this] { return queued_.load(std::memory_order_acquire) != 0; }, kThreadSpin);
        lock.lock();
      }
      wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and nothing left to run
      NsJob* job = queue_.front();
      queue_.pop_front();
      queued_.fetch_sub(1, std::memory_order_relaxed);
      lock.unlock();
      job->Execute(SysFailure());
      lock.lock();
    }
  }

  // At exit: what is queued still runs (its jobs undo what nobody will receive), then the thread ends.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (state_ != State::kRunning) return;
      stopping_ = true;
      state_ = State::kStopped;
      startFailure_.set(ECANCELED, "setns", "", "the process is exiting");
    }
    wake_.notify_one();
    pthread_join(tid_, nullptr);
  }

  // In a forked child only the forking thread exists: forget the parent's thread and its queue
  // (jobs of threads that do not exist here), keep the home fd.
  void ResetInChild() {
    queue_.clear();
    queued_.store(0);
    if (state_ == State::kRunning) state_ = State::kIdle;
    stopping_ = false;
    new (&wake_) std::condition_variable();
    mu_.unlock();
  }

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<NsJob*> queue_;
  std::atomic<size_t> queued_{0};  // queue_.size(), for the spin that does not take mu_
  State state_ = State::kIdle;
  bool stopping_ = false;
  pthread_t tid_{};
  int homeFd_ = -1;
  SysFailure startFailure_;
};

// A foreign namespace must never outlive the work on this thread: if the way home fails, the
// thread (and everything it would do next) would be in the wrong namespace. Nothing can recover.
void ReturnHome(int homeFd) {
  if (setns(homeFd, CLONE_NEWNET) == 0) return;
  fprintf(stderr, "netns: the namespace thread could not return to its namespace (setns: %s); aborting\n",
          strerror(errno));
  abort();
}

// On the namespace thread: enter, work, return home.
SysFailure RunHere(int nsFd, const NsWork& work) {
  SysFailure f;
  if (nsFd == kNewNetns ? unshare(CLONE_NEWNET) != 0 : setns(nsFd, CLONE_NEWNET) != 0) {
    f.set(errno, nsFd == kNewNetns ? "unshare" : "setns");
    return f;
  }
  try {
    work(f);
  } catch (const std::bad_alloc&) { f.set(ENOMEM, "malloc"); }
  ReturnHome(NsThread::Get().homeFd());
  return f;
}

// A caller waiting for its work (RunInNetns).
class WaitedJob : public NsJob {
 public:
  WaitedJob(int nsFd, const NsWork& work) : nsFd_(nsFd), work_(work) {}

  void Execute(const SysFailure& refused) override {
    SysFailure result = refused.failed() ? refused : RunHere(nsFd_, work_);
    std::lock_guard<std::mutex> lock(mu_);
    result_ = result;
    done_.store(true, std::memory_order_release);
    cv_.notify_one();  // under the lock: the waiter may destroy this job once it holds the lock
  }

  SysFailure Wait() {
    SpinUntil([this] { return done_.load(std::memory_order_acquire); }, kCallerSpin);
    // Taken even when the spin saw done_: Execute is then through with this job once it is ours.
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return done_.load(std::memory_order_relaxed); });
    return result_;
  }

 private:
  int nsFd_;
  const NsWork& work_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> done_{false};
  SysFailure result_;
};

}  // namespace

SysFailure RunInNetns(int nsFd, const NsWork& work) {
  if (nsFd == kThisNetns) {
    SysFailure f;
    work(f);
    return f;
  }
  if (onNsThread) return RunHere(nsFd, work);
  WaitedJob job(nsFd, work);
  PostNsJob(&job);
  return job.Wait();
}

void OpenNsThreadHome() {
  NsThread::Get().OpenHome();
}

void PostNsJob(NsJob* job) {
  SysFailure refused;
  if (!NsThread::Get().Post(job, refused)) job->Execute(refused);
}

}  // namespace netns
