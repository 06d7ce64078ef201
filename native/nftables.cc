#include "nftables.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>

#include "fd_copy.h"
#include "ns_promise_worker.h"

namespace netns {

namespace {

// The part of libnftables' public API (nftables/libnftables.h, stable since 0.9) this uses.
constexpr unsigned kOutputHandle = 1u << 3;
constexpr unsigned kOutputJson = 1u << 4;
constexpr unsigned kOutputEcho = 1u << 5;
struct NftApi {
  void* (*ctxNew)(uint32_t flags);
  void (*ctxFree)(void* ctx);
  int (*bufferOutput)(void* ctx);
  int (*bufferError)(void* ctx);
  const char* (*outputBuffer)(void* ctx);
  const char* (*errorBuffer)(void* ctx);
  void (*setOutputFlags)(void* ctx, unsigned flags);
  int (*runCommands)(void* ctx, const char* buf);
  int (*runFile)(void* ctx, const char* filename);
};

// libnftables keeps state beyond its contexts (gmp's allocator hooks, xtables), so one call runs at
// a time in the process: the calls queue on the file thread, and this lock covers worker_threads'
// environments, which share that thread too.
std::mutex& NftLock() {
  static auto* m = new std::mutex();
  return *m;
}

// Loaded once, never unloaded. Empty error: loaded; otherwise why it could not be.
const NftApi* LoadNftables(std::string& why) {
  static NftApi api;
  static std::string failure;
  static bool tried = false;
  if (!tried) {
    tried = true;
    void* lib = dlopen("libnftables.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      const char* e = dlerror();
      failure = e ? e : "dlopen failed";
    } else {
      bool ok = true;
      auto sym = [&](auto& fn, const char* name) {
        void* p = dlsym(lib, name);
        if (!p) ok = false;
        fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(p);
      };
      sym(api.ctxNew, "nft_ctx_new");
      sym(api.ctxFree, "nft_ctx_free");
      sym(api.bufferOutput, "nft_ctx_buffer_output");
      sym(api.bufferError, "nft_ctx_buffer_error");
      sym(api.outputBuffer, "nft_ctx_get_output_buffer");
      sym(api.errorBuffer, "nft_ctx_get_error_buffer");
      sym(api.setOutputFlags, "nft_ctx_output_set_flags");
      sym(api.runCommands, "nft_run_cmd_from_buffer");
      sym(api.runFile, "nft_run_cmd_from_filename");
      if (!ok) failure = "libnftables.so.1 lacks the nft_ctx_* / nft_run_cmd_from_buffer API";
    }
  }
  why = failure;
  return failure.empty() ? &api : nullptr;
}

// "Error: Could not process rule: No such file or directory" -> ENOENT: libnftables reports what
// the kernel refused only as strerror text, also when its own cache answers first ("Error: No such
// file or directory; did you mean table 'x' in family inet?"). The first error that is one counts.
int ErrnoFromText(const std::string& text) {
  static const char kError[] = "Error: ";
  static const char kRule[] = "Could not process rule: ";
  for (size_t at = text.find(kError); at != std::string::npos; at = text.find(kError, at + 1)) {
    size_t start = at + sizeof kError - 1;
    if (text.compare(start, sizeof kRule - 1, kRule) == 0) start += sizeof kRule - 1;
    for (int e = 1; e < 134; e++) {
      char buf[128];
      const char* s = strerror_r(e, buf, sizeof buf);  // GNU: returns the text
      size_t n = strlen(s);
      if (text.compare(start, n, s) != 0) continue;
      char next = start + n < text.size() ? text[start + n] : '\n';
      if (next == '\n' || next == ';') return e;
    }
  }
  return 0;
}

// Leaves the calling thread with a file table of its own holding only /dev/null as stdio, so that
// what libnftables opens (its netfilter socket is not close-on-exec) is seen by no fork of another
// thread and goes when the thread ends, and a ruleset that reads stdin (include "/dev/stdin")
// reads nothing rather than the process's stdin, waiting for ever.
int PrivateFileTable() {
  if (unshare(CLONE_FILES) != 0) return errno;
#ifdef SYS_close_range
  if (syscall(SYS_close_range, 0u, ~0u, 0u) != 0)
#endif
    for (int fd = 0; fd < 65536; fd++) close(fd);  // kernels before 5.9
  for (int fd = 0; fd < 3; fd++) {
    if (open("/dev/null", O_RDWR | O_CLOEXEC) != fd) return errno ? errno : EBADF;
  }
  return 0;
}

// nft syntax goes in as a file (a memfd of this thread's own file table): nft then names the line
// of an error ("FILE:4:3-5: Error: ..."), which it does not for a buffer, and points at the right one.
int RunAsFile(const NftApi& api, void* ctx, const std::string& commands, SysFailure& failure) {
  int fd = memfd_create("netns-nft", MFD_CLOEXEC);
  if (fd < 0) {
    failure.set(errno, "memfd_create");
    return -1;
  }
  size_t done = 0;
  while (done < commands.size()) {
    ssize_t n = write(fd, commands.data() + done, commands.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      failure.set(errno, "write", "memfd");
      close(fd);
      return -1;
    }
    done += static_cast<size_t>(n);
  }
  std::string path = "/proc/thread-self/fd/" + std::to_string(fd);
  int rc = api.runFile(ctx, path.c_str());
  close(fd);
  return rc;
}

struct NftRun {
  int nsFd;
  std::string commands;
  unsigned flags;
  // Out:
  SysFailure failure;
  std::string missing;  // why libnftables could not be loaded
  int rc = 0;
  int kernelErrno = 0;
  std::string output;
  std::string error;
};

void* RunOnOwnThread(void* arg) {
  auto* run = static_cast<NftRun*>(arg);
  if (run->nsFd >= 0 && setns(run->nsFd, CLONE_NEWNET) != 0) {
    run->failure.set(errno, "setns");
    return nullptr;
  }
  if (int err = PrivateFileTable()) {
    run->failure.set(err, "unshare", "", "a private file table for libnftables");
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(NftLock());
  const NftApi* api = LoadNftables(run->missing);
  if (!api) return nullptr;
  void* ctx = api->ctxNew(0);
  if (!ctx) {
    run->failure.set(ENOMEM, "nft_ctx_new");
    return nullptr;
  }
  api->bufferOutput(ctx);
  api->bufferError(ctx);
  api->setOutputFlags(ctx, run->flags);
  run->rc = !(run->flags & kOutputJson) || (run->flags & kOutputEcho)
                ? RunAsFile(*api, ctx, run->commands, run->failure)
                : api->runCommands(ctx, run->commands.c_str());
  const char* out = api->outputBuffer(ctx);
  const char* err = api->errorBuffer(ctx);
  run->output = out ? out : "";
  run->error = err ? err : "";
  api->ctxFree(ctx);
  if (run->rc != 0) run->kernelErrno = ErrnoFromText(run->error);
  return nullptr;
}

// Runs nft commands in the namespace on a thread of its own, started and joined from the addon's
// file thread (thread_in_netns.h), whose queue runs the calls one at a time in call order and holds
// no libuv pool thread: the nft thread dies afterwards with its namespace and its private file
// table, so nothing libnftables opened can outlive the call.
class NftWorker : public NsPromiseWorker {
 public:
  NftWorker(Napi::Env env, FdCopy nsFd, std::string commands, unsigned flags)
      : NsPromiseWorker(env), nsFd_(std::move(nsFd)) {
    run_.commands = std::move(commands);
    run_.flags = flags;
  }

 protected:
  void Run() override {
    run_.nsFd = nsFd_.get();
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);  // the thread starts with every signal blocked
    pthread_t thread;
    int err = pthread_create(&thread, nullptr, RunOnOwnThread, &run_);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (err != 0) {
      failure_.set(err, "pthread_create");
      return;
    }
    pthread_join(thread, nullptr);
    if (run_.failure.failed()) failure_ = run_.failure;
  }

  bool FileWork() const override { return true; }

  Napi::Value Result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    if (!run_.missing.empty()) {
      result.Set("missing", run_.missing);
      return result;
    }
    result.Set("rc", run_.rc);
    result.Set("errno", run_.kernelErrno);
    result.Set("output", run_.output);
    result.Set("error", run_.error);
    return result;
  }

 private:
  FdCopy nsFd_;
  NftRun run_;
};

// nftables(nsFd, commands, mode) -> Promise<{ rc, errno, output, error } | { missing }>.
Napi::Value JsNftables(const Napi::CallbackInfo& info) {
  FdCopy nsFd(info[0].As<Napi::Number>().Int32Value());
  if (nsFd.error()) throw MakeSystemError(info.Env(), nsFd.error(), "fcntl");
  // mode 0: nft syntax in, nothing out; 1: JSON in and out; 2: nft syntax in, what it added out
  // as JSON with handles (nft -e -a -j).
  int mode = info[2].As<Napi::Number>().Int32Value();
  unsigned flags = mode == 1   ? (kOutputJson | kOutputHandle)
                   : mode == 2 ? (kOutputJson | kOutputHandle | kOutputEcho)
                               : 0;
  return (new NftWorker(info.Env(), std::move(nsFd), info[1].As<Napi::String>(), flags))->Start();
}

}  // namespace

void InitNftables(Napi::Env env, Napi::Object exports) {
  exports.Set("nftables", Napi::Function::New(env, JsNftables, "nftables"));
}

}  // namespace netns
