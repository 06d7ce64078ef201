#include "netlink_options.h"

#include <linux/netlink.h>
#include <sys/socket.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

namespace netns {

namespace {
void SetIntOption(int fd, int level, int name, int value) {
  setsockopt(fd, level, name, &value, sizeof(value));  // best effort: older kernels lack some
}
}  // namespace

bool SetBufferSize(int fd, int forceOption, int option, int bytes) {
  return setsockopt(fd, SOL_SOCKET, forceOption, &bytes, sizeof(bytes)) == 0 ||
         setsockopt(fd, SOL_SOCKET, option, &bytes, sizeof(bytes)) == 0;
}

void ConfigureNetlinkSocket(int fd, int receiveBytes, int sendBytes) {
  SetBufferSize(fd, SO_RCVBUFFORCE, SO_RCVBUF, receiveBytes);
  SetBufferSize(fd, SO_SNDBUFFORCE, SO_SNDBUF, sendBytes);
  SetIntOption(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1);
  SetIntOption(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1);
  SetIntOption(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
}

}  // namespace netns
