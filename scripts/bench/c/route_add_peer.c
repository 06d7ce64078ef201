/* Reference for `npm run bench -- peers`: route adds from plain C with one ack per datagram. Many
 * RTM_NEWROUTE requests go out in each sendmsg, only the last of each datagram asking for an ack
 * (the kernel reports an error for any message regardless); the replies are read before the next
 * datagram. Adds COUNT routes "198.18.x.y/32 via 10.0.0.2 table 100" on one rtnetlink socket opened
 * inside the namespace. Usage: route_add_peer NETNS_PATH COUNT; prints the ms from the first send
 * to the last ack. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netlink_ack.h"
#include "rtnl_in_netns.h"

#define DATAGRAM (64 * 1024)
#define TABLE 100

struct route_request {
  struct nlmsghdr nh;
  struct rtmsg rt;
  struct rtattr dst_attr;
  struct in_addr dst;
  struct rtattr gw_attr;
  struct in_addr gw;
  struct rtattr table_attr;
  unsigned table;
};

static void put_request(struct route_request *req, unsigned seq, int i, int ack, struct in_addr gw) {
  memset(req, 0, sizeof *req);
  req->nh.nlmsg_len = sizeof *req;
  req->nh.nlmsg_type = RTM_NEWROUTE;
  req->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | (ack ? NLM_F_ACK : 0);
  req->nh.nlmsg_seq = seq;
  req->rt.rtm_family = AF_INET;
  req->rt.rtm_dst_len = 32;
  req->rt.rtm_table = RT_TABLE_UNSPEC; /* RTA_TABLE carries it */
  req->rt.rtm_protocol = RTPROT_BOOT;
  req->rt.rtm_scope = RT_SCOPE_UNIVERSE;
  req->rt.rtm_type = RTN_UNICAST;
  req->dst_attr.rta_type = RTA_DST;
  req->dst_attr.rta_len = RTA_LENGTH(sizeof req->dst);
  req->dst.s_addr = htonl((198u << 24) | ((18u + (unsigned)(i >> 16)) << 16) | (unsigned)(i & 0xffff));
  req->gw_attr.rta_type = RTA_GATEWAY;
  req->gw_attr.rta_len = RTA_LENGTH(sizeof req->gw);
  req->gw = gw;
  req->table_attr.rta_type = RTA_TABLE;
  req->table_attr.rta_len = RTA_LENGTH(sizeof req->table);
  req->table = TABLE;
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s NETNS_PATH COUNT\n", argv[0]); return 2; }
  int sock = rtnl_in_netns(argv[1]);
  int count = atoi(argv[2]);
  if (count < 1 || count > 131072) { fprintf(stderr, "COUNT must be 1..131072 (198.18.0.0/15)\n"); return 2; }
  struct in_addr gw;
  inet_pton(AF_INET, "10.0.0.2", &gw);
  enum { PER_DATAGRAM = DATAGRAM / sizeof(struct route_request) };
  static struct route_request batch[PER_DATAGRAM];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < count;) {
    int n = count - i < PER_DATAGRAM ? count - i : PER_DATAGRAM;
    for (int k = 0; k < n; k++) put_request(&batch[k], (unsigned)(i + k + 1), i + k, k == n - 1, gw);
    if (send(sock, batch, n * sizeof batch[0], 0) < 0) { perror("send"); return 1; }
    wait_ack(sock, (unsigned)(i + n));
    i += n;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%.3f\n", (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
  close(sock);
  return 0;
}
