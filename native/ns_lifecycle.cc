#include "ns_lifecycle.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <string>

#include "env_state.h"
#include "fd_copy.h"
#include "ns_handle.h"
#include "ns_promise_worker.h"
#include "thread_in_netns.h"

namespace netns {

namespace {

// What a create did to the run directory, so that a failed create can undo it.
struct RunDirSetup {
  bool madeDir = false;    // this create made runDir
  bool madeMount = false;  // and bound it onto itself
  std::string warning;     // for JS to emit (process.emitWarning): a pool thread must not print

  void Undo(const std::string& runDir) const {
    if (!madeDir) return;  // a directory that was there stays as it was
    // Plain umount2 and rmdir fail (EBUSY, ENOTEMPTY) if a parallel create put a name there.
    if (madeMount) umount2(runDir.c_str(), UMOUNT_NOFOLLOW);
    rmdir(runDir.c_str());
  }
};

// flock(LOCK_EX) on the run directory, polled so that the create gives up (ECANCELED) when its
// environment ends or the process exits while another process holds the lock. False only then.
bool LockRunDir(int lock, const std::string& runDir, RunDirSetup& setup, SysFailure& f) {
  for (long waitNs = 50 * 1000;; waitNs = std::min(waitNs * 2, 2L * 1000 * 1000)) {
    if (flock(lock, LOCK_EX | LOCK_NB) == 0) return true;
    if (errno != EWOULDBLOCK && errno != EINTR) {
      // As ip does: the lock only guards against stacking mounts, so go on without it.
      setup.warning = "could not flock netns runtime directory \"" + runDir + "\": " + strerror(errno);
      return true;
    }
    if (JobCancelled()) {
      f.set(ECANCELED, "flock", runDir, "gave up waiting for the run directory's lock: the caller is gone");
      return false;
    }
    struct timespec ts = {0, waitNs};
    nanosleep(&ts, nullptr);
  }
}

// The steps of iproute2's netns_add(): make runDir if missing; then, serialised by an flock on it
// (parallel creators would otherwise stack mounts), make it a shared mount so that namespace
// mounts propagate and unmounting a name in one mount namespace frees it in all; if it is not a
// mount point yet (EINVAL), bind it onto itself (which keeps its parent's peer group) and retry.
bool PrepareRunDir(const std::string& runDir, RunDirSetup& setup, SysFailure& f) {
  if (mkdir(runDir.c_str(), S_IRWXU | S_IRGRP | S_IXGRP | S_IROTH | S_IXOTH) == 0) setup.madeDir = true;
  else if (errno != EEXIST) {
    f.set(errno, "mkdir", runDir);
    return false;
  }
  int lock = open(runDir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock < 0) {
    f.set(errno, "open", runDir);
    return false;
  }
  if (!LockRunDir(lock, runDir, setup, f)) {
    close(lock);
    return false;
  }
  while (mount("", runDir.c_str(), "none", MS_SHARED | MS_REC, nullptr) != 0) {
    if (errno != EINVAL || setup.madeMount) {
      f.set(errno, "mount", runDir);
      // A bind made here that could not be made shared is undone: nothing stays stacked.
      if (setup.madeMount && umount2(runDir.c_str(), MNT_DETACH) == 0) setup.madeMount = false;
      break;
    }
    if (mount(runDir.c_str(), runDir.c_str(), "none", MS_BIND | MS_REC, nullptr) != 0) {
      f.set(errno, "mount", runDir);
      break;
    }
    setup.madeMount = true;
  }
  close(lock);  // releases the flock
  return !f.failed();
}

#ifndef STATX_MNT_ID_UNIQUE
#define STATX_MNT_ID_UNIQUE 0x00004000U  // Linux 6.8: a mount id never reused
#endif

// The mount runDir is on now (0 if statx cannot tell).
uint64_t MountIdOf(const std::string& runDir) {
  struct statx stx;
  if (statx(AT_FDCWD, runDir.c_str(), 0, STATX_MNT_ID | STATX_MNT_ID_UNIQUE, &stx) != 0) return 0;
  if (!(stx.stx_mask & (STATX_MNT_ID | STATX_MNT_ID_UNIQUE))) return 0;
  // A unique id where the kernel has one; the older one can be reused after an unmount.
  return (stx.stx_mask & STATX_MNT_ID_UNIQUE ? (uint64_t{1} << 63) : 0) | stx.stx_mnt_id;
}

// Run directories this process has made shared mount points, with the mount they were then.
// iproute2 repeats mkdir, open, flock and mount --make-shared on every add; once one has
// succeeded here, a later create only checks (one statx) that the directory is still that mount,
// and does the whole preparation again if not (unmounted, removed, replaced) or if a create on
// the remembered state fails. Used by the file thread only, which runs every create.
std::map<std::string, uint64_t> preparedRunDirs;

bool PrepareRunDirOnce(const std::string& runDir, RunDirSetup& setup, SysFailure& f) {
  auto known = preparedRunDirs.find(runDir);
  if (known != preparedRunDirs.end() && known->second != 0 && MountIdOf(runDir) == known->second) return true;
  if (!PrepareRunDir(runDir, setup, f)) return false;
  preparedRunDirs[runDir] = MountIdOf(runDir);
  return true;
}

// The empty file a namespace is bind-mounted onto; O_EXCL makes an existing name EEXIST.
bool CreateNameFile(const std::string& path, SysFailure& f) {
  int fd = open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (fd < 0) {
    f.set(errno, "open", path);
    return false;
  }
  close(fd);
  return true;
}

// unlink, retrying a short while on EBUSY. A name that is already gone counts as removed.
int UnlinkName(const std::string& path, SysFailure& f) {
  for (int attempt = 0;; attempt++) {
    if (unlink(path.c_str()) == 0 || errno == ENOENT) return 0;
    if (errno != EBUSY || attempt >= 100) {
      f.set(errno, "unlink", path);
      return -1;
    }
    struct timespec ts = {0, 1000 * 1000};  // 1 ms, up to ~100 ms in all
    nanosleep(&ts, nullptr);
  }
}

// umount2(MNT_DETACH) then unlink.
int RemoveName(const std::string& path, SysFailure& f) {
  umount2(path.c_str(), MNT_DETACH);  // like iproute2: a name that is not mounted still unlinks
  return UnlinkName(path, f);
}

enum class NameState { Ours, Other, NoNamespace, Failed };

// What path (following mounts) is now: the nsfs inode (dev, ino) of the handle, another
// namespace (nsfs has one device, so the same dev), or a plain file (not mounted: a name being
// made or removed right now) or nothing.
NameState NameOf(const std::string& path, double dev, double ino, SysFailure& f) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return NameState::NoNamespace;
    f.set(errno, "stat", path);
    return NameState::Failed;
  }
  if (static_cast<double>(st.st_dev) != dev) return NameState::NoNamespace;
  return static_cast<double>(st.st_ino) == ino ? NameState::Ours : NameState::Other;
}

// The handle for JS, with the run directory's warning if there was one.
Napi::Value NamedResult(Napi::Env env, const NsIdentity& id, const std::string& warning) {
  Napi::Object o = IdentityToJs(env, id);
  if (!warning.empty()) o.Set("warning", Napi::String::New(env, warning));
  return o;
}

// Undoes a named create or attach whose handle nobody received (its environment ended).
void AbandonName(Napi::Env env, const std::string& path, const NsIdentity& id) {
  SysFailure ignored;
  if (id.fd >= 0 && NameOf(path, id.dev, id.ino, ignored) == NameState::Ours) RemoveName(path, ignored);
  CloseUndelivered(env, id.fd);
}

// A name under the run directory, made as iproute2 makes it: prepare the directory, create the
// file, bind a namespace onto it (the subclass says which) and open it. Any failure removes what
// was made; a result nobody receives is undone too. Runs on the file thread (the lock and the
// file work may block), the namespace step too (in place: the file thread enters and returns).
class NameWorker : public NsPromiseWorker {
 public:
  NameWorker(Napi::Env env, std::string runDir, const std::string& name)
      : NsPromiseWorker(env), runDir_(std::move(runDir)), path_(runDir_ + "/" + name) {}

 protected:
  // Bind-mounts the namespace onto target (an empty file by then) and returns it open; on
  // failure returns fd -1 and sets f.
  virtual NsIdentity BindOnto(const std::string& target, SysFailure& f) = 0;

  void Run() override {
    RunDirSetup setup;
    bool prepared = PrepareRunDirOnce(runDir_, setup, failure_);
    warning_ = setup.warning;
    if (!prepared || !CreateNameFile(path_, failure_)) {
      setup.Undo(runDir_);
      preparedRunDirs.erase(runDir_);
      return;
    }
    id_ = BindOnto(path_, failure_);
    if (id_.fd < 0) {
      SysFailure ignored;
      RemoveName(path_, ignored);
      setup.Undo(runDir_);
      preparedRunDirs.erase(runDir_);
    }
  }
  Napi::Value Result(Napi::Env env) override { return NamedResult(env, id_, warning_); }
  void Abandon(Napi::Env env) override { AbandonName(env, path_, id_); }
  bool FileWork() const override { return true; }

 private:
  std::string runDir_, path_, warning_;
  NsIdentity id_;
};

// The namespace the thread is in (a new one, below), opened; its identity is the name's once bound.
NsIdentity OpenOwnNetns(SysFailure& f) {
  return OpenNetns("/proc/thread-self/ns/net", f);
}

class CreateNamedWorker : public NameWorker {
 public:
  CreateNamedWorker(Napi::Env env, std::string runDir, const std::string& name)
      : NameWorker(env, std::move(runDir), name) {}

 protected:
  // A fresh namespace, opened and pinned by a bind mount onto the name while the thread is in it.
  NsIdentity BindOnto(const std::string& target, SysFailure& f) override {
    NsIdentity id;
    f = RunInNetns(kNewNetns, [&target, &id](SysFailure& inner) {
      id = OpenOwnNetns(inner);
      if (id.fd < 0) return;
      if (mount("/proc/thread-self/ns/net", target.c_str(), "none", MS_BIND, nullptr) == 0) return;
      inner.set(errno, "mount", target);
      close(id.fd);
      id.fd = -1;
    });
    return id;
  }
};

class CreateAnonymousWorker : public NsPromiseWorker {
 public:
  explicit CreateAnonymousWorker(Napi::Env env) : NsPromiseWorker(env) {}

 protected:
  void Run() override {
    NsIdentity* out = &id_;
    failure_ = RunInNetns(kNewNetns, [out](SysFailure& f) { *out = OpenOwnNetns(f); });
  }
  Napi::Value Result(Napi::Env env) override { return IdentityToJs(env, id_); }
  void Abandon(Napi::Env env) override { CloseUndelivered(env, id_.fd); }

 private:
  NsIdentity id_;
};

// Removes a name only while it still refers to the handle's namespace (dev, ino): after the name
// was deleted and made again behind the handle, or deleted through another handle, the name
// belongs to someone else. The check and the umount act on one object: the mount open by fd
// (O_PATH), unmounted through /proc/self/fd/N, which is that mount whatever the name has become
// since; if it was detached meanwhile (EINVAL), the name is looked at again. What is left: a name
// deleted and made again between that umount and the unlink, before its new mount (ip netns add
// does both in a row): the unlink then removes the new name's empty file.
// On the file thread like create (unlink retries must not hold up namespace work; a fresh process
// never starts libuv's pool for it).
class DeleteNamedWorker : public NsPromiseWorker {
 public:
  DeleteNamedWorker(Napi::Env env, std::string path, double dev, double ino)
      : NsPromiseWorker(env), path_(std::move(path)), dev_(dev), ino_(ino) {}

 protected:
  bool FileWork() const override { return true; }
  void Run() override {
    int fd = open(path_.c_str(), O_PATH | O_CLOEXEC);
    if (fd < 0) {
      if (errno != ENOENT) failure_.set(errno, "open", path_);
      return;  // gone: no name of this namespace is left to remove
    }
    NameState state = StateOfFd(fd);
    if (state == NameState::Ours) state = UnmountFd(fd);
    close(fd);
    if (state == NameState::Ours) UnlinkName(path_, failure_);
    else Report(state);
  }

 private:
  NameState StateOfFd(int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0) {
      failure_.set(errno, "fstat", path_);
      return NameState::Failed;
    }
    if (static_cast<double>(st.st_dev) != dev_) return NameState::NoNamespace;
    return static_cast<double>(st.st_ino) == ino_ ? NameState::Ours : NameState::Other;
  }

  // Ours: unmounted, the name's file is to be unlinked. Otherwise what the name is now.
  NameState UnmountFd(int fd) {
    std::string mount = "/proc/self/fd/" + std::to_string(fd);
    if (umount2(mount.c_str(), MNT_DETACH) == 0) return NameState::Ours;
    if (errno == ENOENT) {  // no /proc: by path, as ip does
      umount2(path_.c_str(), MNT_DETACH);
      return NameState::Ours;
    }
    if (errno != EINVAL) {
      failure_.set(errno, "umount2", path_);
      return NameState::Failed;
    }
    // Detached since it was opened (a parallel delete): the name now is someone else's or gone.
    NameState now = NameOf(path_, dev_, ino_, failure_);
    return now == NameState::Ours ? NameState::NoNamespace : now;  // ours again: attached anew, left
  }

  void Report(NameState state) {
    // Not mounted: either gone or a plain file, left alone (a parallel delete is unlinking it, or
    // a create is about to bind it). Failed: failure_ says why.
    if (state != NameState::Other) return;
    failure_.set(ESTALE, "stat", path_,
                 "the name now refers to another namespace than this handle's (deleted and made again "
                 "since it was opened); nothing was removed");
  }

  std::string path_;
  double dev_, ino_;
};

// Gives an already open namespace a name (like `ip netns attach`): its fd is bound onto the name.
class AttachWorker : public NameWorker {
 public:
  AttachWorker(Napi::Env env, std::string runDir, const std::string& name, FdCopy fd)
      : NameWorker(env, std::move(runDir), name), fd_(std::move(fd)) {}

 protected:
  NsIdentity BindOnto(const std::string& target, SysFailure& f) override {
    std::string source = "/proc/self/fd/" + std::to_string(fd_.get());
    if (mount(source.c_str(), target.c_str(), "none", MS_BIND, nullptr) == 0) return OpenNetns(target, f);
    f.set(errno, "mount", target);
    return NsIdentity();
  }

 private:
  FdCopy fd_;
};

Napi::Value JsCreateNamed(const Napi::CallbackInfo& info) {
  return (new CreateNamedWorker(info.Env(), info[0].As<Napi::String>(), info[1].As<Napi::String>()))->Start();
}

Napi::Value JsCreateAnonymous(const Napi::CallbackInfo& info) {
  return (new CreateAnonymousWorker(info.Env()))->Start();
}

// deleteNamed(path, dev, ino): the handle's identity, which the name must still have.
Napi::Value JsDeleteNamed(const Napi::CallbackInfo& info) {
  return (new DeleteNamedWorker(info.Env(), info[0].As<Napi::String>(), info[1].As<Napi::Number>().DoubleValue(),
                                info[2].As<Napi::Number>().DoubleValue()))
      ->Start();
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
