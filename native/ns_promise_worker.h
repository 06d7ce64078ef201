// A promise settled by work done on the namespace thread, or on the file thread for work that may
// block (thread_in_netns.h): the JS thread only
// hands the job over and learns the outcome through a thread-safe function, so neither the event
// loop nor a libuv pool thread waits for the namespace work. Like PromiseWorker otherwise: Run()
// fills failure_ on error; the promise resolves with Result() or rejects with a SystemError.
//
// A result nobody can receive (the environment ended, a worker_thread terminated) goes to
// Abandon(), with a null Env once the environment is gone. An ending environment refuses its
// queued jobs, tells the one in progress to give up where it waits, and waits for it, so what it
// made is undone before the environment is gone.
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
  /** True: Run() goes to the file thread (it may block); its RunInNetns calls run there. */
  virtual bool FileWork() const { return false; }

  SysFailure failure_;

 private:
  friend class NsDelivery;
  void Execute(const SysFailure& refused) override;
  const void* owner() const override { return delivery_.get(); }

  std::shared_ptr<NsDelivery> delivery_;
  Napi::Promise::Deferred deferred_;
};

}  // namespace netns
