// Namespace cookies (SO_NETNS_COOKIE) and reopening a named namespace with its identity checked.
#pragma once
#include <napi.h>

namespace netns {

void InitNsCookie(Napi::Env env, Napi::Object exports);

}  // namespace netns
