// Netlink and rtnetlink numbers, from the kernel's uapi headers (linux/netlink.h, rtnetlink.h).

export const NETLINK_ROUTE = 0;

// nlmsghdr
export const NLMSG_HDRLEN = 16;
export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLMSG_OVERRUN = 4;

export const NLM_F_REQUEST = 0x01;
export const NLM_F_MULTI = 0x02;
export const NLM_F_ACK = 0x04;
export const NLM_F_ECHO = 0x08;
export const NLM_F_DUMP_INTR = 0x10;
export const NLM_F_DUMP_FILTERED = 0x20;
export const NLM_F_ROOT = 0x100;
export const NLM_F_MATCH = 0x200;
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
export const NLM_F_REPLACE = 0x100;
export const NLM_F_EXCL = 0x200;
export const NLM_F_CREATE = 0x400;
export const NLM_F_APPEND = 0x800;
export const NLM_F_NONREC = 0x100;
export const NLM_F_CAPPED = 0x100;
export const NLM_F_ACK_TLVS = 0x200;

// enum nlmsgerr_attrs
export const NLMSGERR_ATTR_MSG = 1;
export const NLMSGERR_ATTR_OFFS = 2;
export const NLMSGERR_ATTR_COOKIE = 3;
export const NLMSGERR_ATTR_POLICY = 4;
export const NLMSGERR_ATTR_MISS_TYPE = 5;
export const NLMSGERR_ATTR_MISS_NEST = 6;

// nlattr
export const NLA_HDRLEN = 4;
export const NLA_F_NESTED = 0x8000;
export const NLA_F_NET_BYTEORDER = 0x4000;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

// rtnetlink message types
export const RTM = {
  NEWLINK: 16, DELLINK: 17, GETLINK: 18, SETLINK: 19,
  NEWADDR: 20, DELADDR: 21, GETADDR: 22,
  NEWROUTE: 24, DELROUTE: 25, GETROUTE: 26,
  NEWNEIGH: 28, DELNEIGH: 29, GETNEIGH: 30,
  NEWRULE: 32, DELRULE: 33, GETRULE: 34,
  NEWQDISC: 36, DELQDISC: 37, GETQDISC: 38,
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

// Address families
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_BRIDGE = 7;
export const AF_INET6 = 10;
export const AF_PACKET = 17;
export const AF_MPLS = 28;

// net_namespace.h
export const NETNSA_NONE = 0;
export const NETNSA_NSID = 1;
export const NETNSA_PID = 2;
export const NETNSA_FD = 3;
export const NETNSA_TARGET_NSID = 4;
export const NETNSA_CURRENT_NSID = 5;
export const NETNSA_NSID_NOT_ASSIGNED = -1;
