// nftables per namespace through the system's libnftables (loaded with dlopen at first use, so the
// addon builds without its headers and loads on hosts without it).
#pragma once
#include <napi.h>

namespace netns {
void InitNftables(Napi::Env env, Napi::Object exports);
}
