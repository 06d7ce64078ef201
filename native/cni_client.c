// netns-cni-client: the CNI plugin executable a runtime starts per command, when a netns-cni server
// runs (`netns-cni serve`). Node's start-up alone costs more than a whole ADD of the reference
// bridge plugin, so this client hands the command to the resident server instead: it sends the
// environment, stdin and the caller's network namespace (and CNI_NETNS opened here, so that a path
// resolves in the caller's mount namespace) over the server's unix socket, then writes the reply's
// stdout and stderr and exits with its status. With no server answering it execs the plain Node
// plugin (dist/bin/netns-cni.js of the same package), which does the same work in-process.
// The socket: NETNS_CNI_SOCKET, else /run/netns-cni/netns-cni.sock. Node: NETNS_CNI_NODE, else
// `node` on PATH, else /usr/bin/node, /usr/local/bin/node.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cni_wire.h"

extern char** environ;

// The plugin's own error result (libcni's internal error code), as the Node plugin prints it.
static int fail(const char* msg, int err) {
  printf("{\n    \"cniVersion\": \"1.0.0\",\n    \"code\": 999,\n    \"msg\": \"netns-cni-client: %s%s%s\"\n}\n", msg,
         err ? ": " : "", err ? strerror(err) : "");
  fflush(stdout);
  return 1;
}

struct Buf {
  char* data;
  size_t len, cap;
};

static int append(struct Buf* b, const void* p, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n) cap *= 2;
    char* d = realloc(b->data, cap);
    if (!d) return -1;
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
  return 0;
}

// All of stdin (a non-blocking stdin with nothing written reads as empty, as in the Node plugin).
static int readAll(int fd, struct Buf* b) {
  char chunk[65536];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n == 0 || (n < 0 && errno == EAGAIN)) return 0;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || b->len + (size_t)n > CNI_WIRE_MAX_PART || append(b, chunk, (size_t)n)) return -1;
  }
}

static int writeAll(int fd, const char* p, size_t n) {
  while (n) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

// Plain write(2) for our stdout/stderr (pipes or files, not sockets).
static void out(int fd, const char* p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w;
    n -= (size_t)w;
  }
}

// Reads exactly n bytes; returns how many came before EOF or an error (errno set on error).
static size_t readExactly(int fd, void* p, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, (char*)p + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      if (r == 0) errno = 0;
      break;
    }
    got += (size_t)r;
  }
  return got;
}

// The Node plugin of this package: dist/bin/netns-cni.js above this executable's directory
// (build/Release/artifacts or prebuilds/PLATFORM-ARCH).
static int findScript(char* script, size_t size) {
  char dir[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
  if (n <= 0) return -1;
  dir[n] = '\0';
  for (int up = 0; up < 4; up++) {
    char* slash = strrchr(dir, '/');
    if (!slash || slash == dir) return -1;
    *slash = '\0';
    if (snprintf(script, size, "%s/dist/bin/netns-cni.js", dir) >= (int)size) return -1;
    if (access(script, R_OK) == 0) return 0;
  }
  return -1;
}

// No server: the Node plugin with the same environment, and stdin (read already) through a pipe.
static int fallback(const struct Buf* in) {
  char script[PATH_MAX];
  if (findScript(script, sizeof script))
    return fail("no server, and dist/bin/netns-cni.js not found beside this executable", 0);
  int p[2];
  if (pipe2(p, O_CLOEXEC)) return fail("pipe", errno);
  // Small inputs fit the pipe's buffer; a larger one is fed by a child while node reads.
  if (in->len <= 65536) {
    out(p[1], in->data, in->len);
  } else {
    pid_t feeder = fork();
    if (feeder < 0) return fail("fork", errno);
    if (feeder == 0) {
      out(p[1], in->data, in->len);
      _exit(0);
    }
  }
  close(p[1]);
  if (dup2(p[0], 0) < 0) return fail("dup2", errno);
  const char* node = getenv("NETNS_CNI_NODE");
  char* argv[] = {(char*)"node", script, NULL};
  if (node && *node) {
    execv(node, argv);
    return fail("exec NETNS_CNI_NODE", errno);
  }
  execvp("node", argv);
  execv("/usr/bin/node", argv);
  execv("/usr/local/bin/node", argv);
  return fail("exec node (set NETNS_CNI_NODE)", errno);
}

// Sends the head with the namespaces' fds, then the environment and stdin: 0 when sent, -1 when
// the connection failed (errno), 1 when this process failed (reported on stdout already).
static int sendRequest(int sock, const struct Buf* env, const struct Buf* in) {
  struct CniRequestHead head = {CNI_WIRE_REQUEST_MAGIC, (uint32_t)env->len, (uint32_t)in->len, 0};
  int fds[2];
  int nfds = 0;
  fds[nfds] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (fds[nfds] < 0) return fail("open /proc/self/ns/net", errno);
  nfds++;
  const char* netns = getenv("CNI_NETNS");
  if (netns && *netns) {
    fds[nfds] = open(netns, O_RDONLY | O_CLOEXEC);
    if (fds[nfds] < 0) head.netnsErrno = errno;
    else nfds++;
  }
  union {
    char buf[CMSG_SPACE(sizeof fds)];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof control);
  struct iovec iov = {&head, sizeof head};
  struct msghdr msg = {0};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
  struct cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
  memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * nfds);
  ssize_t sent;
  do sent = sendmsg(sock, &msg, MSG_NOSIGNAL);
  while (sent < 0 && errno == EINTR);
  int err = errno;
  for (int i = 0; i < nfds; i++) close(fds[i]);
  if (sent < 0) return errno = err, -1;
  // A stream socket: the rest of the head (rarely split) goes with the body.
  if ((size_t)sent < sizeof head && writeAll(sock, (const char*)&head + sent, sizeof head - (size_t)sent)) return -1;
  if (writeAll(sock, env->data, env->len) || writeAll(sock, in->data, in->len)) return -1;
  return 0;
}

int main(void) {
  struct Buf in = {0}, env = {0};
  if (readAll(0, &in)) return fail("error reading from stdin", errno);
  for (char** e = environ; *e; e++) {
    if (append(&env, *e, strlen(*e) + 1)) return fail("out of memory", ENOMEM);
  }
  if (env.len > CNI_WIRE_MAX_PART) return fail("environment too large", E2BIG);

  const char* path = getenv("NETNS_CNI_SOCKET");
  if (!path || !*path) path = CNI_WIRE_DEFAULT_SOCKET;
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path) return fail("NETNS_CNI_SOCKET is too long", ENAMETOOLONG);
  strcpy(addr.sun_path, path);
  int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0) return fail("socket", errno);
  if (connect(sock, (struct sockaddr*)&addr, sizeof addr)) {
    close(sock);
    return fallback(&in);
  }
  // Nothing is done before the server has the whole request: a send that fails is safe to redo.
  int sent = sendRequest(sock, &env, &in);
  if (sent > 0) return 1;
  if (sent < 0) {
    close(sock);
    return fallback(&in);
  }
  struct CniReplyHead head;
  size_t got = readExactly(sock, &head, sizeof head);
  // Reset without a byte: the server closed its socket before accepting this connection (it was
  // stopping), so it did nothing with the request.
  if (got == 0 && errno == ECONNRESET) {
    close(sock);
    return fallback(&in);
  }
  if (got < sizeof head || head.magic != CNI_WIRE_REPLY_MAGIC || head.stdoutLen > CNI_WIRE_MAX_PART ||
      head.stderrLen > CNI_WIRE_MAX_PART) {
    return fail("the server closed the connection without a whole reply", errno);
  }
  size_t total = (size_t)head.stdoutLen + head.stderrLen;
  char* body = malloc(total ? total : 1);
  if (!body) return fail("out of memory", ENOMEM);
  if (readExactly(sock, body, total) < total) return fail("the server's reply was cut short", errno);
  close(sock);
  out(2, body + head.stdoutLen, head.stderrLen);
  out(1, body, head.stdoutLen);
  return head.code;
}
