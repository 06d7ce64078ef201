/* Reference for `npm run bench -- firewall`: the "encode nf_tables netlink yourself" option's cost
 * floor, in plain C with no library. One transaction (NFNL_MSG_BATCH_BEGIN, NFT_MSG_NEWTABLE,
 * NFT_MSG_NEWCHAIN, N x NFT_MSG_NEWRULE, NFNL_MSG_BATCH_END) in one sendmsg on a NETLINK_NETFILTER
 * socket opened inside the namespace, carrying the bytecode nft 1.0.6 makes for
 * `ip saddr A tcp dport P accept` in an inet table (meta nfproto + cmp, payload + cmp, meta l4proto
 * + cmp, payload + cmp, immediate accept), with the same message flags. The last message asks for
 * an ack; the kernel reports an error for any message (and for a failed commit) regardless.
 *
 * Usage: nft_netlink NETNS_PATH ruleset COUNT REPS   table inet bench, chain input, COUNT rules;
 *                                                    the table is deleted between reps, untimed
 *        nft_netlink NETNS_PATH one FIRST REPS       adds rule FIRST + rep to the existing chain
 * Rule i matches saddr 10.0.0.0 + 1 + i, dport 1024 + i % 64000. Prints the ms of each rep (socket
 * open, encoding, send, acks, close) on one line. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
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

#include "netlink_ack.h"

#define TABLE "bench"
#define CHAIN "input"
#define RULE_BYTES 512 /* one rule's message is 448 bytes */

struct buf {
  char *data;
  size_t len, cap;
};

static void *put(struct buf *b, size_t n) {
  size_t padded = NLMSG_ALIGN(n);
  if (b->len + padded > b->cap) {
    b->cap = (b->len + padded) * 2;
    b->data = realloc(b->data, b->cap);
    if (!b->data) { perror("realloc"); exit(1); }
  }
  void *p = b->data + b->len;
  memset(p, 0, padded);
  b->len += padded;
  return p;
}

static struct nlmsghdr *msg_begin(struct buf *b, uint16_t type, uint16_t flags, uint32_t seq, uint8_t family,
                                  uint16_t res_id) {
  struct nlmsghdr *nh = put(b, sizeof *nh);
  nh->nlmsg_type = type;
  nh->nlmsg_flags = NLM_F_REQUEST | flags;
  nh->nlmsg_seq = seq;
  struct nfgenmsg *g = put(b, sizeof *g);
  g->nfgen_family = family;
  g->version = NFNETLINK_V0;
  g->res_id = htons(res_id);
  return nh;
}

/* Offsets, not pointers: the buffer may move while a message or a nest grows. */
static size_t attr(struct buf *b, uint16_t type, const void *data, size_t len) {
  size_t at = b->len;
  struct nlattr *a = put(b, NLA_HDRLEN + len);
  a->nla_type = type;
  a->nla_len = NLA_HDRLEN + len;
  if (len) memcpy((char *)a + NLA_HDRLEN, data, len);
  return at;
}
static void attr_u32(struct buf *b, uint16_t type, uint32_t v) {
  v = htonl(v);
  attr(b, type, &v, 4);
}
static void attr_str(struct buf *b, uint16_t type, const char *s) { attr(b, type, s, strlen(s) + 1); }
static size_t nest(struct buf *b, uint16_t type) { return attr(b, type | NLA_F_NESTED, NULL, 0); }
static void nest_end(struct buf *b, size_t at) { ((struct nlattr *)(b->data + at))->nla_len = b->len - at; }
static void msg_end(struct buf *b, size_t at) { ((struct nlmsghdr *)(b->data + at))->nlmsg_len = b->len - at; }

static size_t expr_begin(struct buf *b, const char *name) {
  size_t elem = nest(b, NFTA_LIST_ELEM);
  attr_str(b, NFTA_EXPR_NAME, name);
  return elem;
}

static void meta(struct buf *b, uint32_t key) {
  size_t elem = expr_begin(b, "meta"), data = nest(b, NFTA_EXPR_DATA);
  attr_u32(b, NFTA_META_KEY, key);
  attr_u32(b, NFTA_META_DREG, NFT_REG_1);
  nest_end(b, data);
  nest_end(b, elem);
}

static void payload(struct buf *b, uint32_t base, uint32_t offset, uint32_t len) {
  size_t elem = expr_begin(b, "payload"), data = nest(b, NFTA_EXPR_DATA);
  attr_u32(b, NFTA_PAYLOAD_DREG, NFT_REG_1);
  attr_u32(b, NFTA_PAYLOAD_BASE, base);
  attr_u32(b, NFTA_PAYLOAD_OFFSET, offset);
  attr_u32(b, NFTA_PAYLOAD_LEN, len);
  nest_end(b, data);
  nest_end(b, elem);
}

static void cmp_eq(struct buf *b, const void *value, size_t len) {
  size_t elem = expr_begin(b, "cmp"), data = nest(b, NFTA_EXPR_DATA);
  attr_u32(b, NFTA_CMP_SREG, NFT_REG_1);
  attr_u32(b, NFTA_CMP_OP, NFT_CMP_EQ);
  size_t d = nest(b, NFTA_CMP_DATA);
  attr(b, NFTA_DATA_VALUE, value, len);
  nest_end(b, d);
  nest_end(b, data);
  nest_end(b, elem);
}

static void accept_verdict(struct buf *b) {
  size_t elem = expr_begin(b, "immediate"), data = nest(b, NFTA_EXPR_DATA);
  attr_u32(b, NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
  size_t d = nest(b, NFTA_IMMEDIATE_DATA), v = nest(b, NFTA_DATA_VERDICT);
  attr_u32(b, NFTA_VERDICT_CODE, NF_ACCEPT);
  nest_end(b, v);
  nest_end(b, d);
  nest_end(b, data);
  nest_end(b, elem);
}

#define NFT_TYPE(m) ((NFNL_SUBSYS_NFTABLES << 8) | (m))

static void rule(struct buf *b, uint32_t seq, int i, int ack) {
  size_t m = b->len;
  msg_begin(b, NFT_TYPE(NFT_MSG_NEWRULE), NLM_F_CREATE | NLM_F_APPEND | (ack ? NLM_F_ACK : 0), seq, NFPROTO_INET, 0);
  attr_str(b, NFTA_RULE_TABLE, TABLE);
  attr_str(b, NFTA_RULE_CHAIN, CHAIN);
  size_t exprs = nest(b, NFTA_RULE_EXPRESSIONS);
  uint8_t ipv4 = NFPROTO_IPV4, tcp = IPPROTO_TCP;
  uint32_t saddr = htonl((10u << 24) + 1u + (uint32_t)i);
  uint16_t dport = htons((uint16_t)(1024 + i % 64000));
  meta(b, NFT_META_NFPROTO);
  cmp_eq(b, &ipv4, 1);
  payload(b, NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
  cmp_eq(b, &saddr, 4);
  meta(b, NFT_META_L4PROTO);
  cmp_eq(b, &tcp, 1);
  payload(b, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
  cmp_eq(b, &dport, 2);
  accept_verdict(b);
  nest_end(b, exprs);
  msg_end(b, m);
}

static void table(struct buf *b, uint32_t seq, int type, int ack) {
  size_t m = b->len;
  msg_begin(b, NFT_TYPE(type), ack ? NLM_F_ACK : 0, seq, NFPROTO_INET, 0);
  attr_str(b, NFTA_TABLE_NAME, TABLE);
  if (type == NFT_MSG_NEWTABLE) attr_u32(b, NFTA_TABLE_FLAGS, 0);
  msg_end(b, m);
}

static void chain(struct buf *b, uint32_t seq) {
  size_t m = b->len;
  msg_begin(b, NFT_TYPE(NFT_MSG_NEWCHAIN), NLM_F_CREATE, seq, NFPROTO_INET, 0);
  attr_str(b, NFTA_CHAIN_TABLE, TABLE);
  attr_str(b, NFTA_CHAIN_NAME, CHAIN);
  attr_str(b, NFTA_CHAIN_TYPE, "filter");
  size_t hook = nest(b, NFTA_CHAIN_HOOK);
  attr_u32(b, NFTA_HOOK_HOOKNUM, NF_INET_LOCAL_IN);
  attr_u32(b, NFTA_HOOK_PRIORITY, 0);
  nest_end(b, hook);
  msg_end(b, m);
}

static void batch_marker(struct buf *b, uint16_t type, uint32_t seq) {
  size_t m = b->len;
  msg_begin(b, type, 0, seq, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
  msg_end(b, m);
}

static int nfnl_socket(size_t sndbuf) {
  int sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
  struct sockaddr_nl local = {.nl_family = AF_NETLINK};
  if (sock < 0 || bind(sock, (struct sockaddr *)&local, sizeof local) != 0) { perror("socket"); exit(1); }
  /* The whole batch must go in one datagram: a send larger than the buffer is EMSGSIZE. */
  int size = (int)sndbuf + 4096;
  if (setsockopt(sock, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) != 0 &&
      setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &size, sizeof size) != 0) {
    perror("SO_SNDBUF");
    exit(1);
  }
  return sock;
}

/* Sends the batch and reads replies until the ack of seq `last`; any error reply ends the program. */
static void transact(struct buf *b, uint32_t last) {
  int sock = nfnl_socket(b->len);
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  if (sendto(sock, b->data, b->len, 0, (struct sockaddr *)&kernel, sizeof kernel) != (ssize_t)b->len) {
    perror("sendto");
    exit(1);
  }
  wait_ack(sock, last);
  close(sock);
}

static double ms_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

int main(int argc, char **argv) {
  if (argc != 5 || (strcmp(argv[2], "ruleset") != 0 && strcmp(argv[2], "one") != 0)) {
    fprintf(stderr, "usage: %s NETNS_PATH ruleset|one COUNT|FIRST REPS\n", argv[0]);
    return 2;
  }
  int whole = strcmp(argv[2], "ruleset") == 0, n = atoi(argv[3]), reps = atoi(argv[4]);
  int nsfd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (nsfd < 0 || setns(nsfd, CLONE_NEWNET) != 0) { perror("setns"); return 1; }
  close(nsfd);
  struct buf b = {0};
  for (int rep = 0; rep < reps; rep++) {
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    b.len = 0;
    uint32_t seq = 0;
    batch_marker(&b, NFNL_MSG_BATCH_BEGIN, seq++);
    if (whole) {
      table(&b, seq++, NFT_MSG_NEWTABLE, 0);
      chain(&b, seq++);
      for (int i = 0; i < n; i++, seq++) rule(&b, seq, i, i == n - 1);
    } else {
      rule(&b, seq++, n + rep, 1);
    }
    uint32_t last = seq - 1;
    batch_marker(&b, NFNL_MSG_BATCH_END, seq);
    transact(&b, last);
    printf("%s%.3f", rep ? " " : "", ms_since(&t0));
    if (whole && rep < reps - 1) { /* untimed: back to an empty namespace for the next rep */
      b.len = 0;
      batch_marker(&b, NFNL_MSG_BATCH_BEGIN, 0);
      table(&b, 1, NFT_MSG_DELTABLE, 1);
      batch_marker(&b, NFNL_MSG_BATCH_END, 2);
      transact(&b, 1);
    }
  }
  printf("\n");
  free(b.data);
  return 0;
}
