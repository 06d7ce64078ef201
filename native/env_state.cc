#include "env_state.h"

#include <unistd.h>
#include <cerrno>

#include "home_ns_fd.h"

namespace netns {

EnvState::~EnvState() {
  for (int fd : owned) close(fd);
  if (initial.fd >= 0) close(initial.fd);
}

void InitEnvState(Napi::Env env) {
  auto* state = new EnvState();
  // At a high number (home_ns_fd.h): user code closing low fd numbers by guess, or reusing them,
  // does not hit the fd every handle of current() shares (and JS keeps by number).
  HomeNsFd initial;
  if (!initial.Open("/proc/thread-self/ns/net")) {
    int err = errno;
    delete state;
    throw MakeSystemError(env, err, "open", "/proc/thread-self/ns/net");
  }
  state->initial.fd = initial.fd();
  state->initial.dev = static_cast<double>(initial.dev());
  state->initial.ino = static_cast<double>(initial.ino());
  env.SetInstanceData<EnvState>(state);  // deleted (fds closed) when the environment ends
}

EnvState& StateOf(Napi::Env env) {
  return *env.GetInstanceData<EnvState>();
}

void TrackFd(Napi::Env env, int fd) {
  EnvState& state = StateOf(env);
  if (fd >= 0 && fd != state.initial.fd) state.owned.insert(fd);
}

int CloseOwnedFd(Napi::Env env, int fd) {
  EnvState& state = StateOf(env);
  if (fd == state.initial.fd) return 0;  // shared by every handle of current(), never closed
  if (state.owned.erase(fd) == 0) return EBADF;
  if (close(fd) != 0 && errno != EINTR) return errno;
  return 0;
}

void CloseUndelivered(Napi::Env env, int fd) {
  if (fd < 0) return;
  if (env != nullptr) StateOf(env).owned.erase(fd);
  close(fd);
}

}  // namespace netns
