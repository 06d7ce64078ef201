// tun/tap devices: created with an ioctl on /dev/net/tun (rtnetlink cannot create them), made
// persistent so they outlive the fd, in the namespace of the thread that opens /dev/net/tun.
#pragma once
#include <napi.h>

namespace netns {
void InitTun(Napi::Env env, Napi::Object exports);
}
