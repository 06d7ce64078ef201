#include "cni_delegate.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <string>
#include <vector>

#include "promise_worker.h"

namespace netns {

namespace {

struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() { Close(0), Close(1); }
  void Close(int end) {
    if (fd[end] >= 0) close(fd[end]);
    fd[end] = -1;
  }
};

class DelegateWorker : public PromiseWorker {
 public:
  DelegateWorker(Napi::Env env, std::string file, std::vector<std::string> vars, std::string input)
      : PromiseWorker(env, "netnsCniDelegate"),
        file_(std::move(file)),
        env_(std::move(vars)),
        input_(std::move(input)) {}

 protected:
  void Run() override {
    Pipe in, out, err;
    for (Pipe* p : {&in, &out, &err}) {
      if (pipe2(p->fd, O_CLOEXEC) != 0) return failure_.set(errno, "pipe2");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
    // The child starts with no signal blocked and every signal at its default (Node ignores SIGPIPE).
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    std::vector<char*> argv{const_cast<char*>(file_.c_str()), nullptr};
    std::vector<char*> envp;
    for (std::string& e : env_) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid;
    int rc = posix_spawn(&pid, file_.c_str(), &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) return failure_.set(rc, "posix_spawn", file_);
    in.Close(0), out.Close(1), err.Close(1);
    Exchange(in, out, err);
    while (waitpid(pid, &status_, 0) < 0 && errno == EINTR) {}
  }

  Napi::Value Result(Napi::Env env) override {
    Napi::Object o = Napi::Object::New(env);
    o.Set("code", WIFEXITED(status_) ? Napi::Value(Napi::Number::New(env, WEXITSTATUS(status_))) : env.Null());
    o.Set("signal", WIFSIGNALED(status_) ? Napi::Value(Napi::Number::New(env, WTERMSIG(status_))) : env.Null());
    o.Set("stdout", Napi::Buffer<char>::Copy(env, stdout_.data(), stdout_.size()));
    o.Set("stderr", Napi::Buffer<char>::Copy(env, stderr_.data(), stderr_.size()));
    return o;
  }

 private:
  // Writes stdin and reads stdout and stderr together (a plugin may write before it reads all).
  void Exchange(Pipe& in, Pipe& out, Pipe& err) {
    size_t written = 0;
    for (int fd : {in.fd[1], out.fd[0], err.fd[0]}) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    if (input_.empty()) in.Close(1);
    while (in.fd[1] >= 0 || out.fd[0] >= 0 || err.fd[0] >= 0) {
      pollfd fds[3] = {{in.fd[1], POLLOUT, 0}, {out.fd[0], POLLIN, 0}, {err.fd[0], POLLIN, 0}};
      if (poll(fds, 3, -1) < 0) {
        if (errno == EINTR) continue;
        break;
      }
      if (fds[0].revents) {
        ssize_t w = write(in.fd[1], input_.data() + written, input_.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        // Done, or the plugin closed its stdin without reading it all: its status tells.
        if (written == input_.size() || (w < 0 && errno != EAGAIN && errno != EINTR)) in.Close(1);
      }
      for (int i = 1; i < 3; i++) {
        if (!fds[i].revents) continue;
        Pipe& p = i == 1 ? out : err;
        char buf[16384];
        ssize_t n = read(p.fd[0], buf, sizeof buf);
        if (n > 0) (i == 1 ? stdout_ : stderr_).append(buf, static_cast<size_t>(n));
        else if (n == 0 || (errno != EAGAIN && errno != EINTR)) p.Close(0);
      }
    }
  }

  std::string file_;
  std::vector<std::string> env_;
  std::string input_;
  std::string stdout_, stderr_;
  int status_ = 0;
};

// cniExecDelegate(file, env: string[], input: Buffer | string): Promise<{code, signal, stdout, stderr}>.
Napi::Value JsExecDelegate(const Napi::CallbackInfo& info) {
  std::vector<std::string> env;
  Napi::Array a = info[1].As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); i++) env.push_back(a.Get(i).As<Napi::String>().Utf8Value());
  return (new DelegateWorker(info.Env(), info[0].As<Napi::String>().Utf8Value(), std::move(env),
                             info[2].As<Napi::String>().Utf8Value()))
      ->Start();
}

}  // namespace

void InitCniDelegate(Napi::Env env, Napi::Object exports) {
  exports.Set("cniExecDelegate", Napi::Function::New(env, JsExecDelegate, "cniExecDelegate"));
}

}  // namespace netns
