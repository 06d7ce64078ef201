// Errors shaped like Node's own SystemError: code, errno (negative, as Node's fs does), syscall, path.
#pragma once
#include <napi.h>
#include <string>

namespace netns {

// A failed system call remembered on a worker thread and turned into a JS error later.
struct SysFailure {
  int err = 0;  // positive errno; 0 means success
  std::string syscall;
  std::string path;
  std::string hint;  // extra text (for example which capability is missing)
  bool failed() const { return err != 0; }
  void set(int e, const char* call, const std::string& p = "", const std::string& h = "") {
    err = e;
    syscall = call;
    path = p;
    hint = h;
  }
};

Napi::Error MakeSystemError(Napi::Env env, const SysFailure& f);
Napi::Error MakeSystemError(Napi::Env env, int err, const char* syscall, const std::string& path = "");

// Text that says which capability an EPERM from this syscall means is missing.
std::string CapabilityHint(const std::string& syscall, const std::string& path = "");
// What EMFILE means for this process: its current limit of open files and how to raise it.
std::string OpenFilesHint();

}  // namespace netns
