// An AsyncWorker that settles a promise: Run() does the blocking work on a libuv pool thread and
// fills failure_ on error; the promise then resolves with Result() or rejects with a SystemError.
//
// When the environment is going away (a worker_thread terminated while the work ran), no JS can
// run any more and every N-API call that would settle the promise fails: the result is then
// handed to Abandon() to undo, and nothing is thrown (an exception here would abort the process).
#pragma once
#include <napi.h>
#include "sys_error.h"

namespace netns {

class PromiseWorker : public Napi::AsyncWorker {
 public:
  PromiseWorker(Napi::Env env, const char* name)
      : Napi::AsyncWorker(env, name), deferred_(Napi::Promise::Deferred::New(env)) {}

  /** Queues the worker (which deletes itself when done) and returns its promise. */
  Napi::Promise Start() {
    Napi::Promise promise = deferred_.Promise();
    Queue();
    return promise;
  }

 protected:
  virtual void Run() = 0;
  virtual Napi::Value Result(Napi::Env env) { return env.Undefined(); }
  /** Undoes a successful Run() whose result nobody will receive (fds, names it made). */
  virtual void Abandon(Napi::Env) {}

  SysFailure failure_;

 private:
  void Execute() override { Run(); }

  void OnWorkComplete(Napi::Env env, napi_status status) override {
    bool settled = false;
    if (status != napi_cancelled) {
      try {
        Napi::HandleScope scope(env);
        if (failure_.failed()) deferred_.Reject(MakeSystemError(env, failure_).Value());
        else deferred_.Resolve(Result(env));
        settled = true;
      } catch (const Napi::Error&) {
        // The environment cannot run JS any more: nobody is left to tell.
      } catch (const std::exception&) {
        // Out of memory building the result: settling is impossible too.
      }
    }
    if (!settled && !failure_.failed()) Abandon(env);
    Destroy();
  }

  Napi::Promise::Deferred deferred_;
};

}  // namespace netns
