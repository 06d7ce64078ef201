#include "ns_promise_worker.h"

#include <condition_variable>
#include <mutex>

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
    bool handed;
    {
      std::lock_guard<std::mutex> lock(mu_);
      handed = alive_ && napi_call_threadsafe_function(tsfn_, w, napi_tsfn_nonblocking) == napi_ok;
    }
    if (!handed) Drop(w, Napi::Env(nullptr));
    std::lock_guard<std::mutex> lock(mu_);
    if (--inflight_ == 0) idle_.notify_all();
  }

 private:
  static std::shared_ptr<NsDelivery> Create(Napi::Env env) {
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

  // The environment is ending: nothing is handed to it any more, and what its jobs made while it
  // ended is undone before it is gone.
  static void Cleanup(void* arg) {
    auto* d = static_cast<std::shared_ptr<NsDelivery>*>(arg);
    {
      std::unique_lock<std::mutex> lock((*d)->mu_);
      (*d)->alive_ = false;
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
  PostNsJob(this);
  return promise;
}

void NsPromiseWorker::Execute(const SysFailure& refused) {
  if (refused.failed()) failure_ = refused;
  else Run();
  std::shared_ptr<NsDelivery> delivery = delivery_;  // Hand may delete this worker
  delivery->Hand(this);
}

}  // namespace netns
