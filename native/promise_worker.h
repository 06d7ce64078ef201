// An AsyncWorker that settles a promise: Run() does the blocking work on a libuv pool thread and
// fills failure_ on error; the promise then resolves with Result() or rejects with a SystemError.
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

  SysFailure failure_;

 private:
  void Execute() override {
    Run();
    if (failure_.failed()) SetError(failure_.syscall);
  }
  void OnOK() override { deferred_.Resolve(Result(Env())); }
  void OnError(const Napi::Error&) override { deferred_.Reject(MakeSystemError(Env(), failure_).Value()); }

  Napi::Promise::Deferred deferred_;
};

}  // namespace netns
