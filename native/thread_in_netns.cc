#include "thread_in_netns.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <cerrno>

namespace netns {

namespace {
struct ThreadJob {
  int nsFd;
  const NsWork* work;
  SysFailure result;
};

void* ThreadMain(void* arg) {
  auto* job = static_cast<ThreadJob*>(arg);
  if (job->nsFd == kNewNetns) {
    if (unshare(CLONE_NEWNET) != 0) {
      job->result.set(errno, "unshare");
      return nullptr;
    }
  } else if (job->nsFd >= 0) {
    if (setns(job->nsFd, CLONE_NEWNET) != 0) {
      job->result.set(errno, "setns");
      return nullptr;
    }
  }
  (*job->work)(job->result);
  return nullptr;  // the thread, and the namespace it entered, end here
}
}  // namespace

SysFailure RunInNetns(int nsFd, const NsWork& work) {
  if (nsFd == kThisNetns) {
    SysFailure f;
    work(f);
    return f;
  }
  ThreadJob job{nsFd, &work, {}};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  // Signals belong to Node's threads, not to this helper.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_t tid;
  int rc = pthread_create(&tid, &attr, ThreadMain, &job);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    SysFailure f;
    f.set(rc, "pthread_create");
    return f;
  }
  pthread_join(tid, nullptr);
  return job.result;
}

}  // namespace netns
