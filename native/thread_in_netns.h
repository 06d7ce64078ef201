// Runs a piece of work on a short-lived thread that has entered (or created) a network namespace.
// The calling thread never changes namespace; the helper thread ends with the work, so no thread
// of Node's is ever left in a foreign namespace.
#pragma once
#include <functional>
#include "sys_error.h"

namespace netns {

// Work gets the SysFailure to fill on error.
using NsWork = std::function<void(SysFailure&)>;

// nsFd >= 0: setns(nsFd, CLONE_NEWNET) first, on a helper thread. nsFd == kNewNetns:
// unshare(CLONE_NEWNET) first, on a helper thread. nsFd == kThisNetns: the calling thread's own
// namespace (Node's initial one), so the work runs right here, with no thread to start.
constexpr int kThisNetns = -1;
constexpr int kNewNetns = -2;
SysFailure RunInNetns(int nsFd, const NsWork& work);

}  // namespace netns
