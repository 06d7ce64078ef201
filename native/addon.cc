// Entry point of the addon: namespace handles, namespace lifecycle, netlink sockets.
#include <napi.h>

#include "batch_sender.h"
#include "cni_delegate.h"
#include "cni_server.h"
#include "inet_socket.h"
#include "netlink_socket.h"
#include "nftables.h"
#include "ns_cookie.h"
#include "ns_handle.h"
#include "ns_lifecycle.h"
#include "sysctl.h"
#include "tun.h"

namespace {
Napi::Object Init(Napi::Env env, Napi::Object exports) {
  netns::InitNsHandle(env, exports);
  netns::InitNsCookie(env, exports);
  netns::InitNsLifecycle(env, exports);
  netns::NetlinkSocket::Init(env, exports);
  netns::BatchSender::Init(env, exports);
  netns::InitTun(env, exports);
  netns::InitSysctl(env, exports);
  netns::InitInetSocket(env, exports);
  netns::InitNftables(env, exports);
  netns::InitCniServer(env, exports);
  netns::InitCniDelegate(env, exports);
  return exports;
}
}  // namespace

NODE_API_MODULE(netns, Init)
