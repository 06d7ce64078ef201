#include "ns_lifecycle.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cerrno>
#include <string>

#include "fd_copy.h"
#include "ns_handle.h"
#include "promise_worker.h"
#include "thread_in_netns.h"

namespace netns {

namespace {

// Makes runDir a shared mount point, as iproute2 does, so that namespace mounts propagate and
// unmounting a name in one mount namespace frees it in all. Serialised by flock on the directory:
// parallel creators otherwise stack mounts.
void PrepareRunDir(const std::string& runDir, SysFailure& f) {
  if (mkdir(runDir.c_str(), S_IRWXU | S_IRGRP | S_IXGRP | S_IROTH | S_IXOTH) != 0 && errno != EEXIST) {
    f.set(errno, "mkdir", runDir);
    return;
  }
  int lock = open(runDir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock < 0) { f.set(errno, "open", runDir); return; }
  if (flock(lock, LOCK_EX) != 0) { f.set(errno, "flock", runDir); close(lock); return; }
  bool madeMountPoint = false;
  while (mount("", runDir.c_str(), "none", MS_SHARED | MS_REC, nullptr) != 0) {
    if (errno != EINVAL || madeMountPoint) { f.set(errno, "mount", runDir); break; }
    // Not yet a mount point: bind it onto itself, take it out of its parent's peer group, retry.
    if (mount(runDir.c_str(), runDir.c_str(), "none", MS_BIND | MS_REC, nullptr) != 0) {
      f.set(errno, "mount", runDir);
      break;
    }
    if (mount("", runDir.c_str(), "none", MS_PRIVATE | MS_REC, nullptr) != 0) {
      f.set(errno, "mount", runDir);
      break;
    }
    madeMountPoint = true;
  }
  close(lock);  // releases the flock
}

// The empty file a namespace is bind-mounted onto; O_EXCL makes an existing name EEXIST.
bool CreateNameFile(const std::string& runDir, const std::string& path, SysFailure& f) {
  PrepareRunDir(runDir, f);
  if (f.failed()) return false;
  int fd = open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (fd < 0) { f.set(errno, "open", path); return false; }
  close(fd);
  return true;
}

// umount2(MNT_DETACH) then unlink, retrying unlink a short while on EBUSY.
int RemoveName(const std::string& path, SysFailure& f) {
  umount2(path.c_str(), MNT_DETACH);  // like iproute2: a name that is not mounted still unlinks
  for (int attempt = 0;; attempt++) {
    if (unlink(path.c_str()) == 0) return 0;
    if (errno != EBUSY || attempt >= 100) { f.set(errno, "unlink", path); return -1; }
    struct timespec ts = {0, 1000 * 1000};  // 1 ms, up to ~100 ms in all
    nanosleep(&ts, nullptr);
  }
}

class CreateNamedWorker : public PromiseWorker {
 public:
  CreateNamedWorker(Napi::Env env, std::string runDir, std::string name)
      : PromiseWorker(env, "netns:createNamed"), runDir_(std::move(runDir)), path_(runDir_ + "/" + name) {}

 protected:
  void Run() override {
    if (!CreateNameFile(runDir_, path_, failure_)) return;
    // A fresh namespace, made on a throwaway thread, pinned by a bind mount onto the name.
    const std::string& target = path_;
    failure_ = RunInNetns(kNewNetns, [&target](SysFailure& f) {
      if (mount("/proc/thread-self/ns/net", target.c_str(), "none", MS_BIND, nullptr) != 0)
        f.set(errno, "mount", target);
    });
    if (failure_.failed()) { unlink(path_.c_str()); return; }
    id_ = OpenNetns(path_, failure_);
    if (id_.fd < 0) { SysFailure ignored; RemoveName(path_, ignored); }
  }
  Napi::Value Result(Napi::Env env) override { return IdentityToJs(env, id_); }

 private:
  std::string runDir_, path_;
  NsIdentity id_;
};

class CreateAnonymousWorker : public PromiseWorker {
 public:
  explicit CreateAnonymousWorker(Napi::Env env) : PromiseWorker(env, "netns:createAnonymous") {}

 protected:
  void Run() override {
    NsIdentity* out = &id_;
    failure_ = RunInNetns(kNewNetns, [out](SysFailure& f) {
      *out = OpenNetns("/proc/thread-self/ns/net", f);
    });
  }
  Napi::Value Result(Napi::Env env) override { return IdentityToJs(env, id_); }

 private:
  NsIdentity id_;
};

class DeleteNamedWorker : public PromiseWorker {
 public:
  DeleteNamedWorker(Napi::Env env, std::string path) : PromiseWorker(env, "netns:deleteNamed"), path_(std::move(path)) {}

 protected:
  void Run() override { RemoveName(path_, failure_); }

 private:
  std::string path_;
};

// Gives an already open namespace a name (like `ip netns attach`): create the file, bind the fd,
// open the name. Any failure removes what was made.
class AttachWorker : public PromiseWorker {
 public:
  AttachWorker(Napi::Env env, std::string runDir, std::string name, FdCopy fd)
      : PromiseWorker(env, "netns:attach"), runDir_(std::move(runDir)), path_(runDir_ + "/" + name), fd_(std::move(fd)) {}

 protected:
  void Run() override {
    if (!CreateNameFile(runDir_, path_, failure_)) return;
    std::string source = "/proc/self/fd/" + std::to_string(fd_.get());
    if (mount(source.c_str(), path_.c_str(), "none", MS_BIND, nullptr) != 0) {
      failure_.set(errno, "mount", path_);
      unlink(path_.c_str());
      return;
    }
    id_ = OpenNetns(path_, failure_);
    if (id_.fd < 0) { SysFailure ignored; RemoveName(path_, ignored); }
  }
  Napi::Value Result(Napi::Env env) override { return IdentityToJs(env, id_); }

 private:
  std::string runDir_, path_;
  FdCopy fd_;
  NsIdentity id_;
};

Napi::Value JsCreateNamed(const Napi::CallbackInfo& info) {
  return (new CreateNamedWorker(info.Env(), info[0].As<Napi::String>(), info[1].As<Napi::String>()))->Start();
}

Napi::Value JsCreateAnonymous(const Napi::CallbackInfo& info) {
  return (new CreateAnonymousWorker(info.Env()))->Start();
}

Napi::Value JsDeleteNamed(const Napi::CallbackInfo& info) {
  return (new DeleteNamedWorker(info.Env(), info[0].As<Napi::String>()))->Start();
}

Napi::Value JsAttach(const Napi::CallbackInfo& info) {
  FdCopy fd(info[2].As<Napi::Number>().Int32Value());
  if (fd.error()) throw MakeSystemError(info.Env(), fd.error(), "fcntl");
  return (new AttachWorker(info.Env(), info[0].As<Napi::String>(), info[1].As<Napi::String>(), std::move(fd)))->Start();
}

}  // namespace

void InitNsLifecycle(Napi::Env env, Napi::Object exports) {
  exports.Set("createNamed", Napi::Function::New(env, JsCreateNamed, "createNamed"));
  exports.Set("createAnonymous", Napi::Function::New(env, JsCreateAnonymous, "createAnonymous"));
  exports.Set("deleteNamed", Napi::Function::New(env, JsDeleteNamed, "deleteNamed"));
  exports.Set("attachNamed", Napi::Function::New(env, JsAttach, "attachNamed"));
}

}  // namespace netns
