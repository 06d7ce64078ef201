// The options every rtnetlink socket of the addon is given.
#pragma once

namespace netns {

// A socket buffer size: root may exceed the sysctl maximum (the FORCE option); others get what
// the plain option allows. Returns false (errno set) if neither took.
bool SetBufferSize(int fd, int forceOption, int option, int bytes);

// Receive and send buffers of the given sizes (best effort), extended acks with the kernel's
// messages, acks capped to the request's header, and strict checking of dump requests (the kernel
// then filters dumps by the header fields). Kernels without an option simply lack it.
void ConfigureNetlinkSocket(int fd, int receiveBytes, int sendBytes);

}  // namespace netns
