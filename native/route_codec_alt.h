// C++ route codec measured against the TypeScript one by scripts/bench/routes.ts (DESIGN.md).
#pragma once
#include <napi.h>

namespace netns {
void InitRouteCodecAlt(Napi::Env env, Napi::Object exports);
}  // namespace netns
