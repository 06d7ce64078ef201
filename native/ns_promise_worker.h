// A promise settled by work done on the namespace thread (thread_in_netns.h): the JS thread only
// hands the job over and learns the outcome through a thread-safe function, so neither the event
// loop nor a libuv pool thread waits for the namespace work. Like PromiseWorker otherwise: Run()
// fills failure_ on error; the promise resolves with Result() or rejects with a SystemError.
//
// A result nobody can receive (the environment ended, a worker_thread terminated) goes to
// Abandon(), with a null Env once the environment is gone. An ending environment waits for its
// jobs still on the namespace thread, so what they made is undone before it is gone.
#pragma once
#include <napi.h>
#include <memory>
#include "sys_error.h"
#include "thread_in_netns.h"

namespace netns {

class NsDelivery;

class NsPromiseWorker : public NsJob {
 public:
  explicit NsPromiseWorker(Napi::Env env);

  /** Hands the job to the namespace thread and returns its promise; the worker deletes itself. */
  Napi::Promise Start();

 protected:
  virtual void Run() = 0;
  virtual Napi::Value Result(Napi::Env env) { return env.Undefined(); }
  /** Undoes a successful Run() whose result nobody will receive; env is null once it is gone. */
  virtual void Abandon(Napi::Env) {}

  SysFailure failure_;

 private:
  friend class NsDelivery;
  void Execute(const SysFailure& refused) override;

  std::shared_ptr<NsDelivery> delivery_;
  Napi::Promise::Deferred deferred_;
};

}  // namespace netns
