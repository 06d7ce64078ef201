#include "tun.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <string>

#include "fd_copy.h"
#include "ns_promise_worker.h"
#include "thread_in_netns.h"

namespace netns {

namespace {

struct TunRequest {
  std::string name;
  int flags;   // IFF_TUN or IFF_TAP, plus IFF_NO_PI / IFF_VNET_HDR / IFF_MULTI_QUEUE
  long owner;  // -1: none
  long group;  // -1: none
};

// Inside the namespace (on the namespace thread): the device is created in the namespace of the opener.
// Returns the still open fd of the persistent device (-1 on failure): while it is open,
// TUNSETPERSIST 0 can still take the device back if nobody receives the result.
int CreateTun(const TunRequest& r, SysFailure& f) {
  int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    f.set(errno, "open", "/dev/net/tun");
    return -1;
  }
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  // IFF_TUN_EXCL: fail if the name exists instead of attaching to an existing device.
  ifr.ifr_flags = static_cast<short>(r.flags | IFF_TUN_EXCL);
  strncpy(ifr.ifr_name, r.name.c_str(), IFNAMSIZ - 1);
  if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
    int e = errno;
    // With IFF_TUN_EXCL the kernel says EBUSY for "a device of that name exists": report it the
    // way RTM_NEWLINK does for every other kind.
    if (e == EBUSY) f.set(EEXIST, "ioctl", "/dev/net/tun", "TUNSETIFF: a device named " + r.name + " already exists");
    else f.set(e, "ioctl", "/dev/net/tun", "TUNSETIFF");
    close(fd);
    return -1;
  }
  // Any failure below closes the fd before TUNSETPERSIST, which removes the device again.
  if (r.owner >= 0 && ioctl(fd, TUNSETOWNER, r.owner) != 0) {
    f.set(errno, "ioctl", "/dev/net/tun", "TUNSETOWNER");
  } else if (r.group >= 0 && ioctl(fd, TUNSETGROUP, r.group) != 0) {
    f.set(errno, "ioctl", "/dev/net/tun", "TUNSETGROUP");
  } else if (ioctl(fd, TUNSETPERSIST, 1L) != 0) {
    f.set(errno, "ioctl", "/dev/net/tun", "TUNSETPERSIST");
  } else {
    return fd;
  }
  close(fd);
  return -1;
}

class CreateTunWorker : public NsPromiseWorker {
 public:
  CreateTunWorker(Napi::Env env, FdCopy nsFd, TunRequest req)
      : NsPromiseWorker(env), nsFd_(std::move(nsFd)), req_(std::move(req)) {}
  ~CreateTunWorker() override {
    if (tunFd_ >= 0) close(tunFd_);  // delivered: the device stays (persistent)
  }

 protected:
  void Run() override {
    const TunRequest& r = req_;
    int* out = &tunFd_;
    failure_ = RunInNetns(nsFd_.get(), [&r, out](SysFailure& f) { *out = CreateTun(r, f); });
  }
  // Nobody learns the device exists (the worker_thread that asked is gone): take it back. Not
  // persistent any more, it goes away when its last fd, this one, closes.
  void Abandon(Napi::Env) override {
    if (tunFd_ >= 0) ioctl(tunFd_, TUNSETPERSIST, 0L);
  }

 private:
  FdCopy nsFd_;
  TunRequest req_;
  int tunFd_ = -1;
};

// createTun(nsFd, name, flags, owner, group): Promise<void>. Arguments are validated in lib/.
Napi::Value JsCreateTun(const Napi::CallbackInfo& info) {
  FdCopy nsFd(info[0].As<Napi::Number>().Int32Value());
  if (nsFd.error()) throw MakeSystemError(info.Env(), nsFd.error(), "fcntl");
  TunRequest req{
      info[1].As<Napi::String>().Utf8Value(),
      info[2].As<Napi::Number>().Int32Value(),
      static_cast<long>(info[3].As<Napi::Number>().Int64Value()),
      static_cast<long>(info[4].As<Napi::Number>().Int64Value()),
  };
  return (new CreateTunWorker(info.Env(), std::move(nsFd), std::move(req)))->Start();
}

}  // namespace

void InitTun(Napi::Env env, Napi::Object exports) {
  exports.Set("createTun", Napi::Function::New(env, JsCreateTun, "createTun"));
}

}  // namespace netns
