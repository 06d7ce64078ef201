/* Shared by the C references: reading a netlink socket's replies up to the ack of one request. */
#ifndef NETLINK_ACK_H
#define NETLINK_ACK_H
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Reads replies until the ack of `last`; any error reply ends the program. */
static void wait_ack(int sock, unsigned last) {
  static char buf[64 * 1024];
  for (;;) {
    ssize_t n = recv(sock, buf, sizeof buf, 0);
    if (n < 0) { perror("recv"); exit(1); }
    for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type != NLMSG_ERROR) continue;
      int err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
      if (err != 0) { fprintf(stderr, "kernel refused seq %u: %s\n", h->nlmsg_seq, strerror(-err)); exit(1); }
      if (h->nlmsg_seq == last) return;
    }
  }
}

#endif
