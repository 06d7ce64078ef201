// Inet sockets created inside a network namespace (a socket keeps the namespace it was made in),
// bound natively, then handed to Node's net/dgram as a plain fd.
#pragma once
#include <napi.h>

namespace netns {
void InitInetSocket(Napi::Env env, Napi::Object exports);
}
