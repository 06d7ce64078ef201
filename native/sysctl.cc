#include "sysctl.h"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <string>

#include "sys_error.h"
#include "thread_in_netns.h"

namespace netns {

namespace {

// Opens, reads or writes, and closes the file on a thread inside the namespace.
class SysctlWorker : public Napi::AsyncWorker {
 public:
  SysctlWorker(Napi::Env env, int nsFd, std::string path, bool write, std::string value)
      : Napi::AsyncWorker(env, "netns:sysctl"), deferred_(Napi::Promise::Deferred::New(env)),
        nsFd_(nsFd), path_(std::move(path)), write_(write), value_(std::move(value)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
    auto work = [this](SysFailure& f) {
      int fd = open(path_.c_str(), (write_ ? O_WRONLY | O_TRUNC : O_RDONLY) | O_CLOEXEC);
      if (fd < 0) { f.set(errno, "open", path_); return; }
      if (write_) {
        // /proc/sys takes a value in one write; a short one means it was not taken whole.
        ssize_t n = write(fd, value_.data(), value_.size());
        if (n < 0) f.set(errno, "write", path_);
        else if (static_cast<size_t>(n) != value_.size()) f.set(EIO, "write", path_, "the kernel took only part of the value");
      } else {
        char buf[4096];
        ssize_t n;
        while ((n = read(fd, buf, sizeof buf)) > 0) result_.append(buf, static_cast<size_t>(n));
        if (n < 0) f.set(errno, "read", path_);
      }
      close(fd);
    };
    if (nsFd_ < 0) work(failure_);
    else failure_ = RunInNetns(nsFd_, work);
    if (failure_.failed()) SetError(failure_.syscall);
  }
  void OnOK() override { deferred_.Resolve(Napi::String::New(Env(), result_)); }
  void OnError(const Napi::Error&) override { deferred_.Reject(MakeSystemError(Env(), failure_).Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  int nsFd_;
  std::string path_;
  bool write_;
  std::string value_;
  std::string result_;
  SysFailure failure_;
};

// sysctl(nsFd, path, value?) -> Promise<string> (the contents read, or '' after a write)
Napi::Value JsSysctl(const Napi::CallbackInfo& info) {
  bool write = info.Length() > 2 && info[2].IsString();
  auto* w = new SysctlWorker(info.Env(), info[0].As<Napi::Number>().Int32Value(), info[1].As<Napi::String>(),
                             write, write ? std::string(info[2].As<Napi::String>()) : std::string());
  w->Queue();
  return w->Promise();
}

}  // namespace

void InitSysctl(Napi::Env env, Napi::Object exports) {
  exports.Set("sysctl", Napi::Function::New(env, JsSysctl, "sysctl"));
}

}  // namespace netns
