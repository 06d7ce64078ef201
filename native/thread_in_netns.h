// Namespace-bound work runs on ONE long-lived thread per process (started on first use, signals
// blocked): it enters the target namespace (setns, or unshare for a new one), does the work, and
// setns back to its home namespace, so it never keeps a foreign (or deleted) namespace alive and
// no thread of Node's ever changes namespace. Making that thread once costs what every call used
// to pay (pthread_create + join, about 190 µs on the calling thread); a handover costs a wake-up.
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
SysFailure RunInNetns(int nsFd, const NsWork& work);

// A job that runs on the namespace thread without anyone waiting for it: Execute() does the work
// (its RunInNetns calls run in place) and reports back by itself. If no thread can run it (it
// could not start, or the process is exiting), Execute gets why, on the posting thread, and must
// report that failure instead.
class NsJob {
 public:
  virtual ~NsJob() = default;
  virtual void Execute(const SysFailure& refused) = 0;
};
void PostNsJob(NsJob* job);

// Opens the thread's home namespace (the caller's) ahead of its start; called when the addon
// loads, so that the one fd the thread keeps for life is there from the start.
void OpenNsThreadHome();

}  // namespace netns
