// Namespace-bound work runs on ONE long-lived thread per process (started on first use, signals
// blocked): it enters the target namespace (setns, or unshare for a new one), does the work, and
// setns back to its home namespace, so it never keeps a foreign (or deleted) namespace alive and
// no thread of Node's ever changes namespace. Making that thread once costs what every call used
// to pay (pthread_create + join, about 190 µs on the calling thread); a handover costs a wake-up.
//
// Every job on it is short: named create, attach and delete, whose file work can block (the run
// directory's flock, held by another process; unlink retries), run on a second thread, the file
// thread, which does their namespace step itself (RunInNetns runs in place there; it enters and
// returns home like the namespace thread). A caller waiting for its work (RunInNetns) goes ahead
// of queued asynchronous jobs: it waits at most for the job in progress.
#pragma once
#include <functional>
#include "sys_error.h"

namespace netns {

// Work gets the SysFailure to fill on error.
using NsWork = std::function<void(SysFailure&)>;

// nsFd >= 0: the work runs inside that namespace (setns(nsFd, CLONE_NEWNET)). kNewNetns: inside a
// new one (unshare(CLONE_NEWNET)), which lives on only if the work pins it (a bind mount, an fd).
// kThisNetns: the calling thread's own namespace (Node's initial one), right here.
constexpr int kThisNetns = -1;
constexpr int kNewNetns = -2;

// Runs work on the namespace thread and waits for it (or runs it in place when called there).
// An exception the work throws becomes its failure; the thread returns home in every case.
SysFailure RunInNetns(int nsFd, const NsWork& work);

// A job that runs on one of the two threads without anyone waiting for it: Execute() does the
// work and reports back by itself. If no thread can run it (it could not start, the process is
// exiting, or its owner cancelled it while it was queued), Execute gets why, on the refusing
// thread, and must report that failure instead (nothing made).
class NsJob {
 public:
  virtual ~NsJob() = default;
  virtual void Execute(const SysFailure& refused) = 0;
  /** Whose job it is, for CancelNsJobsOf (null: nobody cancels it). */
  virtual const void* owner() const { return nullptr; }
};
// Namespace-bound jobs (their RunInNetns calls run in place).
void PostNsJob(NsJob* job);
// File work that may block (its RunInNetns calls run in place, on the file thread).
void PostFileJob(NsJob* job);

// Refuses the queued jobs of owner (ECANCELED), and marks its job in progress on the file
// thread as cancelled (JobCancelled), for an environment that ends.
void CancelNsJobsOf(const void* owner);
// On the file thread: true once the job in progress should give up (its owner cancelled it, or
// the process is exiting), for steps that wait on others (a lock).
bool JobCancelled();

// What atexit does (once): refuses the queued jobs of both threads (ECANCELED), lets their jobs
// in progress finish, and ends the threads. Idempotent.
void StopNsThreads();

// Opens the threads' home namespace (the caller's) ahead of their start; called when the addon
// loads, so that the one fd each thread keeps for life is there from the start.
void OpenNsThreadHome();

}  // namespace netns
