/* Shared by the C references: an rtnetlink socket opened inside the namespace at NETNS_PATH (the
 * process enters it first, as a C program would). Exits with a message on failure. */
#ifndef RTNL_IN_NETNS_H
#define RTNL_IN_NETNS_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int rtnl_in_netns(const char *netns_path) {
  int nsfd = open(netns_path, O_RDONLY | O_CLOEXEC);
  if (nsfd < 0 || setns(nsfd, CLONE_NEWNET) != 0) { perror("setns"); exit(1); }
  close(nsfd);
  int sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  struct sockaddr_nl local = { .nl_family = AF_NETLINK };
  if (sock < 0 || bind(sock, (struct sockaddr *)&local, sizeof local) != 0) { perror("socket"); exit(1); }
  return sock;
}

#endif
