// Creating and deleting network namespaces, named ones exactly as iproute2's `ip netns add/delete`.
#pragma once
#include <napi.h>

namespace netns {
void InitNsLifecycle(Napi::Env env, Napi::Object exports);
}
