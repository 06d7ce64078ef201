// Namespace handles: O_RDONLY|O_CLOEXEC fds of nsfs files, identified by (st_dev, st_ino).
#pragma once
#include <napi.h>
#include "sys_error.h"

namespace netns {

struct NsIdentity {
  int fd = -1;
  double dev = 0;
  double ino = 0;
};

// Opens path and checks that it is a network namespace. On failure returns fd -1 and fills f.
NsIdentity OpenNetns(const std::string& path, SysFailure& f);
Napi::Object IdentityToJs(Napi::Env env, const NsIdentity& id);

// Captures the loading (main) thread's namespace; called once at module load.
void CaptureInitialNetns(Napi::Env env);

void InitNsHandle(Napi::Env env, Napi::Object exports);

}  // namespace netns
