// The netns-cni client/server wire format (a unix stream socket, one request and one reply per
// connection), shared by the client (cni_client.c) and the server's receiver (cni_server.cc).
// Request: CniRequestHead, then envLen bytes of environment (each "KEY=VALUE" ended by a NUL),
// then stdinLen bytes of stdin. The head's message carries SCM_RIGHTS: the caller's network
// namespace, then the container's (CNI_NETNS opened by the caller) when it opened. Reply:
// CniReplyHead, then stdoutLen bytes of stdout, then stderrLen bytes of stderr. Both ends run on
// the same machine: native byte order.
#pragma once
#include <stdint.h>

#define CNI_WIRE_REQUEST_MAGIC 0x31514e43u  // "CNQ1"
#define CNI_WIRE_REPLY_MAGIC 0x31524e43u    // "CNR1"
#define CNI_WIRE_MAX_PART (16u << 20)       // env, stdin, stdout, stderr: 16 MiB each at most
#define CNI_WIRE_DEFAULT_SOCKET "/run/netns-cni/netns-cni.sock"

struct CniRequestHead {
  uint32_t magic;
  uint32_t envLen;
  uint32_t stdinLen;
  int32_t netnsErrno;  // CNI_NETNS set but not opened: open's errno (no container fd passed)
};

struct CniReplyHead {
  uint32_t magic;
  int32_t code;  // the exit status
  uint32_t stdoutLen;
  uint32_t stderrLen;
};
