/* Reference for `npm run bench -- links`: what a plain C program pays for one `ip link set DEV mtu N`
 * round trip (RTM_NEWLINK with IFLA_MTU, NLM_F_ACK, wait for the ack) on one rtnetlink socket opened
 * inside the namespace. Usage: link_set_mtu NETNS_PATH IFNAME COUNT [WARMUP]; prints the ms of the
 * COUNT round trips that follow WARMUP untimed ones (the mtu alternates 1500/1400 across both). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "rtnl_in_netns.h"

struct request {
  struct nlmsghdr nh;
  struct ifinfomsg ifi;
  char attrs[64];
};

static void add_attr(struct request *req, unsigned short type, const void *data, unsigned short len) {
  struct rtattr *rta = (struct rtattr *)((char *)req + NLMSG_ALIGN(req->nh.nlmsg_len));
  rta->rta_type = type;
  rta->rta_len = RTA_LENGTH(len);
  memcpy(RTA_DATA(rta), data, len);
  req->nh.nlmsg_len = NLMSG_ALIGN(req->nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

int main(int argc, char **argv) {
  if (argc != 4 && argc != 5) { fprintf(stderr, "usage: %s NETNS_PATH IFNAME COUNT [WARMUP]\n", argv[0]); return 2; }
  int sock = rtnl_in_netns(argv[1]);
  int count = atoi(argv[3]);
  int warmup = argc == 5 ? atoi(argv[4]) : 0;
  char reply[8192];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < warmup + count; i++) {
    if (i == warmup) clock_gettime(CLOCK_MONOTONIC, &t0);
    struct request req;
    memset(&req, 0, sizeof req);
    req.nh.nlmsg_len = NLMSG_LENGTH(sizeof req.ifi);
    req.nh.nlmsg_type = RTM_NEWLINK;
    req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    req.nh.nlmsg_seq = (unsigned)i + 1;
    req.ifi.ifi_family = AF_UNSPEC;
    unsigned mtu = (i & 1) ? 1400 : 1500;
    add_attr(&req, IFLA_IFNAME, argv[2], (unsigned short)(strlen(argv[2]) + 1));
    add_attr(&req, IFLA_MTU, &mtu, sizeof mtu);
    if (send(sock, &req, req.nh.nlmsg_len, 0) < 0) { perror("send"); return 1; }
    ssize_t n = recv(sock, reply, sizeof reply, 0);
    struct nlmsghdr *ack = (struct nlmsghdr *)reply;
    if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) || ack->nlmsg_type != NLMSG_ERROR) {
      fprintf(stderr, "unexpected reply\n");
      return 1;
    }
    int err = ((struct nlmsgerr *)NLMSG_DATA(ack))->error;
    if (err != 0) { fprintf(stderr, "kernel refused: %s\n", strerror(-err)); return 1; }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%.3f\n", (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
  close(sock);
  return 0;
}
