/* Reference for `npm run bench -- firewall`: libnftables called from C (dlopen, no headers, as the
 * addon loads it), with the time of each call split into its phases. The netlink system calls the
 * library makes (libmnl's sendto/recvmsg, nft's own sendmsg) are interposed here (the binary is
 * linked with -rdynamic, so the shared libraries' calls bind to these definitions) and timestamped:
 *   parse   call -> first netlink message (nft parses the whole input before it asks the kernel)
 *   cache   first message -> last reply before the transaction (the cache fetch: generation id,
 *           tables, chains, sets, ... dumps, and building objects from them); cacheSys is the part
 *           spent inside those system calls
 *   eval    -> the transaction's sendmsg (evaluation, and linearising rules into netlink messages)
 *   kernel  the transaction's sendmsg (the kernel runs the whole batch inside it) and the replies
 *   tail    -> return;  ctx: nft_ctx_new, free: nft_ctx_free, load: dlopen (first rep only)
 * Usage: nft_lib_phases NETNS_PATH text|json reset|keep FILE...   one rep per FILE, each in a new
 * context; `reset` deletes table inet bench after each rep but the last (untimed). Prints one JSON
 * line per rep. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NFT_CTX_OUTPUT_JSON (1 << 4) /* libnftables.h: nft_ctx_output_set_flags, which also selects JSON input */
#define MAX_EVENTS 4096

struct event {
  double start, end;
  int send, batch; /* batch: a send whose first message is NFNL_MSG_BATCH_BEGIN */
};
static struct event events[MAX_EVENTS];
static int n_events;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void record(double start, int send, const void *first) {
  if (n_events == MAX_EVENTS) return;
  const struct nlmsghdr *nh = first;
  events[n_events++] = (struct event){start, now_ms(), send, send && nh && nh->nlmsg_type == NFNL_MSG_BATCH_BEGIN};
}

#define REAL(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen) {
  double t = now_ms();
  ssize_t r = REAL(sendto)(fd, buf, len, flags, to, tolen);
  record(t, 1, len >= sizeof(struct nlmsghdr) ? buf : NULL);
  return r;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) {
  double t = now_ms();
  ssize_t r = REAL(sendmsg)(fd, msg, flags);
  const struct iovec *iov = msg->msg_iovlen ? &msg->msg_iov[0] : NULL;
  record(t, 1, iov && iov->iov_len >= sizeof(struct nlmsghdr) ? iov->iov_base : NULL);
  return r;
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags) {
  double t = now_ms();
  ssize_t r = REAL(recvmsg)(fd, msg, flags);
  record(t, 0, NULL);
  return r;
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen) {
  double t = now_ms();
  ssize_t r = REAL(recvfrom)(fd, buf, len, flags, from, fromlen);
  record(t, 0, NULL);
  return r;
}

struct nft_ctx;
static struct nft_ctx *(*ctx_new)(uint32_t);
static void (*ctx_free)(struct nft_ctx *);
static int (*run_cmd)(struct nft_ctx *, const char *);
static void (*set_output_flags)(struct nft_ctx *, unsigned);
static int (*buffer_error)(struct nft_ctx *);
static const char *(*error_buffer)(struct nft_ctx *);

static char *slurp(const char *path) {
  FILE *f = fopen(path, "re");
  if (!f) { perror(path); exit(1); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  char *s = malloc(n + 1);
  if (!s || fread(s, 1, n, f) != (size_t)n) { perror(path); exit(1); }
  s[n] = 0;
  fclose(f);
  return s;
}

static void run_or_die(struct nft_ctx *ctx, const char *text) {
  buffer_error(ctx);
  if (run_cmd(ctx, text) != 0) {
    fprintf(stderr, "nft_run_cmd_from_buffer failed: %s\n", error_buffer(ctx));
    exit(1);
  }
}

int main(int argc, char **argv) {
  if (argc < 5 || (strcmp(argv[2], "text") != 0 && strcmp(argv[2], "json") != 0)) {
    fprintf(stderr, "usage: %s NETNS_PATH text|json reset|keep FILE...\n", argv[0]);
    return 2;
  }
  int json = strcmp(argv[2], "json") == 0, reset = strcmp(argv[3], "reset") == 0;
  int nsfd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (nsfd < 0 || setns(nsfd, CLONE_NEWNET) != 0) { perror("setns"); return 1; }
  close(nsfd);
  double t0 = now_ms();
  void *lib = dlopen("libnftables.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib) { fprintf(stderr, "%s\n", dlerror()); return 1; }
  ctx_new = dlsym(lib, "nft_ctx_new");
  ctx_free = dlsym(lib, "nft_ctx_free");
  run_cmd = dlsym(lib, "nft_run_cmd_from_buffer");
  set_output_flags = dlsym(lib, "nft_ctx_output_set_flags");
  buffer_error = dlsym(lib, "nft_ctx_buffer_error");
  error_buffer = dlsym(lib, "nft_ctx_get_error_buffer");
  double load = now_ms() - t0;
  for (int rep = 0; rep + 4 < argc; rep++) {
    char *input = slurp(argv[rep + 4]);
    double a = now_ms();
    struct nft_ctx *ctx = ctx_new(0);
    if (json) set_output_flags(ctx, NFT_CTX_OUTPUT_JSON);
    double b = now_ms();
    n_events = 0;
    run_or_die(ctx, input);
    double c = now_ms();
    int batch = -1;
    for (int i = 0; i < n_events && batch < 0; i++) if (events[i].batch) batch = i;
    if (batch < 1) { fprintf(stderr, "no cache fetch before the transaction (%d events)\n", n_events); return 1; }
    double cache_sys = 0;
    for (int i = 0; i < batch; i++) cache_sys += events[i].end - events[i].start;
    double first = events[0].start, cache_end = events[batch - 1].end, sent = events[batch].start;
    double replies = events[n_events - 1].end;
    ctx_free(ctx);
    double d = now_ms();
    printf(
        "{\"load\":%.3f,\"ctx\":%.3f,\"parse\":%.3f,\"cache\":%.3f,\"cacheSys\":%.3f,\"eval\":%.3f,\"kernel\":%.3f,"
        "\"tail\":%.3f,\"free\":%.3f,\"run\":%.3f,\"total\":%.3f}\n",
        rep ? 0 : load, b - a, first - b, cache_end - first, cache_sys, sent - cache_end, replies - sent, c - replies,
        d - c, c - b, d - a + (rep ? 0 : load));
    free(input);
    if (reset && rep + 5 < argc) {
      struct nft_ctx *r = ctx_new(0);
      run_or_die(r, "delete table inet bench");
      ctx_free(r);
    }
  }
  return 0;
}
