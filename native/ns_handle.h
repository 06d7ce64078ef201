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
// The JS view of an identity; from then on the fd belongs to JS (see env_state.h).
Napi::Object IdentityToJs(Napi::Env env, const NsIdentity& id);

void InitNsHandle(Napi::Env env, Napi::Object exports);

}  // namespace netns
