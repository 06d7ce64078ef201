// State of the addon per Node environment (the main thread and each worker_thread has its own):
// the namespace the environment started in, and the namespace fds handed to its JS handles. When
// a worker ends, its FinalizationRegistry callbacks never run, so the fds it still held are
// closed here instead.
#pragma once
#include <napi.h>
#include <memory>
#include <set>
#include "ns_handle.h"

namespace netns {

class NsDelivery;  // ns_promise_worker.cc

struct EnvState {
  NsIdentity initial;                    // the loading thread's namespace; open for the environment's life
  std::set<int> owned;                   // namespace fds given to JS and not yet closed through closeFd
  std::shared_ptr<NsDelivery> delivery;  // made with the first namespace-thread promise
  ~EnvState();
};

// Creates the environment's state (capturing its namespace); called once per load.
void InitEnvState(Napi::Env env);
EnvState& StateOf(Napi::Env env);

// Hands fd to JS: the environment closes it at teardown unless closeFd (CloseOwnedFd) did.
void TrackFd(Napi::Env env, int fd);
// Closes an fd given to JS. Returns 0 or errno: EBADF for a number it does not hold (closed
// already, so that number may belong to someone else by now, or never given), which stays open.
int CloseOwnedFd(Napi::Env env, int fd);
// Closes an fd a worker made but could not hand over (tracked if Result got as far as that). A null
// env: the environment is gone, and with it what it tracked.
void CloseUndelivered(Napi::Env env, int fd);

}  // namespace netns
