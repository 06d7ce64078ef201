#include "sysctl.h"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <string>

#include "fd_copy.h"
#include "ns_promise_worker.h"
#include "thread_in_netns.h"

namespace netns {

namespace {

// Opens, reads or writes, and closes the file inside the namespace, on the namespace thread.
class SysctlWorker : public NsPromiseWorker {
 public:
  SysctlWorker(Napi::Env env, FdCopy nsFd, std::string path, bool write, std::string value)
      : NsPromiseWorker(env), nsFd_(std::move(nsFd)), path_(std::move(path)), write_(write), value_(std::move(value)) {}

 protected:
  void Run() override {
    auto work = [this](SysFailure& f) {
      int fd = open(path_.c_str(), (write_ ? O_WRONLY | O_TRUNC : O_RDONLY) | O_CLOEXEC);
      if (fd < 0) {
        f.set(errno, "open", path_);
        return;
      }
      if (write_) {
        // /proc/sys takes a value in one write; a short one means it was not taken whole.
        ssize_t n = write(fd, value_.data(), value_.size());
        if (n < 0) f.set(errno, "write", path_);
        else if (static_cast<size_t>(n) != value_.size())
          f.set(EIO, "write", path_, "the kernel took only part of the value");
      } else {
        char buf[4096];
        ssize_t n;
        while ((n = read(fd, buf, sizeof buf)) > 0) result_.append(buf, static_cast<size_t>(n));
        if (n < 0) f.set(errno, "read", path_);
      }
      close(fd);
    };
    failure_ = RunInNetns(nsFd_.get(), work);
  }
  Napi::Value Result(Napi::Env env) override { return Napi::String::New(env, result_); }

 private:
  FdCopy nsFd_;
  std::string path_;
  bool write_;
  std::string value_;
  std::string result_;
};

// sysctl(nsFd, path, value?) -> Promise<string> (the contents read, or '' after a write)
Napi::Value JsSysctl(const Napi::CallbackInfo& info) {
  bool write = info.Length() > 2 && info[2].IsString();
  FdCopy nsFd(info[0].As<Napi::Number>().Int32Value());
  if (nsFd.error()) throw MakeSystemError(info.Env(), nsFd.error(), "fcntl");
  return (new SysctlWorker(info.Env(), std::move(nsFd), info[1].As<Napi::String>(), write,
                           write ? std::string(info[2].As<Napi::String>()) : std::string()))
      ->Start();
}

}  // namespace

void InitSysctl(Napi::Env env, Napi::Object exports) {
  exports.Set("sysctl", Napi::Function::New(env, JsSysctl, "sysctl"));
}

}  // namespace netns
