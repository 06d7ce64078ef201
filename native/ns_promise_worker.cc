#include "ns_promise_worker.h"

#include <pthread.h>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_set>

#include "env_state.h"

namespace netns {

namespace {
// Settles the promise; false when the environment cannot run JS any more (or building the result
// ran out of memory): nobody can be told then.
template <typename ResultFn>
bool Settle(Napi::Env env, Napi::Promise::Deferred& deferred, const SysFailure& failure, ResultFn result) {
  try {
    Napi::HandleScope scope(env);
    if (failure.failed()) deferred.Reject(MakeSystemError(env, failure).Value());
    else deferred.Resolve(result());
    return true;
  } catch (const Napi::Error&) { return false; } catch (const std::exception&) {
    return false;
  }
}

// Results handed to a thread-safe function and not yet taken by its JS thread, process-wide. On
// process.exit() those calls never run: at exit, once the threads are stopped, what they carry
// is undone (a name made for nobody is removed), so an exit leaves nothing behind.
class Undelivered {
 public:
  static void Add(NsPromiseWorker* w) {
    std::lock_guard<std::mutex> lock(mu());
    set().insert(w);
  }
  // True if w was still there (and is now the caller's); false once exit took it (w is gone).
  static bool Take(NsPromiseWorker* w) {
    std::lock_guard<std::mutex> lock(mu());
    return set().erase(w) != 0;
  }
  template <typename DropFn>
  static void InstallOnce(DropFn drop) {
    static std::once_flag once;
    static DropFn dropAll = drop;
    std::call_once(once, [] {
      pthread_atfork([] { mu().lock(); }, [] { mu().unlock(); },
                     [] {
                       set().clear();  // the parent's results: not this process's to undo
                       mu().unlock();
                     });
      atexit([] {
        StopNsThreads();
        std::unordered_set<NsPromiseWorker*> left;
        {
          std::lock_guard<std::mutex> lock(mu());
          left.swap(set());
        }
        for (NsPromiseWorker* w : left) dropAll(w);
      });
    });
  }

 private:
  // Never destroyed: the atexit above may run after static destructors would.
  static std::mutex& mu() {
    static auto* m = new std::mutex();
    return *m;
  }
  static std::unordered_set<NsPromiseWorker*>& set() {
    static auto* s = new std::unordered_set<NsPromiseWorker*>();
    return *s;
  }
};
}  // namespace

// Per environment: the way finished jobs come back to its JS thread (a thread-safe function,
// which runs them in a callback scope, so promise reactions follow), and the count of its jobs
// still on the namespace thread, which an ending environment waits for.
class NsDelivery {
 public:
  static std::shared_ptr<NsDelivery> Of(Napi::Env env) {
    EnvState& state = StateOf(env);
    if (!state.delivery) state.delivery = Create(env);
    return state.delivery;
  }

  // JS thread, before the job is posted: the loop stays alive while a promise is pending.
  void Begin(Napi::Env env) {
    if (awaited_++ == 0) napi_ref_threadsafe_function(env, tsfn_);
    std::lock_guard<std::mutex> lock(mu_);
    inflight_++;
  }

  // After Execute (on the namespace thread, or on the posting one when it was refused).
  void Hand(NsPromiseWorker* w) {
    bool handed = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (alive_) {
        Undelivered::Add(w);  // first: the JS thread may take it at once
        handed = napi_call_threadsafe_function(tsfn_, w, napi_tsfn_nonblocking) == napi_ok;
        if (!handed) Undelivered::Take(w);
      }
    }
    if (!handed) Drop(w, Napi::Env(nullptr));
    std::lock_guard<std::mutex> lock(mu_);
    if (--inflight_ == 0) idle_.notify_all();
  }

 private:
  static std::shared_ptr<NsDelivery> Create(Napi::Env env) {
    Undelivered::InstallOnce([](NsPromiseWorker* w) { Drop(w, Napi::Env(nullptr)); });
    auto d = std::make_shared<NsDelivery>();
    auto* forTsfn = new std::shared_ptr<NsDelivery>(d);  // released by Finalize
    napi_status s = napi_create_threadsafe_function(env, nullptr, nullptr, Napi::String::New(env, "netns:nsThread"), 0,
                                                    1, forTsfn, Finalize, forTsfn, CallJs, &d->tsfn_);
    if (s != napi_ok) {
      delete forTsfn;
      NAPI_THROW(Napi::Error::New(env, "could not create the namespace thread's completion queue"), nullptr);
    }
    napi_unref_threadsafe_function(env, d->tsfn_);
    auto* forHook = new std::shared_ptr<NsDelivery>(d);  // released by Cleanup
    napi_add_env_cleanup_hook(env, Cleanup, forHook);
    return d;
  }

  // The job's result nobody receives is undone.
  static void Drop(NsPromiseWorker* w, Napi::Env env) {
    if (!w->failure_.failed()) w->Abandon(env);
    delete w;
  }

  // JS thread; env is null when the function is being finalized with jobs still queued.
  static void CallJs(napi_env env, napi_value, void* context, void* data) {
    auto* w = static_cast<NsPromiseWorker*>(data);
    if (!Undelivered::Take(w)) return;                       // the process is exiting and undid it
    if (env == nullptr) return Drop(w, Napi::Env(nullptr));  // context may be gone already
    NsDelivery& d = **static_cast<std::shared_ptr<NsDelivery>*>(context);
    if (--d.awaited_ == 0) napi_unref_threadsafe_function(env, d.tsfn_);
    Napi::Env e(env);
    if (Settle(e, w->deferred_, w->failure_, [w, e] { return w->Result(e); })) delete w;
    else Drop(w, e);
  }

  static void Finalize(napi_env, void* data, void*) {
    auto* d = static_cast<std::shared_ptr<NsDelivery>*>(data);
    {
      std::lock_guard<std::mutex> lock((*d)->mu_);
      (*d)->alive_ = false;
    }
    delete d;
  }

  // The environment is ending: nothing is handed to it any more, its queued jobs are refused, its
  // job in progress gives up where it waits (a lock held by another process), and what its jobs
  // made while it ended is undone before it is gone.
  static void Cleanup(void* arg) {
    auto* d = static_cast<std::shared_ptr<NsDelivery>*>(arg);
    {
      std::lock_guard<std::mutex> lock((*d)->mu_);
      (*d)->alive_ = false;
    }
    CancelNsJobsOf(d->get());
    {
      std::unique_lock<std::mutex> lock((*d)->mu_);
      (*d)->idle_.wait(lock, [d] { return (*d)->inflight_ == 0; });
    }
    delete d;
  }

  std::mutex mu_;
  std::condition_variable idle_;
  napi_threadsafe_function tsfn_ = nullptr;
  bool alive_ = true;    // under mu_: the function may be called
  size_t inflight_ = 0;  // under mu_: posted, not yet handed over or undone
  size_t awaited_ = 0;   // JS thread only: posted, not yet settled
};

NsPromiseWorker::NsPromiseWorker(Napi::Env env)
    : delivery_(NsDelivery::Of(env)), deferred_(Napi::Promise::Deferred::New(env)) {}

Napi::Promise NsPromiseWorker::Start() {
  Napi::Promise promise = deferred_.Promise();
  delivery_->Begin(deferred_.Env());
  if (FileWork()) PostFileJob(this);
  else PostNsJob(this);
  return promise;
}

void NsPromiseWorker::Execute(const SysFailure& refused) {
  if (refused.failed()) failure_ = refused;
  else {
    try {
      Run();
    } catch (const std::bad_alloc&) { failure_.set(ENOMEM, "malloc"); } catch (...) {
      failure_.set(EIO, "setns", "", "the namespace work failed with an unexpected exception");
    }
  }
  std::shared_ptr<NsDelivery> delivery = delivery_;  // Hand may delete this worker
  delivery->Hand(this);
}

}  // namespace netns
