// linux/rtnetlink.h: rtnetlink message types, multicast groups, struct rtmsg with its RTA_* /
// RTAX_* attributes and flags, and the rtm_table/rtm_scope/rtm_type/rtm_protocol values.

// rtnetlink message types
export const RTM = {
  NEWLINK: 16, DELLINK: 17, GETLINK: 18, SETLINK: 19,
  NEWADDR: 20, DELADDR: 21, GETADDR: 22,
  NEWROUTE: 24, DELROUTE: 25, GETROUTE: 26,
  NEWNEIGH: 28, DELNEIGH: 29, GETNEIGH: 30,
  NEWRULE: 32, DELRULE: 33, GETRULE: 34,
  NEWQDISC: 36, DELQDISC: 37, GETQDISC: 38,
  NEWTCLASS: 40, DELTCLASS: 41, GETTCLASS: 42, NEWTFILTER: 44, DELTFILTER: 45, GETTFILTER: 46,
  NEWNEIGHTBL: 64, GETNEIGHTBL: 66, SETNEIGHTBL: 67,
  NEWNSID: 88, DELNSID: 89, GETNSID: 90,
  NEWNETCONF: 80, DELNETCONF: 81, GETNETCONF: 82,
  NEWNEXTHOP: 104, DELNEXTHOP: 105, GETNEXTHOP: 106,
  NEWLINKPROP: 108, DELLINKPROP: 109,
} as const;

const messageNames = new Map<number, string>(
  Object.entries(RTM).map(([name, value]) => [value, `RTM_${name}`]),
);

/** The kernel's name of a message type, for error messages and events. */
export function messageName(type: number): string {
  return messageNames.get(type) ?? `message type ${type}`;
}

// Multicast groups (enum rtnetlink_groups), joined with NETLINK_ADD_MEMBERSHIP.
export const RTNLGRP = {
  LINK: 1, NOTIFY: 2, NEIGH: 3, TC: 4,
  IPV4_IFADDR: 5, IPV4_MROUTE: 6, IPV4_ROUTE: 7, IPV4_RULE: 8,
  IPV6_IFADDR: 9, IPV6_MROUTE: 10, IPV6_ROUTE: 11, IPV6_IFINFO: 12,
  IPV6_PREFIX: 18, IPV6_RULE: 19, ND_USEROPT: 20,
  NSID: 28, IPV4_NETCONF: 24, IPV6_NETCONF: 25, NEXTHOP: 32,
} as const;

export const RTMSG_LEN = 12;

export const RTA = {
  DST: 1, SRC: 2, IIF: 3, OIF: 4, GATEWAY: 5, PRIORITY: 6, PREFSRC: 7, METRICS: 8, MULTIPATH: 9,
  FLOW: 11, CACHEINFO: 12, TABLE: 15, MARK: 16, MFC_STATS: 17, VIA: 18, NEWDST: 19, PREF: 20,
  ENCAP_TYPE: 21, ENCAP: 22, EXPIRES: 23, PAD: 24, UID: 25, TTL_PROPAGATE: 26, IP_PROTO: 27,
  SPORT: 28, DPORT: 29, NH_ID: 30, FLOWLABEL: 31,
} as const;

export const RTM_F = {
  NOTIFY: 0x100, CLONED: 0x200, EQUALIZE: 0x400, PREFIX: 0x800, LOOKUP_TABLE: 0x1000,
  FIB_MATCH: 0x2000, OFFLOAD: 0x4000, TRAP: 0x8000, OFFLOAD_FAILED: 0x20000000,
} as const;

export const RTNH_F = { DEAD: 1, PERVASIVE: 2, ONLINK: 4, OFFLOAD: 8, LINKDOWN: 16, UNRESOLVED: 32, TRAP: 64 } as const;

/** RTAX_* route metrics (inside RTA_METRICS), by the names ip uses. cc_algo is a string. */
// Null-prototype tables: a name looked up here never finds Object.prototype's members.
export const RTAX: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, {
  lock: 1, mtu: 2, window: 3, rtt: 4, rttvar: 5, ssthresh: 6, cwnd: 7, advmss: 8, reordering: 9,
  hoplimit: 10, initcwnd: 11, features: 12, rto_min: 13, initrwnd: 14, quickack: 15, cc_algo: 16,
  fastopen_no_cookie: 17,
});

export const RT_TABLE = { UNSPEC: 0, DEFAULT: 253, MAIN: 254, LOCAL: 255 } as const;

export const RT_SCOPE = { UNIVERSE: 0, SITE: 200, LINK: 253, HOST: 254, NOWHERE: 255 } as const;

export const RTN = {
  UNSPEC: 0, UNICAST: 1, LOCAL: 2, BROADCAST: 3, ANYCAST: 4, MULTICAST: 5, BLACKHOLE: 6,
  UNREACHABLE: 7, PROHIBIT: 8, THROW: 9, NAT: 10, XRESOLVE: 11,
} as const;

export const RTPROT = { UNSPEC: 0, REDIRECT: 1, KERNEL: 2, BOOT: 3, STATIC: 4 } as const;

/** IPv6 router preference carried in RTA_PREF (ICMPV6_ROUTER_PREF_*, linux/icmpv6.h). */
export const ROUTER_PREF: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, { medium: 0, high: 1, low: 3 });

/** struct tcmsg: family, padding, ifindex, handle, parent, info (qdiscs, classes, filters). */
export const TCMSG_LEN = 20;

/** TCA_* attributes of a tcmsg. */
export const TCA = {
  UNSPEC: 0, KIND: 1, OPTIONS: 2, STATS: 3, XSTATS: 4, RATE: 5, FCNT: 6, STATS2: 7, STAB: 8, PAD: 9,
  DUMP_INVISIBLE: 10, CHAIN: 11, HW_OFFLOAD: 12, INGRESS_BLOCK: 13, EGRESS_BLOCK: 14, DUMP_FLAGS: 15,
  EXT_WARN_MSG: 16,
} as const;
