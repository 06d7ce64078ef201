/* Reference for `npm run bench -- scale`: the four phases a careful, sequential C program goes
 * through for COUNT named namespaces PREFIX-0 .. PREFIX-(COUNT-1):
 *   create    iproute2's steps (flock'd shared /run/netns, O_EXCL name, unshare on a thread, bind)
 *   populate  per namespace one rtnetlink socket: RTM_NEWLINK veth vethA/vethB, RTM_NEWADDR
 *             10.0.0.1/24 on vethA, each acked
 *   list      per namespace one socket and an RTM_GETLINK dump, counting the links
 *   delete    umount2(MNT_DETACH) + unlink
 * Usage: netns_scale PREFIX COUNT; prints one JSON line with the phases' ms, the links counted and
 * VmHWM (KiB). Exits non-zero with a message at the first failure. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rtnl_in_netns.h"

static const char *run_dir = "/run/netns";

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void name_path(char *out, size_t size, const char *prefix, int i) {
  snprintf(out, size, "%s/%s-%d", run_dir, prefix, i);
}

/* ---- create / delete, as iproute2 (and netns_create_delete.c) do it ---- */

static void *bind_new_netns(void *path) {
  if (unshare(CLONE_NEWNET) != 0) { perror("unshare"); exit(1); }
  if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) != 0) { perror("mount"); exit(1); }
  return NULL;
}

static void create_named(const char *path) {
  mkdir(run_dir, 0755);
  int lock = open(run_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock < 0 || flock(lock, LOCK_EX) != 0) { perror("lock /run/netns"); exit(1); }
  if (mount("", run_dir, "none", MS_SHARED | MS_REC, NULL) != 0) { perror("mount shared"); exit(1); }
  close(lock);
  int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (fd < 0) { perror("open"); exit(1); }
  close(fd);
  pthread_t t;
  if (pthread_create(&t, NULL, bind_new_netns, (void *)path) != 0) { perror("pthread_create"); exit(1); }
  pthread_join(t, NULL);
}

static void delete_named(const char *path) {
  umount2(path, MNT_DETACH);
  if (unlink(path) != 0) { perror("unlink"); exit(1); }
}

/* ---- rtnetlink requests ---- */

struct request {
  struct nlmsghdr nh;
  char body[512];
};

static void *tail(struct request *req) { return (char *)req + NLMSG_ALIGN(req->nh.nlmsg_len); }

static void put(struct request *req, const void *data, size_t len) {
  memcpy(tail(req), data, len);
  req->nh.nlmsg_len = NLMSG_ALIGN(req->nh.nlmsg_len) + NLMSG_ALIGN(len);
}

static void attr(struct request *req, unsigned short type, const void *data, size_t len) {
  struct rtattr *rta = tail(req);
  rta->rta_type = type;
  rta->rta_len = RTA_LENGTH(len);
  memcpy(RTA_DATA(rta), data, len);
  req->nh.nlmsg_len = NLMSG_ALIGN(req->nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

static struct rtattr *nest_begin(struct request *req, unsigned short type) {
  struct rtattr *rta = tail(req);
  attr(req, type, NULL, 0);
  return rta;
}

static void nest_end(struct request *req, struct rtattr *nest) {
  nest->rta_len = (unsigned short)((char *)req + req->nh.nlmsg_len - (char *)nest);
}

static void start(struct request *req, unsigned short type, unsigned short flags, unsigned seq) {
  memset(req, 0, sizeof *req);
  req->nh.nlmsg_len = NLMSG_LENGTH(0);
  req->nh.nlmsg_type = type;
  req->nh.nlmsg_flags = NLM_F_REQUEST | flags;
  req->nh.nlmsg_seq = seq;
}

/* Sends the request and waits for its ack; exits with the kernel's error otherwise. */
static void transact(int sock, struct request *req, const char *what) {
  if (send(sock, req, req->nh.nlmsg_len, 0) < 0) { perror("send"); exit(1); }
  char reply[8192];
  ssize_t n;
  do n = recv(sock, reply, sizeof reply, 0); while (n < 0 && errno == EINTR);
  struct nlmsghdr *ack = (struct nlmsghdr *)reply;
  if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) || ack->nlmsg_type != NLMSG_ERROR ||
      ack->nlmsg_seq != req->nh.nlmsg_seq) {
    fprintf(stderr, "%s: unexpected reply\n", what);
    exit(1);
  }
  int err = ((struct nlmsgerr *)NLMSG_DATA(ack))->error;
  if (err != 0) { fprintf(stderr, "%s: kernel refused: %s\n", what, strerror(-err)); exit(1); }
}

static void add_veth(int sock) {
  struct request req;
  start(&req, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, 1);
  struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
  put(&req, &ifi, sizeof ifi);
  attr(&req, IFLA_IFNAME, "vethA", sizeof "vethA");
  struct rtattr *info = nest_begin(&req, IFLA_LINKINFO);
  attr(&req, IFLA_INFO_KIND, "veth", sizeof "veth");
  struct rtattr *data = nest_begin(&req, IFLA_INFO_DATA);
  struct rtattr *peer = nest_begin(&req, VETH_INFO_PEER);
  put(&req, &ifi, sizeof ifi);
  attr(&req, IFLA_IFNAME, "vethB", sizeof "vethB");
  nest_end(&req, peer);
  nest_end(&req, data);
  nest_end(&req, info);
  transact(sock, &req, "RTM_NEWLINK veth");
}

/* The process is in the namespace, so if_nametoindex asks it (as ip's ll_name_to_index does). */
static void add_address(int sock) {
  unsigned index = if_nametoindex("vethA");
  if (index == 0) { perror("if_nametoindex vethA"); exit(1); }
  struct request req;
  start(&req, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, 2);
  struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = 24, .ifa_index = index };
  put(&req, &ifa, sizeof ifa);
  struct in_addr addr;
  inet_pton(AF_INET, "10.0.0.1", &addr);
  attr(&req, IFA_LOCAL, &addr, sizeof addr);
  attr(&req, IFA_ADDRESS, &addr, sizeof addr);
  transact(sock, &req, "RTM_NEWADDR");
}

/* An RTM_GETLINK dump; the number of links it lists. */
static int count_links(int sock) {
  struct request req;
  start(&req, RTM_GETLINK, NLM_F_DUMP, 3);
  struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
  put(&req, &ifi, sizeof ifi);
  if (send(sock, &req, req.nh.nlmsg_len, 0) < 0) { perror("send"); exit(1); }
  static char buf[1 << 16];
  int links = 0;
  for (;;) {
    ssize_t n = recv(sock, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      perror("recv");
      exit(1);
    }
    int left = (int)n;
    for (struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, left); nh = NLMSG_NEXT(nh, left)) {
      if (nh->nlmsg_flags & NLM_F_DUMP_INTR) { fprintf(stderr, "dump interrupted\n"); exit(1); }
      if (nh->nlmsg_type == NLMSG_DONE) return links;
      if (nh->nlmsg_type == NLMSG_ERROR) {
        fprintf(stderr, "RTM_GETLINK: kernel refused: %s\n", strerror(-((struct nlmsgerr *)NLMSG_DATA(nh))->error));
        exit(1);
      }
      if (nh->nlmsg_type == RTM_NEWLINK) links++;
    }
  }
}

static long vm_hwm_kib(void) {
  FILE *f = fopen("/proc/self/status", "re");
  char line[256];
  long kib = -1;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "VmHWM: %ld", &kib) == 1) break;
  if (f) fclose(f);
  return kib;
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s PREFIX COUNT\n", argv[0]); return 2; }
  const char *prefix = argv[1];
  int count = atoi(argv[2]);
  int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (home < 0) { perror("open home namespace"); return 1; }
  char path[512];
  double ms[4], t;

  t = now_ms();
  for (int i = 0; i < count; i++) {
    name_path(path, sizeof path, prefix, i);
    create_named(path);
  }
  ms[0] = now_ms() - t;

  t = now_ms();
  for (int i = 0; i < count; i++) {
    name_path(path, sizeof path, prefix, i);
    int sock = rtnl_in_netns(path);
    add_veth(sock);
    add_address(sock);
    close(sock);
  }
  if (setns(home, CLONE_NEWNET) != 0) { perror("setns home"); return 1; }
  ms[1] = now_ms() - t;

  long links = 0;
  t = now_ms();
  for (int i = 0; i < count; i++) {
    name_path(path, sizeof path, prefix, i);
    int sock = rtnl_in_netns(path);
    int n = count_links(sock);
    close(sock);
    if (n != 3) { fprintf(stderr, "%s lists %d links, expected 3\n", path, n); return 1; }
    links += n;
  }
  if (setns(home, CLONE_NEWNET) != 0) { perror("setns home"); return 1; }
  ms[2] = now_ms() - t;

  t = now_ms();
  for (int i = 0; i < count; i++) {
    name_path(path, sizeof path, prefix, i);
    delete_named(path);
  }
  ms[3] = now_ms() - t;

  printf("{\"create\":%.3f,\"populate\":%.3f,\"list\":%.3f,\"delete\":%.3f,\"links\":%ld,\"peakRssKiB\":%ld}\n",
         ms[0], ms[1], ms[2], ms[3], links, vm_hwm_kib());
  return 0;
}
