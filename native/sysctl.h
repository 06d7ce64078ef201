// Per-namespace sysctls: /proc/sys/net/... resolves to the namespace of the task that opens it.
#pragma once
#include <napi.h>

namespace netns {
void InitSysctl(Napi::Env env, Napi::Object exports);
}
