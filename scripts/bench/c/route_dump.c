/* Reference for the route dump benchmarks: what a plain C program pays to dump the IPv4 routes of
 * one table into an array of structs, on one rtnetlink socket opened inside the namespace, with
 * the kernel filtering the dump (NETLINK_GET_STRICT_CHK, rtm_table or RTA_TABLE, as the library's
 * routes.list does). Usage: route_dump NETNS_PATH TABLE; prints "ELAPSED_MS COUNT", the time from
 * opening the socket to the last route decoded (setns and process start excluded). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

struct route {
  uint32_t dst, gateway, oif, table, priority;
  uint8_t dst_len, protocol, scope, type;
};

struct dump_request {
  struct nlmsghdr nh;
  struct rtmsg rtm;
  struct rtattr table_attr;
  uint32_t table;
};

static struct route *routes;
static size_t count, capacity;

static void decode(const struct nlmsghdr *nh) {
  const struct rtmsg *rtm = NLMSG_DATA(nh);
  if (rtm->rtm_family != AF_INET) return;
  if (count == capacity) {
    capacity = capacity ? capacity * 2 : 4096;
    routes = realloc(routes, capacity * sizeof *routes);
    if (!routes) { perror("realloc"); exit(1); }
  }
  struct route *r = &routes[count++];
  memset(r, 0, sizeof *r);
  r->dst_len = rtm->rtm_dst_len;
  r->protocol = rtm->rtm_protocol;
  r->scope = rtm->rtm_scope;
  r->type = rtm->rtm_type;
  r->table = rtm->rtm_table;
  int len = RTM_PAYLOAD(nh);
  for (const struct rtattr *a = RTM_RTA(rtm); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
    const uint32_t *v = RTA_DATA(a);
    switch (a->rta_type) {
      case RTA_DST: r->dst = *v; break;
      case RTA_GATEWAY: r->gateway = *v; break;
      case RTA_OIF: r->oif = *v; break;
      case RTA_TABLE: r->table = *v; break;
      case RTA_PRIORITY: r->priority = *v; break;
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s NETNS_PATH TABLE\n", argv[0]); return 2; }
  uint32_t table = (uint32_t)strtoul(argv[2], NULL, 10);
  int nsfd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (nsfd < 0 || setns(nsfd, CLONE_NEWNET) != 0) { perror("setns"); return 1; }
  close(nsfd);
  static char buf[1 << 20];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  struct sockaddr_nl local = { .nl_family = AF_NETLINK };
  int one = 1;
  if (sock < 0 || bind(sock, (struct sockaddr *)&local, sizeof local) != 0 ||
      setsockopt(sock, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one) != 0) {
    perror("socket");
    return 1;
  }
  struct dump_request req;
  memset(&req, 0, sizeof req);
  req.nh.nlmsg_len = NLMSG_LENGTH(sizeof req.rtm);
  req.nh.nlmsg_type = RTM_GETROUTE;
  req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.nh.nlmsg_seq = 1;
  req.rtm.rtm_family = AF_INET;
  if (table > 255) {  /* rtm_table holds 8 bits: larger ids go in RTA_TABLE */
    req.table_attr.rta_type = RTA_TABLE;
    req.table_attr.rta_len = RTA_LENGTH(sizeof req.table);
    req.table = table;
    req.nh.nlmsg_len = sizeof req;
  } else {
    req.rtm.rtm_table = (unsigned char)table;
  }
  if (send(sock, &req, req.nh.nlmsg_len, 0) < 0) { perror("send"); return 1; }
  for (int done = 0; !done;) {
    ssize_t n = recv(sock, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      perror("recv");
      return 1;
    }
    int left = (int)n;
    for (const struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, left); nh = NLMSG_NEXT(nh, left)) {
      if (nh->nlmsg_flags & NLM_F_DUMP_INTR) { fprintf(stderr, "dump interrupted\n"); return 1; }
      if (nh->nlmsg_type == NLMSG_DONE) { done = 1; break; }
      if (nh->nlmsg_type == NLMSG_ERROR) {
        int err = ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
        if (err == -ENOENT) { done = 1; break; }  /* no such table yet: no routes */
        fprintf(stderr, "kernel refused: %s\n", strerror(-err));
        return 1;
      }
      if (nh->nlmsg_type == RTM_NEWROUTE) decode(nh);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  close(sock);
  printf("%.3f %zu\n", (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6, count);
  free(routes);
  return 0;
}
