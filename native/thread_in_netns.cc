#include "thread_in_netns.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
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
#include <vector>

#include "home_ns_fd.h"

namespace netns {

namespace {

class JobThread;
thread_local JobThread* currentThread = nullptr;  // the JobThread this thread is, if any
thread_local bool onNsThread = false;

// Waking a thread that sleeps costs tens of µs on an idle (virtual) CPU, more than most jobs
// (a socket is made in about 10 µs). So in a burst of jobs (a loop of socket opens, of creates
// and deletes) a thread stays awake a short while after a job for the next one, and a caller
// waiting for its job (only synchronous callers wait) watches for the result a short while before
// it sleeps.
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

// A thread that runs posted jobs in turn: urgent ones (a caller waits for them) before the
// others. Lives from first use until exit; a forked child starts its own when it needs one.
class JobThread {
 public:
  explicit JobThread(const char* name) : name_(name) {}

  // Queues job. Returns false (with why) if no thread can run it: the caller then runs
  // job->Execute with that failure itself.
  bool Post(NsJob* job, bool urgent, SysFailure& refused) {
    std::unique_lock<std::mutex> lock(mu_);
    if (state_ == State::kIdle) Start();
    if (state_ != State::kRunning) {
      refused = startFailure_;
      return false;
    }
    (urgent ? urgent_ : queue_).push_back(job);
    queued_.fetch_add(1, std::memory_order_release);
    lock.unlock();
    wake_.notify_one();
    return true;
  }

  // At exit: the queued jobs are refused (ECANCELED: nothing made), the one in progress is told
  // to give up where it waits (JobCancelled) and finishes, then the thread ends.
  void Stop() {
    std::vector<NsJob*> refusedJobs;
    SysFailure why;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (state_ != State::kRunning) return;
      stopping_ = true;
      state_ = State::kStopped;
      startFailure_.set(ECANCELED, "setns", "", "the process is exiting");
      why = startFailure_;
      TakeQueued([](NsJob*) { return true; }, refusedJobs);
      currentCancelled_.store(true);
    }
    wake_.notify_one();
    for (NsJob* job : refusedJobs) job->Execute(why);
    pthread_join(tid_, nullptr);
  }

  // Refuses owner's queued jobs; its job in progress is told to give up where it waits.
  void Cancel(const void* owner) {
    std::vector<NsJob*> refusedJobs;
    {
      std::lock_guard<std::mutex> lock(mu_);
      TakeQueued([owner](NsJob* job) { return job->owner() == owner; }, refusedJobs);
      if (currentOwner_ == owner) currentCancelled_.store(true);
    }
    SysFailure why;
    why.set(ECANCELED, "setns", "", "its environment ended");
    for (NsJob* job : refusedJobs) job->Execute(why);
  }

  bool CurrentCancelled() const { return currentCancelled_.load(); }

  // The namespace the thread returns to after each job; used by the thread only once started.
  HomeNsFd& home() { return home_; }
  // Opens the home ahead of the start, in the caller's namespace (Node's threads stay in theirs).
  void OpenHome() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!home_.opened()) home_.Open("/proc/thread-self/ns/net");
  }

  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }

  // In a forked child only the forking thread exists: forget the parent's thread and its queue
  // (jobs of threads that do not exist here).
  void ResetInChild() {
    queue_.clear();
    urgent_.clear();
    queued_.store(0);
    if (state_ == State::kRunning) state_ = State::kIdle;
    stopping_ = false;
    currentOwner_ = nullptr;
    currentCancelled_.store(false);
    new (&wake_) std::condition_variable();
    mu_.unlock();
  }

 private:
  enum class State { kIdle, kRunning, kFailed, kStopped };

  // Under mu_.
  void Start() {
    if (!home_.opened() && !home_.Open("/proc/thread-self/ns/net"))
      return Fail(errno, "open", "/proc/thread-self/ns/net");
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
    pthread_setname_np(tid_, name_);
    state_ = State::kRunning;
  }

  void Fail(int err, const char* call, const std::string& path = "") {
    startFailure_.set(err, call, path, "could not start the thread that enters namespaces");
    state_ = State::kFailed;
  }

  // Under mu_: moves the queued jobs that match into out.
  template <typename Match>
  void TakeQueued(Match match, std::vector<NsJob*>& out) {
    for (std::deque<NsJob*>* q : {&urgent_, &queue_}) {
      for (auto it = q->begin(); it != q->end();) {
        if (!match(*it)) {
          ++it;
          continue;
        }
        out.push_back(*it);
        it = q->erase(it);
        queued_.fetch_sub(1, std::memory_order_relaxed);
      }
    }
  }

  static void* Main(void* arg) {
    auto* self = static_cast<JobThread*>(arg);
    currentThread = self;
    onNsThread = true;
    self->Loop();
    return nullptr;
  }

  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    auto lastEnd = std::chrono::steady_clock::time_point();  // when the last job ended
    bool burst = false;
    for (;;) {
      if (burst && urgent_.empty() && queue_.empty() && !stopping_) {
        lock.unlock();
        SpinUntil([this] { return queued_.load(std::memory_order_acquire) != 0; }, kThreadSpin);
        lock.lock();
      }
      wake_.wait(lock, [this] { return !urgent_.empty() || !queue_.empty() || stopping_; });
      if (stopping_) return;  // Stop refused what was queued
      std::deque<NsJob*>& q = urgent_.empty() ? queue_ : urgent_;
      NsJob* job = q.front();
      q.pop_front();
      queued_.fetch_sub(1, std::memory_order_relaxed);
      currentOwner_ = job->owner();
      currentCancelled_.store(false);
      lock.unlock();
      // A job that came within a spin of the last one's end is part of a burst: the next one
      // likely follows as soon, so the thread stays awake for it. After a longer pause (a steady
      // trickle, one call per ms) a spin would mostly burn a core for nothing: sleep at once.
      burst = std::chrono::steady_clock::now() - lastEnd <= kThreadSpin;
      try {
        job->Execute(SysFailure());
      } catch (...) {
        // Execute reports its own failures; one that escapes is a bug, which must not end the
        // process or this thread (std::terminate), nor stop the jobs after it.
        fprintf(stderr, "netns: a job on the %s thread failed with an unexpected exception\n", name_);
      }
      lastEnd = std::chrono::steady_clock::now();
      lock.lock();
      currentOwner_ = nullptr;
    }
  }

  const char* name_;
  HomeNsFd home_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<NsJob*> urgent_;  // a caller waits for each (RunInNetns)
  std::deque<NsJob*> queue_;
  std::atomic<size_t> queued_{0};  // urgent_.size() + queue_.size(), for the spin that does not take mu_
  State state_ = State::kIdle;
  bool stopping_ = false;
  const void* currentOwner_ = nullptr;  // under mu_: the owner of the job in progress
  std::atomic<bool> currentCancelled_{false};
  pthread_t tid_{};
  SysFailure startFailure_;
};

// Never destroyed: worker threads may post during exit.
JobThread& NsThread() {
  static JobThread* thread = new JobThread("netns-ns");
  return *thread;
}
JobThread& FileThread() {
  static JobThread* thread = new JobThread("netns-file");
  return *thread;
}

// Once, before either thread starts: both stop at exit, and fork keeps both consistent.
void InstallHooks() {
  static std::once_flag hooks;
  std::call_once(hooks, [] {
    NsThread();
    FileThread();
    pthread_atfork(
        [] {
          FileThread().Lock();
          NsThread().Lock();
        },
        [] {
          NsThread().Unlock();
          FileThread().Unlock();
        },
        [] {
          NsThread().ResetInChild();
          FileThread().ResetInChild();
        });
    atexit(StopNsThreads);
  });
}

// A foreign namespace must never outlive the work on this thread: if the way home fails, the
// thread (and everything it would do next) would be in the wrong namespace. The home fd is
// checked first: user code may have closed its number, or another file may have it now.
void ReturnHome() {
  int fd = currentThread->home().Checked();
  if (fd >= 0 && setns(fd, CLONE_NEWNET) == 0) return;
  fprintf(stderr, "netns: a namespace thread could not return to its namespace (%s: %s); aborting\n",
          fd < 0 ? "reopening it" : "setns", strerror(errno));
  abort();
}

// Returns home however the work ends.
struct HomeGuard {
  HomeGuard() = default;
  HomeGuard(const HomeGuard&) = delete;
  HomeGuard& operator=(const HomeGuard&) = delete;
  ~HomeGuard() { ReturnHome(); }
};

// On one of the two threads: enter, work, return home. An exception becomes the work's failure.
SysFailure RunHere(int nsFd, const NsWork& work) {
  SysFailure f;
  if (nsFd == kNewNetns ? unshare(CLONE_NEWNET) != 0 : setns(nsFd, CLONE_NEWNET) != 0) {
    f.set(errno, nsFd == kNewNetns ? "unshare" : "setns");
    return f;
  }
  HomeGuard guard;
  try {
    work(f);
  } catch (const std::bad_alloc&) { f.set(ENOMEM, "malloc"); } catch (...) {
    f.set(EIO, "setns", "", "the work inside the namespace failed with an unexpected exception");
  }
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

void Post(JobThread& thread, NsJob* job, bool urgent) {
  InstallHooks();
  SysFailure refused;
  if (!thread.Post(job, urgent, refused)) job->Execute(refused);
}

}  // namespace

SysFailure RunInNetns(int nsFd, const NsWork& work) {
  if (nsFd == kThisNetns) {
    SysFailure f;
    work(f);
    return f;
  }
  if (onNsThread) return RunHere(nsFd, work);
  WaitedJob job(nsFd, work);
  Post(NsThread(), &job, true);
  return job.Wait();
}

void StopNsThreads() {
  FileThread().Stop();
  NsThread().Stop();
}

void OpenNsThreadHome() {
  NsThread().OpenHome();
  FileThread().OpenHome();
}

void PostNsJob(NsJob* job) {
  Post(NsThread(), job, false);
}

void PostFileJob(NsJob* job) {
  Post(FileThread(), job, false);
}

void CancelNsJobsOf(const void* owner) {
  FileThread().Cancel(owner);
  NsThread().Cancel(owner);
}

bool JobCancelled() {
  return currentThread != nullptr && currentThread->CurrentCancelled();
}

}  // namespace netns
