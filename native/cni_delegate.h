// netns-cni's delegated plugins (IPAM) started with posix_spawn, which glibc does with
// clone(CLONE_VM | CLONE_VFORK): child_process.spawn forks the whole Node process, which costs
// more CPU than the plugin's own run. In this process's namespace only (the server's host
// elsewhere goes through Namespace.spawn).
#pragma once
#include <napi.h>

namespace netns {
void InitCniDelegate(Napi::Env env, Napi::Object exports);
}
