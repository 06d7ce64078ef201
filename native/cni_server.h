// netns-cni server: receives one client request (head, namespace fds, environment, stdin) from an
// accepted unix socket, with the peer's credentials. See cni_wire.h for the format.
#pragma once
#include <napi.h>

namespace netns {
void InitCniServer(Napi::Env env, Napi::Object exports);
}
